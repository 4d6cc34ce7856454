/**
 * check-regression's paired bootstrap: 10,000 resamples over 100,000 examples, for accuracy,
 * F1-macro and a continuous mean, each timed in-process (bench/workers/bootstrap.ts). Target:
 * under 2 s each.
 */
import type { RowSpec } from '../harness/aggregate';
import { tsWorker } from '../harness/benchmark';
import type { Benchmark } from '../harness/benchmark';

const N = 100_000;
const RESAMPLES = 10_000;
const target = [{ label: 'under 2 s', on: 'ms', op: '<', value: 2000 }] as const;

export const checkRegression: Benchmark = {
  name: 'check-regression',
  description: `paired bootstrap, ${RESAMPLES.toLocaleString('en-US')} resamples over ${N.toLocaleString('en-US')} examples (in-process time of each call)`,
  setup(ctx) {
    const units = { count: RESAMPLES, name: 'resamples' };
    const rows: RowSpec[] = [
      {
        case: 'accuracy (0/1 outcomes)',
        tool: 'modelgate',
        time: 'accuracyMs',
        units,
        targets: target,
      },
      {
        case: 'F1-macro (10 classes)',
        tool: 'modelgate',
        time: 'f1MacroMs',
        units,
        targets: target,
      },
      {
        case: 'mean of a continuous score',
        tool: 'modelgate',
        time: 'meanMs',
        units,
        targets: target,
      },
    ];
    return Promise.resolve({
      rows,
      jobs: [
        {
          rows: rows.map((r) => `${r.case}/${r.tool}`),
          spec: tsWorker(ctx.node, 'bootstrap.ts', [String(N), String(RESAMPLES)]),
        },
      ],
      notes: [
        'pairedMeanBootstrap / pairedF1MacroBootstrap from @modelgate/core, timed inside one process per run (data generation and process start excluded); peak RSS is the worker process.',
      ],
    });
  },
};
