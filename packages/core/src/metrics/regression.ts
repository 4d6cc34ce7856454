/**
 * Regression metrics with scikit-learn's semantics: mean_absolute_error, root of
 * mean_squared_error, r2_score (force_finite: 1 for a perfect fit of a constant target, else 0
 * when the target is constant), mean_absolute_percentage_error (each |y| floored at float64's
 * epsilon, and a fraction, not a percentage) and max_error.
 */

import { FLOAT64_EPS } from './probabilistic';

/** One example's term of MAPE, as scikit-learn computes it: |y − ŷ| / max(|y|, eps). */
export function absolutePercentageError(expected: number, predicted: number): number {
  return Math.abs(expected - predicted) / Math.max(Math.abs(expected), FLOAT64_EPS);
}

export interface RegressionMetrics {
  readonly n: number;
  readonly mae: number;
  readonly rmse: number;
  readonly r2: number;
  /** A fraction: 0.1 is 10%. */
  readonly mape: number;
  readonly maxError: number;
}

/** Metrics of aligned true and predicted values. NaN everywhere when n is 0. */
export function regressionMetrics(
  expected: ArrayLike<number>,
  predicted: ArrayLike<number>,
): RegressionMetrics {
  const n = expected.length;
  if (n === 0) {
    const nan = Number.NaN;
    return { n, mae: nan, rmse: nan, r2: nan, mape: nan, maxError: nan };
  }
  let absSum = 0;
  let sqSum = 0;
  let apeSum = 0;
  let maxError = 0;
  let ySum = 0;
  for (let i = 0; i < n; i++) {
    const y = expected[i] as number;
    const d = y - (predicted[i] as number);
    const a = Math.abs(d);
    absSum += a;
    sqSum += d * d;
    apeSum += absolutePercentageError(y, predicted[i] as number);
    if (a > maxError) maxError = a;
    ySum += y;
  }
  const mean = ySum / n;
  let totSum = 0;
  for (let i = 0; i < n; i++) {
    const d = (expected[i] as number) - mean;
    totSum += d * d;
  }
  let r2: number;
  if (totSum === 0) r2 = sqSum === 0 ? 1 : 0;
  else r2 = 1 - sqSum / totSum;
  return { n, mae: absSum / n, rmse: Math.sqrt(sqSum / n), r2, mape: apeSum / n, maxError };
}
