/**
 * Coercion of text cells (CSV, TSV) to typed values. Each parser is strict about content and
 * returns `undefined` for text that is not of its type, so that the caller can report it.
 */

const SPACE = 0x20;
const TAB = 0x09;

/**
 * The number written in `text`, or undefined when `text` is not a number.
 *
 * Accepts, with optional ASCII spaces or tabs around (as pandas does): an optional sign, digits
 * with an optional fraction (`1`, `-2.5`, `1.`, `.5`), an optional exponent (`1e5`, `2.5E-3`),
 * and, case-insensitively and signed or not, `nan` (NaN), `inf` and `infinity` (±Infinity), which
 * pandas also reads as floats. Rejects everything else: `''`, `'abc'`, `'1,5'`, `'1_000'`, `'0x10'`,
 * `'1e'`, `'--1'`. Whether NaN counts as a missing value is the caller's decision.
 */
export function parseNumber(text: string): number | undefined {
  let start = 0;
  let end = text.length;
  while (start < end && isBlank(text.charCodeAt(start))) start++;
  while (end > start && isBlank(text.charCodeAt(end - 1))) end--;
  if (start === end) return undefined;
  let i = start;
  let c = text.charCodeAt(i);
  if (c === 0x2b /* + */ || c === 0x2d /* - */) {
    i++;
    if (i === end) return undefined;
    c = text.charCodeAt(i);
  }
  if (!isDigit(c) && c !== 0x2e /* . */) return parseSpecial(text, start, end, i);
  let digits = 0;
  while (i < end && isDigit(text.charCodeAt(i))) {
    i++;
    digits++;
  }
  if (i < end && text.charCodeAt(i) === 0x2e) {
    i++;
    while (i < end && isDigit(text.charCodeAt(i))) {
      i++;
      digits++;
    }
  }
  if (digits === 0) return undefined;
  if (i < end && (text.charCodeAt(i) | 0x20) === 0x65 /* e */) {
    i++;
    if (i < end && (text.charCodeAt(i) === 0x2b || text.charCodeAt(i) === 0x2d)) i++;
    const expStart = i;
    while (i < end && isDigit(text.charCodeAt(i))) i++;
    if (i === expStart) return undefined;
  }
  if (i !== end) return undefined;
  return Number(start === 0 && end === text.length ? text : text.slice(start, end));
}

function parseSpecial(
  text: string,
  start: number,
  end: number,
  bodyStart: number,
): number | undefined {
  const body = text.slice(bodyStart, end).toLowerCase();
  const negative = text.charCodeAt(start) === 0x2d;
  if (body === 'nan') return NaN;
  if (body === 'inf' || body === 'infinity') return negative ? -Infinity : Infinity;
  return undefined;
}

function isDigit(c: number): boolean {
  return c >= 0x30 && c <= 0x39;
}

function isBlank(c: number): boolean {
  return c === SPACE || c === TAB;
}

const TRUE_WORDS = new Set(['true', 'yes']);
const FALSE_WORDS = new Set(['false', 'no']);

/**
 * `true` for `true`/`yes` and `false` for `false`/`no`, in any case and with spaces around;
 * undefined for anything else. `1`/`0` are not booleans here: they read as numbers, and a schema
 * that declares a boolean column says how to take them.
 */
export function parseBoolean(text: string): boolean | undefined {
  const trimmed = text.trim();
  // No copy of a long cell (one 63 MB string) to lower-case: no boolean word is over 5 letters.
  if (trimmed.length > 5) return undefined;
  const word = trimmed.toLowerCase();
  if (TRUE_WORDS.has(word)) return true;
  if (FALSE_WORDS.has(word)) return false;
  return undefined;
}

const ISO_DATETIME =
  /^(\d{4})-(\d{2})-(\d{2})(?:[T ](\d{2}):(\d{2})(?::(\d{2})(?:[.,](\d{1,9}))?)?(Z|[+-]\d{2}(?::?\d{2})?)?)?$/i;

const DAYS_IN_MONTH = [31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31] as const;

/**
 * The instant written in `text` as epoch milliseconds (UTC), or undefined when it is not an
 * ISO 8601 date or date-time. Accepts `YYYY-MM-DD`, and `YYYY-MM-DDTHH:MM[:SS[.fraction]]` with
 * `T` or a space, and an optional `Z` or `±HH[:MM]` offset; a time without an offset is taken as
 * UTC. Fractions beyond milliseconds are truncated. Impossible dates (`2023-02-29`, month 13,
 * hour 24) are rejected.
 */
export function parseDatetime(text: string): number | undefined {
  const m = ISO_DATETIME.exec(text.trim());
  if (m === null) return undefined;
  const year = Number(m[1]);
  const month = Number(m[2]);
  const day = Number(m[3]);
  if (month < 1 || month > 12 || day < 1) return undefined;
  const leap = (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0;
  const maxDay = month === 2 && leap ? 29 : (DAYS_IN_MONTH[month - 1] ?? 31);
  if (day > maxDay) return undefined;
  const hour = m[4] === undefined ? 0 : Number(m[4]);
  const minute = m[5] === undefined ? 0 : Number(m[5]);
  const second = m[6] === undefined ? 0 : Number(m[6]);
  if (hour > 23 || minute > 59 || second > 59) return undefined;
  const millis = m[7] === undefined ? 0 : Number(m[7].slice(0, 3).padEnd(3, '0'));
  let offsetMinutes = 0;
  const zone = m[8];
  if (zone !== undefined && zone.toUpperCase() !== 'Z') {
    const sign = zone.startsWith('-') ? -1 : 1;
    const digits = zone.slice(1).replace(':', '');
    const hours = Number(digits.slice(0, 2));
    const minutes = digits.length > 2 ? Number(digits.slice(2, 4)) : 0;
    if (hours > 23 || minutes > 59) return undefined;
    offsetMinutes = sign * (hours * 60 + minutes);
  }
  const utc = Date.UTC(year, month - 1, day, hour, minute, second, millis);
  // Date.UTC maps years 0-99 to 1900-1999.
  const fixed = year < 100 ? new Date(utc).setUTCFullYear(year) : utc;
  return fixed - offsetMinutes * 60_000;
}
