import type { ColumnType } from '../report/data-validation';
import { cellText } from './cell-text';
import { valueKey } from './value-key';
import { DistinctNumbers } from '../stats/distinct-numbers';
import { FrequencyTable } from '../stats/frequency-table';
import { hashNumber, hashString } from '../stats/hash';
import { HashSet64 } from '../stats/hash-set64';
import { Moments } from '../stats/moments';
import { NumericSample } from '../stats/numeric-sample';
import type { NumericSampleOptions } from '../stats/numeric-sample';
import type { Rng } from '../stats/rng';
import type { TextParsers } from './text-parsers';
import type { ViolationLog } from './violations';

/** What a cell turned out to be. */
export type CellKind = 'number' | 'boolean' | 'datetime' | 'string' | 'other';

/** A cell's file and 1-based line. */
export interface CellLocation {
  readonly file: string;
  readonly line: number;
}

/** The rows a column's values come from: the reader's `DataBatch` satisfies it. */
export interface BatchLocator {
  readonly file: string;
  lineOf(i: number): number;
}

/** The most distinct values checked for `unique` per column; past it, repeats are a lower bound. */
export const UNIQUE_BUDGET = 1_000_000;

/** The constraints checked on every cell of one column while it is read. */
export interface CellRules {
  readonly nullable?: boolean | undefined;
  readonly min?: number | undefined;
  readonly max?: number | undefined;
  readonly allowedText?: ReadonlySet<string> | undefined;
  readonly allowedNumbers?: ReadonlySet<number> | undefined;
  readonly regex?: RegExp | undefined;
  readonly minLength?: number | undefined;
  readonly maxLength?: number | undefined;
  readonly unique?: boolean | undefined;
  /** The reference's categories: a value outside them is an `unseen-category` warning. */
  readonly knownCategories?: FrequencyTable | undefined;
}

export interface ColumnProfilerOptions {
  readonly rng: Rng;
  readonly parsers: TextParsers;
  /** True for typed formats (JSON, Parquet): strings are not parsed as numbers. */
  readonly typed: boolean;
  /** The type the column should have (declared, or the reference's); undefined to infer. */
  readonly expectedType?: ColumnType | undefined;
  readonly rules?: CellRules | undefined;
  /** Where violations go (the data side); undefined for the reference. */
  readonly log?: ViolationLog | undefined;
  readonly sample?: NumericSampleOptions | undefined;
}

/** How many located cells of each kind are kept, to point at type mismatches. */
export const KIND_EXAMPLES = 10;

const KINDS: readonly CellKind[] = ['number', 'boolean', 'datetime', 'string', 'other'];

/**
 * One column of one dataset, profiled in one pass: null and kind counts, exact moments, a
 * bounded numeric sample, datetime range, a capped frequency table of text values, text lengths,
 * and the per-cell checks of its rules. Memory is bounded by the sample and table budgets.
 */
export class ColumnProfiler {
  rows = 0;
  nulls = 0;
  readonly kindCounts: Record<CellKind, number> = {
    number: 0,
    boolean: 0,
    datetime: 0,
    string: 0,
    other: 0,
  };
  /**
   * Numbers that are NaN or ±Infinity (`nan`, `inf`, `1e999` in a CSV; `1e999` in JSON; float
   * NaN/Inf in Parquet). They count as number cells, not nulls, and are kept out of the moments,
   * the sample and the rules; {@link nonFiniteExamples} locates the first few.
   */
  readonly nonFinite = { nan: 0, positive: 0, negative: 0 };
  /** The first {@link KIND_EXAMPLES} non-finite cells, with their value. */
  readonly nonFiniteExamples: (CellLocation & { readonly value: number })[] = [];
  /** Numbers that are not integers, and numbers that are 0 or 1. */
  nonInteger = 0;
  zeroOne = 0;
  readonly moments = new Moments();
  readonly sample: NumericSample;
  datetimeMin = Number.POSITIVE_INFINITY;
  datetimeMax = Number.NEGATIVE_INFINITY;
  /** The distinct datetime instants (epoch ms): `2024-01-01` and `2024-01-01T00:00Z` are one. */
  readonly datetimes = new DistinctNumbers();
  readonly freq = new FrequencyTable();
  minLength = Number.POSITIVE_INFINITY;
  maxLength = Number.NEGATIVE_INFINITY;
  /** The first located cells of each kind, and of non-integer numbers (`fraction`). */
  readonly kindLines = new Map<CellKind | 'fraction' | 'not-zero-one', CellLocation[]>();
  private readonly unique: HashSet64 | undefined;
  private readonly plan: 'auto' | 'text' | 'number' | 'boolean' | 'datetime';

  constructor(
    readonly name: string,
    private readonly options: ColumnProfilerOptions,
  ) {
    this.sample = new NumericSample(options.rng, options.sample);
    this.unique = options.rules?.unique ? new HashSet64(UNIQUE_BUDGET) : undefined;
    const t = options.expectedType;
    this.plan =
      t === undefined
        ? 'auto'
        : t === 'string' || t === 'category'
          ? 'text'
          : t === 'integer'
            ? 'number'
            : t;
    for (const k of KINDS) this.kindLines.set(k, []);
    this.kindLines.set('fraction', []);
    this.kindLines.set('not-zero-one', []);
  }

  /** Adds `count` nulls for rows read before the column first appeared (JSON formats). */
  addMissing(count: number): void {
    this.rows += count;
    this.nulls += count;
  }

  /** Adds one batch's values of this column. */
  addValues(values: readonly unknown[], batch: BatchLocator): void {
    const { parsers, typed } = this.options;
    const plan = this.plan;
    for (let i = 0; i < values.length; i++) {
      const v = values[i];
      this.rows++;
      if (v === null || v === undefined) {
        this.onNull(batch, i);
        continue;
      }
      switch (typeof v) {
        case 'number':
          if (plan === 'text') this.onText(String(v), batch, i);
          else if (plan === 'boolean' && (v === 0 || v === 1)) this.onBoolean(v === 1, batch, i);
          else this.onNumber(v, batch, i);
          continue;
        case 'bigint':
          if (plan === 'text') this.onText(v.toString(), batch, i);
          else this.onNumber(Number(v), batch, i);
          continue;
        case 'boolean':
          if (plan === 'text') this.onText(String(v), batch, i);
          else this.onBoolean(v, batch, i);
          continue;
        case 'string':
          if (plan === 'text' || (typed && plan !== 'datetime' && plan !== 'auto')) {
            this.onText(v, batch, i);
          } else if (typed) {
            // JSON has no date type: ISO strings are datetimes when the column is (or may be).
            this.onTypedString(v, batch, i);
          } else {
            this.onCell(v, parsers, batch, i);
          }
          continue;
        default:
          if (v instanceof Date) {
            if (plan === 'text') this.onText(v.toISOString(), batch, i);
            else this.onDatetime(v.getTime(), batch, i);
          } else {
            this.onOther(v, batch, i);
          }
      }
    }
  }

  private onTypedString(text: string, batch: BatchLocator, i: number): void {
    const c = this.kindCounts;
    if (this.plan === 'datetime' || c.datetime >= c.string) {
      const t = this.options.parsers.parseDatetime(text);
      if (t !== undefined) {
        this.onDatetime(t, batch, i);
        return;
      }
    }
    this.onText(text, batch, i);
  }

  // The last datetime text and its value: sorted or repeated timestamps (logs, events) are the
  // common case, and parsing a datetime is the costliest part of a text cell.
  private lastDatetimeText = '';
  private lastDatetime = 0;

  /** A text cell of a CSV/TSV: parsed by the plan, or by the kinds still in the running. */
  private onCell(text: string, parsers: TextParsers, batch: BatchLocator, i: number): void {
    const plan = this.plan;
    const c = this.kindCounts;
    if (text === this.lastDatetimeText && (plan === 'datetime' || plan === 'auto')) {
      this.onDatetime(this.lastDatetime, batch, i);
      return;
    }
    if (plan === 'number' || (plan === 'auto' && c.number >= c.string)) {
      const x = parsers.parseNumber(text);
      if (x !== undefined) {
        this.onNumber(x, batch, i);
        return;
      }
    }
    if (plan === 'datetime' || (plan === 'auto' && c.datetime >= c.string)) {
      const t = parsers.parseDatetime(text);
      if (t !== undefined) {
        this.lastDatetimeText = text;
        this.lastDatetime = t;
        this.onDatetime(t, batch, i);
        return;
      }
    }
    if (plan === 'boolean' || (plan === 'auto' && c.boolean >= c.string)) {
      const b = parsers.parseBoolean(text);
      if (b !== undefined) {
        this.onBoolean(b, batch, i);
        return;
      }
      if (plan === 'boolean') {
        const x = parsers.parseNumber(text);
        if (x === 0 || x === 1) {
          this.onBoolean(x === 1, batch, i);
          return;
        }
      }
    }
    this.onText(text, batch, i);
  }

  private keep(kind: CellKind | 'fraction' | 'not-zero-one', batch: BatchLocator, i: number): void {
    const lines = this.kindLines.get(kind) as CellLocation[];
    if (lines.length < KIND_EXAMPLES) lines.push({ file: batch.file, line: batch.lineOf(i) });
  }

  private onNull(batch: BatchLocator, i: number): void {
    this.nulls++;
    const rules = this.options.rules;
    if (rules?.nullable === false) {
      this.options.log?.record(
        'null',
        this.name,
        'error',
        () => `Column ${this.name} is null, but the schema says it is not nullable.`,
        { file: batch.file, line: batch.lineOf(i) },
      );
    }
  }

  private onNumber(x: number, batch: BatchLocator, i: number): void {
    const c = this.kindCounts;
    if (!Number.isFinite(x)) {
      this.onNonFinite(x, batch, i);
      return;
    }
    if (c.number < KIND_EXAMPLES) this.keep('number', batch, i);
    c.number++;
    this.moments.add(x);
    this.sample.add(x);
    if (!Number.isInteger(x)) {
      this.nonInteger++;
      if (this.nonInteger <= KIND_EXAMPLES) this.keep('fraction', batch, i);
    }
    if (x === 0 || x === 1) this.zeroOne++;
    else if (c.number - this.zeroOne <= KIND_EXAMPLES) this.keep('not-zero-one', batch, i);
    const rules = this.options.rules;
    if (rules === undefined) return;
    const log = this.options.log;
    if (log === undefined) return;
    if (rules.min !== undefined && x < rules.min) {
      log.record(
        'min',
        this.name,
        'error',
        () => `Column ${this.name} is ${x}, below the minimum ${rules.min}.`,
        {
          file: batch.file,
          line: batch.lineOf(i),
        },
      );
    }
    if (rules.max !== undefined && x > rules.max) {
      log.record(
        'max',
        this.name,
        'error',
        () => `Column ${this.name} is ${x}, above the maximum ${rules.max}.`,
        {
          file: batch.file,
          line: batch.lineOf(i),
        },
      );
    }
    if (rules.allowedNumbers !== undefined && !rules.allowedNumbers.has(x)) {
      log.record(
        'allowed',
        this.name,
        'error',
        () => `Column ${this.name} is ${x}, not one of the allowed values.`,
        {
          file: batch.file,
          line: batch.lineOf(i),
        },
      );
    }
    if (
      this.unique !== undefined &&
      this.unique.add(hashNumber(x), hashNumber(x, 0x2545f491)) === 'seen'
    ) {
      log.record(
        'unique',
        this.name,
        'error',
        () => `Column ${this.name} repeats the value ${x}, but it must be unique.`,
        {
          file: batch.file,
          line: batch.lineOf(i),
        },
      );
    }
  }

  /**
   * A NaN or ±Infinity: a number cell that no statistic can use. It is not a null (pandas reads
   * `inf` as a float, and a NaN here is usually a computation gone wrong, not a missing value),
   * so it is counted on its own, for its own finding, and kept out of the statistics.
   */
  private onNonFinite(x: number, batch: BatchLocator, i: number): void {
    const c = this.kindCounts;
    if (c.number < KIND_EXAMPLES) this.keep('number', batch, i);
    c.number++;
    const n = this.nonFinite;
    if (Number.isNaN(x)) n.nan++;
    else if (x > 0) n.positive++;
    else n.negative++;
    if (this.nonFiniteExamples.length < KIND_EXAMPLES) {
      this.nonFiniteExamples.push({ file: batch.file, line: batch.lineOf(i), value: x });
    }
  }

  /** The number of NaN and ±Infinity cells. */
  get nonFiniteCount(): number {
    const n = this.nonFinite;
    return n.nan + n.positive + n.negative;
  }

  private onBoolean(b: boolean, batch: BatchLocator, i: number): void {
    const c = this.kindCounts;
    if (c.boolean < KIND_EXAMPLES) this.keep('boolean', batch, i);
    c.boolean++;
    const text = b ? 'true' : 'false';
    this.freq.add(text);
    const rules = this.options.rules;
    if (rules?.allowedText !== undefined && !rules.allowedText.has(text)) {
      this.options.log?.record(
        'allowed',
        this.name,
        'error',
        () => `Column ${this.name} is ${text}, not one of the allowed values.`,
        { file: batch.file, line: batch.lineOf(i) },
      );
    }
  }

  private onDatetime(t: number, batch: BatchLocator, i: number): void {
    const c = this.kindCounts;
    if (c.datetime < KIND_EXAMPLES) this.keep('datetime', batch, i);
    c.datetime++;
    if (t < this.datetimeMin) this.datetimeMin = t;
    if (t > this.datetimeMax) this.datetimeMax = t;
    this.datetimes.add(t);
    if (
      this.unique !== undefined &&
      this.unique.add(hashNumber(t, 0x5bd1e995), hashNumber(t, 0x27d4eb2f)) === 'seen'
    ) {
      this.options.log?.record(
        'unique',
        this.name,
        'error',
        () =>
          `Column ${this.name} repeats the datetime ${new Date(t).toISOString()}, but it must be unique.`,
        { file: batch.file, line: batch.lineOf(i) },
      );
    }
  }

  private onOther(v: unknown, batch: BatchLocator, i: number): void {
    const c = this.kindCounts;
    if (c.other < KIND_EXAMPLES) this.keep('other', batch, i);
    c.other++;
    this.freq.add(valueKey(cellText(v)));
  }

  private onText(text: string, batch: BatchLocator, i: number): void {
    const c = this.kindCounts;
    if (c.string < KIND_EXAMPLES) this.keep('string', batch, i);
    c.string++;
    const key = valueKey(text);
    this.freq.add(key);
    const len = text.length;
    if (len < this.minLength) this.minLength = len;
    if (len > this.maxLength) this.maxLength = len;
    const rules = this.options.rules;
    if (rules === undefined) return;
    const log = this.options.log;
    if (log === undefined) return;
    const at = (): { file: string; line: number } => ({ file: batch.file, line: batch.lineOf(i) });
    if (rules.allowedText !== undefined && !rules.allowedText.has(text)) {
      log.record(
        'allowed',
        this.name,
        'error',
        () => `Column ${this.name} is "${clip(text)}", not one of the allowed values.`,
        at(),
      );
    }
    if (rules.regex !== undefined && !rules.regex.test(text)) {
      log.record(
        'regex',
        this.name,
        'error',
        () =>
          `Column ${this.name} is "${clip(text)}", which does not match ${rules.regex?.source}.`,
        at(),
      );
    }
    if (rules.minLength !== undefined && len < rules.minLength) {
      log.record(
        'length',
        this.name,
        'error',
        () =>
          `Column ${this.name} is ${len} characters long, under the minimum ${rules.minLength}.`,
        at(),
      );
    }
    if (rules.maxLength !== undefined && len > rules.maxLength) {
      log.record(
        'length',
        this.name,
        'error',
        () => `Column ${this.name} is ${len} characters long, over the maximum ${rules.maxLength}.`,
        at(),
      );
    }
    if (
      this.unique !== undefined &&
      this.unique.add(hashString(text), hashString(text, 0x2545f491)) === 'seen'
    ) {
      log.record(
        'unique',
        this.name,
        'error',
        () => `Column ${this.name} repeats "${clip(text)}", but it must be unique.`,
        at(),
      );
    }
    const known = rules.knownCategories;
    if (known !== undefined && !known.has(key)) {
      log.record(
        'unseen-category',
        this.name,
        'warning',
        () => `Column ${this.name} has the value "${clip(text)}", never seen in the reference.`,
        at(),
      );
    }
  }

  /** The number of non-null values. */
  get count(): number {
    return this.rows - this.nulls;
  }
}

function clip(text: string): string {
  return text.length > 80 ? `${text.slice(0, 79)}…` : text;
}
