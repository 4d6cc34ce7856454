import { DataError } from '@modelgate/core';
import { openDataset } from './dataset';
import type { ReadAllRowsOptions } from './read-all';
import type { CellValue, DataBatch, DatasetInfo, ReadCounts } from './types';

/**
 * A small dataset read whole, column by column: one array per column and no object per row, for
 * callers that look at a few columns of every row (an eval set, a predictions file).
 */
export interface ColumnTable {
  readonly info: DatasetInfo;
  /** Column names in file order, the union over files (as {@link DatasetInfo.columns}). */
  readonly columns: readonly string[];
  /** How many rows were read. */
  readonly rows: number;
  readonly counts: ReadCounts;
  /**
   * The values of a column, `rows` long, in file order (null where a row has no value); undefined
   * when the dataset has no such column.
   */
  column(name: string): readonly CellValue[] | undefined;
  /** The file row `row` (0-based) came from. */
  fileOf(row: number): string;
  /** The 1-based line where row `row` starts (the row number for Parquet), as DataBatch.lineOf. */
  lineOf(row: number): number;
}

/** Rows per batch while reading: large, so that a file of up to a million rows is one batch
 * whose arrays are kept as they are, without copying. */
const TABLE_BATCH_ROWS = 1 << 20;

/**
 * Reads a small dataset whole, as one array per column: the columnar counterpart of
 * {@link readAllRows}, with the same options and errors, and the same values (nothing is
 * coerced). Cheaper when there are many rows: no object is made per row.
 *
 * @throws DataError as {@link openDataset} does, and when the dataset has more than `maxRows`
 *   rows (default 5,000,000).
 */
export async function readColumns(
  pathOrGlob: string,
  options: ReadAllRowsOptions = {},
): Promise<ColumnTable> {
  const maxRows = options.maxRows ?? 5_000_000;
  const dataset = await openDataset(pathOrGlob, { ...options, batchRows: TABLE_BATCH_ROWS });
  const batches: DataBatch[] = [];
  let rows = 0;
  for await (const batch of dataset.batches()) {
    if (rows + batch.rows > maxRows) {
      throw new DataError(
        `${pathOrGlob} has more than ${maxRows} rows, too many to hold at once.`,
        { code: 'too-large', hint: 'Use a smaller file.', location: { file: batch.file } },
      );
    }
    if (batch.rows > 0) batches.push(batch);
    rows += batch.rows;
  }
  const names = dataset.info.columns;
  const data = new Map<string, readonly CellValue[]>();
  for (const name of names) data.set(name, concatColumn(batches, name, rows));
  const starts = batches.map((b) => b.firstRow - (batches[0]?.firstRow ?? 0));
  const batchOf = (row: number): { batch: DataBatch; offset: number } => {
    if (!(row >= 0 && row < rows)) throw new RangeError(`row ${row} is not in 0..${rows - 1}`);
    let lo = 0;
    let hi = batches.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if ((starts[mid] as number) <= row) lo = mid;
      else hi = mid - 1;
    }
    return { batch: batches[lo] as DataBatch, offset: row - (starts[lo] as number) };
  };
  return {
    info: dataset.info,
    columns: names,
    rows,
    counts: dataset.counts,
    column: (name) => data.get(name),
    fileOf: (row) => batchOf(row).batch.file,
    lineOf: (row) => {
      const { batch, offset } = batchOf(row);
      return batch.lineOf(offset);
    },
  };
}

/** One column over all batches: the batch's own array when there is one batch; nulls for the
 * rows of batches made before the column was first seen (JSON formats). */
function concatColumn(batches: readonly DataBatch[], name: string, rows: number): CellValue[] {
  const only = batches.length === 1 ? batches[0]!.columns.get(name) : undefined;
  if (only !== undefined && only.length === rows) return only as CellValue[];
  const out = new Array<CellValue>(rows);
  let k = 0;
  for (const batch of batches) {
    const cells = batch.columns.get(name);
    if (cells === undefined) for (let i = 0; i < batch.rows; i++) out[k++] = null;
    else for (let i = 0; i < batch.rows; i++) out[k++] = cells[i] ?? null;
  }
  return out;
}
