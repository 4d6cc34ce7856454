/**
 * Every file in examples/ works as it is: each is loaded through the real parser of the input
 * it is for. A new example file without a parser here fails the first test.
 */
import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from '@jest/globals';
import {
  parseDataSchema,
  parseModelConfig,
  parsePricingFile,
  parseRegressionPolicy,
  parseTrafficProfile,
} from '@modelgate/core';

const DIR = join(import.meta.dirname, '..', '..', 'examples');
const read = (name: string): string => readFileSync(join(DIR, name), 'utf8');

const PARSERS: Record<string, (text: string, source: string) => unknown> = {
  'baseline-config.yml': parseModelConfig,
  'model-config.yml': parseModelConfig,
  'self-hosted-config.yml': parseModelConfig,
  'pricing.yml': parsePricingFile,
  'traffic-profile.yml': parseTrafficProfile,
  'policy.yml': parseRegressionPolicy,
  'weather-schema.yml': parseDataSchema,
};

describe('examples/', () => {
  it('has a parser for every file', () => {
    expect(readdirSync(DIR).sort()).toEqual(Object.keys(PARSERS).sort());
  });

  it.each(Object.entries(PARSERS))('%s loads through its parser', (name, parse) => {
    expect(() => parse(read(name), `examples/${name}`)).not.toThrow();
  });

  it('policy.yml: rules for accuracy, f1_macro, roc_auc, latency_* and cost', () => {
    const policy = parseRegressionPolicy(read('policy.yml'), 'examples/policy.yml');
    expect(policy.defaultTier).toBe('fail');
    expect(policy.rules.map((r) => r.pattern)).toEqual([
      'accuracy',
      'f1_macro',
      'roc_auc',
      'latency_*',
      'cost_per_1k_requests_usd',
    ]);
    expect(policy.rules[0]).toMatchObject({
      min: 0.8,
      maxDrop: 0.02,
      maxSliceDrop: 0.05,
      required: true,
    });
    expect(policy.rules[1]).toMatchObject({ maxRelativeDrop: 0.03, requireSignificance: true });
    expect(policy.rules[3]).toMatchObject({ maxRelativeDrop: 0.5, tier: 'warn', optional: true });
  });

  it("weather-schema.yml: every column of vega-datasets' seattle-weather.csv, typed", () => {
    const schema = parseDataSchema(read('weather-schema.yml'), 'examples/weather-schema.yml');
    const header = readFileSync(
      join(DIR, '..', 'node_modules', 'vega-datasets', 'data', 'seattle-weather.csv'),
      'utf8',
    )
      .split('\n', 1)[0]!
      .split(',');
    expect(Object.keys(schema.columns).sort()).toEqual([...header].sort());
    expect(schema.columns.date).toMatchObject({ type: 'datetime', unique: true });
    expect(schema.columns.weather).toMatchObject({
      type: 'category',
      allowed: ['drizzle', 'fog', 'rain', 'snow', 'sun'],
    });
  });
});
