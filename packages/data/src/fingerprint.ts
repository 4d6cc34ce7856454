import { createHash } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { stat } from 'node:fs/promises';
import { resolve } from 'node:path';
import { DataError, describeFsError } from '@modelgate/core';

/** A file's identity: its sha256 (hex, of the bytes as stored, so of the compressed bytes for a
 * `.gz`) and its size in bytes. */
export interface FileFingerprint {
  readonly path: string;
  readonly sha256: string;
  readonly bytes: number;
}

/**
 * Hashes `path` as a stream, in constant memory. `path` is reported as given; `cwd`, when given,
 * is where a relative path is read from.
 *
 * @throws DataError naming the file when it is missing, a folder, not a regular file (a FIFO or a
 *   device, which would block or never end) or cannot be read.
 */
export async function fingerprintFile(path: string, cwd?: string): Promise<FileFingerprint> {
  const hash = createHash('sha256');
  let bytes = 0;
  const full = cwd === undefined ? path : resolve(cwd, path);
  const info = await stat(full).catch((err: unknown) => {
    throw new DataError(`Cannot read ${path}: ${describeFsError(err)}.`, {
      code: 'file-not-found',
      location: { file: path },
      cause: err,
    });
  });
  if (info.isDirectory()) {
    throw new DataError(`${path} is a directory, not a data file.`, {
      code: 'file-not-found',
      hint: 'Give the path of a file.',
      location: { file: path },
    });
  }
  if (!info.isFile()) {
    // Reading a FIFO blocks until a writer comes, and a device may never end.
    throw new DataError(`${path} is not a regular file (a FIFO, socket or device).`, {
      code: 'file-not-found',
      hint: 'Write the data to a file first and pass that file.',
      location: { file: path },
    });
  }
  try {
    for await (const chunk of createReadStream(full, { highWaterMark: 1 << 20 })) {
      const buffer = chunk as Buffer;
      hash.update(buffer);
      bytes += buffer.length;
    }
  } catch (err) {
    throw new DataError(`Cannot read ${path}: ${describeFsError(err)}.`, {
      code: 'file-not-found',
      location: { file: path },
      cause: err,
    });
  }
  return { path, sha256: hash.digest('hex'), bytes };
}

/** {@link fingerprintFile} for each file, in the order given. */
export async function fingerprintFiles(
  paths: readonly string[],
  cwd?: string,
): Promise<FileFingerprint[]> {
  const out: FileFingerprint[] = [];
  for (const path of paths) out.push(await fingerprintFile(path, cwd));
  return out;
}
