import { describe, expect, it } from '@jest/globals';
import {
  DEFAULT_ARTIFACT_NAME,
  DEFAULT_REPORT_PATH,
  parseInputs,
} from '../../../actions/estimate-cost/src/inputs';

const from = (values: Record<string, string>) => (name: string) => values[name] ?? '';
const base = { model: 'gpt-4o', 'monthly-requests': '1000' };

describe('estimate-cost inputs', () => {
  it('reads the minimal inputs with defaults', () => {
    expect(parseInputs(from(base))).toEqual({
      candidate: { kind: 'name', model: 'gpt-4o' },
      baseline: undefined,
      traffic: { kind: 'requests', monthlyRequests: 1000 },
      tokens: undefined,
      baselineEvaluation: undefined,
      pricing: undefined,
      githubToken: '',
      maxCostIncreasePct: undefined,
      monthlyBudgetUsd: undefined,
      reportPath: DEFAULT_REPORT_PATH,
      artifactName: DEFAULT_ARTIFACT_NAME,
    });
  });

  it.each([
    [{ 'baseline-model': 'gpt-4o-mini' }, { kind: 'name', model: 'gpt-4o-mini' }],
    [{ 'baseline-config': 'b.yml' }, { kind: 'config', path: 'b.yml' }],
    [{ 'baseline-report': 'cost.json' }, { kind: 'report', path: 'cost.json' }],
    [{ 'baseline-artifact': 'modelgate-cost' }, { kind: 'artifact', name: 'modelgate-cost' }],
    [
      { 'baseline-artifact': 'm', 'baseline-run-id': '77' },
      { kind: 'artifact', name: 'm', runId: 77 },
    ],
  ])('reads the baseline from %p', (inputs, expected) => {
    expect(parseInputs(from({ ...base, ...inputs })).baseline).toEqual(expected);
  });

  it.each([
    [{ evaluation: 'e.json' }, { kind: 'evaluation', path: 'e.json' }],
    [
      { 'avg-input-tokens': '512.5', 'avg-output-tokens': '0' },
      { kind: 'inputs', inputTokens: 512.5, outputTokens: 0 },
    ],
  ])('reads the tokens from %p', (inputs, expected) => {
    expect(parseInputs(from({ ...base, ...inputs })).tokens).toEqual(expected);
  });

  it('reads the gates and accepts usd in any case', () => {
    const inputs = parseInputs(
      from({
        ...base,
        currency: 'usd',
        'max-cost-increase-pct': '12.5',
        'monthly-budget-usd': '5000',
      }),
    );
    expect([inputs.maxCostIncreasePct, inputs.monthlyBudgetUsd]).toEqual([12.5, 5000]);
  });

  it.each([
    [{ currency: 'EUR' }, /^Currency mismatch/],
    [
      { 'max-cost-increase-pct': '10%' },
      /Input 'max-cost-increase-pct' must be a percentage, 0 or more, e.g. 10 for \+10%; got "10%"/,
    ],
    [{ 'monthly-budget-usd': '-1' }, /Input 'monthly-budget-usd' must be an amount in USD/],
    [
      { 'traffic-profile': 't.yml' },
      /Inputs 'monthly-requests' and 'traffic-profile' are both set/,
    ],
    [
      { 'baseline-model': 'a', 'baseline-report': 'b' },
      /Inputs 'baseline-model' and 'baseline-report' are both set/,
    ],
    [
      { evaluation: 'e', 'avg-input-tokens': '1', 'avg-output-tokens': '1' },
      /are both set; the tokens per request come from one of them/,
    ],
    [{ 'avg-output-tokens': '1' }, /go together/],
    [
      { 'baseline-artifact': 'a', 'baseline-run-id': 'abc' },
      /Input 'baseline-run-id' must be a whole number/,
    ],
  ])('refuses %p', (inputs, message) => {
    expect(() => parseInputs(from({ ...base, ...inputs }))).toThrow(message);
  });
});
