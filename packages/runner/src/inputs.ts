import { z } from 'zod';
import { InputError } from '@modelgate/core';

/** Reads one raw input by its kebab-case name; '' when unset. */
export type InputGetter = (name: string) => string;

/** How to read one input: its zod schema over the trimmed string, and words for the error. */
export interface InputSpec<T> {
  readonly schema: z.ZodType<T>;
  /** What a valid value looks like, for the message: e.g. `a fraction between 0 and 1, e.g. 0.02`. */
  readonly expect: string;
}

/**
 * Reads an input that must be set. The runner does not enforce `required: true`, so this does.
 * Throws an {@link InputError} naming the input, the value and the fix.
 */
export function requiredInput<T>(get: InputGetter, name: string, spec: InputSpec<T>): T {
  const raw = get(name).trim();
  if (raw === '') {
    throw new InputError(`Input '${name}' is required: set it to ${spec.expect}.`);
  }
  return parseRaw(name, raw, spec);
}

/** Reads an optional input; `undefined` when it is unset or empty. */
export function optionalInput<T>(
  get: InputGetter,
  name: string,
  spec: InputSpec<T>,
): T | undefined {
  const raw = get(name).trim();
  return raw === '' ? undefined : parseRaw(name, raw, spec);
}

/** Reads an input with a default used when it is unset or empty. */
export function inputOr<T>(get: InputGetter, name: string, spec: InputSpec<T>, fallback: T): T {
  return optionalInput(get, name, spec) ?? fallback;
}

function parseRaw<T>(name: string, raw: string, spec: InputSpec<T>): T {
  const result = spec.schema.safeParse(raw);
  if (!result.success) {
    const shown = raw.length > 200 ? `${raw.slice(0, 200)}…` : raw;
    throw new InputError(`Input '${name}' must be ${spec.expect}; got "${shown}".`);
  }
  return result.data;
}

const numberFrom = z
  .string()
  .regex(/^[+-]?(\d+(\.\d*)?|\.\d+)([eE][+-]?\d+)?$/)
  .transform(Number);

/** Common input specs. Each reads the trimmed string. */
export const spec = {
  text(expect = 'a non-empty string'): InputSpec<string> {
    return { schema: z.string().min(1), expect };
  },
  number(
    expect: string,
    bounds: { min?: number; max?: number; integer?: boolean } = {},
  ): InputSpec<number> {
    return {
      schema: numberFrom.refine(
        (n) =>
          (bounds.min === undefined || n >= bounds.min) &&
          (bounds.max === undefined || n <= bounds.max) &&
          (!bounds.integer || Number.isInteger(n)),
      ),
      expect,
    };
  },
  fraction(example = '0.02'): InputSpec<number> {
    return spec.number(`a fraction between 0 and 1, e.g. ${example}`, { min: 0, max: 1 });
  },
  positiveInt(example = '8'): InputSpec<number> {
    return spec.number(`a whole number of 1 or more, e.g. ${example}`, { min: 1, integer: true });
  },
  nonNegative(expect: string): InputSpec<number> {
    return spec.number(expect, { min: 0 });
  },
  boolean(): InputSpec<boolean> {
    // The YAML 1.2 core schema's booleans, as @actions/core's getBooleanInput accepts.
    return {
      schema: z
        .string()
        .refine((s) => /^(true|True|TRUE|false|False|FALSE)$/.test(s))
        .transform((s) => s.toLowerCase() === 'true'),
      expect: 'true or false',
    };
  },
  oneOf<const T extends readonly [string, ...string[]]>(values: T): InputSpec<T[number]> {
    return { schema: z.enum(values), expect: `one of ${values.join(', ')}` };
  },
  /** A comma- or newline-separated list, trimmed, empty items dropped. */
  list(expect = 'a comma-separated list'): InputSpec<string[]> {
    return {
      schema: z.string().transform((s) =>
        s
          .split(/[,\n]/)
          .map((item) => item.trim())
          .filter((item) => item !== ''),
      ),
      expect,
    };
  },
  /** A comma- or newline-separated list whose items are each one of `values`. */
  listOf<const T extends readonly [string, ...string[]]>(values: T): InputSpec<T[number][]> {
    return {
      schema: spec.list().schema.pipe(z.array(z.enum(values))),
      expect: `a comma-separated list of ${values.join(', ')}`,
    };
  },
};
