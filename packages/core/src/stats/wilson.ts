/** The standard normal quantile at 0.975 (scipy.stats.norm.ppf(0.975)), for 95% intervals. */
export const Z_95 = 1.959963984540054;

/**
 * The Wilson score interval of a proportion `successes / n`, as statsmodels'
 * `proportion_confint(successes, n, alpha=0.05, method="wilson")` for the default `z`.
 * Both bounds are NaN when n is 0.
 */
export function wilsonInterval(
  successes: number,
  n: number,
  z: number = Z_95,
): { lower: number; upper: number } {
  if (n === 0) return { lower: Number.NaN, upper: Number.NaN };
  const p = successes / n;
  const z2 = z * z;
  const denom = 1 + z2 / n;
  const center = (p + z2 / (2 * n)) / denom;
  const half = (z / denom) * Math.sqrt((p * (1 - p)) / n + z2 / (4 * n * n));
  return { lower: Math.max(0, center - half), upper: Math.min(1, center + half) };
}
