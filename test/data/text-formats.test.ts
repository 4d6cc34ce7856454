import { mkdtemp, readFile, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { describe, expect, it } from '@jest/globals';
import { DataError, formatError } from '@modelgate/core';
import { openDataset } from '@modelgate/data';
import { collect, FIXTURES } from './collect';

describe('CSV', () => {
  it('reads quoted fields with embedded commas, escaped quotes and newlines, with the right lines', async () => {
    const got = await collect(`${FIXTURES}/quoted.csv`);
    expect(got.columns).toEqual(['id', 'text', 'score']);
    expect(got.rows.map((r) => r.text)).toEqual([
      'hello, world',
      'she said "hi"',
      'line one\nline two\nline three',
      null,
      '',
      'plain',
    ]);
    expect(got.rows.map((r) => r.score)).toEqual(['0.5', '1.5', '2', null, '3e2', '-1']);
    expect(got.lines).toEqual([2, 3, 4, 7, 8, 9]);
    expect(got.issues).toEqual([]);
  });

  it('drops the BOM and reads CRLF line ends, also inside quotes', async () => {
    const got = await collect(`${FIXTURES}/crlf-bom.csv`);
    expect(got.columns).toEqual(['name', 'value']);
    expect(got.rows).toEqual([
      { name: 'alpha', value: '1' },
      { name: 'beta', value: '2' },
      { name: 'gam\r\nma', value: '3' },
    ]);
    expect(got.lines).toEqual([2, 3, 4]);
  });

  it('skips and reports each ragged row with its line, and counts it', async () => {
    const got = await collect(`${FIXTURES}/ragged.csv`);
    expect(got.rows.map((r) => r.a)).toEqual(['1', '6', '13']);
    expect(got.issues.map((i) => [i.code, i.line])).toEqual([
      ['ragged-row', 3],
      ['ragged-row', 5],
    ]);
    expect(got.issues[0]!.message).toBe('the row has 2 fields but the header has 3');
    expect(got.counts).toEqual({ rows: 3, skipped: 2 });
  });

  it('throws a DataError at the first ragged row when no onIssue is given', async () => {
    const dataset = await openDataset(`${FIXTURES}/ragged.csv`);
    const read = async (): Promise<void> => {
      for await (const _ of dataset.batches()) void _;
    };
    const failure = read();
    await expect(failure).rejects.toMatchObject({
      code: 'ragged-row',
      location: { file: `${FIXTURES}/ragged.csv`, line: 3 },
    });
    // The location is said once, by formatError, not repeated inside the message.
    const err = await failure.catch((e: unknown) => e);
    expect(formatError(err)).toBe(
      `${FIXTURES}/ragged.csv:3: the row has 2 fields but the header has 3`,
    );
  });

  it('skips and reports each row with invalid UTF-8 by line', async () => {
    const got = await collect(`${FIXTURES}/invalid-utf8.csv`);
    expect(got.issues.map((i) => [i.code, i.line])).toEqual([
      ['invalid-utf8', 3],
      ['invalid-utf8', 5],
    ]);
    expect(got.rows.map((r) => r.city)).toEqual(['Paris', 'Zürich']);
    expect(got.counts.skipped).toBe(2);
  });

  it('keeps a U+FFFD that the file really holds', async () => {
    const got = await collect(`${FIXTURES}/real-replacement.csv`);
    expect(got.rows.map((r) => r.city)).toEqual(['\uFFFD kept']);
    expect(got.issues).toEqual([]);
  });

  it('reports an unterminated quote at the line where it opens', async () => {
    const got = await collect(`${FIXTURES}/unterminated.csv`);
    expect(got.rows).toEqual([{ id: '1', v: 'ok' }]);
    expect(got.issues.map((i) => [i.code, i.line])).toEqual([['unterminated-quote', 3]]);
  });

  it('reads a header-only file as zero rows with its columns', async () => {
    const got = await collect(`${FIXTURES}/header-only.csv`);
    expect(got.columns).toEqual(['a', 'b', 'c']);
    expect(got.rows).toEqual([]);
    expect(got.counts).toEqual({ rows: 0, skipped: 0 });
  });

  it('refuses an empty file with a DataError naming it', async () => {
    await expect(openDataset(`${FIXTURES}/empty.csv`)).rejects.toThrow(/empty\.csv is empty/);
  });

  it('reads TSV with a quoted tab', async () => {
    const got = await collect(`${FIXTURES}/small.tsv`);
    expect(got.rows).toEqual([
      { word: 'the', count: '10', note: 'quoted\ttab' },
      { word: 'of', count: '7', note: null },
    ]);
  });

  it('renames duplicate and empty header names as pandas does, and reports it', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'mg-data-'));
    await writeFile(join(dir, 'dup.csv'), 'a,a,,b\n1,2,3,4\n');
    const got = await collect(join(dir, 'dup.csv'));
    expect(got.columns).toEqual(['a', 'a.1', 'Unnamed: 2', 'b']);
    expect(got.issues.map((i) => i.code)).toEqual(['duplicate-column']);
    expect(got.counts.skipped).toBe(0);
  });

  it('projects columns in the order asked, and names a missing one', async () => {
    const got = await collect(`${FIXTURES}/quoted.csv`, { columns: ['score', 'id'] });
    expect(got.columns).toEqual(['score', 'id']);
    expect(got.rows[0]).toEqual({ score: '0.5', id: '1' });
    await expect(openDataset(`${FIXTURES}/quoted.csv`, { columns: ['nope'] })).rejects.toThrow(
      /no column "nope"/,
    );
  });

  it('reads a gzipped CSV as the same rows as the plain file', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'mg-data-'));
    const plain = await readFile(`${FIXTURES}/quoted.csv`);
    await writeFile(join(dir, 'quoted.csv.gz'), gzipSync(plain));
    const [a, b] = await Promise.all([
      collect(`${FIXTURES}/quoted.csv`),
      collect(join(dir, 'quoted.csv.gz')),
    ]);
    expect(b.rows).toEqual(a.rows);
    expect(b.lines).toEqual(a.lines);
    const dataset = await openDataset(join(dir, 'quoted.csv.gz'));
    expect(dataset.info.gzip).toBe(true);
  });

  it('names the file when a .gz is not gzip', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'mg-data-'));
    await writeFile(join(dir, 'bad.csv.gz'), 'a,b\n1,2\n');
    await expect(openDataset(join(dir, 'bad.csv.gz'))).rejects.toThrow(/bad\.csv\.gz/);
  });

  it('cuts batches at batchRows and numbers rows across batches and files', async () => {
    const got = await collect(`${FIXTURES}/glob/*.csv`, { batchRows: 1 });
    expect(got.rows.map((r) => r.id)).toEqual(['1', '2', '3']);
    expect(got.firstRows).toEqual([0, 1, 2]);
    expect(got.files).toEqual([
      `${FIXTURES}/glob/part-1.csv`,
      `${FIXTURES}/glob/part-1.csv`,
      `${FIXTURES}/glob/part-2.csv`,
    ]);
    expect(got.lines).toEqual([2, 3, 2]);
  });

  it('keeps line numbers right when a quoted field spans many chunks', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'mg-data-'));
    const big = 'x\n'.repeat(700_000); // 1.4 MB of newlines inside one quoted field
    await writeFile(join(dir, 'long.csv'), `k,v\n1,"${big}"\n2,after\n`);
    const got = await collect(join(dir, 'long.csv'));
    expect(got.rows.map((r) => r.k)).toEqual(['1', '2']);
    expect((got.rows[0]!.v as string).length).toBe(big.length);
    expect(got.lines).toEqual([2, 2 + 700_000 + 1]);
  });
});

describe('JSON Lines', () => {
  it('takes the union of keys, skips blank lines, and reports broken and non-object lines', async () => {
    const got = await collect(`${FIXTURES}/broken.jsonl`);
    expect(got.columns).toEqual(['id', 'label', 'meta', 'extra']);
    expect(got.rows).toEqual([
      { id: 1, label: 'a', meta: { k: [1, 2] }, extra: null },
      { id: 3, label: null, meta: null, extra: true },
      { id: 4, label: null, meta: null, extra: null },
    ]);
    expect(got.lines).toEqual([1, 4, 7]);
    expect(got.issues.map((i) => [i.code, i.line])).toEqual([
      ['bad-json', 3],
      ['not-an-object', 5],
      ['not-an-object', 8],
    ]);
    expect(got.counts).toEqual({ rows: 3, skipped: 3 });
  });

  it('fills a key first seen in a later batch with nulls in that batch', async () => {
    const got = await collect(`${FIXTURES}/broken.jsonl`, { batchRows: 1 });
    expect(got.rows[0]).toEqual({ id: 1, label: 'a', meta: { k: [1, 2] } });
    expect(got.rows[2]).toEqual({ id: 4, label: null, meta: null, extra: null });
  });

  it('keeps only projected keys, always present', async () => {
    const got = await collect(`${FIXTURES}/broken.jsonl`, { columns: ['extra', 'id'] });
    expect(got.rows).toEqual([
      { extra: null, id: 1 },
      { extra: true, id: 3 },
      { extra: null, id: 4 },
    ]);
  });

  it('refuses a projected key that no row has (as a CSV header or a Parquet footer does)', async () => {
    await expect(
      collect(`${FIXTURES}/broken.jsonl`, { columns: ['extra', 'missing'] }),
    ).rejects.toThrow(
      'No row has the column "missing" of the column list; the closest key of the first row is',
    );
  });

  it('refuses an empty file', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'mg-data-'));
    await writeFile(join(dir, 'empty.jsonl'), '\n\n');
    const dataset = await openDataset(join(dir, 'empty.jsonl'));
    const read = async (): Promise<void> => {
      for await (const _ of dataset.batches()) void _;
    };
    await expect(read()).rejects.toThrow(/empty\.jsonl is empty/);
  });
});

describe('JSON arrays', () => {
  it('streams elements, with strings holding brackets and escapes, and reports bad elements by line', async () => {
    const got = await collect(`${FIXTURES}/array-edge.json`);
    expect(got.rows).toEqual([
      { id: 1, s: 'a "quoted" ] } [ {', nested: null },
      { id: 2, s: 'back\\\\', nested: null },
      { id: 4, s: null, nested: { a: [1, { b: null }] } },
    ]);
    expect(got.lines).toEqual([2, 3, 6]);
    expect(got.issues.map((i) => [i.code, i.line])).toEqual([
      ['not-an-object', 4],
      ['bad-json', 5],
    ]);
  });

  it('gives the same rows and lines when elements straddle a chunk boundary', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'mg-data-'));
    const text = await readFile(`${FIXTURES}/array-edge.json`, 'utf8');
    // Pad each element so that elements straddle the 1 MiB chunk boundary.
    const padded = text.replace('"a \\"quoted', `"${' '.repeat((1 << 20) - 30)}a \\"quoted`);
    await writeFile(join(dir, 'padded.json'), padded);
    const got = await collect(join(dir, 'padded.json'));
    expect(got.rows.map((r) => r.id)).toEqual([1, 2, 4]);
    expect(got.lines).toEqual([2, 3, 6]);
  });

  it('refuses a top level that is not an array', async () => {
    const dataset = await openDataset(`${FIXTURES}/not-array.json`);
    const read = async (): Promise<void> => {
      for await (const _ of dataset.batches()) void _;
    };
    await expect(read()).rejects.toThrow(DataError);
    await expect(read()).rejects.toThrow(/must be an array of objects/);
  });

  it('refuses a truncated array after delivering the whole elements', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'mg-data-'));
    await writeFile(join(dir, 'cut.json'), '[{"a":1},{"a":2}');
    const rows: unknown[] = [];
    const dataset = await openDataset(join(dir, 'cut.json'));
    const read = async (): Promise<void> => {
      for await (const batch of dataset.batches()) rows.push(...batch.columns.get('a')!);
    };
    await expect(read()).rejects.toThrow(/ends before the closing \]/);
    expect(rows).toEqual([1, 2]);
  });
});
