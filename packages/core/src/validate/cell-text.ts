/**
 * A cell's text form, for hashing and counting values: strings as they are, numbers, bigints and
 * booleans by toString, anything else (lists and structs from Parquet or JSON) by JSON, with
 * bigints (Parquet INT64 beyond 2^53, also inside lists) as their decimal digits.
 */
export function cellText(v: unknown): string {
  if (typeof v === 'string') return v;
  if (typeof v === 'number' || typeof v === 'bigint' || typeof v === 'boolean') return v.toString();
  return JSON.stringify(v, bigintAsText) ?? String(v);
}

function bigintAsText(_key: string, value: unknown): unknown {
  return typeof value === 'bigint' ? value.toString() : value;
}
