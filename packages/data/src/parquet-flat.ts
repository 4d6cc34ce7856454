/**
 * A fast path for flat Parquet columns (a top-level, non-repeated leaf: the usual table column).
 * hyparquet's public reader assembles every value through its general nested-list assembler,
 * which spent a third of the read time on flights-3m.parquet; here the pages are decoded with
 * hyparquet's own page functions and the values are spread over one preallocated array, with
 * null where the definition level says so, and INT64 turned into numbers when exact.
 */
import type { AsyncBuffer, ColumnMetaData, DecodedArray, SchemaTree } from 'hyparquet';
import { compressors } from 'hyparquet-compressors';
import { parquetHeader } from 'hyparquet/src/column.js';
import { convert, convertWithDictionary, DEFAULT_PARSERS } from 'hyparquet/src/convert.js';
import { decompressPage, readDataPage, readDataPageV2 } from 'hyparquet/src/datapage.js';
import { readPlain } from 'hyparquet/src/plain.js';
import type { ColumnDecoder } from 'hyparquet/src/types.js';
import type { CellValue } from './types';

/** Whether a top-level column is flat (a leaf, not repeated), so {@link readFlatColumn} reads it. */
export function isFlat(column: SchemaTree): boolean {
  return column.children.length === 0 && column.element.repetition_type !== 'REPEATED';
}

/**
 * Decodes one flat column chunk of one row group into `rows` cells.
 *
 * @throws Error when the chunk is malformed or holds a different number of values (the caller
 *   turns it into a DataError naming the file).
 */
export async function readFlatColumn(
  file: AsyncBuffer,
  root: SchemaTree,
  column: SchemaTree,
  meta: ColumnMetaData,
  rows: number,
): Promise<CellValue[]> {
  const start = Number(meta.dictionary_page_offset || meta.data_page_offset);
  const end = start + Number(meta.total_compressed_size);
  const buffer = await file.slice(start, end);
  const view = new DataView(buffer);
  const reader = { view, offset: 0 };
  const element = column.element;
  const decoder: ColumnDecoder = {
    pathInSchema: meta.path_in_schema,
    type: meta.type,
    element,
    schemaPath: [root, column],
    codec: meta.codec,
    parsers: DEFAULT_PARSERS,
    compressors,
    utf8: true,
  };
  const out = new Array<CellValue>(rows);
  let filled = 0;
  let dictionary: DecodedArray | undefined;
  while (filled < rows && reader.offset < view.byteLength - 1) {
    const header = parquetHeader(reader);
    const bytes = new Uint8Array(buffer, reader.offset, header.compressed_page_size);
    reader.offset += header.compressed_page_size;
    if (header.type === 'DICTIONARY_PAGE') {
      const count = header.dictionary_page_header?.num_values ?? 0;
      const page = decompressPage(
        bytes,
        Number(header.uncompressed_page_size),
        meta.codec,
        compressors,
      );
      const pageReader = {
        view: new DataView(page.buffer, page.byteOffset, page.byteLength),
        offset: 0,
      };
      dictionary = convert(readPlain(pageReader, meta.type, count, element.type_length), decoder);
      continue;
    }
    let levels: number[];
    let values: DecodedArray;
    let encoding: string;
    if (header.type === 'DATA_PAGE' && header.data_page_header) {
      const page = decompressPage(
        bytes,
        Number(header.uncompressed_page_size),
        meta.codec,
        compressors,
      );
      const decoded = readDataPage(page, header.data_page_header, decoder);
      levels = decoded.definitionLevels ?? [];
      values = decoded.dataPage;
      encoding = header.data_page_header.encoding;
    } else if (header.type === 'DATA_PAGE_V2' && header.data_page_header_v2) {
      const decoded = readDataPageV2(bytes, header, decoder);
      levels = decoded.definitionLevels ?? [];
      values = decoded.dataPage;
      encoding = header.data_page_header_v2.encoding;
    } else {
      continue; // an index page
    }
    const cells = convertWithDictionary(values, dictionary, encoding as never, decoder);
    const count = levels.length > 0 ? levels.length : cells.length;
    if (filled + count > rows) throw new Error(`column ${element.name} has more values than rows`);
    if (levels.length === 0) {
      for (let i = 0; i < count; i++) out[filled++] = cell(cells[i]);
    } else {
      let v = 0;
      for (let i = 0; i < count; i++) out[filled++] = levels[i] === 1 ? cell(cells[v++]) : null;
    }
  }
  if (filled !== rows)
    throw new Error(`column ${element.name} has ${filled} values for ${rows} rows`);
  return out;
}

const MAX_SAFE = BigInt(Number.MAX_SAFE_INTEGER);
const MIN_SAFE = BigInt(Number.MIN_SAFE_INTEGER);

function cell(value: unknown): CellValue {
  if (typeof value === 'bigint')
    return value <= MAX_SAFE && value >= MIN_SAFE ? Number(value) : value;
  return value ?? null;
}

/** The schema tree's top-level column named `name`. */
export function topLevelColumn(root: SchemaTree, name: string): SchemaTree | undefined {
  return root.children.find((child) => child.element.name === name);
}
