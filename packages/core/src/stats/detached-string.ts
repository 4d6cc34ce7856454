/**
 * A copy of `text` that shares no memory with the string it may have been sliced from.
 *
 * V8 represents a slice of 13 characters or more as a view on its parent: a 20-character value
 * kept from a 1 MiB chunk of a CSV keeps the whole chunk alive, and a prefix kept from a 63 MB
 * cell keeps the cell. Whatever outlives a batch (table keys, finding messages) is detached.
 * Costs one copy of `text`; use it on strings that are kept, not on every cell.
 */
export function detachedString(text: string): string {
  // A slice of 12 characters or fewer is already a copy.
  return text.length < 13 ? text : text.split('').join('');
}
