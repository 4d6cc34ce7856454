import { describe, expect, it } from '@jest/globals';
import { renderRegressionSummary, schemaId } from '@modelgate/core';
import type { RegressionReport } from '@modelgate/core';

const rule = {
  direction: 'higher' as const,
  tier: 'fail' as const,
  requireSignificance: true,
  required: false,
  source: 'policy.yml (accuracy)',
};

const report: RegressionReport = {
  schema: schemaId('regression'),
  status: 'fail',
  summary: 'fail: 1 regressed',
  provenance: {
    time: '2026-01-20T00:00:00.000Z',
    tool: { name: 'check-regression', version: '0.1.0' },
  },
  inputs: [],
  metrics: {},
  findings: [],
  body: {
    candidateKind: 'evaluation',
    baseline: {
      source: 'artifact',
      artifact: {
        name: 'modelgate-evaluation',
        runId: 11,
        sha: 'b'.repeat(40),
        ageDays: 2,
        exactMergeBase: true,
      },
    },
    noBaseline: false,
    paired: true,
    alpha: 0.05,
    bootstrapResamples: 10000,
    seed: 42,
    comparisons: [
      {
        metric: 'accuracy',
        baseline: 0.8467,
        candidate: 0.7673,
        delta: -0.0794,
        relativeDelta: -0.0938,
        ci: { lower: -0.0986, upper: -0.0602, level: 0.95 },
        pValue: 2.4e-16,
        test: 'mcnemar-exact',
        paired: true,
        rule,
        state: 'regressed',
        verdict: 'fail',
        message: 'worse by 0.0794',
      },
      {
        metric: '<img src=x> @admin',
        slice: { column: 'lang', value: '|#1' },
        baseline: 0.5,
        candidate: 0.5,
        delta: 0,
        relativeDelta: 0,
        pValue: null,
        test: 'none',
        rule,
        state: 'unchanged',
        verdict: 'pass',
        message: 'no change',
      },
    ],
    notes: ['Runner timings are noisy.'],
  },
};

describe('renderRegressionSummary', () => {
  const md = renderRegressionSummary(report);

  it('shows the verdict, the baseline run and one row per metric', () => {
    expect(md).toContain('## check-regression: ❌ fail');
    expect(md).toContain('run 11 at bbbbbbbbbbbb (2 days old, the merge-base)');
    expect(md).toContain(
      '| accuracy | 84.7% | 76.7% | −7.9 points | −9.9 to −6.0 points | p < 0.001 | mcnemar-exact | 🔴 regressed | fail |',
    );
    expect(md).toContain('- **accuracy**: worse by 0.0794');
  });

  it('escapes untrusted metric names and slice values', () => {
    expect(md).not.toContain('<img');
    expect(md).not.toContain('@admin');
    expect(md).toContain('&lt;img src=x&gt; @&#8203;admin · lang=\\|#&#8203;1');
  });

  it('matches the snapshot', () => {
    expect(md).toMatchSnapshot();
  });
});
