import type { Batch } from './batch';
import type { ReadContext } from './read-context';
import type { CellValue } from './types';

/**
 * Gathers JSON objects into columnar batches: the columns are the union of the keys in first-seen
 * order, a key missing from a row is null, nested values are kept as they are. With a projection,
 * only the projected keys are kept, and each is always present.
 */
export class ObjectRows {
  private columns = new Map<string, CellValue[]>();
  private lines: number[] = [];
  private readonly ready: Batch[] = [];
  /** The previous row's keys and their columns (in this batch), by position. */
  private keys: string[] = [];
  private keyColumns: CellValue[][] = [];

  constructor(
    private readonly file: string,
    private readonly ctx: ReadContext,
  ) {
    this.reset();
  }

  /** Adds one row that starts at `line`. */
  add(row: Record<string, unknown>, line: number): void {
    const r = this.lines.length;
    const projection = this.ctx.projection;
    if (projection !== undefined) {
      const seen = this.ctx.projectedSeen;
      this.ctx.firstRowKeys ??= Object.keys(row).slice(0, 1000);
      const checking = seen.size < projection.length;
      for (const name of projection) {
        const has = Object.hasOwn(row, name);
        if (checking && has) seen.add(name);
        const value = has ? row[name] : null;
        this.columns.get(name)!.push(value ?? null);
      }
    } else {
      // Rows of a file mostly have the same keys in the same order: look a key's column up by
      // its place in the previous row first, and in the map only when it differs.
      const keys = this.keys;
      const cols = this.keyColumns;
      let k = 0;
      for (const key in row) {
        let column = cols[k];
        if (column === undefined || keys[k] !== key) {
          column = this.columns.get(key);
          if (column === undefined) {
            column = [];
            this.columns.set(key, column);
            this.ctx.known.add(key);
          }
          keys[k] = key;
          cols[k] = column;
        }
        k++;
        while (column.length < r) column.push(null);
        column.push(row[key] ?? null);
      }
    }
    this.lines.push(line);
    if (this.lines.length >= this.ctx.batchRows) this.flush();
  }

  /** The batches made so far; with `final`, also the last partial one. */
  take(final = false): Batch[] {
    if (final && this.lines.length > 0) this.flush();
    return this.ready.splice(0);
  }

  private flush(): void {
    const rows = this.lines.length;
    for (const column of this.columns.values()) while (column.length < rows) column.push(null);
    this.ready.push(this.ctx.batch(this.file, this.columns, rows, this.lines));
    this.reset();
  }

  private reset(): void {
    this.columns = new Map();
    this.keys = [];
    this.keyColumns = [];
    this.lines = [];
    for (const name of this.ctx.projection ?? this.ctx.known.names) this.columns.set(name, []);
  }
}

/** A short description of a JSON value's kind, for messages. */
export function jsonKind(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'an array';
  return typeof value === 'string' ? 'a string' : `a ${typeof value}`;
}

/** Whether `value` is a JSON object (not an array, not null). */
export function isJsonObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
