import { DataError, labelOf, setOwn } from '@modelgate/core';
import type { InputFingerprint } from '@modelgate/core';
import { fingerprintFile, readColumns } from '@modelgate/data';
import type { ColumnTable } from '@modelgate/data';
import type { EvalRow } from '@modelgate/models';
import { Input } from './inputs';

/** The golden eval set, read whole (column by column), with its fingerprint. */
export interface EvalSet {
  readonly path: string;
  readonly fingerprint: InputFingerprint;
  readonly columns: readonly string[];
  /** How many rows. */
  readonly size: number;
  /** The id of each row: the id column as text, or the 0-based row index as text. */
  readonly ids: readonly string[];
  /**
   * The one id index: each id → its row index. Built once while checking that ids are unique;
   * sources match their ids against it, and what is not in it is unknown.
   */
  readonly idIndex: ReadonlyMap<string, number>;
  /** The label of each row (same order as `ids`), as read. */
  readonly expected: readonly unknown[];
  /** Slice column values of each row, as text. */
  readonly slices: readonly Readonly<Record<string, string>>[] | undefined;
  /** True when there is no id column and ids are row indexes. */
  readonly idsFromIndex: boolean;
  /** Row `index` as a source sees it. Its `fields` object is made when first read. */
  row(index: number): EvalRow;
}

export interface EvalSetOptions {
  readonly path: string;
  readonly idColumn: string;
  readonly labelColumn: string;
  readonly sliceBy: readonly string[];
  readonly expectedSha256: string | undefined;
  readonly cwd?: string;
}

/**
 * Reads the eval set and checks it: the sha256 (when pinned), the label and slice columns, unique
 * ids, and a label on every row. Throws a DataError naming the file and line, or the input.
 */
export async function loadEvalSet(options: EvalSetOptions): Promise<EvalSet> {
  const { path } = options;
  const fp = await fingerprintFile(path, options.cwd);
  if (options.expectedSha256 !== undefined && fp.sha256 !== options.expectedSha256) {
    throw new DataError(
      `The eval set ${path} has changed: its sha256 is ${fp.sha256}, but '${Input.ExpectedSha256}' pins ${options.expectedSha256}.`,
      {
        code: 'dataset-changed',
        hint: `If the change is intended, update '${Input.ExpectedSha256}' (and the baseline); else restore the file.`,
        location: { file: path },
      },
    );
  }
  const table = await readColumns(path, options.cwd === undefined ? {} : { cwd: options.cwd });
  const columns = table.columns;
  const need = (name: string, input: string): readonly unknown[] => {
    const column = table.column(name);
    if (column === undefined) {
      throw new DataError(
        `The eval set ${path} has no column "${name}" (input '${input}'). Its columns: ${columns.slice(0, 30).join(', ')}.`,
        { hint: `Set '${input}' to one of the columns.`, location: { file: path } },
      );
    }
    return column;
  };
  const expected = jsonColumn(need(options.labelColumn, Input.LabelColumn));
  const sliceColumns = options.sliceBy.map((name) => need(name, Input.SliceBy));
  const idColumn = table.column(options.idColumn);
  const idsFromIndex = idColumn === undefined;
  const where = (index: number) => ({ file: table.fileOf(index), line: table.lineOf(index) });

  const size = table.rows;
  const ids = new Array<string>(size);
  const idIndex = new Map<string, number>();
  for (let index = 0; index < size; index++) {
    let id: string;
    if (idColumn === undefined) id = String(index);
    else {
      const raw = idColumn[index];
      const text = typeof raw === 'string' && raw !== '' ? raw : labelOf(raw);
      if (text === undefined) {
        throw new DataError(
          `Row ${index + 1} of ${path} has no id in column "${options.idColumn}".`,
          {
            hint: 'Every eval row needs a unique id (check-regression pairs examples by id).',
            location: where(index),
          },
        );
      }
      id = text;
    }
    const seenAt = idIndex.get(id);
    if (seenAt !== undefined) {
      throw new DataError(
        `The eval set ${path} has id ${JSON.stringify(id)} twice (lines ${table.lineOf(seenAt)} and ${table.lineOf(index)}).`,
        { hint: 'Ids must be unique.', location: where(index) },
      );
    }
    idIndex.set(id, index);
    ids[index] = id;
    if (labelOf(expected[index]) === undefined) {
      throw new DataError(
        `Row ${index + 1} of ${path} has no label in column "${options.labelColumn}".`,
        { hint: 'Every eval row needs its expected label (or value).', location: where(index) },
      );
    }
  }
  let slices: Readonly<Record<string, string>>[] | undefined;
  if (sliceColumns.length > 0) {
    // Rows with the same slice values share one (frozen) object: there are few combinations.
    slices = new Array<Readonly<Record<string, string>>>(size);
    const root: SliceNode = { next: new Map() };
    for (let index = 0; index < size; index++) {
      let node = root;
      for (let c = 0; c < sliceColumns.length; c++) {
        const value = labelOf(sliceColumns[c]![index]) ?? '(missing)';
        let child = node.next.get(value);
        if (child === undefined) {
          child = { next: new Map() };
          node.next.set(value, child);
        }
        node = child;
      }
      if (node.values === undefined) {
        const s: Record<string, string> = {};
        for (let c = 0; c < sliceColumns.length; c++) {
          const value = labelOf(sliceColumns[c]![index]) ?? '(missing)';
          setOwn(s, options.sliceBy[c] as string, value);
        }
        node.values = Object.freeze(s);
      }
      slices[index] = node.values;
    }
  }
  return {
    path,
    fingerprint: { role: 'dataset', path, sha256: fp.sha256, bytes: fp.bytes, rows: size },
    columns,
    size,
    ids,
    idIndex,
    expected,
    slices,
    idsFromIndex,
    row: (index) => new TableRow(ids[index] as string, index, table),
  };
}

/** A trie of slice values: one level per slice column. */
interface SliceNode {
  readonly next: Map<string, SliceNode>;
  values?: Readonly<Record<string, string>>;
}

/** An eval row backed by the table: `fields` (every column, null when missing) is made once, on
 * first use, so that sources that need only the id (a predictions file) cost no object per row. */
class TableRow implements EvalRow {
  #fields: Readonly<Record<string, unknown>> | undefined;

  constructor(
    readonly id: string,
    readonly index: number,
    private readonly table: ColumnTable,
  ) {}

  get fields(): Readonly<Record<string, unknown>> {
    if (this.#fields === undefined) {
      const values: Record<string, unknown> = {};
      for (const name of this.table.columns) {
        setOwn(values, name, jsonCell(this.table.column(name)?.[this.index] ?? null));
      }
      this.#fields = values;
    }
    return this.#fields;
  }
}

/**
 * A cell as JSON can carry it. Parquet's INT64 values beyond ±2^53 come from the reader as
 * bigint, which JSON has no form for (`JSON.stringify` throws): they become their decimal text,
 * every digit kept, also inside lists and structs. Labels compare as text anyway, and a
 * regression target's text is read as a number. A cell with no bigint in it is returned as it
 * is (a list or struct is copied only when something inside it changes).
 */
export function jsonCell(value: unknown): unknown {
  if (typeof value === 'bigint') return value.toString();
  if (value === null || typeof value !== 'object' || value instanceof Date) return value;
  if (Array.isArray(value)) {
    const items = value as readonly unknown[];
    let out: unknown[] | undefined;
    for (let i = 0; i < items.length; i++) {
      const v = jsonCell(items[i]);
      if (v !== items[i]) (out ??= items.slice())[i] = v;
    }
    return out ?? items;
  }
  const entries: [string, unknown][] = Object.entries(value);
  let changed = false;
  for (const entry of entries) {
    const v = jsonCell(entry[1]);
    if (v !== entry[1]) {
      entry[1] = v;
      changed = true;
    }
  }
  if (!changed) return value;
  const out: Record<string, unknown> = {};
  for (const [key, v] of entries) setOwn(out, key, v);
  return out;
}

/** The column with {@link jsonCell} applied, or the column itself when no cell needs it. */
function jsonColumn(column: readonly unknown[]): readonly unknown[] {
  for (let i = 0; i < column.length; i++) {
    const v = column[i];
    if (typeof v === 'bigint' || (v !== null && typeof v === 'object')) return column.map(jsonCell);
  }
  return column;
}
