import { REPLACEMENT, type TextChunk } from './text-chunks';

/** Receives the records of a CSV or TSV file, in order. */
export interface CsvRecordSink {
  /** One record: `fields[0..count)`, an unquoted empty field as null, a quoted one as `''`.
   * `fields` is reused for the next record: copy what you keep. `line` is where it starts.
   * `invalidUtf8` says the record holds bytes that were not valid UTF-8. */
  record(
    fields: readonly (string | null)[],
    count: number,
    line: number,
    invalidUtf8: boolean,
  ): void;
  /** A quoted field opened at `line` is not closed when the file ends; the rest is dropped. */
  unterminated(line: number): void;
}

const QUOTE = 0x22;
const LF = 0x0a;
const CR = 0x0d;

/**
 * An RFC 4180 parser over decoded chunks: quoted fields with escaped quotes (`""`), delimiters
 * and line breaks inside quotes, LF, CRLF or CR line ends, blank lines skipped. It scans with
 * `charCodeAt` and slices ranges, so an unquoted field costs one slice. A record cut by a chunk
 * boundary is parsed again from its start when the next chunk comes; `pendingChars` tells how
 * much is held, so that the caller can bound it. Text after a closing quote up to the next
 * delimiter is kept as part of the field, as Python's csv module does.
 */
export class CsvParser {
  private carry = '';
  private carryInvalid = false;
  /** Chunks held unparsed after a long unfinished record (see {@link push}). */
  private deferred: string[] = [];
  private deferredChars = 0;
  private line = 1;
  private readonly fields: (string | null)[] = [];

  constructor(
    private readonly delimiter: number,
    private readonly sink: CsvRecordSink,
  ) {}

  /** Characters of an unfinished record held until the next chunk. */
  get pendingChars(): number {
    return this.carry.length + this.deferredChars;
  }

  /** The line where the unfinished record starts. */
  get pendingLine(): number {
    return this.line;
  }

  push(chunk: TextChunk): void {
    // An unfinished record is parsed again from its start with the next text. When it is long
    // (one 63 MB cell) and the new text short, that would scan it once per chunk: O(n²). Hold
    // the chunks until they are as long as the record, so that every character is scanned a
    // bounded number of times (the held text at most doubles between two scans).
    if (this.carry.length > 0 && this.deferredChars + chunk.text.length < this.carry.length) {
      this.deferred.push(chunk.text);
      this.deferredChars += chunk.text.length;
      this.carryInvalid ||= chunk.invalid;
      return;
    }
    const held = this.takeDeferred();
    const buf =
      this.carry.length === 0 && held === '' ? chunk.text : this.carry + held + chunk.text;
    const invalid = chunk.invalid || this.carryInvalid;
    const used = this.parse(buf, false, invalid);
    this.carry = used === buf.length ? '' : buf.slice(used);
    this.carryInvalid = invalid && this.carry.includes(REPLACEMENT);
  }

  /** Parses what is left at the end of the file. */
  end(): void {
    this.carry += this.takeDeferred();
    if (this.carry.length > 0) this.parse(this.carry, true, this.carryInvalid);
    this.carry = '';
  }

  private takeDeferred(): string {
    if (this.deferred.length === 0) return '';
    const held = this.deferred.join('');
    this.deferred = [];
    this.deferredChars = 0;
    return held;
  }

  /** Parses whole records from `buf`; returns where the first unfinished one starts. */
  private parse(buf: string, final: boolean, invalid: boolean): number {
    const len = buf.length;
    const d = this.delimiter;
    const fields = this.fields;
    let i = 0;
    let line = this.line;
    let badAt = invalid ? buf.indexOf(REPLACEMENT) : -1;
    while (i < len) {
      const recordStart = i;
      const recordLine = line;
      let n = 0;
      for (;;) {
        let value: string | null;
        if (i < len && buf.charCodeAt(i) === QUOTE) {
          let j = i + 1;
          let segStart = j;
          let parts: string | null = null;
          let q: number;
          for (;;) {
            q = buf.indexOf('"', j);
            if (q === -1 || (q + 1 >= len && !final)) {
              if (!final) {
                this.line = recordLine;
                return recordStart;
              }
              this.sink.unterminated(recordLine);
              this.line = line + countLineFeeds(buf, i, len);
              return len;
            }
            if (buf.charCodeAt(q + 1) !== QUOTE) break;
            parts = (parts ?? '') + buf.slice(segStart, q + 1);
            j = q + 2;
            segStart = j;
          }
          value = parts === null ? buf.slice(segStart, q) : parts + buf.slice(segStart, q);
          line += countLineFeeds(buf, i, q);
          i = q + 1;
          if (i < len) {
            let c = buf.charCodeAt(i);
            if (c !== d && c !== LF && c !== CR) {
              let k = i;
              while (k < len && (c = buf.charCodeAt(k)) !== d && c !== LF && c !== CR) k++;
              if (k >= len && !final) {
                this.line = recordLine;
                return recordStart;
              }
              value += buf.slice(i, k);
              i = k;
            }
          }
        } else {
          let j = i;
          while (j < len) {
            const c = buf.charCodeAt(j);
            if (c === d || c === LF || c === CR) break;
            j++;
          }
          if (j >= len && !final) {
            this.line = recordLine;
            return recordStart;
          }
          value = j === i ? null : buf.slice(i, j);
          i = j;
        }
        fields[n++] = value;
        if (i >= len) break;
        const c = buf.charCodeAt(i);
        if (c === d) {
          i++;
          continue;
        }
        if (c === CR) {
          if (i + 1 >= len && !final) {
            this.line = recordLine;
            return recordStart;
          }
          i++;
          if (i < len && buf.charCodeAt(i) === LF) i++;
        } else {
          i++;
        }
        line++;
        break;
      }
      if (n === 1 && fields[0] === null) continue; // a blank line
      let bad = false;
      if (badAt !== -1) {
        while (badAt !== -1 && badAt < recordStart) badAt = buf.indexOf(REPLACEMENT, badAt + 1);
        bad = badAt !== -1 && badAt < i;
      }
      this.sink.record(fields, n, recordLine, bad);
    }
    this.line = line;
    return i;
  }
}

function countLineFeeds(buf: string, from: number, to: number): number {
  let count = 0;
  for (let k = from; k < to; k++) if (buf.charCodeAt(k) === LF) count++;
  return count;
}
