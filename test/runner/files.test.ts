import { describe, expect, it } from '@jest/globals';
import { mkdtemp, readdir, readFile, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DataError } from '@modelgate/core';
import { readReport, readTextFile, writeFileAtomic } from '@modelgate/runner';

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
  it('names the role and the path of a missing file', async () => {
    const dir = await tempDir();
    await expect(readTextFile(join(dir, 'nope.yml'), 'policy')).rejects.toThrow(
      `The policy file ${join(dir, 'nope.yml')} does not exist.`,
    );
  });

  it('says when a report is not JSON', async () => {
    const dir = await tempDir();
    const path = join(dir, 'broken.json');
    await writeFile(path, '{"schema": "modelgate/cost@1", ');
    await expect(readReport(path)).rejects.toThrow(`${path} is not valid JSON`);
  });
});
