import { readFileSync } from 'node:fs';
import { describe, expect, it } from '@jest/globals';
import {
  binomialCdf,
  binomialDraw,
  LABEL_STATISTICS,
  pairedLabelBootstrap,
  pairedMeanBootstrap,
  summarizeDeltas,
  Xoshiro128,
} from '@modelgate/core';
import { roundHalfEven, temperatureForecasts } from '../../helpers/vega-data';

const expected = JSON.parse(
  readFileSync(new URL('../../fixtures/compare/expected.json', import.meta.url), 'utf8'),
) as {
  weather: {
    baseline: { f1_macro: number };
    candidate: { f1_macro: number };
    labelStatistics: Record<string, Record<string, number>> & {
      edge: { truth: string[]; predicted: string[] } & Record<string, number>;
    };
  };
  bootstrap: Record<
    string,
    {
      n: number;
      delta: number;
      lower: number;
      upper: number;
      bootstrapSd: number;
      distinct: number;
    }
  >;
};

interface Row {
  expected: string;
  predicted: string;
  correct: boolean;
}
function readRows(run: string): Row[] {
  const text = readFileSync(
    new URL(`../../fixtures/compare/${run}/examples.jsonl`, import.meta.url),
    'utf8',
  );
  return text
    .trim()
    .split('\n')
    .map((line) => JSON.parse(line) as Row);
}

/** n pairs of 0/1 outcomes: baseline ~ Bernoulli(pA), candidate equal to it with prob `keep`. */
function pairs(n: number, seed: number, pA = 0.8, keep = 0.9): [Float64Array, Float64Array] {
  const rng = new Xoshiro128(seed, 'data');
  const a = new Float64Array(n);
  const b = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    a[i] = rng.nextFloat() < pA ? 1 : 0;
    b[i] = rng.nextFloat() < keep ? a[i]! : 1 - a[i]!;
  }
  return [a, b];
}

const options = { resamples: 2000, seed: 42, alpha: 0.05 };

describe('Xoshiro128', () => {
  it('gives the same stream for the same seed and label, and different ones otherwise', () => {
    const draw = (seed: number, label?: string) => {
      const rng = new Xoshiro128(seed, label);
      return Array.from({ length: 5 }, () => rng.nextUint32());
    };
    expect(draw(42, 'accuracy')).toEqual(draw(42, 'accuracy'));
    expect(draw(42, 'accuracy')).not.toEqual(draw(43, 'accuracy'));
    expect(draw(42, 'accuracy')).not.toEqual(draw(42, 'f1_macro'));
  });

  it('draws indices uniformly (chi-square over 10 cells)', () => {
    const rng = new Xoshiro128(1);
    const cells = new Array<number>(10).fill(0);
    for (let i = 0; i < 100_000; i++) cells[rng.nextIndex(10)]! += 1;
    const chi2 = cells.reduce((s, c) => s + (c - 10_000) ** 2 / 10_000, 0);
    expect(chi2).toBeLessThan(27.9); // chi2.ppf(0.999, 9)
  });
});

describe('binomialDraw', () => {
  it.each([
    [20, 0.3], // inversion
    [1000, 0.004], // inversion, small p
    [200, 0.25], // BTRS
    [5000, 0.5], // BTRS, symmetric
    [300, 0.93], // p > 1/2 by symmetry
  ])('follows Binomial(%d, %d) (chi-square against the exact CDF)', (n, p) => {
    const rng = new Xoshiro128(7, `${n}-${p}`);
    const draws = 40_000;
    const counts = new Map<number, number>();
    let sum = 0;
    let invalid = 0;
    for (let i = 0; i < draws; i++) {
      const k = binomialDraw(rng, n, p);
      if (!(Number.isInteger(k) && k >= 0 && k <= n)) invalid += 1;
      counts.set(k, (counts.get(k) ?? 0) + 1);
      sum += k;
    }
    expect(invalid).toBe(0);
    expect(Math.abs(sum / draws - n * p)).toBeLessThan(5 * Math.sqrt((n * p * (1 - p)) / draws));
    // Bins of at least ~50 expected draws from the exact CDF.
    let chi2 = 0;
    let bins = 0;
    let lo = 0;
    let observed = 0;
    let cdfLo = 0;
    for (let k = 0; k <= n; k++) {
      observed += counts.get(k) ?? 0;
      const cdf = binomialCdf(k, n, p);
      const expectedCount = (cdf - cdfLo) * draws;
      if (expectedCount >= 50 || k === n) {
        chi2 += (observed - expectedCount) ** 2 / Math.max(expectedCount, 1e-9);
        bins += 1;
        observed = 0;
        cdfLo = cdf;
        lo = k + 1;
      }
    }
    expect(lo).toBe(n + 1);
    // chi2.ppf(0.999, df) < df + 4.5·sqrt(2·df) for these df.
    expect(chi2).toBeLessThan(bins - 1 + 4.5 * Math.sqrt(2 * (bins - 1)) + 5);
  });
});

describe('pairedMeanBootstrap', () => {
  it('is deterministic for a seed, and another seed gives another interval', () => {
    const [a, b] = pairs(500, 1);
    const first = pairedMeanBootstrap(a, b, { ...options, label: 'accuracy' });
    const again = pairedMeanBootstrap(a, b, { ...options, label: 'accuracy' });
    const other = pairedMeanBootstrap(a, b, { ...options, seed: 43, label: 'accuracy' });
    expect(again).toEqual(first);
    expect(other.ci).not.toEqual(first.ci);
    expect(other.delta).toBe(first.delta);
  });

  it('computes the observed means and contains the observed delta', () => {
    const [a, b] = pairs(800, 2);
    const result = pairedMeanBootstrap(a, b, options);
    const mean = (x: Float64Array) => x.reduce((s, v) => s + v, 0) / x.length;
    expect(result.baseline).toBeCloseTo(mean(a), 12);
    expect(result.candidate).toBeCloseTo(mean(b), 12);
    expect(result.ci.lower).toBeLessThanOrEqual(result.delta);
    expect(result.ci.upper).toBeGreaterThanOrEqual(result.delta);
    expect(result.ci.level).toBe(0.95);
    expect(result.method).toBe('multinomial');
  });

  it('narrows as n grows, about as 1/sqrt(n)', () => {
    const width = (n: number) => {
      const [a, b] = pairs(n, 3);
      const { ci } = pairedMeanBootstrap(a, b, options);
      return ci.upper - ci.lower;
    };
    const w400 = width(400);
    const w6400 = width(6400);
    expect(w6400).toBeLessThan(w400);
    expect(w400 / w6400).toBeGreaterThan(3);
    expect(w400 / w6400).toBeLessThan(5.5);
  });

  it('covers the true difference about 95% of the time', () => {
    // Population: baseline ~ Bernoulli(0.8), candidate flips it with prob 0.1:
    // E[candidate] − E[baseline] = 0.9·0.8 + 0.1·0.2 − 0.8 = −0.06.
    const truth = -0.06;
    let covered = 0;
    const datasets = 250;
    for (let d = 0; d < datasets; d++) {
      const [a, b] = pairs(300, 1000 + d);
      const { ci } = pairedMeanBootstrap(a, b, { resamples: 1000, seed: d, alpha: 0.05 });
      if (ci.lower <= truth && truth <= ci.upper) covered += 1;
    }
    const coverage = covered / datasets;
    expect(coverage).toBeGreaterThan(0.9);
    expect(coverage).toBeLessThan(0.99);
  });

  it('gives a small p-value for a real difference and p = 1 for identical runs', () => {
    const [a, b] = pairs(3000, 4);
    expect(pairedMeanBootstrap(a, b, options).pValue).toBeLessThan(0.01);
    const same = pairedMeanBootstrap(a, a, options);
    expect(same).toMatchObject({ delta: 0, pValue: 1 });
    expect(same.ci).toMatchObject({ lower: 0, upper: 0 });
  });

  it('resamples continuous values by index, with an interval like the multinomial one', () => {
    const [a, b] = pairs(2000, 5);
    // Tiny distinct jitter makes every contribution distinct: the index path.
    const rng = new Xoshiro128(9);
    const aj = a.map((v) => v + (rng.nextFloat() - 0.5) * 1e-9);
    const discrete = pairedMeanBootstrap(a, b, options);
    const continuous = pairedMeanBootstrap(aj, b, options);
    expect(continuous.method).toBe('index');
    expect(continuous.ci.lower).toBeCloseTo(discrete.ci.lower, 2);
    expect(continuous.ci.upper).toBeCloseTo(discrete.ci.upper, 2);
  });

  it('refuses arrays of different lengths, no examples and non-finite values', () => {
    expect(() => pairedMeanBootstrap([1, 0], [1], options)).toThrow('differ in length');
    expect(() => pairedMeanBootstrap([], [], options)).toThrow('at least one example');
    expect(() => pairedMeanBootstrap([Number.NaN], [1], options)).toThrow('finite');
    expect(() => pairedMeanBootstrap([1], [1], { ...options, resamples: 0 })).toThrow('resamples');
  });
});

describe('pairedMeanBootstrap against scipy.stats.bootstrap on seattle-weather', () => {
  // The absolute errors per day of two temp_max forecasts (test/helpers/vega-data.ts).
  const errors = (round?: (x: number) => number) => {
    const f = temperatureForecasts(round);
    return [
      Float64Array.from(f.truth, (y, i) => Math.abs(y - f.persistence[i]!)),
      Float64Array.from(f.truth, (y, i) => Math.abs(y - f.threeDay[i]!)),
    ] as const;
  };

  it.each([
    ['abs_error', 'index', undefined],
    ['abs_error_whole_degrees', 'multinomial', roundHalfEven],
  ] as const)('%s: the interval and spread agree with scipy (%s path)', (name, method, round) => {
    const want = expected.bootstrap[name]!;
    const [base, cand] = errors(round);
    expect(base.length).toBe(want.n);
    expect(new Set(cand.map((c, i) => c - base[i]!)).size).toBe(want.distinct);
    const result = pairedMeanBootstrap(base, cand, {
      resamples: 10_000,
      seed: 42,
      alpha: 0.05,
      label: name,
    });
    expect(result.method).toBe(method);
    expect(result.delta).toBeCloseTo(want.delta, 12);
    // Monte Carlo error of a 2.5% percentile from 10,000 resamples: ≈ 0.027 bootstrap sd
    // (scipy's, from 200,000, ≈ 0.006). Allow 0.15 sd, over 5 standard errors.
    const tolerance = 0.15 * want.bootstrapSd;
    expect(Math.abs(result.ci.lower - want.lower)).toBeLessThan(tolerance);
    expect(Math.abs(result.ci.upper - want.upper)).toBeLessThan(tolerance);
    // The interval of a near-normal bootstrap distribution spans about 2 · 1.96 exact sds.
    const width = result.ci.upper - result.ci.lower;
    expect(width / (2 * 1.959964 * want.bootstrapSd)).toBeGreaterThan(0.95);
    expect(width / (2 * 1.959964 * want.bootstrapSd)).toBeLessThan(1.05);
  });
});

describe('pairedF1MacroBootstrap on the seattle-weather runs', () => {
  const baseline = readRows('weather-baseline');
  const candidate = readRows('weather-candidate');
  const truth = baseline.map((r) => r.expected);
  const result = pairedLabelBootstrap(
    'f1_macro',
    truth,
    baseline.map((r) => r.predicted),
    candidate.map((r) => r.predicted),
    { ...options, label: 'f1_macro' },
  );

  it("computes each run's macro F1 as scikit-learn does", () => {
    expect(result.baseline).toBeCloseTo(expected.weather.baseline.f1_macro, 12);
    expect(result.candidate).toBeCloseTo(expected.weather.candidate.f1_macro, 12);
  });

  it('gives an interval around the observed improvement that excludes 0', () => {
    expect(result.delta).toBeGreaterThan(0.1);
    expect(result.ci.lower).toBeGreaterThan(0);
    expect(result.ci.lower).toBeLessThan(result.delta);
    expect(result.ci.upper).toBeGreaterThan(result.delta);
    expect(result.pValue).toBeLessThan(0.01);
  });
});

describe('pairedLabelBootstrap statistics', () => {
  const baseline = readRows('weather-baseline');
  const candidate = readRows('weather-candidate');
  const truth = baseline.map((r) => r.expected);
  const stats = expected.weather.labelStatistics;

  it.each(LABEL_STATISTICS.map((s) => [s]))(
    '%s of each weather run is scikit-learn’s, and the interval contains the delta',
    (statistic) => {
      const result = pairedLabelBootstrap(
        statistic,
        truth,
        baseline.map((r) => r.predicted),
        candidate.map((r) => r.predicted),
        { ...options, label: statistic },
      );
      expect(result.baseline).toBeCloseTo(stats.baseline![statistic]!, 12);
      expect(result.candidate).toBeCloseTo(stats.candidate![statistic]!, 12);
      expect(result.ci.lower).toBeLessThanOrEqual(result.delta);
      expect(result.ci.upper).toBeGreaterThanOrEqual(result.delta);
    },
  );

  it.each(LABEL_STATISTICS.map((s) => [s]))(
    '%s follows scikit-learn with a label never true and one never predicted',
    (statistic) => {
      const { truth: y, predicted } = stats.edge;
      const result = pairedLabelBootstrap(statistic, y, predicted, y, options);
      expect(result.baseline).toBeCloseTo(stats.edge[statistic]!, 12);
    },
  );
});

describe('summarizeDeltas', () => {
  it('takes numpy-linear percentiles and the two-sided +1 p-value', () => {
    const deltas = Float64Array.from([0.3, -0.1, 0.2, 0.1, 0.4]);
    const { ci, pValue } = summarizeDeltas(deltas, 0.5);
    // np.quantile([-0.1, 0.1, 0.2, 0.3, 0.4], [0.25, 0.75]) = [0.1, 0.3]
    expect(ci.lower).toBeCloseTo(0.1, 12);
    expect(ci.upper).toBeCloseTo(0.3, 12);
    // #(δ ≤ 0) = 1: p = 2·(1 + 1) / 6
    expect(pValue).toBeCloseTo(4 / 6, 12);
  });
});
