import { describe, expect, it } from '@jest/globals';
import {
  createRng,
  FrequencyTable,
  HashSet64,
  hashNumber,
  hashString,
  HyperLogLog,
  KllSketch,
  kllRankError,
  weightedFromValues,
  weightedQuantile,
} from '@modelgate/core';

describe('createRng', () => {
  it('repeats its sequence for a seed and differs across seeds', () => {
    const a = createRng(42);
    const b = createRng(42);
    const c = createRng(43);
    const xs = [a(), a(), a()];
    expect([b(), b(), b()]).toEqual(xs);
    expect(c()).not.toBe(xs[0]);
    for (const x of xs) expect(x >= 0 && x < 1).toBe(true);
  });
});

describe('KllSketch', () => {
  it('keeps the rank error within its documented bound on a uniform stream, and merges', () => {
    const rng = createRng(3);
    const a = new KllSketch(createRng(1), 256);
    const b = new KllSketch(createRng(2), 256);
    const values: number[] = [];
    for (let i = 0; i < 200_000; i++) {
      const x = rng();
      values.push(x);
      (i % 2 ? a : b).add(x);
    }
    a.merge(b);
    expect(a.count).toBe(200_000);
    const view = a.toWeightedSorted();
    expect(view.total).toBe(200_000);
    expect(view.values.length).toBeLessThan(3 * 256 + 64);
    const exact = weightedFromValues(values);
    const eps = kllRankError(256);
    for (const q of [0.01, 0.1, 0.25, 0.5, 0.75, 0.9, 0.99]) {
      // Uniform data: the rank of a value is the value.
      expect(Math.abs(weightedQuantile(view, q) - weightedQuantile(exact, q))).toBeLessThan(eps);
    }
  });

  it('counts weighted values as repeated ones', () => {
    const s = new KllSketch(createRng(1), 64);
    s.addWeighted(5, 1000);
    s.addWeighted(7, 3);
    expect(s.count).toBe(1003);
    const v = s.toWeightedSorted();
    expect(Array.from(v.values)).toEqual([5, 7]);
    expect(Array.from(v.weights)).toEqual([1000, 3]);
  });
});

describe('HyperLogLog', () => {
  it('estimates a million distinct strings within 1 %', () => {
    const h = new HyperLogLog();
    for (let i = 0; i < 1_000_000; i++) h.addHash(hashString(`id-${i}`));
    for (let i = 0; i < 1000; i++) h.addHash(hashString(`id-${i}`));
    expect(Math.abs(h.estimate() - 1_000_000) / 1_000_000).toBeLessThan(0.01);
  });
  it('is exact-ish for small sets (linear counting)', () => {
    const h = new HyperLogLog();
    for (let i = 0; i < 100; i++) h.addHash(hashNumber(i));
    expect(Math.round(h.estimate())).toBe(100);
  });
});

describe('HashSet64', () => {
  it('finds repeats, and past its budget still finds repeats of stored hashes', () => {
    const set = new HashSet64(3);
    expect(set.add(1, 2)).toBe('added');
    expect(set.add(1, 2)).toBe('seen');
    expect(set.add(0, 0)).toBe('added');
    expect(set.add(5, 6)).toBe('added');
    expect(set.add(7, 8)).toBe('full');
    expect(set.add(5, 6)).toBe('seen');
    expect(set.size).toBe(3);
  });
  it('grows through many entries', () => {
    const set = new HashSet64(100_000);
    for (let i = 0; i < 50_000; i++) expect(set.add(hashNumber(i), hashNumber(i, 7))).toBe('added');
    for (let i = 0; i < 50_000; i += 997)
      expect(set.add(hashNumber(i), hashNumber(i, 7))).toBe('seen');
  });
});

describe('FrequencyTable', () => {
  it('counts values, orders the top ones, and buckets values past its budget as other', () => {
    const t = new FrequencyTable(2);
    for (const v of ['a', 'b', 'a', 'c', 'c', 'd', 'a']) t.add(v);
    expect(t.top(5)).toEqual([
      { value: 'a', count: 3 },
      { value: 'b', count: 1 },
    ]);
    expect(t.other).toBe(3);
    expect(t.overflowed).toBe(true);
    expect(t.distinct()).toBe(4);
    expect(t.has('c')).toBe(false);
  });
});
