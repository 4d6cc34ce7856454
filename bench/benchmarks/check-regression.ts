/**
 * check-regression's paired bootstrap: 10,000 resamples over 100,000 examples, for accuracy,
 * F1-macro and a continuous mean, each timed in-process (bench/workers/bootstrap.ts), side by
 * side with scipy.stats.bootstrap(paired=True) on the same data (bench/peers/bootstrap_scipy.py).
 * Target: under 2 s each.
 */
import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { Xoshiro128 } from '@modelgate/core';
import type { RowSpec } from '../harness/aggregate';
import { BENCH_DIR, CACHE, pythonPeer, tsWorker } from '../harness/benchmark';
import type { Benchmark, Job } from '../harness/benchmark';

const N = 100_000;
const RESAMPLES = 10_000;
const CLASSES = 10;
const target = [{ label: 'under 2 s', on: 'ms', op: '<', value: 2000 }] as const;
const CASES = [
  { case: 'accuracy (0/1 outcomes)', time: 'accuracyMs' },
  { case: `F1-macro (${CLASSES} classes)`, time: 'f1MacroMs' },
  { case: 'mean of a continuous score', time: 'meanMs' },
] as const;

/** The two runs' per-example data, written once as little-endian binaries for both tools. */
function prepare(dir: string): void {
  if (existsSync(join(dir, 'pred_b.u8'))) return;
  mkdirSync(dir, { recursive: true });
  const rng = new Xoshiro128(7, 'bench-data');
  const correctA = new Float64Array(N);
  const correctB = new Float64Array(N);
  for (let i = 0; i < N; i++) {
    const a = rng.nextFloat() < 0.85 ? 1 : 0;
    correctA[i] = a;
    correctB[i] = rng.nextFloat() < 0.9 ? a : 1 - a;
  }
  const truth = new Uint8Array(N);
  const predA = new Uint8Array(N);
  const predB = new Uint8Array(N);
  for (let i = 0; i < N; i++) {
    const y = rng.nextIndex(CLASSES);
    truth[i] = y;
    predA[i] = rng.nextFloat() < 0.8 ? y : rng.nextIndex(CLASSES);
    predB[i] = rng.nextFloat() < 0.82 ? y : rng.nextIndex(CLASSES);
  }
  const scoreA = new Float64Array(N);
  const scoreB = new Float64Array(N);
  for (let i = 0; i < N; i++) {
    scoreA[i] = rng.nextFloat();
    scoreB[i] = scoreA[i]! + (rng.nextFloat() - 0.45) * 0.1;
  }
  const files: [string, ArrayBufferView][] = [
    ['correct_a.f64', correctA],
    ['correct_b.f64', correctB],
    ['truth.u8', truth],
    ['pred_a.u8', predA],
    ['pred_b.u8', predB],
    ['score_a.f64', scoreA],
    ['score_b.f64', scoreB],
  ];
  for (const [name, data] of files) {
    writeFileSync(join(dir, name), new Uint8Array(data.buffer, data.byteOffset, data.byteLength));
  }
}

export const checkRegression: Benchmark = {
  name: 'check-regression',
  description: `paired bootstrap, ${RESAMPLES.toLocaleString('en-US')} resamples over ${N.toLocaleString('en-US')} examples (in-process time of each call), vs scipy.stats.bootstrap`,
  setup(ctx) {
    const dir = join(CACHE, 'check-regression');
    prepare(dir);
    const py = pythonPeer();
    const units = { count: RESAMPLES, name: 'resamples' };
    const rows: RowSpec[] = CASES.flatMap(({ case: name, time }) => [
      { case: name, tool: 'modelgate', time, units, peer: `${name}/scipy`, targets: target },
      { case: name, tool: 'scipy', time, units },
    ]);
    const jobs: Job[] = [
      {
        rows: CASES.map((c) => `${c.case}/modelgate`),
        spec: tsWorker(ctx.node, 'bootstrap.ts', [dir, String(RESAMPLES)]),
      },
      py.ok
        ? {
            rows: CASES.map((c) => `${c.case}/scipy`),
            spec: {
              command: 'python3',
              args: [join(BENCH_DIR, 'peers', 'bootstrap_scipy.py'), dir, String(RESAMPLES)],
            },
          }
        : { rows: CASES.map((c) => `${c.case}/scipy`), skipped: py.reason },
    ];
    return Promise.resolve({
      rows,
      jobs,
      notes: [
        'pairedMeanBootstrap / pairedLabelBootstrap (f1_macro) from @modelgate/core, timed inside one process per run (data loading and process start excluded); peak RSS is the worker process.',
        `Peer: scipy.stats.bootstrap(paired=True, vectorized=True, method='percentile', batch=50) on the same data (${py.ok ? py.version : `skipped: ${py.reason}`}), timed inside the Python process; macro F1 is computed for a batch of resamples at once with numpy (bench/peers/bootstrap_scipy.py). Both print their 95% intervals (…Low/…High in the run log), which agree within the Monte Carlo error of 10,000 resamples.`,
      ],
    });
  },
};
