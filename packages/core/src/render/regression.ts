import type { RegressionReport } from '../report/kinds';
import type { MetricComparison } from '../report/regression';
import { escapeMarkdown, escapeTableCell } from './escape';

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

function num(x: number | null | undefined): string {
  if (x === null || x === undefined) return '–';
  if (x === 0) return '0';
  const abs = Math.abs(x);
  return abs >= 1e5 || abs < 1e-3 ? x.toExponential(2) : String(Number(x.toPrecision(4)));
}

function signed(x: number | null): string {
  if (x === null) return '–';
  return x > 0 ? `+${num(x)}` : num(x);
}

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
      `**Baseline:** artifact \`${escapeMarkdown(artifact.name)}\` of run ${artifact.runId} at ${escapeMarkdown(artifact.sha.slice(0, 12))} (${num(artifact.ageDays)} days old${artifact.exactMergeBase ? ', the merge-base' : ', not the merge-base: the newest earlier run'}).`,
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
      const ci = c.ci ? `[${signed(c.ci.lower)}, ${signed(c.ci.upper)}]` : '–';
      lines.push(
        `| ${metricCell(c)} | ${num(c.baseline)} | ${num(c.candidate)} | ${signed(c.delta)} | ${ci} | ${num(c.pValue)} | ${c.test}${c.paired === false && c.test !== 'none' ? ' (unpaired)' : ''} | ${STATE_MARK[c.state]}${c.noisy ? ' ⏱' : ''} | ${c.verdict} | ${escapeTableCell(c.rule.source)} |`,
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
