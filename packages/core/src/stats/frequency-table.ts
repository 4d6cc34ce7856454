import { detachedString } from './detached-string';
import { hashString } from './hash';
import { HyperLogLog } from './hyperloglog';

/**
 * The most distinct values a categorical column counts one by one: 10,000. Values first seen
 * after the table is full go to one "other" bucket, and the distinct count becomes a
 * HyperLogLog estimate.
 */
export const CATEGORY_BUDGET = 10_000;

/**
 * A capped frequency table of string values with an "other" bucket and distinct counting. It
 * keeps at most `budget` keys, each a detached copy (never a view on the chunk it was read from),
 * so its memory is about `budget` × (key length × 2 + 80) bytes: callers bound the key length
 * (validate-data keys long values by a prefix and a hash, see `valueKey`).
 */
export class FrequencyTable {
  readonly counts = new Map<string, number>();
  /** Occurrences of values that were not counted one by one (the table was full). */
  other = 0;
  total = 0;
  private hll: HyperLogLog | null = null;

  constructor(readonly budget = CATEGORY_BUDGET) {}

  /** Adds one value. */
  add(value: string): void {
    this.total++;
    const c = this.counts.get(value);
    if (c !== undefined) {
      this.counts.set(value, c + 1);
      return;
    }
    if (this.counts.size < this.budget) {
      this.counts.set(detachedString(value), 1);
      return;
    }
    if (this.hll === null) {
      this.hll = new HyperLogLog();
      for (const key of this.counts.keys()) this.hll.addHash(hashString(key));
    }
    this.other++;
    this.hll.addHash(hashString(value));
  }

  /** True when some values fell into the "other" bucket (counts and distinct are partial). */
  get overflowed(): boolean {
    return this.hll !== null;
  }

  /** The number of distinct values: exact, or a HyperLogLog estimate after overflow. */
  distinct(): number {
    return this.hll === null ? this.counts.size : Math.round(this.hll.estimate());
  }

  /** Whether `value` was counted (always false for a value only seen after overflow). */
  has(value: string): boolean {
    return this.counts.has(value);
  }

  /** The `limit` most frequent values, most frequent first; ties by value, for stable output. */
  top(limit: number): { value: string; count: number }[] {
    const entries = [...this.counts.entries()];
    entries.sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0));
    return entries.slice(0, limit).map(([value, count]) => ({ value, count }));
  }
}
