import { describe, expect, it } from '@jest/globals';
import { summarizeResults } from '@modelgate/core';
import type { ExampleResult } from '@modelgate/core';

/**
 * Per-slice metrics are computed from the whole set's label codes, not by scoring each slice
 * again. They must equal what scoring the slice's examples alone gives.
 */

function lcg(seed: number): () => number {
  let s = seed >>> 0;
  return () => (s = (Math.imul(s, 1103515245) + 12345) >>> 0) / 2 ** 32;
}

function classificationResults(seed: number, n: number): ExampleResult[] {
  const rand = lcg(seed);
  const labels = ['b', 'a', 'c', '10'];
  const out: ExampleResult[] = [];
  for (let i = 0; i < n; i++) {
    const r: ExampleResult = { id: `r${i}`, index: i, expected: labels[Math.floor(rand() * 3)] };
    const u = rand();
    if (u < 0.08) Object.assign(r, { status: 'error', error: 'x', errorCode: 'http' });
    else if (u < 0.1) r.status = 'not-run';
    else {
      r.status = 'ok';
      r.predicted = labels[Math.floor(rand() * 3)];
      // Probability keys may name a label that is neither expected nor predicted ('10').
      const keys = labels.filter(() => rand() < 0.8);
      r.probabilities = Object.fromEntries(keys.map((k) => [k, rand()]));
      r.latencyMs = Math.floor(rand() * 50);
    }
    const region = rand() < 0.05 ? undefined : ['north', 'south', 'east'][Math.floor(rand() * 3)]!;
    r.slices = { ...(region !== undefined && { region }), device: rand() < 0.5 ? 'm' : 'd' };
    out.push(r);
  }
  return out;
}

function regressionResults(seed: number, n: number): ExampleResult[] {
  const rand = lcg(seed);
  return Array.from({ length: n }, (_, i) => {
    const y = rand() * 10;
    const failed = rand() < 0.1;
    return {
      id: String(i),
      expected: y,
      ...(failed
        ? { status: 'error' as const, error: 'x', errorCode: 'timeout' }
        : { status: 'ok' as const, predicted: y + rand() - 0.5 }),
      slices: { s: rand() < 0.5 ? 'p' : 'q' },
    };
  });
}

describe('per-slice metrics', () => {
  it.each([
    ['classification', classificationResults(1, 400), ['region', 'device']],
    ['classification, small slices', classificationResults(2, 25), ['region']],
    ['regression', regressionResults(3, 300), ['s']],
  ] as const)('equal the metrics of each slice scored alone: %s', (_name, results, sliceBy) => {
    const task = _name.startsWith('regression') ? 'regression' : 'classification';
    const summary = summarizeResults(results, { task, sliceBy: [...sliceBy], minSliceSize: 5 });
    const slices = summary.body.slices!;
    let scored = 0;
    for (const column of sliceBy) {
      const values = [...new Set(results.map((r) => r.slices?.[column] ?? '(missing)'))];
      expect(slices.filter((s) => s.column === column).map((s) => s.value)).toEqual(
        [...values].sort(),
      );
      for (const slice of slices.filter((s) => s.column === column)) {
        const group = results.filter((r) => (r.slices?.[column] ?? '(missing)') === slice.value);
        expect(slice.n).toBe(group.length);
        if (group.length < 5) {
          expect(slice).toMatchObject({ metrics: {}, belowMinimum: true });
          continue;
        }
        const alone = summarizeResults(group, { task }).metrics;
        const keys =
          task === 'classification'
            ? ['accuracy', 'balanced_accuracy', 'f1_macro', 'error_rate']
            : ['mae', 'rmse', 'r2', 'error_rate'];
        expect(slice.metrics).toEqual(Object.fromEntries(keys.map((k) => [k, alone[k]!.value])));
        scored++;
      }
    }
    expect(scored).toBeGreaterThan(0);
  });

  it('leaves a label that only a probability key names out of the slice macro F1', () => {
    const results: ExampleResult[] = [
      { id: '1', expected: 'a', predicted: 'a', probabilities: { a: 0.9, z: 0.1 } },
      { id: '2', expected: 'b', predicted: 'a', probabilities: { b: 0.4, a: 0.6 } },
    ].map((r) => ({ ...r, status: 'ok', slices: { s: 'one' } }));
    const slice = summarizeResults(results, { task: 'classification', sliceBy: ['s'] }).body
      .slices![0]!;
    // Labels a and b (z is a probability key only, as f1_score(average="macro") sees it):
    // F1 of a = 2/3, of b = 0.
    expect(slice.metrics.f1_macro).toBeCloseTo(1 / 3, 15);
  });
});
