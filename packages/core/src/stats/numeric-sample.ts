import { hashNumber } from './hash';
import { HyperLogLog } from './hyperloglog';
import { KLL_K, KllSketch, kllRankError } from './kll';
import type { Rng } from './rng';
import { weightedFromPairs, weightedFromValues } from './weighted-sorted';
import type { WeightedSorted } from './weighted-sorted';

/**
 * The most raw values a numeric column keeps before it compresses them: 1,000,000 (8 MB).
 * Below it, every statistic is exact.
 */
export const EXACT_VALUE_BUDGET = 1_000_000;

/**
 * The most distinct values a column over {@link EXACT_VALUE_BUDGET} may have and stay exact, as
 * a value → count table (integer delays, distances, ratings, small codes: most real columns).
 * Over it, the column falls back to a {@link KllSketch} and HyperLogLog distinct counting.
 */
export const DISTINCT_VALUE_BUDGET = 100_000;

/** How a sample holds its values. */
export type SampleMode = 'exact' | 'counted' | 'sketch';

export interface NumericSampleOptions {
  readonly exactBudget?: number;
  readonly distinctBudget?: number;
  readonly kllK?: number;
}

/**
 * A numeric column's values, exact while they fit, then bounded: raw values up to
 * `exactBudget`; then a value → count table while distinct values stay within `distinctBudget`
 * (still exact); then a KLL sketch (rank error {@link kllRankError}) with HyperLogLog for the
 * distinct count. Memory is bounded by the budgets whatever the number of rows.
 */
export class NumericSample {
  private readonly exactBudget: number;
  private readonly distinctBudget: number;
  private readonly kllK: number;
  private raw: Float64Array | null = new Float64Array(1024);
  private rawCount = 0;
  private counts: Map<number, number> | null = null;
  private sketch: KllSketch | null = null;
  private hll: HyperLogLog | null = null;
  private total = 0;

  constructor(
    private readonly rng: Rng,
    options: NumericSampleOptions = {},
  ) {
    this.exactBudget = options.exactBudget ?? EXACT_VALUE_BUDGET;
    this.distinctBudget = options.distinctBudget ?? DISTINCT_VALUE_BUDGET;
    this.kllK = options.kllK ?? KLL_K;
  }

  get mode(): SampleMode {
    if (this.raw !== null) return 'exact';
    return this.counts !== null ? 'counted' : 'sketch';
  }

  /** The number of values added. */
  get count(): number {
    return this.total;
  }

  /** True when quantiles and drift statistics come from the sketch (approximate). */
  get approximate(): boolean {
    return this.sketch !== null;
  }

  /** The normalized rank error bound of the sketch (0 when exact). */
  get rankError(): number {
    return this.sketch === null ? 0 : kllRankError(this.kllK);
  }

  /** Adds one finite value. */
  add(x: number): void {
    this.total++;
    const raw = this.raw;
    if (raw !== null) {
      if (this.rawCount === raw.length) {
        if (this.rawCount >= this.exactBudget) {
          this.spill();
          this.addCompressed(x);
          return;
        }
        const bigger = new Float64Array(Math.min(raw.length * 2, this.exactBudget));
        bigger.set(raw);
        this.raw = bigger;
        bigger[this.rawCount++] = x;
        return;
      }
      raw[this.rawCount++] = x;
      return;
    }
    this.addCompressed(x);
  }

  private addCompressed(x: number): void {
    const counts = this.counts;
    if (counts !== null) {
      const c = counts.get(x);
      if (c !== undefined) {
        counts.set(x, c + 1);
        return;
      }
      if (counts.size < this.distinctBudget) {
        counts.set(x, 1);
        return;
      }
      this.toSketch();
    }
    (this.sketch as KllSketch).add(x);
    (this.hll as HyperLogLog).addHash(hashNumber(x));
  }

  /** Raw values over budget: to a count table, or straight to the sketch if too many distinct. */
  private spill(): void {
    const exact = weightedFromValues((this.raw as Float64Array).subarray(0, this.rawCount));
    this.raw = null;
    this.rawCount = 0;
    if (exact.values.length <= this.distinctBudget) {
      const counts = new Map<number, number>();
      for (let i = 0; i < exact.values.length; i++) {
        counts.set(exact.values[i] as number, exact.weights[i] as number);
      }
      this.counts = counts;
      return;
    }
    this.startSketch(exact.values, exact.weights);
  }

  private toSketch(): void {
    const counts = this.counts as Map<number, number>;
    this.counts = null;
    const values = new Float64Array(counts.size);
    const weights = new Float64Array(counts.size);
    let i = 0;
    for (const [v, c] of counts) {
      values[i] = v;
      weights[i] = c;
      i++;
    }
    this.startSketch(values, weights);
  }

  private startSketch(values: Float64Array, weights: Float64Array): void {
    const sketch = new KllSketch(this.rng, this.kllK);
    const hll = new HyperLogLog();
    for (let i = 0; i < values.length; i++) {
      sketch.addWeighted(values[i] as number, weights[i] as number);
      hll.addHash(hashNumber(values[i] as number));
    }
    this.sketch = sketch;
    this.hll = hll;
  }

  /** The number of distinct values: exact, or a HyperLogLog estimate in sketch mode. */
  distinct(): number {
    if (this.raw !== null) return this.view().values.length;
    if (this.counts !== null) return this.counts.size;
    return Math.round((this.hll as HyperLogLog).estimate());
  }

  private cached: WeightedSorted | null = null;
  private cachedAt = -1;

  /** The sorted weighted view (exact unless {@link approximate}). Cached until the next add. */
  view(): WeightedSorted {
    if (this.cached !== null && this.cachedAt === this.total) return this.cached;
    let out: WeightedSorted;
    if (this.raw !== null) {
      out = weightedFromValues(this.raw.subarray(0, this.rawCount));
    } else if (this.counts !== null) {
      const values = new Float64Array(this.counts.size);
      const weights = new Float64Array(this.counts.size);
      let i = 0;
      for (const [v, c] of this.counts) {
        values[i] = v;
        weights[i] = c;
        i++;
      }
      out = weightedFromPairs(values, weights);
    } else {
      out = (this.sketch as KllSketch).toWeightedSorted();
    }
    this.cached = out;
    this.cachedAt = this.total;
    return out;
  }
}
