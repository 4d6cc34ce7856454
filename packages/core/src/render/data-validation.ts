import type { DataValidationReport } from '../report/kinds';
import type { ColumnReport } from '../report/data-validation';
import { escapeMarkdown, escapeTableCell } from './escape';

/** The most violations listed in the summary; the report has the rest. */
export const SUMMARY_MAX_FINDINGS = 30;

const ICON = { pass: '✅', warn: '⚠️', fail: '❌', error: '💥' } as const;

/**
 * The job summary of a data-validation report, as markdown. Every column name, value and
 * message from the data is escaped (they are untrusted). Pure.
 */
export function renderDataValidation(report: DataValidationReport): string {
  const b = report.body;
  const out: string[] = [];
  out.push(`## ${ICON[report.status]} modelgate validate-data: ${report.status}`);
  out.push('');
  out.push(escapeMarkdown(report.summary, { maxLength: 500 }));
  out.push('');
  const ref = b.reference
    ? ` against ${escapeMarkdown(b.reference.path)} (${b.reference.rows} rows)`
    : '';
  out.push(`Data: ${escapeMarkdown(b.data.path)} (${b.data.format}, ${b.data.rows} rows)${ref}.`);
  if (b.drift) {
    const d = b.drift;
    out.push('');
    out.push(
      `**Drift:** ${d.drifted.length} of ${d.tested} columns drifted (share ${d.share.toFixed(2)}; the dataset drifts at ${d.shareThreshold}): ${d.datasetDrift ? '**dataset drift**' : 'no dataset drift'}.` +
        (d.labelDrift
          ? ` Label ${escapeMarkdown(d.labelDrift.column)}: Jensen–Shannon ${fmt(d.labelDrift.statistic)} (threshold ${d.labelDrift.threshold})${d.labelDrift.drifted ? ', **drifted**' : ''}.`
          : ''),
    );
  }
  out.push('');
  out.push(
    '| column | type | nulls | summary | drift test | statistic | p-value | verdict | violations |',
  );
  out.push('|---|---|---:|---|---|---:|---:|---|---:|');
  for (const c of b.columns) out.push(columnRow(c));
  const listed = report.findings
    .filter((f) => f.severity !== 'notice')
    .slice(0, SUMMARY_MAX_FINDINGS);
  if (listed.length > 0) {
    out.push('');
    out.push(
      `### Findings (${b.violations.total} in all${report.findings.length > listed.length ? `; the first ${listed.length} shown` : ''})`,
    );
    out.push('');
    for (const f of listed) {
      const where = f.file
        ? ` (${escapeMarkdown(f.file)}${f.line !== undefined ? `:${f.line}` : ''})`
        : '';
      out.push(
        `- ${f.severity === 'error' ? '❌' : '⚠️'} \`${f.code}\`${where}: ${escapeMarkdown(f.message)}`,
      );
    }
  }
  out.push('');
  return out.join('\n');
}

function columnRow(c: ColumnReport): string {
  const type =
    c.declaredType && c.declaredType !== c.inferredType
      ? `${c.declaredType} (data: ${c.inferredType})`
      : c.inferredType;
  const nullCell =
    c.data.nullFraction === null ? '–' : `${(c.data.nullFraction * 100).toFixed(1)}%`;
  let summary = '';
  if (c.data.numeric) {
    const n = c.data.numeric;
    summary = `mean ${fmt(n.mean)}, std ${fmt(n.std)}, median ${fmt(n.quantiles['0.5'] ?? null)}${n.approximate ? ' (≈)' : ''}`;
  } else if (c.data.topValues && c.data.topValues.length > 0) {
    summary = c.data.topValues
      .slice(0, 3)
      .map((t) => `${escapeTableCell(t.value, { maxLength: 24 })} (${t.count})`)
      .join(', ');
  } else if (c.data.datetimeRange) {
    summary = `${c.data.datetimeRange.min.slice(0, 10)} to ${c.data.datetimeRange.max.slice(0, 10)}`;
  }
  const d = c.drift;
  const test = d
    ? `${d.method}${d.approximate ? ' (≈)' : ''}`
    : escapeTableCell(c.driftSkipped ?? '–');
  const stat = d ? fmt(d.statistic) : '';
  const p = d && d.pValue !== null ? fmt(d.pValue) : '';
  const verdict = d ? (d.drifted ? '**drift**' : 'ok') : '';
  return `| ${escapeTableCell(c.name)} | ${type} | ${nullCell} | ${summary} | ${test} | ${stat} | ${p} | ${verdict} | ${c.violations} |`;
}

function fmt(x: number | null): string {
  if (x === null || Number.isNaN(x)) return '–';
  if (x === 0) return '0';
  const abs = Math.abs(x);
  return abs < 0.001 || abs >= 1e6 ? x.toExponential(2) : String(Number(x.toPrecision(4)));
}
