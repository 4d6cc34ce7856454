/**
 * The combined view of every report of a pull request: the sticky PR comment and the job
 * summary. A verdict banner first, then a section per kind of report present (data validation,
 * model evaluation against the baseline, the worst slices, LLM assertions, cost), details in
 * collapsible sections, a mermaid chart, and a provenance footer. Every string that comes from a
 * report is untrusted and escaped. The result stays within GitHub's limits: 65,536 characters for
 * a comment, 1 MiB for a job summary.
 */
import type { MetricComparison } from '../report/regression';
import type {
  AnyReport,
  CostReport,
  DataValidationReport,
  EvaluationReport,
  RegressionReport,
} from '../report/kinds';
import { reportKind } from '../report/kinds';
import { gateOf } from '../validate/violations';
import type { Finding, Metric, ReportStatus } from '../report/envelope';
import { codeSpan, escapeHtml, escapeMarkdown, escapeTableCell } from './escape';
import { renderBarChart } from './summary-chart';
import type { ChartSeries } from './summary-chart';
import { fitDocument, measureChars, utf8Bytes } from './summary-budget';
import type { Block, Measure, TableBlock, TextBlock } from './summary-budget';
import { STATUS_ICON, formatAgeDays, statusRank, worseStatus } from './summary-format';
import { formatNumber } from './number-format';
import {
  changeDirection,
  comparisonChange,
  formatMetricChange,
  formatMetricValue,
  metricKind,
  precisionOf,
} from './metric-style';
import type { UnitLookup } from './metric-style';
import { comparabilityNotice, headline, isWaiting } from './summary-headline';
import type { PendingReports } from './summary-headline';
import { detailsLines, regressionSection, sectionLinks, tableLines } from './summary-regression';
import type { SectionLinks } from './summary-regression';

/** GitHub's limit on the body of an issue or PR comment, in characters. */
export const COMMENT_LIMIT_CHARS = 65_536;

/** The job summary limit used here: 1 MiB less a margin for what other steps append. */
export const JOB_SUMMARY_LIMIT_BYTES = 1024 * 1024 - 1024;

/** Trusted links, built by the action from the runner's environment, never from a report. */
export interface SummaryLinks {
  /** The workflow run, e.g. `https://github.com/o/r/actions/runs/1`. */
  readonly runUrl?: string;
  /** Where the run's artifacts are listed (the run page's `#artifacts`). */
  readonly artifactsUrl?: string;
  /** The name of the artifact that holds the full reports, named in the truncation note. */
  readonly fullReportArtifact?: string;
}

export interface SummaryOptions {
  /** The heading, e.g. `modelgate`; escaped. */
  readonly title?: string;
  /** The time the summary is made, for the baseline's age. */
  readonly now: Date;
  /** Raw text placed first, e.g. the hidden sticky marker (trusted; counted in the limit). */
  readonly marker?: string;
  readonly links?: SummaryLinks;
  /**
   * The expected reports not yet there (pr-summary's `expected-reports`): the headline says
   * what is missing and shows no green mark while the verdict would otherwise be pass or warn.
   */
  readonly pending?: PendingReports;
}

/**
 * The most lines of markdown a reviewer sees before opening anything: the comment's visible
 * part (outside `<details>`, blank lines not counted) fits one screen.
 */
export const VISIBLE_LINE_BUDGET = 40;

export interface RenderedSummary {
  readonly markdown: string;
  /** The combined verdict: the worst status of all reports. */
  readonly status: ReportStatus;
  /** True when details or rows were left out to fit the limit. */
  readonly truncated: boolean;
}

/** The combined verdict of several reports: the worst status; `pass` for none. */
export function combinedStatus(reports: readonly AnyReport[]): ReportStatus {
  return reports.reduce<ReportStatus>((acc, r) => worseStatus(acc, r.status), 'pass');
}

/** The PR comment, within {@link COMMENT_LIMIT_CHARS} characters (or `limit`). */
export function renderPrComment(
  reports: readonly AnyReport[],
  options: SummaryOptions,
  limit = COMMENT_LIMIT_CHARS,
): RenderedSummary {
  return renderSummary(reports, options, limit, measureChars, 'comment');
}

/** The job summary variant, within {@link JOB_SUMMARY_LIMIT_BYTES} bytes of UTF-8 (or `limit`). */
export function renderJobSummary(
  reports: readonly AnyReport[],
  options: SummaryOptions,
  limit = JOB_SUMMARY_LIMIT_BYTES,
): RenderedSummary {
  return renderSummary(reports, options, limit, utf8Bytes, 'job summary');
}

// ---------------------------------------------------------------------------------------------

interface Grouped {
  readonly data: DataValidationReport[];
  readonly evaluation: EvaluationReport[];
  readonly regression: RegressionReport[];
  readonly cost: CostReport[];
}

function group(reports: readonly AnyReport[]): Grouped {
  const out: Grouped = { data: [], evaluation: [], regression: [], cost: [] };
  for (const r of reports) {
    switch (reportKind(r)) {
      case 'data-validation':
        out.data.push(r as DataValidationReport);
        break;
      case 'evaluation':
        out.evaluation.push(r as EvaluationReport);
        break;
      case 'regression':
        out.regression.push(r as RegressionReport);
        break;
      case 'cost':
        out.cost.push(r as CostReport);
        break;
    }
  }
  return out;
}

const KIND_TITLE = {
  'data-validation': 'Data validation',
  evaluation: 'Model evaluation',
  regression: 'Regression vs baseline',
  cost: 'Cost',
} as const;

function renderSummary(
  reports: readonly AnyReport[],
  options: SummaryOptions,
  limit: number,
  measure: Measure,
  what: string,
): RenderedSummary {
  const status = combinedStatus(reports);
  const g = group(reports);
  const units = unitLookup(reports);
  const links = options.links ?? {};
  const waiting = isWaiting(options.pending);
  const ctx: SectionContext = {
    ...(safeUrl(links.runUrl) && { runUrl: links.runUrl }),
    ...(safeUrl(links.artifactsUrl) && { artifactsUrl: links.artifactsUrl }),
    // While expected reports are missing nothing is green: a pass is a pass so far.
    icons: waiting ? { ...STATUS_ICON, pass: '⏳' } : STATUS_ICON,
  };
  const head: Block[] = [];
  if (options.marker) head.push(text(options.marker));
  head.push(text(headline(reports, status, options.title ?? 'modelgate', units, options.pending)));
  const notice = comparabilityNotice(reports);
  if (notice !== '') head.push(text(notice));
  head.push(checksTable(reports, waiting));

  const body: Block[] = [
    ...modelSection(g, units, ctx),
    ...g.data.flatMap((r) => dataSection(r, ctx)),
    ...g.evaluation.flatMap((r) => llmSection(r, ctx)),
    ...g.cost.flatMap((r) => costSection(r, ctx)),
    ...findingsSection(reports),
    ...chart(g),
  ];
  const tail = [text(footer(g, reports, options))];
  const artifact = links.fullReportArtifact
    ? ` the ${codeSpan(links.fullReportArtifact, { maxLength: 100 })} artifact`
    : ' the report artifacts';
  const where = safeUrl(links.artifactsUrl)
    ? `[${artifact.trim()}](${links.artifactsUrl})`
    : artifact;
  const note = `> [!NOTE]\n> This ${what} was shortened to fit GitHub's size limit: some details were left out. Every verdict above is complete; the full reports are in ${where.trim()}.`;
  const fitted = fitDocument({ head, body, tail }, limit, measure, note);
  return { markdown: fitted.text, status, truncated: fitted.truncated };
}

const count = (n: number): string => formatNumber(n, 'count');
const usd = (n: number | null | undefined): string => formatNumber(n, 'usd');
const share = (n: number | null | undefined): string => formatNumber(n, 'percent');
const plain = (n: number | null | undefined): string => formatNumber(n, 'plain');

/** What every section is given: the trusted links, and the marks of the statuses. */
interface SectionContext extends SectionLinks {
  readonly icons: Readonly<Record<ReportStatus, string>>;
}

function text(markdown: string, detail = false): TextBlock {
  return { kind: 'text', text: markdown, detail };
}

function details(summary: string, content: readonly string[]): TextBlock {
  // The summary line is raw HTML, where markdown is not processed: callers pass escaped HTML.
  return text(detailsLines(summary, content), true);
}

function table(
  headers: readonly string[],
  align: readonly ('l' | 'r' | 'c')[],
  rows: readonly { cells: readonly string[]; priority: boolean }[],
  noun = 'rows',
): TableBlock {
  const sorted = [...rows.filter((r) => r.priority), ...rows.filter((r) => !r.priority)];
  const sep = align.map((a) => (a === 'r' ? '--:' : a === 'c' ? ':-:' : '---'));
  return {
    kind: 'table',
    head: `| ${headers.join(' | ')} |\n| ${sep.join(' | ')} |`,
    rows: sorted.map((r) => `| ${r.cells.join(' | ')} |`),
    priority: rows.filter((r) => r.priority).length,
    more: (n) => `<sub>… and ${count(n)} more ${noun} in the full report.</sub>`,
  };
}

function safeUrl(url: string | undefined): url is string {
  return url !== undefined && /^https?:\/\/[^\s()<>[\]"'`]+$/.test(url);
}

// --- banner ----------------------------------------------------------------------------------

function subjectOf(r: AnyReport): string | undefined {
  switch (reportKind(r)) {
    case 'data-validation':
      return (r as DataValidationReport).body.data.path;
    case 'evaluation': {
      const body = (r as EvaluationReport).body;
      return body.model.name ?? body.model.modelId ?? body.dataset.path;
    }
    case 'regression':
      return undefined;
    case 'cost':
      return (r as CostReport).body.candidate.model;
  }
}

/** One row per report: its verdict, what it checked, its summary; failing ones first. */
function checksTable(reports: readonly AnyReport[], pending: boolean): Block {
  const rows = reports.map((r) => {
    const subject = subjectOf(r);
    const name =
      KIND_TITLE[reportKind(r)] + (subject ? ` ${codeSpan(subject, { maxLength: 60 })}` : '');
    // While reports are missing nothing is green: a passing report has passed so far.
    const verdict =
      pending && r.status === 'pass' ? '⏳ pass so far' : `${STATUS_ICON[r.status]} ${r.status}`;
    return {
      cells: [verdict, name, escapeTableCell(r.summary, { maxLength: 160 })],
      priority: statusRank(r.status) >= 1,
    };
  });
  return table(['Verdict', 'Check', 'Summary'], ['l', 'l', 'l'], rows, 'checks');
}

// --- data validation -------------------------------------------------------------------------

function dataSection(r: DataValidationReport, ctx: SectionContext): Block[] {
  const b = r.body;
  const blocks: Block[] = [];
  const lines = [
    `### ${ctx.icons[r.status]} Data validation · ${codeSpan(b.data.path, { maxLength: 80 })} (${count(b.data.rows)} rows)`,
  ];
  const facts: string[] = [];
  if (b.drift) {
    const d = b.drift;
    facts.push(
      `**Drift:** ${count(d.drifted.length)} of ${count(d.tested)} columns drifted (${share(d.share)}; dataset drift at ${share(d.shareThreshold)}): ${d.datasetDrift ? '**dataset drifted**' : 'no dataset drift'}.`,
    );
    if (d.labelDrift) {
      facts.push(
        `**Label drift** on ${codeSpan(d.labelDrift.column, { maxLength: 60 })}: ${d.labelDrift.drifted ? 'drifted' : 'none'} (statistic ${plain(d.labelDrift.statistic)}, threshold ${plain(d.labelDrift.threshold)}).`,
      );
    }
  }
  // violations.byCode holds both gates: schema checks, and checks against the reference.
  const byCode = Object.entries(b.violations.byCode)
    .filter(([, n]) => n > 0)
    .sort((x, y) => y[1] - x[1]);
  const countLine = (label: string, entries: [string, number][]): string => {
    const total = entries.reduce((sum, [, n]) => sum + n, 0);
    const codes =
      entries.length > 0
        ? ` (${entries
            .slice(0, 8)
            .map(([code, n]) => `${escapeMarkdown(code, { maxLength: 40 })} ${count(n)}`)
            .join(', ')}${entries.length > 8 ? ', …' : ''})`
        : '';
    return `**${label}:** ${count(total)}${codes}.`;
  };
  facts.push(
    countLine(
      'Schema violations',
      byCode.filter(([code]) => gateOf(code) === 'schema'),
    ),
  );
  const reference = byCode.filter(([code]) => gateOf(code) === 'drift');
  if (reference.length > 0) facts.push(countLine('Reference check findings', reference));
  if (b.duplicates && b.duplicates.rows > 0) {
    facts.push(`**Duplicate rows:** ${count(b.duplicates.rows)}.`);
  }
  lines.push('', facts.map((f) => `- ${f}`).join('\n'));
  const link = sectionLinks(ctx, 'full data report');
  if (link !== '') lines.push('', link);
  blocks.push(text(lines.join('\n')));

  const problem = b.columns.filter((c) => c.drift?.drifted === true || c.violations > 0);
  // What blocks stays in view; when the data only warns, the columns are in the table below.
  if (problem.length > 0 && statusRank(r.status) >= statusRank('fail')) {
    blocks.push(
      table(
        ['Column', 'Test', 'Statistic', 'p-value', 'Threshold', 'Drifted', 'Violations'],
        ['l', 'l', 'r', 'r', 'r', 'c', 'r'],
        problem.slice(0, 5).map((c) => ({
          cells: [
            codeSpan(c.name, { maxLength: 60 }),
            c.drift ? c.drift.method : '—',
            plain(c.drift?.statistic),
            formatNumber(c.drift?.pValue, 'pValue'),
            c.drift ? plain(c.drift.threshold) : '—',
            c.drift?.drifted ? '❌' : '—',
            count(c.violations),
          ],
          priority: c.drift?.drifted === true,
        })),
        'columns',
      ),
    );
  }
  if (b.columns.length > 0) {
    blocks.push(
      details(
        `All ${count(b.columns.length)} columns of ${escapeHtml(b.data.path, { maxLength: 80 })}`,
        tableLines(
          [
            'Column',
            'Type',
            'Nulls',
            'Distinct',
            'Mean',
            'Test',
            'Statistic',
            'Drifted',
            'Violations',
          ],
          ['l', 'l', 'r', 'r', 'r', 'l', 'r', 'c', 'r'],
          b.columns.map((c) => [
            codeSpan(c.name, { maxLength: 60 }),
            c.declaredType ?? c.inferredType,
            c.data.nullFraction === null ? count(c.data.nulls) : share(c.data.nullFraction),
            c.data.distinct === null ? '—' : count(c.data.distinct),
            plain(c.data.numeric?.mean),
            c.drift?.method ?? '—',
            plain(c.drift?.statistic),
            c.drift?.drifted ? '❌' : '—',
            count(c.violations),
          ]),
          300,
          'columns',
        ),
      ),
    );
  }
  return blocks;
}

// --- model evaluation ------------------------------------------------------------------------

function unitLookup(reports: readonly AnyReport[]): UnitLookup {
  const units = new Map<string, string>();
  for (const r of reports) {
    for (const [name, m] of Object.entries(r.metrics)) {
      if (m.unit !== undefined && !units.has(name)) units.set(name, m.unit);
    }
  }
  return (metric) => {
    const known = units.get(metric);
    if (known !== undefined) return known;
    if (/(_|\b)ms$/i.test(metric) || /latency/i.test(metric)) return 'ms';
    if (/usd|cost/i.test(metric)) return 'usd';
    return undefined;
  };
}

function modelSection(g: Grouped, units: UnitLookup, ctx: SectionContext): Block[] {
  const blocks: Block[] = [];
  for (const r of g.regression) {
    const section = regressionSection(r, units, ctx, ctx.icons[r.status]);
    blocks.push(text(section.visible), ...section.collapsed.map((c) => text(c, true)));
  }
  // The slices under the comparisons they belong to (or under the evaluations, without any).
  if (g.regression.length > 0) blocks.push(...slicesSection(g, units));
  const alone = g.regression.length === 0;
  for (const r of g.evaluation) blocks.push(...evaluationSection(r, alone, units, ctx));
  if (alone) blocks.push(...slicesSection(g, units));
  return blocks;
}

/** One metric of an evaluation: its value, interval and examples, in the metric's style. */
function metricRow(name: string, m: Metric, units: UnitLookup): string[] {
  const kind = metricKind(name, m.unit ?? units(name));
  const precision = m.ci
    ? { halfWidth: Math.abs(m.ci.upper - m.ci.lower) / 2 }
    : m.n === undefined
      ? {}
      : { n: m.n };
  return [
    codeSpan(name, { maxLength: 60 }),
    formatMetricValue(m.value, kind, precision),
    m.ci
      ? `${Math.round(m.ci.level * 100)}% CI ${formatMetricValue(m.ci.lower, kind, precision)} to ${formatMetricValue(m.ci.upper, kind, precision)}`
      : '—',
    m.n === undefined ? '—' : count(m.n),
  ];
}

function evaluationSection(
  r: EvaluationReport,
  alone: boolean,
  units: UnitLookup,
  ctx: SectionContext,
): Block[] {
  const b = r.body;
  const name = b.model.name ?? b.model.modelId ?? b.model.endpoint;
  const ex = b.examples;
  const counts = [
    `${count(ex.evaluated)} of ${count(ex.total)} examples evaluated`,
    ex.errored > 0 ? `${count(ex.errored)} errored` : '',
    ex.notRun > 0 ? `${count(ex.notRun)} not run (spend cap)` : '',
    ex.missingPredictions > 0 ? `${count(ex.missingPredictions)} without prediction` : '',
    ex.unknownIds > 0 ? `${count(ex.unknownIds)} unknown ids` : '',
    b.shard ? `shard ${b.shard.index}/${b.shard.count}` : '',
    b.mergedFrom ? `merged from ${b.mergedFrom} shards` : '',
  ].filter((s) => s !== '');
  const lines = [
    `### ${ctx.icons[r.status]} Model evaluation${name ? ` · ${codeSpan(name, { maxLength: 60 })}` : ''} on ${codeSpan(b.dataset.path, { maxLength: 80 })}`,
    '',
    `${escapeMarkdown(r.summary.replace(/\.\s*$/, ''))} · ${counts.join(' · ')}. ${sectionLinks(ctx, 'full evaluation report')}`.trim(),
  ];
  const blocks: Block[] = [text(lines.join('\n'))];
  const metrics = Object.entries(r.metrics);
  if (alone && metrics.length > 0) {
    blocks.push(
      table(
        ['Metric', 'Value', 'Interval', 'n'],
        ['l', 'r', 'r', 'r'],
        metrics.map(([metric, m]) => ({ cells: metricRow(metric, m, units), priority: false })),
        'metrics',
      ),
    );
  } else if (metrics.length > 0) {
    blocks.push(
      details(
        `All ${count(metrics.length)} metrics of ${escapeHtml(name ?? b.dataset.path, { maxLength: 60 })}`,
        tableLines(
          ['Metric', 'Value', 'Interval', 'n'],
          ['l', 'r', 'r', 'r'],
          metrics.map(([metric, m]) => metricRow(metric, m, units)),
          300,
          'metrics',
        ),
      ),
    );
  }
  const errors = Object.entries(b.errors ?? {}).filter(([, n]) => n > 0);
  if (errors.length > 0) {
    blocks.push(
      details(
        `Errored examples by cause (${count(ex.errored)})`,
        tableLines(
          ['Cause', 'Examples'],
          ['l', 'r'],
          errors
            .sort((x, y) => y[1] - x[1])
            .map(([cause, n]) => [escapeTableCell(cause), count(n)]),
          100,
          'causes',
        ),
      ),
    );
  }
  if (b.perClass && Object.keys(b.perClass).length > 0) {
    blocks.push(
      details(
        `Per-class precision and recall (${count(Object.keys(b.perClass).length)} classes)`,
        tableLines(
          ['Class', 'Precision', 'Recall', 'F1', 'Support'],
          ['l', 'r', 'r', 'r', 'r'],
          Object.entries(b.perClass).map(([label, m]) => [
            codeSpan(label, { maxLength: 60 }),
            formatNumber(m.precision, 'percent', { n: m.support }),
            formatNumber(m.recall, 'percent', { n: m.support }),
            formatNumber(m.f1, 'percent', { n: m.support }),
            count(m.support),
          ]),
          200,
          'classes',
        ),
      ),
    );
  }
  return blocks;
}

// --- slices ----------------------------------------------------------------------------------

const PRIMARY_METRICS = [
  'accuracy',
  'f1',
  'f1_macro',
  'macro_f1',
  'pass_rate',
  'passRate',
  'auc',
  'roc_auc',
  'r2',
  'mae',
  'rmse',
];

function lowerIsBetter(metric: string, reports: readonly AnyReport[]): boolean {
  for (const r of reports) {
    const m = r.metrics[metric];
    if (m) return m.direction === 'lower';
  }
  return /error|loss|mae|mse|rmse|latency|cost/i.test(metric);
}

/** The worse-first order of slice comparisons: failing verdict, then the largest harm. */
function harm(c: MetricComparison, lower: boolean): number {
  if (c.delta === null) return 0;
  return lower ? c.delta : -c.delta;
}

function slicesSection(g: Grouped, units: UnitLookup): Block[] {
  const all: AnyReport[] = [...g.regression, ...g.evaluation];
  const sliceRows = g.regression.flatMap((r) =>
    r.body.comparisons.filter((c) => c.slice !== undefined),
  );
  if (sliceRows.length > 0) {
    const sorted = [...sliceRows].sort(
      (a, b) =>
        verdictRank(b.verdict) - verdictRank(a.verdict) ||
        harm(b, lowerIsBetter(b.metric, all)) - harm(a, lowerIsBetter(a.metric, all)),
    );
    const rows = sorted.map((c) => {
      const kind = metricKind(c.metric, units(c.metric));
      const precision = precisionOf(c);
      return [
        codeSpan(`${c.slice?.column ?? ''}=${c.slice?.value ?? ''}`, { maxLength: 60 }),
        codeSpan(c.metric, { maxLength: 40 }),
        formatMetricValue(c.baseline, kind, precision),
        formatMetricValue(c.candidate, kind, precision),
        comparisonChange(c, kind),
        // A slice is gated by the bias rule (max drop in a slice); else its change is shown.
        c.rule.maxSliceDrop !== undefined || c.verdict !== 'pass'
          ? `${STATUS_ICON[c.verdict]} ${c.verdict}`
          : changeDirection(c),
      ];
    });
    const failing = sorted.filter((c) => c.verdict !== 'pass').length;
    return [
      details(
        `Slices: ${count(rows.length)} comparisons, worst first (${count(failing)} flagged)`,
        tableLines(
          ['Slice', 'Metric', 'Baseline', 'Candidate', 'Change', 'Verdict'],
          ['l', 'l', 'r', 'r', 'r', 'l'],
          rows,
          200,
          'slices',
        ),
      ),
    ];
  }
  const blocks: Block[] = [];
  for (const r of g.evaluation) {
    const slices = r.body.slices ?? [];
    if (slices.length === 0) continue;
    const metric = primaryMetric(slices.flatMap((s) => Object.keys(s.metrics)));
    if (metric === undefined) continue;
    const lower = lowerIsBetter(metric, [r]);
    const value = (s: (typeof slices)[number]): number => s.metrics[metric] ?? Number.NaN;
    const sorted = [...slices].sort((a, b) => {
      const va = value(a);
      const vb = value(b);
      if (Number.isNaN(va)) return 1;
      if (Number.isNaN(vb)) return -1;
      return lower ? vb - va : va - vb;
    });
    const overall = r.metrics[metric]?.value ?? null;
    const unit = units(metric);
    const rows = sorted.map((s) => [
      codeSpan(`${s.column}=${s.value}`, { maxLength: 60 }),
      count(s.n),
      formatMetricValue(s.metrics[metric] ?? null, metricKind(metric, unit), { n: s.n }),
      overall === null || s.metrics[metric] === null || s.metrics[metric] === undefined
        ? '—'
        : formatMetricChange((s.metrics[metric] ?? 0) - overall, metricKind(metric, unit), {
            n: s.n,
          }),
    ]);
    const headers = ['Slice', 'n', codeSpan(metric, { maxLength: 40 }), 'vs overall'];
    blocks.push(
      details(
        `Slices by ${escapeHtml(metric, { maxLength: 40 })}: ${count(rows.length)}, worst first`,
        tableLines(headers, ['l', 'r', 'r', 'r'], rows, 200, 'slices'),
      ),
    );
  }
  return blocks;
}

function verdictRank(v: 'pass' | 'warn' | 'fail'): number {
  return v === 'fail' ? 2 : v === 'warn' ? 1 : 0;
}

function primaryMetric(names: readonly string[]): string | undefined {
  const set = new Set(names);
  return PRIMARY_METRICS.find((m) => set.has(m)) ?? names[0];
}

// --- LLM assertions --------------------------------------------------------------------------

function llmSection(r: EvaluationReport, ctx: SectionContext): Block[] {
  const llm = r.body.llm;
  if (!llm) return [];
  const blocks: Block[] = [];
  const facts = [
    `pass rate **${llm.passRate === null ? '—' : share(llm.passRate)}**`,
    `${count(llm.repeats)} repeat${llm.repeats === 1 ? '' : 's'} per case`,
    `${count(llm.cacheHits)} of ${count(llm.requests)} requests cached`,
    llm.costUsd === null ? '' : `cost ${usd(llm.costUsd)}`,
    llm.judge
      ? `judge ${codeSpan(llm.judge.model, { maxLength: 40 })} (prompt ${escapeMarkdown(llm.judge.promptVersion, { maxLength: 20 })})`
      : '',
  ].filter((f) => f !== '');
  blocks.push(text(`### ${ctx.icons[r.status]} LLM assertions\n\n${facts.join(' · ')}.`));
  const assertions = Object.entries(llm.byAssertion);
  if (assertions.length > 0) {
    const rate = (a: { passed: number; total: number }): number =>
      a.total === 0 ? 1 : a.passed / a.total;
    const rows = assertions
      .sort((x, y) => rate(x[1]) - rate(y[1]))
      .map(([type, a]) => [
        codeSpan(type, { maxLength: 40 }),
        count(a.passed),
        count(a.total),
        a.total === 0 ? '—' : share(a.passed / a.total),
      ]);
    const headers = ['Assertion', 'Passed', 'Total', 'Pass rate'];
    const align = ['l', 'r', 'r', 'r'] as const;
    // The assertion table stays in view when it blocks; else it is collapsed.
    blocks.push(
      r.status === 'fail' || r.status === 'error'
        ? table(
            headers,
            align,
            rows.map((cells) => ({ cells, priority: true })),
            'assertion types',
          )
        : details(
            `Pass rate by assertion type (${count(rows.length)})`,
            tableLines(headers, align, rows, 100, 'assertion types'),
          ),
    );
  }
  if (llm.flaky.length > 0) {
    const shown = llm.flaky.slice(0, 10).map((id) => codeSpan(id, { maxLength: 40 }));
    blocks.push(
      text(
        `**Flaky cases** (${count(llm.flaky.length)}, results differ across repeats): ${shown.join(', ')}${llm.flaky.length > 10 ? ', …' : ''}`,
      ),
    );
    if (llm.flaky.length > 10) {
      blocks.push(
        details(`All ${count(llm.flaky.length)} flaky cases`, [
          llm.flaky
            .slice(0, 500)
            .map((id) => `- ${codeSpan(id, { maxLength: 80 })}`)
            .join('\n'),
        ]),
      );
    }
  }
  return blocks;
}

// --- cost ------------------------------------------------------------------------------------

function costSection(r: CostReport, ctx: SectionContext): Block[] {
  const b = r.body;
  const c = b.candidate;
  const budget = b.gates.monthlyBudgetUsd;
  const link = sectionLinks(ctx, 'full cost report');
  const costTable = table(
    ['Model', 'Monthly', 'Baseline', 'Δ', 'Per 1k requests', 'Budget'],
    ['l', 'r', 'r', 'r', 'r', 'r'],
    [
      {
        cells: [
          codeSpan(`${c.provider}/${c.model}`, { maxLength: 60 }),
          `**${usd(c.monthlyCostUsd)}**`,
          b.baseline ? usd(b.baseline.monthlyCostUsd) : '—',
          b.deltaUsd === null
            ? '—'
            : `${formatNumber(b.deltaUsd, 'usd', { signed: true })}${b.deltaPct === null ? '' : ` (${formatNumber(b.deltaPct / 100, 'ratio')})`}`,
          usd(c.costPer1kRequestsUsd),
          budget === undefined ? '—' : usd(budget),
        ],
        priority: true,
      },
    ],
    'models',
  );
  // Over budget or above the allowed increase: the figures stay in view; else they are collapsed.
  const blocks: Block[] = [
    text(`### ${ctx.icons[r.status]} Cost\n\n${escapeMarkdown(r.summary)} ${link}`.trimEnd()),
  ];
  const content: string[] = [];
  if (r.status === 'pass') {
    content.push(costTable.head, ...costTable.rows, '');
  } else {
    blocks.push(costTable);
  }
  content.push(
    `${count(c.monthlyRequests)} requests a month (${c.hosting}; tokens from ${c.tokensSource}). Input ${usd(c.breakdown.inputUsd)}, cached input ${usd(c.breakdown.cachedInputUsd)}, output ${usd(c.breakdown.outputUsd)}${c.breakdown.gpuUsd > 0 ? `, GPU ${usd(c.breakdown.gpuUsd)}` : ''}.`,
  );
  if (c.prices) {
    content.push(
      '',
      `Prices: ${usd(c.prices.inputPer1M)} / ${usd(c.prices.outputPer1M)} per 1M input / output tokens, as of ${escapeMarkdown(c.prices.asOf, { maxLength: 30 })} (${escapeMarkdown(c.prices.source, { maxLength: 80 })}).`,
    );
  }
  if (c.segments.length > 0) {
    content.push(
      '',
      ...tableLines(
        ['Segment', 'Requests', 'Tokens in', 'Tokens out', 'Monthly'],
        ['l', 'r', 'r', 'r', 'r'],
        c.segments.map((s) => [
          escapeTableCell(s.name),
          count(s.monthlyRequests),
          count(s.inputTokensPerRequest),
          count(s.outputTokensPerRequest),
          usd(s.totalUsd),
        ]),
        100,
        'segments',
      ),
    );
  }
  blocks.push(details('How the cost was estimated', content));
  return blocks;
}

// --- findings --------------------------------------------------------------------------------

const SEVERITY_ICON: Readonly<Record<Finding['severity'], string>> = {
  error: '❌',
  warning: '⚠️',
  notice: 'ℹ️',
};

function findingsSection(reports: readonly AnyReport[]): Block[] {
  // A regression report's findings are its comparisons, shown above in numbers of one style.
  const found = reports
    .filter((r) => reportKind(r) !== 'regression')
    .flatMap((r) => r.findings.filter((f) => f.severity !== 'notice').map((f) => ({ r, f })));
  if (found.length === 0) return [];
  found.sort((a, b) => (a.f.severity === b.f.severity ? 0 : a.f.severity === 'error' ? -1 : 1));
  const lines = found.slice(0, 200).map(({ r, f }) => {
    const where = f.file
      ? ` (${codeSpan(`${f.file}${f.line === undefined ? '' : `:${f.line}`}`, { maxLength: 80 })})`
      : '';
    return `- ${SEVERITY_ICON[f.severity]} ${KIND_TITLE[reportKind(r)]}: ${escapeMarkdown(f.message, { maxLength: 240 })}${where}`;
  });
  if (found.length > 200) lines.push(`- … and ${count(found.length - 200)} more.`);
  const errors = found.filter(({ f }) => f.severity === 'error').length;
  return [
    details(`Findings: ${count(errors)} errors, ${count(found.length - errors)} warnings`, [
      lines.join('\n'),
    ]),
  ];
}

// --- chart -----------------------------------------------------------------------------------

function chart(g: Grouped): Block[] {
  const all: AnyReport[] = [...g.regression, ...g.evaluation];
  const sliceRows = g.regression.flatMap((r) =>
    r.body.comparisons.filter((c) => c.slice !== undefined && c.candidate !== null),
  );
  let series: ChartSeries[];
  let title: string;
  let yLabel: string;
  if (sliceRows.length > 0) {
    const metric = primaryMetric(sliceRows.map((c) => c.metric)) ?? '';
    const rows = sliceRows.filter((c) => c.metric === metric);
    series = rows.map((c) => ({
      label: c.slice?.value ?? '',
      value: c.candidate ?? Number.NaN,
      ...(c.baseline !== null && { reference: c.baseline }),
    }));
    title = `${metric} per slice (bars candidate, line baseline)`;
    yLabel = metric;
  } else {
    const evaluation = g.evaluation.find((r) => (r.body.slices ?? []).length > 0);
    const slices = evaluation?.body.slices ?? [];
    const metric = primaryMetric(slices.flatMap((s) => Object.keys(s.metrics)));
    if (metric !== undefined) {
      series = slices
        .filter((s) => typeof s.metrics[metric] === 'number')
        .map((s) => ({ label: `${s.value}`, value: s.metrics[metric] ?? Number.NaN }));
      title = `${metric} per slice`;
      yLabel = metric;
    } else {
      // No slices: the fraction metrics of the candidate against the baseline.
      const fractions = g.regression
        .flatMap((r) => r.body.comparisons)
        .filter(
          (c) =>
            c.slice === undefined &&
            c.candidate !== null &&
            c.candidate >= 0 &&
            c.candidate <= 1 &&
            (c.baseline === null || (c.baseline >= 0 && c.baseline <= 1)),
        );
      series = fractions.map((c) => ({
        label: c.metric,
        value: c.candidate ?? Number.NaN,
        ...(c.baseline !== null && { reference: c.baseline }),
      }));
      title = 'Metrics (bars candidate, line baseline)';
      yLabel = 'value';
    }
  }
  if (series.length < 2) return [];
  const bounded = series.every(
    (s) =>
      s.value >= 0 &&
      s.value <= 1 &&
      (s.reference === undefined || (s.reference >= 0 && s.reference <= 1)),
  );
  const mermaid = renderBarChart(series, {
    title,
    yLabel,
    ...(bounded && !lowerIsBetter(yLabel, all) && { yMin: 0, yMax: 1 }),
  });
  return mermaid === ''
    ? []
    : [details(`Chart: ${escapeHtml(title, { maxLength: 80 })}`, [mermaid])];
}

// --- footer ----------------------------------------------------------------------------------

function footer(g: Grouped, reports: readonly AnyReport[], options: SummaryOptions): string {
  const parts: string[] = [];
  const first = reports[0]?.provenance;
  const commit = first?.headSha ?? first?.sha;
  if (commit) parts.push(`commit ${codeSpan(commit.slice(0, 12), { maxLength: 12 })}`);
  const sets = [...new Set(g.evaluation.map((r) => r.body.dataset.sha256))];
  if (sets.length > 0) {
    parts.push(
      `eval set ${sets
        .slice(0, 3)
        .map((s) => codeSpan(s.slice(0, 12), { maxLength: 12 }))
        .join(', ')}`,
    );
  }
  for (const r of g.regression.slice(0, 1)) {
    const base = r.body.baseline;
    const sha = base.artifact?.sha ?? base.provenance?.headSha ?? base.provenance?.sha;
    let age = base.artifact?.ageDays;
    if (age === undefined && base.provenance?.time) {
      const t = Date.parse(base.provenance.time);
      if (Number.isFinite(t)) age = (options.now.getTime() - t) / 86_400_000;
    }
    if (sha) {
      const exact =
        base.artifact && !base.artifact.exactMergeBase ? ', nearest to the merge base' : '';
      parts.push(
        `baseline ${codeSpan(sha.slice(0, 12), { maxLength: 12 })}${age === undefined ? '' : ` (${formatAgeDays(age)} old${exact})`}`,
      );
    } else if (r.body.noBaseline) {
      parts.push('no baseline');
    }
  }
  const links = options.links ?? {};
  if (safeUrl(links.runUrl)) parts.push(`[run](${links.runUrl})`);
  if (safeUrl(links.artifactsUrl)) parts.push(`[artifacts](${links.artifactsUrl})`);
  const tool = first?.tool;
  parts.push(`modelgate${tool ? ` v${escapeMarkdown(tool.version, { maxLength: 20 })}` : ''}`);
  return `---\n<sub>${parts.join(' · ')}</sub>`;
}
