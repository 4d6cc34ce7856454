import { mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createHash } from 'node:crypto';
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { describe, expect, it } from '@jest/globals';
import { DataError, InputError } from '@modelgate/core';
import {
  detectFormat,
  fingerprintFile,
  fingerprintFiles,
  openDataset,
  readAllRows,
  resolveFiles,
} from '@modelgate/data';
import { FIXTURES } from './collect';

describe('detectFormat', () => {
  it.each([
    ['a.csv', 'csv', false],
    ['dir.v2/A.CSV.GZ', 'csv', true],
    ['a.tsv', 'tsv', false],
    ['a.tab', 'tsv', false],
    ['a.jsonl', 'jsonl', false],
    ['a.ndjson.gz', 'jsonl', true],
    ['a.json', 'json', false],
    ['a.parquet', 'parquet', false],
  ])('reads %s as %s (gzip %s)', (path, format, gzip) => {
    expect(detectFormat(path)).toEqual({ format, gzip });
  });

  it('takes the format input over the extension, keeping .gz', () => {
    expect(detectFormat('export.txt', 'tsv')).toEqual({ format: 'tsv', gzip: false });
    expect(detectFormat('export.gz', 'NDJSON')).toEqual({ format: 'jsonl', gzip: true });
  });

  it('names the file and the format input for an unknown extension', () => {
    expect(() => detectFormat('data.unknown')).toThrow(DataError);
    expect(() => detectFormat('data.unknown')).toThrow(/data\.unknown/);
    try {
      detectFormat('data.unknown');
    } catch (err) {
      expect((err as DataError).hint).toContain("'format' input");
    }
  });

  it('refuses a bad format input and gzipped Parquet', () => {
    expect(() => detectFormat('a.csv', 'excel')).toThrow(InputError);
    expect(() => detectFormat('a.parquet.gz')).toThrow(/gzip-compressed Parquet/);
  });
});

describe('resolveFiles', () => {
  it('returns a plain path as given', async () => {
    await expect(resolveFiles(`${FIXTURES}/quoted.csv`, process.cwd())).resolves.toEqual([
      `${FIXTURES}/quoted.csv`,
    ]);
  });

  it('expands a glob to sorted paths relative to cwd', async () => {
    await expect(resolveFiles('glob/part-*.csv', join(process.cwd(), FIXTURES))).resolves.toEqual([
      'glob/part-1.csv',
      'glob/part-2.csv',
    ]);
  });

  it('names a missing file, an unmatched glob and a directory', async () => {
    await expect(resolveFiles('nope.csv', process.cwd())).rejects.toThrow(
      /The file nope\.csv does not exist/,
    );
    await expect(resolveFiles(`${FIXTURES}/*.nothing`, process.cwd())).rejects.toThrow(
      /No file matches .*\*\.nothing/,
    );
    await expect(resolveFiles(FIXTURES, process.cwd())).rejects.toThrow(/is a directory/);
  });
});

describe('openDataset', () => {
  it('reads the union of two CSV files matched by a glob', async () => {
    const dataset = await openDataset(`${FIXTURES}/glob/*.csv`);
    expect(dataset.info).toMatchObject({
      format: 'csv',
      typed: false,
      gzip: false,
      columns: ['id', 'v'],
    });
    expect(dataset.info.files).toHaveLength(2);
  });

  it('refuses a glob that mixes formats', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'mg-data-'));
    await writeFile(join(dir, 'a.csv'), 'x\n1\n');
    await writeFile(join(dir, 'b.jsonl'), '{"x":1}\n');
    await expect(openDataset('*', { cwd: dir })).rejects.toThrow(/different formats/);
  });

  it('fills a column missing from one CSV file with nulls', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'mg-data-'));
    await writeFile(join(dir, 'a.csv'), 'x,y\n1,2\n');
    await writeFile(join(dir, 'b.csv'), 'x\n3\n');
    const { rows } = await readAllRows('*.csv', { cwd: dir });
    expect(rows.map((r) => r.values)).toEqual([
      { x: '1', y: '2' },
      { x: '3', y: null },
    ]);
    expect(rows.map((r) => [r.file, r.line])).toEqual([
      ['a.csv', 2],
      ['b.csv', 2],
    ]);
  });

  it('names an unknown extension and a missing file', async () => {
    await expect(openDataset(`${FIXTURES}/data.unknown`)).rejects.toThrow(/data\.unknown/);
    await expect(openDataset(`${FIXTURES}/data.unknown`, { format: 'csv' })).resolves.toBeDefined();
    await expect(openDataset(`${FIXTURES}/missing.csv`)).rejects.toThrow(/does not exist/);
  });

  it('reads the same rows on a second pass', async () => {
    const dataset = await openDataset(`${FIXTURES}/ragged.csv`, { onIssue: () => undefined });
    for (let pass = 0; pass < 2; pass++) {
      let rows = 0;
      for await (const batch of dataset.batches()) rows += batch.rows;
      expect(rows).toBe(3);
      expect(dataset.counts).toEqual({ rows: 3, skipped: 2 });
    }
  });
});

describe('readAllRows', () => {
  it('gives row objects with lines, with a column first seen late filled with null', async () => {
    const got = await readAllRows(`${FIXTURES}/broken.jsonl`, { onIssue: () => undefined });
    expect(got.columns).toEqual(['id', 'label', 'meta', 'extra']);
    expect(got.rows[0]).toEqual({
      file: `${FIXTURES}/broken.jsonl`,
      line: 1,
      values: { id: 1, label: 'a', meta: { k: [1, 2] }, extra: null },
    });
    expect(got.counts).toEqual({ rows: 3, skipped: 3 });
  });

  it('keeps a column named __proto__ as data', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'mg-data-'));
    await writeFile(join(dir, 'p.csv'), '__proto__,b\nx,y\n');
    const got = await readAllRows(join(dir, 'p.csv'));
    expect(Object.hasOwn(got.rows[0]!.values, '__proto__')).toBe(true);
    expect(Object.getPrototypeOf(got.rows[0]!.values)).toBe(Object.prototype);
  });

  it('refuses more rows than maxRows', async () => {
    await expect(readAllRows(`${FIXTURES}/quoted.csv`, { maxRows: 2 })).rejects.toThrow(
      /more than 2 rows/,
    );
  });
});

describe('fingerprintFile', () => {
  it('gives the sha256 and size of the bytes as stored', async () => {
    const path = 'node_modules/vega-datasets/data/seattle-weather.csv';
    const bytes = readFileSync(path);
    const sha256 = createHash('sha256').update(bytes).digest('hex');
    await expect(fingerprintFile(path)).resolves.toEqual({ path, sha256, bytes: bytes.length });
    await expect(fingerprintFiles([path, path])).resolves.toHaveLength(2);
  });

  it('names a file it cannot read, in words', async () => {
    await expect(fingerprintFile('no/such.csv')).rejects.toThrow(
      'Cannot read no/such.csv: no such file or folder.',
    );
  });

  it('refuses a folder and a FIFO without blocking on it', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'modelgate-fingerprint-'));
    await expect(fingerprintFile(dir)).rejects.toThrow(`${dir} is a directory, not a data file.`);
    execFileSync('mkfifo', [join(dir, 'pipe.csv')]);
    await expect(fingerprintFile('pipe.csv', dir)).rejects.toThrow(
      'pipe.csv is not a regular file (a FIFO, socket or device).',
    );
  });
});
