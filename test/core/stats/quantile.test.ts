import { describe, expect, it } from '@jest/globals';
import { quantile, quantiles, quantileSorted } from '@modelgate/core';

// Expected values from numpy 1.24.2:
//   python3 -c "import numpy as np; a=[3.1,1.2,9.7,4.4,4.4,0.5,12.25,7.0]; print(np.quantile(a, q))"
const data = [3.1, 1.2, 9.7, 4.4, 4.4, 0.5, 12.25, 7.0];

describe('quantile (numpy linear)', () => {
  it.each([
    [0, 0.5],
    [0.25, 2.625],
    [0.5, 4.4],
    [0.9, 10.465],
    [0.95, 11.357499999999998],
    [0.99, 12.071499999999999],
    [1, 12.25],
  ])('q=%p matches np.quantile', (q, expected) => {
    expect(quantile(data, q)).toBeCloseTo(expected, 12);
  });

  it('handles one and two values', () => {
    expect(quantile([5], 0.5)).toBe(5);
    expect(quantile([1, 2], 0.3)).toBeCloseTo(1.3, 12);
  });

  it('is NaN for empty input and when a value is NaN', () => {
    expect(quantile([], 0.5)).toBeNaN();
    expect(quantile([1, Number.NaN, 3], 0.5)).toBeNaN();
  });

  it('sorts once for several quantiles and agrees with quantileSorted', () => {
    const sorted = [...data].sort((a, b) => a - b);
    expect(quantiles(data, [0.5, 0.95])).toEqual([
      quantileSorted(sorted, 0.5),
      quantileSorted(sorted, 0.95),
    ]);
  });

  it('rejects q outside [0, 1]', () => {
    expect(() => quantile(data, 1.5)).toThrow(RangeError);
    expect(() => quantileSorted([1], Number.NaN)).toThrow(RangeError);
  });
});
