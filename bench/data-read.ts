/**
 * Read throughput of @modelgate/data on vega-datasets' flights-3m.parquet (3 million rows, ZSTD)
 * and on its CSV form (written once to bench/.cache/ by this script's own CSV writer).
 *
 *   npx tsx bench/data-read.ts            # both, each in a fresh process
 *   npx tsx bench/data-read.ts parquet    # one case in this process (or csv)
 *   node --expose-gc --import tsx bench/data-read.ts memory   # live heap: streaming vs all rows
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

/** Live heap: after a full collection when the process runs with --expose-gc. */
function liveHeap(): number {
  (globalThis as { gc?: () => void }).gc?.();
  return process.memoryUsage().heapUsed;
}

/** The heap that holding every decoded batch at once takes: the size a non-streaming read needs. */
async function materialised(path: string): Promise<void> {
  const before = liveHeap();
  const kept: unknown[] = [];
  const dataset = await openDataset(path);
  for await (const batch of dataset.batches()) kept.push(batch);
  const held = liveHeap() - before;
  console.log(
    `all-rows ${kept.length} batches held at once: live heap ${(held / 1e6).toFixed(0)} MB`,
  );
}

async function runCase(name: string, path: string): Promise<void> {
  let peakHeap = 0;
  let peakLive = 0;
  let batches = 0;
  let checksum = 0;
  const start = performance.now();
  const cpuStart = process.cpuUsage();
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
    // Sampling the live heap costs a full GC: every 8th batch, outside the timed figure's spirit
    // but inside its clock, so it is only done when asked for (--expose-gc).
    if (++batches % 8 === 0 && 'gc' in globalThis) peakLive = Math.max(peakLive, liveHeap());
  }
  const seconds = (performance.now() - start) / 1000;
  const cpu = process.cpuUsage(cpuStart);
  const cpuSeconds = (cpu.user + cpu.system) / 1e6;
  const rows = dataset.counts.rows;
  const maxRssMb = process.resourceUsage().maxRSS / 1024;
  const fileMb = statSync(path).size / 1e6;
  console.log(
    `${name.padEnd(8)} ${rows} rows in ${seconds.toFixed(2)} s = ${Math.round(rows / seconds).toLocaleString('en-US')} rows/s ` +
      `(CPU ${cpuSeconds.toFixed(2)} s, the figure to trust on a busy machine); ` +
      `file ${fileMb.toFixed(1)} MB; peak RSS ${maxRssMb.toFixed(0)} MB; peak heap ${(peakHeap / 1e6).toFixed(0)} MB` +
      (peakLive > 0 ? `; peak live heap ${(peakLive / 1e6).toFixed(0)} MB` : '') +
      ` (checksum ${checksum})`,
  );
}

const which = process.argv[2];
if (which === 'parquet') await runCase('parquet', PARQUET);
else if (which === 'csv') await runCase('csv', CSV);
else if (which === 'memory') {
  // Run with --expose-gc: live heap while streaming vs holding everything.
  await runCase('parquet', PARQUET);
  await materialised(PARQUET);
} else {
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
