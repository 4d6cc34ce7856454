import { copyFileSync, mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from '@jest/globals';
import type { EvaluationReport } from '@modelgate/core';
import { runEvaluate, tempWorkspace, writeJsonl } from '../../helpers/evaluate-model';
import type { EvaluateRun } from '../../helpers/evaluate-model';
import { CAR_PROMPT, carsModel } from '../../helpers/cars-llm';
import { startOpenAIServer } from '../../helpers/openai-server';
import type { OpenAIServer } from '../../helpers/openai-server';

// Real data: vega-datasets' cars, as in llm.test.ts (test/helpers/cars-llm.ts): the "model" calls
// every 4-cylinder car Japanese, so the pass rate is below 1 and differs by origin slice.
const { cars, originRule } = carsModel(45);
const PROMPT = CAR_PROMPT;
const ASSERTIONS = `
- type: equals
  value: "{{origin}}"
  normalize: [trim, lowercase]
- type: max-length
  value: 12
`;

let server: OpenAIServer | undefined;
afterEach(async () => {
  await server?.close();
  server = undefined;
});

function workspace(): string {
  const dir = tempWorkspace('mg-llm-merge-');
  writeJsonl(
    dir,
    'cases.jsonl',
    cars.map((c, i) => ({ id: `car-${i}`, name: c.Name, origin: c.Origin })),
  );
  writeFileSync(join(dir, 'prompt.yaml'), PROMPT);
  writeFileSync(join(dir, 'asserts.yaml'), ASSERTIONS);
  return dir;
}

function llmInputs(s: OpenAIServer, extra: Record<string, string> = {}): Record<string, string> {
  return {
    provider: 'openai-compatible',
    'base-url': s.baseUrl,
    model: 'gpt-4o-mini',
    dataset: 'cases.jsonl',
    prompt: 'prompt.yaml',
    assertions: 'asserts.yaml',
    temperature: '0',
    repeats: '2',
    'slice-by': 'origin',
    'min-slice-size': '5',
    'min-pass-rate': '0.9',
    'max-error-rate': '1',
    ...extra,
  };
}

async function shards(s: OpenAIServer, cwd: string, folder: string): Promise<EvaluateRun[]> {
  const out: EvaluateRun[] = [];
  for (let i = 1; i <= 3; i++) {
    // The gate is the merge step's: a shard job does not fail on its part's pass rate.
    const inputs = llmInputs(s, {
      shard: `${i}/3`,
      'report-path': `${folder}/s${i}/evaluation.json`,
    });
    delete inputs['min-pass-rate'];
    const shard = await runEvaluate(inputs, cwd);
    expect(shard.io.failed).toBeUndefined();
    expect(shard.report!.body.shard).toEqual({ index: i, count: 3 });
    out.push(shard);
  }
  return out;
}

// Wall-clock latencies differ from run to run; everything else must be equal.
function withoutLatency(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(withoutLatency);
  if (value === null || typeof value !== 'object') return value;
  return Object.fromEntries(
    Object.entries(value)
      .filter(([k]) => k !== 'latencyMs' && !k.startsWith('latency_'))
      .map(([k, v]) => [k, withoutLatency(v)]),
  );
}

const mergeInputs = {
  merge: 'shards/**/evaluation.json',
  'report-path': 'merged/evaluation.json',
  'min-slice-size': '5',
  'min-pass-rate': '0.9',
  'max-error-rate': '1',
};

describe('evaluate-model, merging LLM shards', () => {
  it('3 shards + merge give the unsharded run’s metrics, slices, findings, status and examples', async () => {
    const s = (server = await startOpenAIServer({ answer: originRule }));
    const cwd = workspace();
    const full = await runEvaluate(llmInputs(s, { 'report-path': 'full/evaluation.json' }), cwd);
    expect(full.report?.findings.find((f) => f.code === 'llm-pass-rate')?.message).toMatch(
      /below min-pass-rate 0.9/,
    );
    const parts = await shards(s, cwd, 'shards');
    expect(parts.map((p) => p.examples.length).every((n) => n > 0 && n < cars.length)).toBe(true);

    const merged = await runEvaluate(mergeInputs, cwd);
    const a = full.report as EvaluationReport;
    const b = merged.report as EvaluationReport;
    expect(merged.io.failed).toBe(full.io.failed);
    expect(b.body.mergedFrom).toBe(3);
    expect(b.body.shard).toBeUndefined();
    expect(b.status).toBe('fail');
    expect(b.status).toBe(a.status);
    expect(b.summary).toBe(a.summary);
    expect(withoutLatency(b.metrics)).toEqual(withoutLatency(a.metrics));
    for (const name of ['latency_p50_ms', 'latency_p95_ms', 'latency_p99_ms']) {
      expect(b.metrics[name]?.n).toBe(cars.length * 2);
      expect(b.metrics[name]?.value).toEqual(expect.any(Number));
    }
    expect(b.metrics.pass_rate?.n).toBe(cars.length * 2);
    expect(b.metrics.pass_rate?.value).toBeLessThan(0.9);
    expect(b.body.slices).toEqual(a.body.slices);
    expect(b.body.slices?.map((x) => x.value)).toEqual(['Europe', 'Japan', 'USA']);
    expect(b.findings).toEqual(a.findings);
    expect(b.findings.map((f) => f.code)).toContain('llm-pass-rate');
    expect(b.body.llm).toEqual(a.body.llm);
    expect(b.body.llm?.requests).toBe(cars.length * 2);
    expect(b.body.examples).toEqual(a.body.examples);
    expect(b.body.model).toEqual(a.body.model);
    expect(b.body.dataset).toEqual(a.body.dataset);
    expect(b.inputs).toEqual(a.inputs);
    expect(b.body.run?.requests).toBe(a.body.run?.requests);
    expect(withoutLatency(merged.examples)).toEqual(withoutLatency(full.examples));
  });

  it('takes min-pass-rate, max-error-rate and model-name from the merge step', async () => {
    const s = (server = await startOpenAIServer({ answer: originRule }));
    const cwd = workspace();
    await shards(s, cwd, 'shards');
    const merged = await runEvaluate(
      { ...mergeInputs, 'min-pass-rate': '0.1', 'model-name': 'cars-v2' },
      cwd,
    );
    expect(merged.io.failed).toBeUndefined();
    expect(merged.report!.status).toBe('pass');
    expect(merged.report!.body.model.name).toBe('cars-v2');
    expect(merged.report!.findings.map((f) => f.code)).not.toContain('llm-pass-rate');
  });

  it('refuses a missing shard, a shard given twice and a shard of another prompt, naming the files', async () => {
    const s = (server = await startOpenAIServer({ answer: originRule }));
    const cwd = workspace();
    await shards(s, cwd, 'shards');
    const merge = (pattern: string) =>
      runEvaluate({ ...mergeInputs, merge: pattern, 'report-path': 'm.json' }, cwd);

    const missing = await merge('shards/s[12]/evaluation.json');
    expect(missing.io.failed).toMatch(/Shard\(s\) 3 of 3 are missing/);
    expect(missing.io.failed).toContain(join('shards', 's2', 'evaluation.json'));

    mkdirSync(join(cwd, 'shards', 's1-again'));
    for (const f of ['evaluation.json', 'evaluation.examples.jsonl']) {
      copyFileSync(join(cwd, 'shards', 's1', f), join(cwd, 'shards', 's1-again', f));
    }
    const twice = await merge('shards/**/evaluation.json');
    expect(twice.io.failed).toMatch(/Shard 1\/3 is given twice: /);
    expect(twice.io.failed).toContain(join('shards', 's1-again', 'evaluation.json'));
    expect(twice.io.failed).toContain(join('shards', 's1', 'evaluation.json'));

    writeFileSync(join(cwd, 'prompt2.yaml'), PROMPT.replace('one word', 'a single word'));
    await shards(s, cwd, 'mixed');
    const other = await runEvaluate(
      llmInputs(s, {
        prompt: 'prompt2.yaml',
        shard: '2/3',
        'min-pass-rate': '0',
        'report-path': 'mixed/s2/evaluation.json',
      }),
      cwd,
    );
    expect(other.io.failed).toBeUndefined();
    const mixed = await merge('mixed/**/evaluation.json');
    expect(mixed.io.failed).toMatch(
      /mixed.s2.evaluation\.json and .*mixed.s1.evaluation\.json are not shards of one LLM run: prompt sha256/,
    );
  });
});
