/**
 * evaluate-model in predictions-file mode: 250,000 synthetic examples (eval set JSONL and
 * predictions JSONL with class probabilities and latency, 3 classes, 2 slice columns). Measured
 * two ways: in-process (bench/workers/evaluate-predictions.ts: `run` timed inside the process,
 * start excluded; first run and a second, JIT-warm run) and the whole bundle (`node
 * dist/evaluate-model/index.js`, spawn to exit). Target: at least 200,000 examples/s.
 *
 * Peer: pandas + scikit-learn doing the same job (bench/peers/evaluate_predictions_pandas.py),
 * timed inside the script (against the in-process first run) and spawn to exit (against the
 * bundle). Skipped, with the reason, when python3 lacks pandas, scipy or scikit-learn.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { RowSpec } from '../harness/aggregate';
import { actionEnv, BENCH_DIR, bundle, CACHE, pythonPeer, tsWorker } from '../harness/benchmark';
import type { Benchmark, Job } from '../harness/benchmark';
import type { ChildSpec } from '../harness/measure';

const N = 250_000;

/** The eval set and predictions, written once (deterministic LCG, same data as before). */
function prepare(dir: string): void {
  mkdirSync(dir, { recursive: true });
  if (existsSync(join(dir, 'preds.jsonl'))) return;
  const labels = ['cat', 'dog', 'bird'];
  let seed = 12345;
  const rand = (): number => (seed = (Math.imul(seed, 1103515245) + 12345) >>> 0) / 2 ** 32;
  const evalLines: string[] = [];
  const predLines: string[] = [];
  for (let i = 0; i < N; i++) {
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
    predLines.push(
      JSON.stringify({
        id: `ex-${i}`,
        prediction: labels[t],
        probabilities: { cat: p[0]! / s, dog: p[1]! / s, bird: p[2]! / s },
        latency_ms: Math.round(5 + rand() * 50),
      }),
    );
  }
  writeFileSync(join(dir, 'eval.jsonl'), `${evalLines.join('\n')}\n`);
  writeFileSync(join(dir, 'preds.jsonl'), `${predLines.join('\n')}\n`);
}

const target = [{ label: '≥ 200k examples/s', on: 'rate', op: '>=', value: 200_000 }] as const;

export const PANDAS_PEER = join(BENCH_DIR, 'peers', 'evaluate_predictions_pandas.py');
const PEER = 'pandas + scikit-learn';

/** pythonPeer() (pandas, scipy), and scikit-learn too; or why not. */
function sklearnPeer(): { ok: true; version: string } | { ok: false; reason: string } {
  const py = pythonPeer();
  if (!py.ok) return py;
  const r = spawnSync('python3', ['-c', 'import sklearn; print(sklearn.__version__)'], {
    encoding: 'utf8',
  });
  if (r.status !== 0)
    return {
      ok: false,
      reason: `python3 -c 'import sklearn' failed: ${r.stderr.trim().split('\n').at(-1)}`,
    };
  return { ok: true, version: `${py.version}, scikit-learn ${r.stdout.trim()}` };
}

/** The peer on the same files; it must print its results with the same accuracy's n. */
function pandasRun(dir: string): ChildSpec {
  return {
    command: 'python3',
    args: [
      PANDAS_PEER,
      join(dir, 'eval.jsonl'),
      join(dir, 'preds.jsonl'),
      join(dir, 'peer-out'),
      'region,device',
    ],
    verify: (stdout) => {
      const r = JSON.parse(stdout.split('\n')[0] ?? '') as {
        result?: { accuracy?: number; examples?: { evaluated?: number } };
      };
      if (r.result?.accuracy === undefined || r.result.examples?.evaluated !== N)
        throw new Error('the peer printed no accuracy over every example');
    },
  };
}

export const evaluatePredictions: Benchmark = {
  name: 'evaluate-predictions',
  description: `evaluate-model predictions-file mode, ${N.toLocaleString('en-US')} examples, 3 classes with probabilities, 2 slice columns`,
  setup(ctx) {
    const dir = join(CACHE, 'evaluate-predictions');
    prepare(dir);
    const units = { count: N, name: 'examples' };
    const py = sklearnPeer();
    const rows: RowSpec[] = [
      {
        case: 'in-process, first run',
        tool: 'modelgate',
        time: 'firstMs',
        units,
        peer: `in-process, first run/${PEER}`,
        targets: target,
      },
      { case: 'in-process, warm run', tool: 'modelgate', time: 'secondMs', units, targets: target },
      {
        case: 'in-process, first run',
        tool: PEER,
        time: 'inScriptMs',
        units,
        note: 'inside the script: interpreter start and imports excluded',
      },
      {
        case: 'whole bundle run',
        tool: 'modelgate',
        time: 'wall',
        units,
        peer: `whole bundle run/${PEER}`,
        targets: target,
        note: 'node dist/evaluate-model/index.js, spawn to exit: process start and bundle load included',
      },
      {
        case: 'whole bundle run',
        tool: PEER,
        time: 'wall',
        units,
        note: 'python3 bench/peers/evaluate_predictions_pandas.py, spawn to exit',
      },
    ];
    const peerRows = [`in-process, first run/${PEER}`, `whole bundle run/${PEER}`];
    const peerJob: Job = py.ok
      ? { rows: peerRows, spec: pandasRun(dir) }
      : { rows: peerRows, skipped: py.reason };
    const report = join(dir, 'bundle-out', 'evaluation.json');
    const { env, reset } = actionEnv(
      {
        dataset: 'eval.jsonl',
        predictions: 'preds.jsonl',
        'slice-by': 'region,device',
        'report-path': report,
      },
      join(dir, 'bundle-run'),
    );
    return Promise.resolve({
      rows,
      jobs: [
        {
          rows: ['in-process, first run/modelgate', 'in-process, warm run/modelgate'],
          spec: tsWorker(ctx.node, 'evaluate-predictions.ts', [dir]),
        },
        {
          rows: ['whole bundle run/modelgate'],
          spec: {
            command: ctx.node,
            args: [bundle('evaluate-model')],
            env,
            cwd: dir,
            before: reset,
            verify: () => {
              const r = JSON.parse(readFileSync(report, 'utf8')) as {
                metrics: Record<string, { n?: number }>;
              };
              if (r.metrics.accuracy === undefined) throw new Error('no accuracy in the report');
            },
          },
        },
        peerJob,
      ],
      notes: [
        'in-process rows: actions/evaluate-model `run` timed inside a tsx worker (hash and read both files, match ids, all metrics and slices, write the report and per-example JSONL); process start and module loading excluded. The first run includes JIT warm-up; the warm run is a second call in the same process.',
        'whole bundle run: the ncc bundle as the runner runs it, spawn to exit (≈0.1 s of it is Node start and bundle load, see cold-start).',
        `Peer: bench/peers/evaluate_predictions_pandas.py (${py.ok ? py.version : `skipped: ${py.reason}`}): the same files and job (sha256 of both inputs, read both JSONL, merge on id, accuracy, balanced accuracy, precision/recall/F1 macro/micro/weighted, confusion matrix, ROC AUC OvR macro, log loss, ECE, latency percentiles, per-slice accuracy/balanced accuracy/F1 macro/error rate for region and device, per-example JSONL and its sha256). Its in-process row is the time inside the script; its bundle row is spawn to exit.`,
      ],
    });
  },
};
