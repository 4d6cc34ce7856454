import { describe, expect, it } from '@jest/globals';
import { readFileSync } from 'node:fs';
import {
  createRng,
  ksStatistic,
  Moments,
  normedWasserstein,
  NumericSample,
  weightedFromValues,
  weightedQuantile,
} from '@modelgate/core';
import { loadVega, numbersOf, selectRows } from '../../helpers/vega-data';
import type { Selector } from '../../helpers/vega-data';

// Reference values: python3 test/fixtures/validate-data/make-expected.py (pandas describe(),
// np.std, np.quantile; numpy 1.24.2, pandas 1.5.3).
const expected = JSON.parse(
  readFileSync(new URL('../../fixtures/validate-data/expected.json', import.meta.url), 'utf8'),
) as {
  describe: {
    dataset: 'seattle-weather' | 'flights-200k' | 'penguins';
    selector: Selector;
    column: string;
    count: number;
    mean: number;
    std: number;
    std0: number;
    min: number;
    max: number;
    quantiles: Record<string, number>;
    nunique: number;
  }[];
};

function close(actual: number, wanted: number): void {
  expect(Math.abs(actual - wanted)).toBeLessThanOrEqual(1e-9 * Math.max(1, Math.abs(wanted)));
}

describe('Moments and NumericSample match pandas describe() and np.quantile', () => {
  it.each(expected.describe.map((d) => [`${d.dataset} ${d.column}`, d] as const))('%s', (_n, d) => {
    const values = numbersOf(selectRows(loadVega(d.dataset), d.selector), d.column);
    const moments = new Moments();
    const sample = new NumericSample(createRng(1));
    for (const v of values) {
      moments.add(v);
      sample.add(v);
    }
    expect(moments.count).toBe(d.count);
    close(moments.mean, d.mean);
    close(moments.std(1), d.std);
    close(moments.std(0), d.std0);
    expect(moments.min).toBe(d.min);
    expect(moments.max).toBe(d.max);
    expect(sample.distinct()).toBe(d.nunique);
    for (const [q, v] of Object.entries(d.quantiles))
      close(weightedQuantile(sample.view(), Number(q)), v);
  });

  it('merges batches to the same moments as one pass (Chan)', () => {
    const values = numbersOf(loadVega('flights-200k'), 'delay');
    const whole = new Moments();
    for (const v of values) whole.add(v);
    const parts = [new Moments(), new Moments(), new Moments()];
    values.forEach((v, i) => parts[i % 3]!.add(v));
    const merged = new Moments();
    for (const p of parts) merged.merge(p);
    expect(merged.count).toBe(whole.count);
    close(merged.mean, whole.mean);
    close(merged.std(1), whole.std(1));
  });

  it('stays exact past the raw budget when the distinct values fit (counted mode)', () => {
    const values = numbersOf(loadVega('flights-200k'), 'distance');
    const sample = new NumericSample(createRng(1), { exactBudget: 10_000 });
    for (const v of values) sample.add(v);
    expect(sample.mode).toBe('counted');
    expect(sample.approximate).toBe(false);
    const exact = weightedFromValues(values);
    for (const q of [0.05, 0.5, 0.95])
      expect(weightedQuantile(sample.view(), q)).toBe(weightedQuantile(exact, q));
  });
});

describe('the sketch (over budget) keeps drift statistics within 0.01 of exact, on real data', () => {
  const rows = loadVega('flights-200k');
  const sketched = (values: number[], seed: number) => {
    const s = new NumericSample(createRng(seed), { exactBudget: 5_000, distinctBudget: 50 });
    for (const v of values) s.add(v);
    return s;
  };
  it.each([
    ['delay', [0, 100_000], [100_000, 200_000]],
    ['distance', [0, 100_000], [100_000, 200_000]],
    ['delay', [0, 50_000], [150_000, 200_000]],
    ['time', [0, 100_000], [100_000, 200_000]],
  ] as const)('%s rows %p vs %p', (column, a, b) => {
    const ref = numbersOf(selectRows(rows, { rows: [a[0], a[1]] }), column);
    const cur = numbersOf(selectRows(rows, { rows: [b[0], b[1]] }), column);
    const refSketch = sketched(ref, 7);
    const curSketch = sketched(cur, 8);
    expect(refSketch.mode).toBe('sketch');
    expect(curSketch.mode).toBe('sketch');
    expect(refSketch.view().total).toBe(ref.length);
    const exactRef = weightedFromValues(ref);
    const exactCur = weightedFromValues(cur);
    const m = new Moments();
    for (const v of ref) m.add(v);
    const ksExact = ksStatistic(exactRef, exactCur);
    const ksSketch = ksStatistic(refSketch.view(), curSketch.view());
    expect(Math.abs(ksSketch - ksExact)).toBeLessThan(0.01);
    const wExact = normedWasserstein(exactRef, exactCur, m.std(0));
    const wSketch = normedWasserstein(refSketch.view(), curSketch.view(), m.std(0));
    expect(Math.abs(wSketch - wExact)).toBeLessThan(0.01);
    // Quantiles: the sketch's rank error bound, checked as the rank of the returned value.
    for (const q of [0.1, 0.5, 0.9]) {
      const v = weightedQuantile(refSketch.view(), q);
      const below = ref.filter((x) => x < v).length / ref.length;
      const atOrBelow = ref.filter((x) => x <= v).length / ref.length;
      expect(q).toBeGreaterThanOrEqual(below - refSketch.rankError);
      expect(q).toBeLessThanOrEqual(atOrBelow + refSketch.rankError);
    }
    // Distinct count from HyperLogLog within 2 %.
    const distinct = new Set(ref).size;
    expect(Math.abs(refSketch.distinct() - distinct) / distinct).toBeLessThan(0.02);
  });
});
