import { createHash } from 'node:crypto';
import { statSync } from 'node:fs';
import { resolve } from 'node:path';
import type { Worker } from 'node:worker_threads';
import type * as Crypto from 'node:crypto';
import type * as Fs from 'node:fs';
import type * as WorkerThreads from 'node:worker_threads';
import type { PredictionColumns } from '@modelgate/models';
import { startFunctionWorker } from '@modelgate/runner';

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
  /** The sha256 (hex) and size of the bytes the worker read and parsed. */
  readonly fingerprint: { readonly sha256: string; readonly bytes: number };
}

/** A read under way on the worker. */
export interface PendingPredictions {
  /** The columns, or undefined when the worker did not take the file (read it as before). */
  readonly result: Promise<ThreadedPredictions | undefined>;
  /** Stops the worker (when the run fails before its result is wanted). */
  cancel(): void;
  /** Makes a detached read (see {@link prefetchPredictions}) keep the process alive until done. */
  keepAlive(): void;
  /** True for a read started before the action loaded ({@link prefetchPredictions}). */
  readonly early: boolean;
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
    worker = startFunctionWorker(parsePredictionsInWorker, { fullPath });
  } catch {
    return undefined;
  }
  if (options.detached === true) worker.unref();
  let settled = false;
  let cancelled = false;
  const result = new Promise<ThreadedPredictions | undefined>((done) => {
    const finish = (value: ThreadedPredictions | undefined): void => {
      if (settled) return;
      settled = true;
      done(value);
      void worker.terminate();
    };
    // The sha256 of the bytes the worker parses, when it sent them here to hash (see the body).
    let sha256: string | undefined;
    worker.on('message', (message: WorkerMessage) => {
      // A message already on its way when the read was stopped: nothing to hash or decode.
      if (cancelled) return;
      try {
        if ('bytes' in message && message.bytes instanceof ArrayBuffer) {
          sha256 = createHash('sha256').update(new Uint8Array(message.bytes)).digest('hex');
          return;
        }
        const answer = message as WorkerAnswer;
        const digest = answer.ok ? (answer.sha256 ?? sha256) : undefined;
        finish(answer.ok && digest !== undefined ? decode(answer, digest) : undefined);
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
      cancelled = true;
      if (!settled) void worker.terminate();
    },
    keepAlive: () => {
      if (!settled) worker.ref();
    },
    early: options.detached === true,
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
      /** The sha256 of the bytes parsed, or null when they were sent to be hashed (first). */
      readonly sha256: string | null;
      readonly bytes: number;
    };

/** The bytes of the file, moved to the main thread once decoded, to be hashed there. */
interface BytesMessage {
  readonly bytes: ArrayBuffer;
}

type WorkerMessage = WorkerAnswer | BytesMessage;

/** The columns as `readColumns` gives them, from the worker's answer. */
function decode(answer: WorkerAnswer & { ok: true }, sha256: string): ThreadedPredictions {
  const { rows, lines } = answer;
  const data = new Map<string, readonly unknown[]>();
  answer.names.forEach((name, c) => data.set(name, decodeColumn(answer.columns[c]!, rows)));
  const columns = answer.names;
  return {
    fingerprint: { sha256, bytes: answer.bytes },
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
  'node:crypto': typeof Crypto;
}

/** CommonJS `require`, as the worker body sees it. */
type Load = <K extends keyof WorkerModules>(id: K) => WorkerModules[K];

/** A column of the worker's, while rows are read (the body builds these: see `finish`). */
interface ColumnBuilder {
  /** What it holds so far: nothing but nulls yet, numbers, texts, anything flat, or objects. */
  kind: 'new' | 'num' | 'str' | 'plain' | 'rec' | 'arr';
  /** Rows so far. */
  count: number;
  /** 1 where a row's value is null (num, str, rec, arr), or null when none is. */
  nulls: Uint8Array | null;
  /** num: one number per row; rec and arr: `width` per row. */
  nums: Float64Array;
  /** str: each row's code into `words` (−1: null). */
  codes: Int32Array;
  words: string[];
  codeOf: Map<string, number>;
  /** plain: the values as they are. */
  plain: unknown[];
  /** rec: the keys of every object, in order. */
  keys: string[];
  /** rec and arr: numbers per row. */
  width: number;
}

/** The answer, and the buffers to move (not copy) with it. */
interface Made {
  readonly message: WorkerAnswer;
  readonly transfer: ArrayBuffer[];
}

/**
 * The worker's body, run from its source text ({@link startFunctionWorker}). It mirrors the
 * JSON Lines reader (BOM dropped, lines split on LF, JSON whitespace trimmed, blank lines
 * skipped, columns in first-seen key order, a missing key is null) and gives up (`ok: false`)
 * on anything that reader would report or that it does not encode.
 */
function parsePredictionsInWorker(load: Load): void {
  const threads = load('node:worker_threads');
  const { fullPath } = threads.workerData as { fullPath: string };
  const fs = load('node:fs');
  const crypto = load('node:crypto');
  const port = threads.parentPort!;
  const MAX_ROWS = 5_000_000;
  const MAX_LINE_CHARS = 64 * 1024 * 1024;
  const MAX_WORDS = 4096;
  const isRecord = (v: unknown): v is Record<string, unknown> =>
    v !== null && typeof v === 'object' && !Array.isArray(v);

  // Each column is encoded as its values come (rows are not kept): see EncodedColumn.
  const INITIAL_ROWS = 1024;
  const grow = <T extends Float64Array | Int32Array | Uint8Array>(array: T, need: number): T => {
    if (need <= array.length) return array;
    const bigger = new (array.constructor as new (n: number) => T)(
      Math.max(need, array.length * 2),
    );
    bigger.set(array);
    return bigger;
  };
  const newColumn = (): ColumnBuilder => ({
    kind: 'new',
    count: 0,
    nulls: null,
    nums: new Float64Array(0),
    codes: new Int32Array(0),
    words: [],
    codeOf: new Map(),
    plain: [],
    keys: [],
    width: 0,
  });
  /** The values so far as they are (the column becomes 'plain'). */
  const toPlain = (c: ColumnBuilder): void => {
    const out: unknown[] = new Array<unknown>(c.count);
    for (let i = 0; i < c.count; i++) {
      out[i] =
        c.nulls !== null && c.nulls[i] === 1
          ? null
          : c.kind === 'num'
            ? c.nums[i]
            : c.kind === 'str'
              ? c.words[c.codes[i] as number]
              : null;
    }
    c.plain = out;
    c.kind = 'plain';
  };
  const setNull = (c: ColumnBuilder): void => {
    const i = c.count++;
    if (c.kind === 'plain') {
      c.plain.push(null);
      return;
    }
    c.nulls = grow(c.nulls ?? new Uint8Array(INITIAL_ROWS), i + 1);
    c.nulls[i] = 1;
    if (c.kind === 'str') {
      c.codes = grow(c.codes, i + 1);
      c.codes[i] = -1;
    }
  };
  /** Adds `v` (not null); false when the column holds what is not encoded (give up). */
  const append = (c: ColumnBuilder, v: unknown): boolean => {
    const i = c.count;
    if (typeof v === 'object') {
      if (c.kind === 'new') {
        if (Array.isArray(v)) {
          c.kind = 'arr';
          c.width = v.length;
        } else {
          c.kind = 'rec';
          c.keys = Object.keys(v as object);
          // A key named __proto__ would need defineProperty to be rebuilt: left to the main reader.
          if (c.keys.includes('__proto__')) return false;
          c.width = c.keys.length;
        }
      }
      const width = c.width;
      if (c.kind === 'arr') {
        if (!Array.isArray(v) || v.length !== width) return false;
        c.nums = grow(c.nums, (i + 1) * width);
        for (let k = 0; k < width; k++) {
          const p: unknown = v[k];
          if (typeof p !== 'number') return false;
          c.nums[i * width + k] = p;
        }
      } else if (c.kind === 'rec') {
        if (!isRecord(v)) return false;
        c.nums = grow(c.nums, (i + 1) * width);
        let k = 0;
        for (const key in v) {
          if (k >= width || key !== c.keys[k]) return false;
          const p = v[key];
          if (typeof p !== 'number') return false;
          c.nums[i * width + k] = p;
          k++;
        }
        if (k !== width) return false;
      } else {
        return false;
      }
      c.count++;
      return true;
    }
    if (c.kind === 'rec' || c.kind === 'arr') return false;
    if (c.kind === 'new') {
      if (typeof v === 'number') c.kind = 'num';
      else if (typeof v === 'string') {
        c.kind = 'str';
        c.codes = grow(c.codes, Math.max(INITIAL_ROWS, i));
        c.codes.fill(-1, 0, i);
      } else {
        c.kind = 'plain';
        for (let j = 0; j < i; j++) c.plain.push(null);
      }
    }
    if (c.kind === 'num') {
      if (typeof v !== 'number') toPlain(c);
      else {
        c.nums = grow(c.nums, Math.max(INITIAL_ROWS, i + 1));
        c.nums[i] = v;
        c.count++;
        return true;
      }
    } else if (c.kind === 'str') {
      if (typeof v === 'string') {
        let code = c.codeOf.get(v);
        if (code === undefined && c.words.length < MAX_WORDS) {
          code = c.words.length;
          c.words.push(v);
          c.codeOf.set(v, code);
        }
        if (code !== undefined) {
          c.codes = grow(c.codes, i + 1);
          c.codes[i] = code;
          c.count++;
          return true;
        }
      }
      toPlain(c);
    }
    c.plain.push(v);
    c.count++;
    return true;
  };
  /** The column over `rows` rows (missing ones null), with its buffers added to `transfer`. */
  const finish = (c: ColumnBuilder, rows: number, transfer: ArrayBuffer[]): EncodedColumn => {
    while (c.count < rows) setNull(c);
    const nulls = c.nulls === null ? null : c.nulls.subarray(0, rows);
    if (nulls !== null) transfer.push(nulls.buffer as ArrayBuffer);
    switch (c.kind) {
      case 'new':
      case 'plain':
        return { kind: 'plain', values: c.kind === 'new' ? new Array(rows).fill(null) : c.plain };
      case 'num':
      case 'rec':
      case 'arr': {
        const values = c.nums.subarray(0, rows * Math.max(1, c.width));
        transfer.push(values.buffer as ArrayBuffer);
        return c.kind === 'num'
          ? { kind: 'num', values, nulls }
          : c.kind === 'rec'
            ? { kind: 'rec', keys: c.keys, values, nulls }
            : { kind: 'arr', width: c.width, values, nulls };
      }
      case 'str': {
        const codes = c.codes.subarray(0, rows);
        transfer.push(codes.buffer as ArrayBuffer);
        return { kind: 'dict', words: c.words, codes };
      }
    }
  };

  const answer = (): Made | undefined => {
    const bytes = fs.readFileSync(fullPath);
    let text: string;
    try {
      text = new TextDecoder('utf-8', { fatal: true }).decode(bytes);
    } catch {
      return undefined;
    }
    // Decoded, the bytes are not needed here any more. The main thread hashes them: it reads the
    // smaller eval set meanwhile and would otherwise wait for the columns, while this thread's
    // parse is the longer of the two. (A view into a shared buffer is hashed here instead.)
    const size = bytes.length;
    let sha256: string | null = null;
    if (bytes.byteOffset === 0 && bytes.buffer.byteLength === size) {
      const message: BytesMessage = { bytes: bytes.buffer };
      port.postMessage(message, [message.bytes]);
    } else {
      sha256 = crypto.createHash('sha256').update(bytes).digest('hex');
    }
    const isSpace = (c: number): boolean => c === 0x20 || c === 0x09 || c === 0x0a || c === 0x0d;
    const names: string[] = [];
    const byName = new Map<string, ColumnBuilder>();
    // The previous row's keys and their columns, by position (rows mostly repeat them).
    const keys: string[] = [];
    const keyColumns: ColumnBuilder[] = [];
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
            column = newColumn();
            byName.set(key, column);
            names.push(key);
          }
          keys[k] = key;
          keyColumns[k] = column;
        }
        k++;
        while (column.count < r) setNull(column);
        const v = row[key] ?? null;
        if (v === null) setNull(column);
        else if (!append(column, v)) return undefined;
      }
      lines.push(line);
    }
    const rows = lines.length;
    if (rows === 0) return undefined;
    const columns: EncodedColumn[] = [];
    const transfer: ArrayBuffer[] = [];
    for (const name of names) columns.push(finish(byName.get(name)!, rows, transfer));
    const lineArray = Int32Array.from(lines);
    transfer.push(lineArray.buffer);
    return {
      message: {
        ok: true,
        rows,
        names,
        columns,
        lines: lineArray,
        sha256,
        bytes: size,
      },
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
