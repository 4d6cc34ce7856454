import { DataError, getErrorMessage } from '@modelgate/core';
import type { Batch } from './batch';
import { isJsonObject, jsonKind, ObjectRows } from './object-rows';
import type { ReadContext } from './read-context';
import { REPLACEMENT, readTextChunks } from './text-chunks';

/** The longest line held while waiting for its end, in UTF-16 code units. */
export const MAX_LINE_CHARS = 64 * 1024 * 1024;

/**
 * Streams a JSON Lines file (one object per line) as batches. Blank lines are skipped. A line
 * that is not valid JSON, not an object, or holds invalid UTF-8 is reported through the context
 * and skipped.
 *
 * @throws DataError when the file holds no line at all, or a line grows past
 *   {@link MAX_LINE_CHARS}.
 */
export async function* readJsonLinesFile(
  file: string,
  fullPath: string,
  gzip: boolean,
  ctx: ReadContext,
): AsyncGenerator<Batch> {
  const rows = new ObjectRows(file, ctx);
  let carry = '';
  let carryInvalid = false;
  let line = 1;
  let sawContent = false;

  const handle = (text: string, invalid: boolean, lineNo: number): void => {
    let start = 0;
    let end = text.length;
    while (start < end && isJsonSpace(text.charCodeAt(start))) start++;
    while (end > start && isJsonSpace(text.charCodeAt(end - 1))) end--;
    if (start === end) return;
    sawContent = true;
    if (invalid && text.includes(REPLACEMENT)) {
      skip('invalid-utf8', lineNo, 'the line holds bytes that are not valid UTF-8');
      return;
    }
    let value: unknown;
    try {
      value = JSON.parse(start === 0 && end === text.length ? text : text.slice(start, end));
    } catch (err) {
      skip('bad-json', lineNo, `the line is not valid JSON (${getErrorMessage(err)})`);
      return;
    }
    if (!isJsonObject(value)) {
      skip('not-an-object', lineNo, `the line holds ${jsonKind(value)}, not an object`);
      return;
    }
    rows.add(value, lineNo);
  };
  const skip = (
    code: 'invalid-utf8' | 'bad-json' | 'not-an-object',
    at: number,
    what: string,
  ): void => {
    ctx.issue({ file, line: at, code, message: what }, true);
  };

  for await (const chunk of readTextChunks(file, fullPath, gzip)) {
    const buf = carry.length === 0 ? chunk.text : carry + chunk.text;
    const invalid: boolean = chunk.invalid || carryInvalid;
    let start = 0;
    for (let nl = buf.indexOf('\n'); nl !== -1; nl = buf.indexOf('\n', start)) {
      handle(buf.slice(start, nl), invalid, line);
      line++;
      start = nl + 1;
    }
    carry = start === 0 ? buf : buf.slice(start);
    carryInvalid = invalid && carry.includes(REPLACEMENT);
    if (carry.length > MAX_LINE_CHARS) {
      throw new DataError(
        `${file}:${line}: the line is longer than ${MAX_LINE_CHARS / 1024 / 1024} Mi characters.`,
        {
          code: 'malformed-data',
          hint: 'Write one JSON object per line (JSON Lines).',
          location: { file, line },
        },
      );
    }
    yield* rows.take();
  }
  if (carry.length > 0) handle(carry, carryInvalid, line);
  if (!sawContent) {
    throw new DataError(`${file} is empty: it has no JSON line.`, {
      code: 'empty-data',
      hint: 'Give a file with one JSON object per line.',
      location: { file },
    });
  }
  yield* rows.take(true);
}

/** JSON's whitespace: space, tab, LF, CR. */
export function isJsonSpace(c: number): boolean {
  return c === 0x20 || c === 0x09 || c === 0x0a || c === 0x0d;
}
