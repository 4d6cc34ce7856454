import { clampFraction } from '../stats/fraction';
import type { Metric } from './envelope';

/**
 * The report metrics that are fractions by definition, by key: classification scores, rates,
 * ROC AUC, the Brier score and the calibration error (evaluate-model), pass rates and the mean
 * assertion score (LLM mode), the drift share (validate-data). Not every `fraction`-unit metric
 * is bounded: MAPE is a fraction of the target that can exceed 1, so the list is by name.
 */
export const FRACTION_METRICS: ReadonlySet<string> = new Set([
  'accuracy',
  'balanced_accuracy',
  'precision_macro',
  'recall_macro',
  'f1_macro',
  'f1_micro',
  'precision_weighted',
  'recall_weighted',
  'f1_weighted',
  'precision_positive',
  'recall_positive',
  'f1_positive',
  'roc_auc',
  'brier',
  'ece',
  'error_rate',
  'pass_rate',
  'mean_score',
  'drift-share',
]);

/** Whether the metric `key` is a fraction by definition (also every `pass_rate_<type>`). */
export function isFractionMetric(key: string): boolean {
  return FRACTION_METRICS.has(key) || key.startsWith('pass_rate_');
}

/**
 * The metrics with every fraction metric's value and confidence bounds clamped into [0, 1]
 * ({@link clampFraction}); other metrics, and null values, as they are. The one place where the
 * stages' metric values are bounded before a report holds them.
 */
export function clampFractionMetrics(
  metrics: Readonly<Record<string, Metric>>,
): Record<string, Metric> {
  const out: Record<string, Metric> = {};
  for (const [key, m] of Object.entries(metrics)) {
    if (!isFractionMetric(key)) {
      out[key] = m;
      continue;
    }
    const clamped: Metric = { ...m, value: m.value === null ? null : clampFraction(m.value) };
    if (m.ci !== undefined)
      clamped.ci = { ...m.ci, lower: clampFraction(m.ci.lower), upper: clampFraction(m.ci.upper) };
    out[key] = clamped;
  }
  return out;
}

/** As {@link clampFractionMetrics}, for the plain values of a slice's metrics. */
export function clampFractionValues(
  values: Readonly<Record<string, number | null>>,
): Record<string, number | null> {
  const out: Record<string, number | null> = {};
  for (const [key, v] of Object.entries(values))
    out[key] = v !== null && isFractionMetric(key) ? clampFraction(v) : v;
  return out;
}
