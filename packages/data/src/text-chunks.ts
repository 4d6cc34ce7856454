import { createReadStream } from 'node:fs';
import type { Readable } from 'node:stream';
import { createGunzip } from 'node:zlib';
import { DataError, describeFsError } from '@modelgate/core';

/** One piece of a text file, decoded. */
export interface TextChunk {
  readonly text: string;
  /** True when this piece held bytes that are not valid UTF-8; each was decoded as U+FFFD. */
  readonly invalid: boolean;
}

/** The replacement character, and its UTF-8 bytes. */
export const REPLACEMENT = '\uFFFD';

const CHUNK_BYTES = 1 << 20;

/**
 * Streams `path` (gunzipping it when `gzip`) as UTF-8 text, one chunk at a time, in constant
 * memory. A byte order mark is dropped. Bytes that are not valid UTF-8 become U+FFFD and mark the
 * chunk `invalid`; a U+FFFD that the file really holds (the bytes EF BF BD) does not, unless the
 * same chunk also holds invalid bytes.
 *
 * @throws DataError naming the file when it cannot be read or is not valid gzip.
 */
export async function* readTextChunks(
  path: string,
  fullPath: string,
  gzip: boolean,
): AsyncGenerator<TextChunk> {
  const decoder = new TextDecoder('utf-8');
  let tail: Uint8Array = new Uint8Array(0);
  let source: Readable = createReadStream(fullPath, { highWaterMark: CHUNK_BYTES });
  if (gzip) source = source.pipe(createGunzip({ chunkSize: CHUNK_BYTES }));
  try {
    for await (const chunk of source) {
      const bytes = chunk as Buffer;
      const text = decoder.decode(bytes, { stream: true });
      const invalid = text.includes(REPLACEMENT) && hasInvalidBytes(text, tail, bytes);
      tail = bytes.subarray(Math.max(0, bytes.length - 2));
      if (text.length > 0) yield { text, invalid };
    }
  } catch (err) {
    if (err instanceof DataError) throw err;
    const what = gzip ? 'read or gunzip' : 'read';
    throw new DataError(`Cannot ${what} ${path}: ${describeFsError(err)}.`, {
      code: 'unreadable-file',
      hint: gzip
        ? 'Check that the file is a complete gzip file.'
        : 'Check the path and its permissions.',
      location: { file: path },
      cause: err,
    });
  } finally {
    source.destroy();
  }
  const rest = decoder.decode();
  if (rest.length > 0) yield { text: rest, invalid: true };
}

/** Whether `text` has more U+FFFD than the bytes hold real U+FFFD (EF BF BD), counting a
 * sequence split from the previous chunk's last bytes. */
function hasInvalidBytes(text: string, tail: Uint8Array, bytes: Uint8Array): boolean {
  let decoded = 0;
  for (let i = text.indexOf(REPLACEMENT); i !== -1; i = text.indexOf(REPLACEMENT, i + 1)) decoded++;
  let real = 0;
  const joined = tail.length > 0 ? Buffer.concat([tail, bytes]) : bytes;
  for (
    let i = joined.indexOf(0xef);
    i !== -1 && i + 2 < joined.length;
    i = joined.indexOf(0xef, i + 1)
  ) {
    if (joined[i + 1] === 0xbf && joined[i + 2] === 0xbd) real++;
  }
  return decoded > real;
}
