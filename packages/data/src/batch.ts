import type { CellValue, DataBatch } from './types';

/** A batch as the readers make it. `lines` holds each row's line; without it, row `i` is line
 * `lineBase + i`. */
export class Batch implements DataBatch {
  constructor(
    readonly columns: ReadonlyMap<string, readonly CellValue[]>,
    readonly rows: number,
    readonly firstRow: number,
    readonly file: string,
    private readonly lines: readonly number[] | undefined,
    private readonly lineBase = 1,
  ) {}

  lineOf(i: number): number {
    return this.lines === undefined ? this.lineBase + i : (this.lines[i] ?? 0);
  }
}

/** The union of column names over a dataset, in first-seen order. */
export class ColumnSet {
  readonly names: string[] = [];
  private readonly seen = new Set<string>();

  add(name: string): void {
    if (this.seen.has(name)) return;
    this.seen.add(name);
    this.names.push(name);
  }

  has(name: string): boolean {
    return this.seen.has(name);
  }
}

/**
 * Orders a batch's columns as the dataset's known columns, filling a column that this batch's
 * file lacks with nulls, so that every batch holds every column known when it was made.
 */
export function completeColumns(
  columns: Map<string, CellValue[]>,
  rows: number,
  known: ColumnSet,
): Map<string, CellValue[]> {
  if (columns.size === known.names.length) {
    let same = true;
    let k = 0;
    for (const name of columns.keys()) {
      if (name !== known.names[k++]) {
        same = false;
        break;
      }
    }
    if (same) return columns;
  }
  const out = new Map<string, CellValue[]>();
  for (const name of known.names) {
    out.set(name, columns.get(name) ?? new Array<CellValue>(rows).fill(null));
  }
  return out;
}
