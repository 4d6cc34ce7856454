import { statSync } from 'node:fs';
import { resolve } from 'node:path';
import { Worker } from 'node:worker_threads';
import type * as Fs from 'node:fs';
import type * as WorkerThreads from 'node:worker_threads';
import type { PredictionColumns } from '@modelgate/models';

/**
 * Reading the predictions file on a second thread, while the main thread reads the eval set: the
 * two JSON.parse passes (each about half of a large run's parsing) then overlap.
 *
 * The worker takes only the plain case: one JSON Lines file (`.jsonl` / `.ndjson`, not gzip, no
 * glob) of valid UTF-8 whose every non-blank line is a JSON object, and whose values are text,
 * numbers, booleans, null, or objects / arrays of numbers with the same keys / length on every
 * line (class probabilities). It sends the columns back as typed arrays and text arrays (cheap to
 * copy; 250,000 objects would cost as much to clone as to parse) with its line numbers.
 * Anything else (a malformed line, another shape, a read error) makes it answer "not mine", and
 * the caller reads the file on the main thread as before: every error and message is then the
 * main reader's own.
 */

/**
 * Below this size the worker costs more than it saves: its start and the copy of the columns
 * back take about what the parse it takes away does. Measured on the bench's shape (ids,
 * labels, 3 probabilities and a latency per line; Node 24, 2 cores): 4.5 MB 20 ms slower, 9 MB
 * even, 18 MB 70-90 ms faster, 37 MB 65-100 ms faster (Node 20: about 200 ms).
 */
export const PREDICTIONS_THREAD_MIN_BYTES = 16 << 20;

/** Above this size the file is not read whole into one string (V8's limit is 512 Mi chars). */
const PREDICTIONS_THREAD_MAX_BYTES = 256 << 20;

/** What the worker read. */
export interface ThreadedPredictions {
  readonly table: PredictionColumns;
}

/** A read under way on the worker. */
export interface PendingPredictions {
  /** The columns, or undefined when the worker did not take the file (read it as before). */
  readonly result: Promise<ThreadedPredictions | undefined>;
  /** Stops the worker (when the run fails before its result is wanted). */
  cancel(): void;
  /** Makes a detached read (see {@link prefetchPredictions}) keep the process alive until done. */
  keepAlive(): void;
}

/** A read started before the action's inputs were parsed, and what it was started for. */
export interface PrefetchedPredictions {
  /** The `predictions` input as the environment gave it (trimmed). */
  readonly path: string;
  /** The folder it is read from. */
  readonly cwd: string;
  readonly pending: PendingPredictions;
}

/**
 * Starts reading the predictions file before the rest of the action is loaded, so that the
 * worker's parse overlaps the main thread's module loading too. The path is the raw
 * `predictions` input (`INPUT_PREDICTIONS`, trimmed, as `@actions/core` reads it); it is only a
 * hint: the run uses this read when its parsed inputs name the same file from the same folder,
 * and cancels it otherwise. The worker is detached (it does not keep the process alive) until
 * the run claims it with `keepAlive()`, so a run that fails on its inputs exits at once.
 */
export function prefetchPredictions(
  env: NodeJS.ProcessEnv,
  cwd: string,
): PrefetchedPredictions | undefined {
  const path = env['INPUT_PREDICTIONS']?.trim();
  if (path === undefined || path === '') return undefined;
  const pending = startPredictionsThread(path, cwd, PREDICTIONS_THREAD_MIN_BYTES, {
    detached: true,
  });
  return pending === undefined ? undefined : { path, cwd, pending };
}

/**
 * Starts reading `path` on a worker thread when the file is a plain, large JSON Lines file
 * ({@link PREDICTIONS_THREAD_MIN_BYTES} or more); undefined when it is not (the caller reads it on
 * the main thread). The result never rejects: any failure resolves to undefined.
 */
export function startPredictionsThread(
  path: string,
  cwd: string,
  minBytes = PREDICTIONS_THREAD_MIN_BYTES,
  options: { readonly detached?: boolean } = {},
): PendingPredictions | undefined {
  const lower = path.toLowerCase();
  if (!(lower.endsWith('.jsonl') || lower.endsWith('.ndjson')) || /[*?[\]{}]/.test(path)) {
    return undefined;
  }
  const fullPath = resolve(cwd, path);
  let size: number;
  try {
    const info = statSync(fullPath);
    if (!info.isFile()) return undefined;
    size = info.size;
  } catch {
    return undefined;
  }
  if (size < minBytes || size > PREDICTIONS_THREAD_MAX_BYTES) return undefined;

  let worker: Worker;
  try {
    // The body gets CommonJS `require` as a parameter, out of the bundler's sight (webpack would
    // rewrite a `require` call in it to its own module table). esbuild (tsx) wraps named arrows
    // in `__name(fn, name)`: the source must not depend on that helper either.
    const source = `var __name = (f) => f;\n(${parsePredictionsInWorker.toString()})(require);`;
    worker = new Worker(source, {
      eval: true,
      workerData: { fullPath },
    });
  } catch {
    return undefined;
  }
  if (options.detached === true) worker.unref();
  let settled = false;
  const result = new Promise<ThreadedPredictions | undefined>((done) => {
    const finish = (value: ThreadedPredictions | undefined): void => {
      if (settled) return;
      settled = true;
      done(value);
      void worker.terminate();
    };
    worker.once('message', (message: WorkerAnswer) => {
      try {
        finish(message.ok ? decode(message) : undefined);
      } catch {
        finish(undefined);
      }
    });
    worker.once('error', () => finish(undefined));
    worker.once('exit', () => finish(undefined));
  });
  return {
    result,
    cancel: () => {
      if (!settled) void worker.terminate();
    },
    keepAlive: () => {
      if (!settled) worker.ref();
    },
  };
}

/** A column as the worker sends it. */
type EncodedColumn =
  /** Text, numbers, booleans and nulls, as they are. */
  | { readonly kind: 'plain'; readonly values: unknown[] }
  /** Few distinct texts (or null: code −1). */
  | { readonly kind: 'dict'; readonly words: string[]; readonly codes: Int32Array }
  /** Numbers (or null where `nulls` is 1). */
  | { readonly kind: 'num'; readonly values: Float64Array; readonly nulls: Uint8Array | null }
  /** Objects of `keys` → number, `keys.length` numbers per row (or null). */
  | {
      readonly kind: 'rec';
      readonly keys: string[];
      readonly values: Float64Array;
      readonly nulls: Uint8Array | null;
    }
  /** Arrays of `width` numbers (or null). */
  | {
      readonly kind: 'arr';
      readonly width: number;
      readonly values: Float64Array;
      readonly nulls: Uint8Array | null;
    };

type WorkerAnswer =
  | { readonly ok: false }
  | {
      readonly ok: true;
      readonly rows: number;
      readonly names: string[];
      readonly columns: EncodedColumn[];
      readonly lines: Int32Array;
    };

/** The columns as `readColumns` gives them, from the worker's answer. */
function decode(answer: WorkerAnswer & { ok: true }): ThreadedPredictions {
  const { rows, lines } = answer;
  const data = new Map<string, readonly unknown[]>();
  answer.names.forEach((name, c) => data.set(name, decodeColumn(answer.columns[c]!, rows)));
  const columns = answer.names;
  return {
    table: {
      rows,
      columns,
      column: (name) => data.get(name),
      lineOf: (row) => {
        if (!(row >= 0 && row < rows)) throw new RangeError(`row ${row} is not in 0..${rows - 1}`);
        return lines[row] as number;
      },
    },
  };
}

function decodeColumn(column: EncodedColumn, rows: number): unknown[] {
  switch (column.kind) {
    case 'plain':
      return column.values;
    case 'dict': {
      const out = new Array<unknown>(rows);
      const { words, codes } = column;
      for (let i = 0; i < rows; i++) {
        const code = codes[i] as number;
        out[i] = code < 0 ? null : words[code];
      }
      return out;
    }
    case 'num': {
      const out = new Array<unknown>(rows);
      const { values, nulls } = column;
      for (let i = 0; i < rows; i++) out[i] = nulls !== null && nulls[i] ? null : values[i];
      return out;
    }
    case 'rec': {
      const out = new Array<unknown>(rows);
      const { keys, values, nulls } = column;
      const width = keys.length;
      for (let i = 0; i < rows; i++) {
        if (nulls !== null && nulls[i]) {
          out[i] = null;
          continue;
        }
        const record: Record<string, number> = {};
        for (let k = 0; k < width; k++) record[keys[k] as string] = values[i * width + k] as number;
        out[i] = record;
      }
      return out;
    }
    case 'arr': {
      const out = new Array<unknown>(rows);
      const { width, values, nulls } = column;
      for (let i = 0; i < rows; i++) {
        if (nulls !== null && nulls[i]) {
          out[i] = null;
          continue;
        }
        const array = new Array<number>(width);
        for (let k = 0; k < width; k++) array[k] = values[i * width + k] as number;
        out[i] = array;
      }
      return out;
    }
  }
}

/** The modules the worker body loads, by their ids (types only: nothing is imported here). */
interface WorkerModules {
  'node:worker_threads': typeof WorkerThreads;
  'node:fs': typeof Fs;
}

/** CommonJS `require`, as the worker body sees it. */
type Load = <K extends keyof WorkerModules>(id: K) => WorkerModules[K];

/** The answer, and the buffers to move (not copy) with it. */
interface Made {
  readonly message: WorkerAnswer;
  readonly transfer: ArrayBuffer[];
}

/**
 * The worker's body. It runs from its source text (`eval`), the same in the tests and in the ncc
 * bundle, so it closes over nothing and imports nothing: it gets CommonJS `require` as `load`.
 * It mirrors the JSON Lines reader (BOM dropped, lines split on LF, JSON whitespace trimmed, blank
 * lines skipped, columns in first-seen key order, a missing key is null) and gives up
 * (`ok: false`) on anything that reader would report or that it does not encode.
 */
function parsePredictionsInWorker(load: Load): void {
  const threads = load('node:worker_threads');
  const { fullPath } = threads.workerData as { fullPath: string };
  const fs = load('node:fs');
  const port = threads.parentPort!;
  const MAX_ROWS = 5_000_000;
  const MAX_LINE_CHARS = 64 * 1024 * 1024;
  const MAX_WORDS = 4096;
  const isRecord = (v: unknown): v is Record<string, unknown> =>
    v !== null && typeof v === 'object' && !Array.isArray(v);

  const encode = (
    values: unknown[],
    rows: number,
    transfer: ArrayBuffer[],
  ): EncodedColumn | undefined => {
    let strings = 0;
    let numbers = 0;
    let nulls = 0;
    let others = 0;
    let first: object | undefined;
    for (let i = 0; i < rows; i++) {
      const v = values[i];
      if (v === null) nulls++;
      else if (typeof v === 'string') strings++;
      else if (typeof v === 'number') numbers++;
      else if (typeof v === 'boolean') others++;
      else if (first === undefined && typeof v === 'object') first = v;
    }
    const mask = nulls > 0 ? new Uint8Array(rows) : null;
    if (mask !== null) transfer.push(mask.buffer);
    if (first === undefined) {
      if (numbers > 0 && strings === 0 && others === 0) {
        const out = new Float64Array(rows);
        for (let i = 0; i < rows; i++) {
          const v = values[i];
          if (typeof v === 'number') out[i] = v;
          else mask![i] = 1;
        }
        transfer.push(out.buffer);
        return { kind: 'num', values: out, nulls: mask };
      }
      if (strings > 0 && numbers === 0 && others === 0) {
        const words: string[] = [];
        const codeOf = new Map<string, number>();
        const codes = new Int32Array(rows);
        for (let i = 0; i < rows; i++) {
          const v = values[i];
          if (typeof v !== 'string') {
            codes[i] = -1;
            continue;
          }
          let code = codeOf.get(v);
          if (code === undefined) {
            if (words.length >= MAX_WORDS) return { kind: 'plain', values };
            code = words.length;
            words.push(v);
            codeOf.set(v, code);
          }
          codes[i] = code;
        }
        transfer.push(codes.buffer);
        return { kind: 'dict', words, codes };
      }
      return { kind: 'plain', values };
    }
    if (strings + numbers + others > 0) return undefined;
    if (Array.isArray(first)) {
      const width = first.length;
      const out = new Float64Array(rows * width);
      for (let i = 0; i < rows; i++) {
        const v = values[i];
        if (v === null) {
          mask![i] = 1;
          continue;
        }
        if (!Array.isArray(v) || v.length !== width) return undefined;
        for (let k = 0; k < width; k++) {
          const p: unknown = v[k];
          if (typeof p !== 'number') return undefined;
          out[i * width + k] = p;
        }
      }
      transfer.push(out.buffer);
      return { kind: 'arr', width, values: out, nulls: mask };
    }
    const keys = Object.keys(first);
    const width = keys.length;
    // A key named __proto__ would need defineProperty to be rebuilt: left to the main reader.
    if (keys.includes('__proto__')) return undefined;
    const out = new Float64Array(rows * width);
    for (let i = 0; i < rows; i++) {
      const v = values[i];
      if (v === null) {
        mask![i] = 1;
        continue;
      }
      if (!isRecord(v)) return undefined;
      let k = 0;
      for (const key in v) {
        if (k >= width || key !== keys[k]) return undefined;
        const p = v[key];
        if (typeof p !== 'number') return undefined;
        out[i * width + k] = p;
        k++;
      }
      if (k !== width) return undefined;
    }
    transfer.push(out.buffer);
    return { kind: 'rec', keys, values: out, nulls: mask };
  };

  const answer = (): Made | undefined => {
    const bytes = fs.readFileSync(fullPath);
    let text: string;
    try {
      text = new TextDecoder('utf-8', { fatal: true }).decode(bytes);
    } catch {
      return undefined;
    }
    const isSpace = (c: number): boolean => c === 0x20 || c === 0x09 || c === 0x0a || c === 0x0d;
    const names: string[] = [];
    const byName = new Map<string, unknown[]>();
    // The previous row's keys and their columns, by position (rows mostly repeat them).
    const keys: string[] = [];
    const keyColumns: unknown[][] = [];
    const lines: number[] = [];
    let line = 0;
    let at = 0;
    while (at <= text.length) {
      let nl = text.indexOf('\n', at);
      if (nl === -1) nl = text.length;
      line++;
      let start = at;
      let end = nl;
      at = nl + 1;
      if (end - start > MAX_LINE_CHARS) return undefined;
      while (start < end && isSpace(text.charCodeAt(start))) start++;
      while (end > start && isSpace(text.charCodeAt(end - 1))) end--;
      if (start === end) continue;
      let row: unknown;
      try {
        row = JSON.parse(text.slice(start, end));
      } catch {
        return undefined;
      }
      if (!isRecord(row)) return undefined;
      const r = lines.length;
      if (r >= MAX_ROWS) return undefined;
      let k = 0;
      for (const key in row) {
        let column = keyColumns[k];
        if (column === undefined || keys[k] !== key) {
          column = byName.get(key);
          if (column === undefined) {
            column = [];
            byName.set(key, column);
            names.push(key);
          }
          keys[k] = key;
          keyColumns[k] = column;
        }
        k++;
        while (column.length < r) column.push(null);
        column.push(row[key] ?? null);
      }
      lines.push(line);
    }
    const rows = lines.length;
    if (rows === 0) return undefined;
    const columns: EncodedColumn[] = [];
    const transfer: ArrayBuffer[] = [];
    for (const name of names) {
      const values = byName.get(name)!;
      while (values.length < rows) values.push(null);
      const encoded = encode(values, rows, transfer);
      if (encoded === undefined) return undefined;
      columns.push(encoded);
    }
    const lineArray = Int32Array.from(lines);
    transfer.push(lineArray.buffer);
    return {
      message: { ok: true, rows, names, columns, lines: lineArray },
      transfer,
    };
  };

  let made: Made | undefined;
  try {
    made = answer();
  } catch {
    made = undefined;
  }
  if (made === undefined) port.postMessage({ ok: false });
  else port.postMessage(made.message, made.transfer);
}
