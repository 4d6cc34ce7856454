import { readFileSync } from 'node:fs';
import { describe, expect, it } from '@jest/globals';
import {
  BUILT_IN_PRICE_TABLE,
  DataError,
  assertUsd,
  lookupPrice,
  mergePriceTables,
  parseModelConfig,
  parsePricingFile,
  parseTrafficProfile,
} from '@modelgate/core';

const root = new URL('../../../', import.meta.url);
const example = (name: string) => readFileSync(new URL(`examples/${name}`, root), 'utf8');

function thrown(fn: () => unknown): DataError {
  try {
    fn();
  } catch (err) {
    if (err instanceof DataError) return err;
    throw err;
  }
  throw new Error('did not throw');
}

describe('the examples work as they are', () => {
  it('examples/model-config.yml', () => {
    expect(parseModelConfig(example('model-config.yml'), 'examples/model-config.yml')).toEqual({
      provider: 'openai',
      model: 'gpt-4o-mini',
      hosting: 'api',
      cachedInputShare: 0.3,
      batchShare: 0.1,
    });
  });

  it('examples/baseline-config.yml names a model in the built-in table', () => {
    const config = parseModelConfig(example('baseline-config.yml'), 'examples/baseline-config.yml');
    expect(lookupPrice(BUILT_IN_PRICE_TABLE, config.model, config.provider).inputPer1M).toBe(2.5);
  });

  it('examples/self-hosted-config.yml', () => {
    const config = parseModelConfig(
      example('self-hosted-config.yml'),
      'examples/self-hosted-config.yml',
    );
    expect(config).toMatchObject({
      provider: 'self-hosted',
      hosting: 'self-hosted',
      gpu: {
        hourlyUsd: 2.49,
        throughputTokensPerSecond: 2400,
        peakFactor: 3,
        minCount: 2,
        hoursPerMonth: 730,
      },
    });
  });

  it('examples/pricing.yml overrides a listed model and adds a new one, per 1K exactly', () => {
    const pricing = parsePricingFile(example('pricing.yml'), 'examples/pricing.yml');
    expect(pricing.version).toBe('acme-2025-11');
    const table = mergePriceTables(BUILT_IN_PRICE_TABLE, pricing);
    expect(lookupPrice(table, 'gpt-4o-mini-2024-07-18')).toMatchObject({
      inputPer1M: 0.12,
      asOf: '2025-11-01',
      source: 'https://example.com/acme/procurement/llm-contract',
    });
    expect(lookupPrice(table, 'llama-70b-internal')).toMatchObject({
      provider: 'acme-gateway',
      inputPer1M: 0.8,
      outputPer1M: 0.8,
      asOf: '2025-10-15',
    });
  });

  it('examples/traffic-profile.yml', () => {
    const profile = parseTrafficProfile(
      example('traffic-profile.yml'),
      'examples/traffic-profile.yml',
    );
    expect(profile.month).toBe(3);
    expect(profile.segments.map((s) => s.name)).toEqual([
      'chat',
      'summarise-documents',
      'autocomplete',
    ]);
    expect(profile.segments[0]).toEqual({
      name: 'chat',
      requestsPerMonth: 600000,
      growthPctPerMonth: 8,
      cachedInputShare: 0.4,
    });
  });
});

describe('malformed cost files name the file, the line and the key', () => {
  it.each([
    [
      'negative traffic',
      parseTrafficProfile,
      'segments:\n  - name: chat\n    requests-per-month: 10\n  - name: bad\n    requests-per-month: -5\n',
      /^segments\.1\.requests-per-month: requests-per-month must not be negative/,
      5,
    ],
    [
      'a misspelt key',
      parseTrafficProfile,
      'segments:\n  - name: chat\n    requests_per_month: 10\n',
      /^segments\.0: Unrecognized key: "requests_per_month"/,
      2,
    ],
    [
      'a share given as a percentage',
      parseModelConfig,
      'model: gpt-4o\ncached-input-share: 30\n',
      /cached-input-share: cached-input-share must be a fraction between 0 and 1/,
      2,
    ],
    [
      'a YAML syntax error',
      parseModelConfig,
      'model: gpt-4o\nmodel: gpt-4o-mini\n',
      /^The model config file is not valid YAML or JSON: the key "model" appears twice/,
      2,
    ],
    [
      'a self-hosted model without gpu',
      parseModelConfig,
      'model: llama\nhosting: self-hosted\n',
      /hosting: hosting: self-hosted needs a gpu section/,
      2,
    ],
    [
      'gpu with both count and throughput',
      parseModelConfig,
      'model: llama\nhosting: self-hosted\ngpu:\n  hourly-usd: 2\n  count: 1\n  throughput-tokens-per-second: 100\n',
      /gpu: gpu needs exactly one of count/,
      4,
    ],
    [
      'a price without as-of',
      parsePricingFile,
      'prices:\n  - { provider: x, model: y, input-per-1m: 1, output-per-1m: 2 }\n',
      /The prices of x\/y lack as-of/,
      undefined,
    ],
    [
      'a pricing file with no prices',
      parsePricingFile,
      'version: 1\nprices: []\n',
      /prices: prices must list at least one model/,
      2,
    ],
  ])('%s', (_name, parse, text, message, line) => {
    const err = thrown(() => parse(text, 't.yml'));
    expect(err.message).toMatch(message);
    expect(err.location?.file).toBe('t.yml');
    expect(err.location?.line).toBe(line);
  });

  it.each([
    [
      parsePricingFile,
      'currency: EUR\nas-of: 2025-01-01\nprices:\n  - { provider: x, model: y, input-per-1m: 1, output-per-1m: 2 }\n',
    ],
    [parseModelConfig, 'model: gpt-4o\ncurrency: gbp\n'],
  ])('refuses a currency other than USD', (parse, text) => {
    const err = thrown(() => parse(text, 't.yml'));
    expect(err.code).toBe('currency-mismatch');
    expect(err.message).toMatch(/^Currency mismatch: .* estimate-cost works in USD only/);
  });

  it('accepts USD in any case, or no currency', () => {
    expect(() => assertUsd('usd', 'x')).not.toThrow();
    expect(() => assertUsd(undefined, 'x')).not.toThrow();
  });

  it('reads JSON as well as YAML', () => {
    expect(
      parseModelConfig('{"provider": "anthropic", "model": "claude-sonnet-4-5"}', 'm.json'),
    ).toEqual({
      provider: 'anthropic',
      model: 'claude-sonnet-4-5',
      hosting: 'api',
    });
  });
});
