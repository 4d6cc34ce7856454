/**
 * Read throughput of @modelgate/data on vega-datasets' flights-3m.parquet (3 million rows, ZSTD)
 * and on its CSV form (written once to bench/.cache/ by this script's own CSV writer).
 *
 *   npx tsx bench/data-read.ts            # both, each in a fresh process
 *   npx tsx bench/data-read.ts parquet    # one case in this process
 *
 * Prints rows/s, wall time, peak RSS (getrusage) and the peak heap seen between batches. Every
 * value is touched (a checksum) so that nothing is optimised away. Not a test: numbers vary with
 * the machine.
 */
import { spawnSync } from 'node:child_process';
import { createWriteStream, existsSync, mkdirSync, renameSync, statSync } from 'node:fs';
import { once } from 'node:events';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { openDataset, type CellValue } from '@modelgate/data';

const here = dirname(fileURLToPath(import.meta.url));
const PARQUET = join(here, '..', 'node_modules/vega-datasets/data/flights-3m.parquet');
const CACHE = join(here, '.cache');
const CSV = join(CACHE, 'flights-3m.csv');

async function ensureCsv(): Promise<void> {
  if (existsSync(CSV)) return;
  mkdirSync(CACHE, { recursive: true });
  const tmp = `${CSV}.tmp`;
  const out = createWriteStream(tmp);
  const dataset = await openDataset(PARQUET);
  out.write(`${dataset.info.columns.join(',')}\n`);
  for await (const batch of dataset.batches()) {
    const columns = [...batch.columns.values()];
    const lines: string[] = [];
    for (let i = 0; i < batch.rows; i++)
      lines.push(columns.map((c) => csvCell(c[i] ?? null)).join(','));
    if (!out.write(`${lines.join('\n')}\n`)) await once(out, 'drain');
  }
  out.end();
  await once(out, 'finish');
  renameSync(tmp, CSV);
}

function csvCell(value: CellValue): string {
  if (value === null) return '';
  if (value instanceof Date) return value.toISOString();
  const text = typeof value === 'object' ? JSON.stringify(value) : String(value);
  return /[",\n\r]/.test(text) ? `"${text.replaceAll('"', '""')}"` : text;
}

async function runCase(name: string, path: string): Promise<void> {
  let peakHeap = 0;
  let checksum = 0;
  const start = performance.now();
  const dataset = await openDataset(path);
  for await (const batch of dataset.batches()) {
    for (const cells of batch.columns.values()) {
      for (let i = 0; i < cells.length; i++) {
        const v = cells[i];
        if (v !== null)
          checksum += typeof v === 'number' ? 1 : typeof v === 'string' ? v.length & 1 : 2;
      }
    }
    peakHeap = Math.max(peakHeap, process.memoryUsage().heapUsed);
  }
  const seconds = (performance.now() - start) / 1000;
  const rows = dataset.counts.rows;
  const maxRssMb = process.resourceUsage().maxRSS / 1024;
  const fileMb = statSync(path).size / 1e6;
  console.log(
    `${name.padEnd(8)} ${rows} rows in ${seconds.toFixed(2)} s = ${Math.round(rows / seconds).toLocaleString('en-US')} rows/s; ` +
      `file ${fileMb.toFixed(1)} MB; peak RSS ${maxRssMb.toFixed(0)} MB; peak heap ${(peakHeap / 1e6).toFixed(0)} MB (checksum ${checksum})`,
  );
}

const which = process.argv[2];
if (which === 'parquet') await runCase('parquet', PARQUET);
else if (which === 'csv') await runCase('csv', CSV);
else {
  await ensureCsv();
  console.log(`node ${process.version}; flights-3m: 3,000,000 rows x 5 columns`);
  for (const name of ['parquet', 'csv']) {
    const child = spawnSync(
      process.execPath,
      [...process.execArgv, fileURLToPath(import.meta.url), name],
      {
        stdio: 'inherit',
      },
    );
    if (child.status !== 0) process.exitCode = 1;
  }
}
