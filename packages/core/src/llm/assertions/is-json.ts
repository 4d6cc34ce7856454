import { Ajv } from 'ajv';
import type { ValidateFunction } from 'ajv';
import { Ajv2020 } from 'ajv/dist/2020.js';
import type { Check } from './types';

/** A compiled JSON Schema validator, or the reason the schema is invalid. */
export type SchemaValidator = ValidateFunction | { error: string };

const DRAFT_07 = /json-schema\.org\/draft-0[67]\/schema/;

/**
 * Compiles a JSON Schema with ajv. The draft follows `$schema`: draft-07 (and draft-06) URIs use
 * ajv's draft-07 validator; anything else, including no `$schema`, uses draft 2020-12. `format`
 * keywords are accepted but not validated (no format plugin is bundled). Unknown keywords are
 * allowed, as most validators do. Returns the reason when the schema itself is invalid.
 */
export function compileJsonSchema(schema: object): SchemaValidator {
  const declared = (schema as { $schema?: unknown }).$schema;
  const options = { strict: false, allErrors: true, validateFormats: false } as const;
  const ajv =
    typeof declared === 'string' && DRAFT_07.test(declared)
      ? new Ajv(options)
      : new Ajv2020(options);
  try {
    return ajv.compile(schema);
  } catch (err) {
    return { error: err instanceof Error ? err.message : String(err) };
  }
}

/**
 * `is-json`: the whole output, trimmed, is JSON; with a schema, it also validates against it.
 * A code fence around the JSON fails: the output is meant to be machine-read as it is.
 */
export function isJsonCheck(validate: ValidateFunction | undefined): Check {
  return ({ output }) => {
    let value: unknown;
    try {
      value = JSON.parse(output.trim());
    } catch (err) {
      return {
        pass: false,
        score: 0,
        reason: `not JSON: ${err instanceof Error ? err.message : String(err)}`,
      };
    }
    if (validate === undefined) return { pass: true, score: 1, reason: 'valid JSON' };
    if (validate(value)) return { pass: true, score: 1, reason: 'valid JSON, matches the schema' };
    const first = validate.errors?.slice(0, 3) ?? [];
    const detail = first
      .map((e) => `${e.instancePath === '' ? '(root)' : e.instancePath} ${e.message ?? ''}`)
      .join('; ');
    return { pass: false, score: 0, reason: `JSON does not match the schema: ${detail}` };
  };
}
