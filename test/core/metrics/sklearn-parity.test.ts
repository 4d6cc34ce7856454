import { readFileSync } from 'node:fs';
import { describe, expect, it } from '@jest/globals';
import {
  latencySummary,
  regressionMetrics,
  summarizeResults,
  wilsonInterval,
} from '@modelgate/core';
import type { ExampleResult } from '@modelgate/core';

// Expected values: test/fixtures/metrics/expected.json, made by make-expected.py beside it
// (scikit-learn 1.2.1, statsmodels 0.13.5, numpy 1.24.2 from Debian).
const fixture = JSON.parse(
  readFileSync(new URL('../../fixtures/metrics/expected.json', import.meta.url), 'utf8'),
);

const TOL = 1e-9;
const close = (actual: number | null | undefined, expected: number | null) => {
  if (expected === null) {
    expect(actual).toBeNull();
    return;
  }
  expect(typeof actual).toBe('number');
  expect(Math.abs((actual as number) - expected)).toBeLessThanOrEqual(TOL);
};

interface ClassificationCase {
  name: string;
  expected: (string | number)[];
  predicted: (string | number)[];
  labels: string[];
  probabilities?: Record<string, number>[];
  [key: string]: unknown;
}

function results(c: ClassificationCase): ExampleResult[] {
  return c.expected.map((e, i) => ({
    id: String(i),
    expected: e,
    predicted: c.predicted[i],
    status: 'ok' as const,
    ...(c.probabilities && { probabilities: c.probabilities[i] }),
  }));
}

describe('classification metrics match scikit-learn', () => {
  const cases = fixture.classification as ClassificationCase[];
  it.each(cases.map((c) => [c.name, c] as const))('%s', (_name, c) => {
    const summary = summarizeResults(results(c), { task: 'classification' });
    const m = summary.metrics;
    for (const key of [
      'accuracy',
      'balanced_accuracy',
      'precision_macro',
      'recall_macro',
      'f1_macro',
      'f1_micro',
      'precision_weighted',
      'recall_weighted',
      'f1_weighted',
    ]) {
      close(m[key]?.value, c[key] as number);
    }
    expect(summary.body.labels).toEqual(c.labels);
    expect(summary.body.confusionMatrix?.matrix).toEqual(c.confusion);
    const ci = c.accuracy_ci as [number, number];
    close(m.accuracy?.ci?.lower, ci[0]);
    close(m.accuracy?.ci?.upper, ci[1]);
    const perClass = c.per_class as Record<string, Record<string, number>>;
    for (const [label, scores] of Object.entries(perClass)) {
      for (const key of ['precision', 'recall', 'f1', 'support'] as const) {
        close(summary.body.perClass?.[label]?.[key], scores[key]!);
      }
    }
    if (c.probabilities) {
      for (const key of ['log_loss', 'ece', 'roc_auc'])
        close(m[key]?.value, c[key] as number | null);
      if (c.labels.length === 2) close(m.brier?.value, c.brier as number);
    } else {
      expect(m.roc_auc).toBeUndefined();
    }
  });

  it('notes the labels whose scores hit a zero denominator', () => {
    const c = cases.find((x) => x.name === 'multiclass-text')!;
    const summary = summarizeResults(results(c), { task: 'classification' });
    const note = summary.findings.find((f) => f.code === 'zero-division');
    expect(note?.message).toContain('fish');
    expect(summary.findings.some((f) => f.code === 'roc-auc-undefined')).toBe(true);
  });
});

describe('regression metrics match scikit-learn', () => {
  it('MAE, RMSE, R², MAPE (with its epsilon) and max error', () => {
    const r = fixture.regression;
    const m = regressionMetrics(r.expected, r.predicted);
    close(m.mae, r.mae);
    close(m.rmse, r.rmse);
    close(m.r2, r.r2);
    // MAPE divides by max(|y|, eps): a zero target gives a ~1e16 term, so compare relatively.
    expect(Math.abs(m.mape - r.mape) / r.mape).toBeLessThan(1e-12);
    close(m.maxError, r.max_error);
  });

  it('R² of a constant target is 0 unless the fit is perfect (force_finite)', () => {
    const c = fixture.regression_constant;
    expect(regressionMetrics(c.expected, c.predicted).r2).toBe(c.r2);
    expect(regressionMetrics([3, 3], [3, 3]).r2).toBe(1);
  });

  it('goes through the pipeline under the documented keys', () => {
    const r = fixture.regression;
    const rows: ExampleResult[] = r.expected.map((y: number, i: number) => ({
      id: String(i),
      expected: y,
      predicted: r.predicted[i],
      status: 'ok',
    }));
    const m = summarizeResults(rows, { task: 'regression' }).metrics;
    close(m.mae?.value, r.mae);
    close(m.rmse?.value, r.rmse);
    close(m.r2?.value, r.r2);
    close(m.max_error?.value, r.max_error);
  });
});

describe('serving metrics match numpy', () => {
  it('latency p50/p95/p99/mean/max with linear quantiles', () => {
    const l = fixture.latency;
    const s = latencySummary(l.values);
    close(s.p50Ms, l.p50);
    close(s.p95Ms, l.p95);
    close(s.p99Ms, l.p99);
    close(s.meanMs, l.mean);
    close(s.maxMs, l.max);
  });
});

describe('wilsonInterval', () => {
  it('is NaN for n = 0 and stays within [0, 1]', () => {
    expect(wilsonInterval(0, 0).lower).toBeNaN();
    const all = wilsonInterval(10, 10);
    expect(all.upper).toBeCloseTo(1, 12);
    expect(all.lower).toBeGreaterThan(0.6);
  });
});
