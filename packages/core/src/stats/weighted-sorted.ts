/**
 * A sorted, weighted view of a numeric sample: distinct values ascending, each with its weight
 * (a count for exact data, a power of two for a sketch's items). Quantiles, the KS statistic,
 * the Wasserstein distance and histograms are computed on this one shape, whether the sample was
 * kept exactly, counted, or sketched.
 */
import { sortedCopy } from './quantile';

export interface WeightedSorted {
  /** Distinct values, strictly ascending, finite. */
  readonly values: Float64Array;
  /** The weight of each value, > 0. */
  readonly weights: Float64Array;
  /** The sum of the weights: the number of values the sample stands for. */
  readonly total: number;
}

/** An empty sample. */
export const EMPTY_WEIGHTED: WeightedSorted = {
  values: new Float64Array(0),
  weights: new Float64Array(0),
  total: 0,
};

/** The weighted view of raw values (sorts a copy; run-length encodes equal values). */
export function weightedFromValues(raw: ArrayLike<number>): WeightedSorted {
  return runLength(sortedCopy(raw), null);
}

/**
 * The weighted view of values with weights, in any order (equal values are merged). `values`
 * and `weights` are parallel.
 */
export function weightedFromPairs(
  values: ArrayLike<number>,
  weights: ArrayLike<number>,
): WeightedSorted {
  const n = values.length;
  const order = new Uint32Array(n);
  for (let i = 0; i < n; i++) order[i] = i;
  const v = Float64Array.from(values);
  order.sort((a, b) => (v[a] as number) - (v[b] as number));
  const sortedValues = new Float64Array(n);
  const sortedWeights = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    const j = order[i] as number;
    sortedValues[i] = v[j] as number;
    sortedWeights[i] = weights[j] as number;
  }
  return runLength(sortedValues, sortedWeights);
}

function runLength(sorted: Float64Array, weights: Float64Array | null): WeightedSorted {
  const n = sorted.length;
  const values = new Float64Array(n);
  const out = new Float64Array(n);
  let k = -1;
  let total = 0;
  for (let i = 0; i < n; i++) {
    const x = sorted[i] as number;
    const w = weights === null ? 1 : (weights[i] as number);
    total += w;
    if (k >= 0 && values[k] === x) {
      out[k] = (out[k] as number) + w;
    } else {
      k++;
      values[k] = x;
      out[k] = w;
    }
  }
  return { values: values.slice(0, k + 1), weights: out.slice(0, k + 1), total };
}

/**
 * The `q` quantile with numpy's linear interpolation between the order statistics at ranks
 * `floor(q (n - 1))` and the next, where the order statistics are the values repeated by weight.
 * Exact for exact samples; for a sketch, the ranks are the sketch's. NaN when empty.
 */
export function weightedQuantile(sample: WeightedSorted, q: number): number {
  if (!(q >= 0 && q <= 1)) throw new RangeError(`quantile q must be in [0, 1]; got ${q}`);
  const n = sample.total;
  if (n === 0) return Number.NaN;
  const index = q * (n - 1);
  const lo = Math.floor(index);
  const a = orderStatistic(sample, lo);
  if (lo >= n - 1) return a;
  const b = orderStatistic(sample, lo + 1);
  const t = index - lo;
  const diff = b - a;
  return t >= 0.5 ? b - diff * (1 - t) : a + diff * t;
}

/** The value of 0-based rank `rank` (the smallest value whose cumulative weight exceeds it). */
export function orderStatistic(sample: WeightedSorted, rank: number): number {
  const { values, weights } = sample;
  let cum = 0;
  for (let i = 0; i < values.length; i++) {
    cum += weights[i] as number;
    if (cum > rank) return values[i] as number;
  }
  return values[values.length - 1] as number;
}

/** Several quantiles at once (one cumulative walk per quantile; the views are small). */
export function weightedQuantiles(sample: WeightedSorted, qs: readonly number[]): number[] {
  return qs.map((q) => weightedQuantile(sample, q));
}

/**
 * The weight of values `< x` (`side = 'left'`) or `<= x` (`side = 'right'`), like numpy's
 * `searchsorted` on the expanded sample.
 */
export function weightBelow(sample: WeightedSorted, x: number, side: 'left' | 'right'): number {
  const { values, weights } = sample;
  let lo = 0;
  let hi = values.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    const v = values[mid] as number;
    if (side === 'left' ? v < x : v <= x) lo = mid + 1;
    else hi = mid;
  }
  let sum = 0;
  for (let i = 0; i < lo; i++) sum += weights[i] as number;
  return sum;
}
