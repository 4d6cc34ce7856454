/**
 * Cancelling a step, as the runner does on a cancelled job or a step past its timeout: SIGINT,
 * or SIGTERM, sent to the bundle's process mid-run. Every action must print one line naming the
 * signal, exit 128 + the signal's number, and leave no `*.tmp` file and no report written in
 * part; an in-flight model request is dropped with the process.
 *
 * Each action is caught where it waits: validate-data scanning a large generated CSV,
 * evaluate-model on a slow loopback model server (endpoint mode), writing its response cache
 * (LLM mode) and running its command (which must not outlive the step), check-regression, estimate-cost and pr-summary on a GitHub API and artifact service
 * that never answer.
 */
import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdtemp, readdir, readFile, writeFile } from 'node:fs/promises';
import { createServer } from 'node:http';
import type { Server, ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { mintRuntimeToken } from '../helpers/github-server';
import { startModelServer } from '../helpers/model-server';
import type { ModelServer } from '../helpers/model-server';
import { startOpenAIServer } from '../helpers/openai-server';
import type { OpenAIServer } from '../helpers/openai-server';
import { cleanupRuns, runBundle } from './harness';
import type { BundleResult, RunBundleOptions } from './harness';

type Signal = 'SIGINT' | 'SIGTERM';
const SIGNALS: readonly Signal[] = ['SIGINT', 'SIGTERM'];
const EXIT: Record<Signal, number> = { SIGINT: 130, SIGTERM: 143 };

/** Every file under `dir`, relative, recursively. */
async function filesUnder(dir: string): Promise<string[]> {
  if (!existsSync(dir)) return [];
  const entries = await readdir(dir, { recursive: true, withFileTypes: true });
  return entries.filter((e) => e.isFile()).map((e) => join(e.parentPath, e.name));
}

/** What every cancelled step must show. */
async function expectCancelled(
  result: BundleResult,
  signal: Signal,
  reportPath: string | undefined,
): Promise<void> {
  const output = `${result.stdout}\n${result.stderr}`;
  expect(result.exitCode).toBe(EXIT[signal]);
  const lines = result.stdout.split('\n').filter((l) => l.startsWith('The step was cancelled'));
  expect(lines).toHaveLength(1);
  expect(lines[0]).toMatch(
    new RegExp(
      `^The step was cancelled by ${signal}: it stopped before finishing and left no partial report`,
    ),
  );
  expect(output).not.toMatch(/Internal error|\n\s+at .+:\d+:\d+\)?\n/);
  const leftovers = [
    ...(await filesUnder(result.workspace)),
    ...(await filesUnder(result.runnerTemp)),
  ].filter((f) => f.endsWith('.tmp'));
  expect(leftovers).toEqual([]);
  // No report at all, or a whole one: a report is only renamed into place once complete.
  if (reportPath !== undefined && existsSync(join(result.workspace, reportPath))) {
    JSON.parse(await readFile(join(result.workspace, reportPath), 'utf8'));
  }
}

/** Sends `signal` to the process once `ready` says so (checked on stdout and every 10 ms). */
function signalWhen(
  signal: Signal,
  ready: (stdout: string) => boolean,
): NonNullable<RunBundleOptions['onSpawn']> {
  return (child) => {
    let stdout = '';
    let sent = false;
    const check = () => {
      if (sent || !ready(stdout)) return;
      sent = true;
      clearInterval(timer);
      child.kill(signal);
    };
    const timer = setInterval(check, 10);
    child.stdout?.on('data', (chunk: Buffer) => {
      stdout += chunk.toString('utf8');
      check();
    });
    child.on('exit', () => clearInterval(timer));
  };
}

/** Whether a process whose command line contains `text` is running. */
function running(text: string): boolean {
  try {
    execFileSync('pgrep', ['-f', text]);
    return true;
  } catch {
    return false;
  }
}

/** A server that takes every request and never answers: a GitHub API that hangs. */
async function startHangingServer(): Promise<{
  url: string;
  requests: () => number;
  close(): Promise<void>;
}> {
  const held: ServerResponse[] = [];
  let requests = 0;
  const server: Server = createServer((_req, res) => {
    requests++;
    held.push(res);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    requests: () => requests,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

describe('a cancelled step', () => {
  let model: ModelServer;
  let openai: OpenAIServer;
  let api: Awaited<ReturnType<typeof startHangingServer>>;
  let dataDir: string;
  let evaluation: string;

  beforeAll(async () => {
    // Every reply takes 300 ms.
    model = await startModelServer(() => ({ body: { label: 'ham' }, delayMs: 300 }));
    openai = await startOpenAIServer({ latencyMs: 5 });
    api = await startHangingServer();
    dataDir = await mkdtemp(join(tmpdir(), 'mg-e2e-cancel-'));
    // 1.5 million rows (≈ 30 MB): seconds of scanning, far longer than the wait for the signal.
    const rows: string[] = ['id,x,y,label'];
    for (let i = 0; i < 1_500_000; i++)
      rows.push(`${i},${(i * 7) % 1000},${i % 13},${i % 2 ? 'a' : 'b'}`);
    await writeFile(join(dataDir, 'big.csv'), `${rows.join('\n')}\n`);
    await writeFile(join(dataDir, 'ref.csv'), `${rows.slice(0, 2000).join('\n')}\n`);
    // A real evaluation report for the steps that read one (from the evaluate-model bundle).
    const eval1 = await runBundle('evaluate-model', {
      inputs: {
        dataset: 'eval.jsonl',
        predictions: 'preds.jsonl',
        'label-column': 'label',
        'report-path': 'evaluation.json',
      },
      cwd: await workspaceWith({
        'eval.jsonl': [0, 1, 2, 3].map((i) => ({ id: `e${i}`, label: i % 2 ? 'a' : 'b' })),
        'preds.jsonl': [0, 1, 2, 3].map((i) => ({ id: `e${i}`, predicted: 'a' })),
      }),
    });
    if (eval1.exitCode !== 0) throw new Error(`${eval1.stdout}\n${eval1.stderr}`);
    evaluation = await readFile(join(eval1.workspace, 'evaluation.json'), 'utf8');
  }, 120_000);
  afterAll(async () => {
    await model.close();
    await openai.close();
    await api.close();
    await cleanupRuns();
  });

  async function workspaceWith(files: Record<string, unknown[] | string>): Promise<string> {
    const dir = await mkdtemp(join(tmpdir(), 'mg-e2e-cancel-ws-'));
    for (const [name, content] of Object.entries(files)) {
      await writeFile(
        join(dir, name),
        typeof content === 'string'
          ? content
          : content.map((r) => JSON.stringify(r)).join('\n') + '\n',
      );
    }
    return dir;
  }

  describe.each(SIGNALS)('by %s', (signal) => {
    it('validate-data, while it scans a large file', async () => {
      const cwd = await workspaceWith({});
      await writeFile(join(cwd, 'big.csv'), await readFile(join(dataDir, 'big.csv')));
      await writeFile(join(cwd, 'ref.csv'), await readFile(join(dataDir, 'ref.csv')));
      const result = await runBundle('validate-data', {
        inputs: { data: 'big.csv', reference: 'ref.csv', 'report-path': 'validation.json' },
        cwd,
        onSpawn: signalWhen(signal, (out) => out.includes('Read the reference')),
      });
      await expectCancelled(result, signal, 'validation.json');
      expect(existsSync(join(cwd, 'validation.json'))).toBe(false);
    });

    it('evaluate-model, with requests in flight to a slow model server', async () => {
      const cwd = await workspaceWith({
        'eval.jsonl': Array.from({ length: 200 }, (_, i) => ({
          id: `e${i}`,
          text: `t${i}`,
          label: 'ham',
        })),
      });
      const before = model.requests.length;
      const result = await runBundle('evaluate-model', {
        inputs: {
          dataset: 'eval.jsonl',
          endpoint: model.url,
          'response-path': 'label',
          concurrency: '4',
          'report-path': 'out/evaluation.json',
        },
        cwd,
        onSpawn: signalWhen(signal, () => model.requests.length - before >= 6),
      });
      await expectCancelled(result, signal, 'out/evaluation.json');
      expect(existsSync(join(cwd, 'out', 'evaluation.json'))).toBe(false);
      // The requests stopped with the process: none came after it exited.
      const sent = model.requests.length - before;
      await new Promise((resolve) => setTimeout(resolve, 400));
      expect(model.requests.length - before).toBe(sent);
      expect(sent).toBeLessThan(20);
    });

    it('evaluate-model, with its command (and what the command started) running', async () => {
      // A unique sleep, so that pgrep finds this one only.
      const marker = `sleep 31.${process.pid}${signal === 'SIGINT' ? 2 : 15}`;
      const cwd = await workspaceWith({
        'eval.jsonl': [0, 1].map((i) => ({ id: `e${i}`, label: 'a' })),
      });
      const result = await runBundle('evaluate-model', {
        inputs: {
          dataset: 'eval.jsonl',
          command: `${marker}; echo '"a"'; echo '"a"'`,
          'report-path': 'evaluation.json',
        },
        cwd,
        onSpawn: signalWhen(signal, () => running(marker)),
      });
      await expectCancelled(result, signal, 'evaluation.json');
      await new Promise((resolve) => setTimeout(resolve, 200));
      expect(running(marker)).toBe(false);
    });

    it('evaluate-model, while it writes its response cache (LLM mode)', async () => {
      const cwd = await workspaceWith({
        'cases.jsonl': Array.from({ length: 3000 }, (_, i) => ({
          id: `c${i}`,
          q: `question ${i}`,
        })),
        'prompt.yaml': 'user: "{{q}}"\n',
      });
      const before = openai.count();
      const result = await runBundle('evaluate-model', {
        inputs: {
          provider: 'openai-compatible',
          'base-url': openai.baseUrl,
          model: 'gpt-4o-mini',
          'api-key': 'sk-e2e',
          dataset: 'cases.jsonl',
          prompt: 'prompt.yaml',
          'cache-dir': '.cache',
          concurrency: '16',
          'report-path': 'evaluation.json',
        },
        cwd,
        onSpawn: signalWhen(signal, () => openai.count() - before >= 300),
      });
      await expectCancelled(result, signal, 'evaluation.json');
      expect(existsSync(join(cwd, 'evaluation.json'))).toBe(false);
    });

    it.each<[string, Record<string, string>, string | undefined]>([
      [
        'check-regression',
        {
          candidate: 'evaluation.json',
          'baseline-artifact': 'evaluation',
          'report-path': 'step-report.json',
        },
        'step-report.json',
      ],
      [
        'estimate-cost',
        {
          model: 'gpt-4o-mini',
          'monthly-requests': '1000',
          'avg-input-tokens': '500',
          'avg-output-tokens': '100',
          'baseline-artifact': 'cost',
          'report-path': 'step-report.json',
        },
        'step-report.json',
      ],
      ['pr-summary', { reports: 'evaluation.json', 'pr-number': '1' }, undefined],
    ])('%s, waiting on the GitHub API', async (action, inputs, reportPath) => {
      const cwd = await workspaceWith({ 'evaluation.json': evaluation });
      const before = api.requests();
      const result = await runBundle(action, {
        inputs,
        cwd,
        // The REST API and the artifact (results) service both hang.
        env: {
          GITHUB_API_URL: api.url,
          ACTIONS_RESULTS_URL: `${api.url}/`,
          ACTIONS_RUNTIME_TOKEN: mintRuntimeToken('run-backend-1', 'job-backend-1'),
        },
        onSpawn: signalWhen(signal, () => api.requests() > before),
      });
      await expectCancelled(result, signal, reportPath);
    });
  });
});
