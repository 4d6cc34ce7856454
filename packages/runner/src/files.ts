import { randomBytes } from 'node:crypto';
import { mkdir, readFile, rename, rm, stat, writeFile } from 'node:fs/promises';
import { dirname } from 'node:path';
import { DataError, describeFsError, parseJsonDocument, parseReport } from '@modelgate/core';
import type { AnyReport, ReportKind } from '@modelgate/core';
import { trackTemporaryPath } from './cancellation';
import { processSecrets } from './secrets';

/**
 * Writes a file atomically: the content goes to a temporary file beside it, then is renamed over
 * the target, so a reader never sees half a file and a failed step leaves none. Parent folders
 * are created. Text content has the registered secrets replaced by `***` (`secrets.ts`); bytes
 * are written as they are.
 */
export async function writeFileAtomic(path: string, content: string | Uint8Array): Promise<void> {
  const tmp = temporaryPathBeside(path);
  try {
    await mkdir(dirname(path), { recursive: true });
    await writeFile(tmp, typeof content === 'string' ? processSecrets.redact(content) : content);
    await rename(tmp, path);
  } catch (err) {
    await rm(tmp, { force: true }).catch(() => undefined);
    throw fileWriteError(path, err);
  }
}

/**
 * A fresh name for a temporary file beside `path`, to be renamed over it once complete. It is
 * registered so that a cancelled step removes it (`cancellation.ts`).
 */
export function temporaryPathBeside(path: string): string {
  return trackTemporaryPath(`${path}.${process.pid}.${randomBytes(6).toString('hex')}.tmp`);
}

/** The user error for a file that could not be written: the path, the cause and the fix. */
export function fileWriteError(path: string, err: unknown): DataError {
  return new DataError(`Cannot write ${path}: ${describeFsError(err)}.`, {
    hint: 'Choose an output path in a writable folder (e.g. under RUNNER_TEMP or the workspace).',
    location: { file: path },
    cause: err,
  });
}

/**
 * Writes a report as pretty JSON, atomically, with the registered secrets replaced by `***` in
 * every string and key (the value is redacted before it is serialized, so the JSON stays valid).
 */
export async function writeReport(path: string, report: AnyReport): Promise<void> {
  // Already redacted value by value: written as bytes, so writeFileAtomic does not search the
  // whole text for secrets a second time.
  const text = `${JSON.stringify(processSecrets.redactDeep(report), null, 2)}\n`;
  await writeFileAtomic(path, Buffer.from(text, 'utf8'));
}

/**
 * Reads and validates a report file. Throws a {@link DataError} naming the file when it is
 * missing, is not JSON (with the line and column), or is not a valid report of one of the
 * `accept` kinds.
 */
export async function readReport(path: string, accept?: readonly ReportKind[]): Promise<AnyReport> {
  const text = await readTextFile(path, 'report');
  const value = parseJsonDocument(text, path, 'report', { maxChars: TEXT_FILE_MAX_BYTES });
  return parseReport(value, path, accept);
}

/** The largest text file read whole, in bytes (256 MiB: V8's strings stop at about 512 Mi). */
export const TEXT_FILE_MAX_BYTES = 256 * 1024 * 1024;

/**
 * Reads a UTF-8 text file whole (a byte order mark is kept; the config loader drops it). Every
 * way it can fail is a {@link DataError} naming the file, its role and the fix: missing, a
 * folder, not a regular file (a FIFO or a device, which would block or never end), unreadable,
 * larger than `maxBytes` (default {@link TEXT_FILE_MAX_BYTES}), UTF-16 or not UTF-8 (with the
 * line of the first bad byte).
 */
export async function readTextFile(
  path: string,
  role: string,
  options: { readonly maxBytes?: number } = {},
): Promise<string> {
  const maxBytes = options.maxBytes ?? TEXT_FILE_MAX_BYTES;
  let bytes: Buffer;
  try {
    const info = await stat(path);
    if (info.isDirectory()) {
      throw new DataError(`The ${role} path is a folder, not a file.`, {
        hint: 'Name a file in the folder, or a glob where the input takes one.',
        location: { file: path },
      });
    }
    if (!info.isFile()) {
      throw new DataError(`The ${role} path is not a regular file (a FIFO, socket or device).`, {
        hint: 'Write the content to a file first and pass that file.',
        location: { file: path },
      });
    }
    if (info.size > maxBytes) throw sizeError(path, role, info.size, maxBytes);
    bytes = await readFile(path);
  } catch (err) {
    if (err instanceof DataError) throw err;
    throw fileReadError(path, role, err);
  }
  // The file may have grown between stat and read.
  if (bytes.length > maxBytes) throw sizeError(path, role, bytes.length, maxBytes);
  return decodeUtf8(bytes, path, role);
}

/**
 * The user error for a file that could not be read: the path, the role, the cause in words
 * (never a raw `ENOENT`) and the fix.
 */
export function fileReadError(path: string, role: string, err: unknown): DataError {
  const code = (err as NodeJS.ErrnoException).code;
  if (code === 'ENOENT') {
    return new DataError(`The ${role} file does not exist.`, {
      hint: 'Check the path: it is relative to the workspace (GITHUB_WORKSPACE).',
      location: { file: path },
    });
  }
  return new DataError(`Cannot read the ${role} file: ${describeFsError(err)}.`, {
    hint:
      code === 'EACCES' || code === 'EPERM'
        ? 'Give the step read permission on the file (chmod a+r).'
        : 'Check the path and the file.',
    location: { file: path },
    cause: err,
  });
}

function sizeError(path: string, role: string, size: number, maxBytes: number): DataError {
  return new DataError(
    `The ${role} file is refused: it is ${size.toLocaleString('en-US')} bytes, above the limit of ${maxBytes.toLocaleString('en-US')}.`,
    { hint: 'Check that the input names the right file.', location: { file: path } },
  );
}

function decodeUtf8(bytes: Buffer, path: string, role: string): string {
  if (
    bytes.length >= 2 &&
    ((bytes[0] === 0xff && bytes[1] === 0xfe) || (bytes[0] === 0xfe && bytes[1] === 0xff))
  ) {
    throw new DataError(`The ${role} file is UTF-16 text; modelgate reads UTF-8.`, {
      hint: 'Save the file as UTF-8 (e.g. `iconv -f UTF-16 -t UTF-8`).',
      location: { file: path },
    });
  }
  try {
    return new TextDecoder('utf-8', { fatal: true }).decode(bytes);
  } catch {
    const lossy = bytes.toString('utf8');
    const bad = lossy.indexOf('\uFFFD');
    let line = 1;
    for (let i = lossy.indexOf('\n'); i !== -1 && i < bad; i = lossy.indexOf('\n', i + 1)) line++;
    throw new DataError(`The ${role} file is not UTF-8 text: it holds an invalid byte sequence.`, {
      hint: 'Save the file as UTF-8.',
      location: { file: path, line },
    });
  }
}
