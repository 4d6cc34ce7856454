/**
 * validate-data on flights-3m (3,000,000 real rows) against a pandas + scipy script doing the
 * same schema and drift checks (bench/peers/validate_data_pandas.py): reference = the first half
 * of the rows, data = the second half, in CSV, for both tools. On Parquet, modelgate runs alone:
 * Debian's pandas has neither pyarrow nor fastparquet, so pandas cannot read Parquet here.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { RowSpec } from '../harness/aggregate';
import { actionEnv, BENCH_DIR, bundle, CACHE, pythonPeer } from '../harness/benchmark';
import type { Benchmark, Job } from '../harness/benchmark';
import type { ChildSpec } from '../harness/measure';
import { FLIGHTS_PARQUET, FLIGHTS_ROWS, flightsHalves } from '../harness/flights';

export const SCHEMA = join(BENCH_DIR, 'validate-data.schema.yml');
export const PANDAS_PEER = join(BENCH_DIR, 'peers', 'validate_data_pandas.py');

/** The bundled action on (reference, data), as the runner runs it; the report must be written. */
export function validateDataRun(node: string, ref: string, cur: string, tag: string): ChildSpec {
  const dir = join(CACHE, 'runs', `validate-data-${tag}`);
  const report = join(dir, 'data-validation.json');
  const { env, reset } = actionEnv(
    { data: cur, reference: ref, schema: SCHEMA, 'report-path': report, 'fail-on': 'none' },
    dir,
  );
  return {
    command: node,
    args: [bundle('validate-data')],
    env,
    cwd: dir,
    before: reset,
    verify: () => {
      const r = JSON.parse(readFileSync(report, 'utf8')) as {
        body: { columns: { drift?: unknown }[] };
      };
      if (!r.body.columns.some((c) => c.drift !== undefined))
        throw new Error('the report has no drift result');
    },
  };
}

export function pandasRun(ref: string, cur: string): ChildSpec {
  return {
    command: 'python3',
    args: [PANDAS_PEER, ref, cur],
    verify: (stdout) => {
      const r = JSON.parse(stdout) as { result?: { drift?: unknown } };
      if (r.result?.drift === undefined) throw new Error('the peer printed no drift result');
    },
  };
}

export const validateData: Benchmark = {
  name: 'validate-data',
  description:
    'validate-data (bundle) vs pandas + scipy on flights-3m: schema checks, reference checks and drift, reference = rows 1-1.5M, data = rows 1.5M-3M',
  async setup(ctx) {
    const { ref, cur, rows } = await flightsHalves(1, ctx.log);
    const py = pythonPeer();
    const units = { count: rows, name: 'rows' };
    const specs: RowSpec[] = [
      {
        case: 'flights-3m CSV',
        tool: 'modelgate',
        time: 'wall',
        units,
        peer: 'flights-3m CSV/pandas + scipy',
        targets: [
          { label: 'at least as fast as pandas + scipy', on: 'time-ratio', op: '<=', value: 1 },
        ],
      },
      { case: 'flights-3m CSV', tool: 'pandas + scipy', time: 'wall', units },
      {
        case: 'flights-3m Parquet',
        tool: 'modelgate',
        time: 'wall',
        units: { count: 2 * FLIGHTS_ROWS, name: 'rows' },
        note: 'data = reference = flights-3m.parquet (6M rows read); no peer: Debian pandas has no pyarrow/fastparquet',
      },
    ];
    const jobs: Job[] = [
      { rows: ['flights-3m CSV/modelgate'], spec: validateDataRun(ctx.node, ref, cur, 'csv') },
      py.ok
        ? { rows: ['flights-3m CSV/pandas + scipy'], spec: pandasRun(ref, cur) }
        : { rows: ['flights-3m CSV/pandas + scipy'], skipped: py.reason },
      {
        rows: ['flights-3m Parquet/modelgate'],
        spec: validateDataRun(ctx.node, FLIGHTS_PARQUET, FLIGHTS_PARQUET, 'parquet'),
      },
    ];
    return {
      rows: specs,
      jobs,
      notes: [
        `Peer: bench/peers/validate_data_pandas.py (${py.ok ? py.version : `skipped: ${py.reason}`}), the schema of bench/validate-data.schema.yml, the same reference checks and Evidently's default drift tests (normed Wasserstein, Jensen-Shannon).`,
        'Wall time is the whole process (start, read both files, checks, report); rate = rows of both files / median wall.',
        'Parquet: modelgate alone. Debian has no pyarrow or fastparquet, so pandas cannot read Parquet on this machine; like is compared with like only in CSV.',
      ],
    };
  },
};
