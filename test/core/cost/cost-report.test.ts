import { describe, expect, it } from '@jest/globals';
import { CostReport, buildCostReport, compareCosts } from '@modelgate/core';
import type { CostEstimate } from '@modelgate/core';

const estimate = (model: string, monthlyCostUsd: number): CostEstimate => ({
  model,
  provider: 'openai',
  hosting: 'api',
  monthlyRequests: 1000,
  monthlyCostUsd,
  costPer1kRequestsUsd: monthlyCostUsd,
  breakdown: { inputUsd: monthlyCostUsd, cachedInputUsd: 0, outputUsd: 0, gpuUsd: 0 },
  segments: [],
  tokensSource: 'inputs',
});
const provenance = {
  time: '2026-01-01T00:00:00.000Z',
  tool: { name: 'estimate-cost', version: '1' },
};

describe('compareCosts and the gates', () => {
  it.each([
    // [candidate, baseline, gates, deltaUsd, deltaPct, finding codes]
    [165, 150, {}, 15, 10, []],
    [165, 150, { maxCostIncreasePct: 10 }, 15, 10, []],
    [165.01, 150, { maxCostIncreasePct: 10 }, 15.01, 10.01, ['cost-increase']],
    [100, 150, { maxCostIncreasePct: 0 }, -50, -33.33, []],
    [10, 0, { maxCostIncreasePct: 50 }, 10, null, ['cost-increase']],
    [0, 0, { maxCostIncreasePct: 0 }, 0, null, []],
    [200, 150, { monthlyBudgetUsd: 200 }, 50, 33.33, []],
    [200.01, 150, { monthlyBudgetUsd: 200 }, 50.01, 33.34, ['over-budget']],
    [
      300,
      100,
      { monthlyBudgetUsd: 200, maxCostIncreasePct: 5 },
      200,
      200,
      ['over-budget', 'cost-increase'],
    ],
  ])('candidate $%p vs baseline $%p with %p', (cand, base, gates, deltaUsd, deltaPct, codes) => {
    const result = compareCosts(estimate('new', cand), estimate('old', base), gates);
    expect(result.deltaUsd).toBe(deltaUsd);
    expect(result.deltaPct).toBe(deltaPct);
    expect(result.findings.map((f) => f.code)).toEqual(codes);
  });

  it('fails the increase gate on the exact ratio, not its rounded display', () => {
    // 100.00 → 110.01 is +10.01%; 1000.00 → 1100.04 is +10.004%, shown as 10.00.
    const result = compareCosts(estimate('new', 1100.04), estimate('old', 1000), {
      maxCostIncreasePct: 10,
    });
    expect(result.deltaPct).toBe(10);
    expect(result.findings.map((f) => f.code)).toEqual(['cost-increase']);
  });

  it('warns when an increase gate has no baseline', () => {
    const result = compareCosts(estimate('new', 1), undefined, { maxCostIncreasePct: 10 });
    expect(result).toMatchObject({ deltaUsd: null, deltaPct: null });
    expect(result.findings.map((f) => [f.code, f.severity])).toEqual([['no-baseline', 'warning']]);
  });
});

describe('buildCostReport', () => {
  it('writes a valid cost report with the delta, metrics and status', () => {
    const report = buildCostReport({
      candidate: estimate('gpt-4o-mini', 165),
      baseline: estimate('gpt-4o', 2750),
      baselineSource: 'config',
      gates: { maxCostIncreasePct: 10, monthlyBudgetUsd: 1000 },
      provenance,
      inputs: [],
    });
    expect(CostReport.parse(report)).toEqual(report);
    expect(report.status).toBe('pass');
    expect(report.summary).toBe(
      'gpt-4o-mini: $165.00/month (-$2,585.00, -94.00% vs gpt-4o) (pass)',
    );
    expect(report.body).toMatchObject({ deltaUsd: -2585, deltaPct: -94, baselineSource: 'config' });
    expect(report.metrics.delta_pct).toMatchObject({ value: -94, unit: 'pct', direction: 'lower' });
    expect(report.metrics.monthly_cost_usd).toMatchObject({ value: 165, unit: 'usd' });
  });

  it.each([
    [[{ code: 'no-cached-price', severity: 'warning' as const, message: 'm' }], 5000, 'warn'],
    [[], 100, 'fail'],
  ])('derives the status from the findings: %p, budget %p → %s', (findings, budget, status) => {
    const report = buildCostReport({
      candidate: estimate('x', 165),
      gates: { monthlyBudgetUsd: budget },
      findings,
      provenance,
      inputs: [],
    });
    expect(report.status).toBe(status);
    expect(report.summary).toBe(`x: $165.00/month (${status})`);
  });
});
