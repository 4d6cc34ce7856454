import { binomialCdf } from '../stats/special';

/** The result of McNemar's exact test. */
export interface McNemarResult {
  /** min(b, c), as statsmodels reports it. */
  readonly statistic: number;
  /** Two-sided p-value in [0, 1]. */
  readonly pValue: number;
  /** b: pairs the baseline got right and the candidate wrong. */
  readonly baselineOnly: number;
  /** c: pairs the candidate got right and the baseline wrong. */
  readonly candidateOnly: number;
}

/**
 * McNemar's exact test on the discordant pairs of a paired 2×2 table, with the semantics of
 * `statsmodels.stats.contingency_tables.mcnemar(table, exact=True)`: a two-sided binomial test of
 * b successes in b + c trials at p = ½, `statistic = min(b, c)` and
 * `pValue = min(1, 2 · binom.cdf(min(b, c), b + c, ½))`. With no discordant pair (b + c = 0)
 * the runs cannot be told apart: statistic 0, p-value 1.
 * Throws a RangeError when a count is negative or not an integer.
 */
export function mcnemarExact(baselineOnly: number, candidateOnly: number): McNemarResult {
  for (const count of [baselineOnly, candidateOnly]) {
    if (!Number.isInteger(count) || count < 0) {
      throw new RangeError(`McNemar counts must be non-negative integers; got ${count}`);
    }
  }
  const statistic = Math.min(baselineOnly, candidateOnly);
  const n = baselineOnly + candidateOnly;
  const pValue = n === 0 ? 1 : Math.min(1, 2 * binomialCdf(statistic, n, 0.5));
  return { statistic, pValue, baselineOnly, candidateOnly };
}
