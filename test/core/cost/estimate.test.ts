import { describe, expect, it } from '@jest/globals';
import {
  BUILT_IN_PRICE_TABLE,
  DataError,
  estimateMonthlyCost,
  lookupPrice,
  projectRequests,
} from '@modelgate/core';
import type { GpuConfig, ModelConfig, TrafficProfile, TrafficSegment } from '@modelgate/core';

const api = (model: string, over: Partial<ModelConfig> = {}): ModelConfig => ({
  model,
  hosting: 'api',
  ...over,
});
const traffic = (segments: TrafficSegment[], month = 1): TrafficProfile => ({ month, segments });
const seg = (requestsPerMonth: number, over: Partial<TrafficSegment> = {}): TrafficSegment => ({
  name: 'all',
  requestsPerMonth,
  growthPctPerMonth: 0,
  ...over,
});
const price = (model: string) => lookupPrice(BUILT_IN_PRICE_TABLE, model);

describe('estimateMonthlyCost, hosted API (exact to the cent)', () => {
  // Expected values by hand from the list prices per 1M tokens:
  // gpt-4o-mini $0.15 in / $0.075 cached / $0.60 out, 50% batch; gpt-4o $2.50 / $10;
  // claude-3-5-sonnet $3 / $15.
  it.each([
    {
      name: 'gpt-4o-mini, 1M requests × 500 in / 150 out',
      model: 'gpt-4o-mini',
      traffic: traffic([seg(1_000_000)]),
      total: 165,
      breakdown: [75, 0, 90],
      per1k: 0.165,
    },
    {
      name: 'half the input from the cache',
      model: 'gpt-4o-mini',
      config: { cachedInputShare: 0.5 },
      traffic: traffic([seg(1_000_000)]),
      total: 146.25,
      breakdown: [37.5, 18.75, 90],
      per1k: 0.14625,
    },
    {
      name: 'half the requests through the batch API',
      model: 'gpt-4o-mini',
      config: { batchShare: 0.5 },
      traffic: traffic([seg(1_000_000)]),
      total: 123.75,
      breakdown: [56.25, 0, 67.5],
      per1k: 0.12375,
    },
    {
      // 28.125 + 14.0625 + 67.5 = 109.6875: half-even rounding of each part would show
      // 28.12 + 14.06 + 67.50 = 109.68; apportioned, the parts add up to the 109.69 shown.
      name: 'cache and batch together, parts apportioned to the total',
      model: 'gpt-4o-mini',
      config: { cachedInputShare: 0.5, batchShare: 0.5 },
      traffic: traffic([seg(1_000_000)]),
      total: 109.69,
      breakdown: [28.13, 14.06, 67.5],
      per1k: 0.109688,
    },
    {
      name: '10% monthly growth, month 3 (121,000 requests)',
      model: 'gpt-4o',
      traffic: traffic([seg(100_000, { growthPctPerMonth: 10 })], 3),
      total: 332.75,
      breakdown: [151.25, 0, 181.5],
      per1k: 2.75,
    },
    {
      // 12,345 × 1234.5 × $3/1M = 45.7197075; 12,345 × 321.7 × $15/1M = 59.5707975.
      name: 'fractional measured tokens',
      model: 'claude-3-5-sonnet',
      traffic: traffic([seg(12_345, { inputTokens: 1234.5, outputTokens: 321.7 })]),
      total: 105.29,
      breakdown: [45.72, 0, 59.57],
      per1k: 8.529,
    },
    {
      name: 'no traffic costs nothing',
      model: 'gpt-4o',
      traffic: traffic([seg(0)]),
      total: 0,
      breakdown: [0, 0, 0],
      per1k: 0,
    },
  ])('$name', ({ model, config, traffic: profile, total, breakdown, per1k }) => {
    const { estimate } = estimateMonthlyCost({
      model: api(model, config),
      price: price(model),
      traffic: profile,
      tokens: { inputTokens: 500, outputTokens: 150 },
      tokensSource: 'inputs',
    });
    expect(estimate.monthlyCostUsd).toBe(total);
    expect([
      estimate.breakdown.inputUsd,
      estimate.breakdown.cachedInputUsd,
      estimate.breakdown.outputUsd,
    ]).toEqual(breakdown);
    expect(estimate.breakdown.gpuUsd).toBe(0);
    expect(estimate.costPer1kRequestsUsd).toBe(per1k);
  });

  it('breaks the cost down by segment, the segments adding up to the total', () => {
    const { estimate, exact } = estimateMonthlyCost({
      model: api('gpt-4o-mini', { cachedInputShare: 0.2 }),
      price: price('gpt-4o-mini'),
      traffic: traffic([
        seg(333_333, { name: 'chat' }),
        seg(666_667, { name: 'search', inputTokens: 1111, outputTokens: 37, cachedInputShare: 0 }),
        seg(1, { name: 'tiny' }),
      ]),
      tokens: { inputTokens: 500, outputTokens: 150 },
      tokensSource: 'evaluation',
    });
    const sumCents = (values: number[]) => values.reduce((a, b) => a + Math.round(b * 100), 0);
    expect(sumCents(estimate.segments.map((s) => s.totalUsd))).toBe(
      Math.round(estimate.monthlyCostUsd * 100),
    );
    for (const s of estimate.segments) {
      expect(sumCents([s.inputUsd, s.cachedInputUsd, s.outputUsd])).toBe(
        Math.round(s.totalUsd * 100),
      );
    }
    // chat: 333,333 × (400 × 0.15 + 100 × 0.075 + 150 × 0.6) / 1M = 52.4999475
    expect(estimate.segments[0]).toMatchObject({
      name: 'chat',
      totalUsd: 52.5,
      cachedInputShare: 0.2,
    });
    // search: 666,667 × (1111 × 0.15 + 37 × 0.6) / 1M = 125.90006295; tiny: 0.0001575
    expect(estimate.segments[1]).toMatchObject({ name: 'search', totalUsd: 125.9 });
    expect(estimate.segments[2]).toMatchObject({ name: 'tiny', totalUsd: 0 });
    expect(exact.totalUsd.toString()).toBe('178.40016795');
    expect(estimate.monthlyCostUsd).toBe(178.4);
    expect(estimate.monthlyRequests).toBe(1_000_001);
    expect(estimate.tokensSource).toBe('evaluation');
    expect(estimate.prices).toMatchObject({
      provider: 'openai',
      model: 'gpt-4o-mini',
      asOf: '2024-10-01',
    });
  });

  it('warns and bills the full price when a cached share or batch share has no discount', () => {
    const { estimate, findings } = estimateMonthlyCost({
      model: api('command-r', { cachedInputShare: 0.5, batchShare: 1 }),
      price: price('command-r'),
      traffic: traffic([seg(1_000_000)]),
      tokens: { inputTokens: 500, outputTokens: 150 },
      tokensSource: 'inputs',
    });
    // 500M × $0.15 + 150M × $0.60 at full price.
    expect(estimate.monthlyCostUsd).toBe(165);
    expect(findings.map((f) => f.code)).toEqual(['no-cached-price', 'no-batch-discount']);
  });

  it.each([
    [{ requestsPerMonth: -5 }, /must be 0 or more/],
    [{ inputTokens: -1 }, /must not be negative/],
  ])('refuses bad traffic %p', (over, message) => {
    expect(() =>
      estimateMonthlyCost({
        model: api('gpt-4o'),
        price: price('gpt-4o'),
        traffic: traffic([seg(10, over)]),
        tokens: { inputTokens: 500, outputTokens: 150 },
        tokensSource: 'inputs',
      }),
    ).toThrow(message);
  });

  it('refuses a segment without tokens when none were measured', () => {
    expect(() =>
      estimateMonthlyCost({
        model: api('gpt-4o'),
        price: price('gpt-4o'),
        traffic: traffic([seg(10)]),
        tokensSource: 'traffic-profile',
      }),
    ).toThrow(DataError);
  });
});

describe('projectRequests', () => {
  it.each([
    [1000, 0, 12, '1000'],
    [1000, 10, 1, '1000'],
    [1000, 10, 2, '1100'],
    [1000, 10, 4, '1331'],
    [1000, -50, 3, '250'],
    [3, 1.5, 3, '3.090675'],
  ])('%p requests growing %p%% a month are %s in month %p', (requests, growth, month, expected) => {
    expect(projectRequests(requests, growth, month).toString()).toBe(expected);
  });
});

describe('estimateMonthlyCost, self-hosted', () => {
  const gpu = (over: Partial<GpuConfig>): GpuConfig => ({
    hourlyUsd: 2.5,
    throughputBasis: 'total',
    peakFactor: 1,
    minCount: 1,
    hoursPerMonth: 730,
    ...over,
  });
  const selfHosted = (config: GpuConfig): ModelConfig => ({
    model: 'llama-3.3-70b',
    provider: 'self-hosted',
    hosting: 'self-hosted',
    gpu: config,
  });

  it.each([
    // 2 × $4.10 × 730 h.
    {
      name: 'a fixed count',
      gpu: gpu({ hourlyUsd: 4.1, count: 2 }),
      requests: 1_000,
      instances: 2,
      total: 5986,
    },
    // 10M × 650 tokens / 2,628,000 s = 2473.36 tok/s; × 3 peak = 7420.09; / 2500 → 3 GPUs.
    {
      name: 'derived from throughput at the peak',
      gpu: gpu({ throughputTokensPerSecond: 2500, peakFactor: 3 }),
      requests: 10_000_000,
      instances: 3,
      total: 5475,
    },
    // Output only: 1.5e9 / 2,628,000 × 3 / 500 = 3.42 → 4 GPUs.
    {
      name: 'throughput counted in output tokens',
      gpu: gpu({ throughputTokensPerSecond: 500, peakFactor: 3, throughputBasis: 'output' }),
      requests: 10_000_000,
      instances: 4,
      total: 7300,
    },
    {
      name: 'never below min-count',
      gpu: gpu({ throughputTokensPerSecond: 2500, minCount: 2 }),
      requests: 10,
      instances: 2,
      total: 3650,
    },
    {
      name: 'hours per month for a part-time cluster',
      gpu: gpu({ count: 1, hourlyUsd: 1.99, hoursPerMonth: 176 }),
      requests: 10,
      instances: 1,
      total: 350.24,
    },
  ])('$name', ({ gpu: config, requests, instances, total }) => {
    const { estimate } = estimateMonthlyCost({
      model: selfHosted(config),
      traffic: traffic([seg(requests)]),
      tokens: { inputTokens: 500, outputTokens: 150 },
      tokensSource: 'inputs',
    });
    expect(estimate.gpu?.instances).toBe(instances);
    expect(estimate.monthlyCostUsd).toBe(total);
    expect(estimate.breakdown).toEqual({
      inputUsd: 0,
      cachedInputUsd: 0,
      outputUsd: 0,
      gpuUsd: total,
    });
    expect(estimate.prices).toBeUndefined();
  });

  it('reports the throughput it derived the count from', () => {
    const { estimate } = estimateMonthlyCost({
      model: selfHosted(gpu({ throughputTokensPerSecond: 2500, peakFactor: 3 })),
      traffic: traffic([seg(10_000_000)]),
      tokens: { inputTokens: 500, outputTokens: 150 },
      tokensSource: 'inputs',
    });
    expect(estimate.gpu).toEqual({
      hourlyUsd: 2.5,
      instances: 3,
      hoursPerMonth: 730,
      derivedFrom: 'throughput',
      throughputTokensPerSecond: 2500,
      throughputBasis: 'total',
      peakFactor: 3,
      averageTokensPerSecond: 2473.36,
      peakTokensPerSecond: 7420.09,
      minCount: 1,
    });
  });

  it('splits the GPU bill over segments by their tokens, to the cent', () => {
    const { estimate } = estimateMonthlyCost({
      model: selfHosted(gpu({ hourlyUsd: 4.1, count: 2 })),
      traffic: traffic([seg(2_000, { name: 'a' }), seg(1_000, { name: 'b' })]),
      tokens: { inputTokens: 500, outputTokens: 150 },
      tokensSource: 'inputs',
    });
    expect(estimate.segments.map((s) => [s.name, s.gpuUsd, s.totalUsd])).toEqual([
      ['a', 3990.67, 3990.67],
      ['b', 1995.33, 1995.33],
    ]);
  });
});
