import { levenshteinDistance } from '../llm/assertions/levenshtein';

/**
 * Messages about column names that the user wrote (inputs, schema keys) and the dataset lacks:
 * the closest existing name and a bounded list of the names there are.
 */

/** The most column names a message lists; the rest are counted ("… and 480 more"). */
export const LISTED_COLUMNS = 20;

/** Names are compared and shown on their first this many characters (a header may hold a novel). */
const NAME_CHARS = 64;

/**
 * The name in `candidates` closest to `name` by Levenshtein distance over their first
 * {@link NAME_CHARS} characters, ignoring case first (`Label` for `label`); ties go to the
 * earlier candidate. Undefined when there are no candidates.
 */
export function closestColumn(name: string, candidates: Iterable<string>): string | undefined {
  const wanted = name.slice(0, NAME_CHARS);
  const folded = wanted.toLowerCase();
  let best: string | undefined;
  let bestDistance = Number.POSITIVE_INFINITY;
  for (const candidate of candidates) {
    const head = candidate.slice(0, NAME_CHARS);
    const d = head.toLowerCase() === folded ? 0 : levenshteinDistance(wanted, head) + 1;
    if (d < bestDistance) {
      best = candidate;
      bestDistance = d;
    }
  }
  return best;
}

/**
 * The columns as a message lists them: the first {@link LISTED_COLUMNS}, each quoted and clipped
 * to {@link NAME_CHARS} characters, then how many more there are.
 */
export function listColumns(names: readonly string[]): string {
  if (names.length === 0) return '(none)';
  const shown = names.slice(0, LISTED_COLUMNS).map(quoteColumn).join(', ');
  const more = names.length - LISTED_COLUMNS;
  return more > 0 ? `${shown}, … and ${more} more` : shown;
}

/** A column name as messages show it: JSON-quoted, clipped to {@link NAME_CHARS} characters. */
export function quoteColumn(name: string): string {
  return name.length > NAME_CHARS
    ? `${JSON.stringify(name.slice(0, NAME_CHARS - 1))}… (${name.length} characters)`
    : JSON.stringify(name);
}

/**
 * The sentence that names an unknown column, the closest one and the list, e.g.
 * `names the column "lable", which data.csv does not have; the closest is "label". Its columns:
 * "id", "label", "x".` Callers put what names it (an input, a schema key) before it.
 */
export function unknownColumnText(
  name: string,
  available: readonly string[],
  where: string,
): string {
  const closest = closestColumn(name, available);
  return (
    `names the column ${quoteColumn(name)}, which ${where} does not have` +
    (closest === undefined ? '' : `; the closest is ${quoteColumn(closest)}`) +
    `. Its columns: ${listColumns(available)}.`
  );
}
