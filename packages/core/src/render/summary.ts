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
import type { Finding, ReportStatus } from '../report/envelope';
import { codeSpan, escapeHtml, escapeMarkdown, escapeTableCell } from './escape';
import { renderBarChart } from './summary-chart';
import type { ChartSeries } from './summary-chart';
import { fitDocument, measureChars, utf8Bytes } from './summary-budget';
import type { Block, Measure, TableBlock, TextBlock } from './summary-budget';
import {
  STATUS_ICON,
  STATUS_WORD,
  formatAgeDays,
  formatCount,
  formatDelta,
  formatInterval,
  formatNumber,
  formatPct,
  formatShare,
  formatUsd,
  formatValue,
  statusRank,
  worseStatus,
} from './summary-format';

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
}

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
  const head: Block[] = [];
  if (options.marker) head.push(text(options.marker));
  head.push(...banner(reports, status, options.title ?? 'modelgate'));

  const body: Block[] = [
    ...g.data.flatMap((r) => dataSection(r)),
    ...modelSection(g, units),
    ...slicesSection(g, units),
    ...g.evaluation.flatMap((r) => llmSection(r)),
    ...g.cost.flatMap((r) => costSection(r)),
    ...findingsSection(reports),
    ...chart(g),
  ];
  const tail = [text(footer(g, reports, options))];
  const links = options.links ?? {};
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

function text(markdown: string, detail = false): TextBlock {
  return { kind: 'text', text: markdown, detail };
}

function details(summary: string, content: readonly string[]): TextBlock {
  // The summary line is raw HTML, where markdown is not processed: callers pass escaped HTML.
  return text(
    ['<details>', `<summary>${summary}</summary>`, '', ...content, '', '</details>'].join('\n'),
    true,
  );
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
    more: (n) => `<sub>… and ${formatCount(n)} more ${noun} in the full report.</sub>`,
  };
}

/** A markdown table as plain lines, for use inside a collapsible section. */
function tableLines(
  headers: readonly string[],
  align: readonly ('l' | 'r' | 'c')[],
  rows: readonly (readonly string[])[],
  maxRows: number,
  noun = 'rows',
  /** The number of rows there are, when `rows` was already cut (to avoid rendering the rest). */
  total = rows.length,
): string[] {
  const sep = align.map((a) => (a === 'r' ? '--:' : a === 'c' ? ':-:' : '---'));
  const lines = [`| ${headers.join(' | ')} |`, `| ${sep.join(' | ')} |`];
  for (const row of rows.slice(0, maxRows)) lines.push(`| ${row.join(' | ')} |`);
  if (total > maxRows) {
    lines.push('', `<sub>… and ${formatCount(total - maxRows)} more ${noun}.</sub>`);
  }
  return lines;
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

function banner(reports: readonly AnyReport[], status: ReportStatus, title: string): Block[] {
  const counts = (['fail', 'error', 'warn'] as const)
    .map((s) => [s, reports.filter((r) => r.status === s).length] as const)
    .filter(([, n]) => n > 0)
    .map(([s, n]) => `${n} ${s === 'warn' ? 'warning' : s === 'fail' ? 'failing' : 'errored'}`);
  const tally =
    reports.length === 0
      ? 'No reports.'
      : `${formatCount(reports.length)} check${reports.length === 1 ? '' : 's'}${
          counts.length > 0 ? `: ${counts.join(', ')}` : ', all passing'
        }.`;
  const heading = `## ${STATUS_ICON[status]} ${escapeMarkdown(title, { maxLength: 100 })}: ${STATUS_WORD[status]}`;
  const rows = reports.map((r) => {
    const subject = subjectOf(r);
    const name =
      KIND_TITLE[reportKind(r)] + (subject ? ` ${codeSpan(subject, { maxLength: 60 })}` : '');
    return {
      cells: [
        `${STATUS_ICON[r.status]} ${r.status}`,
        name,
        escapeTableCell(r.summary, { maxLength: 160 }),
      ],
      priority: statusRank(r.status) >= 1,
    };
  });
  const checks = table(['Verdict', 'Check', 'Summary'], ['l', 'l', 'l'], rows, 'checks');
  return [text(`${heading}\n\n${tally}`), checks];
}

// --- data validation -------------------------------------------------------------------------

function dataSection(r: DataValidationReport): Block[] {
  const b = r.body;
  const blocks: Block[] = [];
  const lines = [
    `### ${STATUS_ICON[r.status]} Data validation · ${codeSpan(b.data.path, { maxLength: 80 })} (${formatCount(b.data.rows)} rows)`,
    '',
    escapeMarkdown(r.summary),
  ];
  const facts: string[] = [];
  if (b.drift) {
    const d = b.drift;
    facts.push(
      `**Drift:** ${formatCount(d.drifted.length)} of ${formatCount(d.tested)} columns drifted (${formatShare(d.share)}; dataset drift at ${formatShare(d.shareThreshold)}): ${d.datasetDrift ? '**dataset drifted**' : 'no dataset drift'}.`,
    );
    if (d.labelDrift) {
      facts.push(
        `**Label drift** on ${codeSpan(d.labelDrift.column, { maxLength: 60 })}: ${d.labelDrift.drifted ? 'drifted' : 'none'} (statistic ${formatNumber(d.labelDrift.statistic)}, threshold ${formatNumber(d.labelDrift.threshold)}).`,
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
            .map(([code, n]) => `${escapeMarkdown(code, { maxLength: 40 })} ${formatCount(n)}`)
            .join(', ')}${entries.length > 8 ? ', …' : ''})`
        : '';
    return `**${label}:** ${formatCount(total)}${codes}.`;
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
    facts.push(`**Duplicate rows:** ${formatCount(b.duplicates.rows)}.`);
  }
  lines.push('', facts.map((f) => `- ${f}`).join('\n'));
  blocks.push(text(lines.join('\n')));

  const problem = b.columns.filter((c) => c.drift?.drifted === true || c.violations > 0);
  if (problem.length > 0) {
    blocks.push(
      table(
        ['Column', 'Test', 'Statistic', 'p-value', 'Threshold', 'Drifted', 'Violations'],
        ['l', 'l', 'r', 'r', 'r', 'c', 'r'],
        problem.map((c) => ({
          cells: [
            codeSpan(c.name, { maxLength: 60 }),
            c.drift ? c.drift.method : '—',
            formatNumber(c.drift?.statistic),
            formatNumber(c.drift?.pValue),
            c.drift ? formatNumber(c.drift.threshold) : '—',
            c.drift?.drifted ? '❌' : '—',
            formatCount(c.violations),
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
        `All ${formatCount(b.columns.length)} columns of ${escapeHtml(b.data.path, { maxLength: 80 })}`,
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
            c.data.nullFraction === null
              ? formatCount(c.data.nulls)
              : formatShare(c.data.nullFraction),
            c.data.distinct === null ? '—' : formatCount(c.data.distinct),
            formatNumber(c.data.numeric?.mean),
            c.drift?.method ?? '—',
            formatNumber(c.drift?.statistic),
            c.drift?.drifted ? '❌' : '—',
            formatCount(c.violations),
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

const STATE_ICON: Readonly<Record<MetricComparison['state'], string>> = {
  improved: '📈',
  unchanged: '➖',
  regressed: '📉',
  noise: '〰️',
  missing: '❔',
  errored: '⛔',
  new: '🆕',
};

const VERDICT_ICON = { pass: '✅', warn: '⚠️', fail: '❌' } as const;

type UnitLookup = (metric: string) => string | undefined;

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

function comparisonRow(c: MetricComparison, units: UnitLookup): string[] {
  const unit = units(c.metric);
  const rel = c.relativeDelta === null ? '' : ` (${formatPct(c.relativeDelta)})`;
  const ci = c.ci
    ? `<br><sub>${Math.round(c.ci.level * 100)}% CI ${formatInterval(c.ci.lower, c.ci.upper, unit)}</sub>`
    : '';
  return [
    codeSpan(c.metric, { maxLength: 60 }),
    formatValue(c.baseline, unit),
    formatValue(c.candidate, unit),
    `${formatDelta(c.delta, unit)}${rel}${ci}`,
    `${VERDICT_ICON[c.verdict]} ${STATE_ICON[c.state]} ${c.state}${c.noisy ? ' (noisy)' : ''}`,
  ];
}

const MODEL_HEADERS = ['Metric', 'Baseline', 'Candidate', 'Δ', 'Verdict'];
const MODEL_ALIGN = ['l', 'r', 'r', 'r', 'l'] as const;

function modelSection(g: Grouped, units: UnitLookup): Block[] {
  const blocks: Block[] = [];
  for (const r of g.regression) {
    const b = r.body;
    const overall = b.comparisons.filter((c) => c.slice === undefined);
    const lines = [
      `### ${STATUS_ICON[r.status]} Model evaluation vs baseline`,
      '',
      escapeMarkdown(r.summary),
    ];
    const notes: string[] = [];
    if (b.noBaseline) notes.push('No baseline was found: the candidate is shown alone.');
    if (b.pairedRefused)
      notes.push(`Paired tests were not used: ${escapeMarkdown(b.pairedRefused)}`);
    for (const n of b.notes.slice(0, 5)) notes.push(escapeMarkdown(n));
    if (notes.length > 0) lines.push('', notes.map((n) => `- ${n}`).join('\n'));
    blocks.push(text(lines.join('\n')));
    if (overall.length > 0) {
      blocks.push(
        table(
          MODEL_HEADERS,
          MODEL_ALIGN,
          overall.map((c) => ({ cells: comparisonRow(c, units), priority: c.verdict !== 'pass' })),
          'metrics',
        ),
      );
    }
    if (b.comparisons.length > 0) {
      blocks.push(
        details(
          `How each of the ${formatCount(b.comparisons.length)} comparisons was judged`,
          tableLines(
            ['Metric', 'Slice', 'Rule', 'Test', 'p-value', 'Message'],
            ['l', 'l', 'l', 'l', 'r', 'l'],
            b.comparisons
              .slice(0, 400)
              .map((c) => [
                codeSpan(c.metric, { maxLength: 60 }),
                c.slice ? codeSpan(`${c.slice.column}=${c.slice.value}`, { maxLength: 60 }) : '—',
                `${c.rule.tier}: ${escapeTableCell(ruleText(c), { maxLength: 120 })}`,
                c.test,
                formatNumber(c.pValue),
                escapeTableCell(c.message, { maxLength: 160 }),
              ]),
            400,
            'comparisons',
            b.comparisons.length,
          ),
        ),
      );
    }
  }
  const alone = g.regression.length === 0;
  for (const r of g.evaluation) blocks.push(...evaluationSection(r, alone, units));
  return blocks;
}

function ruleText(c: MetricComparison): string {
  const r = c.rule;
  const parts: string[] = [];
  if (r.min !== undefined) parts.push(`min ${formatNumber(r.min)}`);
  if (r.max !== undefined) parts.push(`max ${formatNumber(r.max)}`);
  if (r.maxDrop !== undefined) parts.push(`max drop ${formatNumber(r.maxDrop)}`);
  if (r.maxRelativeDrop !== undefined)
    parts.push(`max relative drop ${formatShare(r.maxRelativeDrop)}`);
  if (r.requireSignificance) parts.push('significant only');
  parts.push(`from ${r.source}`);
  return parts.join(', ');
}

function evaluationSection(r: EvaluationReport, alone: boolean, units: UnitLookup): Block[] {
  const b = r.body;
  const name = b.model.name ?? b.model.modelId ?? b.model.endpoint;
  const ex = b.examples;
  const counts = [
    `${formatCount(ex.evaluated)} of ${formatCount(ex.total)} examples evaluated`,
    ex.errored > 0 ? `${formatCount(ex.errored)} errored` : '',
    ex.notRun > 0 ? `${formatCount(ex.notRun)} not run (spend cap)` : '',
    ex.missingPredictions > 0 ? `${formatCount(ex.missingPredictions)} without prediction` : '',
    ex.unknownIds > 0 ? `${formatCount(ex.unknownIds)} unknown ids` : '',
    b.shard ? `shard ${b.shard.index}/${b.shard.count}` : '',
    b.mergedFrom ? `merged from ${b.mergedFrom} shards` : '',
  ].filter((s) => s !== '');
  const lines = [
    `### ${STATUS_ICON[r.status]} Model evaluation${name ? ` · ${codeSpan(name, { maxLength: 60 })}` : ''} on ${codeSpan(b.dataset.path, { maxLength: 80 })}`,
    '',
    escapeMarkdown(r.summary),
    '',
    `${counts.join(' · ')}.`,
  ];
  const blocks: Block[] = [text(lines.join('\n'))];
  const metrics = Object.entries(r.metrics);
  if (alone && metrics.length > 0) {
    blocks.push(
      table(
        MODEL_HEADERS,
        MODEL_ALIGN,
        metrics.map(([metric, m]) => ({
          cells: [
            codeSpan(metric, { maxLength: 60 }),
            '—',
            `${formatValue(m.value, m.unit)}${
              m.ci
                ? `<br><sub>${Math.round(m.ci.level * 100)}% CI ${formatInterval(m.ci.lower, m.ci.upper, m.unit)}</sub>`
                : ''
            }`,
            '—',
            `${STATUS_ICON[r.status]} no baseline`,
          ],
          priority: false,
        })),
        'metrics',
      ),
    );
  } else if (metrics.length > 0) {
    blocks.push(
      details(
        `All ${formatCount(metrics.length)} metrics of ${escapeHtml(name ?? b.dataset.path, { maxLength: 60 })}`,
        tableLines(
          ['Metric', 'Value', 'CI', 'n'],
          ['l', 'r', 'r', 'r'],
          metrics.map(([metric, m]) => [
            codeSpan(metric, { maxLength: 60 }),
            formatValue(m.value, m.unit ?? units(metric)),
            m.ci ? formatInterval(m.ci.lower, m.ci.upper, m.unit) : '—',
            m.n === undefined ? '—' : formatCount(m.n),
          ]),
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
        `Errored examples by cause (${formatCount(ex.errored)})`,
        tableLines(
          ['Cause', 'Examples'],
          ['l', 'r'],
          errors
            .sort((x, y) => y[1] - x[1])
            .map(([cause, n]) => [escapeTableCell(cause), formatCount(n)]),
          100,
          'causes',
        ),
      ),
    );
  }
  if (b.perClass && Object.keys(b.perClass).length > 0) {
    blocks.push(
      details(
        `Per-class precision and recall (${formatCount(Object.keys(b.perClass).length)} classes)`,
        tableLines(
          ['Class', 'Precision', 'Recall', 'F1', 'Support'],
          ['l', 'r', 'r', 'r', 'r'],
          Object.entries(b.perClass).map(([label, m]) => [
            codeSpan(label, { maxLength: 60 }),
            formatNumber(m.precision),
            formatNumber(m.recall),
            formatNumber(m.f1),
            formatCount(m.support),
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
      const [, ...rest] = comparisonRow(c, units);
      return [
        codeSpan(`${c.slice?.column ?? ''}=${c.slice?.value ?? ''}`, { maxLength: 60 }),
        codeSpan(c.metric, { maxLength: 40 }),
        ...rest,
      ];
    });
    return [
      text('### Worst slices'),
      table(
        ['Slice', 'Metric', 'Baseline', 'Candidate', 'Δ', 'Verdict'],
        ['l', 'l', 'r', 'r', 'r', 'l'],
        rows
          .slice(0, 5)
          .map((cells, i) => ({ cells, priority: (sorted[i]?.verdict ?? 'pass') !== 'pass' })),
        'slices',
      ),
      ...(rows.length > 5
        ? [
            details(
              `All ${formatCount(rows.length)} slice comparisons, worst first`,
              tableLines(
                ['Slice', 'Metric', 'Baseline', 'Candidate', 'Δ', 'Verdict'],
                ['l', 'l', 'r', 'r', 'r', 'l'],
                rows,
                200,
                'slices',
              ),
            ),
          ]
        : []),
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
      formatCount(s.n),
      formatValue(s.metrics[metric] ?? null, unit),
      overall === null || s.metrics[metric] === null || s.metrics[metric] === undefined
        ? '—'
        : formatDelta((s.metrics[metric] ?? 0) - overall, unit),
    ]);
    const headers = ['Slice', 'n', codeSpan(metric, { maxLength: 40 }), 'vs overall'];
    blocks.push(
      text(`### Worst slices by ${codeSpan(metric, { maxLength: 40 })}`),
      table(
        headers,
        ['l', 'r', 'r', 'r'],
        rows.slice(0, 5).map((cells) => ({ cells, priority: false })),
        'slices',
      ),
    );
    if (rows.length > 5) {
      blocks.push(
        details(
          `All ${formatCount(rows.length)} slices, worst first`,
          tableLines(headers, ['l', 'r', 'r', 'r'], rows, 200, 'slices'),
        ),
      );
    }
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

function llmSection(r: EvaluationReport): Block[] {
  const llm = r.body.llm;
  if (!llm) return [];
  const blocks: Block[] = [];
  const facts = [
    `pass rate **${llm.passRate === null ? '—' : formatShare(llm.passRate)}**`,
    `${formatCount(llm.repeats)} repeat${llm.repeats === 1 ? '' : 's'} per case`,
    `${formatCount(llm.cacheHits)} of ${formatCount(llm.requests)} requests cached`,
    llm.costUsd === null ? '' : `cost ${formatUsd(llm.costUsd)}`,
    llm.judge
      ? `judge ${codeSpan(llm.judge.model, { maxLength: 40 })} (prompt ${escapeMarkdown(llm.judge.promptVersion, { maxLength: 20 })})`
      : '',
  ].filter((f) => f !== '');
  blocks.push(text(`### ${STATUS_ICON[r.status]} LLM assertions\n\n${facts.join(' · ')}.`));
  const assertions = Object.entries(llm.byAssertion);
  if (assertions.length > 0) {
    const rate = (a: { passed: number; total: number }): number =>
      a.total === 0 ? 1 : a.passed / a.total;
    blocks.push(
      table(
        ['Assertion', 'Passed', 'Total', 'Pass rate'],
        ['l', 'r', 'r', 'r'],
        assertions
          .sort((x, y) => rate(x[1]) - rate(y[1]))
          .map(([type, a]) => ({
            cells: [
              codeSpan(type, { maxLength: 40 }),
              formatCount(a.passed),
              formatCount(a.total),
              a.total === 0 ? '—' : formatShare(a.passed / a.total),
            ],
            priority: a.passed < a.total,
          })),
        'assertion types',
      ),
    );
  }
  if (llm.flaky.length > 0) {
    const shown = llm.flaky.slice(0, 10).map((id) => codeSpan(id, { maxLength: 40 }));
    blocks.push(
      text(
        `**Flaky cases** (${formatCount(llm.flaky.length)}, results differ across repeats): ${shown.join(', ')}${llm.flaky.length > 10 ? ', …' : ''}`,
      ),
    );
    if (llm.flaky.length > 10) {
      blocks.push(
        details(`All ${formatCount(llm.flaky.length)} flaky cases`, [
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

function costSection(r: CostReport): Block[] {
  const b = r.body;
  const c = b.candidate;
  const budget = b.gates.monthlyBudgetUsd;
  const blocks: Block[] = [
    text(`### ${STATUS_ICON[r.status]} Cost\n\n${escapeMarkdown(r.summary)}`),
    table(
      ['Model', 'Monthly', 'Baseline', 'Δ', 'Per 1k requests', 'Budget'],
      ['l', 'r', 'r', 'r', 'r', 'r'],
      [
        {
          cells: [
            codeSpan(`${c.provider}/${c.model}`, { maxLength: 60 }),
            `**${formatUsd(c.monthlyCostUsd)}**`,
            b.baseline ? formatUsd(b.baseline.monthlyCostUsd) : '—',
            b.deltaUsd === null
              ? '—'
              : `${formatDelta(b.deltaUsd, 'usd')}${b.deltaPct === null ? '' : ` (${formatPct(b.deltaPct / 100)})`}`,
            formatUsd(c.costPer1kRequestsUsd),
            budget === undefined ? '—' : formatUsd(budget),
          ],
          priority: true,
        },
      ],
      'models',
    ),
  ];
  const content: string[] = [];
  content.push(
    `${formatCount(c.monthlyRequests)} requests a month (${c.hosting}; tokens from ${c.tokensSource}). Input ${formatUsd(c.breakdown.inputUsd)}, cached input ${formatUsd(c.breakdown.cachedInputUsd)}, output ${formatUsd(c.breakdown.outputUsd)}${c.breakdown.gpuUsd > 0 ? `, GPU ${formatUsd(c.breakdown.gpuUsd)}` : ''}.`,
  );
  if (c.prices) {
    content.push(
      '',
      `Prices: ${formatUsd(c.prices.inputPer1M)} / ${formatUsd(c.prices.outputPer1M)} per 1M input / output tokens, as of ${escapeMarkdown(c.prices.asOf, { maxLength: 30 })} (${escapeMarkdown(c.prices.source, { maxLength: 80 })}).`,
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
          formatCount(s.monthlyRequests),
          formatNumber(s.inputTokensPerRequest, 1),
          formatNumber(s.outputTokensPerRequest, 1),
          formatUsd(s.totalUsd),
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
  const found = reports.flatMap((r) =>
    r.findings.filter((f) => f.severity !== 'notice').map((f) => ({ r, f })),
  );
  if (found.length === 0) return [];
  found.sort((a, b) => (a.f.severity === b.f.severity ? 0 : a.f.severity === 'error' ? -1 : 1));
  const lines = found.slice(0, 200).map(({ r, f }) => {
    const where = f.file
      ? ` (${codeSpan(`${f.file}${f.line === undefined ? '' : `:${f.line}`}`, { maxLength: 80 })})`
      : '';
    return `- ${SEVERITY_ICON[f.severity]} ${KIND_TITLE[reportKind(r)]}: ${escapeMarkdown(f.message, { maxLength: 240 })}${where}`;
  });
  if (found.length > 200) lines.push(`- … and ${formatCount(found.length - 200)} more.`);
  const errors = found.filter(({ f }) => f.severity === 'error').length;
  return [
    details(
      `Findings: ${formatCount(errors)} errors, ${formatCount(found.length - errors)} warnings`,
      [lines.join('\n')],
    ),
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
  return mermaid === '' ? [] : [text(mermaid, true)];
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
