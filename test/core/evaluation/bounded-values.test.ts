import { describe, expect, it } from '@jest/globals';
import { clampFractionMetrics, clampFractionValues, summarizeResults } from '@modelgate/core';
import type { ExampleResult, Metric } from '@modelgate/core';

const m = (value: number | null, unit = 'fraction'): Metric => ({
  value,
  unit,
  direction: 'higher',
});

describe('values bounded by definition', () => {
  it('clamps fraction metrics and their intervals into [0, 1] and leaves every other value whole', () => {
    const out = clampFractionMetrics({
      accuracy: {
        ...m(1.0000000000000777),
        ci: { lower: -2e-17, upper: 1.0000000000000002, level: 0.95 },
      },
      roc_auc: m(-1e-16),
      pass_rate_contains: m(1 + 2 ** -52),
      f1_macro: m(null),
      ece: m(0.12345678901234568),
      mape: m(3.25),
      r2: m(-0.5, 'ratio'),
      log_loss: m(36.04365338911715, 'nats'),
    });
    expect(out.accuracy).toEqual({
      ...m(1),
      ci: { lower: 0, upper: 1, level: 0.95 },
    });
    expect(out.roc_auc?.value).toBe(0);
    expect(out.pass_rate_contains?.value).toBe(1);
    expect(out.f1_macro?.value).toBeNull();
    expect(out.ece?.value).toBe(0.12345678901234568);
    expect(out.mape?.value).toBe(3.25);
    expect(out.r2?.value).toBe(-0.5);
    expect(out.log_loss?.value).toBe(36.04365338911715);
    expect(clampFractionValues({ f1_macro: 1.0000000000000777, mae: 7.5, r2: null })).toEqual({
      f1_macro: 1,
      mae: 7.5,
      r2: null,
    });
  });

  it('computes no Brier score or ECE from scores that are not probabilities, and says so', () => {
    const results: ExampleResult[] = [
      { id: '1', expected: 'spam', predicted: 'spam', score: 1.5, status: 'ok' },
      { id: '2', expected: 'ham', predicted: 'ham', score: 0.2, status: 'ok' },
      { id: '3', expected: 'spam', predicted: 'ham', score: 0.4, status: 'ok' },
    ];
    const s = summarizeResults(results, { task: 'classification', positiveLabel: 'spam' });
    expect(s.metrics.brier).toBeUndefined();
    expect(s.metrics.ece).toBeUndefined();
    expect(s.metrics.log_loss).toBeUndefined();
    // ROC AUC ranks scores of any scale, as roc_auc_score does.
    expect(s.metrics.roc_auc?.value).toBe(1);
    const note = s.findings.find((f) => f.code === 'probabilities-not-normalized');
    expect(note?.message).toBe(
      'Some predicted probabilities are outside [0, 1] or do not sum to 1, so log loss, ECE and the Brier score are not computed (scikit-learn refuses them too).',
    );
  });
});
