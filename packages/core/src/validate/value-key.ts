import { createHash } from 'node:crypto';
import { detachedString } from '../stats/detached-string';

/**
 * How long text values are kept and shown. A value of at most {@link MAX_VALUE_CHARS} characters
 * is kept as it is. A longer one (a free-text field, or one 63 MB cell) is kept as a key made of
 * its first {@link MAX_VALUE_CHARS} characters, its length and its SHA-256, so that a category
 * table holds at most about 300 characters per value whatever the data, while two different long
 * values stay two keys (equal keys mean equal values, up to a SHA-256 collision). Reports show the
 * prefix with the length and the hash.
 */

/** The most characters of a text value kept and shown: 200. */
export const MAX_VALUE_CHARS = 200;

const SEPARATOR = '\u0000';

/**
 * The key under which `text` is counted: `text` itself (detached from the chunk it was read
 * from) when it has at most {@link MAX_VALUE_CHARS} characters, else `prefix \0 length \0 sha256`.
 * A key is longer than {@link MAX_VALUE_CHARS} exactly when it stands for a long value.
 */
export function valueKey(text: string): string {
  if (text.length <= MAX_VALUE_CHARS) return text;
  const sha256 = createHash('sha256').update(text, 'utf8').digest('hex');
  return `${detachedString(prefixOf(text))}${SEPARATOR}${text.length}${SEPARATOR}${sha256}`;
}

/** A counted value as the report shows it. */
export interface DisplayedValue {
  /** The value, or for a long value its first {@link MAX_VALUE_CHARS} characters and `…`. */
  readonly value: string;
  /** For a long value: its length in UTF-16 code units, as `String.length` counts. */
  readonly length?: number;
  /** For a long value: the SHA-256 of its UTF-8 bytes, in hex. */
  readonly sha256?: string;
}

/** The value a {@link valueKey} stands for, as shown. */
export function displayedValue(key: string): DisplayedValue {
  if (key.length <= MAX_VALUE_CHARS) return { value: key };
  // Parsed from the end: the prefix may hold the separator itself.
  const sha256 = key.slice(-64);
  const rest = key.slice(0, -65);
  const at = rest.lastIndexOf(SEPARATOR);
  return { value: `${rest.slice(0, at)}…`, length: Number(rest.slice(at + 1)), sha256 };
}

/** The first MAX_VALUE_CHARS characters, not splitting a surrogate pair. */
function prefixOf(text: string): string {
  const last = text.charCodeAt(MAX_VALUE_CHARS - 1);
  const end = last >= 0xd800 && last <= 0xdbff ? MAX_VALUE_CHARS - 1 : MAX_VALUE_CHARS;
  return text.slice(0, end);
}
