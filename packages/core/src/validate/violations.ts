import type { Finding, Severity } from '../report/envelope';
import { detachedString } from '../stats/detached-string';

/** The stable codes of validate-data's findings. */
export type ViolationCode =
  // Reading
  | 'ragged-row'
  | 'invalid-utf8'
  | 'unterminated-quote'
  | 'bad-json'
  | 'not-an-object'
  | 'duplicate-column'
  // Schema
  | 'missing-column'
  | 'extra-column'
  | 'type'
  | 'non-finite'
  | 'null'
  | 'null-fraction'
  | 'min'
  | 'max'
  | 'allowed'
  | 'regex'
  | 'length'
  | 'unique'
  | 'row-count'
  | 'duplicate-row'
  | 'duplicate-id'
  // Against the reference
  | 'drift'
  | 'dataset-drift'
  | 'label-drift'
  | 'mean-shift'
  | 'null-rate'
  | 'unseen-category';

/** Which `fail-on` gate a finding belongs to. */
export type Gate = 'schema' | 'drift';

const DRIFT_CODES: ReadonlySet<string> = new Set([
  'drift',
  'dataset-drift',
  'label-drift',
  'mean-shift',
  'null-rate',
  'unseen-category',
]);

/** The gate of a finding code: the reference checks are `drift`, everything else `schema`. */
export function gateOf(code: string): Gate {
  return DRIFT_CODES.has(code) ? 'drift' : 'schema';
}

/** The most located examples kept per (code, column), and in all. */
export const EXAMPLES_PER_KIND = 10;
export const MAX_EXAMPLES = 500;
/**
 * The longest message kept, in characters: 1,000. A longer one (a column named by a 1 MB header
 * cell) is cut with `…`; so the log holds at most MAX_EXAMPLES × 1,000 characters of messages.
 */
export const MAX_MESSAGE_CHARS = 1000;

/** A message as kept: cut to {@link MAX_MESSAGE_CHARS}, and a copy (no view on a data chunk). */
function keptMessage(message: string): string {
  return detachedString(
    message.length > MAX_MESSAGE_CHARS ? `${message.slice(0, MAX_MESSAGE_CHARS - 1)}…` : message,
  );
}

interface Tally {
  code: ViolationCode;
  column: string | undefined;
  severity: Severity;
  count: number;
  examples: Finding[];
  summary: string | undefined;
}

/**
 * Counts violations by (code, column) and keeps the first few of each with their file and line,
 * so that a file with millions of bad rows gives a bounded report.
 */
export class ViolationLog {
  private readonly tallies = new Map<string, Tally>();
  private examples = 0;

  private tally(code: ViolationCode, column: string | undefined, severity: Severity): Tally {
    const key = `${code}\u0000${column ?? ''}`;
    let t = this.tallies.get(key);
    if (t === undefined) {
      t = { code, column, severity, count: 0, examples: [], summary: undefined };
      this.tallies.set(key, t);
    }
    return t;
  }

  /**
   * Records `count` occurrences; `message` is only called when the occurrence is kept as an
   * example (so that the hot path builds no strings).
   */
  record(
    code: ViolationCode,
    column: string | undefined,
    severity: Severity,
    message: () => string,
    location?: { file: string; line: number },
    count = 1,
  ): void {
    const t = this.tally(code, column, severity);
    t.count += count;
    if (t.examples.length >= EXAMPLES_PER_KIND || this.examples >= MAX_EXAMPLES) return;
    this.examples++;
    t.examples.push({
      code,
      severity,
      message: keptMessage(message()),
      ...(location && { file: location.file, line: location.line }),
      ...(column !== undefined && { subject: column }),
    });
  }

  /** Sets the one-line summary of a (code, column) shown when it has more than one occurrence. */
  summarize(
    code: ViolationCode,
    column: string | undefined,
    severity: Severity,
    summary: string,
  ): void {
    this.tally(code, column, severity).summary = keptMessage(summary);
  }

  /** Occurrences per code. */
  byCode(): Record<string, number> {
    const out: Record<string, number> = {};
    for (const t of this.tallies.values()) out[t.code] = (out[t.code] ?? 0) + t.count;
    return out;
  }

  /** Occurrences per column. */
  byColumn(): Map<string, number> {
    const out = new Map<string, number>();
    for (const t of this.tallies.values()) {
      if (t.column !== undefined) out.set(t.column, (out.get(t.column) ?? 0) + t.count);
    }
    return out;
  }

  /** Total occurrences of error and warning severity. */
  total(): number {
    let n = 0;
    for (const t of this.tallies.values()) n += t.count;
    return n;
  }

  /**
   * The findings: for each (code, column), its located examples, preceded by a summary finding
   * when there were more occurrences than examples. Errors first, then warnings, then notices.
   */
  findings(): Finding[] {
    const rank = { error: 0, warning: 1, notice: 2 } as const;
    const tallies = [...this.tallies.values()].sort((a, b) => rank[a.severity] - rank[b.severity]);
    const out: Finding[] = [];
    for (const t of tallies) {
      if (t.count > t.examples.length || t.examples.length === 0) {
        out.push({
          code: t.code,
          severity: t.severity,
          message:
            t.summary ??
            `${t.count} ${t.code} violation${t.count === 1 ? '' : 's'}${t.column === undefined ? '' : ` in column ${t.column}`}` +
              (t.examples.length > 0 ? `; the first ${t.examples.length} follow` : ''),
          ...(t.examples[0]?.file !== undefined && { file: t.examples[0].file }),
          ...(t.column !== undefined && { subject: t.column }),
        });
      }
      out.push(...t.examples);
    }
    return out;
  }
}
