import { describe, expect, it } from '@jest/globals';
import {
  Decimal,
  allocate,
  apportion,
  formatDeltaPct,
  formatDeltaUsd,
  formatUsd,
} from '@modelgate/core';
import type { RoundingMode } from '@modelgate/core';

const d = (text: string) => Decimal.parse(text);

describe('Decimal', () => {
  it.each([
    ['0.1', '0.2', '0.3'],
    ['0.00015', '1000', '1000.00015'],
    ['-1.5', '1.5', '0'],
    ['1e-7', '2E+2', '200.0000001'],
  ])('%s + %s = %s exactly', (a, b, sum) => {
    expect(d(a).add(d(b)).toString()).toBe(sum);
  });

  it.each([
    [0.00015, 1000, '0.15'],
    [1234.5, 12345, '15239902.5'],
    [1e-7, 3, '0.0000003'],
  ])('%p × %p = %s exactly', (a, b, product) => {
    expect(Decimal.from(a).mul(b).toString()).toBe(product);
  });

  it.each<[string, number, RoundingMode, string]>([
    ['0.125', 2, 'half-even', '0.12'],
    ['0.135', 2, 'half-even', '0.14'],
    ['0.125', 2, 'half-up', '0.13'],
    ['-0.125', 2, 'half-up', '-0.13'],
    ['-0.125', 2, 'half-even', '-0.12'],
    ['0.1251', 2, 'half-even', '0.13'],
    ['2.0001', 0, 'ceiling', '3'],
    ['-2.5', 0, 'ceiling', '-2'],
    ['109.6875', 2, 'half-even', '109.69'],
  ])('rounds %s to %p places %s: %s', (value, places, mode, expected) => {
    expect(d(value).round(places, mode).toString()).toBe(expected);
  });

  it.each([
    ['1', '3', 6, '0.333333'],
    ['2', '3', 2, '0.67'],
    ['0.0072525', '1', 6, '0.007252'],
    ['-1', '8', 2, '-0.12'],
  ])('%s / %s to %p places is %s', (a, b, places, expected) => {
    expect(d(a).div(d(b), places).toString()).toBe(expected);
  });

  it('refuses division by zero, non-numbers and non-finite numbers', () => {
    expect(() => d('1').div(Decimal.ZERO, 2)).toThrow(RangeError);
    expect(() => d('1.2.3')).toThrow(RangeError);
    expect(() => Decimal.from(Number.NaN)).toThrow(RangeError);
  });

  it.each([
    ['165', 2, '165.00'],
    ['-0.005', 2, '0.00'],
    ['0.000165', 6, '0.000165'],
  ])('formats %s with %p places: %s', (value, places, expected) => {
    expect(d(value).toFixed(places)).toBe(expected);
  });
});

describe('apportion and allocate', () => {
  it.each([
    [['28.125', '14.0625', '67.5'], '109.69', ['28.13', '14.06', '67.5']],
    [['0.004', '0.004', '0.004'], '0.01', ['0.01', '0', '0']],
    [['0.005', '0.005'], '0.01', ['0.01', '0']],
    [['1.111', '2.222', '3.333'], '6.67', ['1.11', '2.22', '3.34']],
  ])('apportions %p to the total %s as %p', (parts, total, expected) => {
    const result = apportion(parts.map(d), 2);
    expect(result.total.toString()).toBe(total);
    expect(result.parts.map(String)).toEqual(expected);
  });

  it.each([
    ['5986', ['2', '1'], ['3990.67', '1995.33']],
    ['0.01', ['1', '1', '1'], ['0.01', '0', '0']],
    ['10', ['0', '0'], ['5', '5']],
    ['100', ['1', '1', '1'], ['33.34', '33.33', '33.33']],
  ])('allocates %s by weights %p as %p', (total, weights, expected) => {
    expect(allocate(d(total), weights.map(d), 2).map(String)).toEqual(expected);
  });
});

describe('money formatting', () => {
  it.each([
    [165, '$165.00'],
    [1234567.891, '$1,234,567.89'],
    [-3, '-$3.00'],
    [0, '$0.00'],
  ])('formatUsd(%p) is %s', (amount, text) => {
    expect(formatUsd(amount)).toBe(text);
  });

  it('keeps the places a per-request price has, up to the maximum', () => {
    expect(formatUsd(0.000165, 6)).toBe('$0.000165');
    expect(formatUsd(0.165, 6)).toBe('$0.165');
  });

  it.each([
    [20, '+$20.00'],
    [-3.5, '-$3.50'],
    [0, '$0.00'],
  ])('formatDeltaUsd(%p) is %s', (amount, text) => {
    expect(formatDeltaUsd(amount)).toBe(text);
  });

  it.each([
    [13.79, '+13.79%'],
    [-5, '-5.00%'],
    [0, '0.00%'],
  ])('formatDeltaPct(%p) is %s', (pct, text) => {
    expect(formatDeltaPct(pct)).toBe(text);
  });
});
