import { describe, expect, it } from '@jest/globals';
import { IndexResampler, laneLabel, multinomialDraw, TILE, Xoshiro128 } from '@modelgate/core';

/**
 * The resampler, redone in plain JavaScript from its specification (index-resampler.ts and
 * kernel/resample.wat): tile counts from Xoshiro128(seed, label) by multinomialDraw; within a
 * tile, draw k is lane k mod 4's nextIndex(tile size); a partial last step still advances every
 * lane; a tile's sum is (a0 + a1) + (a2 + a3).
 */
function referenceSums(values: Float64Array, seed: number, label: string, resamples: number) {
  const n = values.length;
  const control = new Xoshiro128(seed, label);
  const lanes = [0, 1, 2, 3].map((j) => new Xoshiro128(seed, laneLabel(label, j)));
  const tiles = Math.ceil(n / TILE);
  const sizes = Float64Array.from({ length: tiles }, (_, t) => Math.min(TILE, n - t * TILE));
  const counts = new Float64Array(tiles);
  const sums: number[] = [];
  for (let r = 0; r < resamples; r++) {
    multinomialDraw(control, n, sizes, counts);
    let sum = 0;
    for (let t = 0; t < tiles; t++) {
      const count = counts[t]!;
      if (count === 0) continue;
      const size = sizes[t]!;
      const acc = [0, 0, 0, 0];
      const steps = Math.ceil(count / 4);
      for (let s = 0; s < steps; s++) {
        for (let j = 0; j < 4; j++) {
          const index = lanes[j]!.nextIndex(size);
          if (s * 4 + j < count) acc[j]! += values[t * TILE + index]!;
        }
      }
      sum += acc[0]! + acc[1]! + (acc[2]! + acc[3]!);
    }
    sums.push(sum);
  }
  return sums;
}

function values(n: number, seed: number): Float64Array {
  const rng = new Xoshiro128(seed, 'values');
  return Float64Array.from({ length: n }, () => rng.nextFloat() * 10 - 4);
}

describe('IndexResampler', () => {
  it.each([
    [1, 5],
    [7, 20],
    [TILE, 10],
    [TILE + 3, 10],
    [3 * TILE + 1025, 6],
  ])('reproduces the reference draws exactly (n = %d, %d resamples)', (n, resamples) => {
    const data = values(n, n);
    const resampler = new IndexResampler(data, 42, 'score');
    const got = Array.from({ length: resamples }, () => resampler.resampleSum());
    expect(got).toEqual(referenceSums(data, 42, 'score', resamples));
  });

  it('is deterministic for a seed and label, and differs for another', () => {
    const data = values(5000, 1);
    const first = new IndexResampler(data, 7, 'a');
    const again = new IndexResampler(data, 7, 'a');
    const other = new IndexResampler(data, 7, 'b');
    const a = [first.resampleSum(), first.resampleSum()];
    expect([again.resampleSum(), again.resampleSum()]).toEqual(a);
    expect(other.resampleSum()).not.toBe(a[0]);
  });

  it('draws every value equally often (chi-square of the draw counts)', () => {
    // One-hot values: the sum of a resample counts how often value i was drawn.
    const n = TILE + 517;
    const draws = 400;
    const counts = new Float64Array(n);
    for (let i = 0; i < n; i += 97) {
      const onehot = new Float64Array(n);
      onehot[i] = 1;
      const resampler = new IndexResampler(onehot, 3, `cell-${i}`);
      for (let r = 0; r < draws; r++) counts[i]! += resampler.resampleSum();
    }
    // Each resample draws value i Binomial(n, 1/n) times: mean 1 per resample.
    let chi2 = 0;
    let cells = 0;
    for (let i = 0; i < n; i += 97) {
      chi2 += (counts[i]! - draws) ** 2 / draws;
      cells += 1;
    }
    // chi2.ppf(0.999, 27) = 55.48 (scipy 1.10); var(Binomial(n, 1/n)) ≈ 1 = the Poisson variance.
    expect(cells).toBe(27);
    expect(chi2).toBeLessThan(55.5);
  });

  it('gives the bootstrap distribution of the sum its exact mean and variance', () => {
    // For n draws with replacement, E[sum] = n·mean and Var[sum] = n·σ² (σ² with ddof = 0).
    const n = 3 * TILE + 100;
    const data = values(n, 11);
    const mean = data.reduce((s, v) => s + v, 0) / n;
    const variance = data.reduce((s, v) => s + (v - mean) ** 2, 0) / n;
    const resampler = new IndexResampler(data, 5, 'moments');
    const b = 4000;
    const sums = Float64Array.from({ length: b }, () => resampler.resampleSum());
    const m = sums.reduce((s, v) => s + v, 0) / b;
    const v = sums.reduce((s, x) => s + (x - m) ** 2, 0) / (b - 1);
    const sd = Math.sqrt(n * variance);
    expect(Math.abs(m - n * mean)).toBeLessThan((5 * sd) / Math.sqrt(b));
    // The sample variance of b draws has relative sd ≈ sqrt(2 / b) = 0.022.
    expect(v / (n * variance)).toBeGreaterThan(1 - 5 * Math.sqrt(2 / b));
    expect(v / (n * variance)).toBeLessThan(1 + 5 * Math.sqrt(2 / b));
  });

  it('refuses no values', () => {
    expect(() => new IndexResampler(new Float64Array(0), 1)).toThrow('at least one value');
  });
});
