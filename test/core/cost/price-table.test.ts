import { describe, expect, it } from '@jest/globals';
import {
  BUILT_IN_PRICE_TABLE,
  DataError,
  PriceTable,
  lookupPrice,
  mergePriceTables,
  requestCostUsd,
} from '@modelgate/core';
import type { PriceEntry } from '@modelgate/core';

const entry = (over: Partial<PriceEntry> = {}): PriceEntry => ({
  provider: 'openai',
  model: 'gpt-4o-mini',
  inputPer1M: 0.15,
  cachedInputPer1M: 0.075,
  outputPer1M: 0.6,
  batchDiscount: 0.5,
  asOf: '2024-10-01',
  source: 'https://openai.com/api/pricing/',
  ...over,
});

describe('the built-in price table', () => {
  it('is valid, dated and sourced, with unique names per provider', () => {
    expect(PriceTable.safeParse(BUILT_IN_PRICE_TABLE).success).toBe(true);
    const seen = new Set<string>();
    for (const e of BUILT_IN_PRICE_TABLE.entries) {
      expect(e.asOf).toMatch(/^\d{4}-\d{2}-\d{2}$/);
      expect(e.source).toMatch(/^https:\/\//);
      expect(e.asOf <= BUILT_IN_PRICE_TABLE.asOf || e.asOf.slice(0, 7) >= '2025-11').toBe(true);
      for (const name of [e.model, ...(e.aliases ?? [])]) {
        const key = `${e.provider}/${name.toLowerCase()}`;
        expect(seen.has(key)).toBe(false);
        seen.add(key);
      }
    }
  });

  it.each(['openai', 'anthropic', 'google', 'mistral', 'deepseek', 'cohere', 'groq', 'together'])(
    'covers %s',
    (provider) => {
      expect(BUILT_IN_PRICE_TABLE.entries.some((e) => e.provider === provider)).toBe(true);
    },
  );
});

describe('lookupPrice', () => {
  it.each([
    ['gpt-4o-mini', undefined, 'gpt-4o-mini'],
    ['GPT-4o-Mini', 'OpenAI', 'gpt-4o-mini'],
    ['gpt-4o-mini-2024-07-18', undefined, 'gpt-4o-mini'],
    ['claude-3.5-sonnet', 'anthropic', 'claude-3-5-sonnet'],
    ['  gemini-2.5-flash ', undefined, 'gemini-2.5-flash'],
  ])('finds %p (provider %p) by model or alias', (model, provider, expected) => {
    expect(lookupPrice(BUILT_IN_PRICE_TABLE, model, provider).model).toBe(expected);
  });

  it('refuses an unknown model, never pricing it at $0, and lists near matches', () => {
    let thrown: unknown;
    try {
      lookupPrice(BUILT_IN_PRICE_TABLE, 'gpt4o-mini');
    } catch (err) {
      thrown = err;
    }
    expect(thrown).toBeInstanceOf(DataError);
    expect((thrown as DataError).code).toBe('unknown-model');
    expect((thrown as DataError).message).toMatch(
      /Unknown model "gpt4o-mini".*openai\/gpt-4o-mini/,
    );
  });

  it('refuses a known model under the wrong provider', () => {
    expect(() => lookupPrice(BUILT_IN_PRICE_TABLE, 'gpt-4o', 'anthropic')).toThrow(
      /Unknown model "gpt-4o" from provider "anthropic"/,
    );
  });

  it('asks for a provider when several list the model', () => {
    const table = {
      version: 't',
      asOf: '2025-01-01',
      entries: [entry(), entry({ provider: 'azure' })],
    };
    expect(() => lookupPrice(table, 'gpt-4o-mini')).toThrow(/several providers \(openai, azure\)/);
    expect(lookupPrice(table, 'gpt-4o-mini', 'azure').provider).toBe('azure');
  });
});

describe('mergePriceTables', () => {
  it('replaces entries sharing a name with the same provider and adds new ones', () => {
    const override: PriceTable = {
      version: 'pricing.yml',
      asOf: '2026-01-01',
      entries: [
        entry({
          model: 'GPT-4O-MINI-2024-07-18',
          inputPer1M: 0.1,
          asOf: '2026-01-01',
          source: 'contract',
        }),
        entry({ provider: 'self-hosted', model: 'llama-70b', inputPer1M: 0.8, outputPer1M: 0.8 }),
      ],
    };
    const merged = mergePriceTables(BUILT_IN_PRICE_TABLE, override);
    expect(merged.version).toBe(`${BUILT_IN_PRICE_TABLE.version}+pricing.yml`);
    expect(merged.asOf).toBe('2026-01-01');
    expect(lookupPrice(merged, 'gpt-4o-mini').inputPer1M).toBe(0.1);
    expect(lookupPrice(merged, 'llama-70b').provider).toBe('self-hosted');
    expect(merged.entries).toHaveLength(BUILT_IN_PRICE_TABLE.entries.length + 1);
    expect(lookupPrice(merged, 'gpt-4o').inputPer1M).toBe(2.5);
  });
});

describe('requestCostUsd', () => {
  it.each([
    // [tokens, expected USD], computed by hand from $0.15 / $0.075 / $0.60 per 1M, 50% batch.
    [{ inputTokens: 500, outputTokens: 150 }, 0.000165],
    [{ inputTokens: 1_000_000, outputTokens: 0 }, 0.15],
    [{ inputTokens: 1000, cachedInputTokens: 400, outputTokens: 0 }, 0.00012],
    [{ inputTokens: 500, outputTokens: 150, batch: true }, 0.0000825],
    [{ inputTokens: 0, outputTokens: 0 }, 0],
    [{ inputTokens: 3, outputTokens: 7 }, 0.00000465],
  ])('prices %p at %p', (tokens, expected) => {
    expect(requestCostUsd(entry(), tokens)).toBe(expected);
  });

  it('bills cached tokens at the input price when no cached price is known', () => {
    const noCache = entry();
    delete noCache.cachedInputPer1M;
    expect(
      requestCostUsd(noCache, { inputTokens: 1000, cachedInputTokens: 1000, outputTokens: 0 }),
    ).toBe(0.00015);
  });

  it.each([
    [{ inputTokens: -1, outputTokens: 0 }, /must not be negative/],
    [{ inputTokens: 10, cachedInputTokens: 11, outputTokens: 0 }, /exceed the input tokens/],
  ])('refuses %p', (tokens, message) => {
    expect(() => requestCostUsd(entry(), tokens)).toThrow(message);
  });
});
