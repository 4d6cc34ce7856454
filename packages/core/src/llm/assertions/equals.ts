import type { Check } from './types';

/** The normalisation steps `equals` can apply to both sides before comparing. */
export const NORMALIZE_STEPS = ['trim', 'lowercase', 'whitespace', 'punctuation'] as const;
export type NormalizeStep = (typeof NORMALIZE_STEPS)[number];

/**
 * Applies normalisation steps in a fixed order, whatever order they are listed in:
 * `lowercase`; `punctuation` removes Unicode punctuation (category P); `whitespace` collapses
 * runs of whitespace to one space; `trim` removes leading and trailing whitespace.
 */
export function normalizeText(text: string, steps: ReadonlySet<NormalizeStep>): string {
  let out = text;
  if (steps.has('lowercase')) out = out.toLowerCase();
  if (steps.has('punctuation')) out = out.replace(/\p{P}+/gu, '');
  if (steps.has('whitespace')) out = out.replace(/\s+/gu, ' ');
  if (steps.has('trim')) out = out.trim();
  return out;
}

/** `equals`: the output is exactly `expected`, after the same normalisation of both. */
export function equalsCheck(expected: string, steps: ReadonlySet<NormalizeStep>): Check {
  const want = normalizeText(expected, steps);
  return ({ output }) => {
    const pass = normalizeText(output, steps) === want;
    return {
      pass,
      score: pass ? 1 : 0,
      reason: pass ? 'output equals the expected value' : `expected ${quote(want)}`,
    };
  };
}

/** A value shown in a reason, cut to 120 characters. */
export function quote(text: string): string {
  const cut = text.length > 120 ? `${text.slice(0, 120)}…` : text;
  return JSON.stringify(cut);
}
