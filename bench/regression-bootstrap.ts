/**
 * Benchmark of check-regression's paired bootstrap: 10,000 resamples over 100,000 examples
 * (the target is under 2 s on the CI machine). Run: `npx tsx bench/regression-bootstrap.ts`.
 * Prints one line per case: the method (multinomial over distinct contributions, or index
 * resampling), the wall time, and the interval, so that a run can be checked by eye.
 */
import { pairedF1MacroBootstrap, pairedMeanBootstrap, Xoshiro128 } from '@modelgate/core';

const N = 100_000;
const RESAMPLES = 10_000;
const rng = new Xoshiro128(7, 'bench-data');

function time<T>(name: string, fn: () => T): T {
  const start = performance.now();
  const result = fn();
  const ms = performance.now() - start;
  const r = result as { method: string; delta: number; ci: { lower: number; upper: number } };
  process.stdout.write(
    `${name.padEnd(42)} ${r.method.padEnd(12)} ${ms.toFixed(0).padStart(6)} ms   delta ${r.delta.toFixed(5)}  CI [${r.ci.lower.toFixed(5)}, ${r.ci.upper.toFixed(5)}]\n`,
  );
  return result;
}

// Accuracy: 0/1 outcomes; the candidate keeps the baseline outcome 90% of the time, else flips it.
const correctA = new Float64Array(N);
const correctB = new Float64Array(N);
for (let i = 0; i < N; i++) {
  const a = rng.nextFloat() < 0.85 ? 1 : 0;
  correctA[i] = a;
  correctB[i] = rng.nextFloat() < 0.9 ? a : 1 - a;
}
// 10-class labels: predictions right 80% / 82% of the time.
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
// Continuous scores: all distinct.
const scoreA = new Float64Array(N);
const scoreB = new Float64Array(N);
for (let i = 0; i < N; i++) {
  scoreA[i] = rng.nextFloat();
  scoreB[i] = scoreA[i]! + (rng.nextFloat() - 0.45) * 0.1;
}

const options = { resamples: RESAMPLES, seed: 42, alpha: 0.05 };
process.stdout.write(
  `paired bootstrap, ${RESAMPLES} resamples x ${N} examples (node ${process.version})\n`,
);
time('accuracy (0/1 mean)', () =>
  pairedMeanBootstrap(correctA, correctB, { ...options, label: 'accuracy' }),
);
time('f1_macro (10 classes)', () =>
  pairedF1MacroBootstrap(truth, predA, predB, { ...options, label: 'f1_macro' }),
);
time('mean of continuous scores', () =>
  pairedMeanBootstrap(scoreA, scoreB, { ...options, label: 'score' }),
);
