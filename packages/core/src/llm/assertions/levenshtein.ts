import { bestOf } from './token-f1';
import type { Check } from './types';

/**
 * The Levenshtein edit distance (insertions, deletions and substitutions, each 1) between two
 * strings, counted in Unicode code points, in O(n·m) time and O(m) memory.
 */
export function levenshteinDistance(a: string, b: string): number {
  const s = Array.from(a);
  const t = Array.from(b);
  if (s.length === 0) return t.length;
  if (t.length === 0) return s.length;
  let prev = new Uint32Array(t.length + 1);
  let curr = new Uint32Array(t.length + 1);
  for (let j = 0; j <= t.length; j++) prev[j] = j;
  for (let i = 1; i <= s.length; i++) {
    curr[0] = i;
    const si = s[i - 1];
    for (let j = 1; j <= t.length; j++) {
      const cost = si === t[j - 1] ? 0 : 1;
      curr[j] = Math.min(prev[j]! + 1, curr[j - 1]! + 1, prev[j - 1]! + cost);
    }
    [prev, curr] = [curr, prev];
  }
  return prev[t.length]!;
}

/**
 * The normalised Levenshtein similarity, 1 − distance / max(length), in [0, 1]; 1 when both
 * strings are empty. Lengths are in code points.
 */
export function levenshteinSimilarity(a: string, b: string): number {
  const longest = Math.max(Array.from(a).length, Array.from(b).length);
  return longest === 0 ? 1 : 1 - levenshteinDistance(a, b) / longest;
}

/**
 * `levenshtein`: with `maxDistance`, passes when the smallest edit distance to a reference is at
 * most that; otherwise when the best normalised similarity is at least `threshold`. The score is
 * the similarity either way.
 */
export function levenshteinCheck(
  references: readonly string[],
  threshold: number,
  maxDistance: number | undefined,
): Check {
  return ({ output }) => {
    if (maxDistance !== undefined) {
      const best = bestOf(references, (ref) => -levenshteinDistance(output, ref));
      const distance = -best.score;
      return {
        pass: distance <= maxDistance,
        score: levenshteinSimilarity(output, best.reference),
        reason: `edit distance ${distance} (max ${maxDistance})`,
      };
    }
    const best = bestOf(references, (ref) => levenshteinSimilarity(output, ref));
    return {
      pass: best.score >= threshold,
      score: best.score,
      reason: `Levenshtein similarity ${best.score.toFixed(3)} (threshold ${threshold})`,
    };
  };
}
