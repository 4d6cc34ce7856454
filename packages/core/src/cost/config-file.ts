import type { z } from 'zod';
import { parseConfigDocument } from '../config-document';
import { DataError } from '../errors';

/**
 * Parses a YAML (or JSON, which is YAML) config file's text against a zod schema. `file` names
 * it in errors. Throws a {@link DataError} that names the file, the line, the path of the bad
 * key inside the file (e.g. `segments.1.requests-per-month`) and what was wrong with it.
 */
export function parseConfigFile<T>(
  text: string,
  file: string,
  schema: z.ZodType<T>,
  what: string,
): T {
  const doc = parseConfigDocument(text, file, what);
  const result = schema.safeParse(doc.value ?? {});
  if (result.success) return result.data;
  // An unknown key explains the missing one next to it (a typo): say it first.
  const issues = [...result.error.issues].sort(
    (a, b) => Number(b.code === 'unrecognized_keys') - Number(a.code === 'unrecognized_keys'),
  );
  const [issue] = issues;
  const path = issue?.path ?? [];
  const keys = path.map((key) => (typeof key === 'symbol' ? String(key) : key));
  const line = doc.lineOf(keys);
  const where = keys.length > 0 ? keys.join('.') : '(top level)';
  const more =
    result.error.issues.length > 1 ? ` (and ${result.error.issues.length - 1} more problems)` : '';
  throw new DataError(`${where}: ${issue?.message ?? 'invalid'}${more}.`, {
    hint: `See the ${what} format in the estimate-cost README and examples/.`,
    location: line === undefined ? { file } : { file, line },
  });
}
