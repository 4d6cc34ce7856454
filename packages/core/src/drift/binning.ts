import type { WeightedSorted } from '../stats/weighted-sorted';
import { alignedCounts } from './distribution';
import type { ColumnDistribution } from './distribution';

/**
 * Evidently's `get_binned_data` (evidently/calculations/stattests/utils.py), the binning behind
 * its PSI, KL and Jensen–Shannon tests: a numeric column with more than 20 distinct reference
 * values is cut into numpy's Sturges bins (`np.histogram_bin_edges(ref ∪ cur, bins='sturges')`,
 * then `np.histogram` on each side); any other column is counted per value over the union of
 * both sides' values. Each side's counts are divided by its own size. With `fillZeroes` (PSI,
 * KL), zeros are replaced by the side's smallest non-zero share / 10^6 when that share is at most
 * 0.0001, else by 0.0001, as Evidently does.
 */
export function binnedShares(
  ref: ColumnDistribution,
  cur: ColumnDistribution,
  fillZeroes: boolean,
): { ref: Float64Array; cur: Float64Array } {
  let refCounts: Float64Array;
  let curCounts: Float64Array;
  if (ref.kind === 'numeric' && cur.kind === 'numeric' && ref.distinct > 20) {
    const edges = sturgesEdges(ref.sample, cur.sample);
    refCounts = histogram(ref.sample, edges);
    curCounts = histogram(cur.sample, edges);
  } else {
    const aligned = alignedCounts(ref, cur);
    refCounts = aligned.ref;
    curCounts = aligned.cur;
  }
  const refTotal = ref.kind === 'numeric' ? ref.sample.total : ref.total;
  const curTotal = cur.kind === 'numeric' ? cur.sample.total : cur.total;
  const refShares = refCounts.map((c) => c / refTotal);
  const curShares = curCounts.map((c) => c / curTotal);
  if (fillZeroes) {
    fillZeros(refShares);
    fillZeros(curShares);
  }
  return { ref: refShares, cur: curShares };
}

function fillZeros(shares: Float64Array): void {
  let min = Number.POSITIVE_INFINITY;
  for (const s of shares) if (s !== 0 && s < min) min = s;
  if (min === Number.POSITIVE_INFINITY) return;
  const fill = min <= 0.0001 ? min / 10 ** 6 : 0.0001;
  for (let i = 0; i < shares.length; i++) if (shares[i] === 0) shares[i] = fill;
}

/**
 * numpy's `histogram_bin_edges(a ∪ b, bins='sturges')`: width = ptp / (log2(n) + 1), that many
 * equal bins from min to max (`linspace`), one bin of width 1 around a constant.
 */
export function sturgesEdges(a: WeightedSorted, b: WeightedSorted): Float64Array {
  const n = a.total + b.total;
  const min = Math.min(first(a), first(b));
  const max = Math.max(last(a), last(b));
  let lo = min;
  let hi = max;
  if (lo === hi) {
    lo -= 0.5;
    hi += 0.5;
  }
  const ptp = max - min;
  const width = ptp / (Math.log2(n) + 1);
  const bins = width ? Math.ceil((hi - lo) / width) : 1;
  return linspace(lo, hi, bins + 1);
}

function first(s: WeightedSorted): number {
  return s.values.length === 0 ? Number.POSITIVE_INFINITY : (s.values[0] as number);
}

function last(s: WeightedSorted): number {
  return s.values.length === 0
    ? Number.NEGATIVE_INFINITY
    : (s.values[s.values.length - 1] as number);
}

/** numpy's `linspace(start, stop, num)` with endpoint: `i * step + start`, last = stop. */
export function linspace(start: number, stop: number, num: number): Float64Array {
  const out = new Float64Array(num);
  const div = num - 1;
  const delta = stop - start;
  const step = delta / div;
  for (let i = 0; i < num; i++) out[i] = step === 0 ? (i / div) * delta + start : i * step + start;
  if (num > 1) out[num - 1] = stop;
  return out;
}

/**
 * numpy's `histogram(sample, edges)` for explicit edges: bin i holds values in
 * [edges[i], edges[i+1]), the last bin also its right edge; values outside are not counted.
 */
export function histogram(sample: WeightedSorted, edges: Float64Array): Float64Array {
  const bins = edges.length - 1;
  const counts = new Float64Array(bins);
  const { values, weights } = sample;
  let i = 0;
  // Skip values left of the first edge.
  while (i < values.length && (values[i] as number) < (edges[0] as number)) i++;
  for (let b = 0; b < bins; b++) {
    const right = edges[b + 1] as number;
    const lastBin = b === bins - 1;
    let c = 0;
    while (
      i < values.length &&
      ((values[i] as number) < right || (lastBin && values[i] === right))
    ) {
      c += weights[i] as number;
      i++;
    }
    counts[b] = c;
  }
  return counts;
}
