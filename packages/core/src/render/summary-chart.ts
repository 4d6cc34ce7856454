/**
 * A compact bar chart as a mermaid `xychart-beta` block, which GitHub renders itself: no image is
 * sent anywhere. Labels come from data, so they are reduced to a safe character set before they
 * go into the mermaid source (markdown escaping does not apply inside a code fence).
 */

export interface ChartSeries {
  /** The bar label on the x axis (untrusted: it is sanitised). */
  readonly label: string;
  /** The bar value. */
  readonly value: number;
  /** A reference value drawn as a line, e.g. the baseline. */
  readonly reference?: number;
}

export interface BarChartOptions {
  readonly title: string;
  readonly yLabel: string;
  /** The y range; derived from the values (starting at 0) when absent. */
  readonly yMin?: number;
  readonly yMax?: number;
  /** The most bars drawn; the rest are left out. Default 12. */
  readonly maxBars?: number;
}

/** The longest axis label kept, in characters. */
export const CHART_LABEL_MAX = 18;

/**
 * A label safe inside a mermaid string: letters, digits, space and `._-/%+=<>` only (no quotes,
 * brackets, backticks or `@#`), collapsed and cut to `maxLength` characters (ending in `~`). An
 * empty result becomes `?`.
 */
export function chartLabel(text: string, maxLength = CHART_LABEL_MAX): string {
  const safe = text
    .normalize('NFKD')
    .replace(/[^A-Za-z0-9 ._\-/%+=]/g, ' ')
    .replace(/\s+/g, ' ')
    .trim();
  const cut = safe.length > maxLength ? `${safe.slice(0, maxLength - 1)}~` : safe;
  return cut === '' ? '?' : cut;
}

function chartNumber(value: number): string {
  return Number(value.toPrecision(4)).toString();
}

/**
 * A mermaid bar chart of `series` (bars), with a line of the references when every bar has one.
 * Returns '' when there is nothing finite to draw. Duplicate labels get a numeric suffix, since
 * mermaid would merge them.
 */
export function renderBarChart(series: readonly ChartSeries[], options: BarChartOptions): string {
  const finite = series.filter((s) => Number.isFinite(s.value)).slice(0, options.maxBars ?? 12);
  if (finite.length === 0) return '';
  const seen = new Map<string, number>();
  const labels = finite.map((s) => {
    const base = chartLabel(s.label);
    const count = (seen.get(base) ?? 0) + 1;
    seen.set(base, count);
    return count === 1 ? base : `${base} ${count}`;
  });
  const withRef = finite.every((s) => s.reference !== undefined && Number.isFinite(s.reference));
  const all = finite.flatMap((s) => (withRef ? [s.value, s.reference ?? s.value] : [s.value]));
  const yMin = options.yMin ?? Math.min(0, ...all);
  let yMax = options.yMax ?? Math.max(...all);
  if (yMax <= yMin) yMax = yMin + 1;
  const lines = [
    '```mermaid',
    'xychart-beta',
    `  title "${chartLabel(options.title, 60)}"`,
    `  x-axis [${labels.map((l) => `"${l}"`).join(', ')}]`,
    `  y-axis "${chartLabel(options.yLabel, 30)}" ${chartNumber(yMin)} --> ${chartNumber(yMax)}`,
    `  bar [${finite.map((s) => chartNumber(s.value)).join(', ')}]`,
  ];
  if (withRef)
    lines.push(`  line [${finite.map((s) => chartNumber(s.reference ?? 0)).join(', ')}]`);
  lines.push('```');
  return lines.join('\n');
}
