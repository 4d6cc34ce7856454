import { bestOf } from './token-f1';
import type { Check } from './types';

/**
 * The tokens of `rouge-score`'s default tokenizer (no stemmer): lowercase, every run of
 * characters other than a-z and 0-9 becomes a separator. Non-ASCII letters are therefore
 * separators too, exactly as in `rouge-score`, so ROUGE-L is meant for English text.
 */
export function rougeTokens(text: string): string[] {
  return text
    .toLowerCase()
    .split(/[^a-z0-9]+/)
    .filter((t) => t !== '');
}

/** The length of the longest common subsequence of two token lists, in O(n·m) time, O(m) memory. */
export function lcsLength(a: readonly string[], b: readonly string[]): number {
  if (a.length === 0 || b.length === 0) return 0;
  let prev = new Uint32Array(b.length + 1);
  let curr = new Uint32Array(b.length + 1);
  for (const x of a) {
    for (let j = 1; j <= b.length; j++) {
      curr[j] = x === b[j - 1] ? prev[j - 1]! + 1 : Math.max(prev[j]!, curr[j - 1]!);
    }
    [prev, curr] = [curr, prev];
  }
  return prev[b.length]!;
}

/**
 * ROUGE-L of a prediction against a reference, as `rouge_score.rouge_scorer.RougeScorer(['rougeL'])`
 * computes it by default: precision = LCS / prediction tokens, recall = LCS / reference tokens,
 * and the F-measure 2PR / (P + R); 0 when either side has no tokens or nothing is shared.
 */
export function rougeL(
  prediction: string,
  reference: string,
): { precision: number; recall: number; fmeasure: number } {
  const pred = rougeTokens(prediction);
  const ref = rougeTokens(reference);
  if (pred.length === 0 || ref.length === 0) return { precision: 0, recall: 0, fmeasure: 0 };
  const lcs = lcsLength(ref, pred);
  const precision = lcs / pred.length;
  const recall = lcs / ref.length;
  const fmeasure = precision + recall > 0 ? (2 * precision * recall) / (precision + recall) : 0;
  return { precision, recall, fmeasure };
}

/** `rouge-l`: the best ROUGE-L F-measure over the references is at least `threshold`. */
export function rougeLCheck(references: readonly string[], threshold: number): Check {
  return ({ output }) => {
    const best = bestOf(references, (ref) => rougeL(output, ref).fmeasure);
    return {
      pass: best.score >= threshold,
      score: best.score,
      reason: `ROUGE-L F ${best.score.toFixed(3)} (threshold ${threshold})`,
    };
  };
}
