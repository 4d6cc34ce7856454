/**
 * Escaping of untrusted text (column and category names, model outputs, file names, messages)
 * for GitHub-flavoured markdown. Whatever the input, the output renders as the literal text: no
 * HTML, no markdown structure (emphasis, links, images, headings, lists, tables, math), no
 * @mention or #123 / GH-123 / URL reference that would ping a person or cross-link an issue.
 *
 * Mentions and references are broken with a zero-width space (`&#8203;`) after the `@` or `#`,
 * as Renovate does: it renders invisibly and GitHub's autolinker no longer sees a reference.
 */

/** The longest text kept by {@link escapeMarkdown} when no `maxLength` is given, in code points. */
export const DEFAULT_MAX_LENGTH = 300;

/** The longest text kept by {@link escapeTableCell} when no `maxLength` is given, in code points. */
export const DEFAULT_CELL_MAX_LENGTH = 80;

/** The mark that ends a cut string. */
export const ELLIPSIS = '…';

const ZWSP = '&#8203;';

export interface EscapeOptions {
  /** The most code points of the original text kept; longer text is cut and ends with `…`. */
  readonly maxLength?: number;
}

/**
 * Cuts `text` to at most `maxLength` code points, the last of which is `…` when it was cut.
 * Never splits a surrogate pair. `maxLength` below 1 gives ''. Infinity keeps everything.
 */
export function truncate(text: string, maxLength: number): string {
  if (text.length <= maxLength) return text;
  const points = Array.from(text);
  if (points.length <= maxLength) return text;
  if (maxLength < 1) return '';
  return points.slice(0, maxLength - 1).join('') + ELLIPSIS;
}

// Line breaks, tabs and other control characters (C0, DEL, C1, line/paragraph separators) would
// end a table row or a list item; bidirectional overrides can make text read other than it is.
// eslint-disable-next-line no-control-regex
const CONTROL = /[\u0000-\u001f\u007f-\u009f\u2028\u2029]+/g;
const BIDI = /[\u202a-\u202e\u2066-\u2069\u200e\u200f]/g;

/** One line of plain text: control runs become one space, bidi overrides are removed. */
function flatten(text: string): string {
  return text.replace(CONTROL, ' ').replace(BIDI, '');
}

// ASCII punctuation that can start markdown structure anywhere in a line. `#` and `@` are
// handled by the reference breaker instead, `&`, `<`, `>` become entities.
const INLINE_SPECIAL = /[\\`*_{}[\]()!|~$^]/g;

/**
 * Escapes untrusted text for use inline in markdown (a paragraph, a list item, a heading, a
 * table cell). The text is first flattened to one line and cut to `maxLength` code points
 * (default {@link DEFAULT_MAX_LENGTH}); then HTML is turned into entities, markdown punctuation
 * is backslash-escaped, and mentions, issue references and URLs are broken so that they ping and
 * link nobody. The result is safe in a GFM table cell (pipes are escaped).
 *
 * Not for raw HTML blocks (use {@link escapeHtml}) nor for code fences or mermaid.
 */
export function escapeMarkdown(text: string, options: EscapeOptions = {}): string {
  const cut = truncate(flatten(text), options.maxLength ?? DEFAULT_MAX_LENGTH);
  let out = cut
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(INLINE_SPECIAL, '\\$&');
  // Block structure only matters at the start: a list (`-`, `+`, `1.`), a setext or thematic
  // line (`=`), a quote (already an entity).
  out = out.replace(/^(\s*)([-+=])/, '$1\\$2').replace(/^(\s*\d+)([.)])/, '$1\\$2');
  return breakReferences(out);
}

/**
 * Escapes untrusted text for one GFM table cell: as {@link escapeMarkdown}, with a shorter
 * default cut ({@link DEFAULT_CELL_MAX_LENGTH}). An empty string stays empty.
 */
export function escapeTableCell(text: string, options: EscapeOptions = {}): string {
  return escapeMarkdown(text, { maxLength: options.maxLength ?? DEFAULT_CELL_MAX_LENGTH });
}

/**
 * Escapes untrusted text for raw HTML, where markdown is not processed: inside a `<summary>`
 * of a `<details>` block, or an attribute value. Flattened, cut, entity-escaped (`&<>"'`), with
 * mentions and references broken.
 */
export function escapeHtml(text: string, options: EscapeOptions = {}): string {
  const cut = truncate(flatten(text), options.maxLength ?? DEFAULT_MAX_LENGTH);
  const out = cut
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/"/g, '&quot;')
    .replace(/'/g, '&#39;');
  return breakReferences(out);
}

/**
 * Untrusted text shown in a monospace font, safe both in a paragraph and in a table cell. A
 * markdown code span cannot be used: inside backticks neither entities nor backslashes work, so
 * a backtick in the text would end it and a pipe would split the cell. `<code>` with escaped
 * content has neither problem.
 */
export function codeSpan(text: string, options: EscapeOptions = {}): string {
  return `<code>${escapeMarkdown(text, options)}</code>`;
}

/**
 * Breaks, in already escaped text, everything GitHub would turn into a notification or a
 * cross-reference: `@user`, `@org/team`, `#123`, `owner/repo#123`, `GH-123`, and bare URLs and
 * `www.` links (a link to an issue adds an event to its timeline).
 */
function breakReferences(escaped: string): string {
  // `&#` only occurs in entities this module wrote (a `&` of the text is `&amp;` by now), so
  // every other `#` is the text's own.
  return escaped
    .replace(/(?<!&)#/g, `#${ZWSP}`)
    .replace(/@/g, `@${ZWSP}`)
    .replace(/\b(gh)-(\d)/gi, `$1${ZWSP}-$2`)
    .replace(/:\/\//g, `:${ZWSP}//`)
    .replace(/\bwww\./gi, `www${ZWSP}.`);
}
