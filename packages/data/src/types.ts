/**
 * The dataset reader's contract. Readers stream a file in columnar batches, so that memory stays
 * bounded whatever the row count and the statistics loop over typed arrays of one column.
 */

/** A value as read. Text formats (CSV, TSV) give strings, with an empty field as null; JSON and
 * Parquet give their own types (numbers, booleans, strings, nested objects; Parquet may also give
 * bigint and Date). */
export type CellValue = string | number | boolean | bigint | Date | null | object;

export type DataFormat = 'csv' | 'tsv' | 'jsonl' | 'json' | 'parquet';

/** One batch of consecutive rows. */
export interface DataBatch {
  /** Column name → the values of this batch, each array `rows` long; a missing value is null. */
  readonly columns: ReadonlyMap<string, readonly CellValue[]>;
  readonly rows: number;
  /** The 0-based index, in the whole dataset, of this batch's first row. */
  readonly firstRow: number;
  /** The file this batch came from (a glob may match several). */
  readonly file: string;
  /** The 1-based line in `file` where row `i` of this batch starts (for annotations); row number
   * + 1 for formats without lines (Parquet, JSON array). */
  lineOf(i: number): number;
}

export interface DatasetInfo {
  readonly files: readonly string[];
  readonly format: DataFormat;
  readonly gzip: boolean;
  /** Column names in file order, the union over files. Known after the header (CSV), the metadata
   * (Parquet) or, for JSON formats, grows as rows are read. */
  readonly columns: readonly string[];
  /** Whether values are typed (JSON, Parquet) or text to be coerced (CSV, TSV). */
  readonly typed: boolean;
}
