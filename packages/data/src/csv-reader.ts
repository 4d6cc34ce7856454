import { DataError } from '@modelgate/core';
import type { Batch } from './batch';
import { CsvParser, type CsvRecordSink } from './csv-parser';
import type { ReadContext } from './read-context';
import { readTextChunks } from './text-chunks';
import type { CellValue } from './types';

/** The longest record held while waiting for its end, in UTF-16 code units. */
export const MAX_RECORD_CHARS = 64 * 1024 * 1024;

/** The header of a delimited file, with names made unique. */
interface Header {
  readonly names: string[];
  /** For each kept column, its field index. */
  readonly fieldIndex: number[];
  readonly keptNames: string[];
}

/**
 * Streams a CSV or TSV file as batches of text cells. The first record is the header. A record
 * with a different number of fields, invalid UTF-8 or an unclosed quote is reported through the
 * context and skipped.
 *
 * @throws DataError when the file is empty, its header is broken, a projected column is not in
 *   the header, or a record grows past {@link MAX_RECORD_CHARS}.
 */
export async function* readDelimitedFile(
  file: string,
  fullPath: string,
  gzip: boolean,
  delimiter: ',' | '\t',
  ctx: ReadContext,
): AsyncGenerator<Batch> {
  const sink = new DelimitedSink(file, ctx);
  const parser = new CsvParser(delimiter.charCodeAt(0), sink);
  for await (const chunk of readTextChunks(file, fullPath, gzip)) {
    parser.push(chunk);
    if (parser.pendingChars > MAX_RECORD_CHARS) {
      throw new DataError(
        `${file}: the record starting at line ${parser.pendingLine} is longer than ${MAX_RECORD_CHARS / 1024 / 1024} Mi characters.`,
        {
          code: 'malformed-data',
          hint: 'Look for a quote (") that is opened and never closed.',
          location: { file, line: parser.pendingLine },
        },
      );
    }
    yield* sink.take();
  }
  parser.end();
  if (sink.header === undefined) throw emptyFile(file);
  yield* sink.take(true);
}

/**
 * Reads only the header of a CSV or TSV file (usually from its first chunk) and adds its columns
 * to the context's known columns.
 *
 * @throws DataError as {@link readDelimitedFile} does for the header.
 */
export async function readDelimitedHeader(
  file: string,
  fullPath: string,
  gzip: boolean,
  delimiter: ',' | '\t',
  ctx: ReadContext,
): Promise<void> {
  const sink = new DelimitedSink(file, ctx, true);
  const parser = new CsvParser(delimiter.charCodeAt(0), sink);
  for await (const chunk of readTextChunks(file, fullPath, gzip)) {
    parser.push(chunk);
    if (sink.header !== undefined) return;
    if (parser.pendingChars > MAX_RECORD_CHARS) break;
  }
  parser.end();
  if (sink.header === undefined) throw emptyFile(file);
}

function emptyFile(file: string): DataError {
  return new DataError(`${file} is empty: it has no header row.`, {
    code: 'empty-data',
    hint: 'Give a file with a header row naming the columns.',
    location: { file },
  });
}

class DelimitedSink implements CsvRecordSink {
  header: Header | undefined;
  private columns: CellValue[][] = [];
  private lines: number[] = [];
  private readonly ready: Batch[] = [];

  constructor(
    private readonly file: string,
    private readonly ctx: ReadContext,
    private readonly headerOnly = false,
  ) {}

  record(
    fields: readonly (string | null)[],
    count: number,
    line: number,
    invalidUtf8: boolean,
  ): void {
    const header = this.header;
    if (header === undefined) {
      this.header = this.readHeader(fields, count, line, invalidUtf8);
      return;
    }
    if (this.headerOnly) return;
    if (invalidUtf8) {
      this.ctx.issue(
        {
          file: this.file,
          line,
          code: 'invalid-utf8',
          message: 'the row holds bytes that are not valid UTF-8',
        },
        true,
      );
      return;
    }
    if (count !== header.names.length) {
      this.ctx.issue(
        {
          file: this.file,
          line,
          code: 'ragged-row',
          message: `the row has ${count} fields but the header has ${header.names.length}`,
        },
        true,
      );
      return;
    }
    const index = header.fieldIndex;
    const columns = this.columns;
    for (let k = 0; k < index.length; k++) columns[k]!.push(fields[index[k]!]!);
    this.lines.push(line);
    if (this.lines.length >= this.ctx.batchRows) this.flush();
  }

  unterminated(line: number): void {
    if (this.header === undefined) {
      throw new DataError(`${this.file}:${line}: the header has a quote that is never closed.`, {
        code: 'malformed-data',
        hint: 'Close the quote, or escape a quote inside a quoted field as "".',
        location: { file: this.file, line },
      });
    }
    this.ctx.issue(
      {
        file: this.file,
        line,
        code: 'unterminated-quote',
        message:
          'a quoted field opened here is never closed, so the rest of the file is one unreadable row',
      },
      true,
    );
  }

  /** The batches made so far; with `final`, also the last partial one. */
  take(final = false): Batch[] {
    if (final && this.lines.length > 0) this.flush();
    return this.ready.splice(0);
  }

  private flush(): void {
    const header = this.header!;
    const map = new Map<string, CellValue[]>();
    header.keptNames.forEach((name, k) => map.set(name, this.columns[k]!));
    this.ready.push(this.ctx.batch(this.file, map, this.lines.length, this.lines));
    this.columns = header.keptNames.map(() => []);
    this.lines = [];
  }

  private readHeader(
    fields: readonly (string | null)[],
    count: number,
    line: number,
    invalidUtf8: boolean,
  ): Header {
    if (invalidUtf8) {
      throw new DataError(
        `${this.file}:${line}: the header holds bytes that are not valid UTF-8.`,
        {
          code: 'invalid-utf8',
          hint: 'Save the file as UTF-8.',
          location: { file: this.file, line },
        },
      );
    }
    const names: string[] = [];
    const used = new Set<string>();
    for (let k = 0; k < count; k++) {
      const raw = fields[k];
      let name = raw === null || raw === undefined || raw === '' ? `Unnamed: ${k}` : raw;
      if (used.has(name)) {
        let n = 1;
        while (used.has(`${name}.${n}`)) n++;
        const renamed = `${name}.${n}`;
        this.ctx.issue(
          {
            file: this.file,
            line,
            code: 'duplicate-column',
            message: `the column name ${JSON.stringify(name)} appears twice; the later one is read as ${JSON.stringify(renamed)}`,
          },
          false,
        );
        name = renamed;
      }
      used.add(name);
      names.push(name);
    }
    const wanted = this.ctx.projection;
    let keptNames = names;
    if (wanted !== undefined) {
      const missing = wanted.filter((name) => !used.has(name));
      if (missing.length > 0) {
        throw new DataError(
          `${this.file}: no column ${missing.map((m) => JSON.stringify(m)).join(', ')} in the header (columns: ${names.join(', ')}).`,
          {
            code: 'missing-column',
            hint: 'Check the column names in the inputs against the header.',
            location: { file: this.file, line },
          },
        );
      }
      keptNames = [...wanted];
    }
    for (const name of keptNames) this.ctx.known.add(name);
    this.columns = keptNames.map(() => []);
    return { names, keptNames, fieldIndex: keptNames.map((name) => names.indexOf(name)) };
  }
}
