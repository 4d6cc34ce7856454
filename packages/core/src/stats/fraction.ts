/**
 * A value bounded by definition to [0, 1]: accuracy, precision, recall, F1, rates, shares, ROC
 * AUC, the Brier score, the calibration error, probabilities and p-values. Floating-point
 * rounding in a long computation (a sum of terms, a special function) can land such a value a
 * few ulps outside its bounds, e.g. 1.0000000000000777, which a report would print as it is.
 * Clamped where the value is produced; every other value keeps its full precision.
 */

/** `x` clamped into [0, 1]; NaN stays NaN (an undefined value is not made 0 or 1). */
export function clampFraction(x: number): number {
  return x < 0 ? 0 : x > 1 ? 1 : x;
}
