import { quantileSorted, sortedCopy } from '../stats/quantile';

/** Latency percentiles (numpy's linear quantiles), mean and max, in ms. */
export interface LatencySummary {
  readonly n: number;
  readonly p50Ms: number;
  readonly p95Ms: number;
  readonly p99Ms: number;
  readonly meanMs: number;
  readonly maxMs: number;
}

/** The summary of latencies in ms; NaN everywhere for none. Sorts one copy. */
export function latencySummary(latenciesMs: ArrayLike<number>): LatencySummary {
  const sorted = sortedCopy(latenciesMs);
  const n = sorted.length;
  let sum = 0;
  for (let i = 0; i < n; i++) sum += sorted[i] as number;
  return {
    n,
    p50Ms: quantileSorted(sorted, 0.5),
    p95Ms: quantileSorted(sorted, 0.95),
    p99Ms: quantileSorted(sorted, 0.99),
    meanMs: n === 0 ? Number.NaN : sum / n,
    maxMs: n === 0 ? Number.NaN : (sorted[n - 1] as number),
  };
}
