import { parse as parseYaml, YAMLParseError } from 'yaml';
import { z } from 'zod';
import { DataError, getErrorMessage } from '../../errors';
import { NORMALIZE_STEPS } from './equals';
import { BASE_ASSERTION_TYPES } from './types';
import type { BaseAssertionType } from './types';

/**
 * One assertion as a user writes it, promptfoo-like: `{ type, value, threshold, weight }`, plus
 * `normalize` (equals), `flags` (regex) and `maxDistance` (levenshtein). `type` may carry a
 * `not-` prefix, which negates it. Unknown keys are rejected, to catch typos.
 */
export const AssertionSpec = z.strictObject({
  type: z.string().min(1),
  value: z.unknown().optional(),
  threshold: z.number().min(0).max(1).optional(),
  weight: z.number().nonnegative().optional(),
  normalize: z.union([z.boolean(), z.array(z.enum(NORMALIZE_STEPS))]).optional(),
  flags: z
    .string()
    .regex(/^[dimsuv]*$/, 'regex flags are some of d, i, m, s, u, v')
    .optional(),
  maxDistance: z.number().int().nonnegative().optional(),
});
export type AssertionSpec = z.infer<typeof AssertionSpec>;

/** Where assertions were written, for error messages: a file, maybe a line, maybe a case. */
export interface SpecSource {
  readonly file: string;
  readonly line?: number;
  readonly caseId?: string;
}

/** The `file (case "x")` prefix of messages about assertions written at `source`. */
export function describeSource(source: SpecSource, index?: number, type?: string): string {
  const where =
    source.caseId === undefined ? source.file : `${source.file} (case "${source.caseId}")`;
  if (index === undefined) return where;
  return `${where}: assertion ${index + 1}${type === undefined ? '' : ` (${type})`}`;
}

/** A {@link DataError} about the assertions at `source`, pointing at the file and line. */
export function assertionError(source: SpecSource, message: string, hint?: string): DataError {
  return new DataError(message, {
    ...(hint !== undefined && { hint }),
    location: { file: source.file, ...(source.line !== undefined && { line: source.line }) },
  });
}

/** Splits `not-contains` into its base type and negation; undefined for an unknown type. */
export function parseAssertionType(
  type: string,
): { base: BaseAssertionType; negate: boolean } | undefined {
  const negate = type.startsWith('not-');
  const base = negate ? type.slice(4) : type;
  return (BASE_ASSERTION_TYPES as readonly string[]).includes(base)
    ? { base: base as BaseAssertionType, negate }
    : undefined;
}

/**
 * Validates a parsed list of assertions: an array, or `{ assertions: [...] }`. A case with no
 * assertions (null, undefined or '') gives []. Throws a {@link DataError} naming the file, the
 * case and the assertion when one is malformed or of an unknown type.
 */
export function parseAssertionList(value: unknown, source: SpecSource): AssertionSpec[] {
  if (value === null || value === undefined || value === '') return [];
  const list =
    typeof value === 'object' && !Array.isArray(value) && 'assertions' in value
      ? value.assertions
      : value;
  const items = Array.isArray(list) ? list : [list];
  return items.map((item, index) => {
    const result = AssertionSpec.safeParse(item);
    if (!result.success) {
      const issue = result.error.issues[0];
      const path = issue && issue.path.length > 0 ? `${issue.path.join('.')}: ` : '';
      const type =
        typeof item === 'object' &&
        item !== null &&
        typeof (item as { type?: unknown }).type === 'string'
          ? (item as { type: string }).type
          : undefined;
      throw assertionError(
        source,
        `${describeSource(source, index, type)} is malformed: ${path}${issue?.message ?? 'invalid'}.`,
        'An assertion is { type, value, threshold, weight }, e.g. { type: contains, value: "Paris" }.',
      );
    }
    if (parseAssertionType(result.data.type) === undefined) {
      throw assertionError(
        source,
        `${describeSource(source, index)} has an unknown type "${result.data.type}".`,
        `Known types (each may be negated with not-): ${BASE_ASSERTION_TYPES.join(', ')}.`,
      );
    }
    return result.data;
  });
}

/**
 * Parses assertion text: YAML or JSON (an array, or `{ assertions: [...] }`). Used for the
 * `assertions` file and for a dataset cell that holds its case's assertions as text.
 */
export function parseAssertionText(text: string, source: SpecSource): AssertionSpec[] {
  let value: unknown;
  try {
    value = parseYaml(text);
  } catch (err) {
    const line = err instanceof YAMLParseError ? err.linePos?.[0]?.line : undefined;
    const where = source.caseId === undefined && line !== undefined ? { ...source, line } : source;
    throw assertionError(
      where,
      `${describeSource(source)}: the assertions are not valid YAML or JSON: ${getErrorMessage(err)}`,
    );
  }
  return parseAssertionList(value, source);
}
