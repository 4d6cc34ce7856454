import { normalQuantile, normalSf } from '../stats/special';
import type { ConfidenceInterval } from '../report/envelope';

/** The result of an unpaired two-proportion z-test of candidate against baseline. */
export interface TwoProportionResult {
  /** candidate proportion − baseline proportion. */
  readonly delta: number;
  readonly statistic: number;
  /** Two-sided p-value. */
  readonly pValue: number;
  /** Wald interval of the difference, unpooled. */
  readonly ci: ConfidenceInterval;
}

/**
 * The unpaired two-proportion z-test, used when per-example results cannot be paired. The test
 * is `statsmodels.stats.proportion.proportions_ztest([xc, xb], [nc, nb])` (pooled variance,
 * two-sided); the interval is `confint_proportions_2indep(xc, nc, xb, nb, method='wald',
 * compare='diff', alpha)`. When both runs are all successes or all failures the variance is 0:
 * the statistic is 0 and the p-value 1 when the proportions are equal (which they then are).
 * Throws a RangeError on counts outside 0 ≤ x ≤ n, n ≥ 1.
 */
export function twoProportionZTest(
  baselineSuccesses: number,
  baselineN: number,
  candidateSuccesses: number,
  candidateN: number,
  alpha = 0.05,
): TwoProportionResult {
  for (const [x, n] of [
    [baselineSuccesses, baselineN],
    [candidateSuccesses, candidateN],
  ] as const) {
    if (!(n >= 1 && x >= 0 && x <= n)) {
      throw new RangeError(`proportion counts need 0 ≤ x ≤ n and n ≥ 1; got ${x} of ${n}`);
    }
  }
  const pb = baselineSuccesses / baselineN;
  const pc = candidateSuccesses / candidateN;
  const delta = pc - pb;
  const pooled = (baselineSuccesses + candidateSuccesses) / (baselineN + candidateN);
  const se = Math.sqrt(pooled * (1 - pooled) * (1 / baselineN + 1 / candidateN));
  const statistic = se === 0 ? 0 : delta / se;
  const pValue = se === 0 ? 1 : Math.min(1, 2 * normalSf(Math.abs(statistic)));
  const seWald = Math.sqrt((pb * (1 - pb)) / baselineN + (pc * (1 - pc)) / candidateN);
  const z = normalQuantile(1 - alpha / 2);
  return {
    delta,
    statistic,
    pValue,
    ci: {
      lower: delta - z * seWald,
      upper: delta + z * seWald,
      level: 1 - alpha,
      method: 'wald (unpaired)',
    },
  };
}
