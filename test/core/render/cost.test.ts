import { describe, expect, it } from '@jest/globals';
import {
  BUILT_IN_PRICE_TABLE,
  buildCostReport,
  estimateMonthlyCost,
  lookupPrice,
  renderCostSummary,
} from '@modelgate/core';
import type { CostEstimate, ModelConfig, TrafficProfile } from '@modelgate/core';

const provenance = {
  time: '2026-11-22T00:00:00.000Z',
  tool: { name: 'estimate-cost', version: '1' },
};
const traffic: TrafficProfile = {
  month: 2,
  segments: [
    { name: 'chat', requestsPerMonth: 600_000, growthPctPerMonth: 10, cachedInputShare: 0.4 },
    {
      name: '<img src=x> @admin #12 | pipe',
      requestsPerMonth: 50_000,
      growthPctPerMonth: 0,
      batchShare: 1,
    },
  ],
};

function estimate(model: ModelConfig): CostEstimate {
  return estimateMonthlyCost({
    model,
    price: lookupPrice(BUILT_IN_PRICE_TABLE, model.model, model.provider),
    tableVersion: BUILT_IN_PRICE_TABLE.version,
    traffic,
    tokens: { inputTokens: 800, outputTokens: 200 },
    tokensSource: 'evaluation',
  }).estimate;
}

describe('renderCostSummary', () => {
  const report = buildCostReport({
    candidate: estimate({ provider: 'anthropic', model: 'claude-3-5-sonnet', hosting: 'api' }),
    baseline: estimate({ provider: 'openai', model: 'gpt-4o-mini', hosting: 'api' }),
    baselineSource: 'config',
    gates: { maxCostIncreasePct: 10, monthlyBudgetUsd: 100_000 },
    provenance,
    inputs: [],
  });
  const markdown = renderCostSummary(report);

  it('shows the verdict, the delta, the breakdown, segments, gates and prices', () => {
    expect(report.status).toBe('fail');
    expect(markdown).toContain('## Estimated inference cost: ❌ fail');
    expect(markdown).toContain('| Monthly cost | Baseline | Candidate | Change |');
    expect(markdown).toContain('- ❌ At most 10% above the baseline');
    expect(markdown).toContain('- ✅ Monthly budget $100,000.00');
    expect(markdown).toContain(
      '| claude-3-5-sonnet | anthropic | $3.00 | $0.30 | $15.00 | 50% | 2024-10-22 | https:',
    );
    expect(markdown).toContain('List prices change: set `pricing`');
  });

  it('escapes names from user files', () => {
    expect(markdown).not.toContain('<img');
    expect(markdown).not.toContain('@admin');
    expect(markdown).not.toMatch(/ \| pipe/);
  });

  it('renders the same markdown for the same report', () => {
    expect(markdown).toMatchSnapshot();
  });

  it('renders a self-hosted estimate without a baseline', () => {
    const selfHosted = estimateMonthlyCost({
      model: {
        model: 'llama',
        provider: 'self-hosted',
        hosting: 'self-hosted',
        gpu: {
          hourlyUsd: 2.5,
          count: 2,
          throughputBasis: 'total',
          peakFactor: 1,
          minCount: 1,
          hoursPerMonth: 730,
        },
      },
      traffic: {
        month: 1,
        segments: [{ name: 'all', requestsPerMonth: 1000, growthPctPerMonth: 0 }],
      },
      tokens: { inputTokens: 1, outputTokens: 1 },
      tokensSource: 'inputs',
    }).estimate;
    const text = renderCostSummary(
      buildCostReport({ candidate: selfHosted, gates: {}, provenance, inputs: [] }),
    );
    expect(text).toContain('| GPUs | $3,650.00 |');
    expect(text).toContain('Self-hosted: 2 GPU instances × $2.50/h × 730 h (a fixed count).');
    expect(text).toContain('No gate is set');
    expect(text).toContain('Self-hosted: no token prices.');
  });
});
