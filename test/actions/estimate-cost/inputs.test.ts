import { readFileSync } from 'node:fs';
import { describe, expect, it } from '@jest/globals';
import { parse } from 'yaml';
import {
  DEFAULT_ARTIFACT_NAME,
  DEFAULT_REPORT_PATH,
  Input,
  Output,
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
      /Input 'max-cost-increase-pct' must be a percentage, 0 or more, e.g. 10 for \+10%, at most 1,000,000; got "10%"/,
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

describe('estimate-cost contract', () => {
  const dir = new URL('../../../actions/estimate-cost/', import.meta.url);
  const action = parse(readFileSync(new URL('action.yml', dir), 'utf8')) as {
    inputs: Record<string, { description: string; default?: string }>;
    outputs: Record<string, { description: string }>;
  };
  const readme = readFileSync(new URL('README.md', dir), 'utf8');
  const tableNames = (heading: string) => {
    const section = readme.split(`## ${heading}`)[1]?.split('\n## ')[0] ?? '';
    return [...section.matchAll(/^\| `([a-z0-9-]+)` \|/gm)].map((m) => m[1]);
  };

  it('action.yml, the Input constants and the README list the same inputs', () => {
    const names = Object.values(Input).sort();
    expect(Object.keys(action.inputs).sort()).toEqual(names);
    expect(tableNames('Inputs').sort()).toEqual(names);
    for (const input of Object.values(action.inputs))
      expect(input.description.length).toBeGreaterThan(10);
  });

  it('action.yml, the Output constants and the README list the same outputs', () => {
    const names = Object.values(Output).sort();
    expect(Object.keys(action.outputs).sort()).toEqual(names);
    expect(tableNames('Outputs').sort()).toEqual(names);
  });

  it('the defaults in action.yml are the parser defaults', () => {
    expect(action.inputs['report-path']?.default).toBe(DEFAULT_REPORT_PATH);
    expect(action.inputs['artifact-name']?.default).toBe(DEFAULT_ARTIFACT_NAME);
    expect(action.inputs.currency?.default).toBe('USD');
  });
});
