import { chi2Sf } from '../stats/special';

export interface TestResult {
  readonly statistic: number;
  /** NaN when undefined for the data (e.g. one category). */
  readonly pValue: number;
}

/**
 * `scipy.stats.chisquare(observed, expected)`: Σ (o − e)² / e with k − 1 degrees of freedom.
 * An expected count of 0 with an observed count above 0 gives +∞ and p = 0, as numpy does.
 */
export function chiSquare(observed: Float64Array, expected: Float64Array): TestResult {
  let stat = 0;
  for (let i = 0; i < observed.length; i++) {
    const o = observed[i] as number;
    const e = expected[i] as number;
    const d = o - e;
    stat += e === 0 ? (d === 0 ? Number.NaN : Number.POSITIVE_INFINITY) : (d * d) / e;
  }
  const dof = observed.length - 1;
  const pValue = stat === Number.POSITIVE_INFINITY ? 0 : chi2Sf(stat, dof);
  return { statistic: stat, pValue };
}

/**
 * Evidently's `chisquare` stattest: the current counts against the reference counts scaled to
 * the current size (`ref_count × n_cur / n_ref`), over the union of both sides' values.
 */
export function chiSquareDrift(refCounts: Float64Array, curCounts: Float64Array): TestResult {
  let nRef = 0;
  let nCur = 0;
  for (const c of refCounts) nRef += c;
  for (const c of curCounts) nCur += c;
  const k = nCur / nRef;
  return chiSquare(
    curCounts,
    refCounts.map((c) => c * k),
  );
}
