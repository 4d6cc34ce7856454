import { z } from 'zod';
import { parseConfigDocument } from '../../config-document';
import { DataError } from '../../errors';
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

/**
 * The `Case "x": assertion 2 (contains)` prefix of messages about assertions written at
 * `source`. The file is not in it: {@link assertionError} puts it in the error's location,
 * which `formatError` prints once.
 */
export function describeSource(source: SpecSource, index?: number, type?: string): string {
  const parts: string[] = [];
  if (source.caseId !== undefined) parts.push(`case "${source.caseId}"`);
  if (index !== undefined) {
    parts.push(`assertion ${index + 1}${type === undefined ? '' : ` (${type})`}`);
  }
  const text = parts.length > 0 ? parts.join(': ') : 'the assertions';
  return `${text.charAt(0).toUpperCase()}${text.slice(1)}`;
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
  if (source.caseId === undefined) {
    return parseAssertionList(parseConfigDocument(text, source.file, 'assertions').value, source);
  }
  let value: unknown;
  try {
    value = parseConfigDocument(text, source.file, 'assertions').value;
  } catch (err) {
    // A cell's own line and column mean nothing in the file: point at the case's row instead.
    if (!(err instanceof DataError)) throw err;
    throw assertionError(
      source,
      `${describeSource(source)}: its assertions cell is refused: ${err.message}`,
    );
  }
  return parseAssertionList(value, source);
}
