/**
 * validate-data against pandas + scipy on vega-datasets' flights-3m (3,000,000 real rows):
 * reference = the first half of the rows, data = the second half, at 1×, 3× and 10× the rows
 * (each half's rows repeated), in CSV; and the Parquet file itself (data = reference = all rows).
 *
 *   npx tsx bench/validate-data.ts          # all scales (10× writes ~1.2 GB of CSV to bench/.cache)
 *   npx tsx bench/validate-data.ts 1 3      # only these scales
 *
 * Runs the bundled action (dist/validate-data) as the runner does, with the schema
 * bench/validate-data.schema.yml, and bench/peers/validate_data_pandas.py with the same checks,
 * each in a fresh process; prints wall time, rows per second (both files' rows) and peak RSS
 * (getrusage). Not a test: numbers vary with the machine.
 */
import { spawnSync } from 'node:child_process';
import { once } from 'node:events';
import {
  createReadStream,
  createWriteStream,
  existsSync,
  mkdirSync,
  readFileSync,
  renameSync,
  writeFileSync,
} from 'node:fs';
import { dirname, join } from 'node:path';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';

const here = dirname(fileURLToPath(import.meta.url));
const root = join(here, '..');
const CACHE = join(here, '.cache', 'validate-data');
const FLIGHTS_CSV = join(here, '.cache', 'flights-3m.csv');
const PARQUET = join(root, 'node_modules/vega-datasets/data/flights-3m.parquet');
const SCHEMA = join(here, 'validate-data.schema.yml');
const ACTION = join(root, 'dist/validate-data/index.js');
const HALF = 1_500_000;

/** The first and second half of flights-3m.csv, each repeated `scale` times. */
async function ensureHalves(scale: number): Promise<{ ref: string; cur: string; rows: number }> {
  mkdirSync(CACHE, { recursive: true });
  const ref = join(CACHE, `flights-ref-${scale}x.csv`);
  const cur = join(CACHE, `flights-cur-${scale}x.csv`);
  if (!existsSync(FLIGHTS_CSV)) {
    const made = spawnSync(
      process.execPath,
      [...process.execArgv, join(here, 'data-read.ts'), '--prepare-only'],
      { stdio: 'inherit' },
    );
    if (made.status !== 0 || !existsSync(FLIGHTS_CSV))
      throw new Error(`run npx tsx bench/data-read.ts first to write ${FLIGHTS_CSV}`);
  }
  if (!existsSync(ref) || !existsSync(cur)) {
    const lines = createInterface({ input: createReadStream(FLIGHTS_CSV), crlfDelay: Infinity });
    let header = '';
    const halves: string[][] = [[], []];
    let i = -1;
    for await (const line of lines) {
      if (i === -1) header = line;
      else halves[i < HALF ? 0 : 1]!.push(line);
      i++;
    }
    for (const [path, rows] of [
      [ref, halves[0]!],
      [cur, halves[1]!],
    ] as const) {
      const out = createWriteStream(`${path}.tmp`);
      out.write(`${header}\n`);
      const body = `${rows.join('\n')}\n`;
      for (let k = 0; k < scale; k++) if (!out.write(body)) await once(out, 'drain');
      out.end();
      await once(out, 'finish');
      renameSync(`${path}.tmp`, path);
    }
  }
  return { ref, cur, rows: 2 * HALF * scale };
}

interface Run {
  seconds: number;
  maxRssMb: number;
  detail: string;
}

/** A module that prints the process's peak RSS (KiB) to stderr at exit, preloaded with --import. */
function maxRssHook(): string {
  const path = join(CACHE, 'maxrss-hook.mjs');
  writeFileSync(
    path,
    "process.on('exit', () => process.stderr.write(`MAXRSS ${process.resourceUsage().maxRSS}\\n`));\n",
  );
  return path;
}

function runAction(ref: string, cur: string): Run {
  const out = join(CACHE, 'github-output.txt');
  writeFileSync(out, '');
  const report = join(CACHE, 'report.json');
  const start = performance.now();
  const child = spawnSync(process.execPath, [ACTION], {
    env: {
      PATH: process.env.PATH,
      INPUT_DATA: cur,
      INPUT_REFERENCE: ref,
      INPUT_SCHEMA: SCHEMA,
      'INPUT_REPORT-PATH': report,
      'INPUT_FAIL-ON': 'none',
      GITHUB_OUTPUT: out,
      NODE_OPTIONS: `--import=${maxRssHook()}`,
    },
    encoding: 'utf8',
    maxBuffer: 64 * 1024 * 1024,
  });
  const seconds = (performance.now() - start) / 1000;
  const rss = /MAXRSS (\d+)/.exec(child.stderr)?.[1];
  if (rss === undefined)
    throw new Error(`the action did not finish:\n${child.stdout}\n${child.stderr}`);
  const r = JSON.parse(readFileSync(report, 'utf8')) as {
    body: {
      columns: {
        name: string;
        drift?: { method: string; statistic: number; approximate: boolean };
      }[];
      violations: { total: number };
      duplicates?: { rows: number; approximate?: boolean };
    };
  };
  const drift = r.body.columns
    .filter((c) => c.drift)
    .map(
      (c) =>
        `${c.name} ${c.drift!.method} ${c.drift!.statistic.toFixed(4)}${c.drift!.approximate ? '≈' : ''}`,
    )
    .join(', ');
  const dup = r.body.duplicates
    ? `, duplicate rows ${r.body.duplicates.approximate ? '≥' : ''}${r.body.duplicates.rows}`
    : '';
  return {
    seconds,
    maxRssMb: Number(rss) / 1024,
    detail: `${drift}; violations ${r.body.violations.total}${dup}`,
  };
}

function runPandas(ref: string, cur: string): Run {
  const start = performance.now();
  const child = spawnSync('python3', [join(here, 'peers', 'validate_data_pandas.py'), ref, cur], {
    encoding: 'utf8',
    maxBuffer: 64 * 1024 * 1024,
  });
  const wall = (performance.now() - start) / 1000;
  if (child.status !== 0) throw new Error(`pandas peer failed:\n${child.stderr}`);
  const r = JSON.parse(child.stdout) as {
    maxrss_mb: number;
    result: { drift: Record<string, number>; data: { duplicate_rows: number; violations: number } };
  };
  const drift = Object.entries(r.result.drift)
    .map(([k, v]) => `${k} ${v.toFixed(4)}`)
    .join(', ');
  return {
    seconds: wall,
    maxRssMb: r.maxrss_mb,
    detail: `${drift}; violations ${r.result.data.violations}, duplicate rows ${r.result.data.duplicate_rows}`,
  };
}

function line(tool: string, rows: number, run: Run): string {
  const rate = Math.round(rows / run.seconds).toLocaleString('en-US');
  return `  ${tool.padEnd(15)} ${run.seconds.toFixed(1).padStart(6)} s  ${rate.padStart(11)} rows/s  peak RSS ${run.maxRssMb.toFixed(0).padStart(5)} MB   ${run.detail}`;
}

if (!existsSync(ACTION))
  throw new Error('bundle the action first: node scripts/bundle.mjs validate-data');
const scales = process.argv
  .slice(2)
  .map(Number)
  .filter((n) => n > 0);
console.log(
  `node ${process.version}; flights-3m CSV halves (reference = rows 1-1.5M, data = rows 1.5M-3M), repeated`,
);
for (const scale of scales.length > 0 ? scales : [1, 3, 10]) {
  const { ref, cur, rows } = await ensureHalves(scale);
  console.log(`${scale}x: ${rows.toLocaleString('en-US')} rows in two CSV files`);
  console.log(line('validate-data', rows, runAction(ref, cur)));
  console.log(line('pandas + scipy', rows, runPandas(ref, cur)));
}
console.log('Parquet (ZSTD): data = reference = flights-3m.parquet');
console.log(line('validate-data', 6_000_000, runAction(PARQUET, PARQUET)));
