import { createHash } from 'node:crypto';
import { mkdir, open, rename, rm } from 'node:fs/promises';
import type { FileHandle } from 'node:fs/promises';
import { dirname } from 'node:path';
import type * as Crypto from 'node:crypto';
import type * as Fs from 'node:fs';
import type { Worker } from 'node:worker_threads';
import type * as WorkerThreads from 'node:worker_threads';
import { fileWriteError, temporaryPathBeside } from './files';
import { startFunctionWorker } from './function-worker';
import { processSecrets } from './secrets';

/** What {@link writeJsonLinesAtomic} wrote. */
export interface JsonLinesWritten {
  /** The sha256 (hex) of the bytes written. */
  readonly sha256: string;
  /** Their size. */
  readonly bytes: number;
  /** Lines written (one per row). */
  readonly rows: number;
  /** True when the bytes were hashed and written on a worker thread. */
  readonly threaded: boolean;
}

export interface JsonLinesOptions {
  /**
   * From this size (estimated from the first block of lines) the blocks are hashed and written
   * on a worker thread while the next lines are encoded. Default {@link JSON_LINES_THREAD_MIN_BYTES};
   * Infinity keeps everything on the calling thread.
   */
  readonly threadMinBytes?: number;
  /** The size of the blocks lines are encoded into (default 1 MiB). */
  readonly blockBytes?: number;
  /** Starts the worker (default {@link startFunctionWorker}); tests pass one that fails. */
  readonly startWorker?: typeof startFunctionWorker;
}

/**
 * Below this size a worker costs about what it saves: hashing and writing 16 MiB take ≈20 ms,
 * and the worker's start ≈20 ms of the other core.
 */
export const JSON_LINES_THREAD_MIN_BYTES = 16 << 20;

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
export async function writeJsonLinesAtomic(
  path: string,
  rows: readonly unknown[],
  options: JsonLinesOptions = {},
): Promise<JsonLinesWritten> {
  const blockBytes = options.blockBytes ?? BLOCK_BYTES;
  const threadMinBytes = options.threadMinBytes ?? JSON_LINES_THREAD_MIN_BYTES;
  const startWorker = options.startWorker ?? startFunctionWorker;
  try {
    return await writeOnce(path, rows, blockBytes, threadMinBytes, startWorker);
  } catch (err) {
    if (!(err instanceof WorkerLost)) throw err;
    return writeOnce(path, rows, blockBytes, Infinity, startWorker);
  }
}

/** The worker stopped without an answer: the file is written again on this thread. */
class WorkerLost extends Error {}

/** Where full blocks go: hashed and written, in order. */
interface BlockSink {
  readonly threaded: boolean;
  /** Takes the block (the caller does not touch it again). */
  push(block: Buffer): void;
  /** The sha256 (hex) once every block is written. */
  finish(): Promise<string>;
  /** Stops (on failure), dropping the blocks not yet written; resolves once nothing writes. */
  abort(): Promise<void>;
}

async function writeOnce(
  path: string,
  rows: readonly unknown[],
  blockBytes: number,
  threadMinBytes: number,
  startWorker: typeof startFunctionWorker,
): Promise<JsonLinesWritten> {
  const tmp = temporaryPathBeside(path);
  let handle: FileHandle | undefined;
  let sink: BlockSink | undefined;
  try {
    await mkdir(dirname(path), { recursive: true });
    handle = await open(tmp, 'w');
    const file = handle;
    let bytes = 0;
    // Not from Node's shared pool: a full block's memory is moved to the worker.
    let block = Buffer.allocUnsafeSlow(blockBytes);
    let used = 0;
    const flush = (row: number): void => {
      if (used === 0) return;
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
      const line = JSON.stringify(processSecrets.redactDeep(rows[i])) ?? 'null';
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
    await rename(tmp, path);
    return { sha256, bytes, rows: rows.length, threaded: sink?.threaded ?? false };
  } catch (err) {
    await sink?.abort();
    await handle?.close().catch(() => undefined);
    await rm(tmp, { force: true }).catch(() => undefined);
    // A row that JSON.stringify refuses (a BigInt, a cycle) is not a file error: it goes on as is.
    throw isFileError(err) ? fileWriteError(path, err) : err;
  }
}

/** An error of the file system (it has an errno code such as EACCES), as opposed to a bug. */
function isFileError(err: unknown): boolean {
  const code = (err as { code?: unknown } | null)?.code;
  return typeof code === 'string' && /^E[A-Z0-9]+$/.test(code);
}

/** Hashes on this thread; writes on the thread pool, one block after another. */
function localSink(handle: FileHandle): BlockSink {
  const hash = createHash('sha256');
  let writing: Promise<void> = Promise.resolve();
  let stopped = false;
  let failure: { error: unknown } | undefined;
  const write = async (block: Buffer): Promise<void> => {
    if (stopped || failure !== undefined) return;
    try {
      let at = 0;
      while (at < block.length) at += (await handle.write(block, at)).bytesWritten;
    } catch (error) {
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
      if (failure !== undefined) throw failure.error;
      return hash.digest('hex');
    },
    async abort() {
      stopped = true;
      await writing;
    },
  };
}

/** A block for the worker: its memory is moved, not copied. */
interface BlockMessage {
  readonly buffer: ArrayBuffer;
  readonly length: number;
}

type WorkerAnswer =
  | { readonly ok: true; readonly sha256: string }
  | { readonly ok: false; readonly code: string | undefined; readonly message: string };

/** Hashes and writes on a worker thread; undefined when no worker can be started. */
function threadSink(fd: number, startWorker: typeof startFunctionWorker): BlockSink | undefined {
  let worker: Worker;
  try {
    worker = startWorker(hashAndWriteInWorker, { fd });
  } catch {
    return undefined;
  }
  const answer = new Promise<WorkerAnswer>((resolve, reject) => {
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
      const message: BlockMessage = { buffer: block.buffer as ArrayBuffer, length: block.length };
      worker.postMessage(message, [message.buffer]);
    },
    async finish() {
      worker.postMessage('end');
      try {
        const result = await answer;
        if (result.ok) return result.sha256;
        throw Object.assign(new Error(result.message), { code: result.code });
      } finally {
        void worker.terminate();
      }
    },
    async abort() {
      // Once it has exited, no write of the worker's can reach the descriptor (closed next).
      await worker.terminate();
    },
  };
}

/** The modules the worker body loads, by their ids (types only: nothing is imported here). */
interface WorkerModules {
  'node:worker_threads': typeof WorkerThreads;
  'node:fs': typeof Fs;
  'node:crypto': typeof Crypto;
}

/** CommonJS `require`, as the worker body sees it. */
type Load = <K extends keyof WorkerModules>(id: K) => WorkerModules[K];

/**
 * The worker's body ({@link startFunctionWorker}): hashes and writes each block it is sent, in
 * order, to the open file `fd`; answers the sha256 on `'end'`, or the first write error.
 */
function hashAndWriteInWorker(load: Load): void {
  const threads = load('node:worker_threads');
  const fs = load('node:fs');
  const crypto = load('node:crypto');
  const port = threads.parentPort!;
  const { fd } = threads.workerData as { fd: number };
  const hash = crypto.createHash('sha256');
  let failure: { code: string | undefined; message: string } | undefined;
  port.on('message', (message: BlockMessage | 'end') => {
    if (message === 'end') {
      port.postMessage(
        failure === undefined
          ? { ok: true, sha256: hash.digest('hex') }
          : { ok: false, ...failure },
      );
      return;
    }
    if (failure !== undefined) return;
    const block = new Uint8Array(message.buffer, 0, message.length);
    try {
      hash.update(block);
      let at = 0;
      while (at < block.length) at += fs.writeSync(fd, block, at, block.length - at);
    } catch (err) {
      const e = err as { code?: unknown; message?: unknown };
      failure = {
        code: typeof e.code === 'string' ? e.code : undefined,
        message: typeof e.message === 'string' ? e.message : String(err),
      };
    }
  });
}
