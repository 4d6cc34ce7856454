import { OTHER_CATEGORY } from '../drift/distribution';
import type { ColumnDistribution } from '../drift/distribution';
import type { ColumnProfile, ColumnType } from '../report/data-validation';
import { weightedQuantiles } from '../stats/weighted-sorted';
import type { CellKind, CellLocation, ColumnProfiler } from './column-profiler';
import { displayedValue } from './value-key';

/** The quantile levels reported for numeric columns. */
export const REPORTED_QUANTILES = [0.05, 0.25, 0.5, 0.75, 0.95] as const;

/** A text column with at most this many distinct values is inferred as a `category`. */
export const CATEGORY_MAX_DISTINCT = 50;

/** How many of the most frequent values a profile lists. */
export const TOP_VALUES = 10;

/**
 * The type a column's values suggest: the kind most of its non-null cells have (`integer` when
 * every number is whole; `category` for text with at most {@link CATEGORY_MAX_DISTINCT} distinct
 * values, repeated); `string` for an all-null column.
 */
export function inferType(p: ColumnProfiler): ColumnType {
  const c = p.kindCounts;
  const text = c.string + c.other;
  const best = Math.max(c.number, c.boolean, c.datetime, text);
  if (best === 0) return 'string';
  if (c.number === best) return p.nonInteger === 0 ? 'integer' : 'number';
  if (c.datetime === best) return 'datetime';
  if (c.boolean === best) return 'boolean';
  const distinct = p.freq.distinct();
  return distinct <= CATEGORY_MAX_DISTINCT && distinct < p.count ? 'category' : 'string';
}

/** Whether values of this type are drift-tested as numbers, as categories, or not at all. */
export function driftKind(type: ColumnType): 'numeric' | 'categorical' | undefined {
  if (type === 'number' || type === 'integer') return 'numeric';
  if (type === 'datetime') return undefined;
  return 'categorical';
}

type KindKey = CellKind | 'fraction';

/** The cell kinds (and `fraction`: non-whole numbers) that do not fit a type. */
export function mismatchedKinds(type: ColumnType): readonly KindKey[] {
  switch (type) {
    case 'number':
      return ['boolean', 'datetime', 'string', 'other'];
    case 'integer':
      return ['boolean', 'datetime', 'string', 'other', 'fraction'];
    case 'boolean':
      return ['number', 'datetime', 'string', 'other'];
    case 'datetime':
      return ['number', 'boolean', 'string', 'other'];
    case 'string':
    case 'category':
      return [];
  }
}

/** The cells of a column that do not fit `type`: how many, and the first located ones. */
export function typeMismatches(
  p: ColumnProfiler,
  type: ColumnType,
): { count: number; lines: CellLocation[]; kinds: KindKey[] } {
  let count = 0;
  const lines: CellLocation[] = [];
  const kinds: KindKey[] = [];
  for (const kind of mismatchedKinds(type)) {
    const n = kind === 'fraction' ? p.nonInteger : p.kindCounts[kind];
    if (n === 0) continue;
    count += n;
    kinds.push(kind);
    lines.push(...(p.kindLines.get(kind) ?? []));
  }
  lines.sort((a, b) => (a.file === b.file ? a.line - b.line : a.file < b.file ? -1 : 1));
  return { count, lines, kinds };
}

/**
 * The distinct non-null values of a column, whatever its type, as pandas' `nunique()` counts
 * them: numbers, datetime instants, and text, booleans and other values each by value. Every
 * kind counts, not only the column type's (a number column's stray text cells are values too).
 */
export function distinctValues(p: ColumnProfiler): number {
  return (
    (p.kindCounts.number > 0 ? p.sample.distinct() : 0) + p.freq.distinct() + p.datetimes.count()
  );
}

/** Whether {@link distinctValues} is an estimate (some kind went past its exact budget). */
export function distinctApproximate(p: ColumnProfiler): boolean {
  return (
    (p.kindCounts.number > 0 && p.sample.mode === 'sketch') ||
    p.freq.overflowed ||
    p.datetimes.approximate
  );
}

/** The report's profile of one column on one side. */
export function columnProfile(p: ColumnProfiler, type: ColumnType): ColumnProfile {
  const numericType = type === 'number' || type === 'integer';
  const out: ColumnProfile = {
    count: p.count,
    nulls: p.nulls,
    nullFraction: p.rows === 0 ? null : p.nulls / p.rows,
    distinct: distinctValues(p),
  };
  const nonFinite = p.nonFiniteCount;
  if (nonFinite > 0) out.nonFinite = nonFinite;
  if (distinctApproximate(p)) out.distinctApproximate = true;
  if (p.moments.count > 0 && (numericType || p.kindCounts.number >= p.count / 2)) {
    const view = p.sample.view();
    const qs = weightedQuantiles(view, REPORTED_QUANTILES);
    const quantiles: Record<string, number> = {};
    REPORTED_QUANTILES.forEach((q, i) => (quantiles[String(q)] = qs[i] as number));
    const std = p.moments.std(1);
    out.numeric = {
      mean: p.moments.mean,
      std: Number.isNaN(std) ? null : std,
      min: p.moments.min,
      max: p.moments.max,
      quantiles,
      approximate: p.sample.approximate,
    };
  }
  if (!numericType && p.freq.total > 0) {
    out.topValues = p.freq.top(TOP_VALUES).map(({ value, count }) => ({
      ...displayedValue(value),
      count,
    }));
  }
  if (p.kindCounts.string > 0) {
    out.minLength = p.minLength;
    out.maxLength = p.maxLength;
  }
  if (p.kindCounts.datetime > 0) {
    out.datetimeRange = {
      min: new Date(p.datetimeMin).toISOString(),
      max: new Date(p.datetimeMax).toISOString(),
    };
  }
  return out;
}

/**
 * The side of a drift test: the column's finite numbers (NaN and ±Infinity are left out, and
 * reported as `non-finite` findings), or its values' counts (where a `nan` or `inf` cell counts
 * as its text, `NaN`, `Infinity`, `-Infinity`).
 */
export function columnDistribution(
  p: ColumnProfiler,
  kind: 'numeric' | 'categorical',
): ColumnDistribution {
  if (kind === 'numeric') {
    return {
      kind,
      sample: p.sample.view(),
      distinct: p.sample.distinct(),
      std0: p.moments.std(0),
      approximate: p.sample.approximate,
    };
  }
  const counts = new Map<string, number>(p.freq.counts);
  let total = p.freq.total;
  if (p.freq.other > 0) counts.set(OTHER_CATEGORY, p.freq.other);
  // Numbers in a text column were profiled as numbers: count them by their text form too.
  if (p.sample.count > 0) {
    const view = p.sample.view();
    for (let i = 0; i < view.values.length; i++) {
      const key = String(view.values[i]);
      counts.set(key, (counts.get(key) ?? 0) + (view.weights[i] as number));
    }
    total += view.total;
  }
  // So are `nan` and `inf` cells: in a text column they are words like any other.
  const n = p.nonFinite;
  for (const [key, count] of [
    ['NaN', n.nan],
    ['Infinity', n.positive],
    ['-Infinity', n.negative],
  ] as const) {
    if (count === 0) continue;
    counts.set(key, (counts.get(key) ?? 0) + count);
    total += count;
  }
  return { kind, counts, total, approximate: p.freq.overflowed || p.sample.approximate };
}
