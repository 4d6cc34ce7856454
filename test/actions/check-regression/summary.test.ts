import { describe, expect, it } from '@jest/globals';
import type { MetricComparison } from '@modelgate/core';
import { summarize } from '../../../actions/check-regression/src/main';

const row = (
  metric: string,
  state: MetricComparison['state'],
  verdict: MetricComparison['verdict'],
  slice?: string,
): MetricComparison => ({
  metric,
  ...(slice !== undefined && { slice: { column: 'subset', value: slice } }),
  baseline: 0.9,
  candidate: 0.8,
  delta: -0.1,
  relativeDelta: -0.11,
  pValue: null,
  test: 'none',
  rule: {
    direction: 'higher',
    tier: 'fail',
    requireSignificance: false,
    required: false,
    source: 'default',
  },
  state,
  verdict,
  message: '',
});

describe('the regression summary line', () => {
  it('names the gated regressions first and counts the ungated drops apart', () => {
    const line = summarize(
      [
        row('accuracy', 'regressed', 'fail'),
        row('accuracy', 'regressed', 'fail', 'hard-ham'),
        row('brier', 'regressed', 'pass'),
        row('log_loss', 'regressed', 'pass'),
        row('latency_p95_ms', 'improved', 'pass'),
        row('error_rate', 'unchanged', 'pass'),
      ],
      'fail',
    );
    expect(line).toBe(
      'fail: 2 regressed (accuracy, accuracy[hard-ham]), 2 worse but not gated, 1 improved, 1 unchanged',
    );
  });

  it('says when nothing was compared', () => {
    expect(summarize([], 'warn (no-baseline)')).toBe('warn (no-baseline): no metrics compared');
  });
});
