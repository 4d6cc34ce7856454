/**
 * The first lines of the PR comment: the verdict and, in words, what decides it ("Blocked:
 * accuracy −2.2 points (max −2 points)"), what is still missing while reports are pending, and
 * whether the baseline and candidate could be compared at all. Pure; report strings are escaped.
 */
import type { AnyReport, DataValidationReport, RegressionReport } from '../report/kinds';
import { gateOf } from '../validate/violations';
import { reportKind } from '../report/kinds';
import type { ReportStatus } from '../report/envelope';
import type { MetricComparison } from '../report/regression';
import { escapeMarkdown } from './escape';
import { changeAgainstRule, metricKind, ruleLimits } from './metric-style';
import type { UnitLookup } from './metric-style';
import { formatNumber } from './number-format';

/** The reports a summary waits for (pr-summary's `expected-reports`) that have not arrived. */
export interface PendingReports {
  /** The kinds still missing, e.g. `evaluation`; empty when only a count is expected. */
  readonly missing: readonly string[];
  /** How many reports are expected in all. */
  readonly expected: number;
  /** How many of them have arrived; `expected - missing.length` when not given. */
  readonly found?: number;
}

/** How many expected reports have arrived. */
function arrived(pending: PendingReports): number {
  return Math.max(0, pending.found ?? pending.expected - pending.missing.length);
}

/** True while an expected report is missing, by kind or by count. */
export function isWaiting(pending: PendingReports | undefined): pending is PendingReports {
  return (
    pending !== undefined && (pending.missing.length > 0 || arrived(pending) < pending.expected)
  );
}

/** The verdict's word and mark; `pending` never takes a green mark. */
export const VERDICT_HEAD: Readonly<
  Record<ReportStatus | 'pending', { word: string; mark: string }>
> = {
  pass: { word: 'Passed', mark: '✅' },
  warn: { word: 'Warning', mark: '⚠️' },
  fail: { word: 'Blocked', mark: '❌' },
  error: { word: 'Error', mark: '⛔' },
  pending: { word: 'Pending', mark: '⏳' },
};

const HEAD_REASONS = 2;

/** One comparison in words, e.g. `accuracy −2.2 points (max −2 points)`. */
export function comparisonReason(c: MetricComparison, units: UnitLookup): string {
  const kind = metricKind(c.metric, units(c.metric));
  const where = c.slice
    ? ` on ${escapeMarkdown(`${c.slice.column}=${c.slice.value}`, { maxLength: 60 })}`
    : '';
  const name = escapeMarkdown(c.metric, { maxLength: 60 }) + where;
  if (c.state === 'missing') return `${name} missing`;
  if (c.state === 'errored') return `${name} errored`;
  // The limit that applies to this row: the slice rule on a slice, the others on the whole set.
  const { maxSliceDrop, ...whole } = c.rule;
  const limits = c.slice
    ? ruleLimits(
        { direction: c.rule.direction, ...(maxSliceDrop !== undefined && { maxSliceDrop }) },
        kind,
      )
    : ruleLimits(whole, kind);
  return `${name} ${changeAgainstRule(c, kind)}${limits === '' ? '' : ` (${limits})`}`;
}

/**
 * The reasons at `level`, in words: each comparison of a regression report with that verdict
 * (whatever the report's own status), and the summary of every other report with that status.
 */
export function reasonsAt(
  reports: readonly AnyReport[],
  level: ReportStatus,
  units: UnitLookup,
): string[] {
  const out: string[][] = [];
  // The model's comparisons first: they are what a reviewer of the change came for.
  const ordered = [
    ...reports.filter((r) => reportKind(r) === 'regression'),
    ...reports.filter((r) => reportKind(r) !== 'regression'),
  ];
  for (const r of ordered) {
    if (reportKind(r) === 'regression' && level !== 'error') {
      const flagged = (r as RegressionReport).body.comparisons.filter((c) => c.verdict === level);
      if (flagged.length > 0) out.push(flagged.map((c) => comparisonReason(c, units)));
      if (flagged.length > 0 || r.status !== level) continue;
    }
    if (r.status !== level) continue;
    const data = reportKind(r) === 'data-validation' ? dataReason(r as DataValidationReport) : '';
    out.push([data || escapeMarkdown(r.summary.replace(/\.\s*$/, ''), { maxLength: 120 })]);
  }
  // The first reason of every report, then the others: no report's reason hides behind another's.
  return [...out.map((list) => list[0] ?? ''), ...out.flatMap((list) => list.slice(1))];
}

/** A data report's reason in a few words: drift and schema violations, e.g. `data drift in 2 of 4 columns`. */
function dataReason(r: DataValidationReport): string {
  const parts: string[] = [];
  const d = r.body.drift;
  if (d && d.drifted.length > 0) {
    parts.push(
      `data drift in ${formatNumber(d.drifted.length, 'count')} of ${formatNumber(d.tested, 'count')} columns`,
    );
  }
  const schema = Object.entries(r.body.violations.byCode)
    .filter(([code]) => gateOf(code) === 'schema')
    .reduce((sum, [, n]) => sum + n, 0);
  if (schema > 0) {
    parts.push(`${formatNumber(schema, 'count')} schema violation${schema === 1 ? '' : 's'}`);
  }
  return parts.join(', ');
}

function joinReasons(reasons: readonly string[]): string {
  const shown = reasons.slice(0, HEAD_REASONS).join(' · ');
  const more = reasons.length - HEAD_REASONS;
  return more > 0 ? `${shown} and ${formatNumber(more, 'count')} more` : shown;
}

/**
 * The headline: the verdict in a word and its reasons (for `pass`, the number of checks), then
 * the warnings when something else decides the verdict, then a line naming the checks.
 */
export function headline(
  reports: readonly AnyReport[],
  status: ReportStatus,
  title: string,
  units: UnitLookup,
  pending?: PendingReports,
): string {
  const waiting = isWaiting(pending);
  const shown: ReportStatus | 'pending' =
    waiting && (status === 'pass' || status === 'warn') ? 'pending' : status;
  const { word, mark } = VERDICT_HEAD[shown];
  let why: string;
  if (shown === 'pending' && waiting) {
    const have = arrived(pending);
    const more = pending.expected - have;
    const names =
      pending.missing.length > 0
        ? pending.missing.map((m) => `the ${escapeMarkdown(m, { maxLength: 40 })} report`)
        : [`${formatNumber(more, 'count')} more report${more === 1 ? '' : 's'}`];
    why = `waiting for ${joinReasons(names)} (${formatNumber(have, 'count')} of ${formatNumber(pending.expected, 'count')} reports)`;
  } else if (reports.length === 0) {
    why = 'no reports';
  } else if (status === 'pass') {
    why = `${formatNumber(reports.length, 'count')} check${reports.length === 1 ? '' : 's'}, nothing blocks`;
  } else {
    const reasons = [
      ...(status === 'error' ? reasonsAt(reports, 'error', units) : []),
      ...(status === 'error' || status === 'fail' ? reasonsAt(reports, 'fail', units) : []),
      ...(status === 'warn' ? reasonsAt(reports, 'warn', units) : []),
    ];
    why = joinReasons(reasons);
  }
  const lines = [`## ${mark} ${word}: ${why}`];
  const warnings = status === 'warn' ? [] : reasonsAt(reports, 'warn', units);
  if (warnings.length > 0) lines.push('', `⚠️ Also: ${joinReasons(warnings)}.`);
  lines.push('', `<sub>${escapeMarkdown(title, { maxLength: 100 })} · ${tally(reports)}</sub>`);
  return lines.join('\n');
}

function tally(reports: readonly AnyReport[]): string {
  if (reports.length === 0) return 'no reports';
  const counts = (['error', 'fail', 'warn', 'pass'] as const)
    .map((s) => [s, reports.filter((r) => r.status === s).length] as const)
    .filter(([, n]) => n > 0)
    .map(
      ([s, n]) =>
        `${formatNumber(n, 'count')} ${{ error: 'errored', fail: 'failing', warn: 'warning', pass: 'passing' }[s]}`,
    );
  return `${formatNumber(reports.length, 'count')} check${reports.length === 1 ? '' : 's'}: ${counts.join(', ')}`;
}

/**
 * The comparability warning, when a regression report could not pair the runs: what differs
 * (eval set, task, labels, slices) or the refusal's reason, and that the comparisons are
 * unpaired. Empty when every comparison was paired.
 */
export function comparabilityNotice(reports: readonly AnyReport[]): string {
  const lines: string[] = [];
  for (const r of reports) {
    if (reportKind(r) !== 'regression') continue;
    const b = (r as RegressionReport).body;
    if (b.noBaseline) continue;
    const differences = b.comparability?.comparable === false ? b.comparability.differences : [];
    // Metrics that are not per example (latency, cost) are unpaired in any run: only a refused
    // or impossible pairing is news.
    if (differences.length === 0 && b.pairedRefused === undefined && b.paired) continue;
    const unpaired = b.comparisons.filter(
      (c) => c.test !== 'none' && (c.paired === false || !b.paired),
    ).length;
    const names = { 'eval-set': 'eval set', task: 'task', labels: 'label set', slices: 'slices' };
    const what =
      differences.length > 0
        ? `the baseline and the candidate differ in ${differences
            .map(
              (d) =>
                `${names[d.aspect]} (baseline ${escapeMarkdown(d.baseline, { maxLength: 80 })}, candidate ${escapeMarkdown(d.candidate, { maxLength: 80 })})`,
            )
            .join('; ')}`
        : b.pairedRefused !== undefined
          ? `the runs could not be paired: ${escapeMarkdown(b.pairedRefused, { maxLength: 200 })}`
          : 'the runs could not be paired per example';
    lines.push(
      `> [!WARNING]\n> **Not a like-for-like comparison:** ${what}. ${formatNumber(unpaired, 'count')} comparison${unpaired === 1 ? ' is' : 's are'} unpaired (marked *unpaired* below).`,
    );
  }
  return lines.join('\n\n');
}
