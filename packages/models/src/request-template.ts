/**
 * The `request-template`: a JSON body whose strings may hold `{{field}}` placeholders, filled from
 * each row. A string that is exactly one placeholder (`"{{age}}"`) becomes the field's typed value
 * (a number stays a number, an object an object, a missing value null); a placeholder inside a
 * longer string (`"Classify: {{text}}"`) is replaced by the value as text. The body is built as a
 * value and serialised with JSON.stringify, so every value is escaped correctly whatever it holds.
 */

const PLACEHOLDER = /\{\{\s*([^{}]*?)\s*\}\}/g;
const WHOLE = /^\{\{\s*([^{}]*?)\s*\}\}$/;

type Node =
  | { kind: 'const'; value: unknown }
  | { kind: 'field'; name: string }
  | { kind: 'text'; parts: (string | { name: string })[] }
  | { kind: 'array'; items: Node[] }
  | { kind: 'object'; entries: [string, Node][] };

/** A compiled template: `render(fields)` gives the request body. */
export interface RequestTemplate {
  /** The field names the template uses, in first-use order. */
  readonly fields: readonly string[];
  render(fields: Readonly<Record<string, unknown>>): string;
}

/**
 * Compiles a template. Returns an error message instead when it is not JSON or a placeholder is
 * empty; the caller names the input.
 */
export function compileTemplate(template: string): RequestTemplate | { error: string } {
  let parsed: unknown;
  try {
    parsed = JSON.parse(template);
  } catch (err) {
    const hint = /[:[,]\s*\{\{/.test(template)
      ? ' Placeholders go inside strings: write "{{field}}" (a whole-string placeholder keeps the value\'s type).'
      : '';
    return { error: `it is not valid JSON (${(err as Error).message}).${hint}` };
  }
  const fields: string[] = [];
  let bad: string | undefined;
  const use = (name: string): string => {
    if (name === '') bad = 'a placeholder {{}} has no field name';
    if (!fields.includes(name)) fields.push(name);
    return name;
  };
  const compile = (value: unknown): Node => {
    if (typeof value === 'string') {
      const whole = WHOLE.exec(value);
      if (whole) return { kind: 'field', name: use(whole[1] as string) };
      if (!value.includes('{{')) return { kind: 'const', value };
      const parts: (string | { name: string })[] = [];
      let last = 0;
      for (const match of value.matchAll(PLACEHOLDER)) {
        if (match.index > last) parts.push(value.slice(last, match.index));
        parts.push({ name: use(match[1] as string) });
        last = match.index + match[0].length;
      }
      if (last < value.length) parts.push(value.slice(last));
      return { kind: 'text', parts };
    }
    if (Array.isArray(value)) return { kind: 'array', items: value.map(compile) };
    if (value !== null && typeof value === 'object') {
      return { kind: 'object', entries: Object.entries(value).map(([k, v]) => [k, compile(v)]) };
    }
    return { kind: 'const', value };
  };
  const root = compile(parsed);
  if (bad !== undefined) return { error: bad };
  const build = (node: Node, row: Readonly<Record<string, unknown>>): unknown => {
    switch (node.kind) {
      case 'const':
        return node.value;
      case 'field':
        return toJsonValue(row[node.name]);
      case 'text':
        return node.parts.map((p) => (typeof p === 'string' ? p : asText(row[p.name]))).join('');
      case 'array':
        return node.items.map((item) => build(item, row));
      case 'object': {
        const out: Record<string, unknown> = {};
        for (const [key, child] of node.entries) out[key] = build(child, row);
        return out;
      }
    }
  };
  return { fields, render: (row) => JSON.stringify(build(root, row)) };
}

function toJsonValue(value: unknown): unknown {
  if (value === undefined) return null;
  if (typeof value === 'bigint') return Number(value);
  if (value instanceof Date) return value.toISOString();
  return value;
}

function asText(value: unknown): string {
  if (value === null || value === undefined) return '';
  if (typeof value === 'string') return value;
  if (value instanceof Date) return value.toISOString();
  if (typeof value === 'object') return JSON.stringify(value);
  if (typeof value === 'number' || typeof value === 'boolean' || typeof value === 'bigint') {
    return String(value);
  }
  return '';
}
