/**
 * Streaming moments: count, mean, variance, min and max in one pass with Welford's update, and
 * mergeable with Chan et al.'s formula, so that batches (or files) can be summed in any order.
 */

/** A mergeable accumulator of the first two moments and the range of finite numbers. */
export class Moments {
  count = 0;
  mean = 0;
  /** Sum of squared deviations from the mean (M2). */
  m2 = 0;
  min = Number.POSITIVE_INFINITY;
  max = Number.NEGATIVE_INFINITY;

  /** Adds one value. The caller passes finite numbers only (NaN and ±Infinity are nulls). */
  add(x: number): void {
    const n = ++this.count;
    const delta = x - this.mean;
    this.mean += delta / n;
    this.m2 += delta * (x - this.mean);
    if (x < this.min) this.min = x;
    if (x > this.max) this.max = x;
  }

  /** Adds the values of `other` (Chan, Golub & LeVeque's pairwise update). */
  merge(other: Moments): void {
    if (other.count === 0) return;
    if (this.count === 0) {
      this.count = other.count;
      this.mean = other.mean;
      this.m2 = other.m2;
      this.min = other.min;
      this.max = other.max;
      return;
    }
    const n = this.count + other.count;
    const delta = other.mean - this.mean;
    this.mean += (delta * other.count) / n;
    this.m2 += other.m2 + (delta * delta * this.count * other.count) / n;
    this.count = n;
    if (other.min < this.min) this.min = other.min;
    if (other.max > this.max) this.max = other.max;
  }

  /**
   * The variance with `ddof` delta degrees of freedom: `ddof = 1` is the sample variance of
   * pandas' `describe()` and `Series.std()`; `ddof = 0` is numpy's `np.std` default (used by
   * Evidently's normed Wasserstein). NaN when `count <= ddof`.
   */
  variance(ddof: 0 | 1): number {
    return this.count > ddof ? this.m2 / (this.count - ddof) : Number.NaN;
  }

  /** The standard deviation with `ddof` (see {@link variance}). */
  std(ddof: 0 | 1): number {
    return Math.sqrt(this.variance(ddof));
  }
}
