import { z } from 'zod';
import { parseConfigDocument } from '../config-document';
import type { ConfigDocument } from '../config-document';
import { DataError } from '../errors';
import type { SourceLocation } from '../errors';
import { ColumnType, DriftMethod } from '../report/data-validation';

/**
 * The data schema file of validate-data (YAML or JSON, keys in kebab-case), validated with zod.
 * Unknown keys are errors, so that a typo (`max-lenght`) is caught rather than ignored.
 */

/** What to do about a condition the user may accept: ignore it, warn, or fail the gate. */
export const Policy = z.enum(['allow', 'warn', 'fail']);
export type Policy = z.infer<typeof Policy>;

const scalar = z.union([z.string(), z.number(), z.boolean()]);

/** The declaration of one column. Every constraint is optional. */
export const ColumnSchema = z.strictObject({
  type: ColumnType.optional(),
  /** Whether the column must be present (default true). */
  required: z.boolean().optional(),
  /** `false`: any null is a violation. */
  nullable: z.boolean().optional(),
  /** The largest share of nulls allowed, a fraction in [0, 1]. */
  'max-null-fraction': z.number().min(0).max(1).optional(),
  min: z.number().optional(),
  max: z.number().optional(),
  /** The only values allowed (compared as text for strings, as numbers for numbers). */
  allowed: z.array(scalar).min(1).optional(),
  /** A JavaScript regular expression every string value must match (anchor it yourself). */
  regex: z.string().refine(isRegex, { message: 'not a valid regular expression' }).optional(),
  unique: z.boolean().optional(),
  'min-length': z.number().int().nonnegative().optional(),
  'max-length': z.number().int().nonnegative().optional(),
  /** The drift test of this column, overriding the `drift-method`/`drift-threshold` inputs. */
  drift: z
    .strictObject({
      method: z.union([DriftMethod, z.literal('auto'), z.literal('none')]).optional(),
      threshold: z.number().positive().optional(),
    })
    .optional(),
});
export type ColumnSchema = z.infer<typeof ColumnSchema>;

/** The whole schema file. */
export const DataSchema = z.strictObject({
  version: z.literal(1).optional(),
  columns: z.record(z.string(), ColumnSchema.nullable()).default({}),
  /** Columns not declared: allowed, warned about (default) or failing. */
  'extra-columns': Policy.optional(),
  rows: z
    .strictObject({
      min: z.number().int().nonnegative().optional(),
      max: z.number().int().nonnegative().optional(),
    })
    .optional(),
  /** The label (target) column: its distribution drift is tested on its own. */
  label: z.string().optional(),
  /** The id column: duplicate ids are violations. */
  id: z.string().optional(),
  /** Fully duplicated rows: allowed, warned about (default) or failing. */
  'duplicate-rows': Policy.optional(),
});
export type DataSchema = z.infer<typeof DataSchema>;

function isRegex(source: string): boolean {
  try {
    new RegExp(source, 'u');
    return true;
  } catch {
    return false;
  }
}

/**
 * Parses and validates a schema file's text. `file` names it in errors.
 * @throws DataError naming the file, the line and the path in it (e.g. `columns.age.min`) and
 *   what is wrong, for a YAML/JSON syntax error or a value that does not fit the schema.
 */
export function parseDataSchema(text: string, file: string): DataSchema {
  const doc = parseConfigDocument(text, file, 'schema');
  const value: unknown = doc.value ?? {};
  const result = DataSchema.safeParse(value);
  if (result.success) {
    checkDeclaresSomething(result.data, file);
    checkRanges(result.data, file, doc);
    return result.data;
  }
  const issue = result.error.issues[0]!;
  const path = issue.path.map(String);
  const line = doc.lineOf(path);
  const where = path.length > 0 ? path.join('.') : '(top level)';
  const more =
    result.error.issues.length > 1 ? ` (and ${result.error.issues.length - 1} more)` : '';
  throw new DataError(`${where}: ${describeIssue(issue)}${more}.`, {
    code: 'schema',
    hint: 'See the validate-data README for the schema keys; `infer-schema` writes a valid draft.',
    location: line === undefined ? { file } : { file, line },
  });
}

/**
 * An empty schema file (or one with only comments, `version`, an empty `columns` or `rows`)
 * would check nothing while the step passes: most likely the wrong file or a truncated one.
 */
function checkDeclaresSomething(schema: DataSchema, file: string): void {
  const declares =
    Object.keys(schema.columns).length > 0 ||
    schema['extra-columns'] !== undefined ||
    schema.rows?.min !== undefined ||
    schema.rows?.max !== undefined ||
    schema.label !== undefined ||
    schema.id !== undefined ||
    schema['duplicate-rows'] !== undefined;
  if (declares) return;
  throw new DataError(
    'The schema file declares nothing (it is empty, or holds only comments, `version`, an empty `columns` or `rows`): validating against it would check nothing.',
    {
      code: 'schema',
      hint: 'Point `schema` at the schema you meant, or start one with `infer-schema`; leave `schema` unset to validate without one.',
      location: { file },
    },
  );
}

function describeIssue(issue: z.core.$ZodIssue): string {
  if (issue.code === 'unrecognized_keys')
    return `unknown key${issue.keys.length > 1 ? 's' : ''} ${issue.keys.map((k) => `'${k}'`).join(', ')}`;
  return issue.message;
}

function checkRanges(schema: DataSchema, file: string, doc: ConfigDocument): void {
  const at = (path: string[]): SourceLocation => {
    const line = doc.lineOf(path);
    return line === undefined ? { file } : { file, line };
  };
  for (const [name, column] of Object.entries(schema.columns)) {
    if (column?.min !== undefined && column.max !== undefined && column.min > column.max) {
      throw new DataError(`columns.${name}: min (${column.min}) is above max (${column.max}).`, {
        code: 'schema',
        location: at(['columns', name, 'max']),
      });
    }
    if (
      column?.['min-length'] !== undefined &&
      column['max-length'] !== undefined &&
      column['min-length'] > column['max-length']
    ) {
      throw new DataError(`columns.${name}: min-length is above max-length.`, {
        code: 'schema',
        location: at(['columns', name, 'max-length']),
      });
    }
  }
  const rows = schema.rows;
  if (rows?.min !== undefined && rows.max !== undefined && rows.min > rows.max) {
    throw new DataError(`rows: min (${rows.min}) is above max (${rows.max}).`, {
      code: 'schema',
      location: at(['rows', 'max']),
    });
  }
}
