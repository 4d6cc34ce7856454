import { readFileSync } from 'node:fs';
import { describe, expect, it } from '@jest/globals';
import { summarizeResults } from '@modelgate/core';
import type { ExampleResult } from '@modelgate/core';

// Expected values: test/fixtures/metrics/labels-expected.json, made by make-labels-expected.py
// beside it (scikit-learn 1.2.1, numpy 1.24.2 from Debian). The labels of the label metrics are
// the true and predicted values (or the listed ones); probability keys are only columns.
const fixture = JSON.parse(
  readFileSync(new URL('../../fixtures/metrics/labels-expected.json', import.meta.url), 'utf8'),
) as { cases: LabelCase[] };

interface SliceExpected {
  n: number;
  accuracy: number;
  balanced_accuracy: number;
  f1_macro: number;
}

interface LabelCase {
  name: string;
  expected: string[];
  predicted: string[];
  probabilities: Record<string, number>[];
  labels: string[];
  listed?: string[];
  positive?: string;
  positive_label?: string;
  confusion: number[][];
  per_class: Record<string, { precision: number; recall: number; f1: number; support: number }>;
  slices?: string[];
  slice_metrics?: Record<string, SliceExpected>;
  roc_auc: number | null;
  [key: string]: unknown;
}

// scikit-learn 1.2 computes F1 as 2PR / (P + R), modelgate as 2TP / (2TP + FP + FN) (1.3+):
// equal in exact arithmetic, a few ulps apart in floating point.
const TOL = 1e-12;
const close = (actual: number | null | undefined, expected: number | null) => {
  if (expected === null) {
    expect(actual).toBeNull();
    return;
  }
  expect(typeof actual).toBe('number');
  expect(Math.abs((actual as number) - expected)).toBeLessThanOrEqual(TOL);
};

function results(c: LabelCase): ExampleResult[] {
  return c.expected.map((e, i) => ({
    id: String(i),
    expected: e,
    predicted: c.predicted[i],
    status: 'ok' as const,
    probabilities: c.probabilities[i]!,
    ...(c.slices && { slices: { s: c.slices[i]! } }),
  }));
}

function summarize(c: LabelCase) {
  return summarizeResults(results(c), {
    task: 'classification',
    ...(c.listed && { labels: c.listed }),
    ...(c.positive !== undefined && { positiveLabel: c.positive }),
    sliceBy: ['s'],
    minSliceSize: 1,
  });
}

const LABEL_METRICS = [
  'accuracy',
  'balanced_accuracy',
  'precision_macro',
  'recall_macro',
  'f1_macro',
  'f1_micro',
  'precision_weighted',
  'recall_weighted',
  'f1_weighted',
] as const;

describe('the labels of the classification metrics follow scikit-learn', () => {
  it.each(fixture.cases.map((c) => [c.name, c] as const))(
    '%s: labels, matrix, per-class scores and averages',
    (_name, c) => {
      const summary = summarize(c);
      expect(summary.body.labels).toEqual(c.labels);
      expect(summary.body.confusionMatrix).toEqual({ labels: c.labels, matrix: c.confusion });
      for (const key of LABEL_METRICS) close(summary.metrics[key]?.value, c[key] as number);
      expect(Object.keys(summary.body.perClass ?? {})).toEqual(c.labels);
      for (const [label, scores] of Object.entries(c.per_class)) {
        for (const key of ['precision', 'recall', 'f1', 'support'] as const)
          close(summary.body.perClass?.[label]?.[key], scores[key]);
      }
    },
  );

  it.each(fixture.cases.map((c) => [c.name, c] as const))(
    '%s: probability metrics over every probability column',
    (_name, c) => {
      const summary = summarize(c);
      close(summary.metrics.log_loss?.value, c.log_loss as number);
      close(summary.metrics.ece?.value, c.ece as number);
      close(summary.metrics.roc_auc?.value, c.roc_auc);
      if (c.brier !== undefined) close(summary.metrics.brier?.value, c.brier as number);
      else expect(summary.metrics.brier).toBeUndefined();
      if (c.positive_label !== undefined && c.labels.length === 2)
        expect(summary.body.positiveLabel).toBe(c.positive_label);
      expect(summary.findings.some((f) => f.code === 'roc-auc-undefined')).toBe(c.roc_auc === null);
    },
  );

  it.each(fixture.cases.filter((c) => c.slice_metrics).map((c) => [c.name, c] as const))(
    '%s: each slice scores as its rows alone',
    (_name, c) => {
      const slices = summarize(c).body.slices ?? [];
      const expected = c.slice_metrics ?? {};
      expect(slices.map((s) => s.value)).toEqual(Object.keys(expected));
      for (const slice of slices) {
        const want = expected[slice.value]!;
        expect(slice.n).toBe(want.n);
        for (const key of ['accuracy', 'balanced_accuracy', 'f1_macro'] as const)
          close(slice.metrics[key], want[key]);
      }
    },
  );

  it('a binary task whose probabilities carry a third key stays binary, with no positive-label notice', () => {
    const c = fixture.cases.find((x) => x.name === 'binary-third-key')!;
    const summary = summarizeResults(results(c), {
      task: 'classification',
      positiveLabel: 'spam',
    });
    expect(summary.body.labels).toEqual(['ham', 'spam']);
    expect(summary.metrics.f1_positive).toBeDefined();
    expect(summary.findings.map((f) => f.code)).not.toContain('positive-label-ignored');
    expect(summary.findings.map((f) => f.code)).not.toContain('zero-division');
  });

  it('names the listed labels that leave out labels of the data', () => {
    const c = fixture.cases.find((x) => x.name === 'multiclass-listed-subset')!;
    const note = summarize(c).findings.find((f) => f.code === 'labels-outside-list');
    expect(note?.message).toContain('bird');
  });

  it('says which probability column has no true example when ROC AUC is undefined', () => {
    const c = fixture.cases.find((x) => x.name === 'multiclass-fourth-key')!;
    const note = summarize(c).findings.find((f) => f.code === 'roc-auc-undefined');
    expect(note?.message).toContain('"fish"');
    expect(c.roc_auc_error).toContain('Only one class present');
  });
});
