import type { Direction } from '../report/envelope';
import { normalQuantile, studentTCdf, studentTQuantile, studentTSf } from '../stats/special';

/** What the two one-sided tests say of a metric's change, given the margin. */
export type EquivalenceDecision = 'equivalent' | 'better' | 'worse' | 'inconclusive';

/** The power {@link pairedEquivalence} sizes `neededN` for, at a true difference of 0. */
export const EQUIVALENCE_POWER = 0.8;

/** The outcome of {@link pairedEquivalence}. */
export interface EquivalenceResult {
  /** The margin, absolute on the metric's scale (0.01 = 1 point of accuracy). */
  readonly margin: number;
  /** The (1 − 2α) interval of the mean paired difference, candidate − baseline. */
  readonly lower: number;
  readonly upper: number;
  /**
   * The p-value behind the decision: the TOST p-value (the larger of the two one-sided
   * p-values) for `equivalent` and `inconclusive`; for `better` and `worse` the p-value of the
   * one-sided test that the change is beyond the margin in that direction.
   */
  readonly pValue: number;
  readonly decision: EquivalenceDecision;
  /**
   * `inconclusive` only: roughly how many paired examples would give TOST 80% power at α for a
   * true difference of 0, from the observed standard deviation of the differences (normal
   * approximation: n = (z₁₋α + z₁₋β/₂)² · s² / margin²). Absent when that is not more than the
   * examples already used (the observed difference, not the sample size, is then the reason).
   */
  readonly neededN?: number;
  /** The examples behind the test. */
  readonly n: number;
  /** The mean paired difference, candidate − baseline. */
  readonly meanDifference: number;
}

/**
 * Two one-sided tests (TOST) on the paired differences d = candidate − baseline, with the
 * semantics of `statsmodels.stats.weightstats.ttost_paired(candidate, baseline, -margin,
 * margin)`: t₁ = (d̄ + margin) / se against H₀ d ≤ −margin (p₁ = P(T > t₁)), t₂ = (d̄ − margin) / se
 * against H₀ d ≥ margin (p₂ = P(T < t₂)), se = s / √n, n − 1 degrees of freedom; TOST p = max(p₁, p₂).
 * For 0/1 outcomes (accuracy, pass rate) d is −1, 0 or 1 and this is the large-sample test of
 * the difference of paired proportions.
 *
 * Decision (`direction` says which way is better): `equivalent` when TOST p < α (the (1 − 2α)
 * interval lies inside ±margin); `better` or `worse` when the opposite one-sided test shows the
 * change beyond the margin at α (the interval lies wholly beyond +margin or −margin); else
 * `inconclusive`, with `neededN`. With no spread (every difference equal) the decision follows
 * the difference itself. Undefined with fewer than 2 pairs, a direction of `none`, or a margin
 * that is not positive and finite. Throws a RangeError when the arrays differ in length.
 */
export function pairedEquivalence(
  baseline: ArrayLike<number>,
  candidate: ArrayLike<number>,
  margin: number,
  alpha: number,
  direction: Direction,
): EquivalenceResult | undefined {
  if (baseline.length !== candidate.length) {
    throw new RangeError(
      `paired samples differ in length: ${baseline.length} and ${candidate.length}`,
    );
  }
  const n = baseline.length;
  if (n < 2 || direction === 'none' || !(margin > 0) || !Number.isFinite(margin)) return undefined;
  let sum = 0;
  for (let i = 0; i < n; i++) sum += candidate[i]! - baseline[i]!;
  const mean = sum / n;
  let ss = 0;
  for (let i = 0; i < n; i++) {
    const r = candidate[i]! - baseline[i]! - mean;
    ss += r * r;
  }
  const sd = Math.sqrt(ss / (n - 1));
  const se = sd / Math.sqrt(n);
  const df = n - 1;
  // Beyond the margin in the better (sign +1) or the worse (sign −1) direction.
  const sign = direction === 'higher' ? 1 : -1;
  const base = { margin, n, meanDifference: mean };
  if (!(se > 1e-15 * Math.max(1, Math.abs(mean)))) {
    const inside = Math.abs(mean) < margin;
    const beyond = Math.abs(mean) > margin;
    const decision: EquivalenceDecision = inside
      ? 'equivalent'
      : beyond
        ? mean * sign > 0
          ? 'better'
          : 'worse'
        : 'inconclusive';
    return {
      ...base,
      lower: mean,
      upper: mean,
      pValue: decision === 'inconclusive' ? 1 : 0,
      decision,
    };
  }
  const t1 = (mean + margin) / se;
  const t2 = (mean - margin) / se;
  const p1 = studentTSf(t1, df);
  const p2 = studentTCdf(t2, df);
  const pTost = Math.max(p1, p2);
  const half = studentTQuantile(1 - alpha, df) * se;
  const interval = { lower: mean - half, upper: mean + half };
  // H₀ d ≤ margin rejected: above +margin; H₀ d ≥ −margin rejected: below −margin.
  const pAbove = studentTSf(t2, df);
  const pBelow = studentTCdf(t1, df);
  if (pTost < alpha) return { ...base, ...interval, pValue: pTost, decision: 'equivalent' };
  if (pAbove < alpha) {
    return { ...base, ...interval, pValue: pAbove, decision: sign > 0 ? 'better' : 'worse' };
  }
  if (pBelow < alpha) {
    return { ...base, ...interval, pValue: pBelow, decision: sign > 0 ? 'worse' : 'better' };
  }
  const neededN = equivalenceSampleSize(sd, margin, alpha);
  return {
    ...base,
    ...interval,
    pValue: pTost,
    decision: 'inconclusive',
    ...(neededN > n && { neededN }),
  };
}

/**
 * The paired examples TOST needs for {@link EQUIVALENCE_POWER} power at `alpha` when the true
 * difference is 0 and the differences have standard deviation `sd`: the normal approximation
 * n = (z₁₋α + z₁₋β/₂)² · sd² / margin² (Chow, Shao & Wang, Sample Size Calculations in
 * Clinical Research, §3.2), rounded up.
 */
export function equivalenceSampleSize(sd: number, margin: number, alpha: number): number {
  const beta = 1 - EQUIVALENCE_POWER;
  const z = normalQuantile(1 - alpha) + normalQuantile(1 - beta / 2);
  return Math.ceil((z * z * sd * sd) / (margin * margin));
}
