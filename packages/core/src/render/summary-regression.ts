/**
 * The regression section of the PR comment: the gated metrics first (baseline, candidate, change,
 * interval, rule, verdict, equivalence), then, collapsed, the metrics no rule gates (their change
 * marked better or worse in words, never with the gate's marks), the changed examples (fixed and
 * broken) and how each comparison was judged. Pure; report strings are escaped.
 */
import type { RegressionReport } from '../report/kinds';
import type { MetricComparison, RegressionBody } from '../report/regression';
import { codeSpan, escapeTableCell } from './escape';
import {
  changeDirection,
  comparisonChange,
  comparisonInterval,
  formatLimit,
  formatMetricValue,
  isGated,
  metricKind,
  precisionOf,
  ruleLimits,
} from './metric-style';
import type { UnitLookup } from './metric-style';
import { formatNumber } from './number-format';

/** The rows of the changed-examples table shown at most; the artifact has them all. */
export const FLIP_ROWS = 20;

/** The most gated rows in view when some pass: beyond it the passing ones are collapsed. */
export const VISIBLE_GATED_ROWS = 6;

/** The characters of a model output shown in the changed-examples table. */
export const FLIP_TEXT_CHARS = 80;

const VERDICT_MARK = { pass: '✅ pass', warn: '⚠️ warn', fail: '❌ fail' } as const;

/** A markdown table as lines, `… and N more` below when cut. */
export function tableLines(
  headers: readonly string[],
  align: readonly ('l' | 'r' | 'c')[],
  rows: readonly (readonly string[])[],
  maxRows: number,
  noun = 'rows',
  total = rows.length,
): string[] {
  const sep = align.map((a) => (a === 'r' ? '--:' : a === 'c' ? ':-:' : '---'));
  const lines = [`| ${headers.join(' | ')} |`, `| ${sep.join(' | ')} |`];
  for (const row of rows.slice(0, maxRows)) lines.push(`| ${row.join(' | ')} |`);
  if (total > maxRows) {
    lines.push('', `<sub>… and ${formatNumber(total - maxRows, 'count')} more ${noun}.</sub>`);
  }
  return lines;
}

/** A collapsed section; `summary` is HTML (escaped by the caller). */
export function detailsLines(summary: string, content: readonly string[]): string {
  return ['<details>', `<summary>${summary}</summary>`, '', ...content, '', '</details>'].join(
    '\n',
  );
}

/** What the equivalence test said, in words, e.g. `equivalent within 1 point`. */
export function equivalenceText(c: MetricComparison, units: UnitLookup): string {
  const e = c.equivalence;
  if (!e) return '';
  const kind = metricKind(c.metric, units(c.metric));
  const margin = formatLimit(e.margin, kind);
  switch (e.decision) {
    case 'equivalent':
      return `equivalent within ${margin}`;
    case 'better':
      return `better by more than ${margin}`;
    case 'worse':
      return `worse by more than ${margin}`;
    case 'inconclusive':
      return e.neededN === undefined
        ? `inconclusive: the change is too near the ${margin} margin to tell`
        : `inconclusive: about ${formatNumber(e.neededN, 'count')} examples needed to tell`;
  }
}

function metricName(c: MetricComparison): string {
  const name = codeSpan(c.metric, { maxLength: 60 });
  return c.slice
    ? `${name} on ${codeSpan(`${c.slice.column}=${c.slice.value}`, { maxLength: 60 })}`
    : name;
}

function unpairedMark(c: MetricComparison, body: RegressionBody): string {
  return c.test !== 'none' && (c.paired === false || !body.paired) ? ' *unpaired*' : '';
}

/** One gated row: metric, baseline, candidate, change and interval, rule, verdict. */
function gatedRow(c: MetricComparison, body: RegressionBody, units: UnitLookup): string[] {
  const kind = metricKind(c.metric, units(c.metric));
  const precision = precisionOf(c);
  const interval = comparisonInterval(c, kind);
  const equivalence = equivalenceText(c, units);
  const verdict = `${VERDICT_MARK[c.verdict]}${c.state === 'noise' ? ' (within noise)' : ''}`;
  return [
    metricName(c),
    formatMetricValue(c.baseline, kind, precision),
    formatMetricValue(c.candidate, kind, precision),
    `${comparisonChange(c, kind)}${interval === '' ? '' : `<br><sub>${interval}${unpairedMark(c, body)}</sub>`}`,
    escapeTableCell(ruleLimits(c.rule, kind) || 'significant drop', { maxLength: 80 }),
    `${verdict}${equivalence === '' ? '' : `<br><sub>${equivalence}</sub>`}`,
  ];
}

/** One ungated row: its change marked better or worse in words and arrow. */
function ungatedRow(c: MetricComparison, units: UnitLookup): string[] {
  const kind = metricKind(c.metric, units(c.metric));
  const precision = precisionOf(c);
  const equivalence = equivalenceText(c, units);
  return [
    metricName(c),
    formatMetricValue(c.baseline, kind, precision),
    formatMetricValue(c.candidate, kind, precision),
    comparisonChange(c, kind),
    `${changeDirection(c)}${equivalence === '' ? '' : `; ${equivalence}`}`,
  ];
}

/** The order of gated rows: failing, then warning, then the rest, as reported. */
function byVerdict(a: MetricComparison, b: MetricComparison): number {
  const rank = { fail: 0, warn: 1, pass: 2 } as const;
  return rank[a.verdict] - rank[b.verdict];
}

/** The link line under a section: the run and the artifact with the full report. */
export interface SectionLinks {
  readonly runUrl?: string;
  readonly artifactsUrl?: string;
}

/** `<sub>[run](…) · full report: [artifacts](…)</sub>`, from trusted links; empty without. */
export function sectionLinks(links: SectionLinks, what: string): string {
  const parts: string[] = [];
  if (links.runUrl !== undefined) parts.push(`[run](${links.runUrl})`);
  if (links.artifactsUrl !== undefined) {
    parts.push(`${what}: [the run's artifacts](${links.artifactsUrl})`);
  }
  return parts.length === 0 ? '' : `<sub>${parts.join(' · ')}</sub>`;
}

/** The parts of the regression section, visible first, collapsed after. */
export interface RegressionSection {
  /** The heading, the summary and the gated table (visible). */
  readonly visible: string;
  /** The collapsed sections: ungated metrics, changed examples, how each was judged. */
  readonly collapsed: readonly string[];
}

/** The regression section of one report. */
export function regressionSection(
  r: RegressionReport,
  units: UnitLookup,
  links: SectionLinks,
  icon: string,
): RegressionSection {
  const b = r.body;
  const overall = b.comparisons.filter((c) => c.slice === undefined);
  const gated = overall.filter(isGated).sort(byVerdict);
  const slices = b.comparisons.filter((c) => c.slice !== undefined && c.verdict !== 'pass');
  const ungated = overall.filter((c) => !isGated(c));
  const lines = [`### ${icon} Regression vs baseline`];
  if (b.noBaseline) lines.push('', 'No baseline was found: the candidate is shown alone.');
  // What blocks or warns stays in view; passing gated metrics too while there are few rows.
  const flagged = [...gated.filter((c) => c.verdict !== 'pass'), ...slices.sort(byVerdict)];
  const passing = gated.filter((c) => c.verdict === 'pass');
  const inView = flagged.length + passing.length <= VISIBLE_GATED_ROWS;
  const shown = inView ? [...flagged, ...passing] : flagged;
  if (shown.length > 0) {
    lines.push(
      '',
      ...tableLines(
        ['Gated metric', 'Baseline', 'Candidate', 'Change', 'Rule', 'Verdict'],
        ['l', 'r', 'r', 'r', 'l', 'l'],
        shown.map((c) => gatedRow(c, b, units)),
        12,
        'gated metrics',
      ),
    );
  }
  const link = sectionLinks(links, 'full regression report');
  if (link !== '') lines.push('', link);

  const collapsed: string[] = [];
  if (!inView && passing.length > 0) {
    collapsed.push(
      detailsLines(
        `Gated and passing: ${formatNumber(passing.length, 'count')} metric${passing.length === 1 ? '' : 's'}`,
        tableLines(
          ['Gated metric', 'Baseline', 'Candidate', 'Change', 'Rule', 'Verdict'],
          ['l', 'r', 'r', 'r', 'l', 'l'],
          passing.map((c) => gatedRow(c, b, units)),
          100,
          'gated metrics',
        ),
      ),
    );
  }
  if (ungated.length > 0) {
    const worse = ungated.filter((c) => changeDirection(c).includes('worse')).length;
    collapsed.push(
      detailsLines(
        `Not gated: ${formatNumber(ungated.length, 'count')} metric${ungated.length === 1 ? '' : 's'} shown for information (${formatNumber(worse, 'count')} worse)`,
        tableLines(
          ['Metric', 'Baseline', 'Candidate', 'Change', 'Direction'],
          ['l', 'r', 'r', 'r', 'l'],
          ungated.map((c) => ungatedRow(c, units)),
          100,
          'metrics',
        ),
      ),
    );
  }
  if (b.flips && b.flips.fixed + b.flips.broken > 0) collapsed.push(flipsDetails(b.flips));
  if (b.comparisons.length > 0) {
    collapsed.push(
      detailsLines(
        `How each of the ${formatNumber(b.comparisons.length, 'count')} comparisons was judged`,
        tableLines(
          ['Metric', 'Test', 'p-value', 'State', 'Rule from'],
          ['l', 'l', 'r', 'l', 'l'],
          b.comparisons
            .slice(0, 200)
            .map((c) => [
              metricName(c),
              `${c.test}${unpairedMark(c, b)}`,
              formatNumber(c.pValue, 'pValue'),
              `${c.state}${c.noisy ? ' (noisy)' : ''}`,
              escapeTableCell(c.rule.source, { maxLength: 80 }),
            ]),
          200,
          'comparisons',
          b.comparisons.length,
        ),
      ),
    );
  }
  return { visible: lines.join('\n'), collapsed };
}

/** The changed examples, broken first, capped at {@link FLIP_ROWS}, outputs cut and escaped. */
export function flipsDetails(flips: NonNullable<RegressionBody['flips']>): string {
  const cell = (s: string | undefined): string =>
    s === undefined ? '—' : codeSpan(s, { maxLength: FLIP_TEXT_CHARS });
  const listed = [
    ...flips.listed.filter((f) => f.kind === 'broken'),
    ...flips.listed.filter((f) => f.kind === 'fixed'),
  ];
  const total = flips.fixed + flips.broken;
  const rows = listed.map((f) => [
    f.kind === 'broken' ? '▼ broken' : '▲ fixed',
    codeSpan(f.id, { maxLength: 40 }),
    cell(f.expected),
    cell(f.baseline),
    cell(f.candidate),
  ]);
  const where = flips.path
    ? ` Every changed example is in ${codeSpan(flips.path, { maxLength: 100 })} in the regression artifact.`
    : ' Every changed example is in the regression artifact.';
  return detailsLines(
    `Changed examples: ${formatNumber(flips.fixed, 'count')} fixed, ${formatNumber(flips.broken, 'count')} broken`,
    [
      `Examples the candidate got right that the baseline got wrong (fixed), and the reverse (broken), broken first.${total > Math.min(FLIP_ROWS, rows.length) ? where : ''}`,
      '',
      ...tableLines(
        ['Change', 'Example', 'Expected', 'Baseline', 'Candidate'],
        ['l', 'l', 'l', 'l', 'l'],
        rows,
        FLIP_ROWS,
        'changed examples',
        total,
      ),
    ],
  );
}
