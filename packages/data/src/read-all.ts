import { DataError, setOwn } from '@modelgate/core';
import { openDataset, type OpenDatasetOptions } from './dataset';
import type { CellValue, DatasetInfo, ReadCounts } from './types';

/** One row as an object, with the line where it starts (or its row number, for Parquet). */
export interface LocatedRow {
  readonly file: string;
  readonly line: number;
  /** Column name → value; every column of the dataset is present (null when missing). */
  readonly values: Readonly<Record<string, CellValue>>;
}

export interface AllRows {
  readonly info: DatasetInfo;
  readonly columns: readonly string[];
  readonly rows: readonly LocatedRow[];
  readonly counts: ReadCounts;
}

export interface ReadAllRowsOptions extends Omit<OpenDatasetOptions, 'batchRows'> {
  /** Refuse datasets with more rows than this (default 5,000,000), since all are held at once. */
  readonly maxRows?: number | undefined;
}

/**
 * Reads a small dataset (an eval set, a predictions file) whole, as row objects in file order.
 * Takes the same options as {@link openDataset}; issues go to `onIssue`, or throw without it.
 *
 * @throws DataError as {@link openDataset} does, and when the dataset has more than `maxRows` rows.
 */
export async function readAllRows(
  pathOrGlob: string,
  options: ReadAllRowsOptions = {},
): Promise<AllRows> {
  const maxRows = options.maxRows ?? 5_000_000;
  const dataset = await openDataset(pathOrGlob, options);
  const rows: { file: string; line: number; values: Record<string, CellValue> }[] = [];
  for await (const batch of dataset.batches()) {
    if (rows.length + batch.rows > maxRows) {
      throw new DataError(
        `${pathOrGlob} has more than ${maxRows} rows, too many to hold at once.`,
        {
          code: 'too-large',
          hint: 'Use a smaller file.',
          location: { file: batch.file },
        },
      );
    }
    const columns = [...batch.columns];
    for (let i = 0; i < batch.rows; i++) {
      const values: Record<string, CellValue> = {};
      for (const [name, cells] of columns) setOwn(values, name, cells[i] ?? null);
      rows.push({ file: batch.file, line: batch.lineOf(i), values });
    }
  }
  // A JSON column first seen late was null in earlier rows.
  const columns = dataset.info.columns;
  for (const row of rows) {
    for (const name of columns)
      if (!Object.hasOwn(row.values, name)) setOwn(row.values, name, null);
  }
  return { info: dataset.info, columns, rows, counts: dataset.counts };
}
