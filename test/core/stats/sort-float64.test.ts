import { describe, expect, it } from '@jest/globals';
import { sortFloat64 } from '@modelgate/core';

// The reference is the built-in `Float64Array.prototype.sort()`: ascending, −0 before +0, NaN
// last. The radix path starts at 65,536 values, so sizes around it and well above are checked.
let seed = 7;
const rand = (): number => (seed = (Math.imul(seed, 1103515245) + 12345) >>> 0) / 2 ** 32;
const SPECIAL = [0, -0, Number.NaN, -Number.NaN, Infinity, -Infinity, 1e-310, -1e-310, 5e-324];

const kinds: [string, () => number][] = [
  ['probabilities in [0, 1)', () => rand()],
  ['signed values of large magnitude', () => (rand() - 0.5) * 1e12],
  [
    'zeros of both signs, NaN, infinities and subnormals',
    () => {
      const i = Math.floor(rand() * (SPECIAL.length + 4));
      return i < SPECIAL.length ? (SPECIAL[i] as number) : i - SPECIAL.length - 2;
    },
  ],
  ['a few distinct values (ties)', () => Math.round(rand() * 3) / 3],
  ['one value repeated', () => 0.25],
];

describe('sortFloat64', () => {
  it.each(kinds)('sorts %s as Float64Array.prototype.sort does', (_what, make) => {
    for (const n of [0, 1, 2, 65_535, 65_536, 65_537, 200_000]) {
      const values = Float64Array.from({ length: n }, make);
      const expected = values.slice().sort();
      const got = sortFloat64(values);
      expect(got).toBe(values);
      expect(got).toHaveLength(n);
      for (let i = 0; i < n; i++) {
        if (!Object.is(got[i], expected[i])) {
          throw new Error(`n=${n}, at ${i}: got ${got[i]}, expected ${expected[i]}`);
        }
      }
    }
  });

  it('sorts a view into a larger buffer without touching the rest', () => {
    const buffer = new Float64Array(100_000).fill(9);
    const view = buffer.subarray(1000, 99_000);
    for (let i = 0; i < view.length; i++) view[i] = rand() - 0.5;
    const expected = view.slice().sort();
    sortFloat64(view);
    expect(Array.from(view)).toEqual(Array.from(expected));
    expect(buffer[999]).toBe(9);
    expect(buffer[99_000]).toBe(9);
  });
});
