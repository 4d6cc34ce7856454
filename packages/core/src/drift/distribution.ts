import type { WeightedSorted } from '../stats/weighted-sorted';

/** The key under which a capped frequency table's "other" bucket is counted. */
export const OTHER_CATEGORY = '\u0000other';

/**
 * One side (reference or current) of a column, as the drift tests see it: its non-null values
 * only (Evidently drops NaN and ±inf before testing).
 */
export type ColumnDistribution = NumericDistribution | CategoricalDistribution;

export interface NumericDistribution {
  readonly kind: 'numeric';
  readonly sample: WeightedSorted;
  /** Distinct values (exact, or a HyperLogLog estimate when `approximate`). */
  readonly distinct: number;
  /** Standard deviation with ddof = 0 (numpy's `np.std`), exact whatever the mode. */
  readonly std0: number;
  /** True when `sample` is a sketch. */
  readonly approximate: boolean;
}

export interface CategoricalDistribution {
  readonly kind: 'categorical';
  /** Value → count; values past the table's budget are counted under {@link OTHER_CATEGORY}. */
  readonly counts: ReadonlyMap<string, number>;
  readonly total: number;
  readonly approximate: boolean;
}

/** The number of values of a distribution. */
export function distributionSize(d: ColumnDistribution): number {
  return d.kind === 'numeric' ? d.sample.total : d.total;
}

/**
 * The counts of both sides over the union of their keys, in one order (numeric keys ascending,
 * categorical keys in first-seen order, reference first). Numeric keys are the distinct values.
 */
export function alignedCounts(
  ref: ColumnDistribution,
  cur: ColumnDistribution,
): { keys: (string | number)[]; ref: Float64Array; cur: Float64Array } {
  if (ref.kind === 'numeric' && cur.kind === 'numeric') {
    const a = ref.sample;
    const b = cur.sample;
    const keys: number[] = [];
    const rc: number[] = [];
    const cc: number[] = [];
    let i = 0;
    let j = 0;
    while (i < a.values.length || j < b.values.length) {
      const x = i < a.values.length ? (a.values[i] as number) : Number.POSITIVE_INFINITY;
      const y = j < b.values.length ? (b.values[j] as number) : Number.POSITIVE_INFINITY;
      const v = x <= y ? x : y;
      keys.push(v);
      rc.push(x === v ? (a.weights[i++] as number) : 0);
      cc.push(y === v ? (b.weights[j++] as number) : 0);
    }
    return { keys, ref: Float64Array.from(rc), cur: Float64Array.from(cc) };
  }
  const refCounts = asCounts(ref);
  const curCounts = asCounts(cur);
  const keys: string[] = [...refCounts.keys()];
  for (const key of curCounts.keys()) if (!refCounts.has(key)) keys.push(key);
  return {
    keys,
    ref: Float64Array.from(keys, (k) => refCounts.get(k) ?? 0),
    cur: Float64Array.from(keys, (k) => curCounts.get(k) ?? 0),
  };
}

function asCounts(d: ColumnDistribution): ReadonlyMap<string, number> {
  if (d.kind === 'categorical') return d.counts;
  const out = new Map<string, number>();
  for (let i = 0; i < d.sample.values.length; i++) {
    out.set(String(d.sample.values[i]), d.sample.weights[i] as number);
  }
  return out;
}
