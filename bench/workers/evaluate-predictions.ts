/**
 * Worker of bench/benchmarks/evaluate-predictions.ts: evaluate-model's `run` in predictions-file
 * mode on the eval set and predictions prepared in <dir>, twice in one process with a recording
 * ActionsIO (hash and read both files, match by id, score with slices, write the report and the
 * per-example JSONL). Prints `BENCH_RESULT {firstMs, secondMs}`: the first run includes the JIT
 * warm-up, the second does not; process start and module loading are excluded from both.
 */
import { systemClock } from '@modelgate/models';
import { loadRunContext } from '@modelgate/runner';
import type { ActionsIO } from '@modelgate/runner';
import { run } from '../../actions/evaluate-model/src/main';

const dir = process.argv[2];
if (dir === undefined) throw new Error('usage: evaluate-predictions.ts <dir>');
const inputs: Record<string, string> = {
  dataset: 'eval.jsonl',
  predictions: 'preds.jsonl',
  'slice-by': 'region,device',
  'report-path': 'out/evaluation.json',
};
const warnings: string[] = [];
const io: ActionsIO = {
  getInput: (name) => inputs[name] ?? '',
  setOutput: () => undefined,
  setFailed: (m) => {
    throw new Error(m);
  },
  setSecret: () => undefined,
  info: () => undefined,
  debug: () => undefined,
  isDebug: () => false,
  warning: (m) => warnings.push(m),
  error: (m) => warnings.push(m),
  notice: () => undefined,
  group: (_n, fn) => fn(),
  appendSummary: () => Promise.resolve(),
};
const times: number[] = [];
for (let r = 0; r < 2; r++) {
  const t0 = performance.now();
  await run({
    io,
    context: loadRunContext({}),
    artifacts: () => undefined,
    clock: systemClock,
    cwd: dir,
    env: {},
  });
  times.push(performance.now() - t0);
}
if (process.exitCode !== undefined && process.exitCode !== 0)
  throw new Error(`evaluate-model failed: ${warnings.join('\n')}`);
process.stdout.write(`BENCH_RESULT ${JSON.stringify({ firstMs: times[0], secondMs: times[1] })}\n`);
