/**
 * validate-data's bundle on a CSV with one 63 MiB cell, generated at test time (too large to
 * commit): the report keeps the value as a prefix, its length and its SHA-256 (it held the whole
 * cell, a 66 MB report, before), and the step ends normally. The README's memory figures come
 * from the same file run under `/usr/bin/time -v`.
 */
import { createHash } from 'node:crypto';
import { mkdtemp, readFile, rm, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import type { DataValidationReport } from '@modelgate/core';
import { cleanupRuns, runBundle } from './harness';

const CELL_CHARS = 63 * 1024 * 1024;
let workspace: string;

beforeAll(async () => {
  workspace = await mkdtemp(join(tmpdir(), 'modelgate-huge-cell-'));
  const rows = Array.from({ length: 999 }, (_, i) => `${i + 2},t${i % 7},${i + 2}`);
  await writeFile(
    join(workspace, 'big.csv'),
    `id,text,n\n1,${'A'.repeat(CELL_CHARS)},1\n${rows.join('\n')}\n`,
  );
});

afterAll(async () => {
  await cleanupRuns();
  await rm(workspace, { recursive: true, force: true });
});

describe('validate-data on one 63 MiB cell', () => {
  it('writes a small report that shows the cell as a prefix, its length and its sha256', async () => {
    const result = await runBundle('validate-data', {
      inputs: { data: 'big.csv', 'report-path': 'report.json' },
      cwd: workspace,
      timeoutMs: 120_000,
    });
    if (result.exitCode !== 0) throw new Error(`${result.stdout}\n${result.stderr}`);
    const path = join(workspace, 'report.json');
    expect((await stat(path)).size).toBeLessThan(64 * 1024);
    const report = JSON.parse(await readFile(path, 'utf8')) as DataValidationReport;
    const text = report.body.columns.find((c) => c.name === 'text')!;
    expect(text.data.maxLength).toBe(CELL_CHARS);
    expect(text.data.topValues).toContainEqual({
      value: `${'A'.repeat(200)}…`,
      count: 1,
      length: CELL_CHARS,
      sha256: createHash('sha256').update('A'.repeat(CELL_CHARS)).digest('hex'),
    });
  }, 180_000);
});
