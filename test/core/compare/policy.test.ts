import { describe, expect, it } from '@jest/globals';
import { formatError, parseRegressionPolicy, resolveRules } from '@modelgate/core';
import type { Direction } from '@modelgate/core';

const metrics = new Map<string, Direction>([
  ['accuracy', 'higher'],
  ['f1_macro', 'higher'],
  ['latency_p50_ms', 'lower'],
  ['latency_p95_ms', 'lower'],
  ['cost_per_1k_requests_usd', 'lower'],
  ['rows', 'none'],
]);

describe('parseRegressionPolicy', () => {
  it('reads rules, defaults and globs', () => {
    const policy = parseRegressionPolicy(
      [
        'defaults:',
        '  tier: warn',
        'metrics:',
        '  accuracy: {min: 0.8, max-drop: 0.02, tier: fail, required: true, max-slice-drop: 0.05}',
        '  "latency_*": {max-relative-drop: 0.2}',
      ].join('\n'),
      'policy.yml',
    );
    expect(policy.defaultTier).toBe('warn');
    expect(policy.rules).toEqual([
      {
        pattern: 'accuracy',
        min: 0.8,
        maxDrop: 0.02,
        tier: 'fail',
        required: true,
        maxSliceDrop: 0.05,
      },
      { pattern: 'latency_*', maxRelativeDrop: 0.2 },
    ]);
  });

  it.each([
    [
      'metrics:\n  accuracy: {max_drop: 0.02}\n',
      'policy.yml:2: rule "accuracy": unknown key "max_drop" (did you mean "max-drop"?).',
    ],
    [
      'metrics:\n  accuracy: {maxRelativeDrop: 0.1}\n',
      'unknown key "maxRelativeDrop" (did you mean "max-relative-drop"?)',
    ],
    [
      'metrics:\n  accuracy: {max-drop: "2%"}\n',
      'policy.yml:2: rule "accuracy": "max-drop": Invalid input: expected number',
    ],
    ['metrics:\n  accuracy: {tier: error}\n', 'rule "accuracy": "tier"'],
    [
      'metrics:\n  accuracy: {min: 0.9, max: 0.8}\n',
      'policy.yml:2: rule "accuracy": min 0.9 is above max 0.8.',
    ],
    ['rules: {}\n', 'policy.yml: The policy file has no `metrics:` mapping (its keys: rules).'],
    ['metrics: {}\nrules: {}\n', 'unknown key "rules"'],
  ])('names the file, the line, the rule and the problem: %j', (text, message) => {
    let shown = '';
    try {
      parseRegressionPolicy(text, 'policy.yml');
    } catch (err) {
      shown = formatError(err);
    }
    expect(shown).toContain(message);
  });

  it('points at the line of a YAML syntax error', () => {
    try {
      parseRegressionPolicy('metrics:\n  accuracy: {min: 0.8\n  f1: [\n', 'policy.yml');
      throw new Error('no error');
    } catch (err) {
      expect(formatError(err)).toMatch(/^policy\.yml:\d+:\d+: The policy file is not valid YAML/);
      expect((err as { location?: { line?: number } }).location?.line).toBeGreaterThan(1);
    }
  });
});

describe('resolveRules', () => {
  it('prefers an exact rule over a glob, and lets shortcut inputs override fields', () => {
    const policy = parseRegressionPolicy(
      'metrics:\n  "latency_*": {max-relative-drop: 0.3, tier: warn}\n  latency_p95_ms: {max-relative-drop: 0.25}\n  accuracy: {max-drop: 0.05, min: 0.7}\n',
      'p.yml',
    );
    const { rules } = resolveRules(metrics, policy, {
      maxAccuracyDrop: 0.02,
      maxCostIncreasePct: 10,
    });
    expect(rules.get('latency_p50_ms')).toMatchObject({
      maxRelativeDrop: 0.3,
      tier: 'warn',
      source: 'p.yml (latency_*)',
    });
    expect(rules.get('latency_p95_ms')).toMatchObject({ maxRelativeDrop: 0.25, tier: 'fail' });
    expect(rules.get('accuracy')).toMatchObject({
      maxDrop: 0.02,
      min: 0.7,
      source: 'p.yml (accuracy) + input max-accuracy-drop',
    });
    expect(rules.get('cost_per_1k_requests_usd')).toMatchObject({
      maxRelativeDrop: 0.1,
      tier: 'fail',
      source: 'input max-cost-increase-pct',
    });
    expect(rules.get('f1_macro')).toMatchObject({
      informational: true,
      tier: 'warn',
      source: 'default (no rule)',
    });
  });

  it('refuses a rule that names no metric, unless it is optional', () => {
    const typo = parseRegressionPolicy('metrics:\n  acuracy: {max-drop: 0.02}\n', 'p.yml');
    expect(() => resolveRules(metrics, typo, {})).toThrow(
      'p.yml: rule "acuracy" names no metric of the candidate or the baseline',
    );
    const optional = parseRegressionPolicy(
      'metrics:\n  bleu: {max-drop: 0.02, optional: true}\n',
      'p.yml',
    );
    expect(resolveRules(metrics, optional, {}).notes).toEqual([
      'Policy rule "bleu" matched no metric; it is optional.',
    ]);
  });

  it('keeps a required metric that neither run reports, for a missing row', () => {
    const policy = parseRegressionPolicy('metrics:\n  bleu: {required: true}\n', 'p.yml');
    expect(resolveRules(metrics, policy, {}).rules.get('bleu')).toMatchObject({
      required: true,
      tier: 'fail',
    });
  });

  it('asks for a direction when a drop limit applies to a metric without one', () => {
    const policy = parseRegressionPolicy('metrics:\n  rows: {max-drop: 1}\n', 'p.yml');
    let caught: unknown;
    try {
      resolveRules(metrics, policy, {});
    } catch (err) {
      caught = err;
    }
    expect(caught).toMatchObject({
      message:
        'The rule of metric "rows" (p.yml (rows)) limits its drop, but the metric has no direction.',
      hint: expect.stringContaining('Add `direction: higher` or `direction: lower`'),
    });
    const fixed = parseRegressionPolicy(
      'metrics:\n  rows: {max-drop: 1, direction: higher}\n',
      'p.yml',
    );
    expect(resolveRules(metrics, fixed, {}).rules.get('rows')?.direction).toBe('higher');
  });

  it('notes a shortcut input that matches no metric', () => {
    const only = new Map<string, Direction>([['accuracy', 'higher']]);
    expect(resolveRules(only, undefined, { maxLatencyIncreasePct: 15 }).notes).toEqual([
      'Input max-latency-increase-pct matched no metric of the candidate or the baseline.',
    ]);
  });
});
