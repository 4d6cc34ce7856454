import { DataError } from '@modelgate/core';
import type { EvalRow, Prediction, PredictionSource, SourceHooks, SourceSummary } from './source';

/**
 * The predictions-file source: predictions made elsewhere, keyed by id, read from a JSONL or CSV
 * file. Columns (JSON keys):
 *  - `id` (required): the eval row's id;
 *  - `prediction` (or `predicted`, `label`): the label, number or text;
 *  - `probabilities` (optional): an object label → probability (in CSV, that object as JSON text);
 *  - `score` (optional): the positive-class probability of a binary task;
 *  - `latency_ms`, `input_tokens`, `output_tokens` (optional numbers);
 *  - `error` (optional): the call failed; the row counts as errored with this reason.
 * Eval rows with no line are errors (`missing-prediction`); lines whose id is not in the eval set
 * are counted and listed (`unknownIds`). Neither is dropped silently.
 */

/** One line of the file, as read (the shape of `@modelgate/data`'s LocatedRow). */
export interface PredictionLine {
  readonly line: number;
  readonly values: Readonly<Record<string, unknown>>;
}

export interface PredictionsFileOptions {
  /** The file, for messages and the report. */
  readonly file: string;
  readonly lines: readonly PredictionLine[];
  /** The column of ids in the file (default `id`). */
  readonly idColumn?: string;
  /**
   * Every id of the whole eval set. Ids outside it are unknown; ids in it but not among the rows
   * run (another shard's) are ignored. Default: the ids of the rows run.
   */
  readonly knownIds?: ReadonlySet<string>;
}

const PREDICTION_COLUMNS = ['prediction', 'predicted', 'label'] as const;

/** Indexes the lines by id. Throws a DataError naming the file and line for a missing or duplicate
 * id, a file with no prediction column, or a malformed probabilities or number field. */
export function createPredictionsFileSource(options: PredictionsFileOptions): PredictionSource {
  const { file } = options;
  const idColumn = options.idColumn ?? 'id';
  const byId = new Map<string, Prediction>();
  const first = options.lines[0];
  const predictionColumn = PREDICTION_COLUMNS.find((c) =>
    options.lines.some((l) => Object.hasOwn(l.values, c)),
  );
  if (first !== undefined && predictionColumn === undefined) {
    throw new DataError(`The predictions file ${file} has no "prediction" column.`, {
      hint: 'Each line needs an "id" and a "prediction" (or "predicted" / "label").',
      location: { file, line: first.line },
    });
  }
  for (const { line, values } of options.lines) {
    const rawId = values[idColumn];
    const where = { file, line };
    if (rawId === null || rawId === undefined || rawId === '') {
      throw new DataError(`Line ${line} of the predictions file ${file} has no "${idColumn}".`, {
        hint: 'Every prediction is keyed by the id of its eval row.',
        location: where,
      });
    }
    const id =
      typeof rawId === 'string' || typeof rawId === 'number' || typeof rawId === 'bigint'
        ? String(rawId)
        : JSON.stringify(rawId);
    if (byId.has(id)) {
      throw new DataError(
        `The predictions file ${file} has id ${JSON.stringify(id)} twice (again on line ${line}).`,
        {
          hint: 'Keep one prediction per eval row.',
          location: where,
        },
      );
    }
    byId.set(id, parseLine(values, predictionColumn ?? 'prediction', file, line));
  }

  return {
    kind: 'predictions',
    describe: file,
    run(rows: readonly EvalRow[], hooks: SourceHooks): Promise<SourceSummary> {
      const seen = new Set<string>();
      for (let position = 0; position < rows.length; position++) {
        const row = rows[position] as EvalRow;
        const prediction = byId.get(row.id);
        seen.add(row.id);
        hooks.onResult(
          position,
          prediction ?? {
            error: `no prediction for id ${JSON.stringify(row.id)} in ${file}`,
            errorCode: 'missing-prediction',
          },
        );
      }
      const known = options.knownIds ?? seen;
      const unknownIds: string[] = [];
      for (const id of byId.keys()) if (!known.has(id)) unknownIds.push(id);
      return Promise.resolve({ unknownIds });
    },
  };
}

function parseLine(
  values: Readonly<Record<string, unknown>>,
  predictionColumn: string,
  file: string,
  line: number,
): Prediction {
  const out: { -readonly [K in keyof Prediction]: Prediction[K] } = {};
  const error = values.error;
  if (typeof error === 'string' && error !== '') {
    out.error = error;
    out.errorCode = 'recorded-error';
  } else {
    const predicted = values[predictionColumn];
    if (predicted !== null && predicted !== undefined && predicted !== '')
      out.predicted = predicted;
  }
  const probs = values.probabilities;
  if (probs !== null && probs !== undefined && probs !== '') {
    out.probabilities = probabilitiesOf(probs, file, line);
  }
  const score = numberField(values.score, 'score', file, line);
  if (score !== undefined) out.score = score;
  const latency = numberField(values.latency_ms, 'latency_ms', file, line);
  if (latency !== undefined) out.latencyMs = latency;
  const inputTokens = numberField(values.input_tokens, 'input_tokens', file, line);
  if (inputTokens !== undefined) out.inputTokens = inputTokens;
  const outputTokens = numberField(values.output_tokens, 'output_tokens', file, line);
  if (outputTokens !== undefined) out.outputTokens = outputTokens;
  return out;
}

function lineError(file: string, line: number, what: string): DataError {
  return new DataError(`Line ${line} of the predictions file ${file}: ${what}.`, {
    location: { file, line },
  });
}

function numberField(value: unknown, key: string, file: string, line: number): number | undefined {
  if (value === null || value === undefined || value === '') return undefined;
  if (typeof value === 'number' && Number.isFinite(value)) return value;
  const n = typeof value === 'string' ? Number(value) : Number.NaN;
  if (!Number.isFinite(n)) {
    throw lineError(file, line, `"${key}" must be a number, got ${JSON.stringify(value)}`);
  }
  return n;
}

function probabilitiesOf(value: unknown, file: string, line: number): Record<string, number> {
  let probs = value;
  if (typeof probs === 'string') {
    const text = probs;
    try {
      probs = JSON.parse(text);
    } catch {
      throw lineError(file, line, `"probabilities" is not a JSON object: ${text.slice(0, 80)}`);
    }
  }
  if (probs === null || typeof probs !== 'object' || Array.isArray(probs)) {
    throw lineError(file, line, '"probabilities" must be an object of label → number');
  }
  for (const key in probs) {
    const p = (probs as Record<string, unknown>)[key];
    if (typeof p !== 'number' || !Number.isFinite(p)) {
      throw lineError(file, line, '"probabilities" must be an object of label → number');
    }
  }
  return probs as Record<string, number>;
}
