import { describe, expect, it } from '@jest/globals';
import { createHash } from 'node:crypto';
import { mkdir, mkdtemp, readdir, readFile, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Worker } from 'node:worker_threads';
import { DataError } from '@modelgate/core';
import {
  JSON_LINES_THREAD_MIN_BYTES,
  startFunctionWorker,
  writeJsonLinesAtomic,
} from '@modelgate/runner';

const tempDir = () => mkdtemp(join(tmpdir(), 'modelgate-jsonl-'));

/** The bytes the writer must produce, built the plain way. */
function expectedBytes(rows: readonly unknown[]): Buffer {
  return Buffer.from(rows.map((r) => `${JSON.stringify(r) ?? 'null'}\n`).join(''), 'utf8');
}

const sha256 = (bytes: Buffer) => createHash('sha256').update(bytes).digest('hex');

/** Rows of every kind of value, some wider than a small block, with non-ASCII text. */
function mixedRows(n: number): unknown[] {
  const rows: unknown[] = [];
  for (let i = 0; i < n; i++) {
    rows.push({
      id: `ex-${i}`,
      text: i % 7 === 0 ? `é ✓ 😀 "q" \\ \n lone \ud800 ${'x'.repeat(i % 300)}` : 'plain',
      p: { a: i / 3, b: -0, c: 1e21 },
      ok: i % 2 === 0,
      none: null,
      skip: undefined,
    });
    if (i % 50 === 0) rows.push(undefined, 'a line of text', 42);
  }
  return rows;
}

describe('writeJsonLinesAtomic', () => {
  it.each([
    ['on this thread, one block', Infinity, undefined],
    ['on this thread, many blocks', Infinity, 256],
    ['on a worker, many blocks', 0, 256],
    ['on a worker, 4 KiB blocks', 0, 4096],
  ])('writes the same bytes and sha256 as JSON.stringify per row (%s)', async (_, min, block) => {
    const dir = await tempDir();
    const path = join(dir, 'out', 'examples.jsonl');
    const rows = mixedRows(2000);
    const written = await writeJsonLinesAtomic(path, rows, {
      threadMinBytes: min,
      ...(block !== undefined && { blockBytes: block }),
    });
    const bytes = await readFile(path);
    const expected = expectedBytes(rows);
    expect(bytes.equals(expected)).toBe(true);
    expect(written).toEqual({
      sha256: sha256(expected),
      bytes: expected.length,
      rows: rows.length,
      threaded: min === 0,
    });
    expect(await readdir(join(dir, 'out'))).toEqual(['examples.jsonl']);
  });

  it('uses a worker only when the first block predicts a large file', async () => {
    const dir = await tempDir();
    const rows = mixedRows(3000);
    const size = expectedBytes(rows).length;
    const small = await writeJsonLinesAtomic(join(dir, 'a.jsonl'), rows, {
      blockBytes: 4096,
      threadMinBytes: size * 2,
    });
    expect(small.threaded).toBe(false);
    const large = await writeJsonLinesAtomic(join(dir, 'b.jsonl'), rows, {
      blockBytes: 4096,
      threadMinBytes: size / 2,
    });
    expect(large.threaded).toBe(true);
    expect(large.sha256).toBe(small.sha256);
    expect(JSON_LINES_THREAD_MIN_BYTES).toBe(16 << 20);
  });

  it.each([
    ['exits', 'process.exit(3)'],
    ['throws', 'throw new Error("boom")'],
  ])('writes the file on this thread when the worker %s', async (_, body) => {
    const dir = await tempDir();
    const path = join(dir, 'x.jsonl');
    const rows = mixedRows(2000);
    let started = 0;
    const written = await writeJsonLinesAtomic(path, rows, {
      threadMinBytes: 0,
      blockBytes: 4096,
      startWorker: () => {
        started++;
        return new Worker(body, { eval: true });
      },
    });
    const expected = expectedBytes(rows);
    expect(started).toBe(1);
    expect((await readFile(path)).equals(expected)).toBe(true);
    expect(written).toEqual({
      sha256: sha256(expected),
      bytes: expected.length,
      rows: rows.length,
      threaded: false,
    });
    expect(await readdir(dir)).toEqual(['x.jsonl']);
  });

  it("gives a user error, and leaves no file, when the worker's writes fail", async () => {
    const dir = await tempDir();
    const path = join(dir, 'x.jsonl');
    // The worker gets a descriptor that is not open: its first write fails (EBADF).
    const attempt = writeJsonLinesAtomic(path, mixedRows(500), {
      threadMinBytes: 0,
      blockBytes: 4096,
      startWorker: (body) => startFunctionWorker(body, { fd: 1_000_000 }),
    });
    await expect(attempt).rejects.toBeInstanceOf(DataError);
    // In words, not Node's `EBADF: bad file descriptor, write`.
    await expect(attempt).rejects.toThrow(`Cannot write ${path}: bad file descriptor.`);
    expect(await readdir(dir)).toEqual([]);
  });

  it('writes on this thread when no worker can be started', async () => {
    const dir = await tempDir();
    const rows = mixedRows(500);
    const written = await writeJsonLinesAtomic(join(dir, 'x.jsonl'), rows, {
      threadMinBytes: 0,
      blockBytes: 4096,
      startWorker: () => {
        throw new Error('no threads here');
      },
    });
    expect(written.threaded).toBe(false);
    expect(written.sha256).toBe(sha256(expectedBytes(rows)));
  });

  it('writes an empty file for no rows', async () => {
    const dir = await tempDir();
    const path = join(dir, 'empty.jsonl');
    const written = await writeJsonLinesAtomic(path, [], { threadMinBytes: 0 });
    expect((await readFile(path)).length).toBe(0);
    expect(written).toEqual({
      sha256: 'e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855',
      bytes: 0,
      rows: 0,
      threaded: false,
    });
  });

  it('replaces an existing file whole', async () => {
    const dir = await tempDir();
    const path = join(dir, 'x.jsonl');
    await writeFile(path, 'old content that is longer than the new one\n'.repeat(100));
    await writeJsonLinesAtomic(path, [{ a: 1 }], { threadMinBytes: 0 });
    expect(await readFile(path, 'utf8')).toBe('{"a":1}\n');
  });

  it.each([
    ['on this thread', Infinity],
    ['on a worker', 0],
  ])('gives a user error naming the path when a parent is a file (%s)', async (_, min) => {
    const dir = await tempDir();
    await writeFile(join(dir, 'taken'), 'x');
    const path = join(dir, 'taken', 'examples.jsonl');
    const attempt = writeJsonLinesAtomic(path, mixedRows(10), { threadMinBytes: min });
    await expect(attempt).rejects.toBeInstanceOf(DataError);
    await expect(attempt).rejects.toThrow(
      `Cannot write ${path}: a part of the path is a file, not a folder.`,
    );
    expect(await readdir(dir)).toEqual(['taken']);
  });

  it.each([
    ['on this thread', Infinity],
    ['on a worker', 0],
  ])('passes on what JSON.stringify throws for a row, and leaves no file (%s)', async (_, min) => {
    const dir = await tempDir();
    const rows: unknown[] = mixedRows(300);
    rows.push({ id: 'big', expected: 2n ** 64n });
    const attempt = writeJsonLinesAtomic(join(dir, 'x.jsonl'), rows, {
      threadMinBytes: min,
      blockBytes: 4096,
    });
    await expect(attempt).rejects.toThrow(TypeError);
    await expect(attempt).rejects.toThrow(/BigInt/);
    expect(await readdir(dir)).toEqual([]);
  });

  it('refuses a folder as the path once the lines are written, and removes them', async () => {
    const dir = await tempDir();
    const path = join(dir, 'sub');
    await mkdir(path);
    await expect(
      writeJsonLinesAtomic(path, mixedRows(100), { threadMinBytes: 0, blockBytes: 512 }),
    ).rejects.toThrow(`Cannot write ${path}: the path is a folder.`);
    expect(await readdir(dir)).toEqual(['sub']);
  });
});
