/**
 * Redaction of secrets from text and JSON values. Pure: the process-wide instance that every
 * output of an action passes through lives in `secrets.ts`.
 */

/** What a secret is replaced with. The runner's own log masking uses the same. */
export const REDACTED = '***';

/**
 * Secrets shorter than this are masked in the runner's log (`core.setSecret` takes any
 * non-empty value) but not replaced in files and messages: replacing a 1-3 character value
 * everywhere (`1`, `on`, `v1`) would corrupt ids, labels and numbers in every report, and a
 * secret that short protects nothing.
 */
export const MIN_REDACTED_LENGTH = 4;

/**
 * The forms a secret can take in text that leaves the process: as given, URL-encoded
 * (`encodeURIComponent`, and the form encoding of `URLSearchParams`) and JSON-escaped (inside a
 * JSON string that echoes it, e.g. a server's error body). Each line of a multi-line secret is a
 * secret too. Forms shorter than {@link MIN_REDACTED_LENGTH} are left out.
 */
export function secretForms(secret: string): string[] {
  const values = [secret, ...secret.split(/\r?\n/).map((line) => line.trim())];
  const forms = new Set<string>();
  for (const value of values) {
    if (value.length < MIN_REDACTED_LENGTH) continue;
    forms.add(value);
    const encoded = encodeURIComponent(value);
    forms.add(encoded);
    forms.add(encoded.replace(/%20/g, '+'));
    // application/x-www-form-urlencoded (URLSearchParams) also encodes ' ( ) ! ~.
    forms.add(new URLSearchParams({ s: value }).toString().slice(2));
    forms.add(JSON.stringify(value).slice(1, -1));
  }
  return [...forms];
}

/**
 * A set of secrets and the replacement of each of their {@link secretForms} by {@link REDACTED}.
 * Longer forms are matched first, so that a secret that contains another is replaced whole.
 */
export class Redactor {
  private readonly forms = new Set<string>();
  private pattern: RegExp | undefined;

  /**
   * Adds a secret. Empty and short values (below {@link MIN_REDACTED_LENGTH}) are ignored here:
   * the caller still masks them in the log.
   */
  add(secret: string): void {
    for (const form of secretForms(secret)) {
      if (this.forms.has(form)) continue;
      this.forms.add(form);
      this.pattern = undefined;
    }
  }

  /** True when at least one secret is held (else every redaction returns its input). */
  get active(): boolean {
    return this.forms.size > 0;
  }

  /** `text` with every form of every secret replaced by {@link REDACTED}. */
  redact(text: string): string {
    if (this.forms.size === 0 || text.length < MIN_REDACTED_LENGTH) return text;
    const pattern = this.compiled();
    pattern.lastIndex = 0;
    return pattern.test(text) ? text.replace(pattern, REDACTED) : text;
  }

  /**
   * A JSON-like value (strings, numbers, booleans, null, arrays and plain objects) with every
   * string, and every object key, redacted. Redacting the value rather than its JSON text keeps
   * the JSON valid whatever the secret holds. Unchanged parts (the whole value when nothing
   * matched) are returned as they are, not copied; other objects (a Date, a Map) are kept.
   */
  redactDeep<T>(value: T): T {
    if (this.forms.size === 0) return value;
    return this.walk(value) as T;
  }

  private walk(value: unknown): unknown {
    if (typeof value === 'string') return this.redact(value);
    if (Array.isArray(value)) {
      let out: unknown[] | undefined;
      for (let i = 0; i < value.length; i++) {
        const item: unknown = value[i];
        const next = this.walk(item);
        if (next !== item) (out ??= value.slice())[i] = next;
      }
      return out ?? value;
    }
    if (value === null || typeof value !== 'object') return value;
    const proto: unknown = Object.getPrototypeOf(value);
    if (proto !== Object.prototype && proto !== null) return value;
    let changed = false;
    const entries = Object.entries(value).map(([key, item]) => {
      const nextKey = this.redact(key);
      const next = this.walk(item);
      if (nextKey !== key || next !== item) changed = true;
      return [nextKey, next] as const;
    });
    return changed ? Object.fromEntries(entries) : value;
  }

  private compiled(): RegExp {
    this.pattern ??= new RegExp(
      [...this.forms]
        .sort((a, b) => b.length - a.length)
        .map((form) => form.replace(/[.*+?^${}()|[\]\\]/g, '\\$&'))
        .join('|'),
      'g',
    );
    return this.pattern;
  }
}
