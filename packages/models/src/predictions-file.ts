import { DataError, setOwn } from '@modelgate/core';
import type { EvalRow, Prediction, PredictionSource, SourceHooks, SourceSummary } from './source';

/**
 * The predictions-file source: predictions made elsewhere, keyed by id, read from a JSONL or CSV
 * file (or any format `@modelgate/data` reads). Columns (JSON keys):
 *  - the id column (`id` unless told otherwise, required): the eval row's id;
 *  - `prediction` (or `predicted`, `label`): the label, number or text; without it (or when
 *    empty), a classification's label is the arg-max of `probabilities` (or, binary, of `score`);
 *  - `probabilities` (optional): an object label → probability, or an array of probabilities in
 *    the order of the task's labels (scikit-learn's `classes_` order); in CSV, either as JSON text;
 *  - `score` (optional): the positive-class probability of a binary task;
 *  - `latency_ms`, `input_tokens`, `output_tokens` (optional numbers);
 *  - `error` (optional): the call failed; the row counts as errored with this reason.
 * Eval rows with no line are errors (`missing-prediction`); lines whose id is not in the eval set
 * are counted and listed (`unknownIds`). Neither is dropped silently.
 */

/**
 * The predictions file, read column by column (the shape of `@modelgate/data`'s ColumnTable):
 * `column(name)` is `rows` long, or undefined when the file has no such column.
 */
export interface PredictionColumns {
  readonly rows: number;
  readonly columns: readonly string[];
  column(name: string): readonly unknown[] | undefined;
  /** The 1-based line where row `row` starts, for messages. */
  lineOf(row: number): number;
}

export interface PredictionsFileOptions {
  /** The file, for messages and the report. */
  readonly file: string;
  readonly table: PredictionColumns;
  /** The column of ids in the file (default `id`). */
  readonly idColumn?: string;
  /**
   * The eval set's one id index: every id of the whole eval set → its row index
   * ({@link EvalRow.index}), indexes 0 to size − 1. Ids outside it are unknown; ids of rows that
   * are not run (another shard's) are ignored.
   */
  readonly idIndex: ReadonlyMap<string, number>;
  /**
   * The eval set's ids by row index (the inverse of `idIndex`), when at hand: a file written in
   * eval-set order (the usual case, shards included) is then matched without a lookup per line.
   */
  readonly ids?: readonly string[];
  /**
   * The labels, in order, that a `probabilities` array gives one value each for (classification:
   * the eval set's labels in scikit-learn's order). Without them, an array is refused.
   */
  readonly labels?: readonly string[];
}

const PREDICTION_COLUMNS = ['prediction', 'predicted', 'label'] as const;

type MutablePrediction = { -readonly [K in keyof Prediction]: Prediction[K] };

/**
 * Reads every line once: its id is looked up in the eval set's index (a line per eval row at
 * most), and its fields are checked. Throws a DataError naming the file and line for a missing or
 * duplicate id, a file with no id or prediction column, or a malformed probabilities or number
 * field.
 */
export function createPredictionsFileSource(options: PredictionsFileOptions): PredictionSource {
  const { file, table, idIndex } = options;
  const evalIds = options.ids;
  const idColumn = options.idColumn ?? 'id';
  const ids = table.column(idColumn);
  if (ids === undefined) {
    throw new DataError(
      `The predictions file ${file} has no column "${idColumn}" to match the eval set's ids. Its columns: ${table.columns.slice(0, 30).join(', ')}.`,
      {
        hint: `Every prediction is keyed by the id of its eval row. If the file names that column differently, set the input 'predictions-id-column'.`,
        location: { file },
      },
    );
  }
  const predictionColumn = PREDICTION_COLUMNS.find((c) => table.columns.includes(c));
  const scoreColumns = ['probabilities', 'score'].filter((c) => table.columns.includes(c));
  if (table.rows > 0 && predictionColumn === undefined && scoreColumns.length === 0) {
    throw new DataError(
      `The predictions file ${file} has no "prediction" column (nor "probabilities" or "score"). Its columns: ${table.columns.slice(0, 30).join(', ')}.`,
      {
        hint: `Each line needs an "${idColumn}" and a "prediction" (or "predicted" / "label"), or class "probabilities" (the prediction is then their arg-max).`,
        location: { file, line: table.lineOf(0) },
      },
    );
  }
  const fields: FieldColumns = {
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
  const byIndex = new Array<Prediction | undefined>(size);
  const fromRow = new Int32Array(size);
  const unknownIds: string[] = [];
  let unknownRows: Map<string, number> | undefined;
  let next = 0;
  for (let i = 0; i < table.rows; i++) {
    const rawId = ids[i];
    if (rawId === null || rawId === undefined || rawId === '') {
      const line = table.lineOf(i);
      throw new DataError(`Line ${line} of the predictions file ${file} has no "${idColumn}".`, {
        hint: 'Every prediction is keyed by the id of its eval row.',
        location: { file, line },
      });
    }
    const id = typeof rawId === 'string' ? rawId : idText(rawId);
    // Ids are unique, so the id of the row after the last match is that row when it is equal.
    const index = evalIds !== undefined && evalIds[next] === id ? next : idIndex.get(id);
    if (index !== undefined) next = index + 1;
    let earlier: number;
    if (index !== undefined) {
      earlier = fromRow[index] as number;
      if (earlier === 0) fromRow[index] = i + 1;
    } else {
      unknownRows ??= new Map();
      earlier = unknownRows.get(id) ?? 0;
      if (earlier === 0) {
        unknownRows.set(id, i + 1);
        unknownIds.push(id);
      }
    }
    if (earlier !== 0) {
      const line = table.lineOf(i);
      throw new DataError(
        `The predictions file ${file} has id ${JSON.stringify(id)} twice (lines ${table.lineOf(earlier - 1)} and ${line}).`,
        { hint: 'Keep one prediction per eval row.', location: { file, line } },
      );
    }
    // Lines of unknown ids are checked too: a malformed line is reported wherever it is.
    const prediction = predictionAt(fields, i, table, file, labels);
    if (index !== undefined) byIndex[index] = prediction;
  }

  return {
    kind: 'predictions',
    describe: file,
    /** `rows` are the eval set's rows: `row.index` is the index `idIndex` gives its id. */
    run(rows: readonly EvalRow[], hooks: SourceHooks): Promise<SourceSummary> {
      for (let position = 0; position < rows.length; position++) {
        const row = rows[position] as EvalRow;
        hooks.onResult(
          position,
          byIndex[row.index] ?? {
            error: `no prediction for id ${JSON.stringify(row.id)} in ${file}`,
            errorCode: 'missing-prediction',
          },
        );
      }
      return Promise.resolve({ unknownIds });
    },
  };
}

/** An id that is not text, as text: numbers as they print, anything else as JSON. */
function idText(raw: unknown): string {
  return typeof raw === 'number' || typeof raw === 'bigint' ? String(raw) : JSON.stringify(raw);
}

interface FieldColumns {
  readonly predicted: readonly unknown[] | undefined;
  readonly error: readonly unknown[] | undefined;
  readonly probabilities: readonly unknown[] | undefined;
  readonly score: readonly unknown[] | undefined;
  readonly latencyMs: readonly unknown[] | undefined;
  readonly inputTokens: readonly unknown[] | undefined;
  readonly outputTokens: readonly unknown[] | undefined;
}

function isBlank(value: unknown): boolean {
  return value === null || value === undefined || value === '';
}

function predictionAt(
  fields: FieldColumns,
  i: number,
  table: PredictionColumns,
  file: string,
  labels: readonly string[] | undefined,
): Prediction {
  const out: MutablePrediction = {};
  const error = fields.error?.[i];
  if (typeof error === 'string' && error !== '') {
    out.error = error;
    out.errorCode = 'recorded-error';
  } else {
    const predicted = fields.predicted?.[i];
    if (!isBlank(predicted)) out.predicted = predicted;
  }
  const probs = fields.probabilities?.[i];
  if (!isBlank(probs)) out.probabilities = probabilitiesOf(probs, labels, table, i, file);
  const score = numberField(fields.score?.[i], 'score', table, i, file);
  if (score !== undefined) out.score = score;
  const latency = numberField(fields.latencyMs?.[i], 'latency_ms', table, i, file);
  if (latency !== undefined) out.latencyMs = latency;
  const inputTokens = numberField(fields.inputTokens?.[i], 'input_tokens', table, i, file);
  if (inputTokens !== undefined) out.inputTokens = inputTokens;
  const outputTokens = numberField(fields.outputTokens?.[i], 'output_tokens', table, i, file);
  if (outputTokens !== undefined) out.outputTokens = outputTokens;
  return out;
}

function lineError(table: PredictionColumns, i: number, file: string, what: string): DataError {
  const line = table.lineOf(i);
  return new DataError(`Line ${line} of the predictions file ${file}: ${what}.`, {
    location: { file, line },
  });
}

function numberField(
  value: unknown,
  key: string,
  table: PredictionColumns,
  i: number,
  file: string,
): number | undefined {
  if (typeof value === 'number' && Number.isFinite(value)) return value;
  if (isBlank(value)) return undefined;
  const n = typeof value === 'string' ? Number(value) : Number.NaN;
  if (!Number.isFinite(n)) {
    throw lineError(table, i, file, `"${key}" must be a number, got ${JSON.stringify(value)}`);
  }
  return n;
}

const PROBABILITIES_SHAPE =
  '"probabilities" must be an object of label → number, or an array of numbers, one per label';

function probabilitiesOf(
  value: unknown,
  labels: readonly string[] | undefined,
  table: PredictionColumns,
  i: number,
  file: string,
): Record<string, number> {
  let probs = value;
  if (typeof probs === 'string') {
    const text = probs;
    try {
      probs = JSON.parse(text);
    } catch {
      throw lineError(
        table,
        i,
        file,
        `"probabilities" is not a JSON object or array: ${text.slice(0, 80)}`,
      );
    }
  }
  if (Array.isArray(probs)) return probabilitiesOfArray(probs, labels, table, i, file);
  if (probs === null || typeof probs !== 'object') {
    throw lineError(table, i, file, PROBABILITIES_SHAPE);
  }
  const record = probs as Record<string, unknown>;
  for (const key in record) {
    const p = record[key];
    if (typeof p !== 'number' || !Number.isFinite(p)) {
      throw lineError(table, i, file, PROBABILITIES_SHAPE);
    }
  }
  return record as Record<string, number>;
}

function probabilitiesOfArray(
  probs: readonly unknown[],
  labels: readonly string[] | undefined,
  table: PredictionColumns,
  i: number,
  file: string,
): Record<string, number> {
  if (labels === undefined) {
    throw lineError(
      table,
      i,
      file,
      '"probabilities" is an array, which needs class labels to pair with; give an object of label → probability',
    );
  }
  if (probs.length !== labels.length) {
    throw lineError(
      table,
      i,
      file,
      `"probabilities" has ${probs.length} values but there are ${labels.length} labels (${labels.slice(0, 10).join(', ')}${labels.length > 10 ? ', …' : ''}); give one probability per label in that order, or an object of label → probability`,
    );
  }
  const out: Record<string, number> = {};
  for (let c = 0; c < probs.length; c++) {
    const p = probs[c];
    if (typeof p !== 'number' || !Number.isFinite(p)) {
      throw lineError(table, i, file, PROBABILITIES_SHAPE);
    }
    setOwn(out, labels[c] as string, p);
  }
  return out;
}
