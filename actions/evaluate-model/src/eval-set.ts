import { DataError, labelOf } from '@modelgate/core';
import type { InputFingerprint } from '@modelgate/core';
import { fingerprintFile, readAllRows } from '@modelgate/data';
import type { EvalRow } from '@modelgate/models';
import { Input } from './inputs';

/** The golden eval set, read whole, with its fingerprint. */
export interface EvalSet {
  readonly path: string;
  readonly fingerprint: InputFingerprint;
  readonly columns: readonly string[];
  readonly rows: readonly EvalRow[];
  /** The label of each row (same order as `rows`), as read. */
  readonly expected: readonly unknown[];
  /** Slice column values of each row, as text. */
  readonly slices: readonly Readonly<Record<string, string>>[] | undefined;
  /** True when there is no id column and ids are row indexes. */
  readonly idsFromIndex: boolean;
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
  const all = await readAllRows(path, options.cwd === undefined ? {} : { cwd: options.cwd });
  const columns = all.columns;
  const need = (name: string, input: string): void => {
    if (!columns.includes(name)) {
      throw new DataError(
        `The eval set ${path} has no column "${name}" (input '${input}'). Its columns: ${columns.slice(0, 30).join(', ')}.`,
        { hint: `Set '${input}' to one of the columns.`, location: { file: path } },
      );
    }
  };
  need(options.labelColumn, Input.LabelColumn);
  for (const column of options.sliceBy) need(column, Input.SliceBy);
  const idsFromIndex = !columns.includes(options.idColumn);

  const rows: EvalRow[] = [];
  const expected: unknown[] = [];
  const slices: Record<string, string>[] | undefined = options.sliceBy.length > 0 ? [] : undefined;
  const lineOfId = new Map<string, number>();
  all.rows.forEach((row, index) => {
    const values = row.values;
    let id: string;
    if (idsFromIndex) id = String(index);
    else {
      const raw = labelOf(values[options.idColumn]);
      if (raw === undefined) {
        throw new DataError(
          `Row ${index + 1} of ${path} has no id in column "${options.idColumn}".`,
          {
            hint: 'Every eval row needs a unique id (check-regression pairs examples by id).',
            location: { file: row.file, line: row.line },
          },
        );
      }
      id = raw;
    }
    const seenAt = lineOfId.get(id);
    if (seenAt !== undefined) {
      throw new DataError(
        `The eval set ${path} has id ${JSON.stringify(id)} twice (lines ${seenAt} and ${row.line}).`,
        {
          hint: 'Ids must be unique.',
          location: { file: row.file, line: row.line },
        },
      );
    }
    lineOfId.set(id, row.line);
    const label = values[options.labelColumn];
    if (labelOf(label) === undefined) {
      throw new DataError(
        `Row ${index + 1} of ${path} has no label in column "${options.labelColumn}".`,
        {
          hint: 'Every eval row needs its expected label (or value).',
          location: { file: row.file, line: row.line },
        },
      );
    }
    rows.push({ id, index, fields: values });
    expected.push(label);
    if (slices) {
      const s: Record<string, string> = {};
      for (const column of options.sliceBy) s[column] = labelOf(values[column]) ?? '(missing)';
      slices.push(s);
    }
  });
  return {
    path,
    fingerprint: { role: 'dataset', path, sha256: fp.sha256, bytes: fp.bytes, rows: rows.length },
    columns,
    rows,
    expected,
    slices,
    idsFromIndex,
  };
}
