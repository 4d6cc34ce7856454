import { Batch, ColumnSet, completeColumns } from './batch';
import type { CellValue, ReadIssue } from './types';

/** What every reader of one dataset shares: options, the column union and the counts. */
export class ReadContext {
  readonly known = new ColumnSet();
  /** JSON formats: the projected names that some row had (the others would be all null). */
  readonly projectedSeen = new Set<string>();
  /** JSON formats: the keys of the first row, to suggest a name for a projected one none had. */
  firstRowKeys: readonly string[] | undefined;
  nextRow = 0;
  skipped = 0;

  constructor(
    readonly batchRows: number,
    /** The projection, or undefined for every column. */
    readonly projection: readonly string[] | undefined,
    private readonly onIssue: (issue: ReadIssue) => void,
  ) {
    if (projection) for (const name of projection) this.known.add(name);
  }

  /** Reports an issue; `skipsRow` counts it as a skipped row. */
  issue(issue: ReadIssue, skipsRow: boolean): void {
    if (skipsRow) this.skipped++;
    this.onIssue(issue);
  }

  /** Makes a batch of `rows` rows and advances the row counter. */
  batch(
    file: string,
    columns: Map<string, CellValue[]>,
    rows: number,
    lines: readonly number[] | undefined,
    lineBase = 1,
  ): Batch {
    const batch = new Batch(
      completeColumns(columns, rows, this.known),
      rows,
      this.nextRow,
      file,
      lines,
      lineBase,
    );
    this.nextRow += rows;
    return batch;
  }
}
