import { describe, expect, it } from '@jest/globals';
import { formatNumber } from '../../../packages/core/src/render/number-format';
import type {
  NumberFormatOptions,
  NumberStyle,
} from '../../../packages/core/src/render/number-format';

type Row = [number | null | undefined, string, NumberFormatOptions?];

const cases: Record<NumberStyle, Row[]> = {
  count: [
    [0, '0'],
    [-0, '0'],
    [7, '7'],
    [12_345, '12,345'],
    [12_345.6, '12,346'],
    [-1_234_567, '−1,234,567'],
    [1e18, '1,000,000,000,000,000,000'],
    [3, '+3', { signed: true }],
    [0, '±0', { signed: true }],
    [null, '—'],
    [undefined, '—'],
    [Number.NaN, '—'],
    [Number.POSITIVE_INFINITY, '∞'],
  ],
  percent: [
    [0, '0.0%'],
    [-0, '0.0%'],
    [0.871, '87.1%'],
    [1, '100.0%'],
    [0.871, '87%', { halfWidth: 0.15 }],
    [0.871, '87.1%', { halfWidth: 0.021 }],
    [0.87123, '87.12%', { halfWidth: 0.002 }],
    [0.87123, '87.123%', { halfWidth: 0.00001 }],
    [0.871, '87.1%', { n: 1000 }],
    [0.87123, '87.123%', { n: 1_000_000 }],
    [0.5, '50%', { n: 40 }],
    [123.4, '12,340.0%'],
    [-0.02, '−2.0%'],
    [0.0001, '0.0%'],
    [null, '—'],
  ],
  points: [
    [-0.024, '−2.4 points'],
    [0.024, '+2.4 points'],
    [0.01, '+1 point', { halfWidth: 0.1 }],
    [0, '±0.0 points'],
    [-0, '±0.0 points'],
    [-0.00001, '±0.0 points'],
    [-0.02213, '−2.21 points', { halfWidth: 0.004 }],
    [Number.NaN, '—'],
  ],
  ratio: [
    [0.139288, '+13.9%'],
    [0.31, '+31%'],
    [-0.009412, '−0.9%'],
    [2.5, '+250%'],
    [123.456, '+12,346%'],
    [0, '±0%'],
    [-0, '±0%'],
    [null, '—'],
  ],
  latency: [
    [0, '0 ms'],
    [182.4, '182 ms'],
    [18.24, '18.2 ms'],
    [1.824, '1.82 ms'],
    [999.6, '1,000 ms'],
    [1234, '1.23 s'],
    [12_345, '12.3 s'],
    [123_456, '123 s'],
    [12_345_678, '12,346 s'],
    [-22.3, '−22.3 ms'],
    [22.3, '+22.3 ms', { signed: true }],
    [0.0004, '4e-4 ms'],
    [null, '—'],
  ],
  usd: [
    [0, '$0.00'],
    [-0, '$0.00'],
    [0.42, '$0.42'],
    [0.6, '$0.60'],
    [0.075, '$0.075'],
    [0.4567, '$0.457'],
    [0.995, '$0.995'],
    [1284.6, '$1,284.60'],
    [1234567.891, '$1,234,567.89'],
    [0.9999, '$1.00'],
    [-1.5, '−$1.50'],
    [96.3, '+$96.30', { signed: true }],
    [0.00015, '$0.00015'],
    [0.0000001234, '$1.2e-7'],
    [null, '—'],
  ],
  pValue: [
    [0.021, 'p = 0.021'],
    [0.004, 'p = 0.004'],
    [0.21, 'p = 0.21'],
    [1, 'p = 1'],
    [0.001, 'p = 0.001'],
    [0.0009, 'p < 0.001'],
    [0, 'p < 0.001'],
    [-0, 'p < 0.001'],
    [1.2e-9, 'p < 0.001'],
    [null, '—'],
    [Number.NaN, '—'],
  ],
  plain: [
    [0, '0'],
    [-0, '0'],
    [0.842, '0.842'],
    [0.8424, '0.842'],
    [16.4, '16.4'],
    [762.4067, '762'],
    [12_345.6, '12,346'],
    [-3.14159, '−3.14'],
    [1.2e-9, '1.2e-9'],
    [1e21, '1e21'],
    [Number.NEGATIVE_INFINITY, '−∞'],
    [undefined, '—'],
  ],
};

describe('formatNumber', () => {
  const table = Object.entries(cases).flatMap(([style, rows]) =>
    rows.map(([value, expected, options]) => ({
      style: style as NumberStyle,
      value,
      expected,
      options,
    })),
  );
  it.each(table)('$style: $value → $expected', ({ style, value, expected, options }) => {
    expect(formatNumber(value, style, options)).toBe(expected);
  });

  it('never prints more than three significant digits after a leading zero run', () => {
    for (const style of ['plain', 'latency', 'ratio'] as const) {
      for (const x of [762.4067, 0.123456789, 98765.4321, 0.00123456]) {
        expect(formatNumber(x, style)).not.toMatch(/\d\.0*[1-9]\d{3,}/);
      }
    }
  });
});
