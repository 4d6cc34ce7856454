import { mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from '@jest/globals';
import { readAllRows, readColumns } from '@modelgate/data';
import type { ReadAllRowsOptions } from '@modelgate/data';
import { FIXTURES, VEGA } from './collect';

/** readColumns must give what readAllRows gives, column by column. */
async function expectSameAsRows(path: string, options: ReadAllRowsOptions = {}): Promise<void> {
  const rows = await readAllRows(path, options);
  const table = await readColumns(path, options);
  expect(table.columns).toEqual(rows.columns);
  expect(table.rows).toBe(rows.rows.length);
  expect(table.counts).toEqual(rows.counts);
  for (const name of table.columns) {
    expect(table.column(name)).toEqual(rows.rows.map((r) => r.values[name]));
  }
  expect(rows.rows.map((_, i) => [table.fileOf(i), table.lineOf(i)])).toEqual(
    rows.rows.map((r) => [r.file, r.line]),
  );
}

describe('readColumns', () => {
  it.each([
    ['JSONL with bad lines and a late column', `${FIXTURES}/broken.jsonl`],
    ['two CSV files of a glob', `${FIXTURES}/glob/*.csv`],
    ['a quoted CSV', `${FIXTURES}/quoted.csv`],
    ['a TSV', `${FIXTURES}/small.tsv`],
    ['a JSON array', `${FIXTURES}/array-edge.json`],
    ['Parquet', `${FIXTURES}/parquet/mixed-snappy.parquet`],
    ['seattle-weather (1,461 rows)', `${VEGA}/seattle-weather.csv`],
  ])('gives the same values, files and lines as readAllRows: %s', async (_name, path) => {
    await expectSameAsRows(path, { onIssue: () => undefined });
  });

  it('keeps each key in its column when rows change key order, skip keys or add keys', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'mg-data-'));
    const lines = [
      { a: 1, b: 'x' },
      { b: 'y', a: 2 },
      { a: 3 },
      { c: true, a: 4, b: 'z' },
      { b: 'w', c: false },
      { a: 6, b: 'v', c: null },
    ];
    await writeFile(join(dir, 'k.jsonl'), lines.map((l) => JSON.stringify(l)).join('\n'));
    const table = await readColumns('k.jsonl', { cwd: dir });
    expect(table.columns).toEqual(['a', 'b', 'c']);
    expect(table.column('a')).toEqual([1, 2, 3, 4, null, 6]);
    expect(table.column('b')).toEqual(['x', 'y', null, 'z', 'w', 'v']);
    expect(table.column('c')).toEqual([null, null, null, true, false, null]);
    expect(table.column('d')).toBeUndefined();
    expect(table.lineOf(5)).toBe(6);
    await expectSameAsRows(join(dir, 'k.jsonl'));
  });

  it('reports a malformed line with its file and line when there is no onIssue', async () => {
    await expect(readColumns(`${FIXTURES}/broken.jsonl`)).rejects.toThrow(
      /the line is not valid JSON/,
    );
    await expect(readColumns(`${FIXTURES}/broken.jsonl`)).rejects.toMatchObject({
      location: { file: `${FIXTURES}/broken.jsonl`, line: 3 },
    });
  });

  it('refuses more rows than maxRows', async () => {
    await expect(readColumns(`${FIXTURES}/quoted.csv`, { maxRows: 2 })).rejects.toThrow(
      /more than 2 rows/,
    );
  });
});
