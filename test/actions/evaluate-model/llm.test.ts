import { copyFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from '@jest/globals';
import { parseInputs } from '../../../actions/evaluate-model/src/inputs';
import { loadCases } from '../../../actions/evaluate-model/src/llm/cases';
import { runEvaluate, tempWorkspace, writeJsonl } from '../../helpers/evaluate-model';
import { CAR_PROMPT, carsModel } from '../../helpers/cars-llm';
import { startOpenAIServer } from '../../helpers/openai-server';
import type {
  ChatRequestBody,
  OpenAIServer,
  OpenAIServerOptions,
} from '../../helpers/openai-server';

// Real data: vega-datasets' cars (test/helpers/cars-llm.ts).
const { cars, originRule } = carsModel(40);
const PROMPT = CAR_PROMPT;
const ASSERTIONS = `
- type: equals
  value: "{{origin}}"
  normalize: [trim, lowercase]
- type: max-length
  value: 12
- type: not-icontains
  value: sorry
`;

const isJudge = (body: ChatRequestBody): boolean =>
  (body.messages?.[0]?.content ?? '').startsWith('You are an impartial');

let server: OpenAIServer | undefined;
afterEach(async () => {
  await server?.close();
  server = undefined;
});

function workspace(rows = cars): string {
  const dir = tempWorkspace('mg-llm-');
  writeJsonl(
    dir,
    'cases.jsonl',
    rows.map((c, i) => ({
      id: `car-${i}`,
      name: c.Name,
      origin: c.Origin,
      cylinders: c.Cylinders,
    })),
  );
  writeFileSync(join(dir, 'prompt.yaml'), PROMPT);
  writeFileSync(join(dir, 'asserts.yaml'), ASSERTIONS);
  return dir;
}

async function start(options: OpenAIServerOptions = {}): Promise<OpenAIServer> {
  server = await startOpenAIServer({ answer: originRule, ...options });
  return server;
}

function llmInputs(s: OpenAIServer, extra: Record<string, string> = {}): Record<string, string> {
  return {
    provider: 'openai-compatible',
    'base-url': s.baseUrl,
    model: 'gpt-4o-mini',
    'api-key': 'sk-secret-key',
    dataset: 'cases.jsonl',
    prompt: 'prompt.yaml',
    assertions: 'asserts.yaml',
    temperature: '0',
    'max-tokens': '16',
    seed: '1',
    'max-error-rate': '1',
    ...extra,
  };
}

const expectedPasses = cars.filter((c) => (c.Cylinders === 4 ? 'Japan' : c.Origin) === c.Origin);

describe('evaluate-model, LLM mode', () => {
  it('runs the cases, scores the assertions and writes the report and per-example JSONL', async () => {
    const s = await start({ modelId: 'gpt-4o-mini-2024-07-18' });
    const cwd = workspace();
    const { io, report, examples } = await runEvaluate(llmInputs(s), cwd);
    expect(io.failed).toBeUndefined();
    expect(report?.body.task).toBe('llm');
    expect(report?.body.model).toMatchObject({
      source: 'openai-compatible',
      name: 'gpt-4o-mini',
      endpoint: s.baseUrl,
      modelId: 'gpt-4o-mini-2024-07-18',
    });
    expect(report?.body.model.promptSha256).toMatch(/^[0-9a-f]{64}$/);
    expect(report?.inputs.map((i) => i.role)).toEqual(['dataset', 'prompt', 'assertions']);
    const passRate = expectedPasses.length / cars.length;
    expect(passRate).toBeLessThan(1); // the data has 4-cylinder European cars
    expect(report?.metrics.pass_rate?.value).toBeCloseTo(passRate, 12);
    expect(report?.metrics.pass_rate?.ci?.method).toBe('wilson');
    expect(report?.metrics.pass_rate_equals?.value).toBeCloseTo(passRate, 12);
    expect(report?.metrics.pass_rate_max_length?.value).toBe(1);
    expect(report?.metrics.pass_rate_not_icontains?.value).toBe(1);
    expect(report?.metrics.latency_p95_ms?.n).toBe(cars.length);
    expect(report?.metrics.input_tokens_mean?.value).toBeGreaterThan(0);
    expect(report?.metrics.eval_cost_usd?.value).toBeGreaterThan(0);
    expect(report?.metrics.cost_per_1k_requests_usd?.value).toBeGreaterThan(0);
    expect(report?.body.llm).toMatchObject({
      requests: cars.length,
      cacheHits: 0,
      repeats: 1,
      flaky: [],
    });
    expect(io.outputs.get('pass-rate')).toBe(String(report?.body.llm?.passRate));
    expect(io.secrets).toContain('sk-secret-key');
    expect(JSON.stringify(report)).not.toContain('sk-secret-key');
    expect(s.requests[0]?.body).toMatchObject({ temperature: 0, max_tokens: 16, seed: 1 });
    expect(examples).toHaveLength(cars.length);
    const wrong = examples.find((e) => e.correct === false)!;
    expect(wrong).toMatchObject({ predicted: 'Japan', passRate: 0, cached: false, status: 'ok' });
    expect(wrong.assertions?.[0]).toMatchObject({ type: 'equals', pass: false });
    expect(wrong.inputTokens).toBeGreaterThan(0);
    expect(wrong.costUsd).toBeGreaterThan(0);
  });

  it('sends zero requests on a second identical run with a cache, and leaves hits out of latency', async () => {
    const s = await start();
    const cwd = workspace(cars.slice(0, 12));
    const first = await runEvaluate(llmInputs(s, { 'cache-dir': '.cache', repeats: '2' }), cwd);
    expect(s.count()).toBe(24);
    expect(first.report?.body.llm).toMatchObject({ requests: 24, cacheHits: 0 });
    const second = await runEvaluate(llmInputs(s, { 'cache-dir': '.cache', repeats: '2' }), cwd);
    expect(s.count()).toBe(24);
    expect(second.report?.body.llm).toMatchObject({ requests: 0, cacheHits: 24 });
    expect(second.report?.metrics.latency_p50_ms).toMatchObject({ value: null, n: 0 });
    expect(second.report?.metrics.eval_cost_usd?.value).toBe(0);
    expect(second.report?.metrics.pass_rate?.value).toBe(first.report?.metrics.pass_rate?.value);
    expect(second.examples.every((e) => e.cached === true)).toBe(true);
    // A changed parameter is a different key: everything is asked again.
    await runEvaluate(
      llmInputs(s, { 'cache-dir': '.cache', repeats: '2', temperature: '0.5' }),
      cwd,
    );
    expect(s.count()).toBe(48);
  });

  // Two identical runs, each with a fresh cache, give identical reports apart from times, however
  // the replies interleave: repeats ask the judge the same question (the same cache key) and a
  // duplicated case asks the model the same one, so who hits the cache is a race unless settled.
  it('gives identical reports and per-example rows on two identical runs, apart from times', async () => {
    const s = await start({
      answer: (body) => {
        const jitter = Math.floor(Math.random() * 12);
        if (!isJudge(body)) return { content: originRule(body), delayMs: jitter };
        return { content: '{"reason": "names a region", "score": 0.75}', delayMs: jitter };
      },
    });
    const rows = [...cars.slice(0, 10), cars[0]!, cars[1]!];
    const runOnce = async () => {
      const cwd = workspace(rows);
      writeFileSync(
        join(cwd, 'asserts.yaml'),
        '- type: llm-rubric\n  value: names a world region\n- type: max-length\n  value: 12\n',
      );
      const before = s.count();
      const out = await runEvaluate(
        llmInputs(s, {
          'judge-model': 'gpt-4o',
          'cache-dir': '.cache',
          repeats: '3',
          concurrency: '16',
        }),
        cwd,
      );
      return { ...out, sent: s.count() - before };
    };
    const first = await runOnce();
    const second = await runOnce();
    // 10 distinct cases × 3 repeats, and one judge question per distinct case (the replies are
    // the same in every repeat): each distinct request is sent once, the other 6 model and 26
    // judge asks are served without one.
    expect(first.sent).toBe(30 + 10);
    expect(first.report?.body.llm).toMatchObject({ requests: 40, cacheHits: 6 + 26 });
    expect(first.report?.metrics.eval_cost_usd?.value).toBeGreaterThan(0);
    expect(withoutTimes(second.report)).toEqual(withoutTimes(first.report));
    expect(withoutTimes(second.examples)).toEqual(withoutTimes(first.examples));
  });

  it('stops sending at the spend cap and reports the rest as not run', async () => {
    const s = await start();
    const cwd = workspace();
    // gpt-4o-mini: $0.15 / 1M input, $0.60 / 1M output; each request here costs ~$0.000003.
    const { io, report, examples } = await runEvaluate(
      llmInputs(s, { 'max-cost-usd': '0.00001', concurrency: '1' }),
      cwd,
    );
    const sent = s.count();
    expect(sent).toBeGreaterThan(0);
    expect(sent).toBeLessThan(cars.length);
    const notRun = examples.filter((e) => e.status === 'not-run');
    expect(notRun).toHaveLength(cars.length - sent);
    expect(report?.metrics.not_run_cases?.value).toBe(cars.length - sent);
    expect(report?.body.examples.notRun).toBe(cars.length - sent);
    expect(report?.body.llm).toMatchObject({ capReached: true, maxCostUsd: 0.00001 });
    expect(report?.body.llm?.costUsd).toBeLessThanOrEqual(0.00001);
    expect(report?.status).toBe('warn');
    expect(report?.findings.map((f) => f.code)).toContain('llm-spend-cap');
    expect(io.failed).toBeUndefined();
  });

  it('refuses a spend cap for a model without a price', async () => {
    const s = await start();
    const { io } = await runEvaluate(
      llmInputs(s, { model: 'llama3.1:8b', 'max-cost-usd': '1' }),
      workspace(cars.slice(0, 2)),
    );
    expect(io.failed).toMatch(/'max-cost-usd' needs a price .*llama3\.1:8b/);
    expect(s.count()).toBe(0);
  });

  it('reports an unpriced model with null cost, never $0', async () => {
    const s = await start();
    const { report } = await runEvaluate(
      llmInputs(s, { model: 'llama3.1:8b' }),
      workspace(cars.slice(0, 2)),
    );
    expect(report?.metrics.eval_cost_usd?.value).toBeNull();
    expect(report?.findings.map((f) => f.code)).toContain('llm-unpriced');
  });

  it('retries a 429 after its Retry-After and counts the requests', async () => {
    const s = await start();
    s.failNext({ status: 429, retryAfter: '0.05' }, { status: 503 });
    const { report, io } = await runEvaluate(
      llmInputs(s, { concurrency: '1', retries: '3' }),
      workspace(cars.slice(0, 3)),
    );
    expect(io.failed).toBeUndefined();
    expect(s.count()).toBe(5);
    expect(report?.body.llm?.requests).toBe(5);
    expect(report?.metrics.errored_cases?.value).toBe(0);
  });

  it('counts a request that fails after its retries as an errored case, with the server message', async () => {
    const s = await start({
      answer: (body) =>
        (body.messages?.at(-1)?.content ?? '').includes(cars[1]!.Name)
          ? {
              status: 400,
              error: { message: 'context_length_exceeded', type: 'invalid_request_error' },
            }
          : originRule(body),
    });
    const { report, examples, io } = await runEvaluate(
      llmInputs(s, { 'max-error-rate': '0' }),
      workspace(cars.slice(0, 3)),
    );
    expect(examples[1]).toMatchObject({ status: 'error', passRate: 0 });
    expect(examples[1]?.error).toMatch(/HTTP 400: context_length_exceeded/);
    expect(report?.metrics.errored_cases?.value).toBe(1);
    expect(report?.status).toBe('fail');
    expect(io.failed).toBeDefined();
  });

  it('stops at a bad API key with one clear error', async () => {
    const s = await start({ apiKey: 'right-key' });
    const { io } = await runEvaluate(
      llmInputs(s, { concurrency: '2' }),
      workspace(cars.slice(0, 10)),
    );
    expect(io.failed).toMatch(/HTTP 401: Incorrect API key provided.*Check 'api-key'/);
    expect(s.count()).toBeLessThanOrEqual(2);
  });

  it('flags cases that pass in some repeats and fail in others as flaky', async () => {
    const s = await start({ answer: (body, n) => (n % 3 === 2 ? 'sorry' : originRule(body)) });
    const { report, examples } = await runEvaluate(
      llmInputs(s, { repeats: '3', concurrency: '1' }),
      workspace(cars.slice(0, 4)),
    );
    const flaky = examples.filter((e) => e.flaky).map((e) => e.id);
    expect(flaky.length).toBeGreaterThan(0);
    expect(report?.body.llm?.flaky).toEqual(flaky);
    expect(report?.metrics.flaky_cases?.value).toBe(flaky.length);
    const one = examples.find((e) => e.flaky)!;
    expect(one.repeats).toBe(3);
    expect(one.passRate).toBeCloseTo(2 / 3, 12);
    expect(one.scoreVariance).toBeGreaterThan(0);
    expect(one.trials).toHaveLength(3);
  });

  it('grades with an LLM judge, and counts a malformed judge reply as an error, never a pass', async () => {
    const s = await start({
      answer: (body) => {
        if (!isJudge(body)) return originRule(body);
        const user = body.messages?.at(-1)?.content ?? '';
        if (user.includes(cars[0]!.Name)) return 'The answer looks fine to me!';
        return '```json\n{"reason": "names a region", "score": 0.9}\n```';
      },
    });
    const cwd = workspace(cars.slice(0, 3));
    writeFileSync(join(cwd, 'asserts.yaml'), '- type: llm-rubric\n  value: names a world region\n');
    const { report, examples } = await runEvaluate(
      llmInputs(s, { 'judge-model': 'gpt-4o', 'max-error-rate': '0' }),
      cwd,
    );
    expect(examples[0]).toMatchObject({ status: 'error', passRate: 0 });
    expect(examples[0]?.assertions?.[0]).toMatchObject({
      type: 'llm-rubric',
      pass: false,
      error: true,
    });
    expect(examples[1]).toMatchObject({ status: 'ok', passRate: 1, score: 0.9 });
    expect(report?.body.llm?.judge).toEqual({ model: 'gpt-4o', promptVersion: 'judge-prompt@1' });
    expect(report?.body.llm?.requests).toBe(6);
    expect(report?.body.llm?.judgeCostUsd).toBeGreaterThan(0);
    expect(report?.status).toBe('fail');
    const judged = s.requests.filter((r) => isJudge(r.body!));
    expect(judged.map((r) => r.body?.model)).toEqual(['gpt-4o', 'gpt-4o', 'gpt-4o']);
  });

  it('compares with the baseline outputs in both orders (pairwise)', async () => {
    const s = await start({
      answer: (body) => {
        if (!isJudge(body)) return originRule(body);
        const user = body.messages?.at(-1)?.content ?? '';
        // A position-biased judge: always prefers A, so the two orders disagree → tie.
        return user.includes('old answer') ? '{"winner": "A"}' : '{"winner": "A"}';
      },
    });
    const cwd = workspace(cars.slice(0, 2));
    writeFileSync(join(cwd, 'asserts.yaml'), '- type: pairwise\n');
    writeJsonl(cwd, 'baseline.examples.jsonl', [
      { id: 'car-0', predicted: 'old answer' },
      { id: 'car-1', predicted: 'old answer' },
    ]);
    const { report, examples } = await runEvaluate(
      llmInputs(s, { 'judge-model': 'gpt-4o', 'baseline-outputs': 'baseline.examples.jsonl' }),
      cwd,
    );
    expect(examples.map((e) => e.assertions?.[0]?.score)).toEqual([0.5, 0.5]);
    expect(report?.metrics.pass_rate?.value).toBe(1);
    expect(s.requests.filter((r) => isJudge(r.body!))).toHaveLength(4);
  });

  it('gives per-slice pass rates', async () => {
    const s = await start();
    const { report } = await runEvaluate(
      llmInputs(s, { 'slice-by': 'origin', 'min-slice-size': '1' }),
      workspace(),
    );
    const japan = report?.body.slices?.find((x) => x.value === 'Japan');
    expect(japan?.metrics.pass_rate).toBe(1);
    const europe = report?.body.slices?.find((x) => x.value === 'Europe');
    const europeCars = cars.filter((c) => c.Origin === 'Europe');
    expect(europe?.n).toBe(europeCars.length);
    expect(europe?.metrics.pass_rate).toBeCloseTo(
      europeCars.filter((c) => c.Cylinders !== 4).length / europeCars.length,
      12,
    );
  });

  it('reads per-case assertions from the assert column', async () => {
    const s = await start();
    const cwd = tempWorkspace('mg-llm-');
    writeJsonl(cwd, 'cases.jsonl', [
      { id: 'a', name: cars[0]!.Name, assert: [{ type: 'equals', value: 'USA' }] },
      { id: 'b', name: cars[1]!.Name, assert: '[{"type": "contains", "value": "Japan"}]' },
    ]);
    writeFileSync(join(cwd, 'prompt.yaml'), PROMPT);
    const inputs = llmInputs(s);
    delete inputs.assertions;
    const { examples } = await runEvaluate(inputs, cwd);
    expect(examples.map((e) => [e.assertions?.[0]?.type, e.correct])).toEqual([
      ['equals', true],
      ['contains', false],
    ]);
  });

  it.each([
    [
      'a prompt field missing from the eval set',
      (cwd: string) => writeFileSync(join(cwd, 'prompt.yaml'), 'user: "{{model_year}}"'),
      /prompt\.yaml uses \{\{model_year\}\}, but the eval set cases\.jsonl has no column "model_year"/,
    ],
    [
      'an invalid regex',
      (cwd: string) =>
        writeFileSync(join(cwd, 'asserts.yaml'), '- type: regex\n  value: "(unclosed"\n'),
      /asserts\.yaml: Case "car-0": assertion 1 \(regex\): invalid regular expression/,
    ],
    [
      'an llm-rubric without a judge',
      (cwd: string) =>
        writeFileSync(join(cwd, 'asserts.yaml'), '- type: llm-rubric\n  value: polite\n'),
      /needs a judge model: set the `judge-model` input/,
    ],
    [
      'a field missing in an assertion value',
      (cwd: string) =>
        writeFileSync(join(cwd, 'asserts.yaml'), '- type: equals\n  value: "{{answer}}"\n'),
      /Case "car-0": .*uses \{\{answer\}\}, but the row has no field "answer"/,
    ],
  ])('fails before any request on %s', async (_name, breakIt, message) => {
    const s = await start();
    const cwd = workspace(cars.slice(0, 3));
    breakIt(cwd);
    const { io } = await runEvaluate(llmInputs(s), cwd);
    expect(io.failed).toMatch(message);
    expect(s.count()).toBe(0);
  });
});

describe('parseInputs, LLM mode', () => {
  const get = (inputs: Record<string, string>) => (name: string) => inputs[name] ?? '';
  const base = {
    provider: 'openai-compatible',
    'base-url': 'http://127.0.0.1:1/v1',
    model: 'm',
    dataset: 'd',
    prompt: 'p',
  };

  it('reads the LLM inputs with their defaults', () => {
    expect(parseInputs(get(base))).toMatchObject({
      mode: 'llm',
      server: { baseUrl: 'http://127.0.0.1:1/v1', model: 'm' },
      repeats: 1,
      concurrency: 8,
      retries: 3,
      timeoutMs: 60000,
      assertColumn: 'assert',
      params: {},
      judge: undefined,
    });
  });
  it('sends the judge to the same server and key unless told otherwise', () => {
    const inputs = parseInputs(get({ ...base, 'api-key': 'k', 'judge-model': 'j' }));
    expect(inputs.mode === 'llm' && inputs.judge).toEqual({
      baseUrl: 'http://127.0.0.1:1/v1',
      model: 'j',
      apiKey: 'k',
      apiVersion: undefined,
    });
  });
  it.each([
    [{ ...base, provider: 'anthropic' }, /Input 'provider' must be one of openai-compatible/],
    [{ ...base, 'base-url': 'localhost:8000' }, /Input 'base-url' must be an http\(s\) base URL/],
    [{ ...base, model: '' }, /Input 'model' is required/],
    [{ ...base, prompt: '' }, /Input 'prompt' is required/],
    [{ ...base, repeats: '0' }, /Input 'repeats' must be a whole number from 1 to 100/],
    [{ ...base, temperature: '3' }, /Input 'temperature' must be a number between 0 and 2/],
    [{ ...base, 'max-cost-usd': '0' }, /Input 'max-cost-usd' must be a positive amount of USD/],
    [{ ...base, 'judge-base-url': 'http://x/v1' }, /'judge-model' is required/],
    [{ ...base, endpoint: 'http://x' }, /cannot be combined with 'endpoint'/],
  ])('rejects %p', (inputs, message) => {
    expect(() => parseInputs(get(inputs))).toThrow(message);
  });
});

describe('loadCases', () => {
  it('keeps a Parquet INT64 label beyond 2^53 as its decimal text (DuckDB fixture)', async () => {
    // mixed-snappy.parquet (test/fixtures/data/make-parquet-fixtures.mjs): `big` of id 1 is
    // 9007199254740993 (2^53 + 1), read as a bigint, which the per-example JSONL cannot hold.
    const cwd = tempWorkspace('mg-llm-');
    copyFileSync('test/fixtures/data/parquet/mixed-snappy.parquet', join(cwd, 'cases.parquet'));
    writeFileSync(join(cwd, 'prompt.yaml'), 'user: "Say {{s}}"\n');
    const loaded = await loadCases({
      dataset: 'cases.parquet',
      idColumn: 'id',
      labelColumn: 'big',
      sliceBy: [],
      expectedSha256: undefined,
      shard: undefined,
      prompt: 'prompt.yaml',
      assertions: undefined,
      assertColumn: 'assert',
      hasJudge: false,
      cwd,
    });
    expect(loaded.cases[1]).toMatchObject({ id: '1', expected: '9007199254740993' });
    expect(loaded.cases[2]!.expected).toBe(2000);
    expect(() => JSON.stringify(loaded.cases.map((c) => c.expected))).not.toThrow();
  });
});

/** The time fields of a report or its rows (they differ between runs), removed at any depth. */
const TIME_FIELDS = /^(time|durationMs|latencyMs|latency_.*_ms)$/;
function withoutTimes(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(withoutTimes);
  if (value === null || typeof value !== 'object') return value;
  return Object.fromEntries(
    Object.entries(value)
      .filter(([key]) => !TIME_FIELDS.test(key))
      // The per-example file's hash covers its rows' latencies.
      .map(([key, v]) => [key, key === 'perExample' ? { ...v, sha256: '' } : withoutTimes(v)]),
  );
}
