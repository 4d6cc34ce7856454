import type { Finding, InputFingerprint, Provenance, ReportStatus } from '../report/envelope';
import type { EvaluationBody } from '../report/evaluation';
import type { EvaluationReport } from '../report/kinds';
import { schemaId } from '../report/kinds';
import type { LlmSummary } from './summary';

/** Everything besides the summary that goes into an LLM evaluation report. */
export interface LlmReportParts {
  readonly provenance: Provenance;
  readonly inputs: readonly InputFingerprint[];
  readonly model: EvaluationBody['model'];
  readonly dataset: EvaluationBody['dataset'];
  readonly shard?: EvaluationBody['shard'];
  readonly run?: EvaluationBody['run'];
  /** Findings made before scoring (e.g. ids from the row index, an unpriced model). */
  readonly findings?: readonly Finding[];
}

function percent(x: number | null | undefined): string {
  return x === null || x === undefined ? 'n/a' : `${(100 * x).toFixed(1)}%`;
}

/** The one-line summary of an LLM evaluation. */
export function llmSummaryLine(summary: LlmSummary, status: ReportStatus): string {
  const { llm, examples } = summary;
  const parts = [
    `pass rate ${percent(llm.passRate)} over ${examples.evaluated} case(s)${llm.repeats > 1 ? ` × ${llm.repeats} repeats` : ''}`,
  ];
  if (examples.errored > 0) parts.push(`${examples.errored} errored`);
  if (llm.flaky.length > 0) parts.push(`${llm.flaky.length} flaky`);
  if (examples.notRun > 0) parts.push(`${examples.notRun} not run (spend cap)`);
  if (llm.costUsd !== null) parts.push(`$${llm.costUsd.toFixed(4)} spent`);
  parts.push(`${llm.requests} request(s), ${llm.cacheHits} cache hit(s)`);
  return `LLM evaluation ${status}: ${parts.join(', ')}.`;
}

/** Assembles the `modelgate/evaluation@1` report of an LLM run. Pure. */
export function buildLlmReport(summary: LlmSummary, parts: LlmReportParts): EvaluationReport {
  const findings = [...(parts.findings ?? []), ...summary.findings];
  let status: ReportStatus = summary.status;
  if (status === 'pass' && findings.some((f) => f.severity !== 'notice')) status = 'warn';
  const body: EvaluationBody = {
    task: 'llm',
    model: parts.model,
    dataset: parts.dataset,
    examples: { ...summary.examples, missingPredictions: 0, unknownIds: 0 },
    llm: summary.llm,
  };
  if (parts.shard !== undefined) body.shard = parts.shard;
  if (parts.run !== undefined) body.run = parts.run;
  if (summary.slices !== undefined) body.slices = summary.slices;
  return {
    schema: schemaId('evaluation'),
    status,
    summary: llmSummaryLine(summary, status),
    provenance: parts.provenance,
    inputs: [...parts.inputs],
    metrics: summary.metrics,
    findings,
    body,
  };
}
