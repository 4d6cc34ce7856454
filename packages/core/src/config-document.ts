import { isNode, LineCounter, parseDocument, visit } from 'yaml';
import type { Document } from 'yaml';
import { DataError } from './errors';

/**
 * The one loader of every YAML or JSON file a user hands the suite (schema, policy, pricing,
 * model config, traffic profile, prompt, assertions, metrics files, reports), so that the limits
 * and the messages are the same everywhere:
 * - a text longer than {@link CONFIG_LIMITS}.maxChars is refused before it is parsed;
 * - a leading byte order mark is dropped;
 * - a syntax error, a duplicate key or several documents in one file name the line and column;
 * - aliases that expand past {@link CONFIG_LIMITS}.maxAliasCount nodes (a "billion laughs"
 *   bomb) are refused, naming the limit, instead of exhausting memory.
 * The file is named by the error's location (`file:line:col: ` once, by `formatError`), never
 * again in the message.
 */

/** The limits of {@link parseConfigDocument}. */
export const CONFIG_LIMITS = {
  /** The largest config text, in UTF-16 code units (4 Mi: about 4 MB of ASCII). */
  maxChars: 4 * 1024 * 1024,
  /**
   * The most alias nodes resolved while building the value, counting each repetition (the
   * `yaml` package's `maxAliasCount`; its default, 100, is ours).
   */
  maxAliasCount: 100,
} as const;

/** A parsed config file: its value, and the line of a key path in it. */
export interface ConfigDocument {
  /** The parsed value; `null` for an empty file. */
  readonly value: unknown;
  /**
   * The 1-based line of the node at `path` (keys and indexes), or of its nearest ancestor that
   * has a position; `undefined` when none has (e.g. a JSON value parsed by the fast path).
   */
  lineOf(path: readonly PropertyKey[]): number | undefined;
}

/**
 * Parses a config file's text as YAML (JSON is YAML). `file` names it in the error's location
 * and `what` in the message (e.g. `policy`, `pricing`).
 * @throws DataError with `file`, line and column for a syntax error, a duplicate key or more
 *   than one document; with `file` for a text over the size limit or an alias bomb.
 */
export function parseConfigDocument(text: string, file: string, what: string): ConfigDocument {
  checkSize(text, file, what);
  const source = text.startsWith('\uFEFF') ? text.slice(1) : text;
  const lineCounter = new LineCounter();
  const doc = parseDocument(source, { lineCounter, prettyErrors: false, uniqueKeys: true });
  const [syntax] = doc.errors;
  if (syntax !== undefined) {
    const pos = lineCounter.linePos(syntax.pos[0]);
    const reason =
      syntax.code === 'DUPLICATE_KEY'
        ? `the key ${quoteKey(source, syntax.pos[0])} appears twice in one mapping`
        : syntax.code === 'MULTIPLE_DOCS'
          ? 'it holds more than one YAML document (a second `---`)'
          : firstLine(syntax.message);
    throw new DataError(`The ${what} file is not valid YAML or JSON: ${reason}.`, {
      code: 'config-syntax',
      hint: `Fix the ${what} file's syntax at that line.`,
      location: { file, line: pos.line, column: pos.col },
    });
  }
  let value: unknown;
  try {
    value = doc.toJS({ maxAliasCount: CONFIG_LIMITS.maxAliasCount });
  } catch (err) {
    if (err instanceof ReferenceError && /alias/i.test(err.message)) {
      throw new DataError(
        `The ${what} file is refused: its YAML aliases expand to more than ${CONFIG_LIMITS.maxAliasCount} nodes (an alias bomb, "billion laughs").`,
        {
          code: 'config-aliases',
          hint: `Write the repeated values out, or use fewer aliases (at most ${CONFIG_LIMITS.maxAliasCount} expansions).`,
          location: { file, ...firstAliasLine(doc, lineCounter) },
          cause: err,
        },
      );
    }
    throw err;
  }
  return {
    value: value ?? null,
    lineOf: (path) => lineOfPath(doc, lineCounter, path),
  };
}

/**
 * Parses a JSON file's text (reports, hand-offs), as {@link parseConfigDocument} does YAML: the
 * same size limit and byte order mark handling, and a syntax error with its line and column.
 * @throws DataError naming `file`, line and column.
 */
export function parseJsonDocument(
  text: string,
  file: string,
  what: string,
  options: { readonly maxChars?: number } = {},
): unknown {
  checkSize(text, file, what, options.maxChars);
  const source = text.startsWith('\uFEFF') ? text.slice(1) : text;
  try {
    return JSON.parse(source) as unknown;
  } catch (err) {
    const message = err instanceof Error ? err.message : String(err);
    const offset = /at position (\d+)/.exec(message)?.[1];
    const at = offset === undefined ? source.length : Number(offset);
    const { line, column } = lineAndColumn(source, at);
    const reason = firstLine(
      message.replace(/ \(line \d+ column \d+\)$/, '').replace(/ in JSON at position \d+/, ''),
    );
    throw new DataError(`The ${what} file is not valid JSON: ${reason}.`, {
      code: 'config-syntax',
      hint: `Pass the ${what} file as the tool that makes it writes it, or fix its syntax at that line.`,
      location: { file, line, column },
    });
  }
}

function checkSize(text: string, file: string, what: string, maxChars?: number): void {
  const limit = maxChars ?? CONFIG_LIMITS.maxChars;
  if (text.length <= limit) return;
  throw new DataError(
    `The ${what} file is refused: it holds ${text.length.toLocaleString('en-US')} characters, above the limit of ${limit.toLocaleString('en-US')}.`,
    {
      code: 'config-size',
      hint: `A ${what} file is a few kilobytes; check that the input names the right file.`,
      location: { file },
    },
  );
}

function lineAndColumn(text: string, offset: number): { line: number; column: number } {
  let line = 1;
  let start = 0;
  const end = Math.min(offset, text.length);
  for (let i = text.indexOf('\n'); i !== -1 && i < end; i = text.indexOf('\n', i + 1)) {
    line++;
    start = i + 1;
  }
  return { line, column: end - start + 1 };
}

function quoteKey(text: string, offset: number): string {
  const rest = text.slice(offset, offset + 200);
  const key = /^\s*("[^"\n]*"|'[^'\n]*'|[^:\n]*?)\s*:/.exec(rest)?.[1];
  return key === undefined || key === '' ? '(a key)' : `"${key.replace(/^["']|["']$/g, '')}"`;
}

function firstAliasLine(doc: Document, lineCounter: LineCounter): { line?: number } {
  let line: number | undefined;
  visit(doc, {
    Alias(_, node) {
      if (node.range) line = lineCounter.linePos(node.range[0]).line;
      return visit.BREAK;
    },
  });
  return line === undefined ? {} : { line };
}

function lineOfPath(
  doc: Document,
  lineCounter: LineCounter,
  path: readonly PropertyKey[],
): number | undefined {
  const keys = path.map((key) => (typeof key === 'symbol' ? String(key) : key));
  for (let depth = keys.length; depth >= 0; depth--) {
    const node: unknown = depth === 0 ? doc.contents : doc.getIn(keys.slice(0, depth), true);
    if (isNode(node) && node.range) return lineCounter.linePos(node.range[0]).line;
  }
  return undefined;
}

function firstLine(message: string): string {
  return (message.split('\n')[0] ?? message).replace(/\.$/, '');
}
