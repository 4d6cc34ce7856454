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
  /** The selected labels (default every class), in the order given: the matrix's and averages'. */
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
 * Metrics of aligned true and predicted label codes, where code `k` is `classes[k]`. One pass over
 * the examples to fill the confusion matrix; everything else is read off the matrix.
 *
 * `selected` (codes, in the order wanted) are the labels that enter the confusion matrix, the
 * per-class scores and the macro, micro and weighted averages: scikit-learn's `labels=`. Its
 * default is every class. Accuracy and balanced accuracy do not depend on it (as in
 * scikit-learn), so a class that never occurs (e.g. one known only from probability keys) can be
 * left in `classes` without changing them. With a subset, per-class counts still come from every
 * example (a true `a` predicted as an unselected `c` is a false negative of `a`), the micro
 * average sums the selected labels' counts and the weighted average divides by their support,
 * as `precision_recall_fscore_support(labels=...)` does.
 */
export function classificationMetrics(
  expected: ArrayLike<number>,
  predicted: ArrayLike<number>,
  classes: readonly string[],
  selected?: ArrayLike<number>,
): ClassificationMetrics {
  const k = classes.length;
  const n = expected.length;
  const flat = new Float64Array(k * k);
  for (let i = 0; i < n; i++) flat[(expected[i] as number) * k + (predicted[i] as number)]! += 1;
  const confusionAll: number[][] = [];
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
    confusionAll.push(row);
  }
  let correct = 0;
  for (let r = 0; r < k; r++) correct += tp[r] as number;
  // Balanced accuracy is sklearn's balanced_accuracy_score, which has no `labels=`: the mean
  // recall over every class that occurs as a true label.
  let recallSum = 0;
  let recallCount = 0;
  for (let c = 0; c < k; c++) {
    const ts = trueSum[c] as number;
    if (ts > 0) {
      recallSum += (tp[c] as number) / ts;
      recallCount++;
    }
  }

  const chosen = selected === undefined ? Int32Array.from(classes, (_, c) => c) : selected;
  const m = chosen.length;
  const labels: string[] = [];
  const perClass: Record<string, ClassScores> = {};
  const zeroDivision: string[] = [];
  let sumP = 0;
  let sumR = 0;
  let sumF = 0;
  let wP = 0;
  let wR = 0;
  let wF = 0;
  let support = 0;
  let tpAll = 0;
  let predAll = 0;
  for (let j = 0; j < m; j++) {
    const c = chosen[j] as number;
    const label = classes[c] as string;
    labels.push(label);
    const t = tp[c] as number;
    const ps = predSum[c] as number;
    const ts = trueSum[c] as number;
    // F1 as sklearn ≥ 1.3 computes it: 2·tp / (2·tp + fp + fn), 0 when that is 0/0.
    const fDen = 2 * t + (ps - t) + (ts - t);
    if (ps === 0 || ts === 0 || fDen === 0) zeroDivision.push(label);
    const p = ratio(t, ps);
    const r = ratio(t, ts);
    const f = ratio(2 * t, fDen);
    perClass[label] = { precision: p, recall: r, f1: f, support: ts };
    sumP += p;
    sumR += r;
    sumF += f;
    wP += p * ts;
    wR += r * ts;
    wF += f * ts;
    support += ts;
    tpAll += t;
    predAll += ps;
  }
  const confusion: number[][] = [];
  for (let a = 0; a < m; a++) {
    const row = confusionAll[chosen[a] as number] as number[];
    confusion.push(Array.from({ length: m }, (_, b) => row[chosen[b] as number] as number));
  }
  return {
    n,
    labels,
    confusion,
    correct,
    accuracy: n === 0 ? Number.NaN : correct / n,
    accuracyCi: wilsonInterval(correct, n),
    balancedAccuracy: recallCount === 0 ? Number.NaN : recallSum / recallCount,
    perClass,
    macro: { precision: ratio(sumP, m), recall: ratio(sumR, m), f1: ratio(sumF, m) },
    // With every class selected, micro precision = micro recall = micro F1 = accuracy.
    micro: {
      precision: ratio(tpAll, predAll),
      recall: ratio(tpAll, support),
      f1: ratio(2 * tpAll, predAll + support),
    },
    weighted: { precision: ratio(wP, support), recall: ratio(wR, support), f1: ratio(wF, support) },
    zeroDivision,
  };
}
