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
  /** The 1-based line in `file` where row `i` of this batch starts (for annotations): the line of
   * the record (CSV, TSV, JSONL) or of the element's opening brace (JSON array); the 1-based row
   * number in the file for Parquet, which has no lines. */
  lineOf(i: number): number;
}

export interface DatasetInfo {
  readonly files: readonly string[];
  readonly format: DataFormat;
  readonly gzip: boolean;
  /** Column names in file order, the union over files. Known after the header (CSV), the metadata
   * (Parquet) or, for JSON formats, grows as rows are read. A batch holds every column known when
   * it was made; a column first seen later was null in every earlier row. */
  readonly columns: readonly string[];
  /** Whether values are typed (JSON, Parquet) or text to be coerced (CSV, TSV). */
  readonly typed: boolean;
  /** The row count known before reading (Parquet metadata, after projection), else undefined. */
  readonly rowsHint?: number | undefined;
}

/** Why a row was skipped, or what else in a file needs the user's attention. */
export type ReadIssueCode =
  | 'ragged-row'
  | 'invalid-utf8'
  | 'unterminated-quote'
  | 'bad-json'
  | 'not-an-object'
  | 'duplicate-column';

/** A problem found while reading. Every issue but `duplicate-column` stands for one skipped row. */
export interface ReadIssue {
  readonly file: string;
  /** 1-based line (or Parquet row number) where the problem starts. */
  readonly line: number;
  readonly code: ReadIssueCode;
  /** What is wrong, without the location: `file` and `line` carry it. */
  readonly message: string;
}

/** Rows delivered and rows skipped (each skipped row was reported as one issue). */
export interface ReadCounts {
  readonly rows: number;
  readonly skipped: number;
}
