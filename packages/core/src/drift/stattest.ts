import type { ColumnDrift, DriftMethod } from '../report/data-validation';
import { binnedShares } from './binning';
import { chiSquareDrift } from './chi2';
import { jensenShannonDistance, klDivergence, populationStabilityIndex } from './divergences';
import { alignedCounts, distributionSize } from './distribution';
import type { ColumnDistribution } from './distribution';
import { ksTwoSample } from './ks';
import { normedWasserstein } from './wasserstein';
import { proportionsZTest } from './z-test';

/**
 * Evidently's default threshold of each stattest: a p-value for ks, chi2 and z (drift when
 * p < threshold), a distance for the others (drift when statistic ≥ threshold).
 */
export const DEFAULT_THRESHOLDS: Readonly<Record<DriftMethod, number>> = {
  ks: 0.05,
  chi2: 0.05,
  z: 0.05,
  psi: 0.1,
  jensenshannon: 0.1,
  wasserstein: 0.1,
  kl: 0.1,
};

/** The tests whose verdict comes from a p-value. */
export const P_VALUE_METHODS: ReadonlySet<DriftMethod> = new Set(['ks', 'chi2', 'z']);

/** The reference size at or under which `auto` picks the statistical tests (Evidently's 1000). */
export const AUTO_SMALL_REFERENCE = 1000;

/**
 * The method `auto` picks, as Evidently's `_get_default_stattest`: `nValues` is the number of
 * distinct values over both sides. With at most {@link AUTO_SMALL_REFERENCE} reference values:
 * a numeric column with more than 5 values gets `ks`; any other column `chi2` when it has more
 * than 2 values, else `z`. Above it: a numeric column with more than 5 values gets `wasserstein`;
 * any other `jensenshannon`.
 */
export function autoDriftMethod(
  kind: 'numeric' | 'categorical',
  referenceSize: number,
  nValues: number,
): DriftMethod {
  if (referenceSize <= AUTO_SMALL_REFERENCE) {
    if (kind === 'numeric' && nValues > 5) return 'ks';
    return nValues > 2 ? 'chi2' : 'z';
  }
  return kind === 'numeric' && nValues > 5 ? 'wasserstein' : 'jensenshannon';
}

/** Whether `method` applies to a column of this kind (ks and wasserstein need numbers). */
export function methodApplies(method: DriftMethod, kind: 'numeric' | 'categorical'): boolean {
  return kind === 'numeric' || (method !== 'ks' && method !== 'wasserstein');
}

/** The number of distinct values over both sides (pandas' `concat([ref, cur]).nunique()`). */
export function pooledDistinct(ref: ColumnDistribution, cur: ColumnDistribution): number {
  if (ref.kind === 'numeric' && cur.kind === 'numeric' && (ref.approximate || cur.approximate)) {
    return Math.max(ref.distinct, cur.distinct);
  }
  return alignedCounts(ref, cur).keys.length;
}

/**
 * Runs one drift test of `cur` against `ref`, as Evidently's stattest of that name does.
 * Both sides must be non-empty and of the same kind, and `method` must apply
 * ({@link methodApplies}); throws a RangeError otherwise.
 */
export function runDriftTest(
  method: DriftMethod,
  ref: ColumnDistribution,
  cur: ColumnDistribution,
  threshold: number = DEFAULT_THRESHOLDS[method],
): ColumnDrift {
  if (distributionSize(ref) === 0 || distributionSize(cur) === 0) {
    throw new RangeError('a drift test needs values on both sides');
  }
  if (ref.kind !== cur.kind) throw new RangeError('both sides of a drift test must be of one kind');
  const approximate = ref.approximate || cur.approximate;
  const byDistance = (statistic: number): ColumnDrift => ({
    method,
    statistic,
    pValue: null,
    threshold,
    drifted: statistic >= threshold,
    approximate,
  });
  const byPValue = (statistic: number, pValue: number): ColumnDrift => ({
    method,
    statistic: Number.isFinite(statistic) ? statistic : null,
    pValue: Number.isNaN(pValue) ? null : pValue,
    threshold,
    drifted: pValue < threshold,
    approximate,
  });
  switch (method) {
    case 'ks': {
      if (ref.kind !== 'numeric' || cur.kind !== 'numeric') throw notApplicable(method);
      const r = ksTwoSample(ref.sample, cur.sample);
      return byPValue(r.statistic, r.pValue);
    }
    case 'wasserstein': {
      if (ref.kind !== 'numeric' || cur.kind !== 'numeric') throw notApplicable(method);
      return byDistance(normedWasserstein(ref.sample, cur.sample, ref.std0));
    }
    case 'chi2': {
      const a = alignedCounts(ref, cur);
      const r = chiSquareDrift(a.ref, a.cur);
      return byPValue(r.statistic, r.pValue);
    }
    case 'z': {
      const a = alignedCounts(ref, cur);
      const keys = a.keys;
      // Evidently uses sorted(keys)[0]: numbers ascending, strings in code-point order.
      let first = 0;
      for (let i = 1; i < keys.length; i++) {
        if ((keys[i] as string | number) < (keys[first] as string | number)) first = i;
      }
      let refNonZero = 0;
      let curNonZero = 0;
      for (const c of a.ref) if (c > 0) refNonZero++;
      for (const c of a.cur) if (c > 0) curNonZero++;
      const same =
        keys.length === 1 || (refNonZero === 1 && curNonZero === 1 && sameSingle(a.ref, a.cur));
      const r = proportionsZTest(
        a.ref[first] as number,
        distributionSize(ref),
        a.cur[first] as number,
        distributionSize(cur),
        same,
      );
      return byPValue(r.statistic, r.pValue);
    }
    case 'psi': {
      const s = binnedShares(ref, cur, true);
      return byDistance(populationStabilityIndex(s.ref, s.cur));
    }
    case 'kl': {
      const s = binnedShares(ref, cur, true);
      return byDistance(klDivergence(s.ref, s.cur));
    }
    case 'jensenshannon': {
      // Evidently's `_jensenshannon` passes base = 2 (so the distance is in [0, 1]).
      const s = binnedShares(ref, cur, false);
      return byDistance(jensenShannonDistance(s.ref, s.cur, 2));
    }
  }
}

function sameSingle(a: Float64Array, b: Float64Array): boolean {
  for (let i = 0; i < a.length; i++) if ((a[i] as number) > 0) return (b[i] as number) > 0;
  return false;
}

function notApplicable(method: DriftMethod): RangeError {
  return new RangeError(`drift method ${method} needs a numeric column`);
}
