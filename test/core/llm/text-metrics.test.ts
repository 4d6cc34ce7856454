import { readFileSync } from 'node:fs';
import { describe, expect, it } from '@jest/globals';
import {
  lcsLength,
  levenshteinDistance,
  levenshteinSimilarity,
  rougeL,
  rougeTokens,
  squadTokens,
  tokenF1,
} from '@modelgate/core';

interface Expected {
  prediction: string;
  reference: string;
  tokenF1: number;
  rougeL: { precision: number; recall: number; fmeasure: number };
  levenshtein: number;
  levenshteinSimilarity: number;
}

// Computed independently in Python by test/fixtures/llm/make-expected.py.
const expected = JSON.parse(
  readFileSync(new URL('../../fixtures/llm/text-metrics-expected.json', import.meta.url), 'utf8'),
) as Expected[];
const table = expected.map((e) => [JSON.stringify([e.prediction, e.reference]), e] as const);

describe('text similarity matches the Python reference', () => {
  it.each(table)('token F1 of %s', (_name, e) => {
    expect(tokenF1(e.prediction, e.reference)).toBeCloseTo(e.tokenF1, 12);
  });
  it.each(table)('ROUGE-L of %s', (_name, e) => {
    const got = rougeL(e.prediction, e.reference);
    expect(got.precision).toBeCloseTo(e.rougeL.precision, 12);
    expect(got.recall).toBeCloseTo(e.rougeL.recall, 12);
    expect(got.fmeasure).toBeCloseTo(e.rougeL.fmeasure, 12);
  });
  it.each(table)('Levenshtein of %s', (_name, e) => {
    expect(levenshteinDistance(e.prediction, e.reference)).toBe(e.levenshtein);
    expect(levenshteinSimilarity(e.prediction, e.reference)).toBeCloseTo(
      e.levenshteinSimilarity,
      12,
    );
  });
});

describe('tokenizers', () => {
  it('drops articles only as whole words, with Unicode word boundaries', () => {
    expect(squadTokens('The theatre, an anthem; a-b')).toEqual(['theatre', 'anthem', 'ab']);
    expect(squadTokens('aé the')).toEqual(['aé']);
  });
  it('splits ROUGE tokens on anything but a-z and 0-9, as rouge-score does', () => {
    expect(rougeTokens('Café NAÏVE x-ray 3.14')).toEqual([
      'caf',
      'na',
      've',
      'x',
      'ray',
      '3',
      '14',
    ]);
  });
  it('computes the LCS of token lists', () => {
    expect(lcsLength(['a', 'b', 'c', 'd'], ['b', 'd', 'c'])).toBe(2);
    expect(lcsLength([], ['a'])).toBe(0);
  });
  it('counts edits in code points, not UTF-16 units', () => {
    expect(levenshteinDistance('🎉', '🎊')).toBe(1);
    expect(levenshteinSimilarity('', '')).toBe(1);
  });
});
