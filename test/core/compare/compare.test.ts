import { readFileSync } from 'node:fs';
import { describe, expect, it } from '@jest/globals';
import {
  compareMetrics,
  judge,
  pairExamples,
  pairedTest,
  parseMetricsText,
  parseRegressionPolicy,
  resolveRules,
} from '@modelgate/core';
import { temperatureForecasts } from '../../helpers/vega-data';
import type {
  Direction,
  EvaluationReport,
  ExampleResult,
  MetricDocument,
  ResolvedRule,
} from '@modelgate/core';

const fixture = (path: string) =>
  readFileSync(new URL(`../../fixtures/compare/${path}`, import.meta.url), 'utf8');
const expected = JSON.parse(fixture('expected.json')) as {
  bootstrap: {
    abs_error: { lower: number; upper: number; bootstrapSd: number; mae: number[]; mape: number[] };
  };
  weather: {
    mcnemar: { pvalue: number };
    ztest: { pvalue: number; lower: number; upper: number };
    bySeason: Record<string, { pvalue: number }>;
  };
};
const rows = (run: string): ExampleResult[] =>
  fixture(`${run}/examples.jsonl`)
    .trim()
    .split('\n')
    .map((l) => JSON.parse(l) as ExampleResult);

const base = parseMetricsText(fixture('weather-baseline/evaluation.json'), 'base.json');
const cand = parseMetricsText(fixture('weather-candidate/evaluation.json'), 'cand.json');
const baseReport = base.report as EvaluationReport;
const candReport = cand.report as EvaluationReport;
const options = { alpha: 0.05, resamples: 2000, seed: 42, noiseVerdict: 'warn' as const };

function directions(...docs: MetricDocument[]): Map<string, Direction> {
  const out = new Map<string, Direction>();
  for (const d of docs) for (const [k, m] of Object.entries(d.metrics)) out.set(k, m.direction);
  return out;
}

/** The two weather runs' per-example results, paired by id. */
const weatherPaired = pairExamples(
  baseReport.body.dataset,
  candReport.body.dataset,
  rows('weather-baseline'),
  rows('weather-candidate'),
).paired!;

describe('compareMetrics on two real seattle-weather runs', () => {
  const paired = weatherPaired;
  const policy = parseRegressionPolicy(
    'metrics:\n  accuracy: {max-drop: 0.02, max-slice-drop: 0.05}\n  f1_macro: {max-drop: 0.01}\n',
    'p.yml',
  );
  const { rules } = resolveRules(directions(base, cand), policy, { maxLatencyIncreasePct: 15 });
  const outcome = compareMetrics(
    {
      candidate: cand.metrics,
      baseline: base.metrics,
      rules,
      paired,
      candidateSlices: candReport.body.slices,
      baselineSlices: baseReport.body.slices,
    },
    options,
  );
  const row = (metric: string, slice?: string) =>
    outcome.comparisons.find((c) => c.metric === metric && c.slice?.value === slice)!;

  it('tests accuracy with McNemar exactly as statsmodels does', () => {
    expect(row('accuracy')).toMatchObject({
      test: 'mcnemar-exact',
      paired: true,
      n: 1461,
      state: 'regressed',
      verdict: 'fail',
    });
    expect(row('accuracy').pValue! / expected.weather.mcnemar.pvalue).toBeCloseTo(1, 9);
    expect(row('accuracy').ci!.upper).toBeLessThan(0);
  });

  it('gives each slice its own McNemar test (the bias gate)', () => {
    for (const season of ['autumn', 'spring', 'summer', 'winter']) {
      const r = row('accuracy', season);
      expect(r.test).toBe('mcnemar-exact');
      expect(r.pValue! / expected.weather.bySeason[season]!.pvalue).toBeCloseTo(1, 9);
    }
    // winter drops 6.1 points (> 5) and is significant; spring drops 7.1.
    expect(row('accuracy', 'winter')).toMatchObject({ state: 'regressed', verdict: 'fail' });
  });

  it('sees the macro F1 improvement with the paired bootstrap', () => {
    expect(row('f1_macro')).toMatchObject({
      test: 'paired-bootstrap',
      state: 'improved',
      verdict: 'pass',
    });
  });

  it('holds latency to the relative shortcut and marks it noisy', () => {
    // 147 → 159 ms is +8.2%, within 15%.
    expect(row('latency_p95_ms')).toMatchObject({ state: 'unchanged', noisy: true, test: 'none' });
  });

  it('fails overall and reports a finding per flagged row', () => {
    expect(outcome.status).toBe('fail');
    expect(outcome.findings.map((f) => f.subject)).toContain('accuracy');
  });

  it('falls back to the two-proportion z-test when the eval sets differ', () => {
    const other = { ...candReport.body.dataset, sha256: 'f'.repeat(64) };
    const refusal = pairExamples(baseReport.body.dataset, other, [], []);
    expect(refusal.refused).toMatch(/^the runs used different eval sets/);
    const unpaired = compareMetrics(
      { candidate: cand.metrics, baseline: base.metrics, rules },
      options,
    );
    const acc = unpaired.comparisons.find((c) => c.metric === 'accuracy')!;
    expect(acc).toMatchObject({ test: 'two-proportion-z', paired: false });
    expect(acc.pValue! / expected.weather.ztest.pvalue).toBeCloseTo(1, 9);
    expect(acc.ci!.lower).toBeCloseTo(expected.weather.ztest.lower, 12);
    expect(acc.ci!.upper).toBeCloseTo(expected.weather.ztest.upper, 12);
  });
});

describe('pairedTest of label statistics and means', () => {
  const forecasts = temperatureForecasts();
  const run = (predicted: number[]): ExampleResult[] =>
    forecasts.date.map((id, i) => ({
      id,
      expected: forecasts.truth[i],
      predicted: predicted[i],
      status: 'ok' as const,
    }));
  const temperatureRuns = {
    ids: forecasts.date,
    baseline: run(forecasts.persistence),
    candidate: run(forecasts.threeDay),
  };

  it('bootstraps the MAE difference of two real forecasts as scipy does', () => {
    const want = expected.bootstrap.abs_error;
    const result = pairedTest('mae', temperatureRuns, { ...options, resamples: 10_000 })!;
    expect(result).toMatchObject({ test: 'paired-bootstrap', paired: true, n: 1458 });
    // 0.15 bootstrap sd: over 5 Monte Carlo standard errors (see bootstrap.test.ts).
    expect(Math.abs(result.ci!.lower - want.lower)).toBeLessThan(0.15 * want.bootstrapSd);
    expect(Math.abs(result.ci!.upper - want.upper)).toBeLessThan(0.15 * want.bootstrapSd);
    expect(result.pValue).toBeLessThan(0.001);
  });

  it('bootstraps MAPE with scikit-learn’s formula (|y − ŷ| / max(|y|, eps))', () => {
    const [persistence, threeDay] = expected.bootstrap.abs_error.mape;
    const result = pairedTest('mape', temperatureRuns, options)!;
    expect(result.test).toBe('paired-bootstrap');
    // Days at 0 °C make MAPE huge (scikit-learn's eps), in both runs alike; the interval of the
    // difference holds scikit-learn's observed difference.
    const delta = threeDay! - persistence!;
    expect(result.ci!.lower).toBeLessThanOrEqual(delta);
    expect(result.ci!.upper).toBeGreaterThanOrEqual(delta);
  });

  it('has no paired test of MAE when a prediction is not a number', () => {
    const candidate = temperatureRuns.candidate.map((r, i) =>
      i === 5 ? { ...r, predicted: 'warm' } : r,
    );
    expect(pairedTest('mae', { ...temperatureRuns, candidate }, options)).toBeUndefined();
  });

  it('bootstraps the mean LLM score when every case has the same number of trials', () => {
    const llm = (scores: number[], repeats: number): ExampleResult[] =>
      scores.map((score, i) => ({ id: `case-${i}`, score, repeats, status: 'ok' as const }));
    const ids = Array.from({ length: 60 }, (_, i) => `case-${i}`);
    const a = ids.map((_, i) => (i % 3) / 2);
    const b = a.map((s, i) => Math.min(1, s + (i % 4 === 0 ? 0.5 : 0)));
    const same = pairedTest(
      'mean_score',
      { ids, baseline: llm(a, 3), candidate: llm(b, 3) },
      options,
    )!;
    expect(same).toMatchObject({ test: 'paired-bootstrap', n: 60 });
    expect(same.ci!.lower).toBeGreaterThan(0);
    const mixed = llm(b, 3).map((r, i) => (i === 0 ? { ...r, repeats: 2 } : r));
    expect(
      pairedTest('mean_score', { ids, baseline: llm(a, 3), candidate: mixed }, options),
    ).toBeUndefined();
  });

  it('bootstraps balanced accuracy and weighted F1 of the weather runs', () => {
    const paired = weatherPaired;
    for (const metric of ['balanced_accuracy', 'f1_weighted', 'precision_macro']) {
      expect(pairedTest(metric, paired, options)).toMatchObject({
        test: 'paired-bootstrap',
        paired: true,
        n: 1461,
      });
    }
    expect(pairedTest('r2', paired, options)).toBeUndefined();
  });
});

describe('pairExamples', () => {
  const set = { sha256: 'a'.repeat(64), rows: 2 };
  const r = (id: string): ExampleResult => ({ id, correct: true });
  it.each([
    [[r('1'), r('2')], [r('2'), r('1')], undefined],
    [[r('1'), r('1')], [r('1'), r('2')], 'the baseline has example id "1" twice'],
    [[r('1'), r('2')], [r('1'), r('3')], 'example id "3" is in the candidate but not the baseline'],
    [[r('1'), r('2')], [r('1')], 'example id "2" is in the baseline but not the candidate'],
  ])('pairs by id or refuses with the reason', (a, b, reason) => {
    const result = pairExamples(set, set, a, b);
    expect(result.refused).toBe(reason);
    if (!reason) expect(result.paired!.baseline.map((x) => x.id)).toEqual(['2', '1']);
  });
});

describe('judge', () => {
  const rule = (fields: Partial<ResolvedRule> = {}): ResolvedRule => ({
    direction: 'higher',
    tier: 'fail',
    requireSignificance: undefined,
    required: false,
    optional: false,
    source: 'test',
    ...fields,
  });
  const p = (pValue: number | null) => ({
    test: pValue === null ? ('none' as const) : ('mcnemar-exact' as const),
    pValue,
    paired: true,
  });
  it.each([
    [
      'significant drop beyond tolerance',
      rule({ maxDrop: 0.02 }),
      0.9,
      0.85,
      p(0.001),
      'regressed',
      'fail',
    ],
    [
      'drop beyond tolerance, not significant',
      rule({ maxDrop: 0.02 }),
      0.9,
      0.85,
      p(0.3),
      'noise',
      'warn',
    ],
    ['drop within tolerance', rule({ maxDrop: 0.02 }), 0.9, 0.89, p(0.001), 'unchanged', 'pass'],
    [
      'significance not required',
      rule({ maxDrop: 0.02, requireSignificance: false }),
      0.9,
      0.85,
      p(0.3),
      'regressed',
      'fail',
    ],
    [
      'no test: an increase of a higher-is-better metric improves',
      rule({ maxRelativeDrop: 0.1 }),
      100,
      120,
      p(null),
      'improved',
      'pass',
    ],
    [
      'lower is better, +20% over a 10% limit',
      rule({ direction: 'lower', maxRelativeDrop: 0.1 }),
      100,
      120,
      p(null),
      'regressed',
      'fail',
    ],
    [
      'required significance with no test is noise',
      rule({ direction: 'lower', maxRelativeDrop: 0.1, requireSignificance: true }),
      100,
      120,
      p(null),
      'noise',
      'warn',
    ],
    [
      'warn tier caps noise at warn',
      rule({ maxDrop: 0, tier: 'warn' }),
      0.9,
      0.8,
      p(0.001),
      'regressed',
      'warn',
    ],
    ['below the minimum', rule({ min: 0.88 }), 0.9, 0.87, p(0.5), 'regressed', 'fail'],
    ['significant improvement', rule({ maxDrop: 0.02 }), 0.8, 0.9, p(0.001), 'improved', 'pass'],
    [
      'improvement that is not significant',
      rule({ maxDrop: 0.02 }),
      0.8,
      0.81,
      p(0.4),
      'unchanged',
      'pass',
    ],
    [
      'no rule: a significant drop warns',
      rule({ tier: 'warn', informational: true }),
      0.9,
      0.85,
      p(0.001),
      'regressed',
      'warn',
    ],
    [
      'no rule: an insignificant drop passes',
      rule({ tier: 'warn', informational: true }),
      0.9,
      0.85,
      p(0.2),
      'unchanged',
      'pass',
    ],
    ['no baseline value', rule({ maxDrop: 0.02 }), null, 0.85, p(null), 'new', 'pass'],
    ['equal', rule({ maxDrop: 0 }), 0.9, 0.9, p(1), 'unchanged', 'pass'],
  ] as const)('%s', (_name, r, b, c, test, state, verdict) => {
    expect(judge(r, b, c, test, options)).toMatchObject({ state, verdict });
  });

  it('gives noise the noise verdict', () => {
    const r = rule({ maxDrop: 0.02 });
    expect(judge(r, 0.9, 0.85, p(0.3), { ...options, noiseVerdict: 'fail' }).verdict).toBe('fail');
    expect(judge(r, 0.9, 0.85, p(0.3), { ...options, noiseVerdict: 'pass' }).verdict).toBe('pass');
  });
});

describe('compareMetrics rows for missing, errored and new metrics', () => {
  it('marks them, failing a required metric by default', () => {
    const policy = parseRegressionPolicy('metrics:\n  bleu: {required: true}\n', 'p.yml');
    const candidate = {
      accuracy: { value: null, direction: 'higher' as const },
      f1: { value: 0.5, direction: 'higher' as const },
    };
    const baseline = {
      accuracy: { value: 0.9, direction: 'higher' as const },
      recall: { value: 0.7, direction: 'higher' as const },
    };
    const dirs = new Map<string, Direction>([
      ['accuracy', 'higher'],
      ['f1', 'higher'],
      ['recall', 'higher'],
    ]);
    const { rules } = resolveRules(dirs, policy, {});
    const out = compareMetrics({ candidate, baseline, rules }, options);
    const states = Object.fromEntries(out.comparisons.map((c) => [c.metric, [c.state, c.verdict]]));
    expect(states).toEqual({
      accuracy: ['errored', 'warn'],
      bleu: ['missing', 'fail'],
      f1: ['new', 'pass'],
      recall: ['missing', 'warn'],
    });
    expect(out.status).toBe('fail');
  });
});

describe('parseMetricsText', () => {
  it('flattens a DVC metrics file with dots and guesses directions', () => {
    const doc = parseMetricsText(
      '{"test": {"acc": 0.91, "loss": 0.3, "name": "x"}, "latency_ms": 12}',
      'metrics.json',
    );
    expect(doc.format).toBe('flat');
    expect(doc.metrics).toEqual({
      'test.acc': { value: 0.91, direction: 'higher' },
      'test.loss': { value: 0.3, direction: 'lower' },
      latency_ms: { value: 12, direction: 'lower' },
    });
    expect(doc.notes).toEqual([
      'metrics.json: 1 value(s) that are not numbers were not compared: test.name.',
    ]);
  });

  it('reads YAML metrics', () => {
    expect(parseMetricsText('accuracy: 0.8\nrmse: 2.5\n', 'm.yaml').metrics.rmse).toEqual({
      value: 2.5,
      direction: 'lower',
    });
  });

  it('keeps the last step of MLflow exported metrics', () => {
    const doc = parseMetricsText(
      JSON.stringify([
        { key: 'val_accuracy', value: 0.7, step: 1, timestamp: 10 },
        { key: 'val_accuracy', value: 0.8, step: 2, timestamp: 5 },
        { key: 'val_loss', value: 0.4, step: 2 },
      ]),
      'mlflow.json',
    );
    expect(doc.format).toBe('mlflow');
    expect(doc.metrics.val_accuracy).toEqual({ value: 0.8, direction: 'higher' });
  });

  it.each([
    ['{"schema": "modelgate/evaluation@2"}', 'newer than this modelgate reads'],
    ['{"schema": "modelgate/evaluation@1"}', 'is not a valid modelgate/evaluation@1 report'],
    ['[{"name": "acc"}]', 'Item 0 is not an MLflow metric'],
    ['{"a": "b"}', 'holds no numeric metric'],
    ['"text"', 'holds no metrics'],
    ['{a: [', 'The metrics file is not valid YAML or JSON'],
  ])('refuses %s clearly', (text, message) => {
    expect(() => parseMetricsText(text, 'x.json')).toThrow(message);
  });
});
