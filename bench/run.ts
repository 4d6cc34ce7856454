/**
 * `npm run bench [-- <filter>...] [--runs N] [--no-write]`: runs each benchmark of
 * bench/benchmarks/ side by side with its peer, every run a fresh child process measured by GNU
 * time (wall and peak RSS), rounds interleaved (modelgate, peer, modelgate, peer, …) so that a
 * change in the machine's load hits both; prints the medians, writes bench/results/<name>.json
 * and refreshes the results section of bench/README.md from every results file.
 *
 * A filter that is a benchmark's name selects it (`npm run bench -- validate-data`); any other
 * filter selects the benchmarks whose name contains it (`npm run bench -- evaluate`).
 */
import { mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { aggregate, benchmarkResult, markdownTable, rowId, textTable } from './harness/aggregate';
import type { BenchmarkResult, Sample } from './harness/aggregate';
import {
  BENCH_DIR,
  bundleNotes,
  CACHE,
  nodeBinaries,
  nodeVersion,
  pythonPeer,
} from './harness/benchmark';
import type { Benchmark, Context } from './harness/benchmark';
import { loadAverage, machineInfo, measure, RunFailed } from './harness/measure';
import { checkRegression } from './benchmarks/check-regression';
import { coldStart } from './benchmarks/cold-start';
import { evaluateEndpoint } from './benchmarks/evaluate-endpoint';
import { evaluateLlm } from './benchmarks/evaluate-llm';
import { evaluatePredictions } from './benchmarks/evaluate-predictions';
import { validateData } from './benchmarks/validate-data';
import { validateDataScaling } from './benchmarks/validate-data-scaling';

const BENCHMARKS: readonly Benchmark[] = [
  validateData,
  validateDataScaling,
  evaluatePredictions,
  evaluateEndpoint,
  evaluateLlm,
  checkRegression,
  coldStart,
];

const RESULTS = join(BENCH_DIR, 'results');
const README = join(BENCH_DIR, 'README.md');

function parseArgs(argv: readonly string[]): { filters: string[]; runs: number; write: boolean } {
  const filters: string[] = [];
  let runs = Number(process.env.BENCH_RUNS ?? 5);
  let write = true;
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i]!;
    if (a === '--runs') runs = Number(argv[++i]);
    else if (a.startsWith('--runs=')) runs = Number(a.slice('--runs='.length));
    else if (a === '--no-write') write = false;
    else if (a === '--list') {
      for (const b of BENCHMARKS) process.stdout.write(`${b.name}: ${b.description}\n`);
      process.exit(0);
    } else filters.push(a);
  }
  if (!Number.isInteger(runs) || runs < 1)
    throw new Error(`--runs must be a positive integer, got ${runs}`);
  return { filters, runs, write };
}

async function runBenchmark(b: Benchmark, ctx: Context): Promise<BenchmarkResult> {
  const before = loadAverage();
  const takenAt = new Date().toISOString();
  ctx.log(`\n== ${b.name} (load ${before.join(' ')}): ${b.description}`);
  const plan = await b.setup(ctx);
  const samples = new Map<string, Sample[]>();
  // The bundles this benchmark's jobs run, by the sha256 of the snapshot measured.
  const actions = plan.jobs.flatMap((j) =>
    'spec' in j ? j.spec.args.flatMap((a) => /\/dist\/([^/]+)\/index\.js$/.exec(a)?.[1] ?? []) : [],
  );
  const notes = [...plan.notes, ...bundleNotes(actions)];

  for (const r of plan.rows) samples.set(rowId(r), []);
  const failed = new Set<number>();
  try {
    for (const job of plan.jobs) {
      if ('fixed' in job) for (const id of job.rows) samples.get(id)?.push(job.fixed);
      if ('skipped' in job) {
        notes.push(`${job.rows.join(', ')}: skipped: ${job.skipped}`);
        ctx.log(`  ${job.rows.join(', ')}: skipped: ${job.skipped}`);
      }
    }
    for (let round = 1; round <= ctx.runs; round++) {
      for (const [j, job] of plan.jobs.entries()) {
        if (!('spec' in job) || failed.has(j) || round > (job.runs ?? ctx.runs)) continue;
        try {
          const s = await measure(job.spec, join(CACHE, 'time', b.name));
          for (const id of job.rows) samples.get(id)?.push(s);
          const extra = Object.entries(s.metrics)
            .map(
              ([k, v]) =>
                `${k}=${Math.abs(v) >= 100 ? Math.round(v * 10) / 10 : Number(v.toPrecision(4))}`,
            )
            .join(' ');
          ctx.log(
            `  run ${round} ${job.rows.join(', ')}: ${(s.wallMs / 1000).toFixed(2)} s, ` +
              `peak RSS ${((s.peakRssKb ?? 0) / 1024).toFixed(0)} MB ${extra}`,
          );
        } catch (e) {
          if (!(e instanceof RunFailed)) throw e;
          failed.add(j);
          for (const id of job.rows) samples.set(id, []);
          const msg = `${job.rows.join(', ')}: failed: ${e.message.trim().slice(0, 1500)}`;
          notes.push(msg);
          ctx.log(`  ${msg}`);
        }
      }
    }
  } finally {
    await plan.teardown?.();
  }
  const rows = aggregate(plan.rows, samples);
  const python = pythonPeer();
  const versions: Record<string, string> = { node20: nodeVersion(ctx.node20) };
  if (ctx.node24) versions.node24 = nodeVersion(ctx.node24);
  return benchmarkResult(
    {
      benchmark: b.name,
      description: b.description,
      takenAt,
      runsRequested: ctx.runs,
      machine: machineInfo(versions, python.ok ? python.version : null),
      loadAverage: { before, after: loadAverage() },
      notes,
    },
    rows,
  );
}

/** Replaces the generated part of bench/README.md with the table of every results file. */
function refreshReadme(): void {
  let text: string;
  try {
    text = readFileSync(README, 'utf8');
  } catch {
    return;
  }
  const start = '<!-- results:start -->';
  const end = '<!-- results:end -->';
  const a = text.indexOf(start);
  const z = text.indexOf(end);
  if (a < 0 || z < a) return;
  const order = BENCHMARKS.map((b) => b.name);
  const results = readdirSync(RESULTS)
    .filter((f) => f.endsWith('.json'))
    .map((f) => JSON.parse(readFileSync(join(RESULTS, f), 'utf8')) as BenchmarkResult)
    .sort((x, y) => order.indexOf(x.benchmark) - order.indexOf(y.benchmark));
  const m = results[0]?.machine;
  const lines = [
    start,
    '',
    markdownTable(results),
    '',
    ...(m
      ? [
          `Machine: ${m.cpu}, ${m.cores} cores, ${m.memoryGb} GB RAM, ${m.os}; ${Object.entries(
            m.nodeVersions,
          )
            .map(([k, v]) => `${k} ${v}`)
            .join(', ')}; ${m.python ?? 'no Python peer'}.`,
          '',
        ]
      : []),
    '| benchmark | taken at (UTC) | runs | load average before → after (1, 5, 15 min) |',
    '|---|---|---|---|',
    ...results.map(
      (r) =>
        `| ${r.benchmark} | ${r.takenAt.slice(0, 16).replace('T', ' ')} | ${r.runsRequested} | ${r.loadAverage.before.join(' ')} → ${r.loadAverage.after.join(' ')} |`,
    ),
    '',
    '**Notes recorded with the results**',
    '',
    ...results.flatMap((r) => r.notes.map((n) => `- ${r.benchmark}: ${n.split('\n')[0]}`)),
    '',
    end,
  ];
  writeFileSync(README, text.slice(0, a) + lines.join('\n') + text.slice(z + end.length));
}

async function main(): Promise<void> {
  const { filters, runs, write } = parseArgs(process.argv.slice(2));
  // A filter that names a benchmark exactly selects it alone; otherwise it matches substrings.
  const selected = BENCHMARKS.filter(
    (b) =>
      filters.length === 0 ||
      filters.some((f) =>
        BENCHMARKS.some((x) => x.name === f) ? b.name === f : b.name.includes(f),
      ),
  );
  if (selected.length === 0)
    throw new Error(
      `no benchmark matches ${filters.join(', ')}; the benchmarks are: ${BENCHMARKS.map((b) => b.name).join(', ')}`,
    );
  const { node20, node24 } = nodeBinaries();
  const ctx: Context = {
    runs,
    node: node24 ?? node20,
    node20,
    node24,
    log: (line) => process.stdout.write(`${line}\n`),
  };
  const results: BenchmarkResult[] = [];
  for (const b of selected) {
    const r = await runBenchmark(b, ctx);
    results.push(r);
    if (write) {
      mkdirSync(RESULTS, { recursive: true });
      writeFileSync(join(RESULTS, `${b.name}.json`), `${JSON.stringify(r, null, 2)}\n`);
    }
    process.stdout.write(`\n${textTable([r])}\n`);
    const load = r.loadAverage.after[0] ?? 0;
    if (load > 2)
      process.stdout.write(
        `note: load average ${load} on ${r.machine.cores} cores: the machine is shared and busy, times are inflated\n`,
      );
  }
  if (write) refreshReadme();
  if (results.length > 1) process.stdout.write(`\n${textTable(results)}\n`);
}

try {
  await main();
} catch (e) {
  // A usage or setup error (a bad filter, a missing bundle or GNU time): the message, no stack.
  process.stderr.write(`bench: ${e instanceof Error ? e.message : String(e)}\n`);
  process.exitCode = 1;
}
