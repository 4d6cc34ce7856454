import { expect } from '@jest/globals';
import {
  openDataset,
  type CellValue,
  type OpenDatasetOptions,
  type ReadIssue,
} from '@modelgate/data';

export const FIXTURES = 'test/fixtures/data';
export const VEGA = 'node_modules/vega-datasets/data';

export interface Collected {
  readonly columns: readonly string[];
  readonly rows: Record<string, CellValue>[];
  readonly lines: number[];
  readonly files: string[];
  readonly firstRows: number[];
  readonly issues: ReadIssue[];
  readonly counts: { rows: number; skipped: number };
}

/** Reads a whole dataset into row objects, recording issues (test-only; not streaming). */
export async function collect(path: string, options: OpenDatasetOptions = {}): Promise<Collected> {
  const issues: ReadIssue[] = [];
  const dataset = await openDataset(path, { onIssue: (issue) => issues.push(issue), ...options });
  const rows: Record<string, CellValue>[] = [];
  const lines: number[] = [];
  const files: string[] = [];
  const firstRows: number[] = [];
  for await (const batch of dataset.batches()) {
    firstRows.push(batch.firstRow);
    for (const cells of batch.columns.values()) expect(cells.length).toBe(batch.rows);
    for (let i = 0; i < batch.rows; i++) {
      const row: Record<string, CellValue> = {};
      for (const [name, cells] of batch.columns) row[name] = cells[i] ?? null;
      rows.push(row);
      lines.push(batch.lineOf(i));
      files.push(batch.file);
    }
  }
  return {
    columns: dataset.info.columns,
    rows,
    lines,
    files,
    firstRows,
    issues,
    counts: dataset.counts,
  };
}
