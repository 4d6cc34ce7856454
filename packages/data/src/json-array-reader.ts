import { DataError, getErrorMessage } from '@modelgate/core';
import type { Batch } from './batch';
import { isJsonSpace } from './jsonl-reader';
import { isJsonObject, jsonKind, ObjectRows } from './object-rows';
import type { ReadContext } from './read-context';
import { REPLACEMENT, readTextChunks } from './text-chunks';

/** The longest array element held while waiting for its end, in UTF-16 code units. */
export const MAX_ELEMENT_CHARS = 64 * 1024 * 1024;

const QUOTE = 0x22;
const BACKSLASH = 0x5c;
const LF = 0x0a;

type Phase = 'start' | 'between' | 'element' | 'done';

/**
 * Streams a JSON file whose top level is an array of objects, one element at a time: a small
 * tokenizer finds where each element ends (tracking strings, escapes and nesting), and only that
 * element is parsed, so memory is bounded by the largest element, not the file. An element that
 * is not valid JSON or not an object is reported through the context and skipped; its line is
 * the line where it starts.
 *
 * @throws DataError when the file is empty, its top level is not an array, the array is not
 *   closed, text follows it, or an element grows past {@link MAX_ELEMENT_CHARS}.
 */
export async function* readJsonArrayFile(
  file: string,
  fullPath: string,
  gzip: boolean,
  ctx: ReadContext,
): AsyncGenerator<Batch> {
  const rows = new ObjectRows(file, ctx);
  let phase: Phase = 'start';
  let carry = '';
  let carryInvalid = false;
  let resume = 0;
  let line = 1;
  let depth = 0;
  let inString = false;
  let elemStart = 0;
  let elemLine = 1;

  const emit = (buf: string, end: number, invalid: boolean): void => {
    const text = buf.slice(elemStart, end);
    if (invalid && text.includes(REPLACEMENT)) {
      skip('invalid-utf8', 'the element holds bytes that are not valid UTF-8');
      return;
    }
    let value: unknown;
    try {
      value = JSON.parse(text);
    } catch (err) {
      skip('bad-json', `the array element is not valid JSON (${getErrorMessage(err)})`);
      return;
    }
    if (isJsonObject(value)) rows.add(value, elemLine);
    else skip('not-an-object', `the array element is ${jsonKind(value)}, not an object`);
  };
  const skip = (code: 'invalid-utf8' | 'bad-json' | 'not-an-object', what: string): void => {
    ctx.issue({ file, line: elemLine, code, message: what }, true);
  };
  const fail = (message: string, hint: string, at: number): DataError =>
    new DataError(`${file}:${at}: ${message}`, {
      code: 'malformed-data',
      hint,
      location: { file, line: at },
    });

  for await (const chunk of readTextChunks(file, fullPath, gzip)) {
    const buf = carry.length === 0 ? chunk.text : carry + chunk.text;
    const invalid: boolean = chunk.invalid || carryInvalid;
    const len = buf.length;
    let i = resume;
    while (i < len) {
      const c = buf.charCodeAt(i);
      if (phase === 'element') {
        if (inString) {
          const q = buf.indexOf('"', i);
          const stop = q === -1 ? len : q;
          for (let k = i; k < stop; k++) if (buf.charCodeAt(k) === LF) line++;
          if (q === -1) {
            i = len;
            break;
          }
          // A quote after an odd run of backslashes is escaped; the run cannot pass the string's
          // opening quote, and the element is always whole from elemStart in `buf`.
          let backslashes = 0;
          while (
            q - 1 - backslashes > elemStart &&
            buf.charCodeAt(q - 1 - backslashes) === BACKSLASH
          ) {
            backslashes++;
          }
          if (backslashes % 2 === 0) inString = false;
          i = q + 1;
          continue;
        }
        if (c === QUOTE) inString = true;
        else if (c === 0x7b /* { */ || c === 0x5b /* [ */) depth++;
        else if (c === 0x7d /* } */ || c === 0x5d /* ] */) {
          if (depth === 0) {
            emit(buf, i, invalid); // a scalar element ended by the array's ']'
            phase = 'between';
            continue;
          }
          depth--;
          if (depth === 0) {
            emit(buf, i + 1, invalid);
            phase = 'between';
          }
        } else if (c === 0x2c /* , */ && depth === 0) {
          emit(buf, i, invalid);
          phase = 'between';
        } else if (c === LF) line++;
        i++;
      } else if (isJsonSpace(c)) {
        if (c === LF) line++;
        i++;
      } else if (phase === 'between') {
        if (c === 0x2c) i++;
        else if (c === 0x5d) {
          phase = 'done';
          i++;
        } else {
          phase = 'element';
          elemStart = i;
          elemLine = line;
          depth = 0;
          inString = false;
        }
      } else if (phase === 'start') {
        if (c !== 0x5b) {
          throw fail(
            `the top level of a .json file must be an array of objects; it starts with ${JSON.stringify(buf[i])}.`,
            'For one JSON object per line, name the file .jsonl or set the format input to jsonl.',
            line,
          );
        }
        phase = 'between';
        i++;
      } else {
        throw fail('text follows the closing ] of the top-level array.', 'Remove it.', line);
      }
    }
    if (phase === 'element') {
      carry = buf.slice(elemStart);
      resume = i - elemStart;
      elemStart = 0;
      if (carry.length > MAX_ELEMENT_CHARS) {
        throw fail(
          `the array element is longer than ${MAX_ELEMENT_CHARS / 1024 / 1024} Mi characters.`,
          'Look for a brace or quote that is never closed.',
          elemLine,
        );
      }
    } else {
      carry = '';
      resume = 0;
    }
    carryInvalid = invalid && carry.includes(REPLACEMENT);
    yield* rows.take();
  }
  if (phase === 'start') {
    throw new DataError(`${file} is empty: it holds no JSON.`, {
      code: 'empty-data',
      hint: 'Give a JSON array of objects.',
      location: { file },
    });
  }
  if (phase === 'element') {
    if (depth === 0 && !inString) {
      emit(carry, carry.length, carryInvalid);
    } else {
      skip('bad-json', 'the array element is not closed before the end of the file');
    }
  }
  yield* rows.take(true);
  if (phase !== 'done') {
    throw fail(
      'the file ends before the closing ] of the top-level array.',
      'The file may be truncated; check that it was written completely.',
      line,
    );
  }
}
