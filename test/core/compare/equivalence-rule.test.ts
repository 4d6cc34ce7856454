import { readFileSync } from 'node:fs';
import { describe, expect, it } from '@jest/globals';
import {
  compareMetrics,
  pairExamples,
  parseMetricsText,
  parseRegressionPolicy,
  resolveRules,
} from '@modelgate/core';
import type { Direction, EvaluationReport, ExampleResult } from '@modelgate/core';

const fixture = (path: string) =>
  readFileSync(new URL(`../../fixtures/compare/${path}`, import.meta.url), 'utf8');
const rows = (run: string): ExampleResult[] =>
  fixture(`${run}/examples.jsonl`)
    .trim()
    .split('\n')
    .map((l) => JSON.parse(l) as ExampleResult);
const cases = (
  JSON.parse(fixture('equivalence-expected.json')) as {
    cases: { name: string; decision: string; p_value: number; lower: number; upper: number }[];
  }
).cases;

const base = parseMetricsText(fixture('weather-baseline/evaluation.json'), 'base.json');
const cand = parseMetricsText(fixture('weather-candidate/evaluation.json'), 'cand.json');
const paired = pairExamples(
  (base.report as EvaluationReport).body.dataset,
  (cand.report as EvaluationReport).body.dataset,
  rows('weather-baseline'),
  rows('weather-candidate'),
).paired!;
const directions = new Map<string, Direction>(
  Object.entries(cand.metrics).map(([k, m]) => [k, m.direction]),
);
const options = { alpha: 0.05, resamples: 500, seed: 42, noiseVerdict: 'warn' as const };

function accuracyRow(rules: ReturnType<typeof resolveRules>['rules']) {
  const outcome = compareMetrics(
    { candidate: cand.metrics, baseline: base.metrics, rules, paired },
    options,
  );
  return outcome.comparisons.find((c) => c.metric === 'accuracy' && !c.slice)!;
}

describe('equivalence-margin on the paired weather runs', () => {
  it('a policy margin gives the TOST of statsmodels, on the rule and the row', () => {
    const policy = parseRegressionPolicy(
      'metrics:\n  accuracy:\n    equivalence-margin: 0.08\n',
      'policy.yml',
    );
    const row = accuracyRow(resolveRules(directions, policy, {}).rules);
    const want = cases.find((c) => c.name === 'weather-accuracy-margin-0.08')!;
    expect(row.rule.equivalenceMargin).toBe(0.08);
    expect(row.equivalence).toMatchObject({ margin: 0.08, decision: want.decision });
    expect(row.equivalence!.pValue).toBeCloseTo(want.p_value, 9);
    expect(row.equivalence!.neededN).toBeUndefined();
    expect(row.message).toContain('too near the margin to decide');
  });

  it('the input applies to the headline metric only, and overrides the policy', () => {
    const policy = parseRegressionPolicy(
      'metrics:\n  accuracy:\n    equivalence-margin: 0.08\n',
      'policy.yml',
    );
    const { rules } = resolveRules(directions, policy, { equivalenceMargin: 0.03 });
    expect(rules.get('accuracy')?.equivalenceMargin).toBe(0.03);
    expect(rules.get('accuracy')?.source).toContain('input equivalence-margin');
    expect(rules.get('error_rate')?.equivalenceMargin).toBeUndefined();
    const row = accuracyRow(rules);
    expect(row.equivalence?.decision).toBe('worse');
  });

  it('a margin alone does not gate the metric', () => {
    const { rules } = resolveRules(directions, undefined, { equivalenceMargin: 0.1 });
    expect(rules.get('accuracy')?.informational).toBe(true);
    expect(accuracyRow(rules).equivalence?.decision).toBe('equivalent');
  });

  it('refuses a margin that is not positive, naming the rule', () => {
    expect(() =>
      parseRegressionPolicy('metrics:\n  accuracy:\n    equivalence-margin: 0\n', 'policy.yml'),
    ).toThrow(/rule "accuracy": "equivalence-margin"/);
  });
});
