export const id = 682;
export const ids = [682];
export const modules = {

/***/ 20682:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

// ESM COMPAT FLAG
__webpack_require__.r(__webpack_exports__);

// EXPORTS
__webpack_require__.d(__webpack_exports__, {
  checkProjection: () => (/* binding */ checkProjection),
  openParquet: () => (/* binding */ openParquet),
  readParquetFile: () => (/* binding */ readParquetFile)
});

// EXTERNAL MODULE: external "node:fs/promises"
var promises_ = __webpack_require__(51455);
// EXTERNAL MODULE: ./packages/core/src/errors.ts
var errors = __webpack_require__(37638);
// EXTERNAL MODULE: ./packages/core/src/fs-error.ts
var fs_error = __webpack_require__(5725);
// EXTERNAL MODULE: ./node_modules/hyparquet/src/metadata.js + 1 modules
var src_metadata = __webpack_require__(96367);
// EXTERNAL MODULE: ./node_modules/hyparquet/src/read.js + 8 modules
var read = __webpack_require__(27992);
// EXTERNAL MODULE: ./node_modules/hyparquet-compressors/src/index.js + 16 modules
var src = __webpack_require__(20138);
// EXTERNAL MODULE: ./node_modules/hyparquet/src/column.js
var src_column = __webpack_require__(16167);
// EXTERNAL MODULE: ./node_modules/hyparquet/src/convert.js + 1 modules
var convert = __webpack_require__(69234);
// EXTERNAL MODULE: ./node_modules/hyparquet/src/datapage.js + 3 modules
var datapage = __webpack_require__(83969);
// EXTERNAL MODULE: ./node_modules/hyparquet/src/plain.js
var plain = __webpack_require__(74809);
;// CONCATENATED MODULE: ./packages/data/src/parquet-flat.ts





/** Whether a top-level column is flat (a leaf, not repeated), so {@link readFlatColumn} reads it. */
function isFlat(column) {
    return column.children.length === 0 && column.element.repetition_type !== 'REPEATED';
}
/**
 * Decodes one flat column chunk of one row group into `rows` cells.
 *
 * @throws Error when the chunk is malformed or holds a different number of values (the caller
 *   turns it into a DataError naming the file).
 */
async function readFlatColumn(file, root, column, meta, rows) {
    const start = Number(meta.dictionary_page_offset || meta.data_page_offset);
    const end = start + Number(meta.total_compressed_size);
    const buffer = await file.slice(start, end);
    const view = new DataView(buffer);
    const reader = { view, offset: 0 };
    const element = column.element;
    const decoder = {
        pathInSchema: meta.path_in_schema,
        type: meta.type,
        element,
        schemaPath: [root, column],
        codec: meta.codec,
        parsers: convert/* DEFAULT_PARSERS */.Rc,
        compressors: src/* compressors */.Vm,
        utf8: true,
    };
    const out = new Array(rows);
    let filled = 0;
    let dictionary;
    while (filled < rows && reader.offset < view.byteLength - 1) {
        const header = (0,src_column/* parquetHeader */.wK)(reader);
        const bytes = new Uint8Array(buffer, reader.offset, header.compressed_page_size);
        reader.offset += header.compressed_page_size;
        if (header.type === 'DICTIONARY_PAGE') {
            const count = header.dictionary_page_header?.num_values ?? 0;
            const page = (0,datapage/* decompressPage */.tC)(bytes, Number(header.uncompressed_page_size), meta.codec, src/* compressors */.Vm);
            const pageReader = {
                view: new DataView(page.buffer, page.byteOffset, page.byteLength),
                offset: 0,
            };
            dictionary = (0,convert/* convert */.C6)((0,plain/* readPlain */.r)(pageReader, meta.type, count, element.type_length), decoder);
            continue;
        }
        let levels;
        let values;
        let encoding;
        if (header.type === 'DATA_PAGE' && header.data_page_header) {
            const page = (0,datapage/* decompressPage */.tC)(bytes, Number(header.uncompressed_page_size), meta.codec, src/* compressors */.Vm);
            const decoded = (0,datapage/* readDataPage */.kS)(page, header.data_page_header, decoder);
            levels = decoded.definitionLevels ?? [];
            values = decoded.dataPage;
            encoding = header.data_page_header.encoding;
        }
        else if (header.type === 'DATA_PAGE_V2' && header.data_page_header_v2) {
            const decoded = (0,datapage/* readDataPageV2 */.uD)(bytes, header, decoder);
            levels = decoded.definitionLevels ?? [];
            values = decoded.dataPage;
            encoding = header.data_page_header_v2.encoding;
        }
        else {
            continue; // an index page
        }
        const cells = (0,convert/* convertWithDictionary */.Km)(values, dictionary, encoding, decoder);
        const count = levels.length > 0 ? levels.length : cells.length;
        if (filled + count > rows)
            throw new Error(`column ${element.name} has more values than rows`);
        if (levels.length === 0) {
            for (let i = 0; i < count; i++)
                out[filled++] = cell(cells[i]);
        }
        else {
            let v = 0;
            for (let i = 0; i < count; i++)
                out[filled++] = levels[i] === 1 ? cell(cells[v++]) : null;
        }
    }
    if (filled !== rows)
        throw new Error(`column ${element.name} has ${filled} values for ${rows} rows`);
    return out;
}
const MAX_SAFE = BigInt(Number.MAX_SAFE_INTEGER);
const MIN_SAFE = BigInt(Number.MIN_SAFE_INTEGER);
function cell(value) {
    if (typeof value === 'bigint')
        return value <= MAX_SAFE && value >= MIN_SAFE ? Number(value) : value;
    return value ?? null;
}
/** The schema tree's top-level column named `name`. */
function topLevelColumn(root, name) {
    return root.children.find((child) => child.element.name === name);
}

;// CONCATENATED MODULE: ./packages/data/src/parquet-reader.ts





/**
 * Opens a Parquet file and reads its footer (nothing else).
 *
 * @throws DataError naming the file when it cannot be opened or is not a Parquet file.
 */
async function openParquet(file, fullPath) {
    let handle;
    try {
        handle = await (0,promises_.open)(fullPath, 'r');
    }
    catch (err) {
        throw new errors/* DataError */.fL(`Cannot read ${file}: ${(0,fs_error/* describeFsError */.T)(err)}.`, {
            code: 'unreadable-file',
            location: { file },
            cause: err,
        });
    }
    try {
        const { size } = await handle.stat();
        const buffer = handleBuffer(handle, size);
        const metadata = await (0,src_metadata/* parquetMetadataAsync */.Ei)(buffer);
        const schema = (0,src_metadata/* parquetSchema */.YR)(metadata);
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
    }
    catch (err) {
        await handle.close();
        throw new errors/* DataError */.fL(`${file} is not a readable Parquet file: ${(0,errors/* getErrorMessage */.u1)(err)}`, {
            code: 'malformed-data',
            hint: 'Check that the file is complete and really Parquet, or set the format input.',
            location: { file },
            cause: err,
        });
    }
}
/** An AsyncBuffer whose slices are positioned reads of the file handle. */
function handleBuffer(handle, size) {
    return {
        byteLength: size,
        async slice(start, end = size) {
            const length = Math.max(0, Math.min(end, size) - start);
            const bytes = new Uint8Array(length);
            let done = 0;
            while (done < length) {
                const { bytesRead } = await handle.read(bytes, done, length - done, start + done);
                if (bytesRead === 0)
                    throw new Error(`unexpected end of file at byte ${start + done}`);
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
async function* readParquetFile(source, ctx) {
    const { file, metadata } = source;
    const wanted = checkProjection(source, ctx.projection);
    for (const name of wanted)
        ctx.known.add(name);
    let groupStart = 0;
    for (const [groupIndex, group] of metadata.row_groups.entries()) {
        const groupRows = Number(group.num_rows);
        const columns = await readRowGroup(source, wanted, groupIndex, groupStart, groupStart + groupRows);
        for (let offset = 0; offset < groupRows; offset += ctx.batchRows) {
            const rows = Math.min(ctx.batchRows, groupRows - offset);
            const map = new Map();
            for (const name of wanted) {
                const all = columns.get(name);
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
function checkProjection(source, projection) {
    const wanted = projection ?? source.columns;
    const missing = wanted.filter((name) => !source.columns.includes(name));
    if (missing.length > 0) {
        throw new errors/* DataError */.fL(`${source.file}: no column ${missing.map((m) => JSON.stringify(m)).join(', ')} (columns: ${source.columns.join(', ')}).`, {
            code: 'missing-column',
            hint: 'Check the column names in the inputs.',
            location: { file: source.file },
        });
    }
    return wanted;
}
async function readRowGroup(source, columns, groupIndex, rowStart, rowEnd) {
    const rows = rowEnd - rowStart;
    const group = source.metadata.row_groups[groupIndex];
    const out = new Map();
    const nested = [];
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
    }
    catch (err) {
        throw new errors/* DataError */.fL(`${source.file}: cannot decode the rows ${rowStart + 1}-${rowEnd}: ${(0,errors/* getErrorMessage */.u1)(err)}`, { code: 'malformed-data', location: { file: source.file, line: rowStart + 1 }, cause: err });
    }
    const ordered = new Map();
    for (const name of columns) {
        const values = out.get(name) ?? [];
        if (values.length !== rows) {
            throw new errors/* DataError */.fL(`${source.file}: column ${JSON.stringify(name)} has ${values.length} values in rows ${rowStart + 1}-${rowEnd}, expected ${rows}.`, { code: 'malformed-data', location: { file: source.file, line: rowStart + 1 } });
        }
        ordered.set(name, values);
    }
    return ordered;
}
/** Reads nested columns (structs, lists, maps) with hyparquet's general reader. */
async function readNestedColumns(source, columns, rowStart, rowEnd) {
    const chunks = new Map();
    await (0,read/* parquetRead */.bA)({
        file: source.buffer,
        metadata: source.metadata,
        compressors: src/* compressors */.Vm,
        columns: [...columns],
        rowStart,
        rowEnd,
        onChunk(chunk) {
            let list = chunks.get(chunk.columnName);
            if (list === undefined)
                chunks.set(chunk.columnName, (list = []));
            list.push(chunk.columnData);
        },
    });
    const out = new Map();
    for (const name of columns)
        out.set(name, toCells(chunks.get(name) ?? []));
    return out;
}
/** Joins decoded chunks into one plain array, with safe INT64 values as numbers. */
function toCells(chunks) {
    let out;
    if (chunks.length === 1 && Array.isArray(chunks[0])) {
        out = chunks[0];
    }
    else {
        out = [];
        for (const chunk of chunks) {
            for (let i = 0; i < chunk.length; i++)
                out.push(chunk[i]);
        }
    }
    for (let i = 0; i < out.length; i++) {
        const v = out[i];
        if (typeof v === 'bigint' && v <= parquet_reader_MAX_SAFE && v >= parquet_reader_MIN_SAFE)
            out[i] = Number(v);
    }
    return out;
}
const parquet_reader_MAX_SAFE = BigInt(Number.MAX_SAFE_INTEGER);
const parquet_reader_MIN_SAFE = BigInt(Number.MIN_SAFE_INTEGER);


/***/ })

};
