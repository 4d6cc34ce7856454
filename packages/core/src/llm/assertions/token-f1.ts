import type { Check } from './types';

// Python's string.punctuation, which the SQuAD evaluation script removes.
const ASCII_PUNCTUATION = /[!"#$%&'()*+,\-./:;<=>?@[\\\]^_`{|}~]/g;
// \b(a|an|the)\b with Python 3's Unicode word boundaries (letters, numbers and _).
const ARTICLES = /(?<![\p{L}\p{N}_])(?:a|an|the)(?![\p{L}\p{N}_])/gu;
// Python's str.split() whitespace (JS \s plus the information separators and NEL).
// eslint-disable-next-line no-control-regex -- Python's whitespace includes these separators.
const PY_WHITESPACE = /[\s\x1c-\x1f\x85]+/u;

/**
 * The SQuAD answer normalisation: lowercase, remove ASCII punctuation, remove the articles
 * a/an/the, and split on whitespace. Returns the tokens.
 */
export function squadTokens(text: string): string[] {
  const normalized = text.toLowerCase().replace(ASCII_PUNCTUATION, '').replace(ARTICLES, ' ');
  return normalized.split(PY_WHITESPACE).filter((t) => t !== '');
}

/**
 * Token F1 of a prediction against one reference, as the SQuAD v2 evaluation script computes
 * it: the harmonic mean of token precision and recall over the multiset of shared tokens. When
 * either side has no tokens, it is 1 if both have none and 0 otherwise.
 */
export function tokenF1(prediction: string, reference: string): number {
  const pred = squadTokens(prediction);
  const gold = squadTokens(reference);
  if (pred.length === 0 || gold.length === 0) return pred.length === gold.length ? 1 : 0;
  const counts = new Map<string, number>();
  for (const t of gold) counts.set(t, (counts.get(t) ?? 0) + 1);
  let same = 0;
  for (const t of pred) {
    const left = counts.get(t) ?? 0;
    if (left > 0) {
      same += 1;
      counts.set(t, left - 1);
    }
  }
  if (same === 0) return 0;
  const precision = same / pred.length;
  const recall = same / gold.length;
  return (2 * precision * recall) / (precision + recall);
}

/** The best of a similarity over several references, with the one that gave it. */
export function bestOf(
  references: readonly string[],
  score: (reference: string) => number,
): { score: number; reference: string } {
  let best = { score: -Infinity, reference: references[0] ?? '' };
  for (const reference of references) {
    const s = score(reference);
    if (s > best.score) best = { score: s, reference };
  }
  return best;
}

/** `token-f1`: the best SQuAD token F1 over the references is at least `threshold`. */
export function tokenF1Check(references: readonly string[], threshold: number): Check {
  return ({ output }) => {
    const best = bestOf(references, (ref) => tokenF1(output, ref));
    return {
      pass: best.score >= threshold,
      score: best.score,
      reason: `token F1 ${best.score.toFixed(3)} (threshold ${threshold})`,
    };
  };
}
