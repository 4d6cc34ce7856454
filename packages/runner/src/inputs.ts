import { z } from 'zod';
import { InputError } from '@modelgate/core';
import type { ActionsIO } from './io';
import { Redactor } from './redactor';
import { urlSecrets } from './url-secrets';

/**
 * Reads one raw input by its kebab-case name; '' when unset. `secret`, when given, is told each
 * secret an input holds as it is read (the real one is `io.setSecret`, see {@link inputGetter});
 * a plain function, as in tests, registers nothing.
 */
export interface InputGetter {
  (name: string): string;
  readonly secret?: (value: string) => void;
}

/** The getter of an action's inputs: reads through `io`, and registers secrets with it. */
export function inputGetter(io: ActionsIO): InputGetter {
  return Object.assign((name: string) => io.getInput(name), {
    secret: (value: string) => io.setSecret(value),
  });
}

/** How to read one input: its zod schema over the trimmed string, and words for the error. */
export interface InputSpec<T> {
  readonly schema: z.ZodType<T>;
  /** What a valid value looks like, for the message: e.g. `a fraction between 0 and 1, e.g. 0.02`. */
  readonly expect: string;
  /**
   * The secrets the raw value holds (the whole value of a key, the credentials of a URL). They
   * are registered before the value is checked, and never shown in an error message.
   */
  readonly secretsOf?: (raw: string) => readonly string[];
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
  return parseRaw(get, name, raw, spec);
}

/** Reads an optional input; `undefined` when it is unset or empty. */
export function optionalInput<T>(
  get: InputGetter,
  name: string,
  spec: InputSpec<T>,
): T | undefined {
  const raw = get(name).trim();
  return raw === '' ? undefined : parseRaw(get, name, raw, spec);
}

/** Reads an input with a default used when it is unset or empty. */
export function inputOr<T>(get: InputGetter, name: string, spec: InputSpec<T>, fallback: T): T {
  return optionalInput(get, name, spec) ?? fallback;
}

function parseRaw<T>(get: InputGetter, name: string, raw: string, spec: InputSpec<T>): T {
  const secrets = spec.secretsOf?.(raw) ?? [];
  for (const secret of secrets) get.secret?.(secret);
  const result = spec.schema.safeParse(raw);
  if (!result.success) {
    const hidden = new Redactor();
    for (const secret of secrets) hidden.add(secret);
    const shown = hidden.redact(raw.length > 200 ? `${raw.slice(0, 200)}…` : raw);
    throw new InputError(`Input '${name}' must be ${spec.expect}; got "${shown}".`);
  }
  return result.data;
}

const numberFrom = z
  .string()
  .regex(/^[+-]?(\d+(\.\d*)?|\.\d+)([eE][+-]?\d+)?$/)
  .transform(Number);

/** `expect`, with `, at most <max>` unless it already names that bound. */
function withBounds(
  expect: string,
  bounds: { readonly min: number; readonly max: number },
): string {
  const max = bounds.max.toLocaleString('en-US');
  const named = expect.includes(max) || expect.includes(String(bounds.max));
  return named ? expect : `${expect}, at most ${max}`;
}

/** Common input specs. Each reads the trimmed string. */
export const spec = {
  text(expect = 'a non-empty string'): InputSpec<string> {
    return { schema: z.string().min(1), expect };
  },
  /** A key or token: the whole value is a secret (registered, never shown in a message). */
  secret(expect = 'a token, e.g. ${{ secrets.API_KEY }}'): InputSpec<string> {
    return { schema: z.string().min(1), expect, secretsOf: (raw) => [raw] };
  },
  /**
   * An http(s) URL. Its user-info and query values are secrets ({@link urlSecrets}): registered,
   * and never shown in a message. Reports name it by `endpointLabel` (scheme, host and path).
   */
  httpUrl(expect: string): InputSpec<string> {
    return { schema: z.url({ protocol: /^https?$/ }), expect, secretsOf: urlSecrets };
  },
  /**
   * A finite number within `bounds`, both required: an unbounded input lets `1e300` (or `1e999`,
   * which is Infinity) through to arithmetic that then overflows. The message names the bounds
   * that `expect` does not already state.
   */
  number(
    expect: string,
    bounds: { readonly min: number; readonly max: number; readonly integer?: boolean },
  ): InputSpec<number> {
    return {
      schema: numberFrom.refine(
        (n) =>
          Number.isFinite(n) &&
          n >= bounds.min &&
          n <= bounds.max &&
          (!bounds.integer || Number.isInteger(n)),
      ),
      expect: withBounds(expect, bounds),
    };
  },
  fraction(example = '0.02'): InputSpec<number> {
    return spec.number(`a fraction between 0 and 1, e.g. ${example}`, { min: 0, max: 1 });
  },
  /** A whole number from 1 to `max`. */
  positiveInt(example: string, max: number): InputSpec<number> {
    return spec.number(`a whole number of 1 or more, e.g. ${example}`, {
      min: 1,
      max,
      integer: true,
    });
  },
  /** A number from 0 to `max`. */
  nonNegative(expect: string, max: number): InputSpec<number> {
    return spec.number(expect, { min: 0, max });
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
