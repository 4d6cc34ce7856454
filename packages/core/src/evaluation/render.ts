import type { EvaluationReport } from '../report/kinds';
import { codeSpan, escapeMarkdown, escapeTableCell } from '../render/escape';
import { STATUS_ICON } from '../render/summary-format';
import { formatNumber } from '../render/number-format';
import { formatMetricValue, metricKind } from '../render/metric-style';

const formatCount = (n: number): string => formatNumber(n, 'count');

/** Metric keys shown in the job summary, in this order, when present. */
const SHOWN = [
  'accuracy',
  'balanced_accuracy',
  'f1_macro',
  'precision_macro',
  'recall_macro',
  'f1_weighted',
  'f1_positive',
  'roc_auc',
  'log_loss',
  'brier',
  'ece',
  'mae',
  'rmse',
  'r2',
  'mape',
  'max_error',
  'latency_p50_ms',
  'latency_p95_ms',
  'latency_p99_ms',
  'latency_mean_ms',
  'throughput_rps',
  'error_rate',
  // LLM mode.
  'pass_rate',
  'mean_score',
  'input_tokens_mean',
  'input_tokens_p95',
  'output_tokens_mean',
  'output_tokens_p95',
  'cost_per_1k_requests_usd',
  'eval_cost_usd',
];

/** The most flaky case ids listed before the summary says "…". */
const MAX_FLAKY = 20;

/** The most confusion-matrix labels and slices shown before the summary says "…". */
const MAX_LABELS = 12;
const MAX_SLICES = 40;

/**
 * The job summary of an evaluation report, as markdown. Labels, slice values, ids and messages
 * come from data or models and are escaped.
 */
export function renderEvaluationSummary(report: EvaluationReport): string {
  const b = report.body;
  const out: string[] = [];
  const model = b.model.name ?? b.model.endpoint ?? b.model.source;
  out.push(`## ${STATUS_ICON[report.status]} evaluate-model: ${escapeMarkdown(model)}`);
  out.push('');
  out.push(escapeMarkdown(report.summary, { maxLength: 500 }));
  out.push('');
  const ex = b.examples;
  out.push(
    `Eval set \`${escapeTableCell(b.dataset.path)}\` (${formatCount(b.dataset.rows)} rows, sha256 \`${b.dataset.sha256.slice(0, 12)}\`)` +
      (b.shard ? `, shard ${b.shard.index}/${b.shard.count}` : '') +
      (b.mergedFrom !== undefined ? `, merged from ${b.mergedFrom} shards` : '') +
      (b.model.version ? `, model version \`${escapeTableCell(b.model.version)}\`` : '') +
      `: ${formatCount(ex.evaluated)} scored, ${formatCount(ex.errored)} errored` +
      (ex.missingPredictions > 0
        ? ` (${formatCount(ex.missingPredictions)} without a prediction)`
        : '') +
      (ex.unknownIds > 0 ? `, ${formatCount(ex.unknownIds)} unknown ids` : '') +
      '.',
  );
  out.push('');
  out.push('| metric | value | n |', '|---|---:|---:|');
  for (const key of SHOWN) {
    const m = report.metrics[key];
    if (!m) continue;
    const ci = m.ci
      ? ` (95% CI ${formatMetricValue(m.ci.lower, metricKind(key, m.unit))}–${formatMetricValue(m.ci.upper, metricKind(key, m.unit))})`
      : '';
    out.push(
      `| ${key} | ${formatMetricValue(m.value, metricKind(key, m.unit))}${ci} | ${m.n === undefined ? '' : formatCount(m.n)} |`,
    );
  }
  if (b.errors && Object.keys(b.errors).length > 0) {
    out.push('', '| error | examples |', '|---|---:|');
    for (const [code, n] of Object.entries(b.errors).sort(([, x], [, y]) => y - x)) {
      out.push(`| ${escapeTableCell(code)} | ${formatCount(n)} |`);
    }
  }
  if (b.llm) out.push(...renderLlmSection(b.llm));
  const cm = b.confusionMatrix;
  if (cm && cm.labels.length > 0 && cm.labels.length <= MAX_LABELS) {
    out.push(
      '',
      '<details><summary>Confusion matrix (rows: true, columns: predicted)</summary>',
      '',
    );
    out.push(`| true \\ predicted | ${cm.labels.map((l) => escapeTableCell(l)).join(' | ')} |`);
    out.push(`|---|${cm.labels.map(() => '---:').join('|')}|`);
    cm.matrix.forEach((row, i) => {
      out.push(
        `| ${escapeTableCell(cm.labels[i] ?? '')} | ${row.map((v) => formatCount(v)).join(' | ')} |`,
      );
    });
    out.push('', '</details>');
  }
  if (b.slices && b.slices.length > 0) {
    const keys = [...new Set(b.slices.flatMap((s) => Object.keys(s.metrics)))];
    out.push('', '<details><summary>Slices</summary>', '');
    out.push(
      `| slice | n | ${keys.join(' | ')} |`,
      `|---|---:|${keys.map(() => '---:').join('|')}|`,
    );
    for (const s of b.slices.slice(0, MAX_SLICES)) {
      const cells = keys.map((k) =>
        s.belowMinimum ? '—' : formatMetricValue(s.metrics[k] ?? null, metricKind(k, 'fraction')),
      );
      out.push(
        `| ${escapeTableCell(s.column)} = ${escapeTableCell(s.value)}${s.belowMinimum ? ' (too small)' : ''} | ${formatCount(s.n)} | ${cells.join(' | ')} |`,
      );
    }
    if (b.slices.length > MAX_SLICES)
      out.push(`| … ${b.slices.length - MAX_SLICES} more in the report | | |`);
    out.push('', '</details>');
  }
  const notable = report.findings.filter((f) => f.severity !== 'notice').slice(0, 10);
  if (notable.length > 0) {
    out.push('');
    for (const f of notable)
      out.push(`- **${f.severity}** ${escapeMarkdown(f.message, { maxLength: 400 })}`);
  }
  out.push('');
  return out.join('\n');
}

type LlmBody = NonNullable<EvaluationReport['body']['llm']>;

/** Assertion pass rates, flaky cases, cache and spend of an LLM run. Case ids are escaped. */
function renderLlmSection(llm: LlmBody): string[] {
  const out: string[] = [''];
  const types = Object.entries(llm.byAssertion).sort(([a], [b]) => a.localeCompare(b));
  if (types.length > 0) {
    out.push('| assertion | passed | pass rate |', '|---|---:|---:|');
    for (const [type, { passed, total }] of types) {
      const rate = total === 0 ? null : passed / total;
      out.push(
        `| ${escapeTableCell(type)} | ${formatCount(passed)} / ${formatCount(total)} | ${formatNumber(rate, 'percent')} |`,
      );
    }
    out.push('');
  }
  const spend =
    llm.costUsd === null
      ? 'cost unknown (no price for the model)'
      : `$${llm.costUsd.toFixed(4)} spent`;
  const cap =
    llm.maxCostUsd === undefined
      ? ''
      : `, cap $${llm.maxCostUsd}${llm.capReached ? ' reached: the remaining cases were not run' : ''}`;
  out.push(
    `${formatCount(llm.requests)} requests, ${formatCount(llm.cacheHits)} cache hits, ${llm.repeats} repeat(s), ${spend}${cap}.`,
  );
  if (llm.flaky.length > 0) {
    const shown = llm.flaky.slice(0, MAX_FLAKY).map((id) => codeSpan(id, { maxLength: 80 }));
    const more = llm.flaky.length > MAX_FLAKY ? `, … ${llm.flaky.length - MAX_FLAKY} more` : '';
    out.push('', `Flaky cases (${formatCount(llm.flaky.length)}): ${shown.join(', ')}${more}.`);
  }
  return out;
}
