import { readFileSync } from 'node:fs';
import { describe, expect, it } from '@jest/globals';
import {
  BUILT_IN_PRICE_TABLE,
  estimateMonthlyCost,
  lookupPrice,
  mergePriceTables,
  parsePricingFile,
} from '@modelgate/core';

// expected.json: `python3 test/fixtures/cost/make-expected.py`, running the seeds' own
// estimate_monthly_cost (binary floats, Python's round()) beside the same formula in exact
// decimals rounded half to even.
interface Case {
  note: string;
  model: string;
  requests: number;
  input_tokens: number;
  output_tokens: number;
  seeds: Record<string, number | string>;
  half_even: Record<string, string>;
}
const dir = new URL('../../fixtures/cost/', import.meta.url);
const cases = (JSON.parse(readFileSync(new URL('expected.json', dir), 'utf8')) as { cases: Case[] })
  .cases;
const pricingFile = 'test/fixtures/cost/seeds-pricing.yml';
const table = mergePriceTables(
  BUILT_IN_PRICE_TABLE,
  parsePricingFile(readFileSync(new URL('seeds-pricing.yml', dir), 'utf8'), pricingFile),
);

function estimate(c: Case) {
  return estimateMonthlyCost({
    model: { provider: 'seeds', model: c.model, hosting: 'api' },
    price: lookupPrice(table, c.model, 'seeds'),
    traffic: {
      month: 1,
      segments: [{ name: 'all', requestsPerMonth: c.requests, growthPctPerMonth: 0 }],
    },
    tokens: { inputTokens: c.input_tokens, outputTokens: c.output_tokens },
    tokensSource: 'inputs',
  });
}

describe("the seeds' estimate_monthly_cost", () => {
  it('reproduces the example exactly: gpt-4o-mini, 1,000,000 requests × 500 in / 150 out', () => {
    const example = cases[0]!;
    expect(example.note).toBe("the seeds' example");
    const { estimate: e } = estimate(example);
    expect(e.breakdown.inputUsd).toBe(example.seeds.monthly_input_cost);
    expect(e.breakdown.outputUsd).toBe(example.seeds.monthly_output_cost);
    expect(e.monthlyCostUsd).toBe(example.seeds.total_monthly_cost);
    expect(e.costPerRequestUsd).toBe(example.seeds.cost_per_request);
    expect(e.monthlyRequests).toBe(example.seeds.monthly_requests);
    expect([e.monthlyCostUsd, e.breakdown.inputUsd, e.breakdown.outputUsd]).toEqual([165, 75, 90]);
    expect(e.prices).toMatchObject({ provider: 'seeds', inputPer1M: 0.15, outputPer1M: 0.6 });
  });

  it.each(
    cases.map(
      (c) =>
        [`${c.note}: ${c.model} ${c.requests} × ${c.input_tokens}/${c.output_tokens}`, c] as const,
    ),
  )('matches exact decimals rounded half-even: %s', (_name, c) => {
    const { estimate: e, exact } = estimate(c);
    expect(e.monthlyCostUsd.toFixed(2)).toBe(c.half_even.total_monthly_cost);
    expect(exact.inputUsd.toFixed(2)).toBe(c.half_even.monthly_input_cost);
    expect(exact.outputUsd.toFixed(2)).toBe(c.half_even.monthly_output_cost);
    expect(e.costPerRequestUsd?.toFixed(6)).toBe(c.half_even.cost_per_request);
    expect(exact.totalUsd.toString()).toBe(c.half_even.total_exact!.replace(/\.?0+$/, ''));
  });

  it("differs from the seeds' binary floats only at exact ties, by one unit of the last place", () => {
    const differing = cases.filter((c) => {
      const { estimate: e, exact } = estimate(c);
      const mine = [exact.inputUsd.toNumber(), exact.outputUsd.toNumber(), e.monthlyCostUsd];
      const theirs = [
        c.seeds.monthly_input_cost,
        c.seeds.monthly_output_cost,
        c.seeds.total_monthly_cost,
      ];
      const cents = mine.map((m, i) => Math.abs(Math.round(m * 100) / 100 - Number(theirs[i])));
      const perRequest = Math.abs((e.costPerRequestUsd ?? 0) - Number(c.seeds.cost_per_request));
      expect(Math.max(...cents)).toBeLessThanOrEqual(0.010000001);
      expect(perRequest).toBeLessThanOrEqual(0.0000010001);
      return cents.some((d) => d > 0) || perRequest > 0;
    });
    // The five cases make-expected.py lists: 0.015 and 0.0072525 are exact ties that binary
    // floats hold as 0.01499… and 0.00725250…01.
    expect(differing.map((c) => `${c.model} ${c.requests}`)).toEqual([
      'gpt-4o 2429419',
      'gpt-4o 864494',
      'gpt-4o 4164227',
      'gpt-4o-mini 1',
      'gpt-4o 1',
    ]);
  });
});
