import { randomBytes } from 'node:crypto';
import { mkdir, readFile, rename, rm, writeFile } from 'node:fs/promises';
import { dirname } from 'node:path';
import { DataError, getErrorMessage, parseReport } from '@modelgate/core';
import type { AnyReport, ReportKind } from '@modelgate/core';
import { trackTemporaryPath } from './cancellation';
import { processSecrets } from './secrets';

/**
 * Writes a file atomically: the content goes to a temporary file beside it, then is renamed over
 * the target, so a reader never sees half a file and a failed step leaves none. Parent folders
 * are created.
 */
export async function writeFileAtomic(path: string, content: string | Uint8Array): Promise<void> {
  const tmp = temporaryPathBeside(path);
  try {
    await mkdir(dirname(path), { recursive: true });
    await writeFile(tmp, content);
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

function describeFsError(err: unknown): string {
  switch ((err as NodeJS.ErrnoException).code) {
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
    default:
      return getErrorMessage(err);
  }
}

/** Writes a report as pretty JSON, atomically. */
export async function writeReport(path: string, report: AnyReport): Promise<void> {
  await writeFileAtomic(path, `${JSON.stringify(report, null, 2)}\n`);
}

/**
 * Reads and validates a report file. Throws a {@link DataError} naming the file when it is
 * missing, is not JSON, or is not a valid report of one of the `accept` kinds.
 */
export async function readReport(path: string, accept?: readonly ReportKind[]): Promise<AnyReport> {
  const text = await readTextFile(path, 'report');
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (err) {
    throw new DataError(`${path} is not valid JSON: ${getErrorMessage(err)}.`, {
      hint: 'Pass the report file that a modelgate action wrote (its `report` output).',
      location: { file: path },
    });
  }
  return parseReport(value, path, accept);
}

/** Reads a UTF-8 text file, with a clear error naming the file and its role when it is missing. */
export async function readTextFile(path: string, role: string): Promise<string> {
  try {
    return await readFile(path, 'utf8');
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    if (code === 'ENOENT') {
      throw new DataError(`The ${role} file ${path} does not exist.`, {
        hint: 'Check the path: it is relative to the workspace (GITHUB_WORKSPACE).',
        location: { file: path },
      });
    }
    if (code === 'EISDIR') {
      throw new DataError(`The ${role} path ${path} is a folder, not a file.`, {
        location: { file: path },
      });
    }
    throw new DataError(`Cannot read the ${role} file ${path}: ${getErrorMessage(err)}.`, {
      location: { file: path },
    });
  }
}
