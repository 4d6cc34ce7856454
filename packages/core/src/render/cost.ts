import { escapeMarkdown, escapeTableCell } from './escape';
import { formatNumber } from './number-format';
import type { CostEstimate, CostReport, PriceUsed, ReportStatus } from '../report/index';

const STATUS_MARK: Record<ReportStatus, string> = {
  pass: '✅ pass',
  warn: '⚠️ warn',
  fail: '❌ fail',
  error: '❌ error',
};

const count = (n: number): string => formatNumber(n, 'count');
const formatUsd = (n: number): string => formatNumber(n, 'usd');
const formatDeltaUsd = (n: number): string => formatNumber(n, 'usd', { signed: true });
const formatDeltaPct = (pct: number): string => formatNumber(pct / 100, 'ratio');
const cell = (text: string): string => escapeTableCell(text);

/**
 * The job summary of an estimate-cost run, as GitHub-flavoured markdown: the verdict, the monthly
 * cost and its delta, the breakdown by token kind (against the baseline when there is one), the
 * segments, the gates' findings and the prices used with their as-of dates and sources. Names
 * and sources from user files are escaped. Pure.
 */
export function renderCostSummary(report: CostReport): string {
  const { candidate, baseline } = report.body;
  const lines: string[] = [];
  lines.push(`## Estimated inference cost: ${STATUS_MARK[report.status]}`, '');
  lines.push(
    `**${escapeMarkdown(candidate.model)}** (${escapeMarkdown(candidate.provider)}, ${candidate.hosting}): ` +
      `**${formatUsd(candidate.monthlyCostUsd)} / month**, ${formatUsd(candidate.costPer1kRequestsUsd)} per 1,000 requests, ` +
      `${count(candidate.monthlyRequests)} requests in month ${candidate.month ?? 1}.`,
  );
  if (baseline !== undefined && report.body.deltaUsd !== null) {
    const pct = report.body.deltaPct === null ? '' : ` (${formatDeltaPct(report.body.deltaPct)})`;
    lines.push(
      '',
      `Against **${escapeMarkdown(baseline.model)}** at ${formatUsd(baseline.monthlyCostUsd)} / month: **${formatDeltaUsd(report.body.deltaUsd)}${pct}**.`,
    );
  }
  lines.push('', ...breakdownTable(candidate, baseline));
  if (candidate.segments.length > 1 || (candidate.month ?? 1) > 1) {
    lines.push('', '### By segment', '', ...segmentTable(candidate));
  }
  if (candidate.gpu !== undefined) lines.push('', gpuLine(candidate.gpu));
  lines.push('', ...gates(report));
  lines.push('', '### Prices used', '', ...pricesTable([candidate, baseline]));
  if (report.body.rounding !== undefined) {
    lines.push('', `<sub>${escapeMarkdown(report.body.rounding)}</sub>`);
  }
  return `${lines.join('\n')}\n`;
}

function breakdownTable(candidate: CostEstimate, baseline: CostEstimate | undefined): string[] {
  const rows: [string, (e: CostEstimate) => number][] = [
    ['Input tokens', (e) => e.breakdown.inputUsd],
    ['Cached input tokens', (e) => e.breakdown.cachedInputUsd],
    ['Output tokens', (e) => e.breakdown.outputUsd],
    ['GPUs', (e) => e.breakdown.gpuUsd],
  ];
  const used = rows.filter(
    ([, pick]) => pick(candidate) !== 0 || (baseline && pick(baseline) !== 0),
  );
  const out: string[] = [];
  if (baseline === undefined) {
    out.push('| Monthly cost | Candidate |', '| --- | ---: |');
    for (const [name, pick] of used) out.push(`| ${name} | ${formatUsd(pick(candidate))} |`);
    out.push(`| **Total** | **${formatUsd(candidate.monthlyCostUsd)}** |`);
    return out;
  }
  out.push('| Monthly cost | Baseline | Candidate | Change |', '| --- | ---: | ---: | ---: |');
  const delta = (a: number, b: number) => formatDeltaUsd(Math.round((a - b) * 100) / 100);
  for (const [name, pick] of used) {
    out.push(
      `| ${name} | ${formatUsd(pick(baseline))} | ${formatUsd(pick(candidate))} | ${delta(pick(candidate), pick(baseline))} |`,
    );
  }
  out.push(
    `| **Total** | **${formatUsd(baseline.monthlyCostUsd)}** | **${formatUsd(candidate.monthlyCostUsd)}** | **${delta(candidate.monthlyCostUsd, baseline.monthlyCostUsd)}** |`,
  );
  return out;
}

function segmentTable(e: CostEstimate): string[] {
  const hasGpu = e.segments.some((s) => s.gpuUsd !== undefined);
  const head = hasGpu
    ? '| Segment | Requests | Tokens in / out | Growth / month | GPUs | Total |'
    : '| Segment | Requests | Tokens in / out | Growth / month | Cached share | Batch share | Input | Cached | Output | Total |';
  const rule = hasGpu
    ? '| --- | ---: | ---: | ---: | ---: | ---: |'
    : '| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |';
  const rows = e.segments.map((s) => {
    const common = `| ${cell(s.name)} | ${count(s.monthlyRequests)} | ${count(s.inputTokensPerRequest)} / ${count(s.outputTokensPerRequest)} | ${s.growthPctPerMonth ?? 0}% |`;
    return hasGpu
      ? `${common} ${formatUsd(s.gpuUsd ?? 0)} | ${formatUsd(s.totalUsd)} |`
      : `${common} ${s.cachedInputShare ?? 0} | ${s.batchShare ?? 0} | ${formatUsd(s.inputUsd)} | ${formatUsd(s.cachedInputUsd)} | ${formatUsd(s.outputUsd)} | ${formatUsd(s.totalUsd)} |`;
  });
  return [head, rule, ...rows];
}

function gpuLine(gpu: NonNullable<CostEstimate['gpu']>): string {
  const base = `Self-hosted: ${gpu.instances} GPU instance${gpu.instances === 1 ? '' : 's'} × ${formatUsd(gpu.hourlyUsd)}/h × ${gpu.hoursPerMonth} h`;
  if (gpu.derivedFrom !== 'throughput') return `${base} (a fixed count).`;
  return (
    `${base}, derived from ${count(gpu.throughputTokensPerSecond ?? 0)} ${gpu.throughputBasis ?? 'total'} tokens/s per instance: ` +
    `${count(gpu.averageTokensPerSecond ?? 0)} tokens/s on average, ${count(gpu.peakTokensPerSecond ?? 0)} at the peak (× ${gpu.peakFactor ?? 1}), at least ${gpu.minCount ?? 1}.`
  );
}

function gates(report: CostReport): string[] {
  const { gates: limits } = report.body;
  const out = ['### Gates', ''];
  if (limits.monthlyBudgetUsd === undefined && limits.maxCostIncreasePct === undefined) {
    out.push('No gate is set (monthly-budget-usd, max-cost-increase-pct).');
  }
  const failed = new Set(report.findings.map((f) => f.code));
  if (limits.monthlyBudgetUsd !== undefined) {
    const mark = failed.has('over-budget') ? '❌' : '✅';
    out.push(`- ${mark} Monthly budget ${formatUsd(limits.monthlyBudgetUsd)}`);
  }
  if (limits.maxCostIncreasePct !== undefined) {
    const mark = failed.has('cost-increase') ? '❌' : failed.has('no-baseline') ? '⚠️' : '✅';
    out.push(`- ${mark} At most ${limits.maxCostIncreasePct}% above the baseline`);
  }
  if (report.findings.length > 0) {
    out.push('');
    for (const f of report.findings) {
      const mark = f.severity === 'error' ? '❌' : f.severity === 'warning' ? '⚠️' : 'ℹ️';
      out.push(`- ${mark} ${escapeMarkdown(f.message, { maxLength: 1000 })}`);
    }
  }
  return out;
}

function pricesTable(estimates: (CostEstimate | undefined)[]): string[] {
  const prices = estimates
    .filter((e): e is CostEstimate => e !== undefined)
    .map((e) => e.prices)
    .filter((p): p is PriceUsed => p !== undefined);
  if (prices.length === 0) return ['Self-hosted: no token prices.'];
  const price = (n: number | undefined) => (n === undefined ? '—' : formatUsd(n));
  const rows = prices.map(
    (p) =>
      `| ${cell(p.model)} | ${cell(p.provider)} | ${price(p.inputPer1M)} | ${price(p.cachedInputPer1M)} | ${price(p.outputPer1M)} | ${p.batchDiscount === undefined ? '—' : `${p.batchDiscount * 100}%`} | ${cell(p.asOf)} | ${cell(p.source)} |`,
  );
  const versions = [...new Set(prices.map((p) => p.tableVersion).filter((v) => v !== undefined))];
  const note =
    versions.length > 0 ? `Price table ${versions.map((v) => escapeMarkdown(v)).join(', ')}. ` : '';
  return [
    '| Model | Provider | Input / 1M | Cached input / 1M | Output / 1M | Batch discount | As of | Source |',
    '| --- | --- | ---: | ---: | ---: | ---: | --- | --- |',
    ...rows,
    '',
    `${note}List prices change: set \`pricing\` to a file with current or negotiated rates.`,
  ];
}
