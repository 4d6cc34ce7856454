/**
 * evaluate-model in predictions-file mode on synthetic data: 250,000 examples (eval set JSONL +
 * predictions JSONL with probabilities and latency, 3 classes, 2 slice columns), end to end
 * through the action's `run`: hash and read both files, match by id, score, write the report and
 * the per-example JSONL. Target: at least 200,000 examples/s.
 *
 *   npx tsx bench/evaluate-predictions.ts [examples]
 *
 * Prints the wall time and examples/s of each of 3 runs (the first includes JIT warm-up) and
 * the phase split of the last. Not a test: numbers vary with the machine.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { systemClock } from '@modelgate/models';
import { loadRunContext } from '@modelgate/runner';
import type { ActionsIO } from '@modelgate/runner';
import { run } from '../actions/evaluate-model/src/main';

const n = Number(process.argv[2] ?? 250_000);
const dir = mkdtempSync(join(tmpdir(), 'mg-bench-eval-'));
const labels = ['cat', 'dog', 'bird'];
let seed = 12345;
const rand = () => (seed = (Math.imul(seed, 1103515245) + 12345) >>> 0) / 2 ** 32;

const evalLines: string[] = [];
const predLines: string[] = [];
for (let i = 0; i < n; i++) {
  const label = labels[i % 3]!;
  evalLines.push(
    JSON.stringify({
      id: `ex-${i}`,
      region: `r${i % 7}`,
      device: i % 2 ? 'mobile' : 'desktop',
      label,
    }),
  );
  const p = [rand(), rand(), rand()];
  const t = i % 10 < 8 ? i % 3 : (i + 1) % 3;
  p[t]! += 1.5;
  const s = p[0]! + p[1]! + p[2]!;
  const probabilities = { cat: p[0]! / s, dog: p[1]! / s, bird: p[2]! / s };
  predLines.push(
    JSON.stringify({
      id: `ex-${i}`,
      prediction: labels[t],
      probabilities,
      latency_ms: Math.round(5 + rand() * 50),
    }),
  );
}
writeFileSync(join(dir, 'eval.jsonl'), evalLines.join('\n') + '\n');
writeFileSync(join(dir, 'preds.jsonl'), predLines.join('\n') + '\n');

const logs: string[] = [];
const io: ActionsIO = {
  getInput: (name) =>
    ({
      dataset: 'eval.jsonl',
      predictions: 'preds.jsonl',
      'slice-by': 'region,device',
      'report-path': 'out/evaluation.json',
    })[name] ?? '',
  setOutput: () => undefined,
  setFailed: (m) => {
    throw new Error(m);
  },
  setSecret: () => undefined,
  info: (m) => logs.push(m),
  debug: () => undefined,
  isDebug: () => false,
  warning: (m) => logs.push(m),
  error: (m) => logs.push(m),
  notice: () => undefined,
  group: (_n, fn) => fn(),
  appendSummary: () => Promise.resolve(),
};

for (let r = 1; r <= 3; r++) {
  const t0 = performance.now();
  await run({
    io,
    context: loadRunContext({}),
    artifacts: () => undefined,
    clock: systemClock,
    cwd: dir,
    env: {},
  });
  const seconds = (performance.now() - t0) / 1000;
  process.stdout.write(
    `run ${r}: ${n.toLocaleString('en-US')} examples in ${seconds.toFixed(3)} s = ${Math.round(n / seconds).toLocaleString('en-US')} examples/s\n`,
  );
}
process.stdout.write(`${logs[logs.length - 1]}\n`);
rmSync(dir, { recursive: true, force: true });
