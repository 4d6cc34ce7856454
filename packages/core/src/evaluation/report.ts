import type { Finding, InputFingerprint, Provenance, ReportStatus } from '../report/envelope';
import type { EvaluationBody } from '../report/evaluation';
import type { EvaluationReport } from '../report/kinds';
import { schemaId } from '../report/kinds';
import { formatNumber } from '../render/number-format';

const formatCount = (n: number): string => formatNumber(n, 'count');
import type { EvaluationSummary } from './evaluate';

/** Everything besides the summary that goes into an evaluation report. */
export interface EvaluationReportParts {
  readonly provenance: Provenance;
  readonly inputs: readonly InputFingerprint[];
  readonly task: EvaluationBody['task'];
  readonly model: EvaluationBody['model'];
  readonly dataset: EvaluationBody['dataset'];
  readonly shard?: EvaluationBody['shard'];
  readonly mergedFrom?: number;
  readonly perExample?: EvaluationBody['perExample'];
  readonly run?: EvaluationBody['run'];
  readonly missingPredictions: number;
  readonly unknownIds: readonly string[];
  /** The count of unknown ids when the ids themselves are not at hand (a merge); wins. */
  readonly unknownIdCount?: number;
  /** Files the unknown ids came from (the predictions file), for the finding. */
  readonly unknownIdsFile?: string;
  /** The largest error rate that passes (a fraction). */
  readonly maxErrorRate: number;
  /** Findings from reading and running (before scoring). */
  readonly findings?: readonly Finding[];
}

/**
 * Assembles the `modelgate/evaluation@1` report and decides its status: `fail` when the error
 * rate is above `maxErrorRate` (failed calls and rows without a prediction count as errors), else
 * `warn` when a warning was found (e.g. predictions for ids not in the eval set), else `pass`.
 */
export function buildEvaluationReport(
  summary: EvaluationSummary,
  parts: EvaluationReportParts,
): EvaluationReport {
  const findings: Finding[] = [...(parts.findings ?? []), ...summary.findings];
  const ex = summary.body.examples;
  const errorRate = ex.total === 0 ? 0 : (ex.errored + ex.notRun) / ex.total;
  const unknownCount = parts.unknownIdCount ?? parts.unknownIds.length;
  if (unknownCount > 0) {
    const listed = parts.unknownIds.slice(0, 5).map((id) => JSON.stringify(id));
    const shown =
      listed.length > 0 ? ` (${listed.join(', ')}${unknownCount > 5 ? ', …' : ''})` : '';
    findings.push({
      code: 'unknown-ids',
      severity: 'warning',
      message: `${formatCount(unknownCount)} prediction(s) have ids that are not in the eval set${shown}; they are not scored.`,
      ...(parts.unknownIdsFile !== undefined && { file: parts.unknownIdsFile }),
    });
  }
  if (parts.missingPredictions > 0) {
    findings.push({
      code: 'missing-predictions',
      severity: 'error',
      message: `${formatCount(parts.missingPredictions)} eval row(s) have no prediction; they count as errors.`,
      ...(parts.unknownIdsFile !== undefined && { file: parts.unknownIdsFile }),
    });
  }
  const errorCounts = summary.body.errors ?? {};
  const gateFailed = errorRate > parts.maxErrorRate;
  if (gateFailed) {
    const reasons = Object.entries(errorCounts)
      .sort(([, a], [, b]) => b - a)
      .map(([code, n]) => `${code} ${formatCount(n)}`)
      .join(', ');
    findings.push({
      code: 'error-rate',
      severity: 'error',
      subject: 'error_rate',
      message: `Error rate ${formatNumber(errorRate, 'plain')} (${formatCount(ex.errored + ex.notRun)} of ${formatCount(ex.total)}) is above max-error-rate ${formatNumber(parts.maxErrorRate, 'plain')}${reasons ? `: ${reasons}` : ''}.`,
    });
  }
  let status: ReportStatus = 'pass';
  if (gateFailed) status = 'fail';
  else if (findings.some((f) => f.severity === 'warning' || f.severity === 'error'))
    status = 'warn';

  const body: EvaluationBody = {
    task: parts.task,
    model: parts.model,
    dataset: parts.dataset,
    examples: {
      ...ex,
      missingPredictions: parts.missingPredictions,
      unknownIds: unknownCount,
    },
  };
  if (parts.shard) body.shard = parts.shard;
  if (parts.mergedFrom !== undefined) body.mergedFrom = parts.mergedFrom;
  if (parts.perExample) body.perExample = parts.perExample;
  if (parts.run) body.run = parts.run;
  const b = summary.body;
  if (b.labels) body.labels = b.labels;
  if (b.positiveLabel !== undefined) body.positiveLabel = b.positiveLabel;
  if (b.confusionMatrix) body.confusionMatrix = b.confusionMatrix;
  if (b.perClass) body.perClass = b.perClass;
  if (b.slices) body.slices = b.slices;
  if (b.errors) body.errors = b.errors;

  return {
    schema: schemaId('evaluation'),
    status,
    summary: summaryLine(status, summary, parts, errorRate),
    provenance: parts.provenance,
    inputs: [...parts.inputs],
    metrics: summary.metrics,
    findings,
    body,
  };
}

function summaryLine(
  status: ReportStatus,
  summary: EvaluationSummary,
  parts: EvaluationReportParts,
  errorRate: number,
): string {
  const m = summary.metrics;
  const ex = summary.body.examples;
  const quality =
    parts.task === 'regression'
      ? `MAE ${formatNumber(m.mae?.value, 'plain')}, RMSE ${formatNumber(m.rmse?.value, 'plain')}`
      : `accuracy ${formatNumber(m.accuracy?.value, 'plain')}, F1 (macro) ${formatNumber(m.f1_macro?.value, 'plain')}`;
  const latency =
    m.latency_p95_ms?.value !== undefined && m.latency_p95_ms.value !== null
      ? `, p95 ${formatNumber(m.latency_p95_ms.value, 'latency')}`
      : '';
  const shard = parts.shard ? ` (shard ${parts.shard.index}/${parts.shard.count})` : '';
  return `${status}: ${quality}${latency} on ${formatCount(ex.total)} examples${shard}; error rate ${formatNumber(errorRate, 'plain')}.`;
}
