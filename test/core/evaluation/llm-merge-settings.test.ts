import { describe, expect, it } from '@jest/globals';
import { DataError, mergeLlmShardSettings } from '@modelgate/core';
import type { EvaluationReport, Finding, ShardRun } from '@modelgate/core';

type Llm = NonNullable<EvaluationReport['body']['llm']>;

function shard(
  index: number,
  llm: Partial<Llm> = {},
  extra: {
    modelId?: string;
    promptSha256?: string;
    findings?: Finding[];
    cases?: number;
    trialModelIds?: string[];
  } = {},
): ShardRun {
  const report = {
    schema: 'modelgate/evaluation@1',
    status: 'pass',
    summary: '',
    inputs: [],
    metrics: {},
    findings: extra.findings ?? [],
    body: {
      task: 'llm',
      model: {
        source: 'openai-compatible',
        name: 'gpt-4o-mini',
        endpoint: 'http://127.0.0.1:1/v1',
        promptSha256: extra.promptSha256 ?? 'a'.repeat(64),
        ...(extra.modelId !== undefined && { modelId: extra.modelId }),
      },
      dataset: { path: 'cases.jsonl', sha256: 'b'.repeat(64), rows: 6 },
      shard: { index, count: 3 },
      examples: {
        total: 2,
        evaluated: 2,
        errored: 0,
        notRun: 0,
        missingPredictions: 0,
        unknownIds: 0,
      },
      llm: {
        passRate: 1,
        byAssertion: {},
        flaky: [],
        cacheHits: 1,
        requests: 2 * index,
        repeats: 2,
        costUsd: 0.01,
        ...llm,
      },
    },
  } as unknown as EvaluationReport;
  const results = Array.from({ length: extra.cases ?? 2 }, (_, i) => ({
    id: `${index}-${i}`,
    ...(extra.trialModelIds && {
      trials: extra.trialModelIds.map((modelId) => ({
        status: 'ok' as const,
        pass: true,
        assertions: [],
        modelId,
      })),
    }),
  }));
  return { source: `s${index}.json`, report, results };
}

const judge = { model: 'gpt-4o', promptVersion: '1' };

describe('mergeLlmShardSettings', () => {
  it('sums requests and cache hits, keeps repeats, the cap and the judge of the shards that had one', () => {
    const s = mergeLlmShardSettings([
      shard(1, { maxCostUsd: 1 }),
      shard(2, { maxCostUsd: 1, judge }),
      shard(3, { maxCostUsd: 1 }),
    ]);
    expect(s).toMatchObject({ requests: 12, cacheHits: 3, repeats: 2, maxCostUsd: 1, judge });
    expect(s.priced).toBe(true);
  });

  it('is unpriced when any shard had no price', () => {
    expect(mergeLlmShardSettings([shard(1), shard(2, { costUsd: null })]).priced).toBe(false);
  });

  it('unites the model ids of the shards and of their trials, in order of appearance', () => {
    const s = mergeLlmShardSettings([
      shard(1, {}, { modelId: 'm-1', trialModelIds: ['m-1', 'm-3'] }),
      shard(2, {}, { modelId: 'm-2' }),
    ]);
    expect(s.modelIds).toEqual(['m-1', 'm-3', 'm-2']);
    expect(s.model.modelId).toBe('m-1');
  });

  it('keeps llm-no-assertions only when every shard with cases has it', () => {
    const none: Finding = { code: 'llm-no-assertions', severity: 'warning', message: 'none' };
    const all = mergeLlmShardSettings([
      shard(1, {}, { findings: [none] }),
      shard(2, {}, { cases: 0 }),
      shard(3, {}, { findings: [none] }),
    ]);
    expect(all.findings.map((f) => f.code)).toEqual(['llm-no-assertions']);
    const some = mergeLlmShardSettings([shard(1, {}, { findings: [none] }), shard(2)]);
    expect(some.findings).toEqual([]);
  });

  it.each([
    ['prompt sha256', shard(2, {}, { promptSha256: 'c'.repeat(64) })],
    ['repeats', shard(2, { repeats: 3 })],
    ['max-cost-usd', shard(2, { maxCostUsd: 5 })],
  ])('refuses shards that differ in %s, naming both files', (field, other) => {
    expect(() => mergeLlmShardSettings([shard(1), other])).toThrow(DataError);
    expect(() => mergeLlmShardSettings([shard(1), other])).toThrow(
      `s2.json and s1.json are not shards of one LLM run: ${field}`,
    );
  });

  it('refuses two judges, naming the shards that used them', () => {
    expect(() =>
      mergeLlmShardSettings([
        shard(1),
        shard(2, { judge }),
        shard(3, { judge: { ...judge, model: 'gpt-4.1' } }),
      ]),
    ).toThrow('s3.json and s2.json are not shards of one LLM run: judge');
  });
});
