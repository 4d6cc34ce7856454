import { readFileSync } from 'node:fs';
import { describe, expect, it } from '@jest/globals';
import { openDataset, type CellValue } from '@modelgate/data';
import { collect, FIXTURES } from './collect';

// Rows as DuckDB wrote them: test/fixtures/data/make-parquet-fixtures.mjs.
const expected = JSON.parse(readFileSync(`${FIXTURES}/parquet/mixed.expected.json`, 'utf8')) as {
  rows: {
    id: number;
    x: string | null;
    s: string | null;
    big: string;
    flag: boolean | null;
    d: string;
    tags: string[] | null;
  }[];
};

const normalise = (row: Record<string, CellValue>): Record<string, unknown> => ({
  id: row.id,
  x: row.x === null ? null : Number(row.x),
  s: row.s,
  big: typeof row.big === 'bigint' || typeof row.big === 'number' ? row.big.toString() : row.big,
  flag: row.flag,
  d: (row.d as Date).toISOString().slice(0, 10),
  tags: row.tags === null ? null : (row.tags as number[]).map(Number),
});

/** Row `i` as make-parquet-fixtures.mjs defines it. */
function formula(i: number): Record<string, unknown> {
  return {
    id: i,
    x: i % 7 === 0 ? null : i * 0.5,
    s: i % 5 === 0 ? null : `cat${i % 3}`,
    big: i === 1 ? '9007199254740993' : String(i * 1000),
    flag: i % 4 === 0 ? null : i % 2 === 0,
    d: new Date(Date.UTC(2020, 0, 1 + i)).toISOString().slice(0, 10),
    tags: i % 6 === 0 ? null : [i, i + 1],
  };
}

const ROWS = 5000;
const want = Array.from({ length: ROWS }, (_, i) => formula(i));

describe('Parquet written by DuckDB', () => {
  it('has fixtures whose sample rows match the formula', () => {
    expect(expected.rows.length).toBeGreaterThan(50);
    for (const row of expected.rows) {
      expect({
        ...row,
        x: row.x === null ? null : Number(row.x),
        tags: row.tags === null ? null : row.tags.map(Number),
      }).toEqual(formula(row.id));
    }
  });

  it.each(['snappy', 'gzip', 'zstd', 'brotli', 'lz4', 'v2'])(
    'reads the %s file: nulls, decimals, dictionary strings, booleans, dates, lists, 3 row groups',
    async (codec) => {
      const got = await collect(`${FIXTURES}/parquet/mixed-${codec}.parquet`, { batchRows: 1000 });
      expect(got.columns).toEqual(['id', 'x', 's', 'big', 'flag', 'd', 'tags']);
      expect(got.rows.map(normalise)).toEqual(want);
      expect(got.lines.slice(0, 2)).toEqual([1, 2]);
      expect(got.lines.at(-1)).toBe(ROWS);
      // Row groups of 2048, 2048 and 904 rows: no batch spans two.
      expect(got.firstRows).toEqual([0, 1000, 2000, 2048, 3048, 4048, 4096]);
    },
  );

  it('gives INT64 as numbers when exact and as bigint beyond 2^53', async () => {
    const got = await collect(`${FIXTURES}/parquet/mixed-zstd.parquet`, { columns: ['big'] });
    expect(got.rows[0]!.big).toBe(0);
    expect(got.rows[1]!.big).toBe(9007199254740993n);
    expect(got.rows[2]!.big).toBe(2000);
  });

  it('knows the row count and columns before reading', async () => {
    const dataset = await openDataset(`${FIXTURES}/parquet/mixed-*.parquet`, { columns: ['s'] });
    expect(dataset.info.rowsHint).toBe(6 * ROWS);
    expect(dataset.info.columns).toEqual(['s']);
  });
});
