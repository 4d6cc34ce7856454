import type { WeightedSorted } from '../stats/weighted-sorted';

/**
 * `scipy.stats.wasserstein_distance(u, v)`: the first Wasserstein distance between the two
 * empirical distributions, ∫ |U(x) − V(x)| dx, summed between consecutive pooled values. NaN when
 * either sample is empty.
 */
export function wassersteinDistance(u: WeightedSorted, v: WeightedSorted): number {
  if (u.total === 0 || v.total === 0) return Number.NaN;
  let i = 0;
  let j = 0;
  let cu = 0;
  let cv = 0;
  let sum = 0;
  let prev = Number.NaN;
  let prevDiff = 0;
  while (i < u.values.length || j < v.values.length) {
    const x = i < u.values.length ? (u.values[i] as number) : Number.POSITIVE_INFINITY;
    const y = j < v.values.length ? (v.values[j] as number) : Number.POSITIVE_INFINITY;
    const at = x <= y ? x : y;
    if (!Number.isNaN(prev)) sum += prevDiff * (at - prev);
    if (x === at) cu += u.weights[i++] as number;
    if (y === at) cv += v.weights[j++] as number;
    prevDiff = Math.abs(cu / u.total - cv / v.total);
    prev = at;
  }
  return sum;
}

/** The floor of the normalising standard deviation in Evidently's normed Wasserstein. */
export const WASSERSTEIN_MIN_STD = 0.001;

/**
 * Evidently's `wasserstein` stattest: `wasserstein_distance(ref, cur) / max(np.std(ref), 0.001)`,
 * with `refStd0` the reference's standard deviation with ddof = 0.
 */
export function normedWasserstein(
  ref: WeightedSorted,
  cur: WeightedSorted,
  refStd0: number,
): number {
  return wassersteinDistance(ref, cur) / Math.max(refStd0, WASSERSTEIN_MIN_STD);
}
