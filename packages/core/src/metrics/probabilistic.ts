/**
 * Metrics of predicted probabilities, with scikit-learn's semantics: ROC AUC (binary, and
 * multiclass one-vs-rest macro), log loss, Brier score (binary), and the expected calibration
 * error. Probabilities come as a row-major `n × k` matrix whose column `c` is label code `c`.
 */
import { sortFloat64 } from '../stats/sort-float64';

/** The machine epsilon of float64 (np.finfo(np.float64).eps), sklearn's log_loss clip. */
export const FLOAT64_EPS = 2.220446049250313e-16;

/**
 * Binary ROC AUC of `scores` for `positive` (1) against negatives (0), as sklearn's
 * roc_auc_score: the Mann–Whitney U statistic with tied scores counted half, which equals the
 * trapezoidal area under sklearn's ROC curve. Null when only one class is present (undefined).
 */
export function rocAucBinary(
  positive: ArrayLike<number>,
  scores: ArrayLike<number>,
): number | null {
  const n = scores.length;
  let nPos = 0;
  for (let i = 0; i < n; i++) if (positive[i] === 1) nPos++;
  const nNeg = n - nPos;
  if (nPos === 0 || nNeg === 0) return null;
  // Sort each class's scores natively, then count with two pointers: for each positive score s,
  // the negatives below s count 1 and those equal to s count ½ (the average rank of ties).
  const pos = new Float64Array(nPos);
  const neg = new Float64Array(nNeg);
  let p = 0;
  let q = 0;
  for (let i = 0; i < n; i++) {
    if (positive[i] === 1) pos[p++] = scores[i] as number;
    else neg[q++] = scores[i] as number;
  }
  sortFloat64(pos);
  sortFloat64(neg);
  let below = 0;
  let equal = 0;
  let j = 0;
  let lastScore = Number.NaN;
  let u = 0;
  for (let i = 0; i < nPos; i++) {
    const s = pos[i] as number;
    if (s !== lastScore) {
      j += equal;
      while (j < nNeg && (neg[j] as number) < s) j++;
      below = j;
      equal = 0;
      while (j + equal < nNeg && neg[j + equal] === s) equal++;
      lastScore = s;
    }
    u += below + equal / 2;
  }
  return u / (nPos * nNeg);
}

/**
 * Multiclass ROC AUC, one-vs-rest, macro average: sklearn's
 * `roc_auc_score(y, P, multi_class="ovr", average="macro", labels=labels)`. Null when any label
 * has no true example (sklearn raises: AUC undefined for that label) or k < 2.
 */
export function rocAucOvrMacro(
  expected: ArrayLike<number>,
  probs: Float64Array,
  k: number,
): number | null {
  const n = expected.length;
  if (k < 2) return null;
  const positive = new Uint8Array(n);
  const column = new Float64Array(n);
  let sum = 0;
  for (let c = 0; c < k; c++) {
    for (let i = 0; i < n; i++) {
      positive[i] = expected[i] === c ? 1 : 0;
      column[i] = probs[i * k + c] as number;
    }
    const auc = rocAucBinary(positive, column);
    if (auc === null) return null;
    sum += auc;
  }
  return sum / k;
}

/**
 * Mean log loss (cross-entropy, natural log) as sklearn's log_loss: each probability is clipped to
 * [eps, 1 − eps] with eps = float64's machine epsilon, so a confident miss costs about 36.04
 * rather than infinity. The rows must sum to 1 (check with {@link rowsSumToOne}; current sklearn
 * refuses rows that do not).
 */
export function logLoss(expected: ArrayLike<number>, probs: Float64Array, k: number): number {
  const n = expected.length;
  let sum = 0;
  for (let i = 0; i < n; i++) {
    const p = probs[i * k + (expected[i] as number)] as number;
    sum -= Math.log(Math.min(1 - FLOAT64_EPS, Math.max(FLOAT64_EPS, p)));
  }
  return sum / n;
}

/**
 * True when every row of the `n × k` matrix sums to 1 within `tolerance` (default 1e-6) and has no
 * value outside [0, 1].
 */
export function rowsSumToOne(probs: Float64Array, k: number, tolerance = 1e-6): boolean {
  for (let i = 0; i < probs.length; i += k) {
    let s = 0;
    for (let c = 0; c < k; c++) {
      const p = probs[i + c] as number;
      if (!(p >= 0 && p <= 1)) return false;
      s += p;
    }
    if (Math.abs(s - 1) > tolerance) return false;
  }
  return true;
}

/** The Brier score of positive-class probabilities (sklearn's brier_score_loss): mean (y − p)². */
export function brierScore(positive: ArrayLike<number>, scores: ArrayLike<number>): number {
  const n = scores.length;
  let sum = 0;
  for (let i = 0; i < n; i++) {
    const d = (positive[i] as number) - (scores[i] as number);
    sum += d * d;
  }
  return sum / n;
}

/**
 * The expected calibration error with `bins` (default 15) equal-width bins of top-label
 * confidence (Guo et al., 2017). For each example, the confidence is its largest class
 * probability and it is correct when that class (the first of tied maxima, as np.argmax) is the
 * true label. Bin b holds confidences in (b/bins, (b+1)/bins], i.e. b = ceil(bins·c) − 1 clamped
 * to [0, bins − 1] (so c = 0 falls in the first bin). ECE = Σ_b (n_b / n)·|acc_b − conf_b|.
 */
export function expectedCalibrationError(
  expected: ArrayLike<number>,
  probs: Float64Array,
  k: number,
  bins = 15,
): number {
  const n = expected.length;
  const count = new Float64Array(bins);
  const confSum = new Float64Array(bins);
  const correctSum = new Float64Array(bins);
  for (let i = 0; i < n; i++) {
    let best = 0;
    let conf = probs[i * k] as number;
    for (let c = 1; c < k; c++) {
      const p = probs[i * k + c] as number;
      if (p > conf) {
        conf = p;
        best = c;
      }
    }
    const b = Math.min(bins - 1, Math.max(0, Math.ceil(conf * bins) - 1));
    count[b]! += 1;
    confSum[b]! += conf;
    if (best === expected[i]) correctSum[b]! += 1;
  }
  let ece = 0;
  for (let b = 0; b < bins; b++) {
    const m = count[b] as number;
    if (m === 0) continue;
    ece += (m / n) * Math.abs((correctSum[b] as number) / m - (confSum[b] as number) / m);
  }
  return ece;
}
