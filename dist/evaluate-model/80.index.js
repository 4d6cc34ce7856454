export const id = 80;
export const ids = [80];
export const modules = {

/***/ 62438:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   L: () => (/* binding */ jsonCell),
/* harmony export */   f: () => (/* binding */ loadEvalSet)
/* harmony export */ });
/* harmony import */ var _modelgate_core__WEBPACK_IMPORTED_MODULE_2__ = __webpack_require__(37638);
/* harmony import */ var _modelgate_core__WEBPACK_IMPORTED_MODULE_4__ = __webpack_require__(29884);
/* harmony import */ var _modelgate_core__WEBPACK_IMPORTED_MODULE_5__ = __webpack_require__(28767);
/* harmony import */ var _modelgate_data__WEBPACK_IMPORTED_MODULE_1__ = __webpack_require__(89718);
/* harmony import */ var _modelgate_data__WEBPACK_IMPORTED_MODULE_3__ = __webpack_require__(16326);
/* harmony import */ var _inputs__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(37811);



/**
 * Reads the eval set and checks it: the sha256 (when pinned), the label and slice columns, unique
 * ids, and a label on every row. Throws a DataError naming the file and line, or the input.
 */
async function loadEvalSet(options) {
    const { path } = options;
    const fp = await (0,_modelgate_data__WEBPACK_IMPORTED_MODULE_1__/* .fingerprintFile */ .R)(path, options.cwd);
    if (options.expectedSha256 !== undefined && fp.sha256 !== options.expectedSha256) {
        throw new _modelgate_core__WEBPACK_IMPORTED_MODULE_2__/* .DataError */ .fL(`The eval set ${path} has changed: its sha256 is ${fp.sha256}, but '${_inputs__WEBPACK_IMPORTED_MODULE_0__/* .Input */ .pd.ExpectedSha256}' pins ${options.expectedSha256}.`, {
            code: 'dataset-changed',
            hint: `If the change is intended, update '${_inputs__WEBPACK_IMPORTED_MODULE_0__/* .Input */ .pd.ExpectedSha256}' (and the baseline); else restore the file.`,
            location: { file: path },
        });
    }
    const table = await (0,_modelgate_data__WEBPACK_IMPORTED_MODULE_3__/* .readColumns */ .E)(path, options.cwd === undefined ? {} : { cwd: options.cwd });
    const columns = table.columns;
    const need = (name, input) => {
        const column = table.column(name);
        if (column === undefined) {
            throw new _modelgate_core__WEBPACK_IMPORTED_MODULE_2__/* .DataError */ .fL(`The eval set ${path} has no column "${name}" (input '${input}'). Its columns: ${columns.slice(0, 30).join(', ')}.`, { hint: `Set '${input}' to one of the columns.`, location: { file: path } });
        }
        return column;
    };
    const expected = jsonColumn(need(options.labelColumn, _inputs__WEBPACK_IMPORTED_MODULE_0__/* .Input */ .pd.LabelColumn));
    const sliceColumns = options.sliceBy.map((name) => need(name, _inputs__WEBPACK_IMPORTED_MODULE_0__/* .Input */ .pd.SliceBy));
    const idColumn = table.column(options.idColumn);
    const idsFromIndex = idColumn === undefined;
    const where = (index) => ({ file: table.fileOf(index), line: table.lineOf(index) });
    const size = table.rows;
    const ids = new Array(size);
    const idIndex = new Map();
    for (let index = 0; index < size; index++) {
        let id;
        if (idColumn === undefined)
            id = String(index);
        else {
            const raw = idColumn[index];
            const text = typeof raw === 'string' && raw !== '' ? raw : (0,_modelgate_core__WEBPACK_IMPORTED_MODULE_4__/* .labelOf */ .W)(raw);
            if (text === undefined) {
                throw new _modelgate_core__WEBPACK_IMPORTED_MODULE_2__/* .DataError */ .fL(`Row ${index + 1} of ${path} has no id in column "${options.idColumn}".`, {
                    hint: 'Every eval row needs a unique id (check-regression pairs examples by id).',
                    location: where(index),
                });
            }
            id = text;
        }
        const seenAt = idIndex.get(id);
        if (seenAt !== undefined) {
            throw new _modelgate_core__WEBPACK_IMPORTED_MODULE_2__/* .DataError */ .fL(`The eval set ${path} has id ${JSON.stringify(id)} twice (lines ${table.lineOf(seenAt)} and ${table.lineOf(index)}).`, { hint: 'Ids must be unique.', location: where(index) });
        }
        idIndex.set(id, index);
        ids[index] = id;
        if ((0,_modelgate_core__WEBPACK_IMPORTED_MODULE_4__/* .labelOf */ .W)(expected[index]) === undefined) {
            throw new _modelgate_core__WEBPACK_IMPORTED_MODULE_2__/* .DataError */ .fL(`Row ${index + 1} of ${path} has no label in column "${options.labelColumn}".`, { hint: 'Every eval row needs its expected label (or value).', location: where(index) });
        }
    }
    let slices;
    if (sliceColumns.length > 0) {
        // Rows with the same slice values share one (frozen) object: there are few combinations.
        slices = new Array(size);
        const root = { next: new Map() };
        for (let index = 0; index < size; index++) {
            let node = root;
            for (let c = 0; c < sliceColumns.length; c++) {
                const value = (0,_modelgate_core__WEBPACK_IMPORTED_MODULE_4__/* .labelOf */ .W)(sliceColumns[c][index]) ?? '(missing)';
                let child = node.next.get(value);
                if (child === undefined) {
                    child = { next: new Map() };
                    node.next.set(value, child);
                }
                node = child;
            }
            if (node.values === undefined) {
                const s = {};
                for (let c = 0; c < sliceColumns.length; c++) {
                    const value = (0,_modelgate_core__WEBPACK_IMPORTED_MODULE_4__/* .labelOf */ .W)(sliceColumns[c][index]) ?? '(missing)';
                    (0,_modelgate_core__WEBPACK_IMPORTED_MODULE_5__/* .setOwn */ .P)(s, options.sliceBy[c], value);
                }
                node.values = Object.freeze(s);
            }
            slices[index] = node.values;
        }
    }
    return {
        path,
        fingerprint: { role: 'dataset', path, sha256: fp.sha256, bytes: fp.bytes, rows: size },
        columns,
        size,
        ids,
        idIndex,
        expected,
        slices,
        idsFromIndex,
        row: (index) => new TableRow(ids[index], index, table),
    };
}
/** An eval row backed by the table: `fields` (every column, null when missing) is made once, on
 * first use, so that sources that need only the id (a predictions file) cost no object per row. */
class TableRow {
    id;
    index;
    table;
    #fields;
    constructor(id, index, table) {
        this.id = id;
        this.index = index;
        this.table = table;
    }
    get fields() {
        if (this.#fields === undefined) {
            const values = {};
            for (const name of this.table.columns) {
                (0,_modelgate_core__WEBPACK_IMPORTED_MODULE_5__/* .setOwn */ .P)(values, name, jsonCell(this.table.column(name)?.[this.index] ?? null));
            }
            this.#fields = values;
        }
        return this.#fields;
    }
}
/**
 * A cell as JSON can carry it. Parquet's INT64 values beyond ±2^53 come from the reader as
 * bigint, which JSON has no form for (`JSON.stringify` throws): they become their decimal text,
 * every digit kept, also inside lists and structs. Labels compare as text anyway, and a
 * regression target's text is read as a number. A cell with no bigint in it is returned as it
 * is (a list or struct is copied only when something inside it changes).
 */
function jsonCell(value) {
    if (typeof value === 'bigint')
        return value.toString();
    if (value === null || typeof value !== 'object' || value instanceof Date)
        return value;
    if (Array.isArray(value)) {
        const items = value;
        let out;
        for (let i = 0; i < items.length; i++) {
            const v = jsonCell(items[i]);
            if (v !== items[i])
                (out ??= items.slice())[i] = v;
        }
        return out ?? items;
    }
    const entries = Object.entries(value);
    let changed = false;
    for (const entry of entries) {
        const v = jsonCell(entry[1]);
        if (v !== entry[1]) {
            entry[1] = v;
            changed = true;
        }
    }
    if (!changed)
        return value;
    const out = {};
    for (const [key, v] of entries)
        (0,_modelgate_core__WEBPACK_IMPORTED_MODULE_5__/* .setOwn */ .P)(out, key, v);
    return out;
}
/** The column with {@link jsonCell} applied, or the column itself when no cell needs it. */
function jsonColumn(column) {
    for (let i = 0; i < column.length; i++) {
        const v = column[i];
        if (typeof v === 'bigint' || (v !== null && typeof v === 'object'))
            return column.map(jsonCell);
    }
    return column;
}


/***/ }),

/***/ 37811:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {


// EXPORTS
__webpack_require__.d(__webpack_exports__, {
  pd: () => (/* binding */ Input),
  TL: () => (/* binding */ parseInputs)
});

// UNUSED EXPORTS: DEFAULT_REPORT_PATH, parseHeaders

// EXTERNAL MODULE: ./node_modules/zod/v4/classic/schemas.js + 17 modules
var schemas = __webpack_require__(38816);
// EXTERNAL MODULE: ./packages/core/src/errors.ts
var errors = __webpack_require__(37638);
// EXTERNAL MODULE: ./packages/runner/src/inputs.ts
var inputs = __webpack_require__(85571);
;// CONCATENATED MODULE: ./actions/evaluate-model/src/llm/inputs.ts


/** The inputs of the LLM mode (`provider: openai-compatible`), by their kebab-case names. */
const LlmInput = {
    Provider: 'provider',
    BaseUrl: 'base-url',
    Model: 'model',
    ApiKey: 'api-key',
    ApiVersion: 'api-version',
    Prompt: 'prompt',
    Temperature: 'temperature',
    MaxTokens: 'max-tokens',
    Seed: 'seed',
    Assertions: 'assertions',
    AssertColumn: 'assert-column',
    JudgeModel: 'judge-model',
    JudgeBaseUrl: 'judge-base-url',
    JudgeApiKey: 'judge-api-key',
    Repeats: 'repeats',
    CacheDir: 'cache-dir',
    MaxCostUsd: 'max-cost-usd',
    MinPassRate: 'min-pass-rate',
    BaselineOutputs: 'baseline-outputs',
};
const PROVIDERS = ['openai-compatible'];
const httpUrl = inputs/* spec */.IC.httpUrl('an http(s) base URL, e.g. https://api.openai.com/v1 or http://localhost:11434/v1');
/**
 * Reads the LLM mode's inputs. Pure. Throws an {@link InputError} naming the input, the value
 * and the fix. The classic prediction sources (`predictions`, `endpoint`, `command`) cannot be
 * combined with a provider.
 */
function parseLlmInputs(get, shared, names) {
    const provider = (0,inputs/* requiredInput */.YF)(get, LlmInput.Provider, inputs/* spec */.IC.oneOf(PROVIDERS));
    const clashing = names.clashing.filter((name) => get(name).trim() !== '');
    if (clashing.length > 0) {
        throw new errors/* InputError */.dz(`Input 'provider' evaluates an LLM and cannot be combined with ${clashing.map((n) => `'${n}'`).join(', ')}.`, { hint: "Remove the classic prediction source, or remove 'provider'." });
    }
    const baseUrl = (0,inputs/* requiredInput */.YF)(get, LlmInput.BaseUrl, httpUrl);
    const apiVersion = (0,inputs/* optionalInput */.$m)(get, LlmInput.ApiVersion, inputs/* spec */.IC.text('an Azure OpenAI api-version, e.g. 2024-10-21'));
    const server = {
        baseUrl,
        model: (0,inputs/* requiredInput */.YF)(get, LlmInput.Model, inputs/* spec */.IC.text('a model id, e.g. gpt-4o-mini')),
        apiKey: (0,inputs/* optionalInput */.$m)(get, LlmInput.ApiKey, inputs/* spec */.IC.secret('an API key, e.g. ${{ secrets.OPENAI_API_KEY }}')),
        apiVersion,
    };
    const judgeModel = (0,inputs/* optionalInput */.$m)(get, LlmInput.JudgeModel, inputs/* spec */.IC.text('a model id, e.g. gpt-4o'));
    const judgeBaseUrl = (0,inputs/* optionalInput */.$m)(get, LlmInput.JudgeBaseUrl, httpUrl);
    const judgeApiKey = (0,inputs/* optionalInput */.$m)(get, LlmInput.JudgeApiKey, inputs/* spec */.IC.secret('an API key, e.g. ${{ secrets.JUDGE_API_KEY }}'));
    if (judgeModel === undefined && (judgeBaseUrl !== undefined || judgeApiKey !== undefined)) {
        throw new errors/* InputError */.dz(`Input 'judge-model' is required when 'judge-base-url' or 'judge-api-key' is set.`, { hint: 'Name the judge model, e.g. judge-model: gpt-4o.' });
    }
    const judge = judgeModel === undefined
        ? undefined
        : {
            // The judge defaults to the same server (and key) as the model under test.
            baseUrl: judgeBaseUrl ?? baseUrl,
            model: judgeModel,
            apiKey: judgeApiKey ?? (judgeBaseUrl === undefined ? server.apiKey : undefined),
            apiVersion: judgeBaseUrl === undefined ? apiVersion : undefined,
        };
    const temperature = (0,inputs/* optionalInput */.$m)(get, LlmInput.Temperature, inputs/* spec */.IC.number('a number between 0 and 2, e.g. 0', { min: 0, max: 2 }));
    const maxTokens = (0,inputs/* optionalInput */.$m)(get, LlmInput.MaxTokens, inputs/* spec */.IC.positiveInt('512', 10_000_000));
    const seed = (0,inputs/* optionalInput */.$m)(get, LlmInput.Seed, inputs/* spec */.IC.number('a whole number, e.g. 42', {
        min: -Number.MAX_SAFE_INTEGER,
        max: Number.MAX_SAFE_INTEGER,
        integer: true,
    }));
    return {
        ...shared,
        mode: 'llm',
        provider,
        server,
        prompt: (0,inputs/* requiredInput */.YF)(get, LlmInput.Prompt, inputs/* spec */.IC.text('the path of a prompt template file')),
        params: {
            ...(temperature !== undefined && { temperature }),
            ...(maxTokens !== undefined && { maxTokens }),
            ...(seed !== undefined && { seed }),
        },
        assertions: (0,inputs/* optionalInput */.$m)(get, LlmInput.Assertions, inputs/* spec */.IC.text('the path of an assertions file')),
        assertColumn: (0,inputs/* inputOr */.wK)(get, LlmInput.AssertColumn, inputs/* spec */.IC.text('a column name'), 'assert'),
        judge,
        repeats: (0,inputs/* inputOr */.wK)(get, LlmInput.Repeats, inputs/* spec */.IC.number('a whole number from 1 to 100, e.g. 3', { min: 1, max: 100, integer: true }), 1),
        cacheDir: (0,inputs/* optionalInput */.$m)(get, LlmInput.CacheDir, inputs/* spec */.IC.text('a folder path, e.g. .modelgate-cache')),
        maxCostUsd: (0,inputs/* optionalInput */.$m)(get, LlmInput.MaxCostUsd, inputs/* spec */.IC.number('a positive amount of USD, e.g. 2.50', { min: 1e-12, max: 1e9 })),
        minPassRate: (0,inputs/* optionalInput */.$m)(get, LlmInput.MinPassRate, inputs/* spec */.IC.fraction('0.9')),
        baselineOutputs: (0,inputs/* optionalInput */.$m)(get, LlmInput.BaselineOutputs, inputs/* spec */.IC.text("the path of the baseline's per-example JSONL")),
        concurrency: (0,inputs/* inputOr */.wK)(get, names.concurrency, inputs/* spec */.IC.positiveInt('8', 10_000), 8),
        maxRps: (0,inputs/* optionalInput */.$m)(get, names.maxRps, inputs/* spec */.IC.number('a positive number, e.g. 20', { min: 1e-9, max: 1_000_000 })),
        retries: (0,inputs/* inputOr */.wK)(get, names.retries, inputs/* spec */.IC.number('a whole number of 0 or more, e.g. 3', { min: 0, max: 100, integer: true }), 3),
        timeoutMs: (0,inputs/* inputOr */.wK)(get, names.timeoutMs, inputs/* spec */.IC.positiveInt('60000', 86_400_000), 60_000),
    };
}

;// CONCATENATED MODULE: ./actions/evaluate-model/src/inputs.ts




/** The inputs of evaluate-model, by their public kebab-case names. */
const Input = {
    Dataset: 'dataset',
    IdColumn: 'id-column',
    LabelColumn: 'label-column',
    Predictions: 'predictions',
    PredictionsIdColumn: 'predictions-id-column',
    Endpoint: 'endpoint',
    RequestTemplate: 'request-template',
    ResponsePath: 'response-path',
    ProbabilitiesPath: 'probabilities-path',
    Headers: 'headers',
    VersionHeader: 'version-header',
    Concurrency: 'concurrency',
    TimeoutMs: 'timeout-ms',
    MaxRps: 'max-rps',
    Retries: 'retries',
    Command: 'command',
    BatchSize: 'batch-size',
    Task: 'task',
    PositiveLabel: 'positive-label',
    Labels: 'labels',
    SliceBy: 'slice-by',
    MinSliceSize: 'min-slice-size',
    ExpectedSha256: 'expected-sha256',
    Shard: 'shard',
    Merge: 'merge',
    ArtifactName: 'artifact-name',
    MaxErrorRate: 'max-error-rate',
    ModelName: 'model-name',
    ReportPath: 'report-path',
    // The LLM mode (`provider: openai-compatible`), parsed in ./llm/inputs.
    ...LlmInput,
};
const DEFAULT_REPORT_PATH = 'modelgate/evaluation.json';
const SHARD = /^\s*(\d+)\s*\/\s*(\d+)\s*$/;
const HEADER = /^([!#$%&'*+.^_`|~0-9A-Za-z-]+)\s*:\s*(.*)$/;
/**
 * Reads and checks every input once. Pure: `get` returns the raw value ('' when unset).
 * Throws an {@link InputError} naming the input, the value and the fix.
 */
function parseInputs(get) {
    const common = {
        artifactName: (0,inputs/* optionalInput */.$m)(get, Input.ArtifactName, inputs/* spec */.IC.text()),
        maxErrorRate: (0,inputs/* inputOr */.wK)(get, Input.MaxErrorRate, inputs/* spec */.IC.fraction('0.01'), 0),
        modelName: (0,inputs/* optionalInput */.$m)(get, Input.ModelName, inputs/* spec */.IC.text()),
        reportPath: (0,inputs/* inputOr */.wK)(get, Input.ReportPath, inputs/* spec */.IC.text('a file path'), DEFAULT_REPORT_PATH),
    };
    const minSliceSize = (0,inputs/* inputOr */.wK)(get, Input.MinSliceSize, inputs/* spec */.IC.positiveInt('30', 1e9), 30);
    const positiveLabel = (0,inputs/* optionalInput */.$m)(get, Input.PositiveLabel, inputs/* spec */.IC.text('a label, e.g. spam'));
    const labels = (0,inputs/* inputOr */.wK)(get, Input.Labels, inputs/* spec */.IC.list('a comma-separated list of labels'), []);
    const merge = (0,inputs/* optionalInput */.$m)(get, Input.Merge, inputs/* spec */.IC.text('a glob of shard report files'));
    if (merge !== undefined) {
        const clashing = [Input.Predictions, Input.Endpoint, Input.Command, Input.Shard].filter((name) => get(name).trim() !== '');
        if (clashing.length > 0) {
            throw new errors/* InputError */.dz(`Input 'merge' merges shard reports and cannot be combined with ${clashing.map((n) => `'${n}'`).join(', ')}.`, { hint: 'Use a separate step (or job) after the shard matrix to merge.' });
        }
        const minPassRate = (0,inputs/* optionalInput */.$m)(get, LlmInput.MinPassRate, inputs/* spec */.IC.fraction('0.9'));
        return { mode: 'merge', merge, minSliceSize, positiveLabel, labels, minPassRate, common };
    }
    const sha = (0,inputs/* optionalInput */.$m)(get, Input.ExpectedSha256, {
        schema: schemas/* string */.YjP()
            .regex(/^[0-9a-fA-F]{64}$/)
            .transform((s) => s.toLowerCase()),
        expect: 'the 64 hex digits of a sha256, e.g. from `sha256sum <file>`',
    });
    if (get(Input.Provider).trim() !== '') {
        return parseLlmInputs(get, sharedEvalInputs(get, sha, minSliceSize, common), {
            concurrency: Input.Concurrency,
            maxRps: Input.MaxRps,
            retries: Input.Retries,
            timeoutMs: Input.TimeoutMs,
            clashing: [Input.Predictions, Input.Endpoint, Input.Command, Input.Task, Input.Labels],
        });
    }
    return {
        mode: 'evaluate',
        dataset: (0,inputs/* requiredInput */.YF)(get, Input.Dataset, inputs/* spec */.IC.text('the path of the eval set file')),
        idColumn: (0,inputs/* inputOr */.wK)(get, Input.IdColumn, inputs/* spec */.IC.text('a column name'), 'id'),
        labelColumn: (0,inputs/* inputOr */.wK)(get, Input.LabelColumn, inputs/* spec */.IC.text('a column name'), 'label'),
        source: parseSource(get),
        task: (0,inputs/* optionalInput */.$m)(get, Input.Task, inputs/* spec */.IC.oneOf(['classification', 'regression'])),
        positiveLabel,
        labels,
        sliceBy: (0,inputs/* inputOr */.wK)(get, Input.SliceBy, inputs/* spec */.IC.list('a comma-separated list of columns'), []),
        minSliceSize,
        expectedSha256: sha,
        shard: (0,inputs/* optionalInput */.$m)(get, Input.Shard, SHARD_SPEC),
        common,
    };
}
const SHARD_SPEC = {
    schema: schemas/* string */.YjP()
        .regex(SHARD)
        .transform((s) => {
        const [, i, n] = SHARD.exec(s) ?? [];
        return { index: Number(i), count: Number(n) };
    })
        .refine((s) => s.index >= 1 && s.index <= s.count),
    expect: 'i/n with 1 ≤ i ≤ n, e.g. 2/4 (use the matrix index + 1)',
};
/** The eval-set inputs that the LLM mode shares with the classic mode. */
function sharedEvalInputs(get, expectedSha256, minSliceSize, common) {
    return {
        dataset: (0,inputs/* requiredInput */.YF)(get, Input.Dataset, inputs/* spec */.IC.text('the path of the eval set file')),
        idColumn: (0,inputs/* inputOr */.wK)(get, Input.IdColumn, inputs/* spec */.IC.text('a column name'), 'id'),
        labelColumn: (0,inputs/* inputOr */.wK)(get, Input.LabelColumn, inputs/* spec */.IC.text('a column name'), 'label'),
        sliceBy: (0,inputs/* inputOr */.wK)(get, Input.SliceBy, inputs/* spec */.IC.list('a comma-separated list of columns'), []),
        minSliceSize,
        expectedSha256,
        shard: (0,inputs/* optionalInput */.$m)(get, Input.Shard, SHARD_SPEC),
        common,
    };
}
/** Exactly one of `predictions`, `endpoint` and `command`. */
function parseSource(get) {
    const given = [Input.Predictions, Input.Endpoint, Input.Command].filter((name) => get(name).trim() !== '');
    if (given.length !== 1) {
        throw new errors/* InputError */.dz(given.length === 0
            ? `Set one prediction source: 'predictions' (a file), 'endpoint' (a model server URL) or 'command' (a local command).`
            : `Set only one prediction source; got ${given.map((n) => `'${n}'`).join(' and ')}.`);
    }
    const timeoutMs = (0,inputs/* inputOr */.wK)(get, Input.TimeoutMs, inputs/* spec */.IC.positiveInt('30000', 86_400_000), 30_000);
    switch (given[0]) {
        case Input.Predictions:
            return {
                kind: 'predictions',
                path: (0,inputs/* requiredInput */.YF)(get, Input.Predictions, inputs/* spec */.IC.text('a file path')),
                idColumn: (0,inputs/* inputOr */.wK)(get, Input.PredictionsIdColumn, inputs/* spec */.IC.text('a column name'), (0,inputs/* inputOr */.wK)(get, Input.IdColumn, inputs/* spec */.IC.text('a column name'), 'id')),
            };
        case Input.Command:
            return {
                kind: 'command',
                command: (0,inputs/* requiredInput */.YF)(get, Input.Command, inputs/* spec */.IC.text('a shell command')),
                batchSize: (0,inputs/* inputOr */.wK)(get, Input.BatchSize, inputs/* spec */.IC.positiveInt('64', 1_000_000), 64),
                timeoutMs: (0,inputs/* inputOr */.wK)(get, Input.TimeoutMs, inputs/* spec */.IC.positiveInt('600000', 86_400_000), 600_000),
            };
        default:
            return {
                kind: 'endpoint',
                url: (0,inputs/* requiredInput */.YF)(get, Input.Endpoint, inputs/* spec */.IC.httpUrl('an http(s) URL, e.g. http://127.0.0.1:8080/predict')),
                requestTemplate: (0,inputs/* optionalInput */.$m)(get, Input.RequestTemplate, inputs/* spec */.IC.text('a JSON body')),
                responsePath: (0,inputs/* inputOr */.wK)(get, Input.ResponsePath, inputs/* spec */.IC.text('a path into the response JSON, e.g. predictions[0].label'), 'prediction'),
                probabilitiesPath: (0,inputs/* optionalInput */.$m)(get, Input.ProbabilitiesPath, inputs/* spec */.IC.text('a path into the response JSON, e.g. predictions[0].probabilities')),
                headers: headerInput(get),
                versionHeader: (0,inputs/* inputOr */.wK)(get, Input.VersionHeader, inputs/* spec */.IC.text('a header name'), 'x-model-version'),
                concurrency: (0,inputs/* inputOr */.wK)(get, Input.Concurrency, inputs/* spec */.IC.positiveInt('8', 10_000), 8),
                timeoutMs,
                maxRps: (0,inputs/* optionalInput */.$m)(get, Input.MaxRps, inputs/* spec */.IC.number('a positive number, e.g. 20', { min: 1e-9, max: 1_000_000 })),
                retries: (0,inputs/* inputOr */.wK)(get, Input.Retries, inputs/* spec */.IC.number('a whole number of 0 or more, e.g. 3', { min: 0, max: 100, integer: true }), 3),
            };
    }
}
/**
 * The `headers` input. Every value is registered as a secret (`get.secret`), and so is the
 * credential after an authorization scheme (`Bearer <token>`), which a server may echo alone.
 */
function headerInput(get) {
    const headers = parseHeaders(get(Input.Headers));
    for (const { value } of headers) {
        if (value === '')
            continue;
        get.secret?.(value);
        const credential = /^[A-Za-z][\w-]*\s+(\S.*)$/.exec(value)?.[1];
        if (credential !== undefined)
            get.secret?.(credential);
    }
    return headers;
}
/** `Name: value` lines (or a JSON object). Values are kept as given; `headerInput` masks them. */
function parseHeaders(raw) {
    const text = raw.trim();
    if (text === '')
        return [];
    if (text.startsWith('{')) {
        let value;
        try {
            value = JSON.parse(text);
        }
        catch {
            throw new errors/* InputError */.dz(`Input 'headers' starts with '{' but is not valid JSON.`, {
                hint: 'Give a JSON object of strings, or one `Name: value` per line.',
            });
        }
        const entries = Object.entries(value);
        if (entries.some(([name, v]) => typeof v !== 'string' || !HEADER.test(`${name}: x`))) {
            throw new errors/* InputError */.dz(`Input 'headers' must be a JSON object of header names to strings.`);
        }
        return entries.map(([name, v]) => ({ name, value: v }));
    }
    const headers = [];
    // Line numbers are the input's own (blank lines count), so the message points at the line.
    raw.split(/\r?\n/).forEach((rawLine, index) => {
        const line = rawLine.trim();
        if (line === '')
            return;
        const match = HEADER.exec(line);
        if (!match) {
            // The line may hold a secret (a token without its name, a missing colon): nothing of it
            // is quoted, only its line number.
            throw new errors/* InputError */.dz(`Input 'headers' line ${index + 1} is not 'Name: value'.`, {
                hint: 'Write one header per line, e.g. `Authorization: Bearer <token from a secret>`.',
            });
        }
        headers.push({ name: match[1], value: match[2].trim() });
    });
    return headers;
}


/***/ }),

/***/ 80:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {


// EXPORTS
__webpack_require__.d(__webpack_exports__, {
  defaultDeps: () => (/* binding */ defaultDeps),
  run: () => (/* binding */ run)
});

// UNUSED EXPORTS: TOOL

// EXTERNAL MODULE: ./packages/core/src/evaluation/task.ts
var evaluation_task = __webpack_require__(96471);
// EXTERNAL MODULE: ./packages/core/src/errors.ts
var errors = __webpack_require__(37638);
// EXTERNAL MODULE: ./packages/core/src/metrics/labels.ts
var metrics_labels = __webpack_require__(29884);
// EXTERNAL MODULE: ./packages/core/src/evaluation/shard.ts
var shard = __webpack_require__(60664);
;// CONCATENATED MODULE: ./packages/core/src/evaluation/example.ts


/**
 * One row's per-example result. Classification: the predicted label is the prediction's label,
 * else the arg-max of its probabilities (the first of tied maxima in label order), else — binary
 * with a lone score — the positive label when score ≥ 0.5. Regression: the prediction must be a
 * number. A prediction that gives neither is an error (`invalid-prediction`), never dropped.
 */
function toExampleResult(row, prediction, ctx) {
    const out = { id: row.id, index: row.index, expected: row.expected };
    if (ctx.shard !== undefined)
        out.shard = ctx.shard;
    if (row.slices !== undefined)
        out.slices = row.slices;
    if (prediction.latencyMs !== undefined)
        out.latencyMs = prediction.latencyMs;
    if (prediction.inputTokens !== undefined)
        out.inputTokens = prediction.inputTokens;
    if (prediction.outputTokens !== undefined)
        out.outputTokens = prediction.outputTokens;
    if (prediction.error !== undefined) {
        out.status = 'error';
        out.error = prediction.error;
        out.errorCode = prediction.errorCode ?? 'error';
        return out;
    }
    if (prediction.probabilities !== undefined) {
        out.probabilities = prediction.probabilities;
    }
    if (prediction.score !== undefined)
        out.score = prediction.score;
    if (ctx.task === 'regression') {
        const value = (0,evaluation_task/* numberOf */.rl)(prediction.predicted);
        if (value === undefined)
            return invalid(out, prediction.predicted, 'a number');
        out.predicted = value;
        out.status = 'ok';
        return out;
    }
    const label = predictedLabel(prediction, ctx);
    if (label === undefined)
        return invalid(out, prediction.predicted, 'a label, probabilities or a score');
    out.predicted = label;
    out.correct = label === (0,metrics_labels/* labelOf */.W)(row.expected);
    out.status = 'ok';
    return out;
}
function predictedLabel(prediction, ctx) {
    const direct = (0,metrics_labels/* labelOf */.W)(prediction.predicted);
    if (direct !== undefined)
        return direct;
    if (prediction.probabilities !== undefined) {
        let best;
        let bestP = -Infinity;
        const probabilities = prediction.probabilities;
        for (const label of (0,metrics_labels/* sortLabels */.C)(Object.keys(probabilities))) {
            const p = probabilities[label];
            if (p > bestP) {
                bestP = p;
                best = label;
            }
        }
        if (best !== undefined)
            return best;
    }
    if (prediction.score !== undefined &&
        ctx.positiveLabel !== undefined &&
        ctx.negativeLabel !== undefined) {
        return prediction.score >= 0.5 ? ctx.positiveLabel : ctx.negativeLabel;
    }
    return undefined;
}
function invalid(out, predicted, wanted) {
    const shown = JSON.stringify(predicted) ?? 'nothing';
    out.status = 'error';
    out.errorCode = 'invalid-prediction';
    out.error = `the prediction is not ${wanted}: got ${shown.length > 80 ? `${shown.slice(0, 80)}…` : shown}`;
    return out;
}

// EXTERNAL MODULE: ./packages/core/src/evaluation/evaluate.ts + 3 modules
var evaluate = __webpack_require__(86712);
// EXTERNAL MODULE: ./packages/core/src/evaluation/report.ts
var evaluation_report = __webpack_require__(15216);
// EXTERNAL MODULE: ./packages/data/src/fingerprint.ts
var fingerprint = __webpack_require__(89718);
// EXTERNAL MODULE: ./packages/data/src/read-columns.ts
var read_columns = __webpack_require__(16326);
// EXTERNAL MODULE: ./packages/models/src/clock.ts
var src_clock = __webpack_require__(97874);
// EXTERNAL MODULE: ./packages/core/src/own-property.ts
var own_property = __webpack_require__(28767);
;// CONCATENATED MODULE: ./packages/models/src/predictions-file.ts

const PREDICTION_COLUMNS = ['prediction', 'predicted', 'label'];
/**
 * Reads every line once: its id is looked up in the eval set's index (a line per eval row at
 * most), and its fields are checked. Throws a DataError naming the file and line for a missing or
 * duplicate id, a file with no id or prediction column, or a malformed probabilities or number
 * field.
 */
function createPredictionsFileSource(options) {
    const { file, table, idIndex } = options;
    const evalIds = options.ids;
    const idColumn = options.idColumn ?? 'id';
    const ids = table.column(idColumn);
    if (ids === undefined) {
        throw new errors/* DataError */.fL(`The predictions file ${file} has no column "${idColumn}" to match the eval set's ids. Its columns: ${table.columns.slice(0, 30).join(', ')}.`, {
            hint: `Every prediction is keyed by the id of its eval row. If the file names that column differently, set the input 'predictions-id-column'.`,
            location: { file },
        });
    }
    const predictionColumn = PREDICTION_COLUMNS.find((c) => table.columns.includes(c));
    const scoreColumns = ['probabilities', 'score'].filter((c) => table.columns.includes(c));
    if (table.rows > 0 && predictionColumn === undefined && scoreColumns.length === 0) {
        throw new errors/* DataError */.fL(`The predictions file ${file} has no "prediction" column (nor "probabilities" or "score"). Its columns: ${table.columns.slice(0, 30).join(', ')}.`, {
            hint: `Each line needs an "${idColumn}" and a "prediction" (or "predicted" / "label"), or class "probabilities" (the prediction is then their arg-max).`,
            location: { file, line: table.lineOf(0) },
        });
    }
    const fields = {
        predicted: predictionColumn === undefined ? undefined : table.column(predictionColumn),
        error: table.column('error'),
        probabilities: table.column('probabilities'),
        score: table.column('score'),
        latencyMs: table.column('latency_ms'),
        inputTokens: table.column('input_tokens'),
        outputTokens: table.column('output_tokens'),
    };
    const labels = options.labels;
    // Predictions by eval row index, and the file row each came from, plus one (0: none yet).
    const size = idIndex.size;
    const byIndex = new Array(size);
    const fromRow = new Int32Array(size);
    const unknownIds = [];
    let unknownRows;
    let next = 0;
    for (let i = 0; i < table.rows; i++) {
        const rawId = ids[i];
        if (rawId === null || rawId === undefined || rawId === '') {
            const line = table.lineOf(i);
            throw new errors/* DataError */.fL(`Line ${line} of the predictions file ${file} has no "${idColumn}".`, {
                hint: 'Every prediction is keyed by the id of its eval row.',
                location: { file, line },
            });
        }
        const id = typeof rawId === 'string' ? rawId : idText(rawId);
        // Ids are unique, so the id of the row after the last match is that row when it is equal.
        const index = evalIds !== undefined && evalIds[next] === id ? next : idIndex.get(id);
        if (index !== undefined)
            next = index + 1;
        let earlier;
        if (index !== undefined) {
            earlier = fromRow[index];
            if (earlier === 0)
                fromRow[index] = i + 1;
        }
        else {
            unknownRows ??= new Map();
            earlier = unknownRows.get(id) ?? 0;
            if (earlier === 0) {
                unknownRows.set(id, i + 1);
                unknownIds.push(id);
            }
        }
        if (earlier !== 0) {
            const line = table.lineOf(i);
            throw new errors/* DataError */.fL(`The predictions file ${file} has id ${JSON.stringify(id)} twice (lines ${table.lineOf(earlier - 1)} and ${line}).`, { hint: 'Keep one prediction per eval row.', location: { file, line } });
        }
        // Lines of unknown ids are checked too: a malformed line is reported wherever it is.
        const prediction = predictionAt(fields, i, table, file, labels);
        if (index !== undefined)
            byIndex[index] = prediction;
    }
    return {
        kind: 'predictions',
        describe: file,
        /** `rows` are the eval set's rows: `row.index` is the index `idIndex` gives its id. */
        run(rows, hooks) {
            for (let position = 0; position < rows.length; position++) {
                const row = rows[position];
                hooks.onResult(position, byIndex[row.index] ?? {
                    error: `no prediction for id ${JSON.stringify(row.id)} in ${file}`,
                    errorCode: 'missing-prediction',
                });
            }
            return Promise.resolve({ unknownIds });
        },
    };
}
/** An id that is not text, as text: numbers as they print, anything else as JSON. */
function idText(raw) {
    return typeof raw === 'number' || typeof raw === 'bigint' ? String(raw) : JSON.stringify(raw);
}
function isBlank(value) {
    return value === null || value === undefined || value === '';
}
function predictionAt(fields, i, table, file, labels) {
    const out = {};
    const error = fields.error?.[i];
    if (typeof error === 'string' && error !== '') {
        out.error = error;
        out.errorCode = 'recorded-error';
    }
    else {
        const predicted = fields.predicted?.[i];
        if (!isBlank(predicted))
            out.predicted = predicted;
    }
    const probs = fields.probabilities?.[i];
    if (!isBlank(probs))
        out.probabilities = probabilitiesOf(probs, labels, table, i, file);
    const score = numberField(fields.score?.[i], 'score', table, i, file);
    if (score !== undefined)
        out.score = score;
    const latency = numberField(fields.latencyMs?.[i], 'latency_ms', table, i, file);
    if (latency !== undefined)
        out.latencyMs = latency;
    const inputTokens = numberField(fields.inputTokens?.[i], 'input_tokens', table, i, file);
    if (inputTokens !== undefined)
        out.inputTokens = inputTokens;
    const outputTokens = numberField(fields.outputTokens?.[i], 'output_tokens', table, i, file);
    if (outputTokens !== undefined)
        out.outputTokens = outputTokens;
    return out;
}
function lineError(table, i, file, what) {
    const line = table.lineOf(i);
    return new errors/* DataError */.fL(`Line ${line} of the predictions file ${file}: ${what}.`, {
        location: { file, line },
    });
}
function numberField(value, key, table, i, file) {
    if (typeof value === 'number' && Number.isFinite(value))
        return value;
    if (isBlank(value))
        return undefined;
    const n = typeof value === 'string' ? Number(value) : Number.NaN;
    if (!Number.isFinite(n)) {
        throw lineError(table, i, file, `"${key}" must be a number, got ${JSON.stringify(value)}`);
    }
    return n;
}
const PROBABILITIES_SHAPE = '"probabilities" must be an object of label → number, or an array of numbers, one per label';
function probabilitiesOf(value, labels, table, i, file) {
    let probs = value;
    if (typeof probs === 'string') {
        const text = probs;
        try {
            probs = JSON.parse(text);
        }
        catch {
            throw lineError(table, i, file, `"probabilities" is not a JSON object or array: ${text.slice(0, 80)}`);
        }
    }
    if (Array.isArray(probs))
        return probabilitiesOfArray(probs, labels, table, i, file);
    if (probs === null || typeof probs !== 'object') {
        throw lineError(table, i, file, PROBABILITIES_SHAPE);
    }
    const record = probs;
    for (const key in record) {
        const p = record[key];
        if (typeof p !== 'number' || !Number.isFinite(p)) {
            throw lineError(table, i, file, PROBABILITIES_SHAPE);
        }
    }
    return record;
}
function probabilitiesOfArray(probs, labels, table, i, file) {
    if (labels === undefined) {
        throw lineError(table, i, file, '"probabilities" is an array, which needs class labels to pair with; give an object of label → probability');
    }
    if (probs.length !== labels.length) {
        throw lineError(table, i, file, `"probabilities" has ${probs.length} values but there are ${labels.length} labels (${labels.slice(0, 10).join(', ')}${labels.length > 10 ? ', …' : ''}); give one probability per label in that order, or an object of label → probability`);
    }
    const out = {};
    for (let c = 0; c < probs.length; c++) {
        const p = probs[c];
        if (typeof p !== 'number' || !Number.isFinite(p)) {
            throw lineError(table, i, file, PROBABILITIES_SHAPE);
        }
        (0,own_property/* setOwn */.P)(out, labels[c], p);
    }
    return out;
}

;// CONCATENATED MODULE: ./packages/models/src/request-template.ts
/**
 * The `request-template`: a JSON body whose strings may hold `{{field}}` placeholders, filled from
 * each row. A string that is exactly one placeholder (`"{{age}}"`) becomes the field's typed value
 * (a number stays a number, an object an object, a missing value null); a placeholder inside a
 * longer string (`"Classify: {{text}}"`) is replaced by the value as text. The body is built as a
 * value and serialised with JSON.stringify, so every value is escaped correctly whatever it holds.
 */
const PLACEHOLDER = /\{\{\s*([^{}]*?)\s*\}\}/g;
const WHOLE = /^\{\{\s*([^{}]*?)\s*\}\}$/;
/**
 * Compiles a template. Returns an error message instead when it is not JSON or a placeholder is
 * empty; the caller names the input.
 */
function compileTemplate(template) {
    let parsed;
    try {
        parsed = JSON.parse(template);
    }
    catch (err) {
        const hint = /[:[,]\s*\{\{/.test(template)
            ? ' Placeholders go inside strings: write "{{field}}" (a whole-string placeholder keeps the value\'s type).'
            : '';
        return { error: `it is not valid JSON (${err.message}).${hint}` };
    }
    const fields = [];
    let bad;
    const use = (name) => {
        if (name === '')
            bad = 'a placeholder {{}} has no field name';
        if (!fields.includes(name))
            fields.push(name);
        return name;
    };
    const compile = (value) => {
        if (typeof value === 'string') {
            const whole = WHOLE.exec(value);
            if (whole)
                return { kind: 'field', name: use(whole[1]) };
            if (!value.includes('{{'))
                return { kind: 'const', value };
            const parts = [];
            let last = 0;
            for (const match of value.matchAll(PLACEHOLDER)) {
                if (match.index > last)
                    parts.push(value.slice(last, match.index));
                parts.push({ name: use(match[1]) });
                last = match.index + match[0].length;
            }
            if (last < value.length)
                parts.push(value.slice(last));
            return { kind: 'text', parts };
        }
        if (Array.isArray(value))
            return { kind: 'array', items: value.map(compile) };
        if (value !== null && typeof value === 'object') {
            return { kind: 'object', entries: Object.entries(value).map(([k, v]) => [k, compile(v)]) };
        }
        return { kind: 'const', value };
    };
    const root = compile(parsed);
    if (bad !== undefined)
        return { error: bad };
    const build = (node, row) => {
        switch (node.kind) {
            case 'const':
                return node.value;
            case 'field':
                return toJsonValue(row[node.name]);
            case 'text':
                return node.parts.map((p) => (typeof p === 'string' ? p : asText(row[p.name]))).join('');
            case 'array':
                return node.items.map((item) => build(item, row));
            case 'object': {
                const out = {};
                for (const [key, child] of node.entries)
                    out[key] = build(child, row);
                return out;
            }
        }
    };
    return { fields, render: (row) => JSON.stringify(build(root, row)) };
}
function toJsonValue(value) {
    if (value === undefined)
        return null;
    if (typeof value === 'bigint')
        return Number(value);
    if (value instanceof Date)
        return value.toISOString();
    return value;
}
function asText(value) {
    if (value === null || value === undefined)
        return '';
    if (typeof value === 'string')
        return value;
    if (value instanceof Date)
        return value.toISOString();
    if (typeof value === 'object')
        return JSON.stringify(value);
    if (typeof value === 'number' || typeof value === 'boolean' || typeof value === 'bigint') {
        return String(value);
    }
    return '';
}

// EXTERNAL MODULE: ./packages/runner/src/url-secrets.ts
var url_secrets = __webpack_require__(64221);
// EXTERNAL MODULE: ./packages/models/src/http-transport.ts
var http_transport = __webpack_require__(35370);
;// CONCATENATED MODULE: ./packages/models/src/json-path.ts
/**
 * Paths into JSON such as `predictions[0].label`, `data.scores["not spam"]` or `[0]`: dotted keys,
 * bracketed indexes and bracketed quoted keys. Used for `response-path` and `probabilities-path`.
 */
/**
 * Parses a path into segments. Returns an error message instead when the path is malformed.
 * An empty path (or `$`) is the whole document.
 */
function parseJsonPath(path) {
    const text = path.trim().replace(/^\$\.?/, '');
    const segments = [];
    let i = 0;
    while (i < text.length) {
        const ch = text[i];
        if (ch === '.') {
            if (i === 0 || text[i + 1] === undefined || text[i + 1] === '.' || text[i + 1] === '[') {
                return { error: `a '.' at character ${i + 1} must be followed by a key` };
            }
            i++;
            continue;
        }
        if (ch === '[') {
            const close = text.indexOf(']', i);
            if (close < 0)
                return { error: `'[' at character ${i + 1} is not closed` };
            const inner = text.slice(i + 1, close).trim();
            if (/^\d+$/.test(inner))
                segments.push(Number(inner));
            else if (/^(["']).*\1$/.test(inner))
                segments.push(inner.slice(1, -1));
            else
                return { error: `[${inner}] must be an index like [0] or a quoted key like ["a b"]` };
            i = close + 1;
            continue;
        }
        let j = i;
        while (j < text.length && text[j] !== '.' && text[j] !== '[')
            j++;
        segments.push(text.slice(i, j));
        i = j;
    }
    return segments;
}
/** The value at `segments`, or undefined when any step is missing. */
function getAtPath(value, segments) {
    let current = value;
    for (const segment of segments) {
        if (current === null || typeof current !== 'object')
            return undefined;
        if (typeof segment === 'number') {
            if (!Array.isArray(current))
                return undefined;
            current = current[segment];
        }
        else {
            if (Array.isArray(current) || !Object.hasOwn(current, segment))
                return undefined;
            current = current[segment];
        }
    }
    return current;
}

// EXTERNAL MODULE: ./packages/models/src/malformed-response.ts
var malformed_response = __webpack_require__(99333);
// EXTERNAL MODULE: ./packages/models/src/pool.ts
var pool = __webpack_require__(7596);
// EXTERNAL MODULE: ./packages/models/src/rate-limit.ts
var rate_limit = __webpack_require__(97602);
// EXTERNAL MODULE: ./packages/models/src/retry.ts
var retry = __webpack_require__(34470);
;// CONCATENATED MODULE: ./packages/models/src/endpoint.ts









const DEFAULT_NAMES = {
    responsePath: 'response-path',
    probabilitiesPath: 'probabilities-path',
};
function compilePath(path, input) {
    const parsed = parseJsonPath(path);
    if ('error' in parsed) {
        throw new errors/* ModelError */.me(`Input '${input}' "${path}" is not a valid path: ${parsed.error}.`, {
            hint: 'Write a path like predictions[0].label or data.scores["not spam"].',
        });
    }
    return parsed;
}
/** Creates the source. Throws a ModelError for a malformed response or probabilities path. */
function createEndpointSource(options, names = DEFAULT_NAMES) {
    const responseSegments = compilePath(options.responsePath, names.responsePath);
    const probSegments = options.probabilitiesPath === undefined
        ? undefined
        : compilePath(options.probabilitiesPath, names.probabilitiesPath);
    const clock = options.clock ?? src_clock/* systemClock */.m;
    const wallNow = options.wallNow ?? Date.now;
    const versionHeader = (options.versionHeader ?? 'x-model-version').toLowerCase();
    const headers = {
        'content-type': 'application/json',
        accept: 'application/json',
        ...options.headers,
    };
    return {
        kind: 'endpoint',
        describe: (0,url_secrets/* endpointLabel */.m)(options.url),
        async run(rows, hooks) {
            const given = options.transport;
            const transport = given ?? (0,http_transport/* createHttpTransport */.S)({ maxSockets: Math.max(1, Math.floor(options.concurrency)) });
            try {
                return await runWith(transport, rows, hooks);
            }
            finally {
                if (given === undefined)
                    transport.close();
            }
        },
    };
    async function runWith(transport, rows, hooks) {
        const limiter = options.maxRps === undefined
            ? rate_limit/* unlimited */.O
            : (0,rate_limit/* createTokenBucket */.i)({ ratePerSecond: options.maxRps, clock });
        const versions = new Set();
        let requests = 0;
        let retries = 0;
        const started = clock.now();
        /** One attempt: the parsed prediction, or a thrown HTTP/timeout/network error. */
        const attempt = async (body) => {
            await limiter.acquire(hooks.signal);
            requests++;
            const controller = new AbortController();
            const timer = setTimeout(() => controller.abort(), options.timeoutMs);
            const t0 = clock.now();
            let response;
            try {
                response = await transport.send({
                    url: options.url,
                    method: 'POST',
                    headers,
                    body,
                    signal: controller.signal,
                });
            }
            catch (err) {
                if (controller.signal.aborted)
                    throw new retry/* TimeoutError */.MU(options.timeoutMs);
                throw err;
            }
            finally {
                clearTimeout(timer);
            }
            const latencyMs = clock.now() - t0;
            const text = response.text;
            if (response.status < 200 || response.status > 299) {
                const retryAfter = response.status === 429 || response.status === 503
                    ? (0,retry/* parseRetryAfter */.mu)(response.header('retry-after'), wallNow())
                    : undefined;
                throw new retry/* HttpStatusError */.F9(response.status, snippet(text), retryAfter);
            }
            const version = response.header(versionHeader);
            if (version)
                versions.add(version);
            return parseResponse(text, latencyMs);
        };
        const parseResponse = (text, latencyMs) => {
            let json;
            try {
                json = JSON.parse(text);
            }
            catch {
                throw new malformed_response/* MalformedResponseError */.f(text.trim() === ''
                    ? 'the response body is empty, not JSON'
                    : `the response is not JSON: "${snippet(text)}"`);
            }
            const predicted = getAtPath(json, responseSegments);
            if (predicted === undefined) {
                throw new malformed_response/* MalformedResponseError */.f(`the response has nothing at ${names.responsePath} "${options.responsePath}" (set it to where the prediction is): ${snippet(text)}`);
            }
            const out = { predicted, latencyMs };
            if (probSegments !== undefined) {
                const probs = getAtPath(json, probSegments);
                if (typeof probs === 'number')
                    out.score = probs;
                else if (isProbabilities(probs))
                    out.probabilities = probs;
                else {
                    throw new malformed_response/* MalformedResponseError */.f(`the response has no probabilities at ${names.probabilitiesPath} "${options.probabilitiesPath}" (an object of label → number, or a number): ${snippet(text)}`);
                }
            }
            return out;
        };
        await (0,pool/* runPool */.k)(rows.length, { concurrency: options.concurrency, ...(hooks.signal && { signal: hooks.signal }) }, async (position) => {
            const row = rows[position];
            const body = options.template
                ? options.template.render(row.fields)
                : JSON.stringify(row.fields);
            try {
                const result = await (0,retry/* withRetry */.bD)(() => attempt(body), {
                    retries: options.retries,
                    clock,
                    ...(options.rng && { rng: options.rng }),
                    ...(options.baseDelayMs !== undefined && { baseDelayMs: options.baseDelayMs }),
                    ...(hooks.signal && { signal: hooks.signal }),
                    onRetry: () => {
                        retries++;
                    },
                });
                hooks.onResult(position, { ...result.value, attempts: result.attempts });
            }
            catch (err) {
                if (err instanceof errors/* ModelError */.me)
                    throw err;
                const attempts = err.attempts ?? 1;
                hooks.onResult(position, {
                    error: `${describeError(err)} after ${attempts} attempt${attempts === 1 ? '' : 's'}`,
                    errorCode: errorCode(err),
                    attempts,
                });
            }
        });
        const summary = {
            durationMs: clock.now() - started,
            requests,
            retries,
        };
        // Sorted: the order replies arrive in is not the same from run to run.
        if (versions.size > 0)
            summary.modelVersion = [...versions].sort().join(', ');
        return summary;
    }
}
function isProbabilities(value) {
    if (value === null || typeof value !== 'object' || Array.isArray(value))
        return false;
    return Object.values(value).every((v) => typeof v === 'number' && Number.isFinite(v));
}
function errorCode(err) {
    if (err instanceof retry/* HttpStatusError */.F9)
        return 'http';
    if (err instanceof retry/* TimeoutError */.MU)
        return 'timeout';
    if (err instanceof malformed_response/* MalformedResponseError */.f)
        return 'bad-response';
    if ((0,retry/* isNetworkError */.TX)(err))
        return 'network';
    return 'error';
}
function describeError(err) {
    if ((0,retry/* isNetworkError */.TX)(err)) {
        const cause = err.cause;
        return `network error: ${(0,errors/* getErrorMessage */.u1)(cause === undefined ? err : cause)}`;
    }
    return (0,errors/* getErrorMessage */.u1)(err);
}
/** The start of a text, on one line, for messages. */
function snippet(text, max = 200) {
    const line = text.replace(/\s+/g, ' ').trim();
    return line.length > max ? `${line.slice(0, max)}…` : line;
}

// EXTERNAL MODULE: external "node:child_process"
var external_node_child_process_ = __webpack_require__(31421);
// EXTERNAL MODULE: ./packages/runner/src/cancellation.ts
var cancellation = __webpack_require__(23781);
;// CONCATENATED MODULE: ./packages/models/src/command.ts




const STDERR_TAIL = 2000;
/** POSIX: each command runs in a process group of its own (see {@link killAll}). */
const GROUPS = process.platform !== 'win32';
/**
 * Signals the command's shell and every process it started (its process group). Killing the
 * shell alone would leave `sleep 60; …` or a model server it spawned running, holding stdout open,
 * so a timed-out batch would wait for them and a cancelled step would leave them behind.
 */
function killAll(child, signal) {
    try {
        if (GROUPS && child.pid !== undefined)
            process.kill(-child.pid, signal);
        else
            child.kill(signal);
    }
    catch {
        // Already gone.
    }
}
/** Creates the source. */
function createCommandSource(options) {
    const clock = options.clock ?? src_clock/* systemClock */.m;
    return {
        kind: 'command',
        describe: options.command,
        async run(rows, hooks) {
            const started = clock.now();
            let requests = 0;
            for (let from = 0; from < rows.length; from += options.batchSize) {
                if (hooks.signal?.aborted)
                    break;
                const batch = rows.slice(from, from + options.batchSize);
                const input = batch
                    .map((row) => {
                    const idColumn = options.idColumn ?? 'id';
                    const fields = Object.hasOwn(row.fields, idColumn)
                        ? row.fields
                        : { ...row.fields, id: row.id };
                    return JSON.stringify(fields);
                })
                    .join('\n');
                const t0 = clock.now();
                const stdout = await runOnce(options, `${input}\n`, from, batch.length);
                requests++;
                const perRow = (clock.now() - t0) / batch.length;
                const predictions = parseOutput(stdout, batch, options.command, from);
                predictions.forEach((p, i) => hooks.onResult(from + i, { ...p, latencyMs: perRow }));
            }
            return { durationMs: clock.now() - started, requests };
        },
    };
}
function runOnce(options, input, from, count) {
    return new Promise((resolve, reject) => {
        const child = (0,external_node_child_process_.spawn)('sh', ['-c', options.command], {
            cwd: options.cwd,
            env: options.env ?? process.env,
            stdio: ['pipe', 'pipe', 'pipe'],
            // Its own process group, so that a kill reaches what the shell started, not the shell alone.
            detached: GROUPS,
        });
        // A cancelled step (SIGINT/SIGTERM) exits at once: the command must not outlive it.
        const forget = (0,cancellation/* onCancel */.Ao)(() => killAll(child, 'SIGTERM'));
        const out = [];
        let err = '';
        let timedOut = false;
        const timer = setTimeout(() => {
            timedOut = true;
            killAll(child, 'SIGKILL');
        }, options.timeoutMs);
        child.stdout.on('data', (chunk) => out.push(chunk));
        child.stderr.on('data', (chunk) => {
            err = (err + chunk.toString('utf8')).slice(-STDERR_TAIL);
        });
        // A command that exits without reading stdin closes the pipe: its exit code tells the story.
        child.stdin.on('error', () => undefined);
        child.on('error', (e) => {
            clearTimeout(timer);
            forget();
            reject(new errors/* ModelError */.me(`The command could not start: ${e.message}.`, {
                hint: "Check the 'command' input.",
            }));
        });
        child.on('close', (code, signal) => {
            clearTimeout(timer);
            forget();
            const rowsText = `rows ${from + 1}–${from + count}`;
            const tail = err.trim() === '' ? '' : ` stderr (end): ${err.trim()}`;
            if (timedOut) {
                reject(new errors/* ModelError */.me(`The command timed out after ${options.timeoutMs} ms on ${rowsText}.${tail}`, {
                    hint: "Raise 'timeout-ms' or lower 'batch-size'.",
                }));
            }
            else if (code !== 0) {
                reject(new errors/* ModelError */.me(`The command exited with ${code === null ? `signal ${signal}` : `code ${code}`} on ${rowsText}.${tail}`, { hint: 'Run the command locally with the same JSONL on stdin to see why.' }));
            }
            else {
                resolve(Buffer.concat(out).toString('utf8'));
            }
        });
        child.stdin.end(input);
    });
}
function parseOutput(stdout, batch, command, from) {
    const lines = stdout.split('\n');
    if (lines.length > 0 && lines[lines.length - 1]?.trim() === '')
        lines.pop();
    if (lines.length !== batch.length) {
        throw new errors/* ModelError */.me(`The command wrote ${lines.length} line(s) for a batch of ${batch.length} row(s) (rows ${from + 1}–${from + batch.length}); it must write exactly one JSON line per input line.`, {
            hint: `Check that "${command}" prints one prediction per line and nothing else (log to stderr).`,
        });
    }
    const parsed = lines.map((line, i) => {
        try {
            return JSON.parse(line);
        }
        catch {
            throw new errors/* ModelError */.me(`The command's output line ${i + 1} for rows ${from + 1}–${from + batch.length} is not JSON: "${line.slice(0, 120)}".`, { hint: 'Print one JSON value or object per line; log to stderr.' });
        }
    });
    const byId = parsed.length > 0 && parsed.every((v) => isObject(v) && v.id !== undefined && v.id !== null);
    if (!byId)
        return parsed.map(toPrediction);
    const found = new Map();
    for (const v of parsed)
        found.set(String(v.id), v);
    return batch.map((row) => {
        const v = found.get(row.id);
        return v === undefined
            ? {
                error: `the command's output has no line with id ${JSON.stringify(row.id)}`,
                errorCode: 'command',
            }
            : toPrediction(v);
    });
}
function isObject(value) {
    return value !== null && typeof value === 'object' && !Array.isArray(value);
}
function toPrediction(value) {
    if (!isObject(value))
        return { predicted: value };
    if (typeof value.error === 'string' && value.error !== '')
        return { error: value.error, errorCode: 'command' };
    const out = {
        predicted: value.prediction ?? value.predicted ?? value.label,
    };
    if (isObject(value.probabilities))
        out.probabilities = value.probabilities;
    if (typeof value.score === 'number')
        out.score = value.score;
    if (typeof value.input_tokens === 'number')
        out.inputTokens = value.input_tokens;
    if (typeof value.output_tokens === 'number')
        out.outputTokens = value.output_tokens;
    return out;
}

// EXTERNAL MODULE: ./node_modules/@actions/core/lib/core.js + 11 modules
var core = __webpack_require__(91659);
// EXTERNAL MODULE: ./packages/runner/src/secrets.ts
var secrets = __webpack_require__(5453);
;// CONCATENATED MODULE: ./packages/runner/src/io.ts


/** GitHub's limit on one step's job summary. */
const SUMMARY_LIMIT_BYTES = 1024 * 1024;
function toCore(props) {
    if (!props)
        return undefined;
    const out = {};
    if (props.title !== undefined)
        out.title = (0,secrets/* redactSecrets */.fp)(props.title);
    if (props.file !== undefined)
        out.file = (0,secrets/* redactSecrets */.fp)(props.file);
    if (props.startLine !== undefined)
        out.startLine = props.startLine;
    if (props.startColumn !== undefined)
        out.startColumn = props.startColumn;
    return out;
}
/**
 * Cuts markdown so that `used` bytes already written plus the result stay within `limit` bytes of
 * UTF-8, ending with a note that says so. Returns '' when nothing more fits. Cuts at a line end
 * where it can, and never inside a UTF-8 sequence.
 */
function fitSummary(markdown, used, limit = SUMMARY_LIMIT_BYTES) {
    const bytes = Buffer.byteLength(markdown, 'utf8');
    if (used + bytes <= limit)
        return markdown;
    const note = "\n\n> The job summary was cut at GitHub's 1 MiB limit; the full report is in the artifact.\n";
    const room = limit - used - Buffer.byteLength(note, 'utf8');
    if (room <= 0)
        return '';
    let cut = Buffer.from(markdown, 'utf8').subarray(0, room).toString('utf8');
    if (cut.endsWith('\uFFFD'))
        cut = cut.slice(0, -1);
    const lineEnd = cut.lastIndexOf('\n');
    if (lineEnd > cut.length / 2)
        cut = cut.slice(0, lineEnd);
    return cut + note;
}
/**
 * The real runner, over `@actions/core`. The job summary is kept within GitHub's limit. Every
 * string that leaves through it (log lines, annotations, outputs, the summary, group names) has
 * the registered secrets replaced by `***` (`secrets.ts`); `setSecret` registers one.
 */
function actionsIO() {
    let summaryBytes = 0;
    const r = secrets/* redactSecrets */.fp;
    return {
        getInput: (name) => core/* getInput */.V4(name),
        setOutput: (name, value) => core/* setOutput */.uH(name, r(String(value))),
        setFailed: (message, props) => {
            core/* error */.z3(r(message), toCore(props));
            process.exitCode = 1;
        },
        setSecret: (value) => (0,secrets/* registerSecret */.cl)(value),
        info: (message) => core/* info */.pq(r(message)),
        debug: (message) => core/* debug */.Yz(r(message)),
        isDebug: () => core/* isDebug */._o(),
        warning: (message, props) => core/* warning */.$e(r(message), toCore(props)),
        error: (message, props) => core/* error */.z3(r(message), toCore(props)),
        notice: (message, props) => core/* notice */.lm(r(message), toCore(props)),
        group: (name, fn) => core/* group */.Os(r(name), fn),
        appendSummary: async (markdown) => {
            // Outside a runner there is no summary file; the markdown is still logged by the caller.
            if (!process.env.GITHUB_STEP_SUMMARY)
                return;
            const fitted = fitSummary(r(markdown), summaryBytes);
            if (fitted === '')
                return;
            summaryBytes += Buffer.byteLength(fitted, 'utf8');
            await core/* summary */.z.addRaw(fitted, true).write();
        },
    };
}

// EXTERNAL MODULE: external "node:fs"
var external_node_fs_ = __webpack_require__(73024);
;// CONCATENATED MODULE: ./packages/runner/src/provenance.ts
/**
 * Provenance from the runner's environment and event payload. Pure: the caller passes `env`,
 * the parsed event and the time. Fields the environment lacks are left out.
 */
function provenanceFrom(env, event, now, tool) {
    const num = (value) => {
        if (value === undefined || value === '')
            return undefined;
        const n = Number(value);
        return Number.isInteger(n) ? n : undefined;
    };
    const pr = event?.pull_request;
    const entries = {
        repository: env.GITHUB_REPOSITORY,
        sha: env.GITHUB_SHA,
        ref: env.GITHUB_REF,
        workflow: env.GITHUB_WORKFLOW,
        runId: num(env.GITHUB_RUN_ID),
        runAttempt: num(env.GITHUB_RUN_ATTEMPT),
        job: env.GITHUB_JOB,
        prNumber: pr?.number,
        headSha: pr?.head?.sha,
        baseRef: pr?.base?.ref,
        baseSha: pr?.base?.sha,
        serverUrl: env.GITHUB_SERVER_URL,
    };
    const out = { time: now.toISOString(), tool };
    for (const [key, value] of Object.entries(entries)) {
        if (value !== undefined && value !== '')
            out[key] = value;
    }
    return out;
}

;// CONCATENATED MODULE: ./packages/runner/src/context.ts


/**
 * Reads the run context from the environment once. The event payload is read from
 * `GITHUB_EVENT_PATH` when it exists; a missing or unreadable payload leaves `event` undefined.
 */
function loadRunContext(env = process.env, now = () => new Date()) {
    let event;
    const path = env.GITHUB_EVENT_PATH;
    if (path) {
        try {
            event = JSON.parse((0,external_node_fs_.readFileSync)(path, 'utf8'));
        }
        catch {
            event = undefined;
        }
    }
    return {
        env,
        event,
        eventName: env.GITHUB_EVENT_NAME,
        inActions: env.GITHUB_ACTIONS === 'true',
        provenance: (tool) => provenanceFrom(env, event, now(), tool),
    };
}

// EXTERNAL MODULE: external "node:fs/promises"
var promises_ = __webpack_require__(51455);
// EXTERNAL MODULE: external "node:path"
var external_node_path_ = __webpack_require__(76760);
;// CONCATENATED MODULE: ./packages/runner/src/artifact-store.ts



/**
 * The real {@link ArtifactStore} over `@actions/artifact` (v2+ protocol: the Actions results
 * service and blob storage). `env` is read for `available()`; the artifact client itself reads
 * `ACTIONS_RUNTIME_TOKEN`, `ACTIONS_RESULTS_URL`, `GITHUB_API_URL` and `GITHUB_SERVER_URL` from
 * the process environment, as in every action. `client` is for tests. `@actions/artifact` (3.7 MB
 * bundled: Azure blob storage, archiver, protobuf) is imported at the first upload or download,
 * not at start, which saves ~0.1 s of every action's start.
 *
 * Failures are thrown as `GitHubApiError`s that say what failed and what to do.
 */
function createArtifactStore(env = process.env, client) {
    let made;
    const artifactClient = () => (made ??=
        client !== undefined
            ? Promise.resolve(client)
            : __webpack_require__.e(/* import() */ 584).then(__webpack_require__.bind(__webpack_require__, 20584)).then((m) => new m.DefaultArtifactClient()));
    const available = () => Boolean(env.ACTIONS_RUNTIME_TOKEN && env.ACTIONS_RESULTS_URL);
    const requireRuntime = (what) => {
        if (!available()) {
            throw new errors/* GitHubApiError */.OS(`Cannot ${what}: the Actions artifact runtime is not available.`, {
                hint: 'Artifacts work only inside a GitHub Actions job (ACTIONS_RUNTIME_TOKEN and ACTIONS_RESULTS_URL are set there); outside Actions, pass report files by path instead.',
            });
        }
    };
    return {
        available,
        async upload(name, files, rootDir, options = {}) {
            requireRuntime(`upload artifact '${name}'`);
            try {
                const result = await (await artifactClient()).uploadArtifact(name, [...files], rootDir, {
                    ...(options.retentionDays !== undefined && { retentionDays: options.retentionDays }),
                });
                if (result.id === undefined)
                    throw new Error('the service returned no artifact id');
                return { id: result.id, name, size: result.size ?? 0 };
            }
            catch (err) {
                throw new errors/* GitHubApiError */.OS(`Could not upload artifact '${name}': ${(0,errors/* getErrorMessage */.u1)(err)}`, {
                    hint: /already exists/i.test((0,errors/* getErrorMessage */.u1)(err))
                        ? 'Artifact names are unique within a run: give each job or matrix leg its own name (e.g. add ${{ strategy.job-index }}).'
                        : 'Re-run the job; if it persists, check https://www.githubstatus.com.',
                    cause: err,
                });
            }
        },
        async download(pattern, destDir, fromRun) {
            const where = fromRun
                ? `run ${fromRun.runId} of ${fromRun.owner}/${fromRun.repo}`
                : 'this run';
            if (!fromRun)
                requireRuntime(`download artifacts '${pattern}' from ${where}`);
            const findBy = fromRun ? findOptions(fromRun) : undefined;
            let listed;
            try {
                const { artifacts } = await (await artifactClient()).listArtifacts({ latest: true, ...findBy });
                listed = artifacts;
            }
            catch (err) {
                throw new errors/* GitHubApiError */.OS(`Could not list the artifacts of ${where}: ${(0,errors/* getErrorMessage */.u1)(err)}`, {
                    hint: fromRun
                        ? 'The token needs `actions: read` on that repository, and the run must still have its artifacts (they expire).'
                        : 'Re-run the job; if it persists, check https://www.githubstatus.com.',
                    cause: err,
                });
            }
            const matches = matcher(pattern);
            const wanted = listed
                .filter((a) => matches(a.name))
                .sort((a, b) => a.name.localeCompare(b.name));
            const out = [];
            for (const artifact of wanted) {
                // Names come from the service; never let one climb out of destDir.
                if ((0,external_node_path_.basename)(artifact.name) !== artifact.name || artifact.name.startsWith('.')) {
                    throw new errors/* GitHubApiError */.OS(`Refusing to download artifact with unsafe name '${artifact.name}'.`);
                }
                const path = (0,external_node_path_.join)(destDir, artifact.name);
                await (0,promises_.mkdir)(path, { recursive: true });
                let digestMismatch;
                try {
                    ({ digestMismatch } = await (await artifactClient()).downloadArtifact(artifact.id, {
                        path,
                        ...(artifact.digest !== undefined && { expectedHash: artifact.digest }),
                        ...findBy,
                    }));
                }
                catch (err) {
                    throw new errors/* GitHubApiError */.OS(`Could not download artifact '${artifact.name}' (id ${artifact.id}) from ${where}: ${(0,errors/* getErrorMessage */.u1)(err)}`, {
                        hint: fromRun
                            ? 'The token needs `actions: read` on that repository.'
                            : 'Re-run the job; if it persists, check https://www.githubstatus.com.',
                        cause: err,
                    });
                }
                if (digestMismatch) {
                    throw new errors/* GitHubApiError */.OS(`Artifact '${artifact.name}' (id ${artifact.id}) from ${where} does not match its recorded sha256 digest.`, { hint: 'The download was corrupted; re-run the job.' });
                }
                out.push({ name: artifact.name, id: artifact.id, path });
            }
            return out;
        },
    };
}
function findOptions(run) {
    return {
        findBy: {
            token: run.token,
            workflowRunId: run.runId,
            repositoryOwner: run.owner,
            repositoryName: run.repo,
        },
    };
}
/**
 * A matcher for an artifact name pattern: `*` is any run of characters, `?` one character,
 * `[abc]` a class; anything else matches itself. A pattern without wildcards is an exact name.
 */
function artifactNameMatcher(pattern) {
    return matcher(pattern);
}
function matcher(pattern) {
    if (!/[*?[]/.test(pattern))
        return (name) => name === pattern;
    let source = '';
    for (let i = 0; i < pattern.length; i++) {
        const ch = pattern[i];
        if (ch === '*')
            source += '.*';
        else if (ch === '?')
            source += '.';
        else if (ch === '[') {
            const end = pattern.indexOf(']', i + 1);
            if (end < 0) {
                source += '\\[';
            }
            else {
                const body = pattern.slice(i + 1, end).replace(/\\/g, '\\\\');
                source += `[${body.startsWith('!') ? `^${body.slice(1)}` : body}]`;
                i = end;
            }
        }
        else
            source += ch.replace(/[.+^${}()|\\\]]/g, '\\$&');
    }
    const re = new RegExp(`^${source}$`);
    return (name) => re.test(name);
}

;// CONCATENATED MODULE: ./packages/runner/src/boundary.ts



/**
 * Runs an action's body and classifies any failure at this one place. A user error becomes one
 * error annotation (pointing at its file and line when known) and exit code 1, with no stack
 * trace. A bug also fails the step, and its stack goes to the debug log. Never throws.
 *
 * While the body runs, SIGINT and SIGTERM (the runner cancelling the step) remove the step's
 * temporary files, print one line and exit 130 or 143 (`cancellation.ts`).
 */
async function runAction(io, body) {
    const stopHandling = (0,cancellation/* handleCancellation */.qO)();
    try {
        await body();
    }
    catch (err) {
        try {
            if ((0,errors/* isUserError */.iU)(err)) {
                const location = err.location;
                io.setFailed((0,errors/* formatError */.Wk)(err), {
                    ...(location?.file !== undefined && { file: location.file }),
                    ...(location?.line !== undefined && { startLine: location.line }),
                    ...(location?.column !== undefined && { startColumn: location.column }),
                });
            }
            else {
                io.debug(err instanceof Error && err.stack ? err.stack : (0,errors/* getErrorMessage */.u1)(err));
                io.setFailed((0,errors/* formatError */.Wk)(err));
            }
        }
        catch (reportingErr) {
            // The runner itself failed (e.g. an unwritable output file): say so on stderr and exit 1.
            process.stderr.write((0,secrets/* redactSecrets */.fp)(`${(0,errors/* formatError */.Wk)(err)}\n(${(0,errors/* getErrorMessage */.u1)(reportingErr)})\n`));
            process.exitCode = 1;
        }
    }
    finally {
        stopHandling();
    }
}

// EXTERNAL MODULE: ./packages/runner/src/inputs.ts
var src_inputs = __webpack_require__(85571);
// EXTERNAL MODULE: ./actions/evaluate-model/src/eval-set.ts
var eval_set = __webpack_require__(62438);
// EXTERNAL MODULE: ./actions/evaluate-model/src/inputs.ts + 1 modules
var evaluate_model_src_inputs = __webpack_require__(37811);
// EXTERNAL MODULE: ./actions/evaluate-model/src/predictions-thread.ts
var predictions_thread = __webpack_require__(96392);
// EXTERNAL MODULE: ./actions/evaluate-model/src/progress.ts
var src_progress = __webpack_require__(33186);
;// CONCATENATED MODULE: ./packages/core/src/render/escape.ts
/**
 * Escaping of untrusted text (column and category names, model outputs, file names, messages)
 * for GitHub-flavoured markdown. Whatever the input, the output renders as the literal text: no
 * HTML, no markdown structure (emphasis, links, images, headings, lists, tables, math), no
 * @mention or #123 / GH-123 / URL reference that would ping a person or cross-link an issue.
 *
 * Mentions and references are broken with a zero-width space (`&#8203;`) after the `@` or `#`,
 * as Renovate does: it renders invisibly and GitHub's autolinker no longer sees a reference.
 */
/** The longest text kept by {@link escapeMarkdown} when no `maxLength` is given, in code points. */
const DEFAULT_MAX_LENGTH = 300;
/** The longest text kept by {@link escapeTableCell} when no `maxLength` is given, in code points. */
const DEFAULT_CELL_MAX_LENGTH = 80;
/** The mark that ends a cut string. */
const ELLIPSIS = '…';
const ZWSP = '&#8203;';
/**
 * Cuts `text` to at most `maxLength` code points, the last of which is `…` when it was cut.
 * Never splits a surrogate pair. `maxLength` below 1 gives ''. Infinity keeps everything.
 */
function truncate(text, maxLength) {
    if (text.length <= maxLength)
        return text;
    const points = Array.from(text);
    if (points.length <= maxLength)
        return text;
    if (maxLength < 1)
        return '';
    return points.slice(0, maxLength - 1).join('') + ELLIPSIS;
}
// Line breaks, tabs and other control characters (C0, DEL, C1, line/paragraph separators) would
// end a table row or a list item; bidirectional overrides can make text read other than it is.
// eslint-disable-next-line no-control-regex
const CONTROL = /[\u0000-\u001f\u007f-\u009f\u2028\u2029]+/g;
const BIDI = /[\u202a-\u202e\u2066-\u2069\u200e\u200f]/g;
/** One line of plain text: control runs become one space, bidi overrides are removed. */
function flatten(text) {
    return text.replace(CONTROL, ' ').replace(BIDI, '');
}
// ASCII punctuation that can start markdown structure anywhere in a line. `#` and `@` are
// handled by the reference breaker instead, `&`, `<`, `>` become entities.
const INLINE_SPECIAL = /[\\`*_{}[\]()!|~$^]/g;
/**
 * Escapes untrusted text for use inline in markdown (a paragraph, a list item, a heading, a
 * table cell). The text is first flattened to one line and cut to `maxLength` code points
 * (default {@link DEFAULT_MAX_LENGTH}); then HTML is turned into entities, markdown punctuation
 * is backslash-escaped, and mentions, issue references and URLs are broken so that they ping and
 * link nobody. The result is safe in a GFM table cell (pipes are escaped).
 *
 * Not for raw HTML blocks (use {@link escapeHtml}) nor for code fences or mermaid.
 */
function escapeMarkdown(text, options = {}) {
    const cut = truncate(flatten(text), options.maxLength ?? DEFAULT_MAX_LENGTH);
    let out = cut
        .replace(/&/g, '&amp;')
        .replace(/</g, '&lt;')
        .replace(/>/g, '&gt;')
        .replace(INLINE_SPECIAL, '\\$&');
    // Block structure only matters at the start: a list (`-`, `+`, `1.`), a setext or thematic
    // line (`=`), a quote (already an entity).
    out = out.replace(/^(\s*)([-+=])/, '$1\\$2').replace(/^(\s*\d+)([.)])/, '$1\\$2');
    return breakReferences(out);
}
/**
 * Escapes untrusted text for one GFM table cell: as {@link escapeMarkdown}, with a shorter
 * default cut ({@link DEFAULT_CELL_MAX_LENGTH}). An empty string stays empty.
 */
function escapeTableCell(text, options = {}) {
    return escapeMarkdown(text, { maxLength: options.maxLength ?? DEFAULT_CELL_MAX_LENGTH });
}
/**
 * Escapes untrusted text for raw HTML, where markdown is not processed: inside a `<summary>`
 * of a `<details>` block, or an attribute value. Flattened, cut, entity-escaped (`&<>"'`), with
 * mentions and references broken.
 */
function escapeHtml(text, options = {}) {
    const cut = truncate(flatten(text), options.maxLength ?? DEFAULT_MAX_LENGTH);
    const out = cut
        .replace(/&/g, '&amp;')
        .replace(/</g, '&lt;')
        .replace(/>/g, '&gt;')
        .replace(/"/g, '&quot;')
        .replace(/'/g, '&#39;');
    return breakReferences(out);
}
/**
 * Untrusted text shown in a monospace font, safe both in a paragraph and in a table cell. A
 * markdown code span cannot be used: inside backticks neither entities nor backslashes work, so
 * a backtick in the text would end it and a pipe would split the cell. `<code>` with escaped
 * content has neither problem.
 */
function codeSpan(text, options = {}) {
    return `<code>${escapeMarkdown(text, options)}</code>`;
}
/**
 * Breaks, in already escaped text, everything GitHub would turn into a notification or a
 * cross-reference: `@user`, `@org/team`, `#123`, `owner/repo#123`, `GH-123`, and bare URLs and
 * `www.` links (a link to an issue adds an event to its timeline).
 */
function breakReferences(escaped) {
    // `&#` only occurs in entities this module wrote (a `&` of the text is `&amp;` by now), so
    // every other `#` is the text's own.
    return escaped
        .replace(/(?<!&)#/g, `#${ZWSP}`)
        .replace(/@/g, `@${ZWSP}`)
        .replace(/\b(gh)-(\d)/gi, `$1${ZWSP}-$2`)
        .replace(/:\/\//g, `:${ZWSP}//`)
        .replace(/\bwww\./gi, `www${ZWSP}.`);
}

;// CONCATENATED MODULE: ./packages/core/src/render/summary-format.ts
/** The icon of a report status, as shown in the banner and section headings. */
const STATUS_ICON = {
    pass: '✅',
    warn: '⚠️',
    fail: '❌',
    error: '⛔',
};
const STATUS_RANK = { pass: 0, warn: 1, fail: 2, error: 3 };
/** The worse of two statuses: error > fail > warn > pass. */
function worseStatus(a, b) {
    return STATUS_RANK[a] >= STATUS_RANK[b] ? a : b;
}
/** A rank for sorting, worst first when sorted descending: pass 0, warn 1, fail 2, error 3. */
function statusRank(status) {
    return STATUS_RANK[status];
}
/** An age in days, e.g. `3.2 days`, `5 hours`, `12 minutes`. Negative ages are shown as 0. */
function formatAgeDays(days) {
    const d = Math.max(0, days);
    if (d >= 1)
        return `${Number(d.toFixed(1)).toString()} day${d >= 1 && d < 1.05 ? '' : 's'}`;
    const hours = d * 24;
    if (hours >= 1)
        return `${Math.round(hours)} hour${Math.round(hours) === 1 ? '' : 's'}`;
    const minutes = Math.round(hours * 60);
    return `${minutes} minute${minutes === 1 ? '' : 's'}`;
}

// EXTERNAL MODULE: ./packages/core/src/render/number-format.ts
var number_format = __webpack_require__(24841);
// EXTERNAL MODULE: ./packages/core/src/report/bounded-metrics.ts
var bounded_metrics = __webpack_require__(98445);
;// CONCATENATED MODULE: ./packages/core/src/render/metric-style.ts
/**
 * How a metric's numbers read: which {@link NumberStyle} its values and changes take (a
 * fraction as a percent and its changes in points, a latency in ms or s, money in dollars), and
 * the words of a comparison's change, interval and rule. Pure.
 */


/** The kind of the metric `name` with the stated `unit` (or none): by unit first, then name. */
function metricKind(name, unit) {
    switch (unit) {
        case 'ms':
            return 'latency';
        case 'usd':
            return 'usd';
        case 'count':
        case 'tokens':
            return 'count';
        case 'fraction':
            return (0,bounded_metrics/* isFractionMetric */.JN)(name) ? 'fraction' : 'plain';
        case undefined:
            break;
        default:
            return 'plain';
    }
    if ((0,bounded_metrics/* isFractionMetric */.JN)(name) || /(^|_)(f1|precision|recall|rate|auc)(_|$)/i.test(name)) {
        return 'fraction';
    }
    if (/(_|\b)ms$/i.test(name) || /latency/i.test(name))
        return 'latency';
    if (/usd|cost/i.test(name))
        return 'usd';
    return 'plain';
}
const VALUE_STYLE = {
    fraction: 'percent',
    latency: 'latency',
    usd: 'usd',
    count: 'count',
    plain: 'plain',
};
/** The style of the metric's absolute changes: points for fractions, else the value's own. */
function changeStyle(kind) {
    return kind === 'fraction' ? 'points' : VALUE_STYLE[kind];
}
/** A value of a metric of `kind`, e.g. `87.1%`, `182 ms`, `$0.42`; `—` for null. */
function formatMetricValue(value, kind, options = {}) {
    return (0,number_format/* formatNumber */.Z)(value, VALUE_STYLE[kind], options);
}
/** A signed change of a metric of `kind`, e.g. `−2.2 points`, `+22.3 ms`. */
function formatMetricChange(delta, kind, options = {}) {
    return formatNumber(delta, changeStyle(kind), { ...options, signed: true });
}
/** The precision hint of a comparison: its interval's half-width, else its example count. */
function precisionOf(c) {
    if (c.ci)
        return { halfWidth: Math.abs(c.ci.upper - c.ci.lower) / 2 };
    return c.n === undefined ? {} : { n: c.n };
}
/**
 * A comparison's change in words: the absolute change, and the relative one for a metric that
 * is not a fraction, e.g. `−2.2 points`, `+22.3 ms (+13.9%)`.
 */
function comparisonChange(c, kind) {
    if (c.delta === null)
        return '—';
    const abs = formatMetricChange(c.delta, kind, precisionOf(c));
    if (kind === 'fraction' || c.relativeDelta === null || !Number.isFinite(c.relativeDelta)) {
        return abs;
    }
    return `${abs} (${formatNumber(c.relativeDelta, 'ratio')})`;
}
/** The change in the unit its rule is written in: relative when the rule is, else absolute. */
function changeAgainstRule(c, kind) {
    if (c.rule.maxRelativeDrop !== undefined && c.relativeDelta !== null) {
        return formatNumber(c.relativeDelta, 'ratio');
    }
    return c.delta === null ? '—' : formatMetricChange(c.delta, kind, precisionOf(c));
}
/** A change's interval, e.g. `95% CI −3.7 to −0.7 points`; empty without one. */
function comparisonInterval(c, kind) {
    if (!c.ci)
        return '';
    const style = changeStyle(kind);
    const options = { ...precisionOf(c), signed: true };
    const unit = style === 'points' ? ' points' : '';
    const strip = (s) => (unit === '' ? s : s.replace(/ points?$/, ''));
    return `${Math.round(c.ci.level * 100)}% CI ${strip(formatNumber(c.ci.lower, style, options))} to ${strip(formatNumber(c.ci.upper, style, options))}${unit}`;
}
/**
 * A limit or margin on a change, unsigned, as written (no more digits than it has): `2 points`,
 * `0.5 points`, `20 ms`.
 */
function formatLimit(limit, kind) {
    const abs = Math.abs(limit);
    if (kind !== 'fraction')
        return formatMetricValue(abs, kind);
    const text = formatNumber(abs * 100, 'plain');
    return `${text} ${text === '1' ? 'point' : 'points'}`;
}
/**
 * The limits of a rule in words, the worse way signed, e.g. `max −2 points`, `max +15%`,
 * `min 85.0%`; empty for a rule without limits (informational, or significance only).
 */
function ruleLimits(rule, kind) {
    const worse = rule.direction === 'lower' ? '+' : MINUS;
    const parts = [];
    if (rule.maxDrop !== undefined)
        parts.push(`max ${worse}${formatLimit(rule.maxDrop, kind)}`);
    if (rule.maxRelativeDrop !== undefined) {
        parts.push(`max ${worse}${formatNumber(Math.abs(rule.maxRelativeDrop), 'ratio').slice(1)}`);
    }
    if (rule.min !== undefined)
        parts.push(`min ${formatMetricValue(rule.min, kind)}`);
    if (rule.max !== undefined)
        parts.push(`max ${formatMetricValue(rule.max, kind)}`);
    if (rule.maxSliceDrop !== undefined) {
        parts.push(`max ${worse}${formatLimit(rule.maxSliceDrop, kind)} in a slice`);
    }
    return parts.join(', ');
}
/** Whether a comparison is held to a rule of its own (not only shown). */
function isGated(c) {
    return c.rule.informational !== true;
}
/** The direction of a change in words and arrow, e.g. `▲ better`, `▼ worse`, `= same`. */
function changeDirection(c) {
    if (c.delta === null || c.delta === 0) {
        return c.state === 'missing' ? 'missing' : c.state === 'new' ? 'new' : '= same';
    }
    const better = c.rule.direction === 'lower' ? c.delta < 0 : c.delta > 0;
    const arrow = c.delta > 0 ? '▲' : '▼';
    const noise = c.state === 'noise' || c.state === 'unchanged' ? ', within noise' : '';
    return `${arrow} ${better ? 'better' : 'worse'}${noise}`;
}

;// CONCATENATED MODULE: ./packages/core/src/evaluation/render.ts




const formatCount = (n) => (0,number_format/* formatNumber */.Z)(n, 'count');
/** Metric keys shown in the job summary, in this order, when present. */
const SHOWN = [
    'accuracy',
    'balanced_accuracy',
    'f1_macro',
    'precision_macro',
    'recall_macro',
    'f1_weighted',
    'f1_positive',
    'roc_auc',
    'log_loss',
    'brier',
    'ece',
    'mae',
    'rmse',
    'r2',
    'mape',
    'max_error',
    'latency_p50_ms',
    'latency_p95_ms',
    'latency_p99_ms',
    'latency_mean_ms',
    'throughput_rps',
    'error_rate',
    // LLM mode.
    'pass_rate',
    'mean_score',
    'input_tokens_mean',
    'input_tokens_p95',
    'output_tokens_mean',
    'output_tokens_p95',
    'cost_per_1k_requests_usd',
    'eval_cost_usd',
];
/** The most flaky case ids listed before the summary says "…". */
const MAX_FLAKY = 20;
/** The most confusion-matrix labels and slices shown before the summary says "…". */
const MAX_LABELS = 12;
const MAX_SLICES = 40;
/**
 * The job summary of an evaluation report, as markdown. Labels, slice values, ids and messages
 * come from data or models and are escaped.
 */
function renderEvaluationSummary(report) {
    const b = report.body;
    const out = [];
    const model = b.model.name ?? b.model.endpoint ?? b.model.source;
    out.push(`## ${STATUS_ICON[report.status]} evaluate-model: ${escapeMarkdown(model)}`);
    out.push('');
    out.push(escapeMarkdown(report.summary, { maxLength: 500 }));
    out.push('');
    const ex = b.examples;
    out.push(`Eval set \`${escapeTableCell(b.dataset.path)}\` (${formatCount(b.dataset.rows)} rows, sha256 \`${b.dataset.sha256.slice(0, 12)}\`)` +
        (b.shard ? `, shard ${b.shard.index}/${b.shard.count}` : '') +
        (b.mergedFrom !== undefined ? `, merged from ${b.mergedFrom} shards` : '') +
        (b.model.version ? `, model version \`${escapeTableCell(b.model.version)}\`` : '') +
        `: ${formatCount(ex.evaluated)} scored, ${formatCount(ex.errored)} errored` +
        (ex.missingPredictions > 0
            ? ` (${formatCount(ex.missingPredictions)} without a prediction)`
            : '') +
        (ex.unknownIds > 0 ? `, ${formatCount(ex.unknownIds)} unknown ids` : '') +
        '.');
    out.push('');
    out.push('| metric | value | n |', '|---|---:|---:|');
    for (const key of SHOWN) {
        const m = report.metrics[key];
        if (!m)
            continue;
        const ci = m.ci
            ? ` (95% CI ${formatMetricValue(m.ci.lower, metricKind(key, m.unit))}–${formatMetricValue(m.ci.upper, metricKind(key, m.unit))})`
            : '';
        out.push(`| ${key} | ${formatMetricValue(m.value, metricKind(key, m.unit))}${ci} | ${m.n === undefined ? '' : formatCount(m.n)} |`);
    }
    if (b.errors && Object.keys(b.errors).length > 0) {
        out.push('', '| error | examples |', '|---|---:|');
        for (const [code, n] of Object.entries(b.errors).sort(([, x], [, y]) => y - x)) {
            out.push(`| ${escapeTableCell(code)} | ${formatCount(n)} |`);
        }
    }
    if (b.llm)
        out.push(...renderLlmSection(b.llm));
    const cm = b.confusionMatrix;
    if (cm && cm.labels.length > 0 && cm.labels.length <= MAX_LABELS) {
        out.push('', '<details><summary>Confusion matrix (rows: true, columns: predicted)</summary>', '');
        out.push(`| true \\ predicted | ${cm.labels.map((l) => escapeTableCell(l)).join(' | ')} |`);
        out.push(`|---|${cm.labels.map(() => '---:').join('|')}|`);
        cm.matrix.forEach((row, i) => {
            out.push(`| ${escapeTableCell(cm.labels[i] ?? '')} | ${row.map((v) => formatCount(v)).join(' | ')} |`);
        });
        out.push('', '</details>');
    }
    if (b.slices && b.slices.length > 0) {
        const keys = [...new Set(b.slices.flatMap((s) => Object.keys(s.metrics)))];
        out.push('', '<details><summary>Slices</summary>', '');
        out.push(`| slice | n | ${keys.join(' | ')} |`, `|---|---:|${keys.map(() => '---:').join('|')}|`);
        for (const s of b.slices.slice(0, MAX_SLICES)) {
            const cells = keys.map((k) => s.belowMinimum ? '—' : formatMetricValue(s.metrics[k] ?? null, metricKind(k, 'fraction')));
            out.push(`| ${escapeTableCell(s.column)} = ${escapeTableCell(s.value)}${s.belowMinimum ? ' (too small)' : ''} | ${formatCount(s.n)} | ${cells.join(' | ')} |`);
        }
        if (b.slices.length > MAX_SLICES)
            out.push(`| … ${b.slices.length - MAX_SLICES} more in the report | | |`);
        out.push('', '</details>');
    }
    const notable = report.findings.filter((f) => f.severity !== 'notice').slice(0, 10);
    if (notable.length > 0) {
        out.push('');
        for (const f of notable)
            out.push(`- **${f.severity}** ${escapeMarkdown(f.message, { maxLength: 400 })}`);
    }
    out.push('');
    return out.join('\n');
}
/** Assertion pass rates, flaky cases, cache and spend of an LLM run. Case ids are escaped. */
function renderLlmSection(llm) {
    const out = [''];
    const types = Object.entries(llm.byAssertion).sort(([a], [b]) => a.localeCompare(b));
    if (types.length > 0) {
        out.push('| assertion | passed | pass rate |', '|---|---:|---:|');
        for (const [type, { passed, total }] of types) {
            const rate = total === 0 ? null : passed / total;
            out.push(`| ${escapeTableCell(type)} | ${formatCount(passed)} / ${formatCount(total)} | ${(0,number_format/* formatNumber */.Z)(rate, 'percent')} |`);
        }
        out.push('');
    }
    const spend = llm.costUsd === null
        ? 'cost unknown (no price for the model)'
        : `$${llm.costUsd.toFixed(4)} spent`;
    const cap = llm.maxCostUsd === undefined
        ? ''
        : `, cap $${llm.maxCostUsd}${llm.capReached ? ' reached: the remaining cases were not run' : ''}`;
    out.push(`${formatCount(llm.requests)} requests, ${formatCount(llm.cacheHits)} cache hits, ${llm.repeats} repeat(s), ${spend}${cap}.`);
    if (llm.flaky.length > 0) {
        const shown = llm.flaky.slice(0, MAX_FLAKY).map((id) => codeSpan(id, { maxLength: 80 }));
        const more = llm.flaky.length > MAX_FLAKY ? `, … ${llm.flaky.length - MAX_FLAKY} more` : '';
        out.push('', `Flaky cases (${formatCount(llm.flaky.length)}): ${shown.join(', ')}${more}.`);
    }
    return out;
}

// EXTERNAL MODULE: external "node:crypto"
var external_node_crypto_ = __webpack_require__(77598);
// EXTERNAL MODULE: ./packages/runner/src/files.ts
var files = __webpack_require__(31055);
// EXTERNAL MODULE: ./packages/runner/src/function-worker.ts
var function_worker = __webpack_require__(68185);
;// CONCATENATED MODULE: ./packages/runner/src/json-lines.ts






/**
 * Below this size a worker costs about what it saves: hashing and writing 16 MiB take ≈20 ms,
 * and the worker's start ≈20 ms of the other core.
 */
const JSON_LINES_THREAD_MIN_BYTES = 16 << 20;
const BLOCK_BYTES = 1 << 20;
/**
 * Writes `rows` as JSON Lines (one `JSON.stringify(row)` and a newline per row; a row that has
 * no JSON form, such as `undefined`, is written `null`, as in a JSON array), atomically: to a
 * temporary file beside `path`, renamed over it when complete, so that a reader never sees half
 * a file and a failure leaves none. Parent folders are created.
 *
 * The lines are encoded once, straight to UTF-8, in blocks. Each block is hashed and written as
 * soon as it is full: on a worker thread for a large file (see {@link JsonLinesOptions}), so that
 * hashing and writing overlap the encoding; else on this thread, with the writes on the thread
 * pool. If the worker fails, the file is written again on this thread. The bytes are the same
 * either way.
 *
 * Every row has the registered secrets replaced by `***` (`secrets.ts`) before it is encoded, on
 * this thread: the worker only hashes and writes bytes that are already redacted.
 *
 * Throws a DataError naming `path` when it cannot be written, and what `JSON.stringify` throws
 * for a row it cannot serialize (a BigInt, a cycle); either way no file is left.
 */
async function writeJsonLinesAtomic(path, rows, options = {}) {
    const blockBytes = options.blockBytes ?? BLOCK_BYTES;
    const threadMinBytes = options.threadMinBytes ?? JSON_LINES_THREAD_MIN_BYTES;
    const startWorker = options.startWorker ?? function_worker/* startFunctionWorker */.N;
    try {
        return await writeOnce(path, rows, blockBytes, threadMinBytes, startWorker);
    }
    catch (err) {
        if (!(err instanceof WorkerLost))
            throw err;
        return writeOnce(path, rows, blockBytes, Infinity, startWorker);
    }
}
/** The worker stopped without an answer: the file is written again on this thread. */
class WorkerLost extends Error {
}
async function writeOnce(path, rows, blockBytes, threadMinBytes, startWorker) {
    const tmp = (0,files/* temporaryPathBeside */.DL)(path);
    let handle;
    let sink;
    try {
        await (0,promises_.mkdir)((0,external_node_path_.dirname)(path), { recursive: true });
        handle = await (0,promises_.open)(tmp, 'w');
        const file = handle;
        let bytes = 0;
        // Not from Node's shared pool: a full block's memory is moved to the worker.
        let block = Buffer.allocUnsafeSlow(blockBytes);
        let used = 0;
        const flush = (row) => {
            if (used === 0)
                return;
            // The first full block decides where blocks go: its bytes per row estimate the file's size.
            sink ??=
                ((bytes + used) * (rows.length / row) >= threadMinBytes &&
                    threadSink(file.fd, startWorker)) ||
                    localSink(file);
            sink.push(block.subarray(0, used));
            bytes += used;
            used = 0;
        };
        for (let i = 0; i < rows.length; i++) {
            const line = JSON.stringify(secrets/* processSecrets */.rW.redactDeep(rows[i])) ?? 'null';
            // At most 3 bytes of UTF-8 per UTF-16 unit (JSON.stringify leaves no lone surrogate),
            // and the newline.
            const room = line.length * 3 + 1;
            if (used + room > block.length) {
                flush(i);
                block = Buffer.allocUnsafeSlow(Math.max(blockBytes, room));
            }
            used += block.write(line, used, 'utf8');
            block[used++] = 0x0a;
        }
        flush(rows.length);
        // No rows: no block was flushed, and the hash is that of nothing.
        const sha256 = await (sink ?? localSink(file)).finish();
        await handle.close();
        handle = undefined;
        await (0,promises_.rename)(tmp, path);
        return { sha256, bytes, rows: rows.length, threaded: sink?.threaded ?? false };
    }
    catch (err) {
        await sink?.abort();
        await handle?.close().catch(() => undefined);
        await (0,promises_.rm)(tmp, { force: true }).catch(() => undefined);
        // A row that JSON.stringify refuses (a BigInt, a cycle) is not a file error: it goes on as is.
        throw isFileError(err) ? (0,files/* fileWriteError */.Sw)(path, err) : err;
    }
}
/** An error of the file system (it has an errno code such as EACCES), as opposed to a bug. */
function isFileError(err) {
    const code = err?.code;
    return typeof code === 'string' && /^E[A-Z0-9]+$/.test(code);
}
/** Hashes on this thread; writes on the thread pool, one block after another. */
function localSink(handle) {
    const hash = (0,external_node_crypto_.createHash)('sha256');
    let writing = Promise.resolve();
    let stopped = false;
    let failure;
    const write = async (block) => {
        if (stopped || failure !== undefined)
            return;
        try {
            let at = 0;
            while (at < block.length)
                at += (await handle.write(block, at)).bytesWritten;
        }
        catch (error) {
            failure = { error };
        }
    };
    return {
        threaded: false,
        push(block) {
            hash.update(block);
            writing = writing.then(() => write(block));
        },
        async finish() {
            await writing;
            if (failure !== undefined)
                throw failure.error;
            return hash.digest('hex');
        },
        async abort() {
            stopped = true;
            await writing;
        },
    };
}
/** Hashes and writes on a worker thread; undefined when no worker can be started. */
function threadSink(fd, startWorker) {
    let worker;
    try {
        worker = startWorker(hashAndWriteInWorker, { fd });
    }
    catch {
        return undefined;
    }
    const answer = new Promise((resolve, reject) => {
        worker.once('message', resolve);
        worker.once('error', () => reject(new WorkerLost('the JSON Lines worker failed')));
        worker.once('exit', () => reject(new WorkerLost('the JSON Lines worker stopped')));
    });
    // Handled in finish(); a failure before then must not be an unhandled rejection.
    answer.catch(() => undefined);
    return {
        threaded: true,
        push(block) {
            // Blocks start their own ArrayBuffer (allocUnsafeSlow), so the whole buffer can be moved.
            const message = { buffer: block.buffer, length: block.length };
            worker.postMessage(message, [message.buffer]);
        },
        async finish() {
            worker.postMessage('end');
            try {
                const result = await answer;
                if (result.ok)
                    return result.sha256;
                throw Object.assign(new Error(result.message), { code: result.code });
            }
            finally {
                void worker.terminate();
            }
        },
        async abort() {
            // Once it has exited, no write of the worker's can reach the descriptor (closed next).
            await worker.terminate();
        },
    };
}
/**
 * The worker's body ({@link startFunctionWorker}): hashes and writes each block it is sent, in
 * order, to the open file `fd`; answers the sha256 on `'end'`, or the first write error.
 */
function hashAndWriteInWorker(load) {
    const threads = load('node:worker_threads');
    const fs = load('node:fs');
    const crypto = load('node:crypto');
    const port = threads.parentPort;
    const { fd } = threads.workerData;
    const hash = crypto.createHash('sha256');
    let failure;
    port.on('message', (message) => {
        if (message === 'end') {
            port.postMessage(failure === undefined
                ? { ok: true, sha256: hash.digest('hex') }
                : { ok: false, ...failure });
            return;
        }
        if (failure !== undefined)
            return;
        const block = new Uint8Array(message.buffer, 0, message.length);
        try {
            hash.update(block);
            let at = 0;
            while (at < block.length)
                at += fs.writeSync(fd, block, at, block.length - at);
        }
        catch (err) {
            const e = err;
            failure = {
                code: typeof e.code === 'string' ? e.code : undefined,
                message: typeof e.message === 'string' ? e.message : String(err),
            };
        }
    });
}

;// CONCATENATED MODULE: ./actions/evaluate-model/src/publish.ts



/** Where the per-example JSONL of a report goes: beside it, `<name>.examples.jsonl`. */
function examplesPathFor(reportPath) {
    const name = (0,external_node_path_.basename)(reportPath).replace(/\.json$/i, '');
    return (0,external_node_path_.join)((0,external_node_path_.dirname)(reportPath), `${name}.examples.jsonl`);
}
/** The artifact name: the input, else `modelgate-evaluation` (with `-shard-i-of-n` for a shard). */
function artifactNameFor(report, inputs) {
    if (inputs.common.artifactName !== undefined)
        return inputs.common.artifactName;
    const shard = report.body.shard;
    return shard
        ? `modelgate-evaluation-shard-${shard.index}-of-${shard.count}`
        : 'modelgate-evaluation';
}
/**
 * Writes the per-example JSONL and the report beside it (atomically, JSONL first so a report
 * never points at a missing file), sets the outputs, appends the job summary and uploads both
 * files as an artifact when the runner offers artifacts.
 */
async function publishReport(report, results, inputs, deps) {
    const { io } = deps;
    const reportPath = (0,external_node_path_.resolve)(deps.cwd, inputs.common.reportPath);
    const examplesPath = examplesPathFor(reportPath);
    const { sha256, bytes, threaded } = await writeJsonLinesAtomic(examplesPath, results);
    io.debug(`Wrote ${results.length} per-example results to ${examplesPath} (${bytes} bytes${threaded ? ', hashed and written by a second thread' : ''}).`);
    report.body.perExample = { path: (0,external_node_path_.basename)(examplesPath), sha256, rows: results.length };
    await (0,files/* writeReport */.u5)(reportPath, report);
    const m = report.metrics;
    const value = (key) => {
        const v = m[key]?.value;
        return v === undefined || v === null ? '' : String(v);
    };
    io.setOutput('status', report.status);
    io.setOutput('report', reportPath);
    io.setOutput('accuracy', value('accuracy'));
    io.setOutput('f1', value('f1_macro'));
    io.setOutput('p95-latency-ms', value('latency_p95_ms'));
    io.setOutput('error-rate', value('error_rate'));
    io.setOutput('examples', String(report.body.examples.total));
    io.info(report.summary);
    let markdown = renderEvaluationSummary(report);
    if (Buffer.byteLength(markdown) > SUMMARY_LIMIT_BYTES) {
        markdown = `${markdown.slice(0, SUMMARY_LIMIT_BYTES / 2)}\n\n_The summary was cut to fit GitHub's limit; the full numbers are in the report._\n`;
    }
    await io.appendSummary(markdown);
    const store = deps.artifacts();
    if (store?.available()) {
        const name = artifactNameFor(report, inputs);
        try {
            const uploaded = await store.upload(name, [reportPath, examplesPath], (0,external_node_path_.dirname)(reportPath));
            io.info(`Uploaded artifact ${name} (${uploaded.size} bytes).`);
        }
        catch (err) {
            // The report is on disk and the outputs are set; a failed upload should not hide them.
            io.warning(`Could not upload the artifact ${name}: ${(0,errors/* getErrorMessage */.u1)(err)}`);
        }
    }
    if (report.status === 'fail') {
        const gate = report.findings.find((f) => f.code === 'error-rate');
        io.setFailed(gate?.message ?? report.summary);
    }
}

;// CONCATENATED MODULE: ./actions/evaluate-model/src/main.ts









const TOOL = { name: 'evaluate-model', version: '0.1.0' };
function defaultDeps(prefetched) {
    return {
        ...(prefetched !== undefined && { prefetched }),
        io: actionsIO(),
        context: loadRunContext(),
        artifacts: () => createArtifactStore(),
        clock: src_clock/* systemClock */.m,
        cwd: process.cwd(),
        env: process.env,
    };
}
/** Scores a model on the eval set (or merges shard reports), writes the report, sets outputs. */
async function run(deps = defaultDeps()) {
    await runAction(deps.io, async () => {
        try {
            await evaluateOrMerge(deps);
        }
        finally {
            // A prefetched read that this run did not claim (another mode or file, or bad inputs).
            deps.prefetched?.pending.cancel();
        }
    });
}
async function evaluateOrMerge(deps) {
    const inputs = (0,evaluate_model_src_inputs/* parseInputs */.TL)((0,src_inputs/* inputGetter */.sv)(deps.io));
    const provenance = deps.context.provenance(TOOL);
    // The merge and LLM modes (and the LLM mode's YAML, JSON Schema and tokenizer code) are
    // loaded only when used: the classic run starts without compiling them.
    const outcome = inputs.mode === 'merge'
        ? await (await Promise.all(/* import() */[__webpack_require__.e(377), __webpack_require__.e(650)]).then(__webpack_require__.bind(__webpack_require__, 46650))).mergeShardReports(inputs, provenance, deps)
        : inputs.mode === 'llm'
            ? await (await Promise.all(/* import() */[__webpack_require__.e(606), __webpack_require__.e(613)]).then(__webpack_require__.bind(__webpack_require__, 10613))).evaluateLlm(inputs, provenance, deps)
            : await main_evaluate(inputs, provenance, deps);
    const passRate = outcome.report.body.llm?.passRate;
    deps.io.setOutput('pass-rate', passRate === undefined || passRate === null ? '' : passRate);
    await publishReport(outcome.report, outcome.results, inputs, deps);
}
/**
 * Reads the eval set, runs the prediction source on it (this shard), and scores the results. A
 * large predictions file is read on a second thread meanwhile (./predictions-thread).
 */
async function main_evaluate(inputs, provenance, deps) {
    const pending = inputs.source.kind === 'predictions'
        ? (claimPrefetched(deps.prefetched, inputs.source.path, deps.cwd) ??
            (0,predictions_thread/* startPredictionsThread */.lN)(inputs.source.path, deps.cwd, deps.predictionsThreadMinBytes))
        : undefined;
    try {
        return await evaluateWith(inputs, provenance, deps, pending);
    }
    finally {
        pending?.cancel();
    }
}
/** The prefetched read when it is of this file from this folder; else undefined (and it is
 * stopped). */
function claimPrefetched(prefetched, path, cwd) {
    if (prefetched === undefined)
        return undefined;
    if (prefetched.path !== path || prefetched.cwd !== cwd) {
        prefetched.pending.cancel();
        return undefined;
    }
    prefetched.pending.keepAlive();
    return prefetched.pending;
}
async function evaluateWith(inputs, provenance, deps, pending) {
    const { io } = deps;
    const evalSet = await (0,eval_set/* loadEvalSet */.f)({
        path: inputs.dataset,
        idColumn: inputs.idColumn,
        labelColumn: inputs.labelColumn,
        sliceBy: inputs.sliceBy,
        expectedSha256: inputs.expectedSha256,
        cwd: deps.cwd,
    });
    const findings = [];
    if (evalSet.idsFromIndex) {
        const message = `The eval set has no id column "${inputs.idColumn}": the row index is used as id, so per-example results pair only while rows keep their order.`;
        io.warning(message, { file: inputs.dataset });
        findings.push({ code: 'ids-from-index', severity: 'warning', message, file: inputs.dataset });
    }
    const task = inputs.task ?? (0,evaluation_task/* detectTask */.jo)(evalSet.expected);
    if (task === 'regression' && inputs.labels.length > 0) {
        throw new errors/* InputError */.dz(`Input '${evaluate_model_src_inputs/* Input */.pd.Labels}' lists classification labels, but the task is regression${inputs.task ? '' : ' (detected from the labels)'}.`, { hint: `Remove '${evaluate_model_src_inputs/* Input */.pd.Labels}', or set task: classification.` });
    }
    const labels = task === 'classification' ? (0,metrics_labels/* sortLabels */.C)(evalSet.expected.map((v) => (0,metrics_labels/* labelOf */.W)(v) ?? '')) : [];
    // The labels scored: the listed ones, or (for the binary default) the eval set's.
    const scoredLabels = inputs.labels.length > 0 ? [...new Set(inputs.labels)] : labels;
    const binary = scoredLabels.length === 2;
    const positiveLabel = binary ? (inputs.positiveLabel ?? scoredLabels[1]) : inputs.positiveLabel;
    const negativeLabel = binary ? scoredLabels.find((l) => l !== positiveLabel) : undefined;
    // This shard's rows (all rows when not sharded).
    const positions = [];
    for (let i = 0; i < evalSet.size; i++) {
        if (!inputs.shard ||
            (0,shard/* shardOf */.I)(evalSet.ids[i], inputs.shard.count) === inputs.shard.index)
            positions.push(i);
    }
    const rows = positions.map((i) => evalSet.row(i));
    io.info(`evaluate-model: ${rows.length} of ${evalSet.size} examples` +
        (inputs.shard ? ` (shard ${inputs.shard.index}/${inputs.shard.count})` : '') +
        `, task ${task}${inputs.task ? '' : ' (detected)'}, source ${inputs.source.kind}.`);
    const { source, files } = await createSource(inputs.source, evalSet, inputs, deps, labels, pending);
    const predictions = new Array(rows.length);
    const progress = (0,src_progress/* createProgress */.m)(rows.length, (line) => io.info(line), () => deps.clock.now());
    const summary = await source.run(rows, {
        onResult(position, prediction) {
            predictions[position] = prediction;
            progress.tick(prediction.error !== undefined);
        },
    });
    progress.finish();
    const ctx = {
        task,
        ...(positiveLabel !== undefined && { positiveLabel }),
        ...(negativeLabel !== undefined && { negativeLabel }),
        ...(inputs.shard && { shard: inputs.shard.index }),
    };
    let missing = 0;
    const results = rows.map((row, k) => {
        const i = positions[k];
        const prediction = predictions[k] ?? {
            error: 'the source returned no prediction for this row',
            errorCode: 'not-returned',
        };
        if (prediction.errorCode === 'missing-prediction')
            missing++;
        const { id, index } = row;
        const expected = evalSet.expected[i];
        const slices = evalSet.slices?.[i];
        const labelled = slices === undefined ? { id, index, expected } : { id, index, expected, slices };
        return toExampleResult(labelled, prediction, ctx);
    });
    const scored = (0,evaluate/* summarizeResults */.S)(results, {
        task,
        ...(positiveLabel !== undefined && { positiveLabel }),
        ...(inputs.labels.length > 0 && { labels: inputs.labels }),
        sliceBy: inputs.sliceBy,
        minSliceSize: inputs.minSliceSize,
        ...(summary.durationMs !== undefined && { durationMs: summary.durationMs }),
    });
    const modelName = inputs.common.modelName;
    const report = (0,evaluation_report/* buildEvaluationReport */.x)(scored, {
        provenance,
        inputs: [evalSet.fingerprint, ...files],
        task,
        model: {
            source: source.kind,
            ...(modelName !== undefined && { name: modelName }),
            ...(source.kind === 'endpoint' && { endpoint: source.describe }),
            ...(source.kind === 'command' && { name: modelName ?? source.describe }),
            ...(summary.modelVersion !== undefined && { version: summary.modelVersion }),
        },
        dataset: { path: evalSet.path, sha256: evalSet.fingerprint.sha256, rows: evalSet.size },
        ...(inputs.shard && { shard: inputs.shard }),
        run: {
            ...(summary.durationMs !== undefined && { durationMs: summary.durationMs }),
            ...(summary.requests !== undefined && { requests: summary.requests }),
            ...(summary.retries !== undefined && { retries: summary.retries }),
        },
        missingPredictions: missing,
        unknownIds: summary.unknownIds ?? [],
        ...(inputs.source.kind === 'predictions' && { unknownIdsFile: inputs.source.path }),
        maxErrorRate: inputs.common.maxErrorRate,
        findings,
    });
    return { report, results };
}
/**
 * The one place a prediction source is chosen. The LLM mode adds its branch here
 * (`case 'openai-compatible'`, built in `./llm/`).
 */
async function createSource(source, evalSet, inputs, deps, labels, pending) {
    switch (source.kind) {
        case 'predictions': {
            // The worker's columns and hash (it read the file once); or, when it did not take the
            // file, the main thread's own hash and read.
            const threaded = await pending?.result;
            if (pending !== undefined) {
                deps.io.debug(threaded === undefined
                    ? `The worker thread did not take ${source.path}; it is read on the main thread.`
                    : `Read ${source.path} on a worker thread${pending.early ? ', started before the action loaded' : ''}.`);
            }
            const fp = threaded?.fingerprint ?? (await (0,fingerprint/* fingerprintFile */.R)(source.path, deps.cwd));
            const table = threaded?.table ?? (await (0,read_columns/* readColumns */.E)(source.path, { cwd: deps.cwd }));
            const predictions = createPredictionsFileSource({
                file: source.path,
                table,
                idColumn: source.idColumn,
                idIndex: evalSet.idIndex,
                ids: evalSet.ids,
                ...(labels.length > 0 && { labels }),
            });
            return {
                source: predictions,
                files: [
                    {
                        role: 'predictions',
                        path: source.path,
                        sha256: fp.sha256,
                        bytes: fp.bytes,
                        rows: table.rows,
                    },
                ],
            };
        }
        case 'endpoint': {
            let template;
            if (source.requestTemplate !== undefined) {
                const compiled = compileTemplate(source.requestTemplate);
                if ('error' in compiled) {
                    throw new errors/* InputError */.dz(`Input '${evaluate_model_src_inputs/* Input */.pd.RequestTemplate}' is not a valid template: ${compiled.error}`, {
                        hint: 'Example: {"text": "{{text}}", "age": "{{age}}"}.',
                    });
                }
                const unknown = compiled.fields.filter((f) => !evalSet.columns.includes(f));
                if (unknown.length > 0) {
                    throw new errors/* InputError */.dz(`Input '${evaluate_model_src_inputs/* Input */.pd.RequestTemplate}' uses ${unknown.map((f) => `{{${f}}}`).join(', ')}, which ${unknown.length === 1 ? 'is not a column' : 'are not columns'} of ${evalSet.path}. Columns: ${evalSet.columns.slice(0, 30).join(', ')}.`);
                }
                template = compiled;
            }
            const endpoint = createEndpointSource({
                url: source.url,
                template,
                responsePath: source.responsePath,
                probabilitiesPath: source.probabilitiesPath,
                headers: Object.fromEntries(source.headers.map((h) => [h.name, h.value])),
                versionHeader: source.versionHeader,
                concurrency: source.concurrency,
                timeoutMs: source.timeoutMs,
                maxRps: source.maxRps,
                retries: source.retries,
                clock: deps.clock,
            });
            return { source: endpoint, files: [] };
        }
        case 'command': {
            const command = createCommandSource({
                command: source.command,
                batchSize: source.batchSize,
                timeoutMs: source.timeoutMs,
                idColumn: inputs.idColumn,
                cwd: deps.cwd,
                env: deps.env,
                clock: deps.clock,
            });
            return { source: command, files: [] };
        }
    }
}


/***/ }),

/***/ 33186:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   m: () => (/* binding */ createProgress)
/* harmony export */ });
/** The most ticks between two reads of the clock. */
const MAX_STRIDE = 64;
function createProgress(total, log, now, intervalMs = 5000) {
    const started = now();
    let last = started;
    let done = 0;
    let errors = 0;
    let wrote = false;
    const line = (t) => {
        const seconds = Math.max((t - started) / 1000, 1e-9);
        const rate = done / seconds;
        const eta = rate > 0 ? (total - done) / rate : Number.POSITIVE_INFINITY;
        const pct = total === 0 ? 100 : (100 * done) / total;
        return `evaluate-model: ${done}/${total} (${pct.toFixed(1)}%) · ${rate.toFixed(1)}/s · ETA ${formatSeconds(eta)} · ${errors} error${errors === 1 ? '' : 's'}`;
    };
    // The clock is read every `stride` ticks: 1 while ticks are ≥ 1 ms apart, up to MAX_STRIDE
    // when they come faster (a predictions file gives 250,000 in a few ms, where reading the clock
    // each time would cost more than the rest of the tick).
    let stride = 1;
    let untilRead = 1;
    let lastRead = started;
    return {
        tick(errored) {
            done++;
            if (errored)
                errors++;
            if (--untilRead > 0)
                return;
            const t = now();
            stride = t - lastRead < 1 ? Math.min(stride * 2, MAX_STRIDE) : 1;
            untilRead = stride;
            lastRead = t;
            if (t - last >= intervalMs) {
                last = t;
                wrote = true;
                log(line(t));
            }
        },
        finish() {
            if (wrote)
                log(line(now()));
        },
    };
}
function formatSeconds(seconds) {
    if (!Number.isFinite(seconds))
        return '?';
    if (seconds < 60)
        return `${Math.ceil(seconds)}s`;
    const m = Math.floor(seconds / 60);
    if (m < 60)
        return `${m}m${Math.round(seconds % 60)}s`;
    return `${Math.floor(m / 60)}h${m % 60}m`;
}


/***/ }),

/***/ 56209:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   Tm: () => (/* binding */ parseConfigDocument),
/* harmony export */   dH: () => (/* binding */ parseJsonDocument)
/* harmony export */ });
/* unused harmony export CONFIG_LIMITS */
/* harmony import */ var yaml__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(38815);
/* harmony import */ var _errors__WEBPACK_IMPORTED_MODULE_1__ = __webpack_require__(37638);


/**
 * The one loader of every YAML or JSON file a user hands the suite (schema, policy, pricing,
 * model config, traffic profile, prompt, assertions, metrics files, reports), so that the limits
 * and the messages are the same everywhere:
 * - a text longer than {@link CONFIG_LIMITS}.maxChars is refused before it is parsed;
 * - a leading byte order mark is dropped;
 * - a syntax error, a duplicate key or several documents in one file name the line and column;
 * - aliases that expand past {@link CONFIG_LIMITS}.maxAliasCount nodes (a "billion laughs"
 *   bomb) are refused, naming the limit, instead of exhausting memory.
 * The file is named by the error's location (`file:line:col: ` once, by `formatError`), never
 * again in the message.
 */
/** The limits of {@link parseConfigDocument}. */
const CONFIG_LIMITS = {
    /** The largest config text, in UTF-16 code units (4 Mi: about 4 MB of ASCII). */
    maxChars: 4 * 1024 * 1024,
    /**
     * The most alias nodes resolved while building the value, counting each repetition (the
     * `yaml` package's `maxAliasCount`; its default, 100, is ours).
     */
    maxAliasCount: 100,
};
/**
 * Parses a config file's text as YAML (JSON is YAML). `file` names it in the error's location
 * and `what` in the message (e.g. `policy`, `pricing`).
 * @throws DataError with `file`, line and column for a syntax error, a duplicate key or more
 *   than one document; with `file` for a text over the size limit or an alias bomb.
 */
function parseConfigDocument(text, file, what) {
    checkSize(text, file, what);
    const source = text.startsWith('\uFEFF') ? text.slice(1) : text;
    const lineCounter = new yaml__WEBPACK_IMPORTED_MODULE_0__/* .LineCounter */ .HN();
    const doc = (0,yaml__WEBPACK_IMPORTED_MODULE_0__/* .parseDocument */ .Tp)(source, { lineCounter, prettyErrors: false, uniqueKeys: true });
    const [syntax] = doc.errors;
    if (syntax !== undefined) {
        const pos = lineCounter.linePos(syntax.pos[0]);
        const reason = syntax.code === 'DUPLICATE_KEY'
            ? `the key ${quoteKey(source, syntax.pos[0])} appears twice in one mapping`
            : syntax.code === 'MULTIPLE_DOCS'
                ? 'it holds more than one YAML document (a second `---`)'
                : firstLine(syntax.message);
        throw new _errors__WEBPACK_IMPORTED_MODULE_1__/* .DataError */ .fL(`The ${what} file is not valid YAML or JSON: ${reason}.`, {
            code: 'config-syntax',
            hint: `Fix the ${what} file's syntax at that line.`,
            location: { file, line: pos.line, column: pos.col },
        });
    }
    let value;
    try {
        value = doc.toJS({ maxAliasCount: CONFIG_LIMITS.maxAliasCount });
    }
    catch (err) {
        if (err instanceof ReferenceError && /alias/i.test(err.message)) {
            throw new _errors__WEBPACK_IMPORTED_MODULE_1__/* .DataError */ .fL(`The ${what} file is refused: its YAML aliases expand to more than ${CONFIG_LIMITS.maxAliasCount} nodes (an alias bomb, "billion laughs").`, {
                code: 'config-aliases',
                hint: `Write the repeated values out, or use fewer aliases (at most ${CONFIG_LIMITS.maxAliasCount} expansions).`,
                location: { file, ...firstAliasLine(doc, lineCounter) },
                cause: err,
            });
        }
        throw err;
    }
    return {
        value: value ?? null,
        lineOf: (path) => lineOfPath(doc, lineCounter, path),
    };
}
/**
 * Parses a JSON file's text (reports, hand-offs), as {@link parseConfigDocument} does YAML: the
 * same size limit and byte order mark handling, and a syntax error with its line and column.
 * @throws DataError naming `file`, line and column.
 */
function parseJsonDocument(text, file, what, options = {}) {
    checkSize(text, file, what, options.maxChars);
    const source = text.startsWith('\uFEFF') ? text.slice(1) : text;
    try {
        return JSON.parse(source);
    }
    catch (err) {
        const message = err instanceof Error ? err.message : String(err);
        const offset = /at position (\d+)/.exec(message)?.[1];
        const at = offset === undefined ? source.length : Number(offset);
        const { line, column } = lineAndColumn(source, at);
        const reason = firstLine(message.replace(/ \(line \d+ column \d+\)$/, '').replace(/ in JSON at position \d+/, ''));
        throw new _errors__WEBPACK_IMPORTED_MODULE_1__/* .DataError */ .fL(`The ${what} file is not valid JSON: ${reason}.`, {
            code: 'config-syntax',
            hint: `Pass the ${what} file as the tool that makes it writes it, or fix its syntax at that line.`,
            location: { file, line, column },
        });
    }
}
function checkSize(text, file, what, maxChars) {
    const limit = maxChars ?? CONFIG_LIMITS.maxChars;
    if (text.length <= limit)
        return;
    throw new _errors__WEBPACK_IMPORTED_MODULE_1__/* .DataError */ .fL(`The ${what} file is refused: it holds ${text.length.toLocaleString('en-US')} characters, above the limit of ${limit.toLocaleString('en-US')}.`, {
        code: 'config-size',
        hint: `A ${what} file is a few kilobytes; check that the input names the right file.`,
        location: { file },
    });
}
function lineAndColumn(text, offset) {
    let line = 1;
    let start = 0;
    const end = Math.min(offset, text.length);
    for (let i = text.indexOf('\n'); i !== -1 && i < end; i = text.indexOf('\n', i + 1)) {
        line++;
        start = i + 1;
    }
    return { line, column: end - start + 1 };
}
function quoteKey(text, offset) {
    const rest = text.slice(offset, offset + 200);
    const key = /^\s*("[^"\n]*"|'[^'\n]*'|[^:\n]*?)\s*:/.exec(rest)?.[1];
    return key === undefined || key === '' ? '(a key)' : `"${key.replace(/^["']|["']$/g, '')}"`;
}
function firstAliasLine(doc, lineCounter) {
    let line;
    (0,yaml__WEBPACK_IMPORTED_MODULE_0__/* .visit */ .YR)(doc, {
        Alias(_, node) {
            if (node.range)
                line = lineCounter.linePos(node.range[0]).line;
            return yaml__WEBPACK_IMPORTED_MODULE_0__/* .visit */ .YR.BREAK;
        },
    });
    return line === undefined ? {} : { line };
}
function lineOfPath(doc, lineCounter, path) {
    const keys = path.map((key) => (typeof key === 'symbol' ? String(key) : key));
    for (let depth = keys.length; depth >= 0; depth--) {
        const node = depth === 0 ? doc.contents : doc.getIn(keys.slice(0, depth), true);
        if ((0,yaml__WEBPACK_IMPORTED_MODULE_0__/* .isNode */ .Ll)(node) && node.range)
            return lineCounter.linePos(node.range[0]).line;
    }
    return undefined;
}
function firstLine(message) {
    return (message.split('\n')[0] ?? message).replace(/\.$/, '');
}


/***/ }),

/***/ 37638:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   OS: () => (/* binding */ GitHubApiError),
/* harmony export */   Wk: () => (/* binding */ formatError),
/* harmony export */   dz: () => (/* binding */ InputError),
/* harmony export */   fL: () => (/* binding */ DataError),
/* harmony export */   iU: () => (/* binding */ isUserError),
/* harmony export */   me: () => (/* binding */ ModelError),
/* harmony export */   u1: () => (/* binding */ getErrorMessage)
/* harmony export */ });
/* unused harmony export ActionError */
/**
 * The error hierarchy shared by every action. A user error (bad input, bad data, an HTTP
 * failure of a server the user named) is an {@link ActionError}: it becomes one annotation with
 * no stack trace. Anything else is a bug, and keeps its stack in the debug log.
 */
/** A failure the user can fix. `code` is stable and machine-readable; `hint` says the fix. */
class ActionError extends Error {
    code;
    hint;
    location;
    constructor(code, message, options = {}) {
        super(message, options.cause === undefined ? undefined : { cause: options.cause });
        this.name = new.target.name;
        this.code = code;
        this.hint = options.hint;
        this.location = options.location;
    }
}
/** An action input with a bad or missing value. The message names the input, value and fix. */
class InputError extends ActionError {
    constructor(message, options = {}) {
        super('input', message, options);
    }
}
/** A user's file that is missing, malformed or inconsistent. Carries file and line when known. */
class DataError extends ActionError {
    constructor(message, options = {}) {
        super(options.code ?? 'data', message, options);
    }
}
/** A GitHub API call that failed after retries, with the HTTP status when there was one. */
class GitHubApiError extends ActionError {
    status;
    constructor(message, options = {}) {
        super('github-api', message, options);
        this.status = options.status;
    }
}
/** A model server or command that failed in a way that stops the whole run (not one example). */
class ModelError extends ActionError {
    constructor(message, options = {}) {
        super('model', message, options);
    }
}
/** The message of anything thrown, including non-`Error` values such as strings and objects. */
function getErrorMessage(err) {
    // Duck-typed: an Error from another realm (a vm context, a worker) fails `instanceof Error`.
    if (err instanceof Error)
        return err.message;
    if (typeof err === 'object' &&
        err !== null &&
        typeof err.message === 'string') {
        return err.message;
    }
    if (typeof err === 'string')
        return err;
    try {
        const json = JSON.stringify(err);
        return json === undefined ? String(err) : json;
    }
    catch {
        return String(err);
    }
}
/** True when `err` is a user error, which is reported without a stack trace. */
function isUserError(err) {
    return err instanceof ActionError;
}
/**
 * The one-line text shown to the user for a failure: the location, the message, then the hint.
 * The location is printed once: `file:line:col: ` goes before a message that does not name the
 * file; a message that names the file itself gets the line (and column) added at that name,
 * unless it already gives the line. A bug is marked as such, so that users report it rather
 * than hunt for a mistake of theirs.
 */
function formatError(err) {
    if (err instanceof ActionError) {
        const hint = err.hint ? ` ${err.hint}` : '';
        return `${withLocation(err.message, err.location)}${hint}`;
    }
    return `Internal error (a modelgate bug; please report it with the debug log): ${getErrorMessage(err)}`;
}
function withLocation(message, location) {
    const file = location?.file;
    if (!file)
        return message;
    const line = location.line === undefined ? '' : `:${location.line}`;
    const column = location.line !== undefined && location.column !== undefined ? `:${location.column}` : '';
    const at = `${file}${line}${column}`;
    const index = indexOfName(message, file);
    if (index === -1)
        return `${at}: ${message}`;
    if (location.line === undefined || new RegExp(`\\b${location.line}\\b`).test(message)) {
        return message;
    }
    if (/^:\d/.test(message.slice(index + file.length)))
        return message;
    return `${message.slice(0, index)}${at}${message.slice(index + file.length)}`;
}
/** Where `file` stands as a name in `message` (not inside a word or a longer path), or -1. */
function indexOfName(message, file) {
    for (let i = message.indexOf(file); i !== -1; i = message.indexOf(file, i + 1)) {
        const before = i === 0 ? ' ' : message[i - 1];
        const after = message.slice(i + file.length, i + file.length + 2);
        if (/[\s"'(`]/.test(before) && /^($|[\s:,;)"'`]|\.($|\s))/.test(after))
            return i;
    }
    return -1;
}


/***/ }),

/***/ 86712:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {


// EXPORTS
__webpack_require__.d(__webpack_exports__, {
  S: () => (/* binding */ summarizeResults)
});

// EXTERNAL MODULE: ./packages/core/src/report/bounded-metrics.ts
var bounded_metrics = __webpack_require__(98445);
// EXTERNAL MODULE: ./packages/core/src/stats/fraction.ts
var fraction = __webpack_require__(14647);
// EXTERNAL MODULE: ./packages/core/src/stats/wilson.ts
var wilson = __webpack_require__(7489);
;// CONCATENATED MODULE: ./packages/core/src/metrics/classification.ts

const ratio = (num, den) => (den === 0 ? 0 : num / den);
/**
 * Metrics of aligned true and predicted label codes, where code `k` is `classes[k]`. One pass over
 * the examples to fill the confusion matrix; everything else is read off the matrix.
 *
 * `selected` (codes, in the order wanted) are the labels that enter the confusion matrix, the
 * per-class scores and the macro, micro and weighted averages: scikit-learn's `labels=`. Its
 * default is every class. Accuracy and balanced accuracy do not depend on it (as in
 * scikit-learn), so a class that never occurs (e.g. one known only from probability keys) can be
 * left in `classes` without changing them. With a subset, per-class counts still come from every
 * example (a true `a` predicted as an unselected `c` is a false negative of `a`), the micro
 * average sums the selected labels' counts and the weighted average divides by their support,
 * as `precision_recall_fscore_support(labels=...)` does.
 */
function classificationMetrics(expected, predicted, classes, selected) {
    const k = classes.length;
    const n = expected.length;
    const flat = new Float64Array(k * k);
    for (let i = 0; i < n; i++)
        flat[expected[i] * k + predicted[i]] += 1;
    const confusionAll = [];
    const trueSum = new Float64Array(k);
    const predSum = new Float64Array(k);
    const tp = new Float64Array(k);
    for (let r = 0; r < k; r++) {
        const row = [];
        for (let c = 0; c < k; c++) {
            const v = flat[r * k + c];
            row.push(v);
            trueSum[r] += v;
            predSum[c] += v;
        }
        tp[r] = flat[r * k + r];
        confusionAll.push(row);
    }
    let correct = 0;
    for (let r = 0; r < k; r++)
        correct += tp[r];
    // Balanced accuracy is sklearn's balanced_accuracy_score, which has no `labels=`: the mean
    // recall over every class that occurs as a true label.
    let recallSum = 0;
    let recallCount = 0;
    for (let c = 0; c < k; c++) {
        const ts = trueSum[c];
        if (ts > 0) {
            recallSum += tp[c] / ts;
            recallCount++;
        }
    }
    const chosen = selected === undefined ? Int32Array.from(classes, (_, c) => c) : selected;
    const m = chosen.length;
    const labels = [];
    const perClass = {};
    const zeroDivision = [];
    let sumP = 0;
    let sumR = 0;
    let sumF = 0;
    let wP = 0;
    let wR = 0;
    let wF = 0;
    let support = 0;
    let tpAll = 0;
    let predAll = 0;
    for (let j = 0; j < m; j++) {
        const c = chosen[j];
        const label = classes[c];
        labels.push(label);
        const t = tp[c];
        const ps = predSum[c];
        const ts = trueSum[c];
        // F1 as sklearn ≥ 1.3 computes it: 2·tp / (2·tp + fp + fn), 0 when that is 0/0.
        const fDen = 2 * t + (ps - t) + (ts - t);
        if (ps === 0 || ts === 0 || fDen === 0)
            zeroDivision.push(label);
        const p = ratio(t, ps);
        const r = ratio(t, ts);
        const f = ratio(2 * t, fDen);
        perClass[label] = { precision: p, recall: r, f1: f, support: ts };
        sumP += p;
        sumR += r;
        sumF += f;
        wP += p * ts;
        wR += r * ts;
        wF += f * ts;
        support += ts;
        tpAll += t;
        predAll += ps;
    }
    const confusion = [];
    for (let a = 0; a < m; a++) {
        const row = confusionAll[chosen[a]];
        confusion.push(Array.from({ length: m }, (_, b) => row[chosen[b]]));
    }
    return {
        n,
        labels,
        confusion,
        correct,
        accuracy: n === 0 ? Number.NaN : correct / n,
        accuracyCi: (0,wilson/* wilsonInterval */.Y)(correct, n),
        balancedAccuracy: recallCount === 0 ? Number.NaN : recallSum / recallCount,
        perClass,
        macro: { precision: ratio(sumP, m), recall: ratio(sumR, m), f1: ratio(sumF, m) },
        // With every class selected, micro precision = micro recall = micro F1 = accuracy.
        micro: {
            precision: ratio(tpAll, predAll),
            recall: ratio(tpAll, support),
            f1: ratio(2 * tpAll, predAll + support),
        },
        weighted: { precision: ratio(wP, support), recall: ratio(wR, support), f1: ratio(wF, support) },
        zeroDivision,
    };
}

// EXTERNAL MODULE: ./packages/core/src/metrics/labels.ts
var metrics_labels = __webpack_require__(29884);
// EXTERNAL MODULE: ./packages/core/src/stats/sort-float64.ts
var sort_float64 = __webpack_require__(12216);
;// CONCATENATED MODULE: ./packages/core/src/metrics/probabilistic.ts
/**
 * Metrics of predicted probabilities, with scikit-learn's semantics: ROC AUC (binary, and
 * multiclass one-vs-rest macro), log loss, Brier score (binary), and the expected calibration
 * error. Probabilities come as a row-major `n × k` matrix whose column `c` is label code `c`.
 */

/** The machine epsilon of float64 (np.finfo(np.float64).eps), sklearn's log_loss clip. */
const FLOAT64_EPS = 2.220446049250313e-16;
/**
 * Binary ROC AUC of `scores` for `positive` (1) against negatives (0), as sklearn's
 * roc_auc_score: the Mann–Whitney U statistic with tied scores counted half, which equals the
 * trapezoidal area under sklearn's ROC curve. Null when only one class is present (undefined).
 */
function rocAucBinary(positive, scores) {
    const n = scores.length;
    let nPos = 0;
    for (let i = 0; i < n; i++)
        if (positive[i] === 1)
            nPos++;
    const nNeg = n - nPos;
    if (nPos === 0 || nNeg === 0)
        return null;
    // Sort each class's scores natively, then count with two pointers: for each positive score s,
    // the negatives below s count 1 and those equal to s count ½ (the average rank of ties).
    const pos = new Float64Array(nPos);
    const neg = new Float64Array(nNeg);
    let p = 0;
    let q = 0;
    for (let i = 0; i < n; i++) {
        if (positive[i] === 1)
            pos[p++] = scores[i];
        else
            neg[q++] = scores[i];
    }
    (0,sort_float64/* sortFloat64 */.f)(pos);
    (0,sort_float64/* sortFloat64 */.f)(neg);
    let below = 0;
    let equal = 0;
    let j = 0;
    let lastScore = Number.NaN;
    let u = 0;
    for (let i = 0; i < nPos; i++) {
        const s = pos[i];
        if (s !== lastScore) {
            j += equal;
            while (j < nNeg && neg[j] < s)
                j++;
            below = j;
            equal = 0;
            while (j + equal < nNeg && neg[j + equal] === s)
                equal++;
            lastScore = s;
        }
        u += below + equal / 2;
    }
    return u / (nPos * nNeg);
}
/**
 * Multiclass ROC AUC, one-vs-rest, macro average: sklearn's
 * `roc_auc_score(y, P, multi_class="ovr", average="macro", labels=labels)`. Null when any label
 * has no true example (sklearn raises: AUC undefined for that label) or k < 2.
 */
function rocAucOvrMacro(expected, probs, k) {
    const n = expected.length;
    if (k < 2)
        return null;
    const positive = new Uint8Array(n);
    const column = new Float64Array(n);
    let sum = 0;
    for (let c = 0; c < k; c++) {
        for (let i = 0; i < n; i++) {
            positive[i] = expected[i] === c ? 1 : 0;
            column[i] = probs[i * k + c];
        }
        const auc = rocAucBinary(positive, column);
        if (auc === null)
            return null;
        sum += auc;
    }
    return sum / k;
}
/**
 * Mean log loss (cross-entropy, natural log) as sklearn's log_loss: each probability is clipped to
 * [eps, 1 − eps] with eps = float64's machine epsilon, so a confident miss costs about 36.04
 * rather than infinity. The rows must sum to 1 (check with {@link rowsSumToOne}; current sklearn
 * refuses rows that do not).
 */
function logLoss(expected, probs, k) {
    const n = expected.length;
    let sum = 0;
    for (let i = 0; i < n; i++) {
        const p = probs[i * k + expected[i]];
        sum -= Math.log(Math.min(1 - FLOAT64_EPS, Math.max(FLOAT64_EPS, p)));
    }
    return sum / n;
}
/**
 * True when every row of the `n × k` matrix sums to 1 within `tolerance` (default 1e-6) and has no
 * value outside [0, 1].
 */
function rowsSumToOne(probs, k, tolerance = 1e-6) {
    for (let i = 0; i < probs.length; i += k) {
        let s = 0;
        for (let c = 0; c < k; c++) {
            const p = probs[i + c];
            if (!(p >= 0 && p <= 1))
                return false;
            s += p;
        }
        if (Math.abs(s - 1) > tolerance)
            return false;
    }
    return true;
}
/** The Brier score of positive-class probabilities (sklearn's brier_score_loss): mean (y − p)². */
function brierScore(positive, scores) {
    const n = scores.length;
    let sum = 0;
    for (let i = 0; i < n; i++) {
        const d = positive[i] - scores[i];
        sum += d * d;
    }
    return sum / n;
}
/**
 * The expected calibration error with `bins` (default 15) equal-width bins of top-label
 * confidence (Guo et al., 2017). For each example, the confidence is its largest class
 * probability and it is correct when that class (the first of tied maxima, as np.argmax) is the
 * true label. Bin b holds confidences in (b/bins, (b+1)/bins], i.e. b = ceil(bins·c) − 1 clamped
 * to [0, bins − 1] (so c = 0 falls in the first bin). ECE = Σ_b (n_b / n)·|acc_b − conf_b|.
 */
function expectedCalibrationError(expected, probs, k, bins = 15) {
    const n = expected.length;
    const count = new Float64Array(bins);
    const confSum = new Float64Array(bins);
    const correctSum = new Float64Array(bins);
    for (let i = 0; i < n; i++) {
        let best = 0;
        let conf = probs[i * k];
        for (let c = 1; c < k; c++) {
            const p = probs[i * k + c];
            if (p > conf) {
                conf = p;
                best = c;
            }
        }
        const b = Math.min(bins - 1, Math.max(0, Math.ceil(conf * bins) - 1));
        count[b] += 1;
        confSum[b] += conf;
        if (best === expected[i])
            correctSum[b] += 1;
    }
    let ece = 0;
    for (let b = 0; b < bins; b++) {
        const m = count[b];
        if (m === 0)
            continue;
        ece += (m / n) * Math.abs(correctSum[b] / m - confSum[b] / m);
    }
    return ece;
}

;// CONCATENATED MODULE: ./packages/core/src/metrics/regression.ts
/**
 * Regression metrics with scikit-learn's semantics: mean_absolute_error, root of
 * mean_squared_error, r2_score (force_finite: 1 for a perfect fit of a constant target, else 0
 * when the target is constant), mean_absolute_percentage_error (each |y| floored at float64's
 * epsilon, and a fraction, not a percentage) and max_error.
 */

/** One example's term of MAPE, as scikit-learn computes it: |y − ŷ| / max(|y|, eps). */
function absolutePercentageError(expected, predicted) {
    return Math.abs(expected - predicted) / Math.max(Math.abs(expected), FLOAT64_EPS);
}
/** Metrics of aligned true and predicted values. NaN everywhere when n is 0. */
function regressionMetrics(expected, predicted) {
    const n = expected.length;
    if (n === 0) {
        const nan = Number.NaN;
        return { n, mae: nan, rmse: nan, r2: nan, mape: nan, maxError: nan };
    }
    let absSum = 0;
    let sqSum = 0;
    let apeSum = 0;
    let maxError = 0;
    let ySum = 0;
    for (let i = 0; i < n; i++) {
        const y = expected[i];
        const d = y - predicted[i];
        const a = Math.abs(d);
        absSum += a;
        sqSum += d * d;
        apeSum += absolutePercentageError(y, predicted[i]);
        if (a > maxError)
            maxError = a;
        ySum += y;
    }
    const mean = ySum / n;
    let totSum = 0;
    for (let i = 0; i < n; i++) {
        const d = expected[i] - mean;
        totSum += d * d;
    }
    let r2;
    if (totSum === 0)
        r2 = sqSum === 0 ? 1 : 0;
    else
        r2 = 1 - sqSum / totSum;
    return { n, mae: absSum / n, rmse: Math.sqrt(sqSum / n), r2, mape: apeSum / n, maxError };
}

// EXTERNAL MODULE: ./packages/core/src/metrics/serving.ts
var serving = __webpack_require__(2155);
// EXTERNAL MODULE: ./packages/core/src/evaluation/task.ts
var task = __webpack_require__(96471);
;// CONCATENATED MODULE: ./packages/core/src/evaluation/evaluate.ts








const finite = (x) => (Number.isFinite(x) ? x : null);
function metric(value, direction, unit, n, description) {
    const out = { value: value === null ? null : finite(value), direction, unit, n };
    if (description !== undefined)
        out.description = description;
    return out;
}
/** Scores per-example results. See the module comment for what is counted where. */
function summarizeResults(results, spec) {
    const findings = [];
    const metrics = {};
    const total = results.length;
    // Each result's place among the scored ones (ok), or −1 when it failed or did not run.
    const okAt = new Int32Array(total);
    const ok = [];
    const errors = {};
    let notRun = 0;
    for (let i = 0; i < total; i++) {
        const r = results[i];
        okAt[i] = -1;
        if (r.status === 'not-run')
            notRun++;
        else if (r.status === 'error' || r.error !== undefined) {
            const code = r.errorCode ?? 'error';
            errors[code] = (errors[code] ?? 0) + 1;
        }
        else {
            okAt[i] = ok.length;
            ok.push(r);
        }
    }
    const errored = total - ok.length - notRun;
    const body = {
        examples: { total, evaluated: ok.length, errored, notRun },
    };
    if (errored > 0)
        body.errors = errors;
    let scored;
    if (spec.task === 'classification') {
        const coded = codeLabels(ok, spec.labels);
        scored = { task: 'classification', coded };
        Object.assign(metrics, classificationPart(ok, coded, spec, findings, body));
    }
    else {
        const values = regressionValues(ok);
        scored = { task: 'regression', ...values };
        Object.assign(metrics, regressionPart(values.y, values.yHat));
    }
    Object.assign(metrics, servingPart(results, total, errored + notRun, spec));
    if (spec.sliceBy !== undefined && spec.sliceBy.length > 0) {
        body.slices = sliceMetrics(results, okAt, scored, spec);
    }
    return { metrics: (0,bounded_metrics/* clampFractionMetrics */.BT)(metrics), findings, body };
}
/** One pass over the scored examples; the only per-example map lookups are for their labels. */
function codeLabels(ok, labels) {
    // A label listed twice is one label; an empty list lists nothing.
    const listed = labels !== undefined && labels.length > 0 ? [...new Set(labels)] : undefined;
    const n = ok.length;
    const provisional = new Map();
    const names = [];
    const provExpected = new Int32Array(n);
    const provPredicted = new Int32Array(n);
    const keysetOf = new Int32Array(n);
    const keysets = [];
    const keysetIds = new Map();
    let lastKeys;
    let lastKeyset = -1;
    const codeOf = (label) => {
        if (label === undefined)
            return -1;
        let code = provisional.get(label);
        if (code === undefined) {
            code = names.length;
            provisional.set(label, code);
            names.push(label);
        }
        return code;
    };
    for (const label of listed ?? [])
        codeOf(label);
    for (let i = 0; i < n; i++) {
        const r = ok[i];
        provExpected[i] = codeOf((0,metrics_labels/* labelOf */.W)(r.expected));
        provPredicted[i] = codeOf((0,metrics_labels/* labelOf */.W)(r.predicted));
        const probs = r.probabilities;
        if (probs === undefined) {
            keysetOf[i] = -1;
            continue;
        }
        // The same keys in the same order as the previous example's: the same key set.
        let j = 0;
        let same = lastKeys !== undefined;
        if (lastKeys !== undefined) {
            for (const key in probs) {
                if (lastKeys[j] !== key) {
                    same = false;
                    break;
                }
                j++;
            }
        }
        if (!same || j !== lastKeys?.length) {
            const keys = Object.keys(probs);
            const joined = keys.join('\u0000');
            let id = keysetIds.get(joined);
            if (id === undefined) {
                id = keysets.length;
                keysetIds.set(joined, id);
                keysets.push(Int32Array.from(keys, (key) => codeOf(key)));
            }
            lastKeys = keys;
            lastKeyset = id;
        }
        keysetOf[i] = lastKeyset;
    }
    const classes = (0,metrics_labels/* sortLabels */.C)(names);
    const position = new Map(classes.map((l, c) => [l, c]));
    const final = Int32Array.from(names, (name) => position.get(name));
    const expected = new Int32Array(n);
    const predicted = new Int32Array(n);
    for (let i = 0; i < n; i++) {
        const e = provExpected[i];
        const p = provPredicted[i];
        expected[i] = e < 0 ? 0 : final[e];
        predicted[i] = p < 0 ? 0 : final[p];
    }
    const selected = listed !== undefined
        ? Int32Array.from(listed, (label) => position.get(label))
        : presentLabels(classes, position, expected, predicted, undefined);
    return {
        classes,
        position,
        selected,
        listed: listed !== undefined,
        expected,
        predicted,
        final,
        keysets,
        keysetOf,
    };
}
/**
 * The codes of the classes that occur as expected or predicted labels of the examples (all, or
 * those at `group`), in their own {@link sortLabels} order: scikit-learn's
 * `unique_labels(y_true, y_pred)`. Their own order, not the classes': with a probability-only
 * key such as "x" the classes sort as text, while the labels "2" and "10" alone sort as numbers
 * (and the order of a macro average's sum decides its last bits).
 */
function presentLabels(classes, position, expected, predicted, group) {
    const present = new Uint8Array(classes.length);
    const m = group === undefined ? expected.length : group.length;
    for (let j = 0; j < m; j++) {
        const i = group === undefined ? j : group[j];
        present[expected[i]] = 1;
        present[predicted[i]] = 1;
    }
    const labels = [];
    for (let c = 0; c < classes.length; c++)
        if (present[c] === 1)
            labels.push(classes[c]);
    return Int32Array.from((0,metrics_labels/* sortLabels */.C)(labels), (label) => position.get(label));
}
function classificationPart(ok, coded, spec, findings, body) {
    const n = ok.length;
    const { classes, selected, expected, predicted } = coded;
    const m = classificationMetrics(expected, predicted, classes, selected);
    const labels = m.labels;
    body.labels = [...labels];
    body.confusionMatrix = { labels: [...labels], matrix: m.confusion.map((row) => [...row]) };
    body.perClass = {};
    for (const [label, s] of Object.entries(m.perClass)) {
        body.perClass[label] = {
            precision: (0,fraction/* clampFraction */.E)(s.precision),
            recall: (0,fraction/* clampFraction */.E)(s.recall),
            f1: (0,fraction/* clampFraction */.E)(s.f1),
            support: s.support,
        };
    }
    if (m.zeroDivision.length > 0 && n > 0) {
        findings.push({
            code: 'zero-division',
            severity: 'notice',
            message: `Precision, recall or F1 of ${m.zeroDivision.length} label(s) had a zero denominator and counts as 0 (scikit-learn's zero_division default): ${m.zeroDivision.slice(0, 10).join(', ')}.`,
        });
    }
    const out = {
        accuracy: {
            ...metric(m.accuracy, 'higher', 'fraction', n),
            ...(n > 0 && {
                ci: { lower: m.accuracyCi.lower, upper: m.accuracyCi.upper, level: 0.95, method: 'wilson' },
            }),
        },
        balanced_accuracy: metric(m.balancedAccuracy, 'higher', 'fraction', n),
        precision_macro: metric(n > 0 ? m.macro.precision : NaN, 'higher', 'fraction', n),
        recall_macro: metric(n > 0 ? m.macro.recall : NaN, 'higher', 'fraction', n),
        f1_macro: metric(n > 0 ? m.macro.f1 : NaN, 'higher', 'fraction', n),
        f1_micro: metric(n > 0 ? m.micro.f1 : NaN, 'higher', 'fraction', n),
        precision_weighted: metric(n > 0 ? m.weighted.precision : NaN, 'higher', 'fraction', n),
        recall_weighted: metric(n > 0 ? m.weighted.recall : NaN, 'higher', 'fraction', n),
        f1_weighted: metric(n > 0 ? m.weighted.f1 : NaN, 'higher', 'fraction', n),
    };
    const binary = labels.length === 2;
    // The positive and negative labels as class codes, for binary tasks.
    let pair;
    if (binary) {
        let positive = spec.positiveLabel !== undefined ? labels.indexOf(spec.positiveLabel) : 1;
        if (positive === -1) {
            findings.push({
                code: 'positive-label-unknown',
                severity: 'warning',
                message: `positive-label "${spec.positiveLabel}" is not one of the labels (${labels.join(', ')}); using "${labels[1]}".`,
            });
            positive = 1;
        }
        pair = {
            positive: selected[positive],
            negative: selected[1 - positive],
        };
        const posLabel = labels[positive];
        body.positiveLabel = posLabel;
        const scores = m.perClass[posLabel];
        if (scores && n > 0) {
            out.precision_positive = metric(scores.precision, 'higher', 'fraction', n);
            out.recall_positive = metric(scores.recall, 'higher', 'fraction', n);
            out.f1_positive = metric(scores.f1, 'higher', 'fraction', n);
        }
    }
    else if (spec.positiveLabel !== undefined && labels.length > 2) {
        findings.push({
            code: 'positive-label-ignored',
            severity: 'notice',
            message: `positive-label "${spec.positiveLabel}" is ignored: the task has ${labels.length} labels, not 2.`,
        });
    }
    else if (classes.length === 2) {
        // One label scored, but the probabilities have two columns: still a binary probability task
        // (sklearn's roc_auc_score / brier_score_loss on the positive column).
        const at = spec.positiveLabel !== undefined ? classes.indexOf(spec.positiveLabel) : -1;
        const positive = at === -1 ? 1 : at;
        pair = { positive, negative: 1 - positive };
    }
    if (coded.listed) {
        const outside = classes.filter((label, c) => !labels.includes(label) && occurs(coded, c));
        if (outside.length > 0) {
            findings.push({
                code: 'labels-outside-list',
                severity: 'notice',
                message: `${outside.length} label(s) occur in the expected or predicted values but are not in the listed labels, so they enter no per-class score or average (accuracy still counts them): ${outside.slice(0, 10).join(', ')}.`,
            });
        }
    }
    if (spec.probabilityMetrics !== false) {
        Object.assign(out, probabilityPart(ok, coded, pair, findings));
    }
    return out;
}
/** Whether class `c` occurs as an expected or predicted label. */
function occurs(coded, c) {
    const { expected, predicted } = coded;
    for (let i = 0; i < expected.length; i++)
        if (expected[i] === c || predicted[i] === c)
            return true;
    return false;
}
/**
 * Probability metrics, when every scored example has probabilities (or a binary score). The
 * matrix has a column for every class (a key missing from an example's object is 0 there), as
 * scikit-learn's `log_loss(labels=classes)` takes the model's classes. A binary task (`pair`)
 * scores the positive column: `roc_auc_score(y == pos, P[:, pos])` and `brier_score_loss`, so a
 * probability-only key does not make it multiclass; otherwise ROC AUC is one-vs-rest over every
 * column, which scikit-learn refuses (here null) when a column's class is never a true label.
 */
function probabilityPart(ok, coded, pair, findings) {
    const { classes, expected, keysets, keysetOf, final } = coded;
    const positive = pair?.positive;
    const n = ok.length;
    const k = classes.length;
    let withProbs = 0;
    for (let i = 0; i < n; i++) {
        const r = ok[i];
        if (r.probabilities !== undefined || r.score !== undefined)
            withProbs++;
    }
    if (withProbs === 0 || n === 0)
        return {};
    if (withProbs < n) {
        findings.push({
            code: 'probabilities-incomplete',
            severity: 'warning',
            message: `${n - withProbs} of ${n} predictions have no probabilities or score, so ROC AUC, log loss, Brier score and ECE are not computed.`,
        });
        return {};
    }
    // Each key set's keys as columns of the matrix.
    const columns = keysets.map((keyset) => Int32Array.from(keyset, (c) => final[c]));
    const probs = new Float64Array(n * k);
    for (let i = 0; i < n; i++) {
        const r = ok[i];
        const p = r.probabilities;
        if (p !== undefined) {
            const column = columns[keysetOf[i]];
            const row = i * k;
            let j = 0;
            for (const label in p)
                probs[row + column[j++]] = p[label];
        }
        else if (pair !== undefined && r.score !== undefined) {
            probs[i * k + pair.positive] = r.score;
            probs[i * k + pair.negative] = 1 - r.score;
        }
        else {
            findings.push({
                code: 'score-needs-binary',
                severity: 'warning',
                message: `A lone score is the probability of the positive label, which needs exactly 2 labels; there are ${k}. Give class probabilities instead.`,
            });
            return {};
        }
    }
    const out = {};
    const sumsToOne = rowsSumToOne(probs, k);
    // Not computed from values that are not probabilities (scikit-learn refuses them): log loss
    // and ECE need rows that sum to 1, the Brier score a positive column within [0, 1].
    const refused = [];
    if (positive !== undefined) {
        const isPos = new Uint8Array(n);
        const scores = new Float64Array(n);
        let inRange = true;
        for (let i = 0; i < n; i++) {
            isPos[i] = expected[i] === positive ? 1 : 0;
            const p = probs[i * k + positive];
            scores[i] = p;
            if (!(p >= 0 && p <= 1))
                inRange = false;
        }
        out.roc_auc = metric(rocAucBinary(isPos, scores), 'higher', 'fraction', n);
        if (inRange)
            out.brier = metric(brierScore(isPos, scores), 'lower', 'ratio', n);
        else
            refused.push('the Brier score');
    }
    else {
        out.roc_auc = metric(sumsToOne ? rocAucOvrMacro(expected, probs, k) : null, 'higher', 'fraction', n);
        if (!sumsToOne)
            refused.push('ROC AUC');
    }
    if (sumsToOne) {
        out.log_loss = metric(logLoss(expected, probs, k), 'lower', 'nats', n);
        out.ece = metric(expectedCalibrationError(expected, probs, k, 15), 'lower', 'fraction', n);
    }
    else {
        refused.unshift('log loss', 'ECE');
    }
    if (refused.length > 0) {
        const list = `${refused.slice(0, -1).join(', ')} and ${refused[refused.length - 1]}`;
        findings.push({
            code: 'probabilities-not-normalized',
            severity: 'warning',
            message: `Some predicted probabilities are outside [0, 1] or do not sum to 1, so ${list} ${refused.length === 1 ? 'is' : 'are'} not computed (scikit-learn refuses them too).`,
        });
    }
    if (out.roc_auc.value === null && (positive !== undefined || sumsToOne)) {
        const seen = new Uint8Array(k);
        for (let i = 0; i < n; i++)
            seen[expected[i]] = 1;
        const never = classes.filter((_, c) => seen[c] === 0);
        findings.push({
            code: 'roc-auc-undefined',
            severity: 'notice',
            message: positive !== undefined
                ? `ROC AUC is undefined: ${seen[positive] === 1 ? 'every' : 'no'} true label is the positive label "${classes[positive]}" (only one class present).`
                : `ROC AUC is undefined: ${never.map((l) => `"${l}"`).join(', ')} ${never.length === 1 ? 'has' : 'have'} a probability column but no true example (scikit-learn's one-vs-rest roc_auc_score refuses that too).`,
        });
    }
    return out;
}
/** Expected and predicted values of the scored examples as numbers (NaN when not a number). */
function regressionValues(ok) {
    const n = ok.length;
    const y = new Float64Array(n);
    const yHat = new Float64Array(n);
    for (let i = 0; i < n; i++) {
        const r = ok[i];
        y[i] = (0,task/* numberOf */.rl)(r.expected) ?? Number.NaN;
        yHat[i] = (0,task/* numberOf */.rl)(r.predicted) ?? Number.NaN;
    }
    return { y, yHat };
}
function regressionPart(y, yHat) {
    const n = y.length;
    const m = regressionMetrics(y, yHat);
    return {
        mae: metric(m.mae, 'lower', 'target', n),
        rmse: metric(m.rmse, 'lower', 'target', n),
        r2: metric(m.r2, 'higher', 'ratio', n),
        mape: metric(m.mape, 'lower', 'fraction', n),
        max_error: metric(m.maxError, 'lower', 'target', n),
    };
}
function servingPart(results, total, failed, spec) {
    const latencies = [];
    for (let i = 0; i < total; i++) {
        const r = results[i];
        if (r.status === 'ok' && r.latencyMs !== undefined)
            latencies.push(r.latencyMs);
    }
    const out = {
        error_rate: metric(total === 0 ? NaN : failed / total, 'lower', 'fraction', total),
    };
    if (latencies.length > 0) {
        const s = (0,serving/* latencySummary */.v)(latencies);
        const n = s.n;
        out.latency_p50_ms = metric(s.p50Ms, 'lower', 'ms', n);
        out.latency_p95_ms = metric(s.p95Ms, 'lower', 'ms', n);
        out.latency_p99_ms = metric(s.p99Ms, 'lower', 'ms', n);
        out.latency_mean_ms = metric(s.meanMs, 'lower', 'ms', n);
        out.latency_max_ms = metric(s.maxMs, 'lower', 'ms', n);
    }
    const throughput = spec.throughputRps ??
        (spec.durationMs !== undefined && spec.durationMs > 0
            ? total / (spec.durationMs / 1000)
            : undefined);
    if (throughput !== undefined)
        out.throughput_rps = metric(throughput, 'higher', 'rps', total);
    return out;
}
/**
 * Per-slice metrics. Each slice is scored as {@link summarizeResults} would score its examples
 * alone (its own labels, in its own sorted order; error rate over all its examples), from the
 * label codes and values of the whole-set pass, without scoring anything twice.
 */
function sliceMetrics(results, okAt, scored, spec) {
    const minSize = spec.minSliceSize ?? 1;
    const total = results.length;
    const out = [];
    const groupOf = new Int32Array(total);
    for (const column of spec.sliceBy ?? []) {
        const groupIds = new Map();
        const sizes = [];
        const okCounts = [];
        for (let i = 0; i < total; i++) {
            const value = results[i].slices?.[column] ?? '(missing)';
            let g = groupIds.get(value);
            if (g === undefined) {
                g = sizes.length;
                groupIds.set(value, g);
                sizes.push(0);
                okCounts.push(0);
            }
            groupOf[i] = g;
            sizes[g]++;
            if (okAt[i] >= 0)
                okCounts[g]++;
        }
        // The scored examples of each group, contiguous (a counting sort by group).
        const starts = new Int32Array(sizes.length + 1);
        for (let g = 0; g < sizes.length; g++)
            starts[g + 1] = starts[g] + okCounts[g];
        const fill = starts.slice(0, sizes.length);
        const members = new Int32Array(starts[sizes.length]);
        for (let i = 0; i < total; i++) {
            const at = okAt[i];
            if (at >= 0)
                members[fill[groupOf[i]]++] = at;
        }
        for (const value of (0,metrics_labels/* sortLabels */.C)(groupIds.keys())) {
            const g = groupIds.get(value);
            const n = sizes[g];
            if (n < minSize) {
                out.push({ column, value, n, metrics: {}, belowMinimum: true });
                continue;
            }
            const group = members.subarray(starts[g], starts[g + 1]);
            const errorRate = finite((n - group.length) / n);
            const values = scored.task === 'classification'
                ? { ...sliceClassification(scored.coded, group), error_rate: errorRate }
                : { ...sliceRegression(scored.y, scored.yHat, group), error_rate: errorRate };
            out.push({ column, value, n, metrics: (0,bounded_metrics/* clampFractionValues */.CK)(values) });
        }
    }
    return out;
}
/**
 * accuracy, balanced_accuracy and f1_macro of the scored examples at `group`, over the listed
 * labels or else the labels that occur among them as expected or predicted values (what
 * scikit-learn's f1_score gives on the slice alone; probability keys are not labels).
 */
function sliceClassification(coded, group) {
    const { classes, expected, predicted } = coded;
    const selected = coded.listed
        ? coded.selected
        : presentLabels(classes, coded.position, expected, predicted, group);
    const gExpected = new Int32Array(group.length);
    const gPredicted = new Int32Array(group.length);
    for (let j = 0; j < group.length; j++) {
        gExpected[j] = expected[group[j]];
        gPredicted[j] = predicted[group[j]];
    }
    const m = classificationMetrics(gExpected, gPredicted, classes, selected);
    const n = group.length;
    return {
        accuracy: finite(m.accuracy),
        balanced_accuracy: finite(m.balancedAccuracy),
        f1_macro: n > 0 ? finite(m.macro.f1) : null,
    };
}
/** mae, rmse and r2 of the scored examples at `group`. */
function sliceRegression(y, yHat, group) {
    const gy = new Float64Array(group.length);
    const gHat = new Float64Array(group.length);
    for (let j = 0; j < group.length; j++) {
        gy[j] = y[group[j]];
        gHat[j] = yHat[group[j]];
    }
    const m = regressionMetrics(gy, gHat);
    return { mae: finite(m.mae), rmse: finite(m.rmse), r2: finite(m.r2) };
}


/***/ }),

/***/ 15216:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   x: () => (/* binding */ buildEvaluationReport)
/* harmony export */ });
/* harmony import */ var _report_kinds__WEBPACK_IMPORTED_MODULE_1__ = __webpack_require__(87458);
/* harmony import */ var _render_number_format__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(24841);


const formatCount = (n) => (0,_render_number_format__WEBPACK_IMPORTED_MODULE_0__/* .formatNumber */ .Z)(n, 'count');
/**
 * Assembles the `modelgate/evaluation@1` report and decides its status: `fail` when the error
 * rate is above `maxErrorRate` (failed calls and rows without a prediction count as errors), else
 * `warn` when a warning was found (e.g. predictions for ids not in the eval set), else `pass`.
 */
function buildEvaluationReport(summary, parts) {
    const findings = [...(parts.findings ?? []), ...summary.findings];
    const ex = summary.body.examples;
    const errorRate = ex.total === 0 ? 0 : (ex.errored + ex.notRun) / ex.total;
    const unknownCount = parts.unknownIdCount ?? parts.unknownIds.length;
    if (unknownCount > 0) {
        const listed = parts.unknownIds.slice(0, 5).map((id) => JSON.stringify(id));
        const shown = listed.length > 0 ? ` (${listed.join(', ')}${unknownCount > 5 ? ', …' : ''})` : '';
        findings.push({
            code: 'unknown-ids',
            severity: 'warning',
            message: `${formatCount(unknownCount)} prediction(s) have ids that are not in the eval set${shown}; they are not scored.`,
            ...(parts.unknownIdsFile !== undefined && { file: parts.unknownIdsFile }),
        });
    }
    if (parts.missingPredictions > 0) {
        findings.push({
            code: 'missing-predictions',
            severity: 'error',
            message: `${formatCount(parts.missingPredictions)} eval row(s) have no prediction; they count as errors.`,
            ...(parts.unknownIdsFile !== undefined && { file: parts.unknownIdsFile }),
        });
    }
    const errorCounts = summary.body.errors ?? {};
    const gateFailed = errorRate > parts.maxErrorRate;
    if (gateFailed) {
        const reasons = Object.entries(errorCounts)
            .sort(([, a], [, b]) => b - a)
            .map(([code, n]) => `${code} ${formatCount(n)}`)
            .join(', ');
        findings.push({
            code: 'error-rate',
            severity: 'error',
            subject: 'error_rate',
            message: `Error rate ${(0,_render_number_format__WEBPACK_IMPORTED_MODULE_0__/* .formatNumber */ .Z)(errorRate, 'plain')} (${formatCount(ex.errored + ex.notRun)} of ${formatCount(ex.total)}) is above max-error-rate ${(0,_render_number_format__WEBPACK_IMPORTED_MODULE_0__/* .formatNumber */ .Z)(parts.maxErrorRate, 'plain')}${reasons ? `: ${reasons}` : ''}.`,
        });
    }
    let status = 'pass';
    if (gateFailed)
        status = 'fail';
    else if (findings.some((f) => f.severity === 'warning' || f.severity === 'error'))
        status = 'warn';
    const body = {
        task: parts.task,
        model: parts.model,
        dataset: parts.dataset,
        examples: {
            ...ex,
            missingPredictions: parts.missingPredictions,
            unknownIds: unknownCount,
        },
    };
    if (parts.shard)
        body.shard = parts.shard;
    if (parts.mergedFrom !== undefined)
        body.mergedFrom = parts.mergedFrom;
    if (parts.perExample)
        body.perExample = parts.perExample;
    if (parts.run)
        body.run = parts.run;
    const b = summary.body;
    if (b.labels)
        body.labels = b.labels;
    if (b.positiveLabel !== undefined)
        body.positiveLabel = b.positiveLabel;
    if (b.confusionMatrix)
        body.confusionMatrix = b.confusionMatrix;
    if (b.perClass)
        body.perClass = b.perClass;
    if (b.slices)
        body.slices = b.slices;
    if (b.errors)
        body.errors = b.errors;
    return {
        schema: (0,_report_kinds__WEBPACK_IMPORTED_MODULE_1__/* .schemaId */ .Vl)('evaluation'),
        status,
        summary: summaryLine(status, summary, parts, errorRate),
        provenance: parts.provenance,
        inputs: [...parts.inputs],
        metrics: summary.metrics,
        findings,
        body,
    };
}
function summaryLine(status, summary, parts, errorRate) {
    const m = summary.metrics;
    const ex = summary.body.examples;
    const quality = parts.task === 'regression'
        ? `MAE ${(0,_render_number_format__WEBPACK_IMPORTED_MODULE_0__/* .formatNumber */ .Z)(m.mae?.value, 'plain')}, RMSE ${(0,_render_number_format__WEBPACK_IMPORTED_MODULE_0__/* .formatNumber */ .Z)(m.rmse?.value, 'plain')}`
        : `accuracy ${(0,_render_number_format__WEBPACK_IMPORTED_MODULE_0__/* .formatNumber */ .Z)(m.accuracy?.value, 'plain')}, F1 (macro) ${(0,_render_number_format__WEBPACK_IMPORTED_MODULE_0__/* .formatNumber */ .Z)(m.f1_macro?.value, 'plain')}`;
    const latency = m.latency_p95_ms?.value !== undefined && m.latency_p95_ms.value !== null
        ? `, p95 ${(0,_render_number_format__WEBPACK_IMPORTED_MODULE_0__/* .formatNumber */ .Z)(m.latency_p95_ms.value, 'latency')}`
        : '';
    const shard = parts.shard ? ` (shard ${parts.shard.index}/${parts.shard.count})` : '';
    return `${status}: ${quality}${latency} on ${formatCount(ex.total)} examples${shard}; error rate ${(0,_render_number_format__WEBPACK_IMPORTED_MODULE_0__/* .formatNumber */ .Z)(errorRate, 'plain')}.`;
}


/***/ }),

/***/ 60664:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   I: () => (/* binding */ shardOf)
/* harmony export */ });
/* unused harmony export fnv1a32 */
/**
 * Deterministic sharding by id: an example belongs to shard `(fnv1a32(id) mod n) + 1`. The hash
 * is FNV-1a (32-bit) over the id's UTF-8 bytes, so the split depends only on the ids and the
 * shard count, the same on every runner and in every language that implements FNV-1a.
 */
const encoder = new TextEncoder();
/** FNV-1a, 32 bits, over the UTF-8 bytes of `text`, as an unsigned integer. */
function fnv1a32(text) {
    let hash = 0x811c9dc5;
    // ASCII ids (the common case) are hashed without encoding.
    let ascii = true;
    for (let i = 0; i < text.length; i++) {
        const c = text.charCodeAt(i);
        if (c > 0x7f) {
            ascii = false;
            break;
        }
        hash = Math.imul(hash ^ c, 0x01000193);
    }
    if (ascii)
        return hash >>> 0;
    hash = 0x811c9dc5;
    for (const byte of encoder.encode(text))
        hash = Math.imul(hash ^ byte, 0x01000193);
    return hash >>> 0;
}
/** The 1-based shard of an id among `count` shards. */
function shardOf(id, count) {
    return (fnv1a32(id) % count) + 1;
}


/***/ }),

/***/ 96471:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   jo: () => (/* binding */ detectTask),
/* harmony export */   rl: () => (/* binding */ numberOf)
/* harmony export */ });
/* unused harmony export MAX_INTEGER_CLASSES */
/* harmony import */ var _metrics_labels__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(29884);

/** The most distinct integer labels that still read as classes rather than a numeric target. */
const MAX_INTEGER_CLASSES = 20;
/**
 * The task the labels suggest: regression when every label is a number (or numeric text) and
 * either one is not an integer or there are more than {@link MAX_INTEGER_CLASSES} distinct values;
 * otherwise classification (text, booleans, or a few integer codes such as 0/1).
 */
function detectTask(labels) {
    const distinct = new Set();
    let fractional = false;
    for (const value of labels) {
        if (typeof value === 'boolean')
            return 'classification';
        const label = (0,_metrics_labels__WEBPACK_IMPORTED_MODULE_0__/* .labelOf */ .W)(value);
        if (label === undefined)
            continue;
        const n = typeof value === 'number' ? value : label.trim() === '' ? Number.NaN : Number(label);
        if (!Number.isFinite(n))
            return 'classification';
        if (!Number.isInteger(n))
            fractional = true;
        distinct.add(label);
    }
    if (distinct.size === 0)
        return 'classification';
    return fractional || distinct.size > MAX_INTEGER_CLASSES ? 'regression' : 'classification';
}
/** A value as a regression number: finite numbers, and numeric text; else undefined. */
function numberOf(value) {
    if (typeof value === 'number')
        return Number.isFinite(value) ? value : undefined;
    if (typeof value === 'string' && value.trim() !== '') {
        const n = Number(value);
        return Number.isFinite(n) ? n : undefined;
    }
    return undefined;
}


/***/ }),

/***/ 5725:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   T: () => (/* binding */ describeFsError)
/* harmony export */ });
/**
 * A file system failure in words, for messages: `ENOENT: no such file or directory, open
 * '/abs/path'` (Node's text, with an errno code and the absolute path) never reaches the user.
 * Pure: it reads only the error's `code`.
 */
function describeFsError(err) {
    const code = err?.code;
    switch (code) {
        case 'ENOENT':
            return 'no such file or folder';
        case 'ENOTDIR':
        case 'EEXIST':
            return 'a part of the path is a file, not a folder';
        case 'EISDIR':
            return 'the path is a folder';
        case 'EACCES':
        case 'EPERM':
            return 'permission denied';
        case 'ENOSPC':
            return 'the disk is full';
        case 'ELOOP':
            return 'too many symbolic links (a loop)';
        case 'ENAMETOOLONG':
            return 'the path is too long';
        case 'EMFILE':
        case 'ENFILE':
            return 'too many open files';
        case 'EIO':
            return 'an input/output error of the disk';
        default: {
            const message = err instanceof Error ? err.message : String(err);
            // Node's form is `CODE: text, syscall 'path'`: keep the text only.
            return /^E[A-Z]+: ([^,]+)/.exec(message)?.[1] ?? message;
        }
    }
}


/***/ }),

/***/ 64720:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   bU: () => (/* binding */ levenshteinDistance),
/* harmony export */   qk: () => (/* binding */ levenshteinCheck)
/* harmony export */ });
/* unused harmony export levenshteinSimilarity */
/* harmony import */ var _token_f1__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(13670);

/**
 * The Levenshtein edit distance (insertions, deletions and substitutions, each 1) between two
 * strings, counted in Unicode code points, in O(n·m) time and O(m) memory.
 */
function levenshteinDistance(a, b) {
    const s = Array.from(a);
    const t = Array.from(b);
    if (s.length === 0)
        return t.length;
    if (t.length === 0)
        return s.length;
    let prev = new Uint32Array(t.length + 1);
    let curr = new Uint32Array(t.length + 1);
    for (let j = 0; j <= t.length; j++)
        prev[j] = j;
    for (let i = 1; i <= s.length; i++) {
        curr[0] = i;
        const si = s[i - 1];
        for (let j = 1; j <= t.length; j++) {
            const cost = si === t[j - 1] ? 0 : 1;
            curr[j] = Math.min(prev[j] + 1, curr[j - 1] + 1, prev[j - 1] + cost);
        }
        [prev, curr] = [curr, prev];
    }
    return prev[t.length];
}
/**
 * The normalised Levenshtein similarity, 1 − distance / max(length), in [0, 1]; 1 when both
 * strings are empty. Lengths are in code points.
 */
function levenshteinSimilarity(a, b) {
    const longest = Math.max(Array.from(a).length, Array.from(b).length);
    return longest === 0 ? 1 : 1 - levenshteinDistance(a, b) / longest;
}
/**
 * `levenshtein`: with `maxDistance`, passes when the smallest edit distance to a reference is at
 * most that; otherwise when the best normalised similarity is at least `threshold`. The score is
 * the similarity either way.
 */
function levenshteinCheck(references, threshold, maxDistance) {
    return ({ output }) => {
        if (maxDistance !== undefined) {
            const best = (0,_token_f1__WEBPACK_IMPORTED_MODULE_0__/* .bestOf */ .Ui)(references, (ref) => -levenshteinDistance(output, ref));
            const distance = -best.score;
            return {
                pass: distance <= maxDistance,
                score: levenshteinSimilarity(output, best.reference),
                reason: `edit distance ${distance} (max ${maxDistance})`,
            };
        }
        const best = (0,_token_f1__WEBPACK_IMPORTED_MODULE_0__/* .bestOf */ .Ui)(references, (ref) => levenshteinSimilarity(output, ref));
        return {
            pass: best.score >= threshold,
            score: best.score,
            reason: `Levenshtein similarity ${best.score.toFixed(3)} (threshold ${threshold})`,
        };
    };
}


/***/ }),

/***/ 13670:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   Ui: () => (/* binding */ bestOf),
/* harmony export */   vX: () => (/* binding */ tokenF1Check)
/* harmony export */ });
/* unused harmony exports squadTokens, tokenF1 */
// Python's string.punctuation, which the SQuAD evaluation script removes.
const ASCII_PUNCTUATION = /[!"#$%&'()*+,\-./:;<=>?@[\\\]^_`{|}~]/g;
// \b(a|an|the)\b with Python 3's Unicode word boundaries (letters, numbers and _).
const ARTICLES = /(?<![\p{L}\p{N}_])(?:a|an|the)(?![\p{L}\p{N}_])/gu;
// Python's str.split() whitespace (JS \s plus the information separators and NEL).
// eslint-disable-next-line no-control-regex -- Python's whitespace includes these separators.
const PY_WHITESPACE = /[\s\x1c-\x1f\x85]+/u;
/**
 * The SQuAD answer normalisation: lowercase, remove ASCII punctuation, remove the articles
 * a/an/the, and split on whitespace. Returns the tokens.
 */
function squadTokens(text) {
    const normalized = text.toLowerCase().replace(ASCII_PUNCTUATION, '').replace(ARTICLES, ' ');
    return normalized.split(PY_WHITESPACE).filter((t) => t !== '');
}
/**
 * Token F1 of a prediction against one reference, as the SQuAD v2 evaluation script computes
 * it: the harmonic mean of token precision and recall over the multiset of shared tokens. When
 * either side has no tokens, it is 1 if both have none and 0 otherwise.
 */
function tokenF1(prediction, reference) {
    const pred = squadTokens(prediction);
    const gold = squadTokens(reference);
    if (pred.length === 0 || gold.length === 0)
        return pred.length === gold.length ? 1 : 0;
    const counts = new Map();
    for (const t of gold)
        counts.set(t, (counts.get(t) ?? 0) + 1);
    let same = 0;
    for (const t of pred) {
        const left = counts.get(t) ?? 0;
        if (left > 0) {
            same += 1;
            counts.set(t, left - 1);
        }
    }
    if (same === 0)
        return 0;
    const precision = same / pred.length;
    const recall = same / gold.length;
    return (2 * precision * recall) / (precision + recall);
}
/** The best of a similarity over several references, with the one that gave it. */
function bestOf(references, score) {
    let best = { score: -Infinity, reference: references[0] ?? '' };
    for (const reference of references) {
        const s = score(reference);
        if (s > best.score)
            best = { score: s, reference };
    }
    return best;
}
/** `token-f1`: the best SQuAD token F1 over the references is at least `threshold`. */
function tokenF1Check(references, threshold) {
    return ({ output }) => {
        const best = bestOf(references, (ref) => tokenF1(output, ref));
        return {
            pass: best.score >= threshold,
            score: best.score,
            reason: `token F1 ${best.score.toFixed(3)} (threshold ${threshold})`,
        };
    };
}


/***/ }),

/***/ 29884:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   C: () => (/* binding */ sortLabels),
/* harmony export */   W: () => (/* binding */ labelOf)
/* harmony export */ });
/**
 * Class labels as text, and their order. Labels are compared as strings so that `1` in a JSONL
 * file and `"1"` in a CSV file are the same class. The order is scikit-learn's (`np.unique` of the
 * labels): numeric when every label is a number, else by code point.
 */
/**
 * A value as a label: strings as they are, finite numbers in their shortest form (`1.0` → `1`),
 * booleans as `true`/`false`. Undefined for null, undefined, '', NaN and objects.
 */
function labelOf(value) {
    switch (typeof value) {
        case 'string':
            return value === '' ? undefined : value;
        case 'number':
            return Number.isFinite(value) ? String(value) : undefined;
        case 'boolean':
        case 'bigint':
            return String(value);
        default:
            return undefined;
    }
}
function isNumeric(label) {
    return label.trim() !== '' && Number.isFinite(Number(label));
}
function compareCodePoints(a, b) {
    const ia = a[Symbol.iterator]();
    const ib = b[Symbol.iterator]();
    for (;;) {
        const x = ia.next();
        const y = ib.next();
        if (x.done)
            return y.done ? 0 : -1;
        if (y.done)
            return 1;
        const d = (x.value.codePointAt(0) ?? 0) - (y.value.codePointAt(0) ?? 0);
        if (d !== 0)
            return d;
    }
}
/**
 * The distinct labels in scikit-learn's order: ascending numbers when every label is numeric
 * (`2` before `10`), else ascending code points (as numpy sorts strings).
 */
function sortLabels(labels) {
    const unique = [...new Set(labels)];
    if (unique.every(isNumeric))
        return unique.sort((a, b) => Number(a) - Number(b) || compareCodePoints(a, b));
    return unique.sort(compareCodePoints);
}


/***/ }),

/***/ 2155:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   v: () => (/* binding */ latencySummary)
/* harmony export */ });
/* harmony import */ var _stats_quantile__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(43852);

/** The summary of latencies in ms; NaN everywhere for none. Sorts one copy. */
function latencySummary(latenciesMs) {
    const sorted = (0,_stats_quantile__WEBPACK_IMPORTED_MODULE_0__/* .sortedCopy */ .TZ)(latenciesMs);
    const n = sorted.length;
    let sum = 0;
    for (let i = 0; i < n; i++)
        sum += sorted[i];
    return {
        n,
        p50Ms: (0,_stats_quantile__WEBPACK_IMPORTED_MODULE_0__/* .quantileSorted */ .Z4)(sorted, 0.5),
        p95Ms: (0,_stats_quantile__WEBPACK_IMPORTED_MODULE_0__/* .quantileSorted */ .Z4)(sorted, 0.95),
        p99Ms: (0,_stats_quantile__WEBPACK_IMPORTED_MODULE_0__/* .quantileSorted */ .Z4)(sorted, 0.99),
        meanMs: n === 0 ? Number.NaN : sum / n,
        maxMs: n === 0 ? Number.NaN : sorted[n - 1],
    };
}


/***/ }),

/***/ 28767:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   P: () => (/* binding */ setOwn)
/* harmony export */ });
/**
 * Sets an own, enumerable, writable property, even one named `__proto__` (which plain assignment
 * would treat as the prototype): for records keyed by user data (column names, labels).
 */
function setOwn(target, name, value) {
    if (name === '__proto__') {
        Object.defineProperty(target, name, {
            value,
            enumerable: true,
            writable: true,
            configurable: true,
        });
    }
    else
        target[name] = value;
}


/***/ }),

/***/ 24841:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   Z: () => (/* binding */ formatNumber)
/* harmony export */ });
/* unused harmony export MINUS */
/**
 * The one number formatter of every rendered report: a value and a named style give the text a
 * reader sees. Pure and locale-independent (thousands are separated with commas, negatives take
 * the minus sign U+2212 whatever the runner's locale). A missing or undefined value (`null`,
 * `undefined`, `NaN`) is `—`; `−0` is `0`.
 */
/** The minus sign used in every rendered number. */
const MINUS = '−';
const MISSING = '—';
/** `value` in `style`; `—` for null, undefined and NaN. */
function formatNumber(value, style, options = {}) {
    if (value === null || value === undefined || Number.isNaN(value))
        return MISSING;
    const signed = options.signed === true || style === 'points' || style === 'ratio';
    const v = Object.is(value, -0) ? 0 : value;
    const body = magnitude(Math.abs(v), style, options);
    if (style === 'pValue')
        return body;
    // A value that rounds to zero is zero: no sign on `0.0%`.
    const shownZero = Number.isFinite(v) && !/[1-9]/.test(body);
    const sign = v < 0 && !shownZero ? MINUS : signed ? (v > 0 && !shownZero ? '+' : '±') : '';
    return sign + body;
}
function magnitude(abs, style, options) {
    if (abs === Number.POSITIVE_INFINITY)
        return style === 'pValue' ? MISSING : '∞';
    switch (style) {
        case 'count':
            return withSeparators(Math.round(abs));
        case 'percent':
            return `${fixed(abs * 100, percentDecimals(options))}%`;
        case 'points': {
            const text = fixed(abs * 100, percentDecimals(options));
            return `${text} ${text === '1' ? 'point' : 'points'}`;
        }
        case 'ratio': {
            const pct = abs * 100;
            return `${pct >= 100 ? withSeparators(Math.round(pct)) : significant(pct, 3, 1)}%`;
        }
        case 'latency':
            if (abs < 1000)
                return `${significant(abs, 3)} ms`;
            if (abs < 1_000_000)
                return `${significant(abs / 1000, 3)} s`;
            return `${withSeparators(Math.round(abs / 1000))} s`;
        case 'usd':
            if (abs > 0 && abs < 0.01)
                return `$${subCent(abs)}`;
            if (abs > 0 && abs < 1)
                return `$${belowDollar(abs)}`;
            return `$${withSeparators(Math.trunc(round2(abs)))}.${cents(abs)}`;
        case 'pValue':
            if (abs < 0.001)
                return 'p < 0.001';
            return `p = ${significant(abs, 2)}`;
        case 'plain':
            return significant(abs, 3);
    }
}
/**
 * The decimals of a percent: the first digit finer than the interval's half-width (in points);
 * from `n`, the widest 95% half-width of a proportion, 0.98/√n. One decimal when neither is known.
 */
function percentDecimals(options) {
    let half = options.halfWidth;
    if ((half === undefined || !(half > 0)) && options.n !== undefined && options.n > 0) {
        half = 0.98 / Math.sqrt(options.n);
    }
    if (half === undefined || !(half > 0) || !Number.isFinite(half))
        return 1;
    return Math.min(3, Math.max(0, 1 - Math.floor(Math.log10(half * 100))));
}
function fixed(x, decimals) {
    if (x >= 1e15)
        return exponent(x);
    const text = x.toFixed(decimals);
    const [whole = '0', frac] = text.split('.');
    return withSeparators(Number(whole)) + (frac === undefined ? '' : `.${frac}`);
}
/**
 * `x ≥ 0` with `digits` significant digits (trailing zeros dropped), at most `maxDecimals`
 * decimals; whole numbers from 10^digits up with separators; below 0.001 in exponent form.
 */
function significant(x, digits, maxDecimals = 20) {
    if (x === 0)
        return '0';
    if (x >= 1e15)
        return exponent(x);
    if (x < 0.001)
        return exponent(x);
    if (x >= 10 ** digits)
        return withSeparators(Math.round(x));
    const rounded = Number(x.toPrecision(digits));
    if (rounded >= 10 ** digits)
        return withSeparators(Math.round(rounded));
    const decimals = Math.min(maxDecimals, Math.max(0, digits - 1 - Math.floor(Math.log10(rounded))));
    const text = rounded.toFixed(decimals);
    const trimmed = text.includes('.') ? text.replace(/\.?0+$/, '') : text;
    const [whole = '0', frac] = trimmed.split('.');
    return withSeparators(Number(whole)) + (frac === undefined ? '' : `.${frac}`);
}
/** A positive amount below a cent with 2 significant digits, `0.00015`; exponent below 1e-6. */
function subCent(x) {
    if (x < 1e-6)
        return exponent(x);
    const decimals = 1 - Math.floor(Math.log10(x));
    return Number(x.toPrecision(2)).toFixed(decimals).replace(/0+$/, '');
}
/** A positive amount below a dollar: 3 significant digits, at least the cents, `0.075`. */
function belowDollar(x) {
    const text = Number(x.toPrecision(3)).toString();
    const [, frac = ''] = text.split('.');
    return frac.length >= 2 ? text : Number(text).toFixed(2);
}
function exponent(x) {
    return x.toExponential(1).replace('.0e', 'e').replace('e+', 'e');
}
function withSeparators(whole) {
    if (whole >= 1e21)
        return exponent(whole);
    return whole.toFixed(0).replace(/\B(?=(\d{3})+(?!\d))/g, ',');
}
function round2(x) {
    return Math.round(x * 100) / 100;
}
function cents(abs) {
    return (Math.round(abs * 100) % 100).toString().padStart(2, '0');
}


/***/ }),

/***/ 98445:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   BT: () => (/* binding */ clampFractionMetrics),
/* harmony export */   CK: () => (/* binding */ clampFractionValues),
/* harmony export */   JN: () => (/* binding */ isFractionMetric)
/* harmony export */ });
/* unused harmony export FRACTION_METRICS */
/* harmony import */ var _stats_fraction__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(14647);

/**
 * The report metrics that are fractions by definition, by key: classification scores, rates,
 * ROC AUC, the Brier score and the calibration error (evaluate-model), pass rates and the mean
 * assertion score (LLM mode), the drift share (validate-data). Not every `fraction`-unit metric
 * is bounded: MAPE is a fraction of the target that can exceed 1, so the list is by name.
 */
const FRACTION_METRICS = new Set([
    'accuracy',
    'balanced_accuracy',
    'precision_macro',
    'recall_macro',
    'f1_macro',
    'f1_micro',
    'precision_weighted',
    'recall_weighted',
    'f1_weighted',
    'precision_positive',
    'recall_positive',
    'f1_positive',
    'roc_auc',
    'brier',
    'ece',
    'error_rate',
    'pass_rate',
    'mean_score',
    'drift-share',
]);
/** Whether the metric `key` is a fraction by definition (also every `pass_rate_<type>`). */
function isFractionMetric(key) {
    return FRACTION_METRICS.has(key) || key.startsWith('pass_rate_');
}
/**
 * The metrics with every fraction metric's value and confidence bounds clamped into [0, 1]
 * ({@link clampFraction}); other metrics, and null values, as they are. The one place where the
 * stages' metric values are bounded before a report holds them.
 */
function clampFractionMetrics(metrics) {
    const out = {};
    for (const [key, m] of Object.entries(metrics)) {
        if (!isFractionMetric(key)) {
            out[key] = m;
            continue;
        }
        const clamped = { ...m, value: m.value === null ? null : (0,_stats_fraction__WEBPACK_IMPORTED_MODULE_0__/* .clampFraction */ .E)(m.value) };
        if (m.ci !== undefined)
            clamped.ci = { ...m.ci, lower: (0,_stats_fraction__WEBPACK_IMPORTED_MODULE_0__/* .clampFraction */ .E)(m.ci.lower), upper: (0,_stats_fraction__WEBPACK_IMPORTED_MODULE_0__/* .clampFraction */ .E)(m.ci.upper) };
        out[key] = clamped;
    }
    return out;
}
/** As {@link clampFractionMetrics}, for the plain values of a slice's metrics. */
function clampFractionValues(values) {
    const out = {};
    for (const [key, v] of Object.entries(values))
        out[key] = v !== null && isFractionMetric(key) ? (0,_stats_fraction__WEBPACK_IMPORTED_MODULE_0__/* .clampFraction */ .E)(v) : v;
    return out;
}


/***/ }),

/***/ 64708:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   F5: () => (/* binding */ EvaluationBody),
/* harmony export */   us: () => (/* binding */ ExampleResult)
/* harmony export */ });
/* unused harmony exports LlmTrial, SliceMetrics */
/* harmony import */ var zod__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(38816);

const AssertionOutcome = zod__WEBPACK_IMPORTED_MODULE_0__/* .lazy */ .RZV(() => zod__WEBPACK_IMPORTED_MODULE_0__/* .object */ .Ikc({
    type: zod__WEBPACK_IMPORTED_MODULE_0__/* .string */ .YjP(),
    pass: zod__WEBPACK_IMPORTED_MODULE_0__/* .boolean */ .zMY(),
    score: zod__WEBPACK_IMPORTED_MODULE_0__/* .number */ .aig().optional(),
    reason: zod__WEBPACK_IMPORTED_MODULE_0__/* .string */ .YjP().optional(),
    error: zod__WEBPACK_IMPORTED_MODULE_0__/* .boolean */ .zMY().optional(),
}));
/** LLM mode: one repeat of one case. `costUsd` is the model request's, `judgeCostUsd` the judge's. */
const LlmTrial = zod__WEBPACK_IMPORTED_MODULE_0__/* .lazy */ .RZV(() => zod__WEBPACK_IMPORTED_MODULE_0__/* .object */ .Ikc({
    status: zod__WEBPACK_IMPORTED_MODULE_0__/* ["enum"] */ .k5n(['ok', 'error', 'not-run']),
    output: zod__WEBPACK_IMPORTED_MODULE_0__/* .string */ .YjP().optional(),
    error: zod__WEBPACK_IMPORTED_MODULE_0__/* .string */ .YjP().optional(),
    pass: zod__WEBPACK_IMPORTED_MODULE_0__/* .boolean */ .zMY(),
    score: zod__WEBPACK_IMPORTED_MODULE_0__/* .number */ .aig().optional(),
    assertions: zod__WEBPACK_IMPORTED_MODULE_0__/* .array */ .YOg(AssertionOutcome),
    latencyMs: zod__WEBPACK_IMPORTED_MODULE_0__/* .number */ .aig().optional(),
    cached: zod__WEBPACK_IMPORTED_MODULE_0__/* .boolean */ .zMY().optional(),
    inputTokens: zod__WEBPACK_IMPORTED_MODULE_0__/* .number */ .aig().optional(),
    outputTokens: zod__WEBPACK_IMPORTED_MODULE_0__/* .number */ .aig().optional(),
    tokensEstimated: zod__WEBPACK_IMPORTED_MODULE_0__/* .boolean */ .zMY().optional(),
    costUsd: zod__WEBPACK_IMPORTED_MODULE_0__/* .number */ .aig().optional(),
    judgeCostUsd: zod__WEBPACK_IMPORTED_MODULE_0__/* .number */ .aig().optional(),
    /** The model id the server returned for this trial's request (OpenAI's `model`). */
    modelId: zod__WEBPACK_IMPORTED_MODULE_0__/* .string */ .YjP().optional(),
}));
/** One row of the per-example JSONL written beside an evaluation report. */
const ExampleResult = zod__WEBPACK_IMPORTED_MODULE_0__/* .lazy */ .RZV(() => zod__WEBPACK_IMPORTED_MODULE_0__/* .object */ .Ikc({
    id: zod__WEBPACK_IMPORTED_MODULE_0__/* .string */ .YjP(),
    expected: zod__WEBPACK_IMPORTED_MODULE_0__/* .unknown */ .L5J().optional(),
    predicted: zod__WEBPACK_IMPORTED_MODULE_0__/* .unknown */ .L5J().optional(),
    /** Class probabilities keyed by label, or a single positive-class score. */
    probabilities: zod__WEBPACK_IMPORTED_MODULE_0__/* .record */ .g1P(zod__WEBPACK_IMPORTED_MODULE_0__/* .string */ .YjP(), zod__WEBPACK_IMPORTED_MODULE_0__/* .number */ .aig()).optional(),
    score: zod__WEBPACK_IMPORTED_MODULE_0__/* .number */ .aig().optional(),
    correct: zod__WEBPACK_IMPORTED_MODULE_0__/* .boolean */ .zMY().optional(),
    /** Why the example has no prediction; an errored example is never silently dropped. */
    error: zod__WEBPACK_IMPORTED_MODULE_0__/* .string */ .YjP().optional(),
    /**
     * A stable kind for `error`, counted in `body.errors`: e.g. `missing-prediction`, `http`,
     * `timeout`, `network`, `command`, `invalid-prediction`.
     */
    errorCode: zod__WEBPACK_IMPORTED_MODULE_0__/* .string */ .YjP().optional(),
    /** `not-run` when a spend cap stopped the run before this example. */
    status: zod__WEBPACK_IMPORTED_MODULE_0__/* ["enum"] */ .k5n(['ok', 'error', 'not-run']).optional(),
    latencyMs: zod__WEBPACK_IMPORTED_MODULE_0__/* .number */ .aig().optional(),
    inputTokens: zod__WEBPACK_IMPORTED_MODULE_0__/* .number */ .aig().optional(),
    outputTokens: zod__WEBPACK_IMPORTED_MODULE_0__/* .number */ .aig().optional(),
    tokensEstimated: zod__WEBPACK_IMPORTED_MODULE_0__/* .boolean */ .zMY().optional(),
    costUsd: zod__WEBPACK_IMPORTED_MODULE_0__/* .number */ .aig().optional(),
    cached: zod__WEBPACK_IMPORTED_MODULE_0__/* .boolean */ .zMY().optional(),
    /** Slice column values of the row, for per-slice metrics and the bias gate. */
    slices: zod__WEBPACK_IMPORTED_MODULE_0__/* .record */ .g1P(zod__WEBPACK_IMPORTED_MODULE_0__/* .string */ .YjP(), zod__WEBPACK_IMPORTED_MODULE_0__/* .string */ .YjP()).optional(),
    /** LLM mode: assertion outcomes, the repeat pass rate and whether the case is flaky. */
    assertions: zod__WEBPACK_IMPORTED_MODULE_0__/* .array */ .YOg(AssertionOutcome).optional(),
    passRate: zod__WEBPACK_IMPORTED_MODULE_0__/* .number */ .aig().optional(),
    repeats: zod__WEBPACK_IMPORTED_MODULE_0__/* .number */ .aig().int().optional(),
    flaky: zod__WEBPACK_IMPORTED_MODULE_0__/* .boolean */ .zMY().optional(),
    /** LLM mode: the population variance of the repeat scores (`score` is their mean). */
    scoreVariance: zod__WEBPACK_IMPORTED_MODULE_0__/* .number */ .aig().optional(),
    /** LLM mode: each repeat of the case, in order (the fields above sum or summarise them). */
    trials: zod__WEBPACK_IMPORTED_MODULE_0__/* .array */ .YOg(LlmTrial).optional(),
    /** The row's index in the eval set, 0-based. */
    index: zod__WEBPACK_IMPORTED_MODULE_0__/* .number */ .aig().int().nonnegative().optional(),
    shard: zod__WEBPACK_IMPORTED_MODULE_0__/* .number */ .aig().int().nonnegative().optional(),
}));
const SliceMetrics = zod__WEBPACK_IMPORTED_MODULE_0__/* .lazy */ .RZV(() => zod__WEBPACK_IMPORTED_MODULE_0__/* .object */ .Ikc({
    column: zod__WEBPACK_IMPORTED_MODULE_0__/* .string */ .YjP(),
    value: zod__WEBPACK_IMPORTED_MODULE_0__/* .string */ .YjP(),
    n: zod__WEBPACK_IMPORTED_MODULE_0__/* .number */ .aig().int().nonnegative(),
    metrics: zod__WEBPACK_IMPORTED_MODULE_0__/* .record */ .g1P(zod__WEBPACK_IMPORTED_MODULE_0__/* .string */ .YjP(), zod__WEBPACK_IMPORTED_MODULE_0__/* .number */ .aig().nullable()),
    /** True when n is below the minimum slice size: the slice is listed but not scored. */
    belowMinimum: zod__WEBPACK_IMPORTED_MODULE_0__/* .boolean */ .zMY().optional(),
}));
/** The body of a `modelgate/evaluation@1` report. */
const EvaluationBody = zod__WEBPACK_IMPORTED_MODULE_0__/* .lazy */ .RZV(() => zod__WEBPACK_IMPORTED_MODULE_0__/* .object */ .Ikc({
    task: zod__WEBPACK_IMPORTED_MODULE_0__/* ["enum"] */ .k5n(['classification', 'regression', 'llm']),
    model: zod__WEBPACK_IMPORTED_MODULE_0__/* .object */ .Ikc({
        name: zod__WEBPACK_IMPORTED_MODULE_0__/* .string */ .YjP().optional(),
        endpoint: zod__WEBPACK_IMPORTED_MODULE_0__/* .string */ .YjP().optional(),
        version: zod__WEBPACK_IMPORTED_MODULE_0__/* .string */ .YjP().optional(),
        /** The model id the server returned (LLM mode). */
        modelId: zod__WEBPACK_IMPORTED_MODULE_0__/* .string */ .YjP().optional(),
        promptSha256: zod__WEBPACK_IMPORTED_MODULE_0__/* .string */ .YjP().optional(),
        source: zod__WEBPACK_IMPORTED_MODULE_0__/* ["enum"] */ .k5n(['predictions', 'endpoint', 'command', 'openai-compatible']),
    }),
    dataset: zod__WEBPACK_IMPORTED_MODULE_0__/* .object */ .Ikc({
        path: zod__WEBPACK_IMPORTED_MODULE_0__/* .string */ .YjP(),
        sha256: zod__WEBPACK_IMPORTED_MODULE_0__/* .string */ .YjP(),
        rows: zod__WEBPACK_IMPORTED_MODULE_0__/* .number */ .aig().int().nonnegative(),
    }),
    shard: zod__WEBPACK_IMPORTED_MODULE_0__/* .object */ .Ikc({ index: zod__WEBPACK_IMPORTED_MODULE_0__/* .number */ .aig().int().positive(), count: zod__WEBPACK_IMPORTED_MODULE_0__/* .number */ .aig().int().positive() })
        .optional(),
    /** Shard reports merged into this one, when it is a merge. */
    mergedFrom: zod__WEBPACK_IMPORTED_MODULE_0__/* .number */ .aig().int().positive().optional(),
    examples: zod__WEBPACK_IMPORTED_MODULE_0__/* .object */ .Ikc({
        total: zod__WEBPACK_IMPORTED_MODULE_0__/* .number */ .aig().int().nonnegative(),
        evaluated: zod__WEBPACK_IMPORTED_MODULE_0__/* .number */ .aig().int().nonnegative(),
        errored: zod__WEBPACK_IMPORTED_MODULE_0__/* .number */ .aig().int().nonnegative(),
        notRun: zod__WEBPACK_IMPORTED_MODULE_0__/* .number */ .aig().int().nonnegative(),
        missingPredictions: zod__WEBPACK_IMPORTED_MODULE_0__/* .number */ .aig().int().nonnegative(),
        unknownIds: zod__WEBPACK_IMPORTED_MODULE_0__/* .number */ .aig().int().nonnegative(),
    }),
    /** Where the per-example JSONL is, relative to the report file. */
    perExample: zod__WEBPACK_IMPORTED_MODULE_0__/* .object */ .Ikc({ path: zod__WEBPACK_IMPORTED_MODULE_0__/* .string */ .YjP(), sha256: zod__WEBPACK_IMPORTED_MODULE_0__/* .string */ .YjP(), rows: zod__WEBPACK_IMPORTED_MODULE_0__/* .number */ .aig().int().nonnegative() })
        .optional(),
    labels: zod__WEBPACK_IMPORTED_MODULE_0__/* .array */ .YOg(zod__WEBPACK_IMPORTED_MODULE_0__/* .string */ .YjP()).optional(),
    /** Binary classification: the label that ROC AUC, Brier score and `*_positive` refer to. */
    positiveLabel: zod__WEBPACK_IMPORTED_MODULE_0__/* .string */ .YjP().optional(),
    /** How the predictions were obtained: wall time, requests and retries (endpoint, command). */
    run: zod__WEBPACK_IMPORTED_MODULE_0__/* .object */ .Ikc({
        durationMs: zod__WEBPACK_IMPORTED_MODULE_0__/* .number */ .aig().nonnegative().optional(),
        requests: zod__WEBPACK_IMPORTED_MODULE_0__/* .number */ .aig().int().nonnegative().optional(),
        retries: zod__WEBPACK_IMPORTED_MODULE_0__/* .number */ .aig().int().nonnegative().optional(),
    })
        .optional(),
    confusionMatrix: zod__WEBPACK_IMPORTED_MODULE_0__/* .object */ .Ikc({ labels: zod__WEBPACK_IMPORTED_MODULE_0__/* .array */ .YOg(zod__WEBPACK_IMPORTED_MODULE_0__/* .string */ .YjP()), matrix: zod__WEBPACK_IMPORTED_MODULE_0__/* .array */ .YOg(zod__WEBPACK_IMPORTED_MODULE_0__/* .array */ .YOg(zod__WEBPACK_IMPORTED_MODULE_0__/* .number */ .aig().int())) })
        .optional(),
    perClass: zod__WEBPACK_IMPORTED_MODULE_0__/* .record */ .g1P(zod__WEBPACK_IMPORTED_MODULE_0__/* .string */ .YjP(), zod__WEBPACK_IMPORTED_MODULE_0__/* .object */ .Ikc({
        precision: zod__WEBPACK_IMPORTED_MODULE_0__/* .number */ .aig(),
        recall: zod__WEBPACK_IMPORTED_MODULE_0__/* .number */ .aig(),
        f1: zod__WEBPACK_IMPORTED_MODULE_0__/* .number */ .aig(),
        support: zod__WEBPACK_IMPORTED_MODULE_0__/* .number */ .aig().int(),
    }))
        .optional(),
    slices: zod__WEBPACK_IMPORTED_MODULE_0__/* .array */ .YOg(SliceMetrics).optional(),
    errors: zod__WEBPACK_IMPORTED_MODULE_0__/* .record */ .g1P(zod__WEBPACK_IMPORTED_MODULE_0__/* .string */ .YjP(), zod__WEBPACK_IMPORTED_MODULE_0__/* .number */ .aig().int().nonnegative()).optional(),
    llm: zod__WEBPACK_IMPORTED_MODULE_0__/* .object */ .Ikc({
        passRate: zod__WEBPACK_IMPORTED_MODULE_0__/* .number */ .aig().nullable(),
        byAssertion: zod__WEBPACK_IMPORTED_MODULE_0__/* .record */ .g1P(zod__WEBPACK_IMPORTED_MODULE_0__/* .string */ .YjP(), zod__WEBPACK_IMPORTED_MODULE_0__/* .object */ .Ikc({ passed: zod__WEBPACK_IMPORTED_MODULE_0__/* .number */ .aig().int(), total: zod__WEBPACK_IMPORTED_MODULE_0__/* .number */ .aig().int() })),
        flaky: zod__WEBPACK_IMPORTED_MODULE_0__/* .array */ .YOg(zod__WEBPACK_IMPORTED_MODULE_0__/* .string */ .YjP()),
        cacheHits: zod__WEBPACK_IMPORTED_MODULE_0__/* .number */ .aig().int().nonnegative(),
        requests: zod__WEBPACK_IMPORTED_MODULE_0__/* .number */ .aig().int().nonnegative(),
        repeats: zod__WEBPACK_IMPORTED_MODULE_0__/* .number */ .aig().int().positive(),
        costUsd: zod__WEBPACK_IMPORTED_MODULE_0__/* .number */ .aig().nullable(),
        judge: zod__WEBPACK_IMPORTED_MODULE_0__/* .object */ .Ikc({ model: zod__WEBPACK_IMPORTED_MODULE_0__/* .string */ .YjP(), promptVersion: zod__WEBPACK_IMPORTED_MODULE_0__/* .string */ .YjP() }).optional(),
        /** The spend cap (`max-cost-usd`), and whether the run stopped at it. */
        maxCostUsd: zod__WEBPACK_IMPORTED_MODULE_0__/* .number */ .aig().optional(),
        capReached: zod__WEBPACK_IMPORTED_MODULE_0__/* .boolean */ .zMY().optional(),
        /** Cost of the judge's requests, included in `costUsd`. */
        judgeCostUsd: zod__WEBPACK_IMPORTED_MODULE_0__/* .number */ .aig().nullable().optional(),
        /** Requests whose tokens were counted locally because the server sent no usage. */
        tokensEstimated: zod__WEBPACK_IMPORTED_MODULE_0__/* .number */ .aig().int().nonnegative().optional(),
        erroredCases: zod__WEBPACK_IMPORTED_MODULE_0__/* .number */ .aig().int().nonnegative().optional(),
        notRunCases: zod__WEBPACK_IMPORTED_MODULE_0__/* .number */ .aig().int().nonnegative().optional(),
    })
        .optional(),
}));


/***/ }),

/***/ 87458:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {


// EXPORTS
__webpack_require__.d(__webpack_exports__, {
  og: () => (/* binding */ formatIssues),
  MM: () => (/* binding */ parseReport),
  Vl: () => (/* binding */ schemaId)
});

// UNUSED EXPORTS: CostReport, DataValidationReport, EvaluationReport, REPORT_VERSION, RegressionReport, reportKind, reportSchemas

// EXTERNAL MODULE: ./node_modules/zod/v4/classic/schemas.js + 17 modules
var schemas = __webpack_require__(38816);
;// CONCATENATED MODULE: ./packages/core/src/report/cost.ts

/*
 * Money in a cost report is in USD. Totals are rounded to the cent (half to even, on the exact
 * decimal value); the parts of a total (a breakdown, the segments) are apportioned by the
 * largest-remainder method so that they add up exactly to the total shown. Per-request figures
 * keep 6 decimal places.
 */
/** The prices used for one model, per one million tokens, with where they came from. */
const PriceUsed = schemas/* lazy */.RZV(() => schemas/* object */.Ikc({
    provider: schemas/* string */.YjP(),
    model: schemas/* string */.YjP(),
    inputPer1M: schemas/* number */.aig().nonnegative(),
    outputPer1M: schemas/* number */.aig().nonnegative(),
    cachedInputPer1M: schemas/* number */.aig().nonnegative().optional(),
    batchDiscount: schemas/* number */.aig().min(0).max(1).optional(),
    asOf: schemas/* string */.YjP(),
    source: schemas/* string */.YjP(),
    /** The price table it came from: the built-in version, `+` the pricing file when one was merged. */
    tableVersion: schemas/* string */.YjP().optional(),
}));
/** One traffic segment's cost in the projected month. */
const SegmentCost = schemas/* lazy */.RZV(() => schemas/* object */.Ikc({
    name: schemas/* string */.YjP(),
    /** Requests in the projected month (after growth), rounded to a whole request for display. */
    monthlyRequests: schemas/* number */.aig().nonnegative(),
    inputTokensPerRequest: schemas/* number */.aig().nonnegative(),
    outputTokensPerRequest: schemas/* number */.aig().nonnegative(),
    inputUsd: schemas/* number */.aig(),
    cachedInputUsd: schemas/* number */.aig(),
    outputUsd: schemas/* number */.aig(),
    totalUsd: schemas/* number */.aig(),
    /** The segment's share of the GPU bill (self-hosted), in proportion to its tokens. */
    gpuUsd: schemas/* number */.aig().optional(),
    /** Requests per month as written in the traffic profile (month 1). */
    baseMonthlyRequests: schemas/* number */.aig().nonnegative().optional(),
    growthPctPerMonth: schemas/* number */.aig().optional(),
    cachedInputShare: schemas/* number */.aig().min(0).max(1).optional(),
    batchShare: schemas/* number */.aig().min(0).max(1).optional(),
}));
/** Self-hosted serving: GPU instances × hourly price × hours per month. */
const GpuCost = schemas/* lazy */.RZV(() => schemas/* object */.Ikc({
    hourlyUsd: schemas/* number */.aig(),
    instances: schemas/* number */.aig(),
    hoursPerMonth: schemas/* number */.aig(),
    /** `count` (given), or `throughput` (derived from measured tokens/s and the peak). */
    derivedFrom: schemas/* string */.YjP(),
    throughputTokensPerSecond: schemas/* number */.aig().optional(),
    throughputBasis: schemas/* enum */.k5n(['total', 'output']).optional(),
    peakFactor: schemas/* number */.aig().optional(),
    /** Average tokens/s of the basis over the month, and at the peak. */
    averageTokensPerSecond: schemas/* number */.aig().optional(),
    peakTokensPerSecond: schemas/* number */.aig().optional(),
    minCount: schemas/* number */.aig().optional(),
}));
const CostEstimate = schemas/* lazy */.RZV(() => schemas/* object */.Ikc({
    model: schemas/* string */.YjP(),
    provider: schemas/* string */.YjP(),
    hosting: schemas/* enum */.k5n(['api', 'self-hosted']),
    /** Requests in the projected month over all segments, rounded to a whole request. */
    monthlyRequests: schemas/* number */.aig().nonnegative(),
    monthlyCostUsd: schemas/* number */.aig(),
    costPer1kRequestsUsd: schemas/* number */.aig(),
    costPerRequestUsd: schemas/* number */.aig().optional(),
    breakdown: schemas/* object */.Ikc({
        inputUsd: schemas/* number */.aig(),
        cachedInputUsd: schemas/* number */.aig(),
        outputUsd: schemas/* number */.aig(),
        gpuUsd: schemas/* number */.aig(),
    }),
    /** Tokens in the projected month, over all segments, rounded to whole tokens. */
    tokens: schemas/* object */.Ikc({
        input: schemas/* number */.aig().nonnegative(),
        cachedInput: schemas/* number */.aig().nonnegative(),
        output: schemas/* number */.aig().nonnegative(),
    })
        .optional(),
    segments: schemas/* array */.YOg(SegmentCost),
    prices: PriceUsed.optional(),
    gpu: GpuCost.optional(),
    tokensSource: schemas/* enum */.k5n(['evaluation', 'inputs', 'traffic-profile']),
    /** The projected month: 1 is the traffic as written; later months apply the growth. */
    month: schemas/* number */.aig().int().positive().optional(),
}));
/** The body of a `modelgate/cost@1` report. */
const CostBody = schemas/* lazy */.RZV(() => schemas/* object */.Ikc({
    currency: schemas/* literal */.euz('USD'),
    candidate: CostEstimate,
    baseline: CostEstimate.optional(),
    /** Where the baseline came from: a model config, a cost report file, or an artifact. */
    baselineSource: schemas/* enum */.k5n(['config', 'report', 'artifact']).optional(),
    /** Candidate minus baseline, from the cent totals shown. Null without a baseline. */
    deltaUsd: schemas/* number */.aig().nullable(),
    /** deltaUsd over the baseline's cost, in percent, 2 places. Null without a baseline or at $0. */
    deltaPct: schemas/* number */.aig().nullable(),
    gates: schemas/* object */.Ikc({
        maxCostIncreasePct: schemas/* number */.aig().optional(),
        monthlyBudgetUsd: schemas/* number */.aig().optional(),
    }),
    /** How money is rounded, in words. */
    rounding: schemas/* string */.YjP().optional(),
}));

;// CONCATENATED MODULE: ./packages/core/src/report/envelope.ts

/** The verdict of a report: pass, warn (merge allowed), fail (gate closed), error (could not run). */
const ReportStatus = schemas/* enum */.k5n(['pass', 'warn', 'fail', 'error']);
/** Where a report came from: the repository, commit, run and pull request it was made for. */
const Provenance = schemas/* lazy */.RZV(() => schemas/* object */.Ikc({
    repository: schemas/* string */.YjP().optional(),
    sha: schemas/* string */.YjP().optional(),
    ref: schemas/* string */.YjP().optional(),
    workflow: schemas/* string */.YjP().optional(),
    runId: schemas/* number */.aig().int().optional(),
    runAttempt: schemas/* number */.aig().int().optional(),
    job: schemas/* string */.YjP().optional(),
    prNumber: schemas/* number */.aig().int().optional(),
    headSha: schemas/* string */.YjP().optional(),
    baseRef: schemas/* string */.YjP().optional(),
    baseSha: schemas/* string */.YjP().optional(),
    serverUrl: schemas/* string */.YjP().optional(),
    /** ISO 8601 time the report was made. */
    time: schemas/* string */.YjP(),
    /** The modelgate action and version that made it. */
    tool: schemas/* object */.Ikc({ name: schemas/* string */.YjP(), version: schemas/* string */.YjP() }),
}));
/** A file the report was computed from, so that a reader can tell whether two runs used the same. */
const InputFingerprint = schemas/* lazy */.RZV(() => schemas/* object */.Ikc({
    /** What the file was to the action, e.g. `data`, `reference`, `dataset`, `policy`. */
    role: schemas/* string */.YjP(),
    path: schemas/* string */.YjP(),
    sha256: schemas/* string */.YjP().regex(/^[0-9a-f]{64}$/),
    bytes: schemas/* number */.aig().int().nonnegative(),
    rows: schemas/* number */.aig().int().nonnegative().optional(),
}));
/** Which way a metric is better. `none` for descriptive numbers that have no better side. */
const Direction = schemas/* enum */.k5n(['higher', 'lower', 'none']);
/** A confidence interval; `level` is a fraction, e.g. 0.95. */
const ConfidenceInterval = schemas/* lazy */.RZV(() => schemas/* object */.Ikc({
    lower: schemas/* number */.aig(),
    upper: schemas/* number */.aig(),
    level: schemas/* number */.aig().gt(0).lt(1),
    method: schemas/* string */.YjP().optional(),
}));
/**
 * One named number. `value` is null when it is undefined for the data (e.g. ROC AUC with one
 * class present); `unit` is e.g. `fraction`, `ms`, `usd`, `count`, `tokens`, `ratio`.
 */
const Metric = schemas/* lazy */.RZV(() => schemas/* object */.Ikc({
    value: schemas/* number */.aig().nullable(),
    unit: schemas/* string */.YjP().optional(),
    direction: Direction,
    ci: ConfidenceInterval.optional(),
    n: schemas/* number */.aig().int().nonnegative().optional(),
    description: schemas/* string */.YjP().optional(),
}));
const Severity = schemas/* enum */.k5n(['error', 'warning', 'notice']);
/** One thing found: a violation, a drifted column, a regression. Lines and columns are 1-based. */
const Finding = schemas/* lazy */.RZV(() => schemas/* object */.Ikc({
    code: schemas/* string */.YjP(),
    severity: Severity,
    message: schemas/* string */.YjP(),
    file: schemas/* string */.YjP().optional(),
    line: schemas/* number */.aig().int().positive().optional(),
    column: schemas/* number */.aig().int().positive().optional(),
    /** The dataset column or metric the finding is about, when there is one. */
    subject: schemas/* string */.YjP().optional(),
}));
/** The fields every report carries, whatever its kind (made when a report schema is first used). */
function envelopeShape() {
    return {
        status: ReportStatus,
        summary: schemas/* string */.YjP(),
        provenance: Provenance,
        inputs: schemas/* array */.YOg(InputFingerprint),
        metrics: schemas/* record */.g1P(schemas/* string */.YjP(), Metric),
        findings: schemas/* array */.YOg(Finding),
    };
}

;// CONCATENATED MODULE: ./packages/core/src/report/data-validation.ts


/** Summary statistics of one numeric column. Quantiles use numpy's linear interpolation. */
const NumericSummary = schemas/* lazy */.RZV(() => schemas/* object */.Ikc({
    mean: schemas/* number */.aig().nullable(),
    std: schemas/* number */.aig().nullable(),
    min: schemas/* number */.aig().nullable(),
    max: schemas/* number */.aig().nullable(),
    /** Keys are quantile levels as strings, e.g. `"0.5"`. */
    quantiles: schemas/* record */.g1P(schemas/* string */.YjP(), schemas/* number */.aig()),
    /** True when quantiles come from a sketch rather than the exact values. */
    approximate: schemas/* boolean */.zMY(),
}));
const ColumnType = schemas/* enum */.k5n([
    'number',
    'integer',
    'string',
    'boolean',
    'datetime',
    'category',
]);
const DriftMethod = schemas/* enum */.k5n(['ks', 'chi2', 'z', 'psi', 'jensenshannon', 'wasserstein', 'kl']);
/** The drift test of one column against the reference. */
const ColumnDrift = schemas/* lazy */.RZV(() => schemas/* object */.Ikc({
    method: DriftMethod,
    statistic: schemas/* number */.aig().nullable(),
    /** Present for the tests that have one (ks, chi2, z). */
    pValue: schemas/* number */.aig().nullable(),
    threshold: schemas/* number */.aig(),
    drifted: schemas/* boolean */.zMY(),
    /** True when the statistic was computed from a sketch, within the documented bound. */
    approximate: schemas/* boolean */.zMY(),
}));
/** Counts and statistics of one column on one side (data or reference). */
const ColumnProfile = schemas/* lazy */.RZV(() => schemas/* object */.Ikc({
    count: schemas/* number */.aig().int().nonnegative(),
    nulls: schemas/* number */.aig().int().nonnegative(),
    nullFraction: schemas/* number */.aig().nullable(),
    /**
     * Values that are NaN or ±Infinity (counted in `count`, not in `nulls`): left out of the
     * numeric statistics and the drift test. Absent when there are none.
     */
    nonFinite: schemas/* number */.aig().int().positive().optional(),
    distinct: schemas/* number */.aig().int().nonnegative().nullable(),
    /** True when `distinct` is an estimate (over the exact-mode budget). */
    distinctApproximate: schemas/* boolean */.zMY().optional(),
    numeric: NumericSummary.optional(),
    /**
     * The most frequent values with their counts, most frequent first. A value longer than 200
     * characters is shown as its first 200 and `…`, with its full `length` (UTF-16 code units)
     * and the `sha256` of its UTF-8 bytes.
     */
    topValues: schemas/* array */.YOg(schemas/* object */.Ikc({
        value: schemas/* string */.YjP(),
        count: schemas/* number */.aig().int(),
        length: schemas/* number */.aig().int().nonnegative().optional(),
        sha256: schemas/* string */.YjP()
            .regex(/^[0-9a-f]{64}$/)
            .optional(),
    }))
        .optional(),
    minLength: schemas/* number */.aig().int().optional(),
    maxLength: schemas/* number */.aig().int().optional(),
    /** The earliest and latest datetime values (ISO 8601, UTC). */
    datetimeRange: schemas/* object */.Ikc({ min: schemas/* string */.YjP(), max: schemas/* string */.YjP() }).optional(),
}));
const ColumnReport = schemas/* lazy */.RZV(() => schemas/* object */.Ikc({
    name: schemas/* string */.YjP(),
    inferredType: ColumnType,
    declaredType: ColumnType.optional(),
    data: ColumnProfile,
    reference: ColumnProfile.optional(),
    drift: ColumnDrift.optional(),
    /** Why the column was not drift-tested, when it was not (e.g. no reference, datetime). */
    driftSkipped: schemas/* string */.YjP().optional(),
    violations: schemas/* number */.aig().int().nonnegative(),
}));
const DatasetDescription = schemas/* lazy */.RZV(() => schemas/* object */.Ikc({
    path: schemas/* string */.YjP(),
    format: schemas/* string */.YjP(),
    files: schemas/* number */.aig().int().positive(),
    rows: schemas/* number */.aig().int().nonnegative(),
    columns: schemas/* array */.YOg(schemas/* string */.YjP()),
}));
/** The body of a `modelgate/data-validation@1` report. */
const DataValidationBody = schemas/* lazy */.RZV(() => schemas/* object */.Ikc({
    data: DatasetDescription,
    reference: DatasetDescription.optional(),
    schemaFile: schemas/* string */.YjP().optional(),
    columns: schemas/* array */.YOg(ColumnReport),
    drift: schemas/* object */.Ikc({
        /** The fraction of tested columns that drifted. */
        share: schemas/* number */.aig(),
        /** The share at or above which the dataset is drifted. */
        shareThreshold: schemas/* number */.aig(),
        datasetDrift: schemas/* boolean */.zMY(),
        drifted: schemas/* array */.YOg(schemas/* string */.YjP()),
        tested: schemas/* number */.aig().int().nonnegative(),
        labelDrift: schemas/* object */.Ikc({
            column: schemas/* string */.YjP(),
            method: DriftMethod.optional(),
            statistic: schemas/* number */.aig(),
            threshold: schemas/* number */.aig(),
            drifted: schemas/* boolean */.zMY(),
        })
            .optional(),
    })
        .optional(),
    violations: schemas/* object */.Ikc({
        total: schemas/* number */.aig().int().nonnegative(),
        byCode: schemas/* record */.g1P(schemas/* string */.YjP(), schemas/* number */.aig().int().nonnegative()),
    }),
    duplicates: schemas/* object */.Ikc({
        rows: schemas/* number */.aig().int().nonnegative(),
        ids: schemas/* number */.aig().int().nonnegative().optional(),
        /** True when the counts are lower bounds (more rows than the duplicate budget). */
        approximate: schemas/* boolean */.zMY().optional(),
    })
        .optional(),
    /** Interval on the share of rows that violate the schema, when rows were checked. */
    violationRateCi: ConfidenceInterval.optional(),
}));

// EXTERNAL MODULE: ./packages/core/src/report/evaluation.ts
var evaluation = __webpack_require__(64708);
;// CONCATENATED MODULE: ./packages/core/src/report/regression.ts


const ComparisonState = schemas/* enum */.k5n([
    'improved',
    'unchanged',
    'regressed',
    'noise',
    'missing',
    'errored',
    'new',
]);
/** The rule a metric was held to, after the policy file and the shortcut inputs were merged. */
const AppliedRule = schemas/* lazy */.RZV(() => schemas/* object */.Ikc({
    direction: Direction,
    min: schemas/* number */.aig().optional(),
    max: schemas/* number */.aig().optional(),
    maxDrop: schemas/* number */.aig().optional(),
    maxRelativeDrop: schemas/* number */.aig().optional(),
    tier: schemas/* enum */.k5n(['warn', 'fail']),
    requireSignificance: schemas/* boolean */.zMY(),
    required: schemas/* boolean */.zMY(),
    /** The largest allowed drop of the metric in any slice (the bias gate), absolute. */
    maxSliceDrop: schemas/* number */.aig().optional(),
    /** The TOST margin, absolute on the metric's scale (0.01 = 1 point of accuracy). */
    equivalenceMargin: schemas/* number */.aig().optional(),
    /** True when no rule names the metric: it is shown, and gated only by a significant drop. */
    informational: schemas/* boolean */.zMY().optional(),
    /** The rule's origin, e.g. `policy.yml`, `input max-accuracy-drop`, `default`. */
    source: schemas/* string */.YjP(),
}));
const MetricComparison = schemas/* lazy */.RZV(() => schemas/* object */.Ikc({
    metric: schemas/* string */.YjP(),
    /** For per-slice rows: the slice column and value. */
    slice: schemas/* object */.Ikc({ column: schemas/* string */.YjP(), value: schemas/* string */.YjP() }).optional(),
    baseline: schemas/* number */.aig().nullable(),
    candidate: schemas/* number */.aig().nullable(),
    delta: schemas/* number */.aig().nullable(),
    relativeDelta: schemas/* number */.aig().nullable(),
    ci: ConfidenceInterval.optional(),
    pValue: schemas/* number */.aig().nullable(),
    /** The test behind `pValue`: paired (McNemar, bootstrap) or unpaired (two-proportion z). */
    test: schemas/* enum */.k5n(['mcnemar-exact', 'paired-bootstrap', 'two-proportion-z', 'none']),
    /** False when the runs could not be paired and the test (if any) is unpaired. */
    paired: schemas/* boolean */.zMY().optional(),
    /** Examples behind a paired test (those both runs scored). */
    n: schemas/* number */.aig().int().nonnegative().optional(),
    rule: AppliedRule,
    state: ComparisonState,
    /** What the state means for the gate. */
    verdict: schemas/* enum */.k5n(['pass', 'warn', 'fail']),
    message: schemas/* string */.YjP(),
    noisy: schemas/* boolean */.zMY().optional(),
    /**
     * Two one-sided tests on the paired difference (candidate − baseline) against the rule's
     * `equivalence-margin`, absolute on the metric's scale: `lower`/`upper` are its (1 − 2α)
     * interval; `neededN` (inconclusive only) the paired examples for 80% power at α when the
     * true difference is 0.
     */
    equivalence: schemas/* object */.Ikc({
        margin: schemas/* number */.aig(),
        lower: schemas/* number */.aig(),
        upper: schemas/* number */.aig(),
        pValue: schemas/* number */.aig(),
        decision: schemas/* enum */.k5n(['equivalent', 'better', 'worse', 'inconclusive']),
        neededN: schemas/* number */.aig().int().positive().optional(),
    })
        .optional(),
}));
/** The body of a `modelgate/regression@1` report. */
const RegressionBody = schemas/* lazy */.RZV(() => schemas/* object */.Ikc({
    candidateKind: schemas/* string */.YjP(),
    baseline: schemas/* object */.Ikc({
        source: schemas/* enum */.k5n(['path', 'artifact', 'none']),
        path: schemas/* string */.YjP().optional(),
        artifact: schemas/* object */.Ikc({
            name: schemas/* string */.YjP(),
            runId: schemas/* number */.aig().int(),
            sha: schemas/* string */.YjP(),
            ageDays: schemas/* number */.aig(),
            exactMergeBase: schemas/* boolean */.zMY(),
            url: schemas/* string */.YjP().optional(),
            workflow: schemas/* string */.YjP().optional(),
            branch: schemas/* string */.YjP().optional(),
        })
            .optional(),
        provenance: Provenance.optional(),
    }),
    noBaseline: schemas/* boolean */.zMY(),
    paired: schemas/* boolean */.zMY(),
    /** Why a paired comparison was refused (e.g. the eval sets differ). */
    pairedRefused: schemas/* string */.YjP().optional(),
    alpha: schemas/* number */.aig(),
    bootstrapResamples: schemas/* number */.aig().int().positive(),
    seed: schemas/* number */.aig().int(),
    /** The verdict of a drop beyond tolerance that is not significant. */
    noiseVerdict: schemas/* enum */.k5n(['pass', 'warn', 'fail']).optional(),
    /** The policy file, when one was used. */
    policy: schemas/* string */.YjP().optional(),
    comparisons: schemas/* array */.YOg(MetricComparison),
    notes: schemas/* array */.YOg(schemas/* string */.YjP()),
    /**
     * Paired classification or LLM runs: the examples the candidate fixed (wrong → right) and
     * broke (right → wrong); `listed` holds the first of them, broken first, outputs cut to a
     * stated length; `truncated` when there are more (the artifact's flips file has them all).
     */
    flips: schemas/* object */.Ikc({
        fixed: schemas/* number */.aig().int().nonnegative(),
        broken: schemas/* number */.aig().int().nonnegative(),
        listed: schemas/* array */.YOg(schemas/* object */.Ikc({
            id: schemas/* string */.YjP(),
            kind: schemas/* enum */.k5n(['fixed', 'broken']),
            expected: schemas/* string */.YjP().optional(),
            baseline: schemas/* string */.YjP().optional(),
            candidate: schemas/* string */.YjP().optional(),
        })),
        truncated: schemas/* boolean */.zMY(),
        /** The JSONL file with every flip, relative to the report's folder. */
        path: schemas/* string */.YjP().optional(),
    })
        .optional(),
    /**
     * Whether the two runs measured the same thing: false with the differences (eval set
     * fingerprint, task, label set, slice columns) when they did not; paired tests are then
     * refused and every comparison is unpaired.
     */
    comparability: schemas/* object */.Ikc({
        comparable: schemas/* boolean */.zMY(),
        differences: schemas/* array */.YOg(schemas/* object */.Ikc({
            aspect: schemas/* enum */.k5n(['eval-set', 'task', 'labels', 'slices']),
            baseline: schemas/* string */.YjP(),
            candidate: schemas/* string */.YjP(),
        })),
    })
        .optional(),
}));

// EXTERNAL MODULE: ./packages/core/src/errors.ts
var errors = __webpack_require__(37638);
;// CONCATENATED MODULE: ./packages/core/src/report/kinds.ts







/** The version of each report kind that this modelgate writes and reads. */
const REPORT_VERSION = 1;
/**
 * A report kind's schema. Every report schema is built when first used (`z.lazy`), not when
 * modelgate loads: building them all takes about 15 ms, which every action's start would pay,
 * while most runs validate no report, or one kind.
 */
function reportSchema(kind, body) {
    return schemas/* lazy */.RZV(() => schemas/* object */.Ikc({
        schema: schemas/* literal */.euz(`modelgate/${kind}@${REPORT_VERSION}`),
        ...envelopeShape(),
        body,
    }));
}
const DataValidationReport = reportSchema('data-validation', DataValidationBody);
const EvaluationReport = reportSchema('evaluation', evaluation/* EvaluationBody */.F5);
const RegressionReport = reportSchema('regression', RegressionBody);
const CostReport = reportSchema('cost', CostBody);
/** Every report kind, keyed by the kind name in its schema id. */
const reportSchemas = {
    'data-validation': DataValidationReport,
    evaluation: EvaluationReport,
    regression: RegressionReport,
    cost: CostReport,
};
/** The schema id of a kind at the current version, e.g. `modelgate/evaluation@1`. */
function schemaId(kind) {
    return `modelgate/${kind}@${REPORT_VERSION}`;
}
const SCHEMA_ID = /^modelgate\/([a-z-]+)@(\d+)$/;
/**
 * Validates parsed JSON as a modelgate report. `source` names the file in messages.
 * Throws a {@link DataError} that says what is wrong when the value is not a report, is of an
 * unknown kind, is newer than this modelgate reads, is not one of `accept`, or fails its schema.
 */
function parseReport(value, source, accept) {
    const id = typeof value === 'object' && value !== null
        ? value.schema
        : undefined;
    if (typeof id !== 'string') {
        throw new errors/* DataError */.fL(`${source} is not a modelgate report: it has no "schema" field.`, {
            hint: 'Pass the report file that a modelgate action wrote (its `report` output).',
            location: { file: source },
        });
    }
    const match = SCHEMA_ID.exec(id);
    const kind = match?.[1];
    if (!match || kind === undefined || !(kind in reportSchemas)) {
        throw new errors/* DataError */.fL(`${source} has an unknown report schema "${id}".`, {
            hint: `Known kinds: ${Object.keys(reportSchemas).join(', ')}.`,
            location: { file: source },
        });
    }
    const version = Number(match[2]);
    if (version > REPORT_VERSION) {
        throw new errors/* DataError */.fL(`${source} is a ${kind} report of version ${version}, newer than this modelgate reads (version ${REPORT_VERSION}).`, {
            hint: 'Upgrade the modelgate actions that read it to the release that wrote it.',
            location: { file: source },
        });
    }
    if (version < REPORT_VERSION) {
        throw new errors/* DataError */.fL(`${source} is a ${kind} report of version ${version}, which is no longer read.`, {
            hint: 'Re-run the step that wrote it with this modelgate release.',
            location: { file: source },
        });
    }
    const typedKind = kind;
    if (accept && !accept.includes(typedKind)) {
        throw new errors/* DataError */.fL(`${source} is a ${kind} report, but ${accept.join(' or ')} was expected.`, {
            hint: 'Check which report file or artifact is passed to this input.',
            location: { file: source },
        });
    }
    const result = reportSchemas[typedKind].safeParse(value);
    if (!result.success) {
        throw new errors/* DataError */.fL(`${source} is not a valid ${id} report: ${formatIssues(result.error)}.`, {
            hint: 'The file may be truncated or edited by hand; re-run the step that wrote it.',
            location: { file: source },
        });
    }
    return result.data;
}
/** Zod issues as one readable line, e.g. `body.examples.total: expected number`. At most five. */
function formatIssues(error) {
    const lines = error.issues.slice(0, 5).map((issue) => {
        const path = issue.path.length > 0 ? issue.path.join('.') : '(root)';
        return `${path}: ${issue.message}`;
    });
    const more = error.issues.length > 5 ? ` (and ${error.issues.length - 5} more)` : '';
    return lines.join('; ') + more;
}
/** The kind of a parsed report. */
function reportKind(report) {
    return report.schema.slice('modelgate/'.length, report.schema.indexOf('@'));
}


/***/ }),

/***/ 14647:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   E: () => (/* binding */ clampFraction)
/* harmony export */ });
/**
 * A value bounded by definition to [0, 1]: accuracy, precision, recall, F1, rates, shares, ROC
 * AUC, the Brier score, the calibration error, probabilities and p-values. Floating-point
 * rounding in a long computation (a sum of terms, a special function) can land such a value a
 * few ulps outside its bounds, e.g. 1.0000000000000777, which a report would print as it is.
 * Clamped where the value is produced; every other value keeps its full precision.
 */
/** `x` clamped into [0, 1]; NaN stays NaN (an undefined value is not made 0 or 1). */
function clampFraction(x) {
    return x < 0 ? 0 : x > 1 ? 1 : x;
}


/***/ }),

/***/ 43852:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   TZ: () => (/* binding */ sortedCopy),
/* harmony export */   YV: () => (/* binding */ quantile),
/* harmony export */   Z4: () => (/* binding */ quantileSorted)
/* harmony export */ });
/* unused harmony export quantiles */
/* harmony import */ var _sort_float64__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(12216);
/**
 * Quantiles with numpy's default method (`np.quantile(a, q)`, method="linear", Hyndman & Fan
 * type 7): the virtual index is `q * (n - 1)` and the value is interpolated linearly between the
 * two order statistics around it. The one quantile function of modelgate: latency percentiles,
 * drift bins and every other quantile use it, so that their numbers agree with numpy's.
 */

/**
 * The `q` quantile of values already sorted ascending. `q` is a fraction in [0, 1].
 * NaN for an empty input. Throws a RangeError when `q` is outside [0, 1] or NaN. The values must
 * not contain NaN (sort them with {@link sortedCopy}, which moves NaN to the end, and drop them).
 */
function quantileSorted(sorted, q) {
    if (!(q >= 0 && q <= 1))
        throw new RangeError(`quantile q must be in [0, 1]; got ${q}`);
    const n = sorted.length;
    if (n === 0)
        return Number.NaN;
    const index = q * (n - 1);
    const lo = Math.floor(index);
    const a = sorted[lo];
    if (lo >= n - 1)
        return sorted[n - 1];
    const b = sorted[lo + 1];
    const t = index - lo;
    // numpy's _lerp: computed from the nearer end, so that q = 1 and equal neighbours are exact.
    const diff = b - a;
    return t >= 0.5 ? b - diff * (1 - t) : a + diff * t;
}
/** A sorted Float64Array copy of `values` (ascending; NaN last, as numpy sorts). */
function sortedCopy(values) {
    return (0,_sort_float64__WEBPACK_IMPORTED_MODULE_0__/* .sortFloat64 */ .f)(Float64Array.from(values));
}
/**
 * The `q` quantile of unsorted values, as `np.quantile(values, q)`. NaN for an empty input or
 * when any value is NaN (numpy propagates NaN). Copies and sorts: for several quantiles of the
 * same data, use {@link quantiles}.
 */
function quantile(values, q) {
    return quantiles(values, [q])[0];
}
/** Several quantiles of unsorted values, sorting once. Same semantics as {@link quantile}. */
function quantiles(values, qs) {
    const sorted = sortedCopy(values);
    const hasNaN = sorted.length > 0 && Number.isNaN(sorted[sorted.length - 1]);
    return qs.map((q) => (hasNaN ? checkQ(q) : quantileSorted(sorted, q)));
}
function checkQ(q) {
    if (!(q >= 0 && q <= 1))
        throw new RangeError(`quantile q must be in [0, 1]; got ${q}`);
    return Number.NaN;
}


/***/ }),

/***/ 12216:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   f: () => (/* binding */ sortFloat64)
/* harmony export */ });
/**
 * Sorts `values` in place, in the order of `Float64Array.prototype.sort()` (ascending, −0 before
 * +0, NaN last), and returns it. Large arrays are sorted by an LSD radix sort on the numbers'
 * bits (four passes of 16 bits, each skipped when every number has the same digit): twice as
 * fast as the built-in comparison sort on 250,000 values (9–10 ms against 21–22 ms, Node 24).
 * Arrays under 65,536 values use the built-in (see RADIX_MIN).
 */
function sortFloat64(values) {
    const n = values.length;
    if (n < RADIX_MIN)
        return values.sort();
    // The numbers as unsigned 64-bit keys in two 32-bit halves: flipping the sign bit of positive
    // numbers and every bit of negative ones makes unsigned order the numeric order. NaNs are set
    // aside and put back at the end.
    const bits = new Uint32Array(values.buffer, values.byteOffset, n * 2);
    let lo = new Uint32Array(n);
    let hi = new Uint32Array(n);
    const counts = new Uint32Array(4 * BUCKETS);
    let m = 0;
    for (let i = 0; i < n; i++) {
        const v = values[i];
        if (v !== v)
            continue;
        let l = bits[2 * i + LO];
        let h = bits[2 * i + HI];
        if (h >>> 31 === 1) {
            l = ~l >>> 0;
            h = ~h >>> 0;
        }
        else {
            h = (h | 0x80000000) >>> 0;
        }
        lo[m] = l;
        hi[m] = h;
        m++;
        counts[l & MASK]++;
        counts[BUCKETS + (l >>> 16)]++;
        counts[2 * BUCKETS + (h & MASK)]++;
        counts[3 * BUCKETS + (h >>> 16)]++;
    }
    let lo2 = new Uint32Array(m);
    let hi2 = new Uint32Array(m);
    for (let pass = 0; pass < 4; pass++) {
        const base = pass * BUCKETS;
        // A pass where every key has the same digit moves nothing.
        let trivial = false;
        for (let d = 0; d < BUCKETS; d++) {
            const c = counts[base + d];
            if (c === m)
                trivial = true;
            if (c !== 0)
                break;
        }
        if (trivial || m === 0)
            continue;
        let sum = 0;
        for (let d = 0; d < BUCKETS; d++) {
            const c = counts[base + d];
            counts[base + d] = sum;
            sum += c;
        }
        const keys = pass < 2 ? lo : hi;
        const shift = (pass & 1) * 16;
        for (let i = 0; i < m; i++) {
            const digit = (keys[i] >>> shift) & MASK;
            const at = counts[base + digit]++;
            lo2[at] = lo[i];
            hi2[at] = hi[i];
        }
        [lo, lo2] = [lo2, lo];
        [hi, hi2] = [hi2, hi];
    }
    for (let i = 0; i < m; i++) {
        let l = lo[i];
        let h = hi[i];
        if (h >>> 31 === 1) {
            h = (h & 0x7fffffff) >>> 0;
        }
        else {
            l = ~l >>> 0;
            h = ~h >>> 0;
        }
        bits[2 * i + LO] = l;
        bits[2 * i + HI] = h;
    }
    values.fill(Number.NaN, m);
    return values;
}
/**
 * Below this many values the built-in sort is used. Warm, the radix sort wins from about 4,096
 * values; but an action sorts a few arrays once, mostly before the JIT has compiled this
 * function, and cold its fixed cost (1 MiB of counts, scanned four times) dominates: in a fresh
 * Node 24 process, 5,000 values take 7.2 ms against the built-in's 0.3 ms, 20,000 take 12.4 ms
 * against 1.5 ms, 60,000 take 14 ms against 4.6 ms. From about 65,536 values its per-value speed
 * makes up for it (a run's seven AUC and latency sorts of 83k–250k values: 69–71 ms against
 * 77 ms).
 */
const RADIX_MIN = 1 << 16;
const BUCKETS = 1 << 16;
const MASK = BUCKETS - 1;
/** Where each half of a float64's bits sits in its two 32-bit words (little- or big-endian). */
const LITTLE_ENDIAN = new Uint8Array(new Uint32Array([1]).buffer)[0] === 1;
const LO = LITTLE_ENDIAN ? 0 : 1;
const HI = LITTLE_ENDIAN ? 1 : 0;


/***/ }),

/***/ 7489:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   Y: () => (/* binding */ wilsonInterval)
/* harmony export */ });
/* unused harmony export Z_95 */
/** The standard normal quantile at 0.975 (scipy.stats.norm.ppf(0.975)), for 95% intervals. */
const Z_95 = 1.959963984540054;
/**
 * The Wilson score interval of a proportion `successes / n`, as statsmodels'
 * `proportion_confint(successes, n, alpha=0.05, method="wilson")` for the default `z`.
 * Both bounds are NaN when n is 0.
 */
function wilsonInterval(successes, n, z = Z_95) {
    if (n === 0)
        return { lower: Number.NaN, upper: Number.NaN };
    const p = successes / n;
    const z2 = z * z;
    const denom = 1 + z2 / n;
    const center = (p + z2 / (2 * n)) / denom;
    const half = (z / denom) * Math.sqrt((p * (1 - p)) / n + z2 / (4 * n * n));
    return { lower: Math.max(0, center - half), upper: Math.min(1, center + half) };
}


/***/ }),

/***/ 2330:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {


// EXPORTS
__webpack_require__.d(__webpack_exports__, {
  J: () => (/* binding */ openDataset)
});

// UNUSED EXPORTS: DEFAULT_BATCH_ROWS

// EXTERNAL MODULE: external "node:path"
var external_node_path_ = __webpack_require__(76760);
// EXTERNAL MODULE: ./packages/core/src/llm/assertions/levenshtein.ts
var levenshtein = __webpack_require__(64720);
;// CONCATENATED MODULE: ./packages/core/src/validate/column-names.ts

/**
 * Messages about column names that the user wrote (inputs, schema keys) and the dataset lacks:
 * the closest existing name and a bounded list of the names there are.
 */
/** The most column names a message lists; the rest are counted ("… and 480 more"). */
const LISTED_COLUMNS = 20;
/** Names are compared and shown on their first this many characters (a header may hold a novel). */
const NAME_CHARS = 64;
/**
 * The name in `candidates` closest to `name` by Levenshtein distance over their first
 * {@link NAME_CHARS} characters, ignoring case first (`Label` for `label`); ties go to the
 * earlier candidate. Undefined when there are no candidates.
 */
function closestColumn(name, candidates) {
    const wanted = name.slice(0, NAME_CHARS);
    const folded = wanted.toLowerCase();
    let best;
    let bestDistance = Number.POSITIVE_INFINITY;
    for (const candidate of candidates) {
        const head = candidate.slice(0, NAME_CHARS);
        const d = head.toLowerCase() === folded ? 0 : (0,levenshtein/* levenshteinDistance */.bU)(wanted, head) + 1;
        if (d < bestDistance) {
            best = candidate;
            bestDistance = d;
        }
    }
    return best;
}
/**
 * The columns as a message lists them: the first {@link LISTED_COLUMNS}, each quoted and clipped
 * to {@link NAME_CHARS} characters, then how many more there are.
 */
function listColumns(names) {
    if (names.length === 0)
        return '(none)';
    const shown = names.slice(0, LISTED_COLUMNS).map(quoteColumn).join(', ');
    const more = names.length - LISTED_COLUMNS;
    return more > 0 ? `${shown}, … and ${more} more` : shown;
}
/** A column name as messages show it: JSON-quoted, clipped to {@link NAME_CHARS} characters. */
function quoteColumn(name) {
    return name.length > NAME_CHARS
        ? `${JSON.stringify(name.slice(0, NAME_CHARS - 1))}… (${name.length} characters)`
        : JSON.stringify(name);
}
/**
 * The sentence that names an unknown column, the closest one and the list, e.g.
 * `names the column "lable", which data.csv does not have; the closest is "label". Its columns:
 * "id", "label", "x".` Callers put what names it (an input, a schema key) before it.
 */
function unknownColumnText(name, available, where) {
    const closest = closestColumn(name, available);
    return (`names the column ${quoteColumn(name)}, which ${where} does not have` +
        (closest === undefined ? '' : `; the closest is ${quoteColumn(closest)}`) +
        `. Its columns: ${listColumns(available)}.`);
}

// EXTERNAL MODULE: ./packages/core/src/errors.ts
var errors = __webpack_require__(37638);
// EXTERNAL MODULE: external "node:fs"
var external_node_fs_ = __webpack_require__(73024);
// EXTERNAL MODULE: external "node:zlib"
var external_node_zlib_ = __webpack_require__(38522);
// EXTERNAL MODULE: ./packages/core/src/fs-error.ts
var fs_error = __webpack_require__(5725);
;// CONCATENATED MODULE: ./packages/data/src/text-chunks.ts



/** The replacement character, and its UTF-8 bytes. */
const REPLACEMENT = '\uFFFD';
const CHUNK_BYTES = 1 << 20;
/**
 * Streams `path` (gunzipping it when `gzip`) as UTF-8 text, one chunk at a time, in constant
 * memory. A byte order mark is dropped. Bytes that are not valid UTF-8 become U+FFFD and mark the
 * chunk `invalid`; a U+FFFD that the file really holds (the bytes EF BF BD) does not, unless the
 * same chunk also holds invalid bytes.
 *
 * @throws DataError naming the file when it cannot be read or is not valid gzip.
 */
async function* readTextChunks(path, fullPath, gzip) {
    const decoder = new TextDecoder('utf-8');
    let tail = new Uint8Array(0);
    let source = (0,external_node_fs_.createReadStream)(fullPath, { highWaterMark: CHUNK_BYTES });
    if (gzip)
        source = source.pipe((0,external_node_zlib_.createGunzip)({ chunkSize: CHUNK_BYTES }));
    try {
        for await (const chunk of source) {
            const bytes = chunk;
            const text = decoder.decode(bytes, { stream: true });
            const invalid = text.includes(REPLACEMENT) && hasInvalidBytes(text, tail, bytes);
            tail = bytes.subarray(Math.max(0, bytes.length - 2));
            if (text.length > 0)
                yield { text, invalid };
        }
    }
    catch (err) {
        if (err instanceof errors/* DataError */.fL)
            throw err;
        const what = gzip ? 'read or gunzip' : 'read';
        throw new errors/* DataError */.fL(`Cannot ${what} ${path}: ${(0,fs_error/* describeFsError */.T)(err)}.`, {
            code: 'unreadable-file',
            hint: gzip
                ? 'Check that the file is a complete gzip file.'
                : 'Check the path and its permissions.',
            location: { file: path },
            cause: err,
        });
    }
    finally {
        source.destroy();
    }
    const rest = decoder.decode();
    if (rest.length > 0)
        yield { text: rest, invalid: true };
}
/** Whether `text` has more U+FFFD than the bytes hold real U+FFFD (EF BF BD), counting a
 * sequence split from the previous chunk's last bytes. */
function hasInvalidBytes(text, tail, bytes) {
    let decoded = 0;
    for (let i = text.indexOf(REPLACEMENT); i !== -1; i = text.indexOf(REPLACEMENT, i + 1))
        decoded++;
    let real = 0;
    const joined = tail.length > 0 ? Buffer.concat([tail, bytes]) : bytes;
    for (let i = joined.indexOf(0xef); i !== -1 && i + 2 < joined.length; i = joined.indexOf(0xef, i + 1)) {
        if (joined[i + 1] === 0xbf && joined[i + 2] === 0xbd)
            real++;
    }
    return decoded > real;
}

;// CONCATENATED MODULE: ./packages/data/src/csv-parser.ts

const QUOTE = 0x22;
const LF = 0x0a;
const CR = 0x0d;
/**
 * An RFC 4180 parser over decoded chunks: quoted fields with escaped quotes (`""`), delimiters
 * and line breaks inside quotes, LF, CRLF or CR line ends, blank lines skipped. It scans with
 * `charCodeAt` and slices ranges, so an unquoted field costs one slice. A record cut by a chunk
 * boundary is parsed again from its start when the next chunk comes; `pendingChars` tells how
 * much is held, so that the caller can bound it. Text after a closing quote up to the next
 * delimiter is kept as part of the field, as Python's csv module does.
 */
class CsvParser {
    delimiter;
    sink;
    carry = '';
    carryInvalid = false;
    /** Chunks held unparsed after a long unfinished record (see {@link push}). */
    deferred = [];
    deferredChars = 0;
    line = 1;
    fields = [];
    constructor(delimiter, sink) {
        this.delimiter = delimiter;
        this.sink = sink;
    }
    /** Characters of an unfinished record held until the next chunk. */
    get pendingChars() {
        return this.carry.length + this.deferredChars;
    }
    /** The line where the unfinished record starts. */
    get pendingLine() {
        return this.line;
    }
    push(chunk) {
        // An unfinished record is parsed again from its start with the next text. When it is long
        // (one 63 MB cell) and the new text short, that would scan it once per chunk: O(n²). Hold
        // the chunks until they are as long as the record, so that every character is scanned a
        // bounded number of times (the held text at most doubles between two scans).
        if (this.carry.length > 0 && this.deferredChars + chunk.text.length < this.carry.length) {
            this.deferred.push(chunk.text);
            this.deferredChars += chunk.text.length;
            this.carryInvalid ||= chunk.invalid;
            return;
        }
        const held = this.takeDeferred();
        const buf = this.carry.length === 0 && held === '' ? chunk.text : this.carry + held + chunk.text;
        const invalid = chunk.invalid || this.carryInvalid;
        const used = this.parse(buf, false, invalid);
        this.carry = used === buf.length ? '' : buf.slice(used);
        this.carryInvalid = invalid && this.carry.includes(REPLACEMENT);
    }
    /** Parses what is left at the end of the file. */
    end() {
        this.carry += this.takeDeferred();
        if (this.carry.length > 0)
            this.parse(this.carry, true, this.carryInvalid);
        this.carry = '';
    }
    takeDeferred() {
        if (this.deferred.length === 0)
            return '';
        const held = this.deferred.join('');
        this.deferred = [];
        this.deferredChars = 0;
        return held;
    }
    /** Parses whole records from `buf`; returns where the first unfinished one starts. */
    parse(buf, final, invalid) {
        const len = buf.length;
        const d = this.delimiter;
        const fields = this.fields;
        let i = 0;
        let line = this.line;
        let badAt = invalid ? buf.indexOf(REPLACEMENT) : -1;
        while (i < len) {
            const recordStart = i;
            const recordLine = line;
            let n = 0;
            for (;;) {
                let value;
                if (i < len && buf.charCodeAt(i) === QUOTE) {
                    let j = i + 1;
                    let segStart = j;
                    let parts = null;
                    let q;
                    for (;;) {
                        q = buf.indexOf('"', j);
                        if (q === -1 || (q + 1 >= len && !final)) {
                            if (!final) {
                                this.line = recordLine;
                                return recordStart;
                            }
                            this.sink.unterminated(recordLine);
                            this.line = line + countLineFeeds(buf, i, len);
                            return len;
                        }
                        if (buf.charCodeAt(q + 1) !== QUOTE)
                            break;
                        parts = (parts ?? '') + buf.slice(segStart, q + 1);
                        j = q + 2;
                        segStart = j;
                    }
                    value = parts === null ? buf.slice(segStart, q) : parts + buf.slice(segStart, q);
                    line += countLineFeeds(buf, i, q);
                    i = q + 1;
                    if (i < len) {
                        let c = buf.charCodeAt(i);
                        if (c !== d && c !== LF && c !== CR) {
                            let k = i;
                            while (k < len && (c = buf.charCodeAt(k)) !== d && c !== LF && c !== CR)
                                k++;
                            if (k >= len && !final) {
                                this.line = recordLine;
                                return recordStart;
                            }
                            value += buf.slice(i, k);
                            i = k;
                        }
                    }
                }
                else {
                    let j = i;
                    while (j < len) {
                        const c = buf.charCodeAt(j);
                        if (c === d || c === LF || c === CR)
                            break;
                        j++;
                    }
                    if (j >= len && !final) {
                        this.line = recordLine;
                        return recordStart;
                    }
                    value = j === i ? null : buf.slice(i, j);
                    i = j;
                }
                fields[n++] = value;
                if (i >= len)
                    break;
                const c = buf.charCodeAt(i);
                if (c === d) {
                    i++;
                    continue;
                }
                if (c === CR) {
                    if (i + 1 >= len && !final) {
                        this.line = recordLine;
                        return recordStart;
                    }
                    i++;
                    if (i < len && buf.charCodeAt(i) === LF)
                        i++;
                }
                else {
                    i++;
                }
                line++;
                break;
            }
            if (n === 1 && fields[0] === null)
                continue; // a blank line
            let bad = false;
            if (badAt !== -1) {
                while (badAt !== -1 && badAt < recordStart)
                    badAt = buf.indexOf(REPLACEMENT, badAt + 1);
                bad = badAt !== -1 && badAt < i;
            }
            this.sink.record(fields, n, recordLine, bad);
        }
        this.line = line;
        return i;
    }
}
function countLineFeeds(buf, from, to) {
    let count = 0;
    for (let k = from; k < to; k++)
        if (buf.charCodeAt(k) === LF)
            count++;
    return count;
}

;// CONCATENATED MODULE: ./packages/data/src/csv-reader.ts



/** The longest record held while waiting for its end, in UTF-16 code units. */
const MAX_RECORD_CHARS = 64 * 1024 * 1024;
/**
 * Streams a CSV or TSV file as batches of text cells. The first record is the header. A record
 * with a different number of fields, invalid UTF-8 or an unclosed quote is reported through the
 * context and skipped.
 *
 * @throws DataError when the file is empty, its header is broken, a projected column is not in
 *   the header, or a record grows past {@link MAX_RECORD_CHARS}.
 */
async function* readDelimitedFile(file, fullPath, gzip, delimiter, ctx) {
    const sink = new DelimitedSink(file, ctx);
    const parser = new CsvParser(delimiter.charCodeAt(0), sink);
    for await (const chunk of readTextChunks(file, fullPath, gzip)) {
        parser.push(chunk);
        if (parser.pendingChars > MAX_RECORD_CHARS) {
            throw new errors/* DataError */.fL(`${file}: the record starting at line ${parser.pendingLine} is longer than ${MAX_RECORD_CHARS / 1024 / 1024} Mi characters.`, {
                code: 'malformed-data',
                hint: 'Look for a quote (") that is opened and never closed.',
                location: { file, line: parser.pendingLine },
            });
        }
        yield* sink.take();
    }
    parser.end();
    if (sink.header === undefined)
        throw emptyFile(file);
    yield* sink.take(true);
}
/**
 * Reads only the header of a CSV or TSV file (usually from its first chunk) and adds its columns
 * to the context's known columns.
 *
 * @throws DataError as {@link readDelimitedFile} does for the header.
 */
async function readDelimitedHeader(file, fullPath, gzip, delimiter, ctx) {
    const sink = new DelimitedSink(file, ctx, true);
    const parser = new CsvParser(delimiter.charCodeAt(0), sink);
    for await (const chunk of readTextChunks(file, fullPath, gzip)) {
        parser.push(chunk);
        if (sink.header !== undefined)
            return;
        if (parser.pendingChars > MAX_RECORD_CHARS)
            break;
    }
    parser.end();
    if (sink.header === undefined)
        throw emptyFile(file);
}
function emptyFile(file) {
    return new errors/* DataError */.fL(`${file} is empty: it has no header row.`, {
        code: 'empty-data',
        hint: 'Give a file with a header row naming the columns.',
        location: { file },
    });
}
class DelimitedSink {
    file;
    ctx;
    headerOnly;
    header;
    columns = [];
    lines = [];
    ready = [];
    constructor(file, ctx, headerOnly = false) {
        this.file = file;
        this.ctx = ctx;
        this.headerOnly = headerOnly;
    }
    record(fields, count, line, invalidUtf8) {
        const header = this.header;
        if (header === undefined) {
            this.header = this.readHeader(fields, count, line, invalidUtf8);
            return;
        }
        if (this.headerOnly)
            return;
        if (invalidUtf8) {
            this.ctx.issue({
                file: this.file,
                line,
                code: 'invalid-utf8',
                message: 'the row holds bytes that are not valid UTF-8',
            }, true);
            return;
        }
        if (count !== header.names.length) {
            this.ctx.issue({
                file: this.file,
                line,
                code: 'ragged-row',
                message: `the row has ${count} fields but the header has ${header.names.length}`,
            }, true);
            return;
        }
        const index = header.fieldIndex;
        const columns = this.columns;
        for (let k = 0; k < index.length; k++)
            columns[k].push(fields[index[k]]);
        this.lines.push(line);
        if (this.lines.length >= this.ctx.batchRows)
            this.flush();
    }
    unterminated(line) {
        if (this.header === undefined) {
            throw new errors/* DataError */.fL(`${this.file}:${line}: the header has a quote that is never closed.`, {
                code: 'malformed-data',
                hint: 'Close the quote, or escape a quote inside a quoted field as "".',
                location: { file: this.file, line },
            });
        }
        this.ctx.issue({
            file: this.file,
            line,
            code: 'unterminated-quote',
            message: 'a quoted field opened here is never closed, so the rest of the file is one unreadable row',
        }, true);
    }
    /** The batches made so far; with `final`, also the last partial one. */
    take(final = false) {
        if (final && this.lines.length > 0)
            this.flush();
        return this.ready.splice(0);
    }
    flush() {
        const header = this.header;
        const map = new Map();
        header.keptNames.forEach((name, k) => map.set(name, this.columns[k]));
        this.ready.push(this.ctx.batch(this.file, map, this.lines.length, this.lines));
        this.columns = header.keptNames.map(() => []);
        this.lines = [];
    }
    readHeader(fields, count, line, invalidUtf8) {
        if (invalidUtf8) {
            throw new errors/* DataError */.fL(`${this.file}:${line}: the header holds bytes that are not valid UTF-8.`, {
                code: 'invalid-utf8',
                hint: 'Save the file as UTF-8.',
                location: { file: this.file, line },
            });
        }
        const names = [];
        const used = new Set();
        for (let k = 0; k < count; k++) {
            const raw = fields[k];
            let name = raw === null || raw === undefined || raw === '' ? `Unnamed: ${k}` : raw;
            if (used.has(name)) {
                let n = 1;
                while (used.has(`${name}.${n}`))
                    n++;
                const renamed = `${name}.${n}`;
                this.ctx.issue({
                    file: this.file,
                    line,
                    code: 'duplicate-column',
                    message: `the column name ${JSON.stringify(name)} appears twice; the later one is read as ${JSON.stringify(renamed)}`,
                }, false);
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
                throw new errors/* DataError */.fL(`${this.file}: no column ${missing.map((m) => JSON.stringify(m)).join(', ')} in the header (columns: ${names.join(', ')}).`, {
                    code: 'missing-column',
                    hint: 'Check the column names in the inputs against the header.',
                    location: { file: this.file, line },
                });
            }
            keptNames = [...wanted];
        }
        for (const name of keptNames)
            this.ctx.known.add(name);
        this.columns = keptNames.map(() => []);
        return { names, keptNames, fieldIndex: keptNames.map((name) => names.indexOf(name)) };
    }
}

;// CONCATENATED MODULE: ./packages/data/src/format.ts

const BY_EXTENSION = {
    csv: 'csv',
    tsv: 'tsv',
    tab: 'tsv',
    jsonl: 'jsonl',
    ndjson: 'jsonl',
    json: 'json',
    parquet: 'parquet',
};
/** The accepted values of the `format` input; `ndjson` is an alias of `jsonl`. */
const FORMAT_NAMES = ['csv', 'tsv', 'jsonl', 'ndjson', 'json', 'parquet'];
/**
 * The format of `path`, from its extension (`.csv`, `.tsv`, `.tab`, `.jsonl`, `.ndjson`, `.json`,
 * `.parquet`, each optionally followed by `.gz`), or from `override` (the `format` input) when
 * given and not empty. A `.gz` suffix always means gzip, whatever the override.
 *
 * @throws InputError when `override` is not a known format.
 * @throws DataError when the extension is unknown and there is no override, or for gzip-compressed
 *   Parquet (Parquet compresses its pages itself and needs random access).
 */
function detectFormat(path, override) {
    const lower = path.toLowerCase();
    const gzip = lower.endsWith('.gz');
    const stem = gzip ? lower.slice(0, -3) : lower;
    let format;
    const wanted = override?.trim().toLowerCase();
    if (wanted) {
        format = BY_EXTENSION[wanted === 'tab' ? 'tsv' : wanted];
        if (format === undefined || wanted === 'tab') {
            throw new errors/* InputError */.dz(`Input 'format' must be one of ${FORMAT_NAMES.join(', ')}; got ${JSON.stringify(override)}.`);
        }
    }
    else {
        const dot = stem.lastIndexOf('.');
        const slash = Math.max(stem.lastIndexOf('/'), stem.lastIndexOf('\\'));
        const extension = dot > slash ? stem.slice(dot + 1) : '';
        format = BY_EXTENSION[extension];
        if (format === undefined) {
            throw new errors/* DataError */.fL(`Cannot tell the format of ${path} from its extension ${extension ? `'.${extension}'` : '(none)'}.`, {
                code: 'unknown-format',
                hint: `Rename it to .csv, .tsv, .jsonl, .json or .parquet (optionally .gz), or set the 'format' input to one of ${FORMAT_NAMES.join(', ')}.`,
                location: { file: path },
            });
        }
    }
    if (format === 'parquet' && gzip) {
        throw new errors/* DataError */.fL(`${path}: gzip-compressed Parquet is not supported.`, {
            code: 'unknown-format',
            hint: 'Parquet compresses its pages itself (ZSTD, Snappy, gzip...): give the .parquet file as it is.',
            location: { file: path },
        });
    }
    return { format, gzip };
}

;// CONCATENATED MODULE: ./packages/data/src/object-rows.ts
/**
 * Gathers JSON objects into columnar batches: the columns are the union of the keys in first-seen
 * order, a key missing from a row is null, nested values are kept as they are. With a projection,
 * only the projected keys are kept, and each is always present.
 */
class ObjectRows {
    file;
    ctx;
    columns = new Map();
    lines = [];
    ready = [];
    /** The previous row's keys and their columns (in this batch), by position. */
    keys = [];
    keyColumns = [];
    constructor(file, ctx) {
        this.file = file;
        this.ctx = ctx;
        this.reset();
    }
    /** Adds one row that starts at `line`. */
    add(row, line) {
        const r = this.lines.length;
        const projection = this.ctx.projection;
        if (projection !== undefined) {
            const seen = this.ctx.projectedSeen;
            this.ctx.firstRowKeys ??= Object.keys(row).slice(0, 1000);
            const checking = seen.size < projection.length;
            for (const name of projection) {
                const has = Object.hasOwn(row, name);
                if (checking && has)
                    seen.add(name);
                const value = has ? row[name] : null;
                this.columns.get(name).push(value ?? null);
            }
        }
        else {
            // Rows of a file mostly have the same keys in the same order: look a key's column up by
            // its place in the previous row first, and in the map only when it differs.
            const keys = this.keys;
            const cols = this.keyColumns;
            let k = 0;
            for (const key in row) {
                let column = cols[k];
                if (column === undefined || keys[k] !== key) {
                    column = this.columns.get(key);
                    if (column === undefined) {
                        column = [];
                        this.columns.set(key, column);
                        this.ctx.known.add(key);
                    }
                    keys[k] = key;
                    cols[k] = column;
                }
                k++;
                while (column.length < r)
                    column.push(null);
                column.push(row[key] ?? null);
            }
        }
        this.lines.push(line);
        if (this.lines.length >= this.ctx.batchRows)
            this.flush();
    }
    /** The batches made so far; with `final`, also the last partial one. */
    take(final = false) {
        if (final && this.lines.length > 0)
            this.flush();
        return this.ready.splice(0);
    }
    flush() {
        const rows = this.lines.length;
        for (const column of this.columns.values())
            while (column.length < rows)
                column.push(null);
        this.ready.push(this.ctx.batch(this.file, this.columns, rows, this.lines));
        this.reset();
    }
    reset() {
        this.columns = new Map();
        this.keys = [];
        this.keyColumns = [];
        this.lines = [];
        for (const name of this.ctx.projection ?? this.ctx.known.names)
            this.columns.set(name, []);
    }
}
/** A short description of a JSON value's kind, for messages. */
function jsonKind(value) {
    if (value === null)
        return 'null';
    if (Array.isArray(value))
        return 'an array';
    return typeof value === 'string' ? 'a string' : `a ${typeof value}`;
}
/** Whether `value` is a JSON object (not an array, not null). */
function isJsonObject(value) {
    return typeof value === 'object' && value !== null && !Array.isArray(value);
}

;// CONCATENATED MODULE: ./packages/data/src/jsonl-reader.ts



/** The longest line held while waiting for its end, in UTF-16 code units. */
const MAX_LINE_CHARS = 64 * 1024 * 1024;
/**
 * Streams a JSON Lines file (one object per line) as batches. Blank lines are skipped. A line
 * that is not valid JSON, not an object, or holds invalid UTF-8 is reported through the context
 * and skipped.
 *
 * @throws DataError when the file holds no line at all, or a line grows past
 *   {@link MAX_LINE_CHARS}.
 */
async function* readJsonLinesFile(file, fullPath, gzip, ctx) {
    const rows = new ObjectRows(file, ctx);
    let carry = '';
    let carryInvalid = false;
    let line = 1;
    let sawContent = false;
    const handle = (text, invalid, lineNo) => {
        let start = 0;
        let end = text.length;
        while (start < end && isJsonSpace(text.charCodeAt(start)))
            start++;
        while (end > start && isJsonSpace(text.charCodeAt(end - 1)))
            end--;
        if (start === end)
            return;
        sawContent = true;
        if (invalid && text.includes(REPLACEMENT)) {
            skip('invalid-utf8', lineNo, 'the line holds bytes that are not valid UTF-8');
            return;
        }
        let value;
        try {
            value = JSON.parse(start === 0 && end === text.length ? text : text.slice(start, end));
        }
        catch (err) {
            skip('bad-json', lineNo, `the line is not valid JSON (${(0,errors/* getErrorMessage */.u1)(err)})`);
            return;
        }
        if (!isJsonObject(value)) {
            skip('not-an-object', lineNo, `the line holds ${jsonKind(value)}, not an object`);
            return;
        }
        rows.add(value, lineNo);
    };
    const skip = (code, at, what) => {
        ctx.issue({ file, line: at, code, message: what }, true);
    };
    for await (const chunk of readTextChunks(file, fullPath, gzip)) {
        const buf = carry.length === 0 ? chunk.text : carry + chunk.text;
        const invalid = chunk.invalid || carryInvalid;
        let start = 0;
        for (let nl = buf.indexOf('\n'); nl !== -1; nl = buf.indexOf('\n', start)) {
            handle(buf.slice(start, nl), invalid, line);
            line++;
            start = nl + 1;
        }
        carry = start === 0 ? buf : buf.slice(start);
        carryInvalid = invalid && carry.includes(REPLACEMENT);
        if (carry.length > MAX_LINE_CHARS) {
            throw new errors/* DataError */.fL(`${file}:${line}: the line is longer than ${MAX_LINE_CHARS / 1024 / 1024} Mi characters.`, {
                code: 'malformed-data',
                hint: 'Write one JSON object per line (JSON Lines).',
                location: { file, line },
            });
        }
        yield* rows.take();
    }
    if (carry.length > 0)
        handle(carry, carryInvalid, line);
    if (!sawContent) {
        throw new errors/* DataError */.fL(`${file} is empty: it has no JSON line.`, {
            code: 'empty-data',
            hint: 'Give a file with one JSON object per line.',
            location: { file },
        });
    }
    yield* rows.take(true);
}
/** JSON's whitespace: space, tab, LF, CR. */
function isJsonSpace(c) {
    return c === 0x20 || c === 0x09 || c === 0x0a || c === 0x0d;
}

;// CONCATENATED MODULE: ./packages/data/src/json-array-reader.ts




/** The longest array element held while waiting for its end, in UTF-16 code units. */
const MAX_ELEMENT_CHARS = 64 * 1024 * 1024;
const json_array_reader_QUOTE = 0x22;
const BACKSLASH = 0x5c;
const json_array_reader_LF = 0x0a;
/**
 * Streams a JSON file whose top level is an array of objects, one element at a time: a small
 * tokenizer finds where each element ends (tracking strings, escapes and nesting), and only that
 * element is parsed, so memory is bounded by the largest element, not the file. An element that
 * is not valid JSON or not an object is reported through the context and skipped; its line is
 * the line where it starts.
 *
 * @throws DataError when the file is empty, its top level is not an array, the array is not
 *   closed, text follows it, or an element grows past {@link MAX_ELEMENT_CHARS}.
 */
async function* readJsonArrayFile(file, fullPath, gzip, ctx) {
    const rows = new ObjectRows(file, ctx);
    let phase = 'start';
    let carry = '';
    let carryInvalid = false;
    let resume = 0;
    let line = 1;
    let depth = 0;
    let inString = false;
    let elemStart = 0;
    let elemLine = 1;
    const emit = (buf, end, invalid) => {
        const text = buf.slice(elemStart, end);
        if (invalid && text.includes(REPLACEMENT)) {
            skip('invalid-utf8', 'the element holds bytes that are not valid UTF-8');
            return;
        }
        let value;
        try {
            value = JSON.parse(text);
        }
        catch (err) {
            skip('bad-json', `the array element is not valid JSON (${(0,errors/* getErrorMessage */.u1)(err)})`);
            return;
        }
        if (isJsonObject(value))
            rows.add(value, elemLine);
        else
            skip('not-an-object', `the array element is ${jsonKind(value)}, not an object`);
    };
    const skip = (code, what) => {
        ctx.issue({ file, line: elemLine, code, message: what }, true);
    };
    const fail = (message, hint, at) => new errors/* DataError */.fL(`${file}:${at}: ${message}`, {
        code: 'malformed-data',
        hint,
        location: { file, line: at },
    });
    for await (const chunk of readTextChunks(file, fullPath, gzip)) {
        const buf = carry.length === 0 ? chunk.text : carry + chunk.text;
        const invalid = chunk.invalid || carryInvalid;
        const len = buf.length;
        let i = resume;
        while (i < len) {
            const c = buf.charCodeAt(i);
            if (phase === 'element') {
                if (inString) {
                    const q = buf.indexOf('"', i);
                    const stop = q === -1 ? len : q;
                    for (let k = i; k < stop; k++)
                        if (buf.charCodeAt(k) === json_array_reader_LF)
                            line++;
                    if (q === -1) {
                        i = len;
                        break;
                    }
                    // A quote after an odd run of backslashes is escaped; the run cannot pass the string's
                    // opening quote, and the element is always whole from elemStart in `buf`.
                    let backslashes = 0;
                    while (q - 1 - backslashes > elemStart &&
                        buf.charCodeAt(q - 1 - backslashes) === BACKSLASH) {
                        backslashes++;
                    }
                    if (backslashes % 2 === 0)
                        inString = false;
                    i = q + 1;
                    continue;
                }
                if (c === json_array_reader_QUOTE)
                    inString = true;
                else if (c === 0x7b /* { */ || c === 0x5b /* [ */)
                    depth++;
                else if (c === 0x7d /* } */ || c === 0x5d /* ] */) {
                    if (depth === 0) {
                        emit(buf, i, invalid); // a scalar element ended by the array's ']'
                        phase = 'between';
                        continue;
                    }
                    depth--;
                    if (depth === 0) {
                        emit(buf, i + 1, invalid);
                        phase = 'between';
                    }
                }
                else if (c === 0x2c /* , */ && depth === 0) {
                    emit(buf, i, invalid);
                    phase = 'between';
                }
                else if (c === json_array_reader_LF)
                    line++;
                i++;
            }
            else if (isJsonSpace(c)) {
                if (c === json_array_reader_LF)
                    line++;
                i++;
            }
            else if (phase === 'between') {
                if (c === 0x2c)
                    i++;
                else if (c === 0x5d) {
                    phase = 'done';
                    i++;
                }
                else {
                    phase = 'element';
                    elemStart = i;
                    elemLine = line;
                    depth = 0;
                    inString = false;
                }
            }
            else if (phase === 'start') {
                if (c !== 0x5b) {
                    throw fail(`the top level of a .json file must be an array of objects; it starts with ${JSON.stringify(buf[i])}.`, 'For one JSON object per line, name the file .jsonl or set the format input to jsonl.', line);
                }
                phase = 'between';
                i++;
            }
            else {
                throw fail('text follows the closing ] of the top-level array.', 'Remove it.', line);
            }
        }
        if (phase === 'element') {
            carry = buf.slice(elemStart);
            resume = i - elemStart;
            elemStart = 0;
            if (carry.length > MAX_ELEMENT_CHARS) {
                throw fail(`the array element is longer than ${MAX_ELEMENT_CHARS / 1024 / 1024} Mi characters.`, 'Look for a brace or quote that is never closed.', elemLine);
            }
        }
        else {
            carry = '';
            resume = 0;
        }
        carryInvalid = invalid && carry.includes(REPLACEMENT);
        yield* rows.take();
    }
    if (phase === 'start') {
        throw new errors/* DataError */.fL(`${file} is empty: it holds no JSON.`, {
            code: 'empty-data',
            hint: 'Give a JSON array of objects.',
            location: { file },
        });
    }
    if (phase === 'element') {
        if (depth === 0 && !inString) {
            emit(carry, carry.length, carryInvalid);
        }
        else {
            skip('bad-json', 'the array element is not closed before the end of the file');
        }
    }
    yield* rows.take(true);
    if (phase !== 'done') {
        throw fail('the file ends before the closing ] of the top-level array.', 'The file may be truncated; check that it was written completely.', line);
    }
}

;// CONCATENATED MODULE: ./packages/data/src/batch.ts
/** A batch as the readers make it. `lines` holds each row's line; without it, row `i` is line
 * `lineBase + i`. */
class Batch {
    columns;
    rows;
    firstRow;
    file;
    lines;
    lineBase;
    constructor(columns, rows, firstRow, file, lines, lineBase = 1) {
        this.columns = columns;
        this.rows = rows;
        this.firstRow = firstRow;
        this.file = file;
        this.lines = lines;
        this.lineBase = lineBase;
    }
    lineOf(i) {
        return this.lines === undefined ? this.lineBase + i : (this.lines[i] ?? 0);
    }
}
/** The union of column names over a dataset, in first-seen order. */
class ColumnSet {
    names = [];
    seen = new Set();
    add(name) {
        if (this.seen.has(name))
            return;
        this.seen.add(name);
        this.names.push(name);
    }
    has(name) {
        return this.seen.has(name);
    }
}
/**
 * Orders a batch's columns as the dataset's known columns, filling a column that this batch's
 * file lacks with nulls, so that every batch holds every column known when it was made.
 */
function completeColumns(columns, rows, known) {
    if (columns.size === known.names.length) {
        let same = true;
        let k = 0;
        for (const name of columns.keys()) {
            if (name !== known.names[k++]) {
                same = false;
                break;
            }
        }
        if (same)
            return columns;
    }
    const out = new Map();
    for (const name of known.names) {
        out.set(name, columns.get(name) ?? new Array(rows).fill(null));
    }
    return out;
}

;// CONCATENATED MODULE: ./packages/data/src/read-context.ts

/** What every reader of one dataset shares: options, the column union and the counts. */
class ReadContext {
    batchRows;
    projection;
    onIssue;
    known = new ColumnSet();
    /** JSON formats: the projected names that some row had (the others would be all null). */
    projectedSeen = new Set();
    /** JSON formats: the keys of the first row, to suggest a name for a projected one none had. */
    firstRowKeys;
    nextRow = 0;
    skipped = 0;
    constructor(batchRows, 
    /** The projection, or undefined for every column. */
    projection, onIssue) {
        this.batchRows = batchRows;
        this.projection = projection;
        this.onIssue = onIssue;
        if (projection)
            for (const name of projection)
                this.known.add(name);
    }
    /** Reports an issue; `skipsRow` counts it as a skipped row. */
    issue(issue, skipsRow) {
        if (skipsRow)
            this.skipped++;
        this.onIssue(issue);
    }
    /** Makes a batch of `rows` rows and advances the row counter. */
    batch(file, columns, rows, lines, lineBase = 1) {
        const batch = new Batch(completeColumns(columns, rows, this.known), rows, this.nextRow, file, lines, lineBase);
        this.nextRow += rows;
        return batch;
    }
}

// EXTERNAL MODULE: external "node:fs/promises"
var promises_ = __webpack_require__(51455);
;// CONCATENATED MODULE: ./packages/data/src/resolve-files.ts



const GLOB_CHARS = /[*?[\]{}]/;
/**
 * The files named by `pathOrGlob`: the path itself, or every file a glob (as `@actions/glob`
 * reads it: `*`, `**`, `?`, `[...]`) matches, sorted by path so that the order is the same on
 * every machine. Relative patterns are taken from `cwd`, and the files come back relative to
 * `cwd` when they are inside it (the form annotations want), absolute otherwise.
 *
 * @throws DataError naming the pattern when nothing matches, or the path when it is a directory.
 */
async function resolveFiles(pathOrGlob, cwd) {
    const pattern = pathOrGlob.trim();
    if (pattern === '') {
        throw new errors/* DataError */.fL('No dataset path was given.', {
            code: 'file-not-found',
            hint: 'Give a file path or a glob such as data/*.csv.',
        });
    }
    if (!GLOB_CHARS.test(pattern)) {
        const full = (0,external_node_path_.resolve)(cwd, pattern);
        const info = await (0,promises_.stat)(full).catch(() => undefined);
        if (info === undefined) {
            throw new errors/* DataError */.fL(`The file ${pattern} does not exist.`, {
                code: 'file-not-found',
                hint: `Check the path; it is read relative to ${cwd}.`,
                location: { file: pattern },
            });
        }
        if (info.isDirectory()) {
            throw new errors/* DataError */.fL(`${pattern} is a directory, not a data file.`, {
                code: 'file-not-found',
                hint: `Give a file, or a glob such as ${pattern.replace(/[/\\]+$/, '')}/*.csv.`,
                location: { file: pattern },
            });
        }
        if (!info.isFile()) {
            // A FIFO or a device would block the reader or never end.
            throw new errors/* DataError */.fL(`${pattern} is not a regular file (a FIFO, socket or device).`, {
                code: 'file-not-found',
                hint: 'Write the data to a file first and pass that file.',
                location: { file: pattern },
            });
        }
        return [pattern];
    }
    const absolutePattern = (0,external_node_path_.isAbsolute)(pattern) ? pattern : (0,external_node_path_.resolve)(cwd, pattern);
    // Loaded only for a glob: most runs name one file, and every action starts faster without it.
    const glob = await __webpack_require__.e(/* import() */ 377).then(__webpack_require__.bind(__webpack_require__, 42377));
    const globber = await glob.create(absolutePattern, {
        matchDirectories: false,
        implicitDescendants: false,
        followSymbolicLinks: true,
    });
    const matches = await globber.glob();
    if (matches.length === 0) {
        throw new errors/* DataError */.fL(`No file matches ${pattern}`, {
            code: 'file-not-found',
            hint: `Check the glob; it is matched relative to ${cwd}.`,
        });
    }
    for (const file of matches) {
        const info = await (0,promises_.stat)(file).catch(() => undefined);
        if (info !== undefined && !info.isFile()) {
            throw new errors/* DataError */.fL(`${file} (matched by ${pattern}) is not a regular file (a FIFO, socket or device).`, {
                code: 'file-not-found',
                hint: 'Write the data to a file first, or narrow the glob.',
                location: { file },
            });
        }
    }
    const shown = matches.map((file) => {
        const rel = (0,external_node_path_.relative)(cwd, file);
        return rel.startsWith('..') || (0,external_node_path_.isAbsolute)(rel) ? file : rel.split(external_node_path_.sep).join('/');
    });
    return [...new Set(shown)].sort(comparePaths);
}
/** Code-unit order, the same in every locale. */
function comparePaths(a, b) {
    return a < b ? -1 : a > b ? 1 : 0;
}

;// CONCATENATED MODULE: ./packages/data/src/dataset.ts








/** The default number of rows in a batch. */
const DEFAULT_BATCH_ROWS = 65_536;
class LiveInfo {
    files;
    format;
    gzip;
    typed;
    rowsHint;
    columnSource;
    constructor(files, format, gzip, typed, rowsHint, columnSource) {
        this.files = files;
        this.format = format;
        this.gzip = gzip;
        this.typed = typed;
        this.rowsHint = rowsHint;
        this.columnSource = columnSource;
    }
    get columns() {
        return this.columnSource();
    }
}
/**
 * A projected column that no JSON row has would be read as a column of nulls: it is an error,
 * as a projected column missing from a CSV header or a Parquet footer is. Checked once the rows
 * are read (JSON rows may add keys at any row); an empty dataset is left to its own error.
 */
function checkJsonProjection(projection, ctx, file) {
    if (ctx.nextRow === 0)
        return;
    const missing = projection.filter((name) => !ctx.projectedSeen.has(name));
    if (missing.length === 0)
        return;
    const keys = ctx.firstRowKeys ?? [];
    const closest = closestColumn(missing[0], keys);
    throw new errors/* DataError */.fL(`No row has the column ${missing.map(quoteColumn).join(', ')} of the column list` +
        (closest === undefined
            ? ''
            : `; the closest key of the first row is ${quoteColumn(closest)}`) +
        `. The first row's keys: ${listColumns(keys)}.`, {
        code: 'missing-column',
        hint: 'Check the column names in the inputs against the data.',
        location: { file },
    });
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
async function openDataset(pathOrGlob, options = {}) {
    const cwd = options.cwd ?? process.cwd();
    const batchRows = options.batchRows ?? DEFAULT_BATCH_ROWS;
    if (!Number.isInteger(batchRows) || batchRows < 1) {
        throw new errors/* InputError */.dz(`batchRows must be a positive integer; got ${batchRows}.`);
    }
    const files = await resolveFiles(pathOrGlob, cwd);
    const detected = files.map((file) => ({ file, ...detectFormat(file, options.format) }));
    const first = detected[0];
    const other = detected.find((d) => d.format !== first.format);
    if (other !== undefined) {
        throw new errors/* DataError */.fL(`${pathOrGlob} matches files of different formats: ${first.file} is ${first.format}, ${other.file} is ${other.format}.`, {
            code: 'mixed-formats',
            hint: 'Use a glob that matches one format only.',
            location: { file: other.file },
        });
    }
    const format = first.format;
    const projection = options.columns === undefined ? undefined : [...new Set(options.columns)];
    const onIssue = options.onIssue ??
        ((issue) => {
            throw new errors/* DataError */.fL(issue.message, {
                code: issue.code,
                location: { file: issue.file, line: issue.line },
            });
        });
    let rowsHint;
    const initial = new ReadContext(batchRows, projection, onIssue);
    // The Parquet reader (hyparquet and its codecs) is loaded only for Parquet files: every action
    // starts faster without it.
    const parquet = format === 'parquet' ? await Promise.all(/* import() */[__webpack_require__.e(783), __webpack_require__.e(682)]).then(__webpack_require__.bind(__webpack_require__, 20682)) : undefined;
    if (parquet !== undefined) {
        const { openParquet, checkProjection } = parquet;
        rowsHint = 0;
        for (const { file } of detected) {
            const source = await openParquet(file, (0,external_node_path_.resolve)(cwd, file));
            await source.close();
            for (const name of checkProjection(source, projection))
                initial.known.add(name);
            rowsHint += source.rows;
        }
    }
    let ctx = initial;
    const info = new LiveInfo(files, format, detected.some((d) => d.gzip), format !== 'csv' && format !== 'tsv', rowsHint, () => ctx.known.names);
    if (format === 'csv' || format === 'tsv') {
        // Read the first header now, so that the columns are known before the rows.
        const probe = new ReadContext(batchRows, projection, () => undefined);
        const delimiter = format === 'csv' ? ',' : '\t';
        await readDelimitedHeader(first.file, (0,external_node_path_.resolve)(cwd, first.file), first.gzip, delimiter, probe);
        for (const name of probe.known.names)
            initial.known.add(name);
    }
    let started = false;
    return {
        info,
        get counts() {
            return { rows: ctx.nextRow, skipped: ctx.skipped };
        },
        async *batches() {
            if (started) {
                ctx = new ReadContext(batchRows, projection, onIssue);
                for (const name of initial.known.names)
                    ctx.known.add(name);
            }
            started = true;
            for (const { file, gzip } of detected) {
                const fullPath = (0,external_node_path_.resolve)(cwd, file);
                if (parquet !== undefined) {
                    const source = await parquet.openParquet(file, fullPath);
                    try {
                        yield* parquet.readParquetFile(source, ctx);
                    }
                    finally {
                        await source.close();
                    }
                }
                else if (format === 'jsonl') {
                    yield* readJsonLinesFile(file, fullPath, gzip, ctx);
                }
                else if (format === 'json') {
                    yield* readJsonArrayFile(file, fullPath, gzip, ctx);
                }
                else {
                    yield* readDelimitedFile(file, fullPath, gzip, format === 'csv' ? ',' : '\t', ctx);
                }
            }
            if (projection !== undefined && (format === 'json' || format === 'jsonl')) {
                checkJsonProjection(projection, ctx, first.file);
            }
        },
    };
}


/***/ }),

/***/ 89718:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   R: () => (/* binding */ fingerprintFile)
/* harmony export */ });
/* unused harmony export fingerprintFiles */
/* harmony import */ var node_crypto__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(77598);
/* harmony import */ var node_crypto__WEBPACK_IMPORTED_MODULE_0___default = /*#__PURE__*/__webpack_require__.n(node_crypto__WEBPACK_IMPORTED_MODULE_0__);
/* harmony import */ var node_fs__WEBPACK_IMPORTED_MODULE_1__ = __webpack_require__(73024);
/* harmony import */ var node_fs__WEBPACK_IMPORTED_MODULE_1___default = /*#__PURE__*/__webpack_require__.n(node_fs__WEBPACK_IMPORTED_MODULE_1__);
/* harmony import */ var node_fs_promises__WEBPACK_IMPORTED_MODULE_2__ = __webpack_require__(51455);
/* harmony import */ var node_fs_promises__WEBPACK_IMPORTED_MODULE_2___default = /*#__PURE__*/__webpack_require__.n(node_fs_promises__WEBPACK_IMPORTED_MODULE_2__);
/* harmony import */ var node_path__WEBPACK_IMPORTED_MODULE_3__ = __webpack_require__(76760);
/* harmony import */ var node_path__WEBPACK_IMPORTED_MODULE_3___default = /*#__PURE__*/__webpack_require__.n(node_path__WEBPACK_IMPORTED_MODULE_3__);
/* harmony import */ var _modelgate_core__WEBPACK_IMPORTED_MODULE_4__ = __webpack_require__(37638);
/* harmony import */ var _modelgate_core__WEBPACK_IMPORTED_MODULE_5__ = __webpack_require__(5725);





/**
 * Hashes `path` as a stream, in constant memory. `path` is reported as given; `cwd`, when given,
 * is where a relative path is read from.
 *
 * @throws DataError naming the file when it is missing, a folder, not a regular file (a FIFO or a
 *   device, which would block or never end) or cannot be read.
 */
async function fingerprintFile(path, cwd) {
    const hash = (0,node_crypto__WEBPACK_IMPORTED_MODULE_0__.createHash)('sha256');
    let bytes = 0;
    const full = cwd === undefined ? path : (0,node_path__WEBPACK_IMPORTED_MODULE_3__.resolve)(cwd, path);
    const info = await (0,node_fs_promises__WEBPACK_IMPORTED_MODULE_2__.stat)(full).catch((err) => {
        throw new _modelgate_core__WEBPACK_IMPORTED_MODULE_4__/* .DataError */ .fL(`Cannot read ${path}: ${(0,_modelgate_core__WEBPACK_IMPORTED_MODULE_5__/* .describeFsError */ .T)(err)}.`, {
            code: 'file-not-found',
            location: { file: path },
            cause: err,
        });
    });
    if (info.isDirectory()) {
        throw new _modelgate_core__WEBPACK_IMPORTED_MODULE_4__/* .DataError */ .fL(`${path} is a directory, not a data file.`, {
            code: 'file-not-found',
            hint: 'Give the path of a file.',
            location: { file: path },
        });
    }
    if (!info.isFile()) {
        // Reading a FIFO blocks until a writer comes, and a device may never end.
        throw new _modelgate_core__WEBPACK_IMPORTED_MODULE_4__/* .DataError */ .fL(`${path} is not a regular file (a FIFO, socket or device).`, {
            code: 'file-not-found',
            hint: 'Write the data to a file first and pass that file.',
            location: { file: path },
        });
    }
    try {
        for await (const chunk of (0,node_fs__WEBPACK_IMPORTED_MODULE_1__.createReadStream)(full, { highWaterMark: 1 << 20 })) {
            const buffer = chunk;
            hash.update(buffer);
            bytes += buffer.length;
        }
    }
    catch (err) {
        throw new _modelgate_core__WEBPACK_IMPORTED_MODULE_4__/* .DataError */ .fL(`Cannot read ${path}: ${(0,_modelgate_core__WEBPACK_IMPORTED_MODULE_5__/* .describeFsError */ .T)(err)}.`, {
            code: 'file-not-found',
            location: { file: path },
            cause: err,
        });
    }
    return { path, sha256: hash.digest('hex'), bytes };
}
/** {@link fingerprintFile} for each file, in the order given. */
async function fingerprintFiles(paths, cwd) {
    const out = [];
    for (const path of paths)
        out.push(await fingerprintFile(path, cwd));
    return out;
}


/***/ }),

/***/ 16326:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   E: () => (/* binding */ readColumns)
/* harmony export */ });
/* harmony import */ var _modelgate_core__WEBPACK_IMPORTED_MODULE_1__ = __webpack_require__(37638);
/* harmony import */ var _dataset__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(2330);


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
async function readColumns(pathOrGlob, options = {}) {
    const maxRows = options.maxRows ?? 5_000_000;
    const dataset = await (0,_dataset__WEBPACK_IMPORTED_MODULE_0__/* .openDataset */ .J)(pathOrGlob, { ...options, batchRows: TABLE_BATCH_ROWS });
    const batches = [];
    let rows = 0;
    for await (const batch of dataset.batches()) {
        if (rows + batch.rows > maxRows) {
            throw new _modelgate_core__WEBPACK_IMPORTED_MODULE_1__/* .DataError */ .fL(`${pathOrGlob} has more than ${maxRows} rows, too many to hold at once.`, { code: 'too-large', hint: 'Use a smaller file.', location: { file: batch.file } });
        }
        if (batch.rows > 0)
            batches.push(batch);
        rows += batch.rows;
    }
    const names = dataset.info.columns;
    const data = new Map();
    for (const name of names)
        data.set(name, concatColumn(batches, name, rows));
    const starts = batches.map((b) => b.firstRow - (batches[0]?.firstRow ?? 0));
    const batchOf = (row) => {
        if (!(row >= 0 && row < rows))
            throw new RangeError(`row ${row} is not in 0..${rows - 1}`);
        let lo = 0;
        let hi = batches.length - 1;
        while (lo < hi) {
            const mid = (lo + hi + 1) >> 1;
            if (starts[mid] <= row)
                lo = mid;
            else
                hi = mid - 1;
        }
        return { batch: batches[lo], offset: row - starts[lo] };
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
function concatColumn(batches, name, rows) {
    const only = batches.length === 1 ? batches[0].columns.get(name) : undefined;
    if (only !== undefined && only.length === rows)
        return only;
    const out = new Array(rows);
    let k = 0;
    for (const batch of batches) {
        const cells = batch.columns.get(name);
        if (cells === undefined)
            for (let i = 0; i < batch.rows; i++)
                out[k++] = null;
        else
            for (let i = 0; i < batch.rows; i++)
                out[k++] = cells[i] ?? null;
    }
    return out;
}


/***/ }),

/***/ 97874:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   m: () => (/* binding */ systemClock)
/* harmony export */ });
/** The real clock. */
const systemClock = {
    now: () => performance.now(),
    sleep: (ms, signal) => new Promise((resolve, reject) => {
        if (signal?.aborted) {
            reject(signal.reason);
            return;
        }
        if (ms <= 0) {
            resolve();
            return;
        }
        const onAbort = () => {
            clearTimeout(timer);
            reject(signal?.reason);
        };
        const timer = setTimeout(() => {
            signal?.removeEventListener('abort', onAbort);
            resolve();
        }, ms);
        signal?.addEventListener('abort', onAbort, { once: true });
    }),
};


/***/ }),

/***/ 35370:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   S: () => (/* binding */ createHttpTransport)
/* harmony export */ });
/* unused harmony export DEFAULT_MAX_BODY_BYTES */
/* harmony import */ var node_http__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(37067);
/* harmony import */ var node_http__WEBPACK_IMPORTED_MODULE_0___default = /*#__PURE__*/__webpack_require__.n(node_http__WEBPACK_IMPORTED_MODULE_0__);
/* harmony import */ var node_https__WEBPACK_IMPORTED_MODULE_1__ = __webpack_require__(44708);
/* harmony import */ var node_https__WEBPACK_IMPORTED_MODULE_1___default = /*#__PURE__*/__webpack_require__.n(node_https__WEBPACK_IMPORTED_MODULE_1__);
/* harmony import */ var node_util__WEBPACK_IMPORTED_MODULE_2__ = __webpack_require__(57975);
/* harmony import */ var node_util__WEBPACK_IMPORTED_MODULE_2___default = /*#__PURE__*/__webpack_require__.n(node_util__WEBPACK_IMPORTED_MODULE_2__);
/* harmony import */ var node_zlib__WEBPACK_IMPORTED_MODULE_3__ = __webpack_require__(38522);
/* harmony import */ var node_zlib__WEBPACK_IMPORTED_MODULE_3___default = /*#__PURE__*/__webpack_require__.n(node_zlib__WEBPACK_IMPORTED_MODULE_3__);
/* harmony import */ var _modelgate_core__WEBPACK_IMPORTED_MODULE_4__ = __webpack_require__(37638);
/* harmony import */ var _malformed_response__WEBPACK_IMPORTED_MODULE_5__ = __webpack_require__(99333);






/**
 * The default bound on a response body: 16 MiB, some 30 times the longest chat completion a
 * model returns today (128k output tokens ≈ 0.5 MB of JSON) and far above any prediction.
 */
const DEFAULT_MAX_BODY_BYTES = 16 * 1024 * 1024;
const FOLLOWED = new Set([307, 308]);
const NOT_FOLLOWED = new Set([301, 302, 303]);
/** Dropped on a redirect to another origin, as fetch does. */
const CROSS_ORIGIN_DROPPED = ['authorization', 'proxy-authorization', 'cookie'];
const inflateAsync = (0,node_util__WEBPACK_IMPORTED_MODULE_2__.promisify)(node_zlib__WEBPACK_IMPORTED_MODULE_3__.inflate);
const inflateRawAsync = (0,node_util__WEBPACK_IMPORTED_MODULE_2__.promisify)(node_zlib__WEBPACK_IMPORTED_MODULE_3__.inflateRaw);
const gunzipAsync = (0,node_util__WEBPACK_IMPORTED_MODULE_2__.promisify)(node_zlib__WEBPACK_IMPORTED_MODULE_3__.gunzip);
const decoders = {
    gzip: gunzipAsync,
    'x-gzip': gunzipAsync,
    br: (0,node_util__WEBPACK_IMPORTED_MODULE_2__.promisify)(node_zlib__WEBPACK_IMPORTED_MODULE_3__.brotliDecompress),
    // Servers send either zlib-wrapped or raw deflate; a zlib header has 8 in its low nibble.
    deflate: (buf, o) => ((buf[0] ?? 0) & 0x0f) === 0x08 ? inflateAsync(buf, o) : inflateRawAsync(buf, o),
};
const utf8 = new TextDecoder('utf-8');
/**
 * Creates a transport with its own keep-alive agents (one for http, one for https). Throws a
 * RangeError for a maxSockets below 1.
 */
function createHttpTransport(options = {}) {
    const maxSockets = options.maxSockets === undefined ? Infinity : Math.floor(options.maxSockets);
    if (!(maxSockets >= 1)) {
        throw new RangeError(`maxSockets must be 1 or more; got ${options.maxSockets}`);
    }
    const maxRedirects = options.maxRedirects ?? 20;
    const userAgent = options.userAgent ?? 'modelgate';
    const maxBodyBytes = options.maxBodyBytes ?? DEFAULT_MAX_BODY_BYTES;
    const agentOptions = { keepAlive: true, maxSockets, scheduling: 'lifo' };
    const httpAgent = new node_http__WEBPACK_IMPORTED_MODULE_0__.Agent(agentOptions);
    const httpsAgent = new node_https__WEBPACK_IMPORTED_MODULE_1__.Agent(agentOptions);
    async function send(request) {
        let url = parseUrl(request.url);
        const headers = normalizeHeaders(request.headers, userAgent);
        const body = Buffer.from(request.body, 'utf8');
        headers['content-length'] = body.length;
        for (let redirects = 0;; redirects++) {
            const agent = url.protocol === 'https:' ? httpsAgent : httpAgent;
            const raw = await exchange(url, request.method, headers, body, agent, request.signal, maxBodyBytes);
            const location = raw.headers.location;
            if (location === undefined || !(FOLLOWED.has(raw.status) || NOT_FOLLOWED.has(raw.status))) {
                return {
                    status: raw.status,
                    header: (name) => joined(raw.headers[name.toLowerCase()]),
                    text: utf8.decode(await decodeBody(raw.body, raw.headers['content-encoding'], maxBodyBytes)),
                };
            }
            const next = new URL(location, url);
            if (NOT_FOLLOWED.has(raw.status)) {
                throw new _modelgate_core__WEBPACK_IMPORTED_MODULE_4__/* .ModelError */ .me(`The server at ${url.href} answered HTTP ${raw.status}, a redirect to ${next.href}; a ${request.method} is not re-sent as a GET to follow it.`, { hint: `Use the URL it redirects to (${next.href}) in the input.` });
            }
            if (redirects >= maxRedirects) {
                throw new _modelgate_core__WEBPACK_IMPORTED_MODULE_4__/* .ModelError */ .me(`The server at ${request.url} redirected more than ${maxRedirects} times (last to ${next.href}).`, { hint: 'Use the final URL in the input, or fix the redirect loop on the server.' });
            }
            if (next.protocol !== 'http:' && next.protocol !== 'https:') {
                throw new _modelgate_core__WEBPACK_IMPORTED_MODULE_4__/* .ModelError */ .me(`The server at ${url.href} redirected to ${next.href}.`, {
                    hint: 'Only http and https URLs can be followed.',
                });
            }
            if (next.origin !== url.origin)
                for (const name of CROSS_ORIGIN_DROPPED)
                    delete headers[name];
            url = next;
        }
    }
    return {
        send,
        close() {
            httpAgent.destroy();
            httpsAgent.destroy();
        },
    };
}
function parseUrl(text) {
    let url;
    try {
        url = new URL(text);
    }
    catch {
        throw new _modelgate_core__WEBPACK_IMPORTED_MODULE_4__/* .ModelError */ .me(`"${text}" is not a valid URL.`, {
            hint: 'Write an absolute http(s) URL, e.g. http://127.0.0.1:8080/predict.',
        });
    }
    if (url.protocol !== 'http:' && url.protocol !== 'https:') {
        throw new _modelgate_core__WEBPACK_IMPORTED_MODULE_4__/* .ModelError */ .me(`"${text}" is not an http or https URL.`, {
            hint: 'Write an absolute http(s) URL, e.g. http://127.0.0.1:8080/predict.',
        });
    }
    return url;
}
function normalizeHeaders(given, userAgent) {
    const headers = {
        'user-agent': userAgent,
        'accept-encoding': 'gzip, deflate, br',
    };
    for (const [name, value] of Object.entries(given))
        headers[name.toLowerCase()] = value;
    return headers;
}
function joined(value) {
    return Array.isArray(value) ? value.join(', ') : value;
}
/** A socket failure, shaped as fetch's: a TypeError with the socket error as its cause. */
function networkError(cause) {
    return new TypeError((0,_modelgate_core__WEBPACK_IMPORTED_MODULE_4__/* .getErrorMessage */ .u1)(cause), { cause });
}
/**
 * The signal's reason when it is an error object (a timeout's DOMException, a caller's Error;
 * told by shape, since it may come from another realm), else an AbortError.
 */
function abortReason(signal) {
    const reason = signal.reason;
    return typeof reason === 'object' && reason !== null && 'message' in reason
        ? reason
        : new DOMException('This operation was aborted', 'AbortError');
}
/** One request and its whole (still encoded) response body. */
function exchange(url, method, headers, body, agent, signal, maxBodyBytes) {
    return new Promise((resolve, reject) => {
        if (signal?.aborted) {
            reject(abortReason(signal));
            return;
        }
        let settled = false;
        const settle = () => {
            if (settled)
                return false;
            settled = true;
            signal?.removeEventListener('abort', onAbort);
            return true;
        };
        const fail = (err) => {
            if (settle())
                reject(err);
        };
        const send = url.protocol === 'https:' ? node_https__WEBPACK_IMPORTED_MODULE_1__.request : node_http__WEBPACK_IMPORTED_MODULE_0__.request;
        const req = send(url, { method, headers, agent }, (res) => {
            const chunks = [];
            let received = 0;
            let complete = false;
            res.on('data', (chunk) => {
                received += chunk.length;
                if (received > maxBodyBytes) {
                    fail(tooLarge(url, maxBodyBytes));
                    req.destroy();
                    return;
                }
                chunks.push(chunk);
            });
            res.on('end', () => {
                complete = true;
                if (!settle())
                    return;
                resolve({
                    status: res.statusCode ?? 0,
                    headers: res.headers,
                    body: chunks.length === 1 ? chunks[0] : Buffer.concat(chunks),
                });
            });
            res.on('error', (err) => fail(networkError(err)));
            res.on('close', () => {
                if (!complete)
                    fail(networkError(new Error('the connection closed mid-response')));
            });
        });
        const onAbort = () => {
            fail(abortReason(signal));
            req.destroy();
        };
        signal?.addEventListener('abort', onAbort, { once: true });
        req.on('error', (err) => fail(networkError(err)));
        req.end(body);
    });
}
function tooLarge(url, maxBodyBytes) {
    return new _malformed_response__WEBPACK_IMPORTED_MODULE_5__/* .MalformedResponseError */ .f(`the response body from ${url.origin}${url.pathname} is larger than ${maxBodyBytes} bytes, the most read`);
}
async function decodeBody(body, encoding, maxBodyBytes) {
    if (encoding === undefined)
        return body;
    const codings = encoding
        .split(',')
        .map((c) => c.trim().toLowerCase())
        .filter((c) => c !== '' && c !== 'identity');
    let out = body;
    // Codings are listed in the order they were applied, so they are undone from the last.
    for (const coding of codings.reverse()) {
        const decode = decoders[coding];
        if (decode === undefined) {
            throw new _malformed_response__WEBPACK_IMPORTED_MODULE_5__/* .MalformedResponseError */ .f(`the response has content-encoding "${encoding}", which cannot be decoded`);
        }
        if (out.length === 0)
            continue;
        try {
            out = await decode(out, { maxOutputLength: maxBodyBytes });
        }
        catch (err) {
            if (err.code === 'ERR_BUFFER_TOO_LARGE') {
                throw new _malformed_response__WEBPACK_IMPORTED_MODULE_5__/* .MalformedResponseError */ .f(`the response body decodes (content-encoding "${encoding}") to more than ${maxBodyBytes} bytes, the most read`, { cause: err });
            }
            throw new _malformed_response__WEBPACK_IMPORTED_MODULE_5__/* .MalformedResponseError */ .f(`the response body is not valid ${coding} (content-encoding "${encoding}"): ${(0,_modelgate_core__WEBPACK_IMPORTED_MODULE_4__/* .getErrorMessage */ .u1)(err)}`, { cause: err });
        }
    }
    return out;
}


/***/ }),

/***/ 99333:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   f: () => (/* binding */ MalformedResponseError)
/* harmony export */ });
/**
 * A 2xx response whose body cannot be used: not JSON, nothing at the response path, no
 * `choices[0]`, larger than the transport's bound, or not decodable. It is that request's error,
 * never the whole run's: the example (or trial, or judge call) records it and the error-rate gate
 * decides.
 *
 * It is not retried. The server did answer, and a complete body that is wrong is what the same
 * request gets again (a misconfigured path, a proxy's HTML page, a model that replies in the wrong
 * shape); the OpenAI SDKs and promptfoo do not retry it either. A body cut short by a reset
 * connection is not this error but a network error (a `TypeError`), which is retried.
 */
class MalformedResponseError extends Error {
    constructor(message, options) {
        super(message, options);
        this.name = 'MalformedResponseError';
    }
}


/***/ }),

/***/ 7596:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   k: () => (/* binding */ runPool)
/* harmony export */ });
/* unused harmony export mapPool */
/**
 * A bounded-concurrency work pool: at most `concurrency` tasks in flight, started in index
 * order. Shared by every model client (HTTP endpoint, OpenAI-compatible, command batches).
 */
/**
 * Runs `task(i)` for i = 0 … count-1 with at most `concurrency` in flight, in index order.
 * A task that should not stop the run must catch its own errors: the first task that throws
 * stops new starts, the tasks in flight are awaited, and the pool rejects with that error.
 * Throws a RangeError for a concurrency below 1.
 */
async function runPool(count, options, task) {
    const concurrency = Math.floor(options.concurrency);
    if (!(concurrency >= 1))
        throw new RangeError(`concurrency must be 1 or more; got ${options.concurrency}`);
    let next = 0;
    let failed = false;
    let firstError;
    const worker = async () => {
        while (!failed && next < count && !options.signal?.aborted) {
            const index = next++;
            try {
                await task(index);
            }
            catch (err) {
                if (!failed) {
                    failed = true;
                    firstError = err;
                }
            }
        }
    };
    const workers = [];
    for (let w = 0; w < Math.min(concurrency, count); w++)
        workers.push(worker());
    await Promise.all(workers);
    if (failed)
        throw firstError;
    return { started: next };
}
/**
 * Maps `items` through `fn` with bounded concurrency, results in input order. Rejects with the
 * first error, as {@link runPool}.
 */
async function mapPool(items, concurrency, fn) {
    const results = new Array(items.length);
    await runPool(items.length, { concurrency }, async (i) => {
        results[i] = await fn(items[i], i);
    });
    return results;
}


/***/ }),

/***/ 97602:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   O: () => (/* binding */ unlimited),
/* harmony export */   i: () => (/* binding */ createTokenBucket)
/* harmony export */ });
/* harmony import */ var _clock__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(97874);

/**
 * A token bucket: `ratePerSecond` tokens are added per second, up to `burst` (default 1, so
 * starts are evenly spaced 1/rate apart and any window of T seconds has at most 1 + rate·T).
 * Each `acquire` takes one token, reserving a future one when none is left, so concurrent
 * callers wait in turn without polling. Throws a RangeError for a rate or burst that is not
 * positive.
 */
function createTokenBucket(options) {
    const rate = options.ratePerSecond;
    const burst = options.burst ?? 1;
    const clock = options.clock ?? _clock__WEBPACK_IMPORTED_MODULE_0__/* .systemClock */ .m;
    if (!(rate > 0) || !Number.isFinite(rate))
        throw new RangeError(`rate must be positive; got ${rate}`);
    if (!(burst >= 1))
        throw new RangeError(`burst must be 1 or more; got ${burst}`);
    let tokens = burst;
    let last = clock.now();
    return {
        async acquire(signal) {
            const now = clock.now();
            tokens = Math.min(burst, tokens + ((now - last) * rate) / 1000);
            last = now;
            tokens -= 1;
            if (tokens < 0)
                await clock.sleep((-tokens * 1000) / rate, signal);
        },
    };
}
/** A limiter that never waits, for when no rate limit is set. */
const unlimited = { acquire: () => Promise.resolve() };


/***/ }),

/***/ 34470:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   F9: () => (/* binding */ HttpStatusError),
/* harmony export */   MU: () => (/* binding */ TimeoutError),
/* harmony export */   TK: () => (/* binding */ httpRetryDecision),
/* harmony export */   TX: () => (/* binding */ isNetworkError),
/* harmony export */   bD: () => (/* binding */ withRetry),
/* harmony export */   mu: () => (/* binding */ parseRetryAfter)
/* harmony export */ });
/* unused harmony export backoffDelayMs */
/* harmony import */ var _clock__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(97874);

/**
 * Calls `fn(attempt)` (attempt 0, 1, …) until it resolves, the decision says not to retry, or
 * `retries` retries are spent; then rethrows the last error, with `attempts` set on it when it
 * is an object. Default decision: {@link httpRetryDecision}.
 */
async function withRetry(fn, options) {
    const clock = options.clock ?? _clock__WEBPACK_IMPORTED_MODULE_0__/* .systemClock */ .m;
    const rng = options.rng ?? Math.random;
    const base = options.baseDelayMs ?? 250;
    const max = options.maxDelayMs ?? 10_000;
    const maxRetryAfter = options.maxRetryAfterMs ?? 60_000;
    const decide = options.decide ?? httpRetryDecision;
    for (let attempt = 0;; attempt++) {
        try {
            return { value: await fn(attempt), attempts: attempt + 1 };
        }
        catch (err) {
            const decision = decide(err);
            if (!decision.retry || attempt >= options.retries || options.signal?.aborted) {
                if (typeof err === 'object' && err !== null)
                    err.attempts = attempt + 1;
                throw err;
            }
            const delayMs = decision.afterMs !== undefined
                ? Math.min(Math.max(0, decision.afterMs), maxRetryAfter)
                : backoffDelayMs(attempt, base, max, rng);
            options.onRetry?.({ attempt: attempt + 1, delayMs, error: err });
            await clock.sleep(delayMs, options.signal);
        }
    }
}
/** Full-jitter backoff for retry `attempt` (0-based): uniform in [0, min(max, base·2^attempt)). */
function backoffDelayMs(attempt, baseMs, maxMs, rng) {
    return rng() * Math.min(maxMs, baseMs * 2 ** attempt);
}
/**
 * Parses a Retry-After header: delay-seconds (`120`) or an HTTP date, relative to `nowMs` (epoch
 * ms). Undefined when absent or unreadable; a date in the past gives 0.
 */
function parseRetryAfter(value, nowMs) {
    if (value === null || value === undefined)
        return undefined;
    const text = value.trim();
    if (/^\d+(\.\d+)?$/.test(text))
        return Number(text) * 1000;
    const at = Date.parse(text);
    if (Number.isNaN(at))
        return undefined;
    return Math.max(0, at - nowMs);
}
/** An HTTP response with a failing status, with the server's Retry-After in ms when given. */
class HttpStatusError extends Error {
    status;
    retryAfterMs;
    /** The start of the response body, for messages. */
    bodySnippet;
    constructor(status, bodySnippet, retryAfterMs) {
        super(`HTTP ${status}${bodySnippet ? `: ${bodySnippet}` : ''}`);
        this.name = 'HttpStatusError';
        this.status = status;
        this.bodySnippet = bodySnippet;
        this.retryAfterMs = retryAfterMs;
    }
}
/** A call that took longer than its time limit. */
class TimeoutError extends Error {
    timeoutMs;
    constructor(timeoutMs) {
        super(`timed out after ${timeoutMs} ms`);
        this.timeoutMs = timeoutMs;
        this.name = 'TimeoutError';
    }
}
/**
 * The HTTP retry policy: retry 408, 429 and 5xx (honouring Retry-After on 429 and 503), timeouts
 * and network errors (fetch's TypeError); never other 4xx, which the next attempt would repeat.
 */
function httpRetryDecision(err) {
    if (err instanceof HttpStatusError) {
        const status = err.status;
        if (status === 429 || status === 503) {
            return err.retryAfterMs === undefined
                ? { retry: true }
                : { retry: true, afterMs: err.retryAfterMs };
        }
        return { retry: status === 408 || status >= 500 };
    }
    if (err instanceof TimeoutError)
        return { retry: true };
    if (isNetworkError(err))
        return { retry: true };
    return { retry: false };
}
/**
 * True for fetch's network failure: a TypeError ("fetch failed") for refused connections,
 * resets and DNS. Checked by name, since the error may come from another realm (a VM context).
 */
function isNetworkError(err) {
    return (typeof err === 'object' && err !== null && err.name === 'TypeError');
}


/***/ }),

/***/ 23781:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   Ao: () => (/* binding */ onCancel),
/* harmony export */   KW: () => (/* binding */ trackTemporaryPath),
/* harmony export */   qO: () => (/* binding */ handleCancellation)
/* harmony export */ });
/* unused harmony exports CANCEL_SIGNALS, cancelExitCode, cancelStep */
/* harmony import */ var node_fs__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(73024);
/* harmony import */ var node_fs__WEBPACK_IMPORTED_MODULE_0___default = /*#__PURE__*/__webpack_require__.n(node_fs__WEBPACK_IMPORTED_MODULE_0__);
/* harmony import */ var node_os__WEBPACK_IMPORTED_MODULE_1__ = __webpack_require__(48161);
/* harmony import */ var node_os__WEBPACK_IMPORTED_MODULE_1___default = /*#__PURE__*/__webpack_require__.n(node_os__WEBPACK_IMPORTED_MODULE_1__);


/**
 * What a step does when the runner cancels it. On a cancelled job, or a step past its
 * `timeout-minutes`, the runner sends SIGINT, then SIGTERM 7.5 s later, then kills the process
 * 2.5 s after that. Node's default for either signal is to die on the spot: a report or JSONL
 * half-written under its temporary name stays beside the target, and nothing says why the step
 * stopped.
 *
 * {@link runAction} installs {@link handleCancellation} around every action's body, so all five
 * actions behave alike. On the first SIGINT or SIGTERM it, synchronously and in this order:
 *
 * 1. runs the registered cancel hooks ({@link onCancel}, e.g. killing a child process);
 * 2. removes every temporary path still registered ({@link trackTemporaryPath}): the
 *    `*.tmp` files of atomic writes (the per-example JSONL being written by a worker thread
 *    included: the worker writes through a descriptor, so once the name is gone nothing can
 *    bring it back) and temporary folders (downloaded baselines);
 * 3. prints one line, `The step was cancelled by SIGTERM: …`;
 * 4. exits with 128 + the signal's number (130 for SIGINT, 143 for SIGTERM).
 *
 * Exiting there and then stops everything in flight: the sockets of model requests and uploads
 * close with the process, worker threads end with it. A final file is only ever renamed into
 * place once complete, so a cancelled step leaves either the whole report or none, never half.
 *
 * The exit code: any non-zero code fails a step and a cancelled job is marked cancelled by the
 * runner whatever the code, so the runner does not need a particular one. 128 + n is what a shell
 * and the runner report for a process killed by signal n (what these steps exited with before),
 * so a wrapper script can still tell a cancellation from a failure (exit 1).
 */
const temporaryPaths = new Set();
const hooks = new Set();
/** Above this many registered paths, those already gone (renamed or removed) are forgotten. */
const PRUNE_AT = 1024;
let pruneAt = PRUNE_AT;
/**
 * Registers a temporary file or folder to be removed if the step is cancelled; returns `path`.
 * A path that is later renamed or removed needs no unregistering: removing a missing path does
 * nothing, and the register forgets missing paths as it grows.
 */
function trackTemporaryPath(path) {
    temporaryPaths.add(path);
    if (temporaryPaths.size >= pruneAt) {
        for (const p of temporaryPaths)
            if (!(0,node_fs__WEBPACK_IMPORTED_MODULE_0__.existsSync)(p))
                temporaryPaths.delete(p);
        pruneAt = Math.max(PRUNE_AT, temporaryPaths.size * 2);
    }
    return path;
}
/**
 * Registers a synchronous hook run when the step is cancelled, before the temporary paths are
 * removed (e.g. to kill a child process). Returns the function that unregisters it. A hook that
 * throws is skipped.
 */
function onCancel(hook) {
    hooks.add(hook);
    return () => {
        hooks.delete(hook);
    };
}
/** The signals the runner sends to cancel a step. */
const CANCEL_SIGNALS = ['SIGINT', 'SIGTERM'];
const processEffects = {
    writeLine: (line) => process.stdout.write(`${line}\n`),
    exit: (code) => process.exit(code),
};
/** The exit code of a step cancelled by `signal`: 128 + its number (130, 143). */
function cancelExitCode(signal) {
    return 128 + node_os__WEBPACK_IMPORTED_MODULE_1__.constants.signals[signal];
}
/**
 * Cancels the step now, as described in the module comment: hooks, temporary paths, one line,
 * exit. Exported for tests, which pass their own effects; the signal handlers call it.
 */
function cancelStep(signal, effects = processEffects) {
    for (const hook of [...hooks]) {
        try {
            hook();
        }
        catch {
            // A hook that fails must not keep the files from being removed.
        }
    }
    let removed = 0;
    for (const path of temporaryPaths) {
        try {
            if ((0,node_fs__WEBPACK_IMPORTED_MODULE_0__.existsSync)(path))
                removed++;
            (0,node_fs__WEBPACK_IMPORTED_MODULE_0__.rmSync)(path, { recursive: true, force: true });
        }
        catch {
            // Best effort: the next path still gets its chance.
        }
    }
    temporaryPaths.clear();
    effects.writeLine(`The step was cancelled by ${signal}: it stopped before finishing and left no partial report${removed > 0 ? ` (${removed} temporary file${removed === 1 ? '' : 's'} removed)` : ''}.`);
    effects.exit(cancelExitCode(signal));
}
/**
 * Handles SIGINT and SIGTERM with {@link cancelStep} until the returned function is called. The
 * first signal cancels; a later one (the runner's SIGTERM after its SIGINT) finds the step
 * already leaving.
 */
function handleCancellation(effects = processEffects) {
    let cancelled = false;
    const handlers = CANCEL_SIGNALS.map((signal) => {
        const handler = () => {
            if (cancelled)
                return;
            cancelled = true;
            cancelStep(signal, effects);
        };
        process.on(signal, handler);
        return [signal, handler];
    });
    return () => {
        for (const [signal, handler] of handlers)
            process.off(signal, handler);
    };
}


/***/ }),

/***/ 31055:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   DL: () => (/* binding */ temporaryPathBeside),
/* harmony export */   Gu: () => (/* binding */ readTextFile),
/* harmony export */   Sw: () => (/* binding */ fileWriteError),
/* harmony export */   Zf: () => (/* binding */ writeFileAtomic),
/* harmony export */   tL: () => (/* binding */ readReport),
/* harmony export */   u5: () => (/* binding */ writeReport)
/* harmony export */ });
/* unused harmony exports TEXT_FILE_MAX_BYTES, fileReadError */
/* harmony import */ var node_crypto__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(77598);
/* harmony import */ var node_crypto__WEBPACK_IMPORTED_MODULE_0___default = /*#__PURE__*/__webpack_require__.n(node_crypto__WEBPACK_IMPORTED_MODULE_0__);
/* harmony import */ var node_fs_promises__WEBPACK_IMPORTED_MODULE_1__ = __webpack_require__(51455);
/* harmony import */ var node_fs_promises__WEBPACK_IMPORTED_MODULE_1___default = /*#__PURE__*/__webpack_require__.n(node_fs_promises__WEBPACK_IMPORTED_MODULE_1__);
/* harmony import */ var node_path__WEBPACK_IMPORTED_MODULE_2__ = __webpack_require__(76760);
/* harmony import */ var node_path__WEBPACK_IMPORTED_MODULE_2___default = /*#__PURE__*/__webpack_require__.n(node_path__WEBPACK_IMPORTED_MODULE_2__);
/* harmony import */ var _modelgate_core__WEBPACK_IMPORTED_MODULE_5__ = __webpack_require__(37638);
/* harmony import */ var _modelgate_core__WEBPACK_IMPORTED_MODULE_6__ = __webpack_require__(5725);
/* harmony import */ var _modelgate_core__WEBPACK_IMPORTED_MODULE_7__ = __webpack_require__(56209);
/* harmony import */ var _modelgate_core__WEBPACK_IMPORTED_MODULE_8__ = __webpack_require__(87458);
/* harmony import */ var _cancellation__WEBPACK_IMPORTED_MODULE_4__ = __webpack_require__(23781);
/* harmony import */ var _secrets__WEBPACK_IMPORTED_MODULE_3__ = __webpack_require__(5453);






/**
 * Writes a file atomically: the content goes to a temporary file beside it, then is renamed over
 * the target, so a reader never sees half a file and a failed step leaves none. Parent folders
 * are created. Text content has the registered secrets replaced by `***` (`secrets.ts`); bytes
 * are written as they are.
 */
async function writeFileAtomic(path, content) {
    const tmp = temporaryPathBeside(path);
    try {
        await (0,node_fs_promises__WEBPACK_IMPORTED_MODULE_1__.mkdir)((0,node_path__WEBPACK_IMPORTED_MODULE_2__.dirname)(path), { recursive: true });
        await (0,node_fs_promises__WEBPACK_IMPORTED_MODULE_1__.writeFile)(tmp, typeof content === 'string' ? _secrets__WEBPACK_IMPORTED_MODULE_3__/* .processSecrets */ .rW.redact(content) : content);
        await (0,node_fs_promises__WEBPACK_IMPORTED_MODULE_1__.rename)(tmp, path);
    }
    catch (err) {
        await (0,node_fs_promises__WEBPACK_IMPORTED_MODULE_1__.rm)(tmp, { force: true }).catch(() => undefined);
        throw fileWriteError(path, err);
    }
}
/**
 * A fresh name for a temporary file beside `path`, to be renamed over it once complete. It is
 * registered so that a cancelled step removes it (`cancellation.ts`).
 */
function temporaryPathBeside(path) {
    return (0,_cancellation__WEBPACK_IMPORTED_MODULE_4__/* .trackTemporaryPath */ .KW)(`${path}.${process.pid}.${(0,node_crypto__WEBPACK_IMPORTED_MODULE_0__.randomBytes)(6).toString('hex')}.tmp`);
}
/** The user error for a file that could not be written: the path, the cause and the fix. */
function fileWriteError(path, err) {
    return new _modelgate_core__WEBPACK_IMPORTED_MODULE_5__/* .DataError */ .fL(`Cannot write ${path}: ${(0,_modelgate_core__WEBPACK_IMPORTED_MODULE_6__/* .describeFsError */ .T)(err)}.`, {
        hint: 'Choose an output path in a writable folder (e.g. under RUNNER_TEMP or the workspace).',
        location: { file: path },
        cause: err,
    });
}
/**
 * Writes a report as pretty JSON, atomically, with the registered secrets replaced by `***` in
 * every string and key (the value is redacted before it is serialized, so the JSON stays valid).
 */
async function writeReport(path, report) {
    // Already redacted value by value: written as bytes, so writeFileAtomic does not search the
    // whole text for secrets a second time.
    const text = `${JSON.stringify(_secrets__WEBPACK_IMPORTED_MODULE_3__/* .processSecrets */ .rW.redactDeep(report), null, 2)}\n`;
    await writeFileAtomic(path, Buffer.from(text, 'utf8'));
}
/**
 * Reads and validates a report file. Throws a {@link DataError} naming the file when it is
 * missing, is not JSON (with the line and column), or is not a valid report of one of the
 * `accept` kinds.
 */
async function readReport(path, accept) {
    const text = await readTextFile(path, 'report');
    const value = (0,_modelgate_core__WEBPACK_IMPORTED_MODULE_7__/* .parseJsonDocument */ .dH)(text, path, 'report', { maxChars: TEXT_FILE_MAX_BYTES });
    return (0,_modelgate_core__WEBPACK_IMPORTED_MODULE_8__/* .parseReport */ .MM)(value, path, accept);
}
/** The largest text file read whole, in bytes (256 MiB: V8's strings stop at about 512 Mi). */
const TEXT_FILE_MAX_BYTES = 256 * 1024 * 1024;
/**
 * Reads a UTF-8 text file whole (a byte order mark is kept; the config loader drops it). Every
 * way it can fail is a {@link DataError} naming the file, its role and the fix: missing, a
 * folder, not a regular file (a FIFO or a device, which would block or never end), unreadable,
 * larger than `maxBytes` (default {@link TEXT_FILE_MAX_BYTES}), UTF-16 or not UTF-8 (with the
 * line of the first bad byte).
 */
async function readTextFile(path, role, options = {}) {
    const maxBytes = options.maxBytes ?? TEXT_FILE_MAX_BYTES;
    let bytes;
    try {
        const info = await (0,node_fs_promises__WEBPACK_IMPORTED_MODULE_1__.stat)(path);
        if (info.isDirectory()) {
            throw new _modelgate_core__WEBPACK_IMPORTED_MODULE_5__/* .DataError */ .fL(`The ${role} path is a folder, not a file.`, {
                hint: 'Name a file in the folder, or a glob where the input takes one.',
                location: { file: path },
            });
        }
        if (!info.isFile()) {
            throw new _modelgate_core__WEBPACK_IMPORTED_MODULE_5__/* .DataError */ .fL(`The ${role} path is not a regular file (a FIFO, socket or device).`, {
                hint: 'Write the content to a file first and pass that file.',
                location: { file: path },
            });
        }
        if (info.size > maxBytes)
            throw sizeError(path, role, info.size, maxBytes);
        bytes = await (0,node_fs_promises__WEBPACK_IMPORTED_MODULE_1__.readFile)(path);
    }
    catch (err) {
        if (err instanceof _modelgate_core__WEBPACK_IMPORTED_MODULE_5__/* .DataError */ .fL)
            throw err;
        throw fileReadError(path, role, err);
    }
    // The file may have grown between stat and read.
    if (bytes.length > maxBytes)
        throw sizeError(path, role, bytes.length, maxBytes);
    return decodeUtf8(bytes, path, role);
}
/**
 * The user error for a file that could not be read: the path, the role, the cause in words
 * (never a raw `ENOENT`) and the fix.
 */
function fileReadError(path, role, err) {
    const code = err.code;
    if (code === 'ENOENT') {
        return new _modelgate_core__WEBPACK_IMPORTED_MODULE_5__/* .DataError */ .fL(`The ${role} file does not exist.`, {
            hint: 'Check the path: it is relative to the workspace (GITHUB_WORKSPACE).',
            location: { file: path },
        });
    }
    return new _modelgate_core__WEBPACK_IMPORTED_MODULE_5__/* .DataError */ .fL(`Cannot read the ${role} file: ${(0,_modelgate_core__WEBPACK_IMPORTED_MODULE_6__/* .describeFsError */ .T)(err)}.`, {
        hint: code === 'EACCES' || code === 'EPERM'
            ? 'Give the step read permission on the file (chmod a+r).'
            : 'Check the path and the file.',
        location: { file: path },
        cause: err,
    });
}
function sizeError(path, role, size, maxBytes) {
    return new _modelgate_core__WEBPACK_IMPORTED_MODULE_5__/* .DataError */ .fL(`The ${role} file is refused: it is ${size.toLocaleString('en-US')} bytes, above the limit of ${maxBytes.toLocaleString('en-US')}.`, { hint: 'Check that the input names the right file.', location: { file: path } });
}
function decodeUtf8(bytes, path, role) {
    if (bytes.length >= 2 &&
        ((bytes[0] === 0xff && bytes[1] === 0xfe) || (bytes[0] === 0xfe && bytes[1] === 0xff))) {
        throw new _modelgate_core__WEBPACK_IMPORTED_MODULE_5__/* .DataError */ .fL(`The ${role} file is UTF-16 text; modelgate reads UTF-8.`, {
            hint: 'Save the file as UTF-8 (e.g. `iconv -f UTF-16 -t UTF-8`).',
            location: { file: path },
        });
    }
    try {
        return new TextDecoder('utf-8', { fatal: true }).decode(bytes);
    }
    catch {
        const lossy = bytes.toString('utf8');
        const bad = lossy.indexOf('\uFFFD');
        let line = 1;
        for (let i = lossy.indexOf('\n'); i !== -1 && i < bad; i = lossy.indexOf('\n', i + 1))
            line++;
        throw new _modelgate_core__WEBPACK_IMPORTED_MODULE_5__/* .DataError */ .fL(`The ${role} file is not UTF-8 text: it holds an invalid byte sequence.`, {
            hint: 'Save the file as UTF-8.',
            location: { file: path, line },
        });
    }
}


/***/ }),

/***/ 85571:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   $m: () => (/* binding */ optionalInput),
/* harmony export */   IC: () => (/* binding */ spec),
/* harmony export */   YF: () => (/* binding */ requiredInput),
/* harmony export */   sv: () => (/* binding */ inputGetter),
/* harmony export */   wK: () => (/* binding */ inputOr)
/* harmony export */ });
/* harmony import */ var zod__WEBPACK_IMPORTED_MODULE_2__ = __webpack_require__(38816);
/* harmony import */ var _modelgate_core__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(37638);
/* harmony import */ var _redactor__WEBPACK_IMPORTED_MODULE_1__ = __webpack_require__(7958);
/* harmony import */ var _url_secrets__WEBPACK_IMPORTED_MODULE_3__ = __webpack_require__(64221);




/** The getter of an action's inputs: reads through `io`, and registers secrets with it. */
function inputGetter(io) {
    return Object.assign((name) => io.getInput(name), {
        secret: (value) => io.setSecret(value),
    });
}
/**
 * Reads an input that must be set. The runner does not enforce `required: true`, so this does.
 * Throws an {@link InputError} naming the input, the value and the fix.
 */
function requiredInput(get, name, spec) {
    const raw = get(name).trim();
    if (raw === '') {
        throw new _modelgate_core__WEBPACK_IMPORTED_MODULE_0__/* .InputError */ .dz(`Input '${name}' is required: set it to ${spec.expect}.`);
    }
    return parseRaw(get, name, raw, spec);
}
/** Reads an optional input; `undefined` when it is unset or empty. */
function optionalInput(get, name, spec) {
    const raw = get(name).trim();
    return raw === '' ? undefined : parseRaw(get, name, raw, spec);
}
/** Reads an input with a default used when it is unset or empty. */
function inputOr(get, name, spec, fallback) {
    return optionalInput(get, name, spec) ?? fallback;
}
function parseRaw(get, name, raw, spec) {
    const secrets = spec.secretsOf?.(raw) ?? [];
    for (const secret of secrets)
        get.secret?.(secret);
    const result = spec.schema.safeParse(raw);
    if (!result.success) {
        const hidden = new _redactor__WEBPACK_IMPORTED_MODULE_1__/* .Redactor */ .pO();
        for (const secret of secrets)
            hidden.add(secret);
        const shown = hidden.redact(raw.length > 200 ? `${raw.slice(0, 200)}…` : raw);
        throw new _modelgate_core__WEBPACK_IMPORTED_MODULE_0__/* .InputError */ .dz(`Input '${name}' must be ${spec.expect}; got "${shown}".`);
    }
    return result.data;
}
const numberFrom = zod__WEBPACK_IMPORTED_MODULE_2__/* .string */ .YjP()
    .regex(/^[+-]?(\d+(\.\d*)?|\.\d+)([eE][+-]?\d+)?$/)
    .transform(Number);
/** `expect`, with `, at most <max>` unless it already names that bound. */
function withBounds(expect, bounds) {
    const max = bounds.max.toLocaleString('en-US');
    const named = expect.includes(max) || expect.includes(String(bounds.max));
    return named ? expect : `${expect}, at most ${max}`;
}
/** Common input specs. Each reads the trimmed string. */
const spec = {
    text(expect = 'a non-empty string') {
        return { schema: zod__WEBPACK_IMPORTED_MODULE_2__/* .string */ .YjP().min(1), expect };
    },
    /** A key or token: the whole value is a secret (registered, never shown in a message). */
    secret(expect = 'a token, e.g. ${{ secrets.API_KEY }}') {
        return { schema: zod__WEBPACK_IMPORTED_MODULE_2__/* .string */ .YjP().min(1), expect, secretsOf: (raw) => [raw] };
    },
    /**
     * An http(s) URL. Its user-info and query values are secrets ({@link urlSecrets}): registered,
     * and never shown in a message. Reports name it by `endpointLabel` (scheme, host and path).
     */
    httpUrl(expect) {
        return { schema: zod__WEBPACK_IMPORTED_MODULE_2__/* .url */ .OZ5({ protocol: /^https?$/ }), expect, secretsOf: _url_secrets__WEBPACK_IMPORTED_MODULE_3__/* .urlSecrets */ .F };
    },
    /**
     * A finite number within `bounds`, both required: an unbounded input lets `1e300` (or `1e999`,
     * which is Infinity) through to arithmetic that then overflows. The message names the bounds
     * that `expect` does not already state.
     */
    number(expect, bounds) {
        return {
            schema: numberFrom.refine((n) => Number.isFinite(n) &&
                n >= bounds.min &&
                n <= bounds.max &&
                (!bounds.integer || Number.isInteger(n))),
            expect: withBounds(expect, bounds),
        };
    },
    fraction(example = '0.02') {
        return spec.number(`a fraction between 0 and 1, e.g. ${example}`, { min: 0, max: 1 });
    },
    /** A whole number from 1 to `max`. */
    positiveInt(example, max) {
        return spec.number(`a whole number of 1 or more, e.g. ${example}`, {
            min: 1,
            max,
            integer: true,
        });
    },
    /** A number from 0 to `max`. */
    nonNegative(expect, max) {
        return spec.number(expect, { min: 0, max });
    },
    boolean() {
        // The YAML 1.2 core schema's booleans, as @actions/core's getBooleanInput accepts.
        return {
            schema: zod__WEBPACK_IMPORTED_MODULE_2__/* .string */ .YjP()
                .refine((s) => /^(true|True|TRUE|false|False|FALSE)$/.test(s))
                .transform((s) => s.toLowerCase() === 'true'),
            expect: 'true or false',
        };
    },
    oneOf(values) {
        return { schema: zod__WEBPACK_IMPORTED_MODULE_2__/* ["enum"] */ .k5n(values), expect: `one of ${values.join(', ')}` };
    },
    /** A comma- or newline-separated list, trimmed, empty items dropped. */
    list(expect = 'a comma-separated list') {
        return {
            schema: zod__WEBPACK_IMPORTED_MODULE_2__/* .string */ .YjP().transform((s) => s
                .split(/[,\n]/)
                .map((item) => item.trim())
                .filter((item) => item !== '')),
            expect,
        };
    },
    /** A comma- or newline-separated list whose items are each one of `values`. */
    listOf(values) {
        return {
            schema: spec.list().schema.pipe(zod__WEBPACK_IMPORTED_MODULE_2__/* .array */ .YOg(zod__WEBPACK_IMPORTED_MODULE_2__/* ["enum"] */ .k5n(values))),
            expect: `a comma-separated list of ${values.join(', ')}`,
        };
    },
};


/***/ }),

/***/ 7958:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   eo: () => (/* binding */ secretForms),
/* harmony export */   pO: () => (/* binding */ Redactor)
/* harmony export */ });
/* unused harmony exports REDACTED, MIN_REDACTED_LENGTH */
/**
 * Redaction of secrets from text and JSON values. Pure: the process-wide instance that every
 * output of an action passes through lives in `secrets.ts`.
 */
/** What a secret is replaced with. The runner's own log masking uses the same. */
const REDACTED = '***';
/**
 * Secrets shorter than this are masked in the runner's log (`core.setSecret` takes any
 * non-empty value) but not replaced in files and messages: replacing a 1-3 character value
 * everywhere (`1`, `on`, `v1`) would corrupt ids, labels and numbers in every report, and a
 * secret that short protects nothing.
 */
const MIN_REDACTED_LENGTH = 4;
/**
 * The forms a secret can take in text that leaves the process: as given, URL-encoded
 * (`encodeURIComponent`, and the form encoding of `URLSearchParams`) and JSON-escaped (inside a
 * JSON string that echoes it, e.g. a server's error body). Each line of a multi-line secret is a
 * secret too. Forms shorter than {@link MIN_REDACTED_LENGTH} are left out.
 */
function secretForms(secret) {
    const values = [secret, ...secret.split(/\r?\n/).map((line) => line.trim())];
    const forms = new Set();
    for (const value of values) {
        if (value.length < MIN_REDACTED_LENGTH)
            continue;
        forms.add(value);
        const encoded = encodeURIComponent(value);
        forms.add(encoded);
        forms.add(encoded.replace(/%20/g, '+'));
        // application/x-www-form-urlencoded (URLSearchParams) also encodes ' ( ) ! ~.
        forms.add(new URLSearchParams({ s: value }).toString().slice(2));
        forms.add(JSON.stringify(value).slice(1, -1));
    }
    return [...forms];
}
/**
 * A set of secrets and the replacement of each of their {@link secretForms} by {@link REDACTED}.
 * Longer forms are matched first, so that a secret that contains another is replaced whole.
 */
class Redactor {
    forms = new Set();
    pattern;
    /**
     * Adds a secret. Empty and short values (below {@link MIN_REDACTED_LENGTH}) are ignored here:
     * the caller still masks them in the log.
     */
    add(secret) {
        for (const form of secretForms(secret)) {
            if (this.forms.has(form))
                continue;
            this.forms.add(form);
            this.pattern = undefined;
        }
    }
    /** True when at least one secret is held (else every redaction returns its input). */
    get active() {
        return this.forms.size > 0;
    }
    /** `text` with every form of every secret replaced by {@link REDACTED}. */
    redact(text) {
        if (this.forms.size === 0 || text.length < MIN_REDACTED_LENGTH)
            return text;
        const pattern = this.compiled();
        pattern.lastIndex = 0;
        return pattern.test(text) ? text.replace(pattern, REDACTED) : text;
    }
    /**
     * A JSON-like value (strings, numbers, booleans, null, arrays and plain objects) with every
     * string, and every object key, redacted. Redacting the value rather than its JSON text keeps
     * the JSON valid whatever the secret holds. Unchanged parts (the whole value when nothing
     * matched) are returned as they are, not copied; other objects (a Date, a Map) are kept.
     */
    redactDeep(value) {
        if (this.forms.size === 0)
            return value;
        return this.walk(value);
    }
    walk(value) {
        if (typeof value === 'string')
            return this.redact(value);
        if (Array.isArray(value)) {
            let out;
            for (let i = 0; i < value.length; i++) {
                const item = value[i];
                const next = this.walk(item);
                if (next !== item)
                    (out ??= value.slice())[i] = next;
            }
            return out ?? value;
        }
        if (value === null || typeof value !== 'object')
            return value;
        const proto = Object.getPrototypeOf(value);
        if (proto !== Object.prototype && proto !== null)
            return value;
        let changed = false;
        const entries = Object.entries(value).map(([key, item]) => {
            const nextKey = this.redact(key);
            const next = this.walk(item);
            if (nextKey !== key || next !== item)
                changed = true;
            return [nextKey, next];
        });
        return changed ? Object.fromEntries(entries) : value;
    }
    compiled() {
        this.pattern ??= new RegExp([...this.forms]
            .sort((a, b) => b.length - a.length)
            .map((form) => form.replace(/[.*+?^${}()|[\]\\]/g, '\\$&'))
            .join('|'), 'g');
        return this.pattern;
    }
}


/***/ }),

/***/ 5453:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   cl: () => (/* binding */ registerSecret),
/* harmony export */   fp: () => (/* binding */ redactSecrets),
/* harmony export */   rW: () => (/* binding */ processSecrets)
/* harmony export */ });
/* harmony import */ var _actions_core__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(91659);
/* harmony import */ var _redactor__WEBPACK_IMPORTED_MODULE_1__ = __webpack_require__(7958);


/**
 * The process-wide set of secrets. Every output of an action goes through it: the runner
 * adapter (`io.ts`: log lines, annotations, outputs, job summary), the file writers (`files.ts`,
 * `json-lines.ts`: reports, per-example JSONL, artifacts, caches), the GitHub client (comment
 * bodies) and the error boundary. Inputs add to it when they are parsed
 * ({@link registerSecret}, through `io.setSecret`), so that no action has to remember.
 */
const processSecrets = new _redactor__WEBPACK_IMPORTED_MODULE_1__/* .Redactor */ .pO();
/**
 * Registers a secret: masked in the runner's log (`core.setSecret`, with each of its encoded
 * forms) and replaced by `***` in everything this process writes from now on. An empty value is
 * ignored; a value shorter than 4 characters is masked in the log only (see
 * `MIN_REDACTED_LENGTH`).
 */
function registerSecret(value) {
    if (value === '')
        return;
    (0,_actions_core__WEBPACK_IMPORTED_MODULE_0__/* .setSecret */ .Pq)(value);
    for (const form of (0,_redactor__WEBPACK_IMPORTED_MODULE_1__/* .secretForms */ .eo)(value))
        if (form !== value)
            (0,_actions_core__WEBPACK_IMPORTED_MODULE_0__/* .setSecret */ .Pq)(form);
    processSecrets.add(value);
}
/** `text` with every registered secret replaced by `***`. */
function redactSecrets(text) {
    return processSecrets.redact(text);
}


/***/ }),

/***/ 64221:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   F: () => (/* binding */ urlSecrets),
/* harmony export */   m: () => (/* binding */ endpointLabel)
/* harmony export */ });
/**
 * The secret-bearing parts of a URL (user-info and query values) and its secret-free label.
 * Pure.
 */
const USER_INFO = /^[A-Za-z][A-Za-z0-9+.-]*:\/\/([^/?#]*)@/;
/**
 * The values in `url` that may be credentials: the user name and password of its user-info
 * (`https://user:pass@host`, and their Basic authorization form) and the value of each query
 * parameter (`?api_key=…&sig=…`; a parameter without `=` counts whole), each as written and
 * percent-decoded (with and without `+` read as a space). Works on text that is not a valid URL too, so that a rejected input is
 * still masked. Empty values are left out.
 */
function urlSecrets(url) {
    const found = new Set();
    const add = (raw) => {
        for (const value of [raw, decoded(raw), decoded(raw.replace(/\+/g, ' '))]) {
            if (value !== '')
                found.add(value);
        }
    };
    const text = url.trim();
    const userInfo = USER_INFO.exec(text)?.[1];
    if (userInfo !== undefined) {
        const colon = userInfo.indexOf(':');
        add(colon < 0 ? userInfo : userInfo.slice(0, colon));
        if (colon >= 0)
            add(userInfo.slice(colon + 1));
        // What an HTTP client sends for user-info: `Authorization: Basic base64(user:password)`.
        found.add(Buffer.from(decoded(userInfo), 'utf8').toString('base64'));
    }
    const question = text.indexOf('?');
    if (question >= 0) {
        const hash = text.indexOf('#', question);
        const query = text.slice(question + 1, hash < 0 ? undefined : hash);
        for (const pair of query.split('&')) {
            const eq = pair.indexOf('=');
            add(eq < 0 ? pair : pair.slice(eq + 1));
        }
    }
    return [...found];
}
function decoded(text) {
    try {
        return decodeURIComponent(text);
    }
    catch {
        return text;
    }
}
/**
 * How a report names an endpoint: scheme, host (with port) and path, without user-info, query
 * or fragment, e.g. `https://api.example.com/v1/predict`. Text that is not a URL gives
 * `(invalid URL)` rather than itself, as it may hold a secret.
 */
function endpointLabel(url) {
    try {
        const parsed = new URL(url);
        return `${parsed.protocol}//${parsed.host}${parsed.pathname}`;
    }
    catch {
        return '(invalid URL)';
    }
}


/***/ })

};
