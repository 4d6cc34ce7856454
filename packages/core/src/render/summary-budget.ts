/**
 * Fits a markdown document into a size limit, gracefully. The document is a list of blocks:
 * the head (marker, title, verdict banner) and the tail (truncation note, footer) are always
 * kept; in the body, detail blocks (collapsible sections, the chart) go first, the largest
 * first; then table rows are cut, the rows that carry a failing or warning verdict last; only
 * then is the remaining text cut at a line boundary.
 */

/** A block of markdown. Detail blocks may be dropped whole. */
export interface TextBlock {
  readonly kind: 'text';
  readonly text: string;
  readonly detail: boolean;
}

/**
 * A table whose rows may be cut. `rows` are rendered lines, the first `priority` of them the
 * rows to keep longest (failing verdicts); `more(n)` is the line that says `n` rows were left out.
 */
export interface TableBlock {
  readonly kind: 'table';
  /** The header and separator lines. */
  readonly head: string;
  readonly rows: readonly string[];
  readonly priority: number;
  readonly more: (omitted: number) => string;
}

export type Block = TextBlock | TableBlock;

export interface DocumentParts {
  readonly head: readonly Block[];
  readonly body: readonly Block[];
  readonly tail: readonly Block[];
}

export interface FitResult {
  readonly text: string;
  readonly truncated: boolean;
}

/** How big a text is: characters (`s.length`) for a comment, UTF-8 bytes for a job summary. */
export type Measure = (text: string) => number;

/** The UTF-8 length of a string in bytes, without allocating. */
export function utf8Bytes(text: string): number {
  let bytes = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c < 0x80) bytes += 1;
    else if (c < 0x800) bytes += 2;
    else if (c >= 0xd800 && c <= 0xdbff && i + 1 < text.length) {
      const next = text.charCodeAt(i + 1);
      if (next >= 0xdc00 && next <= 0xdfff) {
        bytes += 4;
        i++;
      } else bytes += 3;
    } else bytes += 3;
  }
  return bytes;
}

/** Characters, as GitHub counts a comment body against its 65,536 limit (UTF-16 units, a safe bound). */
export const measureChars: Measure = (text) => text.length;

const SEPARATOR = '\n\n';

interface TableCaps {
  /** Rows kept beyond the priority ones. */
  readonly rest: number;
  /** Priority rows kept. */
  readonly priority: number;
}

function renderTable(block: TableBlock, caps: TableCaps): string {
  const priority = Math.min(block.priority, caps.priority);
  const rest = Math.min(block.rows.length - block.priority, caps.rest);
  const shown = [
    ...block.rows.slice(0, priority),
    ...block.rows.slice(block.priority, block.priority + rest),
  ];
  const omitted = block.rows.length - shown.length;
  const lines = [block.head, ...shown];
  if (omitted > 0) lines.push('', block.more(omitted));
  return lines.join('\n');
}

function renderBlock(block: Block, caps: TableCaps): string {
  return block.kind === 'text' ? block.text : renderTable(block, caps);
}

const ALL: TableCaps = { rest: Infinity, priority: Infinity };

function join(parts: readonly string[]): string {
  return parts.filter((p) => p !== '').join(SEPARATOR);
}

/**
 * Renders the document within `limit` (as measured by `measure`). When something had to be left
 * out, `note` is inserted before the tail. Throws a RangeError when head, note and tail alone do
 * not fit, which is a bug of the caller (they are small and bounded).
 */
export function fitDocument(
  parts: DocumentParts,
  limit: number,
  measure: Measure,
  note: string,
): FitResult {
  const head = join(parts.head.map((b) => renderBlock(b, ALL)));
  const tail = join(parts.tail.map((b) => renderBlock(b, ALL)));
  const full = join([head, ...parts.body.map((b) => renderBlock(b, ALL)), tail]);
  if (measure(full) <= limit) return { text: `${full}\n`, truncated: false };

  const fixed = measure(join([head, note, tail])) + 2 * measure(SEPARATOR) + 1;
  if (fixed > limit) {
    throw new RangeError(`The head and tail of the document alone exceed ${limit}.`);
  }
  const budget = limit - fixed;
  const finish = (body: readonly string[]): FitResult => ({
    text: `${join([head, ...body, note, tail])}\n`,
    truncated: true,
  });
  const sizeOf = (body: readonly string[]): number => measure(join(body));

  // 1. Drop detail blocks, the largest first.
  const rendered = parts.body.map((b) => renderBlock(b, ALL));
  const kept = parts.body.map(() => true);
  const details = parts.body
    .map((b, i) => ({ i, detail: b.kind === 'text' && b.detail, size: measure(rendered[i] ?? '') }))
    .filter((d) => d.detail)
    .sort((a, b) => b.size - a.size || b.i - a.i);
  const current = (): string[] => rendered.filter((_, i) => kept[i]);
  for (const d of details) {
    if (sizeOf(current()) <= budget) break;
    kept[d.i] = false;
  }
  if (sizeOf(current()) <= budget) return finish(current());

  // 2. Cut table rows: first the rows without a failing verdict, then those too (at least one).
  // Sizes are additive, so each table's size under a cap comes from prefix sums of its rows, and
  // the largest cap that fits is found by binary search, rendering only once.
  const remaining = parts.body.filter((_, i) => kept[i]);
  const withCaps = (caps: TableCaps): string[] => remaining.map((b) => renderBlock(b, caps));
  const sep = measure(SEPARATOR);
  const newline = measure('\n');
  const sized = remaining.map((b) => {
    if (b.kind === 'text') return { fixed: measure(b.text), table: undefined };
    const prefix = [0];
    for (const row of b.rows) prefix.push((prefix.at(-1) ?? 0) + measure(row) + newline);
    return { fixed: 0, table: { block: b, head: measure(b.head), prefix } };
  });
  const sizeWith = (caps: TableCaps): number => {
    let total = 0;
    let parts = 0;
    for (const s of sized) {
      let size = s.fixed;
      if (s.table) {
        const { block, head, prefix } = s.table;
        const p = Math.min(block.priority, caps.priority);
        const r = Math.min(block.rows.length - block.priority, caps.rest);
        const at = (i: number): number => prefix[i] ?? 0;
        size = head + at(p) + (at(block.priority + r) - at(block.priority));
        const omitted = block.rows.length - p - r;
        if (omitted > 0) size += 2 * newline + measure(block.more(omitted));
      }
      if (size === 0) continue;
      total += size + (parts > 0 ? sep : 0);
      parts++;
    }
    return total;
  };
  const largest = (hi: number, fits: (n: number) => boolean): number | undefined => {
    if (!fits(0)) return undefined;
    let lo = 0;
    while (lo < hi) {
      const mid = Math.ceil((lo + hi) / 2);
      if (fits(mid)) lo = mid;
      else hi = mid - 1;
    }
    return lo;
  };
  const maxRows = Math.max(0, ...remaining.map((b) => (b.kind === 'table' ? b.rows.length : 0)));
  const rest = largest(maxRows, (n) => sizeWith({ rest: n, priority: Infinity }) <= budget);
  if (rest !== undefined) return finish(withCaps({ rest, priority: Infinity }));
  const priority = largest(
    maxRows,
    (n) => sizeWith({ rest: 0, priority: Math.max(1, n) }) <= budget,
  );
  if (priority !== undefined) return finish(withCaps({ rest: 0, priority: Math.max(1, priority) }));

  // 3. Cut the text at a line boundary (no detail block or code fence is left to break).
  const text = join(withCaps({ rest: 0, priority: 1 }));
  const lines = text.split('\n');
  const out: string[] = [];
  let size = 0;
  for (const line of lines) {
    const next = measure(line) + (out.length > 0 ? newline : 0);
    if (size + next > budget) break;
    out.push(line);
    size += next;
  }
  return finish([out.join('\n')]);
}
