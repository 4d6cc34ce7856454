/**
 * Worker of bench/benchmarks/check-regression.ts: check-regression's paired bootstrap, 10,000
 * resamples over 100,000 examples, for accuracy (0/1 outcomes), F1-macro (10 classes) and the
 * mean of a continuous score. Prints `BENCH_RESULT {accuracyMs, f1MacroMs, meanMs}`: the time of
 * each call, in-process, data generation excluded.
 */
import { pairedF1MacroBootstrap, pairedMeanBootstrap, Xoshiro128 } from '@modelgate/core';

const N = Number(process.argv[2] ?? 100_000);
const RESAMPLES = Number(process.argv[3] ?? 10_000);
const rng = new Xoshiro128(7, 'bench-data');

const correctA = new Float64Array(N);
const correctB = new Float64Array(N);
for (let i = 0; i < N; i++) {
  const a = rng.nextFloat() < 0.85 ? 1 : 0;
  correctA[i] = a;
  correctB[i] = rng.nextFloat() < 0.9 ? a : 1 - a;
}
const labels = Array.from({ length: 10 }, (_, k) => `class-${k}`);
const truth: string[] = [];
const predA: string[] = [];
const predB: string[] = [];
for (let i = 0; i < N; i++) {
  const y = labels[rng.nextIndex(10)]!;
  truth.push(y);
  predA.push(rng.nextFloat() < 0.8 ? y : labels[rng.nextIndex(10)]!);
  predB.push(rng.nextFloat() < 0.82 ? y : labels[rng.nextIndex(10)]!);
}
const scoreA = new Float64Array(N);
const scoreB = new Float64Array(N);
for (let i = 0; i < N; i++) {
  scoreA[i] = rng.nextFloat();
  scoreB[i] = scoreA[i]! + (rng.nextFloat() - 0.45) * 0.1;
}

const options = { resamples: RESAMPLES, seed: 42, alpha: 0.05 };
function time(fn: () => { method: string; ci: { lower: number; upper: number } }): number {
  const t0 = performance.now();
  const r = fn();
  const ms = performance.now() - t0;
  if (!(r.ci.lower <= r.ci.upper)) throw new Error('the bootstrap returned no interval');
  return ms;
}
const accuracyMs = time(() =>
  pairedMeanBootstrap(correctA, correctB, { ...options, label: 'accuracy' }),
);
const f1MacroMs = time(() =>
  pairedF1MacroBootstrap(truth, predA, predB, { ...options, label: 'f1_macro' }),
);
const meanMs = time(() => pairedMeanBootstrap(scoreA, scoreB, { ...options, label: 'score' }));
process.stdout.write(`BENCH_RESULT ${JSON.stringify({ accuracyMs, f1MacroMs, meanMs })}\n`);
