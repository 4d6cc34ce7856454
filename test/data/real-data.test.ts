import { readFileSync } from 'node:fs';
import { describe, expect, it } from '@jest/globals';
import { openDataset, parseNumber, type CellValue } from '@modelgate/data';
import { collect, FIXTURES, VEGA } from './collect';

interface Expected {
  rows: number;
  columns: string[];
  sums: Record<string, number>;
  nulls: Record<string, number>;
  first: Record<string, unknown>;
  last: Record<string, unknown>;
  weatherCounts?: Record<string, number>;
}

// Computed with pandas by test/fixtures/data/make-expected.py.
const expected = JSON.parse(readFileSync(`${FIXTURES}/expected.json`, 'utf8')) as Record<
  string,
  Expected
>;
// Computed with DuckDB by test/fixtures/data/make-expected-parquet.mjs.
const parquet = JSON.parse(readFileSync(`${FIXTURES}/expected-parquet.json`, 'utf8')) as {
  rows: number;
  sums: { delay: number; distance: number; dateEpochSeconds: number };
  nonNull: Record<string, number>;
  originDistinct: number;
  first: ParquetRow[];
  last: ParquetRow[];
  row1000000: ParquetRow;
};
interface ParquetRow {
  date_epoch_ms: number;
  delay: number;
  distance: number;
  origin: string;
  destination: string;
}

const asNumber = (v: CellValue): number | null =>
  v === null
    ? null
    : typeof v === 'number'
      ? v
      : typeof v === 'string'
        ? (parseNumber(v) ?? NaN)
        : NaN;

function checkAgainstPandas(
  name: string,
  rows: Record<string, CellValue>[],
  columns: readonly string[],
): void {
  const want = expected[name]!;
  expect(rows).toHaveLength(want.rows);
  expect(columns).toEqual(want.columns);
  for (const [column, sum] of Object.entries(want.sums)) {
    let total = 0;
    for (const row of rows) total += asNumber(row[column] ?? null) ?? 0;
    expect(total).toBeCloseTo(sum, 6);
  }
  for (const [column, nulls] of Object.entries(want.nulls)) {
    expect(rows.filter((row) => row[column] === null).length).toBe(nulls);
  }
  for (const [row, values] of [
    [rows[0]!, want.first],
    [rows.at(-1)!, want.last],
  ] as const) {
    for (const [column, value] of Object.entries(values)) {
      const cell = row[column] ?? null;
      if (typeof value === 'number') expect(asNumber(cell)).toBeCloseTo(value, 9);
      else expect(cell).toEqual(value);
    }
  }
}

describe('real data, checked against pandas', () => {
  it('reads seattle-weather.csv', async () => {
    const got = await collect(`${VEGA}/seattle-weather.csv`);
    checkAgainstPandas('seattle-weather.csv', got.rows, got.columns);
    const counts: Record<string, number> = {};
    for (const row of got.rows)
      counts[row.weather as string] = (counts[row.weather as string] ?? 0) + 1;
    expect(counts).toEqual(expected['seattle-weather.csv']!.weatherCounts);
    expect(got.lines.at(-1)).toBe(1462);
  });

  it('reads unemployment.tsv', async () => {
    const got = await collect(`${VEGA}/unemployment.tsv`);
    checkAgainstPandas('unemployment.tsv', got.rows, got.columns);
  });

  it('reads penguins.json, a pretty-printed array, with nulls and element lines', async () => {
    const got = await collect(`${VEGA}/penguins.json`);
    checkAgainstPandas('penguins.json', got.rows, got.columns);
    expect(got.lines.slice(0, 2)).toEqual([2, 11]);
  });

  it('reads flights-200k.json, a one-line array of 200,000 objects', async () => {
    const got = await collect(`${VEGA}/flights-200k.json`, { batchRows: 50_000 });
    checkAgainstPandas('flights-200k.json', got.rows, got.columns);
    expect(got.firstRows).toEqual([0, 50_000, 100_000, 150_000]);
  });
});

describe('flights-3m.parquet (ZSTD), checked against DuckDB', () => {
  it('streams 3 million rows row group by row group with the right values', async () => {
    const dataset = await openDataset(`${VEGA}/flights-3m.parquet`);
    expect(dataset.info).toMatchObject({
      format: 'parquet',
      typed: true,
      rowsHint: parquet.rows,
      columns: ['date', 'delay', 'distance', 'origin', 'destination'],
    });
    let delay = 0;
    let distance = 0;
    let dateSeconds = 0;
    const nonNull: Record<string, number> = {};
    const origins = new Set<CellValue>();
    const firstRows: ParquetRow[] = [];
    let lastRows: ParquetRow[] = [];
    let row1000000: ParquetRow | undefined;
    let batches = 0;
    let nextRow = 0;
    for await (const batch of dataset.batches()) {
      batches++;
      expect(batch.firstRow).toBe(nextRow);
      expect(batch.rows).toBeLessThanOrEqual(65_536);
      nextRow += batch.rows;
      const col = (name: string): readonly CellValue[] => batch.columns.get(name)!;
      for (const name of batch.columns.keys()) {
        nonNull[name] = (nonNull[name] ?? 0) + col(name).filter((v) => v !== null).length;
      }
      for (const v of col('delay')) delay += v as number;
      for (const v of col('distance')) distance += v as number;
      for (const v of col('date')) dateSeconds += Math.floor((v as Date).getTime() / 1000);
      for (const v of col('origin')) origins.add(v);
      const rowAt = (i: number): ParquetRow => ({
        date_epoch_ms: (col('date')[i] as Date).getTime(),
        delay: col('delay')[i] as number,
        distance: col('distance')[i] as number,
        origin: col('origin')[i] as string,
        destination: col('destination')[i] as string,
      });
      for (let i = 0; firstRows.length < 3 && i < batch.rows; i++) firstRows.push(rowAt(i));
      lastRows = [
        ...lastRows,
        ...[0, 1, 2]
          .map((k) => batch.rows - 3 + k)
          .filter((i) => i >= 0)
          .map(rowAt),
      ].slice(-3);
      if (1_000_000 >= batch.firstRow && 1_000_000 < batch.firstRow + batch.rows) {
        row1000000 = rowAt(1_000_000 - batch.firstRow);
        expect(batch.lineOf(1_000_000 - batch.firstRow)).toBeGreaterThan(0);
      }
    }
    expect(nextRow).toBe(parquet.rows);
    expect(dataset.counts).toEqual({ rows: parquet.rows, skipped: 0 });
    expect(batches).toBeGreaterThanOrEqual(11);
    expect(delay).toBe(parquet.sums.delay);
    expect(distance).toBe(parquet.sums.distance);
    expect(dateSeconds).toBe(parquet.sums.dateEpochSeconds);
    expect(nonNull).toEqual(parquet.nonNull);
    expect(origins.size).toBe(parquet.originDistinct);
    expect(firstRows).toEqual(parquet.first);
    expect(lastRows).toEqual(parquet.last);
    expect(row1000000).toEqual(parquet.row1000000);
  });

  it('reads only the projected columns, in the order asked', async () => {
    const dataset = await openDataset(`${VEGA}/flights-3m.parquet`, {
      columns: ['origin', 'delay'],
      batchRows: 100_000,
    });
    expect(dataset.info.columns).toEqual(['origin', 'delay']);
    const iterator = dataset.batches()[Symbol.asyncIterator]();
    const { value: batch } = await iterator.next();
    await iterator.return?.();
    expect([...batch!.columns.keys()]).toEqual(['origin', 'delay']);
    expect(batch!.columns.get('delay')!.slice(0, 3)).toEqual(parquet.first.map((r) => r.delay));
    expect(batch!.lineOf(5)).toBe(6);
  });

  it('names a projected column the file lacks, and a file that is not Parquet', async () => {
    await expect(openDataset(`${VEGA}/flights-3m.parquet`, { columns: ['nope'] })).rejects.toThrow(
      /no column "nope"/,
    );
    await expect(openDataset(`${FIXTURES}/quoted.csv`, { format: 'parquet' })).rejects.toThrow(
      /quoted\.csv is not a readable Parquet file/,
    );
  });
});
