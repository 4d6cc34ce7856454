/**
 * The flights-3m data of the validate-data benchmarks, prepared once into bench/.cache/harness:
 * the CSV form of vega-datasets' flights-3m.parquet (3,000,000 real rows), its first half (the
 * reference) and second half (the data), and each half repeated k times for the memory scaling.
 */
import { once } from 'node:events';
import {
  copyFileSync,
  createWriteStream,
  existsSync,
  mkdirSync,
  readFileSync,
  renameSync,
  statSync,
} from 'node:fs';
import { join } from 'node:path';
import { openDataset } from '@modelgate/data';
import type { CellValue } from '@modelgate/data';
import { BENCH_DIR, CACHE, ROOT } from './benchmark';

export const FLIGHTS_PARQUET = join(ROOT, 'node_modules/vega-datasets/data/flights-3m.parquet');
export const FLIGHTS_ROWS = 3_000_000;
const HALF = FLIGHTS_ROWS / 2;

function csvCell(value: CellValue): string {
  if (value === null) return '';
  if (value instanceof Date) return value.toISOString();
  const text = typeof value === 'object' ? JSON.stringify(value) : String(value);
  return /[",\n\r]/.test(text) ? `"${text.replaceAll('"', '""')}"` : text;
}

async function writeLines(path: string, chunks: AsyncIterable<string> | Iterable<string>) {
  const out = createWriteStream(`${path}.tmp`);
  for await (const chunk of chunks) if (!out.write(chunk)) await once(out, 'drain');
  out.end();
  await once(out, 'finish');
  renameSync(`${path}.tmp`, path);
}

/** flights-3m as CSV (ISO dates), written once by modelgate's own Parquet reader. */
export async function flightsCsv(log: (l: string) => void): Promise<string> {
  mkdirSync(CACHE, { recursive: true });
  const path = join(CACHE, 'flights-3m.csv');
  if (existsSync(path)) return path;
  // bench/data-read.ts writes the same file with the same code; reuse it when it is there.
  const other = join(BENCH_DIR, '.cache', 'flights-3m.csv');
  if (existsSync(other)) {
    copyFileSync(other, path);
    return path;
  }
  log(`writing ${path} from flights-3m.parquet (once)`);
  const dataset = await openDataset(FLIGHTS_PARQUET);
  async function* lines(): AsyncGenerator<string> {
    yield `${dataset.info.columns.join(',')}\n`;
    for await (const batch of dataset.batches()) {
      const columns = [...batch.columns.values()];
      const rows: string[] = [];
      for (let i = 0; i < batch.rows; i++)
        rows.push(columns.map((c) => csvCell(c[i] ?? null)).join(','));
      yield `${rows.join('\n')}\n`;
    }
  }
  await writeLines(path, lines());
  return path;
}

/**
 * The reference (rows 1 to 1.5M) and the data (rows 1.5M to 3M) of flights-3m.csv, each
 * repeated `scale` times; `rows` counts both files' rows.
 */
export async function flightsHalves(
  scale: number,
  log: (l: string) => void,
): Promise<{ ref: string; cur: string; rows: number; bytes: number }> {
  const dir = join(CACHE, 'flights-halves');
  mkdirSync(dir, { recursive: true });
  const ref = join(dir, `flights-ref-${scale}x.csv`);
  const cur = join(dir, `flights-cur-${scale}x.csv`);
  const ref1 = join(dir, 'flights-ref-1x.csv');
  const cur1 = join(dir, 'flights-cur-1x.csv');
  if (!existsSync(ref1) || !existsSync(cur1)) {
    const text = readFileSync(await flightsCsv(log), 'utf8');
    let at = text.indexOf('\n') + 1;
    const header = text.slice(0, at);
    for (let i = 0; i < HALF; i++) at = text.indexOf('\n', at) + 1;
    await writeLines(ref1, [header, text.slice(header.length, at)]);
    await writeLines(cur1, [header, text.slice(at)]);
  }
  for (const [out, one] of [
    [ref, ref1],
    [cur, cur1],
  ] as const) {
    if (existsSync(out)) continue;
    log(`writing ${out} (${scale}× the rows, once)`);
    const text = readFileSync(one, 'utf8');
    const at = text.indexOf('\n') + 1;
    const body = text.slice(at);
    await writeLines(out, [text.slice(0, at), ...Array.from({ length: scale }, () => body)]);
  }
  const bytes = statSync(ref).size + statSync(cur).size;
  return { ref, cur, rows: FLIGHTS_ROWS * scale, bytes };
}
