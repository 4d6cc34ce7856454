import type { ColumnType } from '../report/data-validation';
import { cellText } from './cell-text';
import { combineHash, hashNumber, hashString } from '../stats/hash';
import { HashSet64 } from '../stats/hash-set64';
import type { NumericSampleOptions } from '../stats/numeric-sample';
import type { Rng } from '../stats/rng';
import { ColumnProfiler } from './column-profiler';
import type { BatchLocator, CellRules } from './column-profiler';
import type { TextParsers } from './text-parsers';
import type { ViolationLog } from './violations';

/**
 * The most rows whose hashes are kept to find duplicate rows and ids (16 bytes each at most):
 * 1,000,000. Past it, a row is still checked against the rows kept, so duplicate counts become
 * lower bounds and memory stays flat.
 */
export const DUPLICATE_ROW_BUDGET = 1_000_000;

/** One batch of rows, as the dataset readers give it. */
export interface ScanBatch extends BatchLocator {
  readonly columns: ReadonlyMap<string, readonly unknown[]>;
  readonly rows: number;
}

export interface ScanOptions {
  readonly rng: Rng;
  readonly parsers: TextParsers;
  readonly typed: boolean;
  /** Whether a column is profiled (the `columns`/`ignore-columns` inputs). */
  readonly include: (column: string) => boolean;
  /** The expected type of a column (declared, or the reference's), undefined to infer. */
  readonly expectedType?: (column: string) => ColumnType | undefined;
  readonly rules?: (column: string) => CellRules | undefined;
  readonly log?: ViolationLog | undefined;
  /** Count fully duplicated rows (over the profiled columns), as findings of this severity. */
  readonly duplicateRows?: 'error' | 'warning' | 'notice' | undefined;
  /** The id column, whose repeats are `duplicate-id` violations. */
  readonly idColumn?: string | undefined;
  readonly sample?: NumericSampleOptions | undefined;
  readonly duplicateBudget?: number;
}

/** What one pass over a dataset found. */
export interface DatasetScan {
  readonly rows: number;
  readonly columns: ReadonlyMap<string, ColumnProfiler>;
  /** Column names in first-seen order (profiled ones only). */
  readonly order: readonly string[];
  /** Every column the reader gave, profiled or left out by `include`, in first-seen order. */
  readonly allColumns: readonly string[];
  /** Rows equal to an earlier row (a lower bound when `duplicatesApproximate`). */
  readonly duplicateRows: number | undefined;
  readonly duplicateIds: number | undefined;
  readonly duplicatesApproximate: boolean;
}

/**
 * Profiles a dataset batch by batch: one {@link ColumnProfiler} per column, plus row hashes for
 * duplicate rows and ids. Feed every batch to {@link add}, then call {@link finish}.
 */
export class DatasetScanner {
  private rows = 0;
  private readonly profilers = new Map<string, ColumnProfiler>();
  private readonly order: string[] = [];
  private readonly seen = new Set<string>();
  private readonly rowSet: HashSet64 | undefined;
  private readonly idSet: HashSet64 | undefined;
  private duplicateRows = 0;
  private duplicateIds = 0;
  private approximate = false;
  private h1 = new Uint32Array(0);
  private h2 = new Uint32Array(0);

  constructor(private readonly options: ScanOptions) {
    const budget = options.duplicateBudget ?? DUPLICATE_ROW_BUDGET;
    this.rowSet = options.duplicateRows ? new HashSet64(budget) : undefined;
    this.idSet = options.idColumn !== undefined ? new HashSet64(budget) : undefined;
  }

  /** Adds one batch. */
  add(batch: ScanBatch): void {
    const o = this.options;
    const n = batch.rows;
    const hashing = this.rowSet !== undefined;
    if (hashing) {
      if (this.h1.length < n) {
        this.h1 = new Uint32Array(n);
        this.h2 = new Uint32Array(n);
      }
      this.h1.fill(0x811c9dc5, 0, n);
      this.h2.fill(0x01000193, 0, n);
    }
    for (const [name, values] of batch.columns) {
      this.seen.add(name);
      if (!o.include(name)) continue;
      let p = this.profilers.get(name);
      if (p === undefined) {
        p = new ColumnProfiler(name, {
          rng: o.rng,
          parsers: o.parsers,
          typed: o.typed,
          expectedType: o.expectedType?.(name),
          rules: o.rules?.(name),
          log: o.log,
          sample: o.sample,
        });
        if (this.rows > 0) p.addMissing(this.rows);
        this.profilers.set(name, p);
        this.order.push(name);
      }
      p.addValues(values, batch);
      if (hashing) this.hashColumn(name, values, n);
      if (name === o.idColumn) this.checkIds(values, batch);
    }
    if (hashing) this.checkRows(batch, n);
    this.rows += n;
    // A column missing from this batch (JSON rows without the key) was null in it.
    for (const [name, p] of this.profilers) if (!batch.columns.has(name)) p.addMissing(n);
  }

  private hashColumn(name: string, values: readonly unknown[], n: number): void {
    const h1 = this.h1;
    const h2 = this.h2;
    const salt = hashString(name);
    for (let i = 0; i < n; i++) {
      const v = values[i];
      let a: number;
      let b: number;
      if (typeof v === 'number') {
        a = hashNumber(v, salt);
        b = hashNumber(v, salt ^ 0x5bd1e995);
      } else if (typeof v === 'string') {
        a = hashString(v, salt);
        b = hashString(v, salt ^ 0x5bd1e995);
      } else if (v === null || v === undefined) {
        a = salt ^ 0x1b873593;
        b = salt ^ 0xcc9e2d51;
      } else {
        const text = v instanceof Date ? `d${v.getTime()}` : cellText(v);
        a = hashString(text, salt ^ 0x27d4eb2f);
        b = hashString(text, salt ^ 0x165667b1);
      }
      h1[i] = combineHash(h1[i] as number, a);
      h2[i] = combineHash(h2[i] as number, b);
    }
  }

  private checkRows(batch: ScanBatch, n: number): void {
    const set = this.rowSet as HashSet64;
    for (let i = 0; i < n; i++) {
      const r = set.add(this.h1[i] as number, this.h2[i] as number);
      if (r === 'seen') {
        this.duplicateRows++;
        this.options.log?.record(
          'duplicate-row',
          undefined,
          this.options.duplicateRows ?? 'warning',
          () => 'This row repeats an earlier row exactly.',
          { file: batch.file, line: batch.lineOf(i) },
        );
      } else if (r === 'full') {
        this.approximate = true;
      }
    }
  }

  private checkIds(values: readonly unknown[], batch: ScanBatch): void {
    const set = this.idSet as HashSet64;
    const column = this.options.idColumn as string;
    for (let i = 0; i < values.length; i++) {
      const v = values[i];
      if (v === null || v === undefined) continue;
      const text = cellText(v);
      const r = set.add(hashString(text), hashString(text, 0x2545f491));
      if (r === 'seen') {
        this.duplicateIds++;
        this.options.log?.record(
          'duplicate-id',
          column,
          'error',
          () =>
            `The id ${text.length > 80 ? `${text.slice(0, 79)}…` : text} repeats an earlier row's id.`,
          { file: batch.file, line: batch.lineOf(i) },
        );
      } else if (r === 'full') {
        this.approximate = true;
      }
    }
  }

  /** The result of the pass. */
  finish(): DatasetScan {
    return {
      rows: this.rows,
      columns: this.profilers,
      order: this.order,
      allColumns: [...this.seen],
      duplicateRows: this.rowSet === undefined ? undefined : this.duplicateRows,
      duplicateIds: this.idSet === undefined ? undefined : this.duplicateIds,
      duplicatesApproximate: this.approximate,
    };
  }
}
