import type { ColumnType } from '../report/data-validation';
import type { CellRules } from './column-profiler';
import { inferType } from './column-summary';
import type { DatasetScan } from './dataset-scanner';
import type { DataSchema } from './schema';

/**
 * What the data pass checks on each cell, from the schema and the reference: the expected type
 * of each column (declared, else the reference's inferred type), and its cell rules.
 */
export interface DataPassPlan {
  readonly expectedType: (column: string) => ColumnType | undefined;
  readonly rules: (column: string) => CellRules | undefined;
}

/** The plan for the reference pass: only the declared types (the reference is not checked). */
export function referencePassPlan(schema: DataSchema | undefined): DataPassPlan {
  return {
    expectedType: (column) => schema?.columns[column]?.type ?? undefined,
    rules: () => undefined,
  };
}

/** The plan for the data pass. */
export function dataPassPlan(
  schema: DataSchema | undefined,
  reference: DatasetScan | undefined,
): DataPassPlan {
  const expectedType = (column: string): ColumnType | undefined => {
    const declared = schema?.columns[column]?.type;
    if (declared !== undefined) return declared;
    const ref = reference?.columns.get(column);
    return ref !== undefined && ref.count > 0 ? inferType(ref) : undefined;
  };
  return {
    expectedType,
    rules: (column) => {
      const c = schema?.columns[column] ?? undefined;
      const type = expectedType(column);
      const ref = reference?.columns.get(column);
      const categorical = type === 'string' || type === 'category' || type === 'boolean';
      const knownCategories =
        ref !== undefined &&
        categorical &&
        type !== 'boolean' &&
        ref.count > 0 &&
        !ref.freq.overflowed
          ? ref.freq
          : undefined;
      if (c === undefined && knownCategories === undefined) return undefined;
      const allowed = c?.allowed;
      return {
        nullable: c?.nullable,
        min: c?.min,
        max: c?.max,
        allowedText: allowed === undefined ? undefined : new Set(allowed.map(String)),
        allowedNumbers:
          allowed === undefined ? undefined : new Set(allowed.map(Number).filter(Number.isFinite)),
        regex: c?.regex === undefined ? undefined : new RegExp(c.regex, 'u'),
        minLength: c?.['min-length'],
        maxLength: c?.['max-length'],
        unique: c?.unique,
        knownCategories,
      };
    },
  };
}
