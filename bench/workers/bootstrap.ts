/**
 * Worker of bench/benchmarks/check-regression.ts: check-regression's paired bootstrap over the
 * data in <dir> (written by the benchmark, read by the scipy peer too), <resamples> resamples,
 * for accuracy (0/1 outcomes), F1-macro (10 classes) and the mean of a continuous score. Prints
 * `BENCH_RESULT {accuracyMs, accuracyLow, accuracyHigh, …}`: the time of each call, in-process, data
 * loading excluded, and each interval (to compare with the peer's).
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { pairedLabelBootstrap, pairedMeanBootstrap } from '@modelgate/core';

const [dir, resamplesArg] = process.argv.slice(2);
if (dir === undefined) throw new Error('usage: bootstrap.ts <dir> [resamples]');
const RESAMPLES = Number(resamplesArg ?? 10_000);

const f64 = (name: string): Float64Array => {
  const bytes = readFileSync(join(dir, name));
  return new Float64Array(bytes.buffer, bytes.byteOffset, bytes.byteLength / 8);
};
const labels = (name: string): string[] =>
  Array.from(readFileSync(join(dir, name)), (k) => `class-${k}`);
const correctA = f64('correct_a.f64');
const correctB = f64('correct_b.f64');
const scoreA = f64('score_a.f64');
const scoreB = f64('score_b.f64');
const truth = labels('truth.u8');
const predA = labels('pred_a.u8');
const predB = labels('pred_b.u8');

const options = { resamples: RESAMPLES, seed: 42, alpha: 0.05 };
const result: Record<string, number> = {};
function time(
  name: string,
  fn: () => { method: string; ci: { lower: number; upper: number } },
): void {
  const t0 = performance.now();
  const r = fn();
  result[`${name}Ms`] = performance.now() - t0;
  if (!(r.ci.lower <= r.ci.upper)) throw new Error('the bootstrap returned no interval');
  result[`${name}Low`] = r.ci.lower;
  result[`${name}High`] = r.ci.upper;
}
time('accuracy', () => pairedMeanBootstrap(correctA, correctB, { ...options, label: 'accuracy' }));
time('f1Macro', () =>
  pairedLabelBootstrap('f1_macro', truth, predA, predB, { ...options, label: 'f1_macro' }),
);
time('mean', () => pairedMeanBootstrap(scoreA, scoreB, { ...options, label: 'score' }));
process.stdout.write(`BENCH_RESULT ${JSON.stringify(result)}\n`);
