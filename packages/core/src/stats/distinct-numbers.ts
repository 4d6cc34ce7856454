import { hashNumber } from './hash';
import { HyperLogLog } from './hyperloglog';
import { DISTINCT_VALUE_BUDGET } from './numeric-sample';

/**
 * The number of distinct numbers seen (e.g. the epoch milliseconds of a datetime column): exact
 * while at most `budget` (default {@link DISTINCT_VALUE_BUDGET}, 100,000) distinct values have
 * been seen, then a HyperLogLog estimate (0.41 % relative standard error). Memory is bounded by
 * the budget (a set of at most `budget` numbers) or the sketch (64 KiB). `0` and `-0` are one
 * value; NaN is not counted.
 */
export class DistinctNumbers {
  private set: Set<number> | null = new Set();
  private hll: HyperLogLog | null = null;

  constructor(readonly budget = DISTINCT_VALUE_BUDGET) {}

  /** Adds one value. */
  add(x: number): void {
    if (Number.isNaN(x)) return;
    const v = x === 0 ? 0 : x;
    const set = this.set;
    if (set !== null) {
      if (set.has(v)) return;
      if (set.size < this.budget) {
        set.add(v);
        return;
      }
      const hll = new HyperLogLog();
      for (const seen of set) hll.addHash(hashNumber(seen));
      this.hll = hll;
      this.set = null;
    }
    (this.hll as HyperLogLog).addHash(hashNumber(v));
  }

  /** True once the count is an estimate (more than `budget` distinct values). */
  get approximate(): boolean {
    return this.set === null;
  }

  /** The number of distinct values: exact, or a HyperLogLog estimate past the budget. */
  count(): number {
    return this.set !== null ? this.set.size : Math.round((this.hll as HyperLogLog).estimate());
  }
}
