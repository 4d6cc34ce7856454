import { DataError, InputError, quoteColumn, unknownColumnText } from '@modelgate/core';
import type { DataSchema } from '@modelgate/core';
import { Input } from './inputs';
import type { Inputs } from './inputs';

/** A column name the user wrote: which input or schema key, and the name. */
interface NamedColumn {
  readonly name: string;
  /** An input's name, or a schema key (`label`, `id`). */
  readonly source: { readonly input: string } | { readonly schemaKey: string };
}

/**
 * Checks that every column the inputs and the schema name by itself (`label-column`,
 * `id-column`, each `ignore-columns` entry, the schema's `label` and `id`) is a column of the
 * data, and that the label and id columns are not left out by `columns` or `ignore-columns`
 * (an id left out is never checked for repeats). The schema's `columns` keys are not checked
 * here: a declared column that is missing is a `missing-column` finding.
 *
 * @param allColumns every column read from the data and the reference, profiled or not.
 * @throws InputError naming the input, the unknown name, the closest column and the columns;
 *   DataError (code `schema`, the schema file as location) for the schema's keys.
 */
export function checkNamedColumns(args: {
  readonly inputs: Inputs;
  readonly schema: DataSchema | undefined;
  readonly allColumns: readonly string[];
}): void {
  const { inputs, schema, allColumns } = args;
  const where =
    inputs.reference === undefined ? inputs.data : `${inputs.data} or ${inputs.reference}`;
  const named: NamedColumn[] = [];
  if (inputs.labelColumn !== undefined)
    named.push({ name: inputs.labelColumn, source: { input: Input.LabelColumn } });
  if (inputs.idColumn !== undefined)
    named.push({ name: inputs.idColumn, source: { input: Input.IdColumn } });
  for (const name of inputs.ignoreColumns)
    named.push({ name, source: { input: Input.IgnoreColumns } });
  if (schema?.label !== undefined)
    named.push({ name: schema.label, source: { schemaKey: 'label' } });
  if (schema?.id !== undefined) named.push({ name: schema.id, source: { schemaKey: 'id' } });

  const read = new Set(allColumns);
  const ignored = new Set(inputs.ignoreColumns);
  const kept = inputs.columns === undefined ? undefined : new Set(inputs.columns);
  for (const { name, source } of named) {
    const isIgnoreEntry = 'input' in source && source.input === Input.IgnoreColumns;
    let problem: string | undefined;
    let hint: string;
    if (isIgnoreEntry && kept !== undefined && !kept.has(name)) {
      problem = `names the column ${quoteColumn(name)}, which is not among the columns the input '${Input.Columns}' reads (${[...kept].map(quoteColumn).join(', ')}).`;
      hint = `Leave it out of '${Input.IgnoreColumns}', or list the columns to read in '${Input.Columns}' only.`;
    } else if (!isIgnoreEntry && kept !== undefined && !kept.has(name)) {
      problem = `names the column ${quoteColumn(name)}, which the input '${Input.Columns}' leaves out (it reads only ${[...kept].map(quoteColumn).join(', ')}).`;
      hint = `Add ${quoteColumn(name)} to '${Input.Columns}'.`;
    } else if (!isIgnoreEntry && ignored.has(name)) {
      problem = `names the column ${quoteColumn(name)}, which the input '${Input.IgnoreColumns}' leaves out.`;
      hint = `Remove ${quoteColumn(name)} from '${Input.IgnoreColumns}'.`;
    } else if (!read.has(name)) {
      problem = unknownColumnText(name, allColumns, where);
      hint = 'Column names are case-sensitive; use one of the columns listed.';
    } else {
      continue;
    }
    if ('input' in source) {
      throw new InputError(`Input '${source.input}' ${problem}`, { hint });
    }
    throw new DataError(`The schema's '${source.schemaKey}' ${problem}`, {
      code: 'schema',
      hint,
      location: { file: inputs.schema ?? 'schema' },
    });
  }
}
