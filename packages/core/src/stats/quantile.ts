/**
 * Quantiles with numpy's default method (`np.quantile(a, q)`, method="linear", Hyndman & Fan
 * type 7): the virtual index is `q * (n - 1)` and the value is interpolated linearly between the
 * two order statistics around it. The one quantile function of modelgate: latency percentiles,
 * drift bins and every other quantile use it, so that their numbers agree with numpy's.
 */
import { sortFloat64 } from './sort-float64';

/**
 * The `q` quantile of values already sorted ascending. `q` is a fraction in [0, 1].
 * NaN for an empty input. Throws a RangeError when `q` is outside [0, 1] or NaN. The values must
 * not contain NaN (sort them with {@link sortedCopy}, which moves NaN to the end, and drop them).
 */
export function quantileSorted(sorted: ArrayLike<number>, q: number): number {
  if (!(q >= 0 && q <= 1)) throw new RangeError(`quantile q must be in [0, 1]; got ${q}`);
  const n = sorted.length;
  if (n === 0) return Number.NaN;
  const index = q * (n - 1);
  const lo = Math.floor(index);
  const a = sorted[lo] as number;
  if (lo >= n - 1) return sorted[n - 1] as number;
  const b = sorted[lo + 1] as number;
  const t = index - lo;
  // numpy's _lerp: computed from the nearer end, so that q = 1 and equal neighbours are exact.
  const diff = b - a;
  return t >= 0.5 ? b - diff * (1 - t) : a + diff * t;
}

/** A sorted Float64Array copy of `values` (ascending; NaN last, as numpy sorts). */
export function sortedCopy(values: ArrayLike<number>): Float64Array {
  return sortFloat64(Float64Array.from(values));
}

/**
 * The `q` quantile of unsorted values, as `np.quantile(values, q)`. NaN for an empty input or
 * when any value is NaN (numpy propagates NaN). Copies and sorts: for several quantiles of the
 * same data, use {@link quantiles}.
 */
export function quantile(values: ArrayLike<number>, q: number): number {
  return quantiles(values, [q])[0] as number;
}

/** Several quantiles of unsorted values, sorting once. Same semantics as {@link quantile}. */
export function quantiles(values: ArrayLike<number>, qs: readonly number[]): number[] {
  const sorted = sortedCopy(values);
  const hasNaN = sorted.length > 0 && Number.isNaN(sorted[sorted.length - 1]);
  return qs.map((q) => (hasNaN ? checkQ(q) : quantileSorted(sorted, q)));
}

function checkQ(q: number): number {
  if (!(q >= 0 && q <= 1)) throw new RangeError(`quantile q must be in [0, 1]; got ${q}`);
  return Number.NaN;
}
