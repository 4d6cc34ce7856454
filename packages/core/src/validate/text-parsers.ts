/**
 * How text cells (CSV, TSV) become typed values. The dataset readers own the parsing rules
 * (`parseNumber`, `parseBoolean`, `parseDatetime` of `@modelgate/data`); the validation core
 * takes them as a port so that it stays pure and has one set of rules.
 */
export interface TextParsers {
  /** The number written in the text, or undefined. NaN is a missing value to the caller. */
  parseNumber(text: string): number | undefined;
  parseBoolean(text: string): boolean | undefined;
  /** Epoch milliseconds (UTC), or undefined. */
  parseDatetime(text: string): number | undefined;
}
