import { resolve } from 'node:path';
import { closestColumn, DataError, InputError, listColumns, quoteColumn } from '@modelgate/core';
import { readDelimitedFile, readDelimitedHeader } from './csv-reader';
import { detectFormat } from './format';
import { readJsonArrayFile } from './json-array-reader';
import { readJsonLinesFile } from './jsonl-reader';
import type { ParquetSource } from './parquet-reader';
import { ReadContext } from './read-context';
import { resolveFiles } from './resolve-files';
import type { DataBatch, DataFormat, DatasetInfo, ReadCounts, ReadIssue } from './types';

/** The default number of rows in a batch. */
export const DEFAULT_BATCH_ROWS = 65_536;

export interface OpenDatasetOptions {
  /** The `format` input: overrides the format guessed from the extension. */
  readonly format?: string | undefined;
  /** Rows per batch (default {@link DEFAULT_BATCH_ROWS}); a Parquet batch never spans two row
   * groups, so it may be shorter. */
  readonly batchRows?: number | undefined;
  /** Only these columns, in this order (a projection: Parquet reads nothing else). */
  readonly columns?: readonly string[] | undefined;
  /** Called for each problem row (which is then skipped and counted) and for renamed duplicate
   * header names. Without it, the first issue throws a DataError: nothing is dropped silently. */
  readonly onIssue?: ((issue: ReadIssue) => void) | undefined;
  /** Where relative paths and globs are taken from (default: the process's working directory). */
  readonly cwd?: string | undefined;
}

/** A dataset opened for streaming. */
export interface Dataset {
  readonly info: DatasetInfo;
  /**
   * The rows, file after file, in batches. One pass reads each file once, in bounded memory;
   * calling it again reads the files again.
   *
   * @throws DataError for a file that cannot be read, is empty or malformed as a whole, or, when
   *   there is no `onIssue`, at the first problem row.
   */
  batches(): AsyncIterable<DataBatch>;
  /** Rows delivered and skipped so far in the current (or last) pass. */
  readonly counts: ReadCounts;
}

class LiveInfo implements DatasetInfo {
  constructor(
    readonly files: readonly string[],
    readonly format: DataFormat,
    readonly gzip: boolean,
    readonly typed: boolean,
    readonly rowsHint: number | undefined,
    private readonly columnSource: () => readonly string[],
  ) {}

  get columns(): readonly string[] {
    return this.columnSource();
  }
}

/**
 * A projected column that no JSON row has would be read as a column of nulls: it is an error,
 * as a projected column missing from a CSV header or a Parquet footer is. Checked once the rows
 * are read (JSON rows may add keys at any row); an empty dataset is left to its own error.
 */
function checkJsonProjection(projection: readonly string[], ctx: ReadContext, file: string): void {
  if (ctx.nextRow === 0) return;
  const missing = projection.filter((name) => !ctx.projectedSeen.has(name));
  if (missing.length === 0) return;
  const keys = ctx.firstRowKeys ?? [];
  const closest = closestColumn(missing[0]!, keys);
  throw new DataError(
    `No row has the column ${missing.map(quoteColumn).join(', ')} of the column list` +
      (closest === undefined
        ? ''
        : `; the closest key of the first row is ${quoteColumn(closest)}`) +
      `. The first row's keys: ${listColumns(keys)}.`,
    {
      code: 'missing-column',
      hint: 'Check the column names in the inputs against the data.',
      location: { file },
    },
  );
}

/**
 * Opens a dataset: a file or a glob of files of one format (CSV, TSV, JSON Lines, JSON array or
 * Parquet; text formats may be gzipped). It resolves the files and reads what is known up front
 * (the first CSV header, every Parquet footer), so that `info.columns` is filled for those
 * formats; the rows are read by {@link Dataset.batches}.
 *
 * @throws DataError when nothing matches, a format is unknown, the files mix formats, or a header
 *   or footer is unreadable. InputError for a bad `format` or `batchRows`.
 */
export async function openDataset(
  pathOrGlob: string,
  options: OpenDatasetOptions = {},
): Promise<Dataset> {
  const cwd = options.cwd ?? process.cwd();
  const batchRows = options.batchRows ?? DEFAULT_BATCH_ROWS;
  if (!Number.isInteger(batchRows) || batchRows < 1) {
    throw new InputError(`batchRows must be a positive integer; got ${batchRows}.`);
  }
  const files = await resolveFiles(pathOrGlob, cwd);
  const detected = files.map((file) => ({ file, ...detectFormat(file, options.format) }));
  const first = detected[0]!;
  const other = detected.find((d) => d.format !== first.format);
  if (other !== undefined) {
    throw new DataError(
      `${pathOrGlob} matches files of different formats: ${first.file} is ${first.format}, ${other.file} is ${other.format}.`,
      {
        code: 'mixed-formats',
        hint: 'Use a glob that matches one format only.',
        location: { file: other.file },
      },
    );
  }
  const format = first.format;
  const projection = options.columns === undefined ? undefined : [...new Set(options.columns)];
  const onIssue =
    options.onIssue ??
    ((issue: ReadIssue): void => {
      throw new DataError(issue.message, {
        code: issue.code,
        location: { file: issue.file, line: issue.line },
      });
    });

  let rowsHint: number | undefined;
  const initial = new ReadContext(batchRows, projection, onIssue);
  // The Parquet reader (hyparquet and its codecs) is loaded only for Parquet files: every action
  // starts faster without it.
  const parquet = format === 'parquet' ? await import('./parquet-reader') : undefined;
  if (parquet !== undefined) {
    const { openParquet, checkProjection } = parquet;
    rowsHint = 0;
    for (const { file } of detected) {
      const source = await openParquet(file, resolve(cwd, file));
      await source.close();
      for (const name of checkProjection(source, projection)) initial.known.add(name);
      rowsHint += source.rows;
    }
  }
  let ctx = initial;
  const info = new LiveInfo(
    files,
    format,
    detected.some((d) => d.gzip),
    format !== 'csv' && format !== 'tsv',
    rowsHint,
    () => ctx.known.names,
  );
  if (format === 'csv' || format === 'tsv') {
    // Read the first header now, so that the columns are known before the rows.
    const probe = new ReadContext(batchRows, projection, () => undefined);
    const delimiter = format === 'csv' ? ',' : '\t';
    await readDelimitedHeader(first.file, resolve(cwd, first.file), first.gzip, delimiter, probe);
    for (const name of probe.known.names) initial.known.add(name);
  }

  let started = false;
  return {
    info,
    get counts(): ReadCounts {
      return { rows: ctx.nextRow, skipped: ctx.skipped };
    },
    async *batches(): AsyncGenerator<DataBatch> {
      if (started) {
        ctx = new ReadContext(batchRows, projection, onIssue);
        for (const name of initial.known.names) ctx.known.add(name);
      }
      started = true;
      for (const { file, gzip } of detected) {
        const fullPath = resolve(cwd, file);
        if (parquet !== undefined) {
          const source: ParquetSource = await parquet.openParquet(file, fullPath);
          try {
            yield* parquet.readParquetFile(source, ctx);
          } finally {
            await source.close();
          }
        } else if (format === 'jsonl') {
          yield* readJsonLinesFile(file, fullPath, gzip, ctx);
        } else if (format === 'json') {
          yield* readJsonArrayFile(file, fullPath, gzip, ctx);
        } else {
          yield* readDelimitedFile(file, fullPath, gzip, format === 'csv' ? ',' : '\t', ctx);
        }
      }
      if (projection !== undefined && (format === 'json' || format === 'jsonl')) {
        checkJsonProjection(projection, ctx, first.file);
      }
    },
  };
}
