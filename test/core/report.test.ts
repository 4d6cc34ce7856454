import { describe, expect, it } from '@jest/globals';
import { parseReport, schemaId } from '@modelgate/core';

const costReport = {
  schema: schemaId('cost'),
  status: 'pass',
  summary: 'Monthly cost $10.00',
  provenance: {
    time: '2026-11-22T00:00:00.000Z',
    tool: { name: 'estimate-cost', version: '0.1.0' },
  },
  inputs: [],
  metrics: { 'monthly-cost-usd': { value: 10, unit: 'usd', direction: 'lower' } },
  findings: [],
  body: {
    currency: 'USD',
    candidate: {
      model: 'gpt-4o-mini',
      provider: 'openai',
      hosting: 'api',
      monthlyRequests: 1000,
      monthlyCostUsd: 10,
      costPer1kRequestsUsd: 10,
      breakdown: { inputUsd: 4, cachedInputUsd: 0, outputUsd: 6, gpuUsd: 0 },
      segments: [],
      tokensSource: 'inputs',
    },
    deltaUsd: null,
    deltaPct: null,
    gates: {},
  },
};

describe('parseReport', () => {
  it('accepts a valid report of an accepted kind', () => {
    expect(parseReport(costReport, 'cost.json', ['cost']).summary).toBe('Monthly cost $10.00');
  });

  it('says clearly when a report is newer than this modelgate reads', () => {
    expect(() => parseReport({ ...costReport, schema: 'modelgate/cost@2' }, 'cost.json')).toThrow(
      'cost.json is a cost report of version 2, newer than this modelgate reads (version 1).',
    );
  });

  it('refuses an unknown kind and a wrong kind', () => {
    expect(() => parseReport({ ...costReport, schema: 'modelgate/weather@1' }, 'x.json')).toThrow(
      'x.json has an unknown report schema "modelgate/weather@1".',
    );
    expect(() => parseReport(costReport, 'cost.json', ['evaluation'])).toThrow(
      'cost.json is a cost report, but evaluation was expected.',
    );
  });

  it('names the field that fails the schema', () => {
    const broken = { ...costReport, status: 'great' };
    expect(() => parseReport(broken, 'cost.json')).toThrow(/status: Invalid option/);
  });

  it('refuses a value that is not a report at all', () => {
    expect(() => parseReport([1, 2], 'list.json')).toThrow('list.json is not a modelgate report');
  });
});
