import { wilsonInterval } from '../stats/wilson';

/**
 * Classification metrics with scikit-learn's semantics (sklearn.metrics 1.2–1.6): accuracy,
 * balanced accuracy, precision / recall / F1 per class and averaged, and the confusion matrix.
 *
 * zero_division: sklearn's default ("warn") gives 0 where a ratio has a zero denominator
 * (precision of a label never predicted, recall of a label never true) and warns; here the value
 * is 0 and the labels concerned are listed in `zeroDivision` so the caller can say so.
 */

export interface ClassScores {
  readonly precision: number;
  readonly recall: number;
  readonly f1: number;
  /** How many examples have this true label. */
  readonly support: number;
}

export interface AveragedScores {
  readonly precision: number;
  readonly recall: number;
  readonly f1: number;
}

export interface ClassificationMetrics {
  /** Examples scored. */
  readonly n: number;
  /** The labels of the matrix, in {@link sortLabels} order (the union of true and predicted). */
  readonly labels: readonly string[];
  /** `confusion[i][j]`: examples of true label i predicted as j (sklearn's confusion_matrix). */
  readonly confusion: readonly (readonly number[])[];
  readonly correct: number;
  /** NaN when n is 0. */
  readonly accuracy: number;
  /** The Wilson score interval of the accuracy at 95%. */
  readonly accuracyCi: { readonly lower: number; readonly upper: number };
  /** Mean recall over labels that occur as true labels (sklearn's balanced_accuracy_score). */
  readonly balancedAccuracy: number;
  readonly perClass: Readonly<Record<string, ClassScores>>;
  readonly macro: AveragedScores;
  readonly micro: AveragedScores;
  readonly weighted: AveragedScores;
  /** Labels whose precision, recall or F1 had a zero denominator and was set to 0. */
  readonly zeroDivision: readonly string[];
}

const ratio = (num: number, den: number): number => (den === 0 ? 0 : num / den);

/**
 * Metrics of aligned true and predicted label codes, where code `k` is `labels[k]`. One pass over
 * the examples to fill the confusion matrix; everything else is read off the matrix.
 */
export function classificationMetrics(
  expected: ArrayLike<number>,
  predicted: ArrayLike<number>,
  labels: readonly string[],
): ClassificationMetrics {
  const k = labels.length;
  const n = expected.length;
  const flat = new Float64Array(k * k);
  for (let i = 0; i < n; i++) flat[(expected[i] as number) * k + (predicted[i] as number)]! += 1;
  const confusion: number[][] = [];
  const trueSum = new Float64Array(k);
  const predSum = new Float64Array(k);
  const tp = new Float64Array(k);
  for (let r = 0; r < k; r++) {
    const row: number[] = [];
    for (let c = 0; c < k; c++) {
      const v = flat[r * k + c] as number;
      row.push(v);
      trueSum[r]! += v;
      predSum[c]! += v;
    }
    tp[r] = flat[r * k + r] as number;
    confusion.push(row);
  }
  let correct = 0;
  for (let r = 0; r < k; r++) correct += tp[r] as number;

  const perClass: Record<string, ClassScores> = {};
  const zeroDivision: string[] = [];
  let sumP = 0;
  let sumR = 0;
  let sumF = 0;
  let wP = 0;
  let wR = 0;
  let wF = 0;
  let recallSum = 0;
  let recallCount = 0;
  for (let c = 0; c < k; c++) {
    const t = tp[c] as number;
    const ps = predSum[c] as number;
    const ts = trueSum[c] as number;
    // F1 as sklearn ≥ 1.3 computes it: 2·tp / (2·tp + fp + fn), 0 when that is 0/0.
    const fDen = 2 * t + (ps - t) + (ts - t);
    if (ps === 0 || ts === 0 || fDen === 0) zeroDivision.push(labels[c] as string);
    const p = ratio(t, ps);
    const r = ratio(t, ts);
    const f = ratio(2 * t, fDen);
    perClass[labels[c] as string] = { precision: p, recall: r, f1: f, support: ts };
    sumP += p;
    sumR += r;
    sumF += f;
    wP += p * ts;
    wR += r * ts;
    wF += f * ts;
    if (ts > 0) {
      recallSum += r;
      recallCount++;
    }
  }
  const micro = ratio(correct, n);
  return {
    n,
    labels,
    confusion,
    correct,
    accuracy: n === 0 ? Number.NaN : correct / n,
    accuracyCi: wilsonInterval(correct, n),
    balancedAccuracy: recallCount === 0 ? Number.NaN : recallSum / recallCount,
    perClass,
    macro: { precision: ratio(sumP, k), recall: ratio(sumR, k), f1: ratio(sumF, k) },
    // Single-label multiclass: micro precision = micro recall = micro F1 = accuracy.
    micro: { precision: micro, recall: micro, f1: micro },
    weighted: { precision: ratio(wP, n), recall: ratio(wR, n), f1: ratio(wF, n) },
    zeroDivision,
  };
}
