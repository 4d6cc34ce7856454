import type { RegressionReport } from '../report/kinds';
import type { MetricComparison } from '../report/regression';
import { escapeMarkdown, escapeTableCell } from './escape';
import { formatNumber } from './number-format';
import {
  comparisonChange,
  comparisonInterval,
  formatMetricValue,
  metricKind,
  precisionOf,
} from './metric-style';

const STATE_MARK: Record<MetricComparison['state'], string> = {
  improved: '🟢 improved',
  unchanged: '⚪ unchanged',
  regressed: '🔴 regressed',
  noise: '🟡 noise',
  missing: '🟠 missing',
  errored: '🟠 errored',
  new: '🔵 new',
};

const STATUS_TITLE = {
  pass: '✅ pass',
  warn: '⚠️ warn',
  fail: '❌ fail',
  error: '❌ error',
} as const;

/** The metric cell: name, and slice when it is a slice row. Untrusted: escaped. */
function metricCell(c: MetricComparison): string {
  const name = escapeTableCell(c.metric);
  return c.slice ? `${name} · ${escapeTableCell(`${c.slice.column}=${c.slice.value}`)}` : name;
}

/**
 * The check-regression job summary: the verdict, the baseline's provenance, one table row per
 * metric and slice (baseline, candidate, delta, interval, p-value and test, state, verdict,
 * rule source), and the notes. Pure; metric names, slice values and messages are escaped.
 */
export function renderRegressionSummary(report: RegressionReport): string {
  const body = report.body;
  const lines: string[] = [
    `## check-regression: ${STATUS_TITLE[report.status]}`,
    '',
    escapeMarkdown(report.summary, { maxLength: 500 }),
    '',
  ];
  const artifact = body.baseline.artifact;
  if (body.noBaseline) {
    lines.push('**Baseline:** none found (`no-baseline`).', '');
  } else if (artifact) {
    lines.push(
      `**Baseline:** artifact \`${escapeMarkdown(artifact.name)}\` of run ${artifact.runId} at ${escapeMarkdown(artifact.sha.slice(0, 12))} (${formatNumber(artifact.ageDays, 'plain')} days old${artifact.exactMergeBase ? ', the merge-base' : ', not the merge-base: the newest earlier run'}).`,
      '',
    );
  } else if (body.baseline.path) {
    lines.push(`**Baseline:** ${escapeMarkdown(body.baseline.path)}`, '');
  }
  lines.push(
    body.paired
      ? `Paired tests on per-example results (α = ${body.alpha}, ${body.bootstrapResamples} bootstrap resamples, seed ${body.seed}).`
      : `Unpaired comparison${body.pairedRefused ? `: pairing refused, ${escapeMarkdown(body.pairedRefused)}` : ''} (α = ${body.alpha}).`,
    '',
  );
  if (body.comparisons.length > 0) {
    lines.push(
      '| Metric | Baseline | Candidate | Δ | CI of Δ | p | Test | State | Verdict | Rule |',
      '|---|---:|---:|---:|---|---:|---|---|---|---|',
    );
    for (const c of body.comparisons) {
      const kind = metricKind(c.metric, undefined);
      const ci = comparisonInterval(c, kind).replace(/^\d+% CI /, '') || '—';
      lines.push(
        `| ${metricCell(c)} | ${formatMetricValue(c.baseline, kind, precisionOf(c))} | ${formatMetricValue(c.candidate, kind, precisionOf(c))} | ${comparisonChange(c, kind)} | ${ci} | ${formatNumber(c.pValue, 'pValue')} | ${c.test}${c.paired === false && c.test !== 'none' ? ' (unpaired)' : ''} | ${STATE_MARK[c.state]}${c.noisy ? ' ⏱' : ''} | ${c.verdict} | ${escapeTableCell(c.rule.source)} |`,
      );
    }
    lines.push('');
    const flagged = body.comparisons.filter((c) => c.verdict !== 'pass');
    if (flagged.length > 0) {
      lines.push('<details><summary>Why</summary>', '');
      for (const c of flagged)
        lines.push(`- **${metricCell(c)}**: ${escapeMarkdown(c.message, { maxLength: 400 })}`);
      lines.push('', '</details>', '');
    }
  }
  if (body.notes.length > 0) {
    lines.push('**Notes**', '');
    for (const note of body.notes) lines.push(`- ${escapeMarkdown(note, { maxLength: 500 })}`);
    lines.push('');
  }
  return lines.join('\n');
}
