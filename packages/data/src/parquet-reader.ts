import { open, type FileHandle } from 'node:fs/promises';
import { DataError, describeFsError, getErrorMessage } from '@modelgate/core';
import { parquetMetadataAsync, parquetRead, parquetSchema } from 'hyparquet';
import type { AsyncBuffer, DecodedArray, FileMetaData, SchemaTree } from 'hyparquet';
import { compressors } from 'hyparquet-compressors';
import type { Batch } from './batch';
import { isFlat, readFlatColumn, topLevelColumn } from './parquet-flat';
import type { ReadContext } from './read-context';
import type { CellValue } from './types';

/** An open Parquet file: its footer, and byte ranges read on demand through a file handle. */
export interface ParquetSource {
  readonly file: string;
  readonly metadata: FileMetaData;
  readonly buffer: AsyncBuffer;
  /** Top-level column names, in schema order. */
  readonly columns: readonly string[];
  readonly schema: SchemaTree;
  readonly rows: number;
  close(): Promise<void>;
}

/**
 * Opens a Parquet file and reads its footer (nothing else).
 *
 * @throws DataError naming the file when it cannot be opened or is not a Parquet file.
 */
export async function openParquet(file: string, fullPath: string): Promise<ParquetSource> {
  let handle: FileHandle;
  try {
    handle = await open(fullPath, 'r');
  } catch (err) {
    throw new DataError(`Cannot read ${file}: ${describeFsError(err)}.`, {
      code: 'unreadable-file',
      location: { file },
      cause: err,
    });
  }
  try {
    const { size } = await handle.stat();
    const buffer = handleBuffer(handle, size);
    const metadata = await parquetMetadataAsync(buffer);
    const schema = parquetSchema(metadata);
    const columns = schema.children.map((child) => child.element.name);
    return {
      file,
      metadata,
      buffer,
      columns,
      schema,
      rows: Number(metadata.num_rows),
      close: () => handle.close(),
    };
  } catch (err) {
    await handle.close();
    throw new DataError(`${file} is not a readable Parquet file: ${getErrorMessage(err)}`, {
      code: 'malformed-data',
      hint: 'Check that the file is complete and really Parquet, or set the format input.',
      location: { file },
      cause: err,
    });
  }
}

/** An AsyncBuffer whose slices are positioned reads of the file handle. */
function handleBuffer(handle: FileHandle, size: number): AsyncBuffer {
  return {
    byteLength: size,
    async slice(start: number, end: number = size): Promise<ArrayBuffer> {
      const length = Math.max(0, Math.min(end, size) - start);
      const bytes = new Uint8Array(length);
      let done = 0;
      while (done < length) {
        const { bytesRead } = await handle.read(bytes, done, length - done, start + done);
        if (bytesRead === 0) throw new Error(`unexpected end of file at byte ${start + done}`);
        done += bytesRead;
      }
      return bytes.buffer;
    },
  };
}

/**
 * Streams a Parquet file one row group at a time (only the projected column chunks of that row
 * group are read and decoded), cut into batches of at most `batchRows` rows. Memory is bounded
 * by one row group. INT64 values come as numbers when they fit a double exactly, as bigint
 * otherwise; timestamps come as Date; strings as strings.
 *
 * @throws DataError when a projected column is missing or a page cannot be decoded.
 */
export async function* readParquetFile(
  source: ParquetSource,
  ctx: ReadContext,
): AsyncGenerator<Batch> {
  const { file, metadata } = source;
  const wanted = checkProjection(source, ctx.projection);
  for (const name of wanted) ctx.known.add(name);
  let groupStart = 0;
  for (const [groupIndex, group] of metadata.row_groups.entries()) {
    const groupRows = Number(group.num_rows);
    const columns = await readRowGroup(
      source,
      wanted,
      groupIndex,
      groupStart,
      groupStart + groupRows,
    );
    for (let offset = 0; offset < groupRows; offset += ctx.batchRows) {
      const rows = Math.min(ctx.batchRows, groupRows - offset);
      const map = new Map<string, CellValue[]>();
      for (const name of wanted) {
        const all = columns.get(name)!;
        map.set(name, offset === 0 && rows === groupRows ? all : all.slice(offset, offset + rows));
      }
      yield ctx.batch(file, map, rows, undefined, groupStart + offset + 1);
    }
    groupStart += groupRows;
  }
}

/**
 * The columns to read: the projection, or every column.
 *
 * @throws DataError naming a projected column that the file lacks.
 */
export function checkProjection(
  source: ParquetSource,
  projection: readonly string[] | undefined,
): readonly string[] {
  const wanted = projection ?? source.columns;
  const missing = wanted.filter((name) => !source.columns.includes(name));
  if (missing.length > 0) {
    throw new DataError(
      `${source.file}: no column ${missing.map((m) => JSON.stringify(m)).join(', ')} (columns: ${source.columns.join(', ')}).`,
      {
        code: 'missing-column',
        hint: 'Check the column names in the inputs.',
        location: { file: source.file },
      },
    );
  }
  return wanted;
}

async function readRowGroup(
  source: ParquetSource,
  columns: readonly string[],
  groupIndex: number,
  rowStart: number,
  rowEnd: number,
): Promise<Map<string, CellValue[]>> {
  const rows = rowEnd - rowStart;
  const group = source.metadata.row_groups[groupIndex]!;
  const out = new Map<string, CellValue[]>();
  const nested: string[] = [];
  try {
    const flat = columns.map(async (name) => {
      const column = topLevelColumn(source.schema, name);
      const meta = group.columns.find((c) => c.meta_data?.path_in_schema[0] === name)?.meta_data;
      if (column === undefined || meta === undefined || !isFlat(column)) {
        nested.push(name);
        return;
      }
      out.set(name, await readFlatColumn(source.buffer, source.schema, column, meta, rows));
    });
    await Promise.all(flat);
    if (nested.length > 0) {
      for (const [name, values] of await readNestedColumns(source, nested, rowStart, rowEnd)) {
        out.set(name, values);
      }
    }
  } catch (err) {
    throw new DataError(
      `${source.file}: cannot decode the rows ${rowStart + 1}-${rowEnd}: ${getErrorMessage(err)}`,
      { code: 'malformed-data', location: { file: source.file, line: rowStart + 1 }, cause: err },
    );
  }
  const ordered = new Map<string, CellValue[]>();
  for (const name of columns) {
    const values = out.get(name) ?? [];
    if (values.length !== rows) {
      throw new DataError(
        `${source.file}: column ${JSON.stringify(name)} has ${values.length} values in rows ${rowStart + 1}-${rowEnd}, expected ${rows}.`,
        { code: 'malformed-data', location: { file: source.file, line: rowStart + 1 } },
      );
    }
    ordered.set(name, values);
  }
  return ordered;
}

/** Reads nested columns (structs, lists, maps) with hyparquet's general reader. */
async function readNestedColumns(
  source: ParquetSource,
  columns: readonly string[],
  rowStart: number,
  rowEnd: number,
): Promise<Map<string, CellValue[]>> {
  const chunks = new Map<string, DecodedArray[]>();
  await parquetRead({
    file: source.buffer,
    metadata: source.metadata,
    compressors,
    columns: [...columns],
    rowStart,
    rowEnd,
    onChunk(chunk) {
      let list = chunks.get(chunk.columnName);
      if (list === undefined) chunks.set(chunk.columnName, (list = []));
      list.push(chunk.columnData);
    },
  });
  const out = new Map<string, CellValue[]>();
  for (const name of columns) out.set(name, toCells(chunks.get(name) ?? []));
  return out;
}

/** Joins decoded chunks into one plain array, with safe INT64 values as numbers. */
function toCells(chunks: readonly DecodedArray[]): CellValue[] {
  let out: CellValue[];
  if (chunks.length === 1 && Array.isArray(chunks[0])) {
    out = chunks[0] as CellValue[];
  } else {
    out = [];
    for (const chunk of chunks) {
      for (let i = 0; i < chunk.length; i++) out.push(chunk[i] as CellValue);
    }
  }
  for (let i = 0; i < out.length; i++) {
    const v = out[i];
    if (typeof v === 'bigint' && v <= MAX_SAFE && v >= MIN_SAFE) out[i] = Number(v);
  }
  return out;
}

const MAX_SAFE = BigInt(Number.MAX_SAFE_INTEGER);
const MIN_SAFE = BigInt(Number.MIN_SAFE_INTEGER);
