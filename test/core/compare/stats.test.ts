import { readFileSync } from 'node:fs';
import { describe, expect, it } from '@jest/globals';
import {
  binomialCdf,
  logGamma,
  mcnemarExact,
  normalQuantile,
  normalSf,
  regularizedBeta,
  twoProportionZTest,
} from '@modelgate/core';

interface Expected {
  mcnemar: { b: number; c: number; statistic: number; pvalue: number }[];
  ztest: {
    xb: number;
    nb: number;
    xc: number;
    nc: number;
    alpha: number;
    statistic: number;
    pvalue: number;
    lower: number;
    upper: number;
  }[];
  special: {
    gammaln: { x: number; value: number }[];
    betainc: { a: number; b: number; x: number; value: number }[];
    binomCdf: { k: number; n: number; p: number; value: number }[];
    normSf: { z: number; value: number }[];
    normPpf: { p: number; value: number }[];
  };
}

const expected = JSON.parse(
  readFileSync(new URL('../../fixtures/compare/expected.json', import.meta.url), 'utf8'),
) as Expected;

/** |actual − expected| ≤ rtol · |expected| + atol. */
function expectClose(actual: number, wanted: number, rtol = 1e-10, atol = 1e-300): void {
  const ok = Math.abs(actual - wanted) <= rtol * Math.abs(wanted) + atol;
  if (!ok) throw new Error(`expected ${wanted}, got ${actual} (rtol ${rtol})`);
  expect(ok).toBe(true);
}

describe('special functions against scipy', () => {
  it.each(expected.special.gammaln)('gammaln($x)', ({ x, value }) => {
    expectClose(logGamma(x), value, 1e-13, 1e-14);
  });
  it.each(expected.special.betainc)('betainc($a, $b, $x)', ({ a, b, x, value }) => {
    expectClose(regularizedBeta(a, b, x), value, 1e-9, 1e-15);
  });
  it.each(expected.special.binomCdf)('binom.cdf($k, $n, $p)', ({ k, n, p, value }) => {
    expectClose(binomialCdf(k, n, p), value, 1e-9, 1e-15);
  });
  it.each(expected.special.normSf)('norm.sf($z)', ({ z, value }) => {
    expectClose(normalSf(z), value, 1e-12);
  });
  it.each(expected.special.normPpf)('norm.ppf($p)', ({ p, value }) => {
    expectClose(normalQuantile(p), value, 1e-12, 1e-15);
  });
  it('gives NaN outside the domains', () => {
    expect(logGamma(0)).toBeNaN();
    expect(regularizedBeta(1, 1, 1.5)).toBeNaN();
    expect(normalQuantile(-0.1)).toBeNaN();
    expect(normalQuantile(0)).toBe(-Infinity);
  });
});

describe('mcnemarExact against statsmodels mcnemar(table, exact=True)', () => {
  it.each(expected.mcnemar)('b=$b c=$c', ({ b, c, statistic, pvalue }) => {
    const result = mcnemarExact(b, c);
    expect(result.statistic).toBe(statistic);
    expectClose(result.pValue, pvalue, 1e-9, 1e-300);
  });

  it('is 1 when there is no discordant pair, and symmetric in b and c', () => {
    expect(mcnemarExact(0, 0).pValue).toBe(1);
    expect(mcnemarExact(7, 19).pValue).toBe(mcnemarExact(19, 7).pValue);
  });

  it('refuses counts that are not non-negative integers', () => {
    expect(() => mcnemarExact(-1, 2)).toThrow('non-negative integers');
    expect(() => mcnemarExact(1.5, 2)).toThrow('non-negative integers');
  });
});

describe('twoProportionZTest against statsmodels proportions_ztest and the Wald interval', () => {
  it.each(expected.ztest)(
    '$xb/$nb vs $xc/$nc',
    ({ xb, nb, xc, nc, alpha, statistic, pvalue, lower, upper }) => {
      const result = twoProportionZTest(xb, nb, xc, nc, alpha);
      if (Number.isNaN(statistic)) {
        expect(result.pValue).toBe(1);
      } else {
        expectClose(result.statistic, statistic, 1e-10, 1e-12);
        expectClose(result.pValue, pvalue, 1e-9, 1e-15);
      }
      expectClose(result.ci.lower, lower, 1e-9, 1e-12);
      expectClose(result.ci.upper, upper, 1e-9, 1e-12);
      expect(result.ci.level).toBeCloseTo(1 - alpha, 12);
    },
  );

  it('gives p = 1 when both runs are all successes', () => {
    const result = twoProportionZTest(50, 50, 80, 80);
    expect(result).toMatchObject({ delta: 0, statistic: 0, pValue: 1 });
  });

  it('refuses impossible counts', () => {
    expect(() => twoProportionZTest(11, 10, 1, 10)).toThrow('0 ≤ x ≤ n');
  });
});
