import { execFileSync } from 'node:child_process';
import { describe, expect, it } from '@jest/globals';
import { mkdtemp, readdir, readFile, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DataError, formatError } from '@modelgate/core';
import { fileReadError, readReport, readTextFile, writeFileAtomic } from '@modelgate/runner';

const tempDir = () => mkdtemp(join(tmpdir(), 'modelgate-files-'));

describe('writeFileAtomic', () => {
  it('creates parent folders and leaves no temporary file behind', async () => {
    const dir = await tempDir();
    const target = join(dir, 'a', 'b', 'report.json');
    await writeFileAtomic(target, '{"ok":true}\n');
    expect(await readFile(target, 'utf8')).toBe('{"ok":true}\n');
    expect(await readdir(join(dir, 'a', 'b'))).toEqual(['report.json']);
  });

  it('gives a user error naming the path when a parent is a file', async () => {
    const dir = await tempDir();
    await writeFile(join(dir, 'taken'), 'x');
    const target = join(dir, 'taken', 'report.json');
    const attempt = writeFileAtomic(target, '{}');
    await expect(attempt).rejects.toBeInstanceOf(DataError);
    await expect(writeFileAtomic(target, '{}')).rejects.toThrow(
      `Cannot write ${target}: a part of the path is a file, not a folder.`,
    );
  });
});

describe('reading files', () => {
  /** The text the user sees for a failed read. */
  async function shownFailure(read: Promise<unknown>): Promise<string> {
    try {
      await read;
    } catch (err) {
      expect(err).toBeInstanceOf(DataError);
      return formatError(err);
    }
    throw new Error('expected a DataError');
  }

  it('names the role and the path of a missing file, once', async () => {
    const dir = await tempDir();
    const path = join(dir, 'nope.yml');
    expect(await shownFailure(readTextFile(path, 'policy'))).toBe(
      `${path}: The policy file does not exist. Check the path: it is relative to the workspace (GITHUB_WORKSPACE).`,
    );
  });

  it('says when a report is not JSON, with the line and column', async () => {
    const dir = await tempDir();
    const path = join(dir, 'broken.json');
    await writeFile(path, '{"schema": "modelgate/cost@1",\n  oops }');
    expect(await shownFailure(readReport(path))).toMatch(
      `${path}:2:3: The report file is not valid JSON: `,
    );
  });

  it('refuses a folder, and a FIFO without blocking on it', async () => {
    const dir = await tempDir();
    expect(await shownFailure(readTextFile(dir, 'schema'))).toMatch(/The schema path is a folder/);
    const fifo = join(dir, 'pipe.yml');
    execFileSync('mkfifo', [fifo]);
    expect(await shownFailure(readTextFile(fifo, 'schema'))).toMatch(
      /pipe\.yml: The schema path is not a regular file \(a FIFO/,
    );
  });

  it('refuses a file over its size limit before reading it', async () => {
    const dir = await tempDir();
    const path = join(dir, 'big.yml');
    await writeFile(path, 'x'.repeat(2000));
    expect(await shownFailure(readTextFile(path, 'pricing', { maxBytes: 1000 }))).toMatch(
      /The pricing file is refused: it is 2,000 bytes, above the limit of 1,000\./,
    );
  });

  it('refuses UTF-16, and names the line of a byte that is not UTF-8', async () => {
    const dir = await tempDir();
    const utf16 = join(dir, 'utf16.yml');
    await writeFile(utf16, Buffer.from('\uFEFFa: 1\n', 'utf16le'));
    expect(await shownFailure(readTextFile(utf16, 'schema'))).toMatch(/UTF-16 text/);
    const latin1 = join(dir, 'latin1.yml');
    await writeFile(latin1, Buffer.from('a: 1\nb: caf\xe9\n', 'latin1'));
    expect(await shownFailure(readTextFile(latin1, 'schema'))).toBe(
      `${latin1}:2: The schema file is not UTF-8 text: it holds an invalid byte sequence. Save the file as UTF-8.`,
    );
  });

  it('says "permission denied" in words, never a raw errno code', () => {
    const err = Object.assign(new Error("EACCES: permission denied, open '/x/s.yml'"), {
      code: 'EACCES',
    });
    expect(formatError(fileReadError('s.yml', 'schema', err))).toBe(
      's.yml: Cannot read the schema file: permission denied. Give the step read permission on the file (chmod a+r).',
    );
  });
});
