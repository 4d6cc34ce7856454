import { quote } from './equals';
import type { Check } from './types';

/** `contains` / `icontains` (case-insensitive): the output contains `needle`. */
export function containsCheck(needle: string, ignoreCase: boolean): Check {
  const want = ignoreCase ? needle.toLowerCase() : needle;
  return ({ output }) => {
    const pass = (ignoreCase ? output.toLowerCase() : output).includes(want);
    return {
      pass,
      score: pass ? 1 : 0,
      reason: `${pass ? 'contains' : 'does not contain'} ${quote(needle)}`,
    };
  };
}

/**
 * `contains-any` / `contains-all` (and their case-insensitive `icontains-` forms): the output
 * contains at least one, or every one, of `needles`. An empty list is a configuration error,
 * caught when the assertion is compiled.
 */
export function containsSetCheck(
  needles: readonly string[],
  mode: 'any' | 'all',
  ignoreCase: boolean,
): Check {
  const wants = ignoreCase ? needles.map((n) => n.toLowerCase()) : needles;
  return ({ output }) => {
    const text = ignoreCase ? output.toLowerCase() : output;
    const found = wants.map((w) => text.includes(w));
    const hits = found.filter(Boolean).length;
    const pass = mode === 'any' ? hits > 0 : hits === wants.length;
    const missing = needles.filter((_n, i) => !found[i]);
    return {
      pass,
      score: pass ? 1 : 0,
      reason:
        mode === 'any'
          ? pass
            ? `contains ${hits} of ${needles.length}`
            : `contains none of ${needles.map(quote).join(', ')}`
          : pass
            ? `contains all ${needles.length}`
            : `missing ${missing.map(quote).join(', ')}`,
    };
  };
}

/** `starts-with`: the output starts with `prefix` (no trimming: say so in the prefix). */
export function startsWithCheck(prefix: string): Check {
  return ({ output }) => {
    const pass = output.startsWith(prefix);
    return {
      pass,
      score: pass ? 1 : 0,
      reason: `${pass ? 'starts' : 'does not start'} with ${quote(prefix)}`,
    };
  };
}
