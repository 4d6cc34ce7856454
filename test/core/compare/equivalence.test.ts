import { readFileSync } from 'node:fs';
import { describe, expect, it } from '@jest/globals';
import { pairedEquivalence, studentTCdf, studentTSf } from '@modelgate/core';

interface Case {
  name: string;
  margin: number;
  alpha: number;
  direction: 'higher' | 'lower';
  n: number;
  mean_difference: number;
  tost_p: number;
  t1: number;
  p1: number;
  t2: number;
  p2: number;
  df: number;
  lower: number;
  upper: number;
  decision: string;
  p_value: number;
  needed_n?: number;
  needed_n_at_zero: number;
  baseline?: number[];
  candidate?: number[];
}

const expected = JSON.parse(
  readFileSync(
    new URL('../../fixtures/compare/equivalence-expected.json', import.meta.url),
    'utf8',
  ),
) as { cases: Case[] };

/** The 0/1 correctness of a weather run by id (scored examples only), as the script reads it. */
function correctness(run: string): Map<string, number> {
  const text = readFileSync(
    new URL(`../../fixtures/compare/${run}/examples.jsonl`, import.meta.url),
    'utf8',
  );
  const out = new Map<string, number>();
  for (const line of text.split('\n')) {
    if (line.trim() === '') continue;
    const row = JSON.parse(line) as { id: string; correct: boolean; status?: string };
    if ((row.status ?? 'ok') === 'ok') out.set(row.id, row.correct ? 1 : 0);
  }
  return out;
}

function samples(c: Case): [number[], number[]] {
  if (c.baseline && c.candidate) return [c.baseline, c.candidate];
  const b = correctness('weather-baseline');
  const cand = correctness('weather-candidate');
  const ids = [...b.keys()].filter((id) => cand.has(id));
  return [ids.map((id) => b.get(id)!), ids.map((id) => cand.get(id)!)];
}

function expectClose(actual: number, wanted: number, rtol = 1e-7, atol = 1e-300): void {
  expect(Math.abs(actual - wanted)).toBeLessThanOrEqual(rtol * Math.abs(wanted) + atol);
}

describe('pairedEquivalence (TOST) matches statsmodels ttost_paired', () => {
  it('covers every decision, both directions, 0/1 and continuous scores', () => {
    const decisions = new Set(expected.cases.map((c) => c.decision));
    expect([...decisions].sort()).toEqual(['better', 'equivalent', 'inconclusive', 'worse']);
    expect(expected.cases.some((c) => c.direction === 'lower')).toBe(true);
    expect(expected.cases.some((c) => c.baseline === undefined)).toBe(true);
  });

  for (const c of expected.cases) {
    it(`${c.name}: decision, p-value, interval and needed n`, () => {
      const [baseline, candidate] = samples(c);
      expect(baseline).toHaveLength(c.n);
      const r = pairedEquivalence(baseline, candidate, c.margin, c.alpha, c.direction);
      expect(r).toBeDefined();
      expect(r!.decision).toBe(c.decision);
      expectClose(r!.meanDifference, c.mean_difference, 1e-12, 1e-15);
      expectClose(r!.pValue, c.p_value, 1e-6);
      expectClose(r!.lower, c.lower, 1e-8, 1e-12);
      expectClose(r!.upper, c.upper, 1e-8, 1e-12);
      expect(r!.neededN).toBe(c.needed_n);
      // The two one-sided p-values behind the TOST p-value.
      expectClose(studentTSf(c.t1, c.df), c.p1, 1e-6);
      expectClose(studentTCdf(c.t2, c.df), c.p2, 1e-6);
      expectClose(Math.max(c.p1, c.p2), c.tost_p, 1e-12);
    });
  }

  it('says how many examples an inconclusive test would need, and only when more than used', () => {
    const c = expected.cases.find((x) => x.name === 'continuous-inconclusive')!;
    expect(c.needed_n).toBeGreaterThan(c.n);
    const weak = expected.cases.find((x) => x.name === 'weather-accuracy-margin-0.08')!;
    expect(weak.decision).toBe('inconclusive');
    expect(weak.needed_n).toBeUndefined();
  });

  it('decides from the difference itself when every difference is the same', () => {
    expect(pairedEquivalence([1, 1, 0], [1, 1, 0], 0.01, 0.05, 'higher')?.decision).toBe(
      'equivalent',
    );
    expect(pairedEquivalence([0, 0, 0], [1, 1, 1], 0.01, 0.05, 'higher')?.decision).toBe('better');
    expect(pairedEquivalence([0, 0, 0], [1, 1, 1], 0.01, 0.05, 'lower')?.decision).toBe('worse');
  });

  it('is undefined with fewer than two pairs, no direction or no positive margin', () => {
    expect(pairedEquivalence([1], [0], 0.01, 0.05, 'higher')).toBeUndefined();
    expect(pairedEquivalence([1, 0], [0, 1], 0.01, 0.05, 'none')).toBeUndefined();
    expect(pairedEquivalence([1, 0], [0, 1], 0, 0.05, 'higher')).toBeUndefined();
    expect(() => pairedEquivalence([1, 0], [0], 0.01, 0.05, 'higher')).toThrow(RangeError);
  });
});
