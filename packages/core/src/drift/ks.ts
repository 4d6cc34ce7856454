import type { WeightedSorted } from '../stats/weighted-sorted';
import { kolmogorovSf } from './kolmogorov';

/**
 * scipy's `ks_2samp(method='auto')` switches from the exact p-value to the asymptotic one when
 * the larger sample has more than this many values.
 */
export const KS_MAX_EXACT_N = 10_000;

export interface KsResult {
  /** The KS statistic D: the largest distance between the two empirical CDFs. */
  readonly statistic: number;
  readonly pValue: number;
  readonly method: 'exact' | 'asymp';
}

/**
 * The two-sample Kolmogorov–Smirnov test, two-sided, as `scipy.stats.ks_2samp(a, b)` (scipy
 * 1.10, method 'auto'): exact p-value when both samples have at most {@link KS_MAX_EXACT_N}
 * values (Hodges' lattice-path count; `_compute_prob_outside_square` when n1 = n2, Viehmann's
 * `_compute_outer_prob_inside_method` otherwise), else `kstwo.sf(D, round(n1 n2 / (n1 + n2)))`.
 * Samples are weighted sorted views; their totals are the sample sizes. Throws a RangeError when
 * either sample is empty.
 */
export function ksTwoSample(a: WeightedSorted, b: WeightedSorted): KsResult {
  const n1 = a.total;
  const n2 = b.total;
  if (n1 === 0 || n2 === 0) throw new RangeError('ks_2samp needs two non-empty samples');
  const statistic = ksStatistic(a, b);
  if (Math.max(n1, n2) <= KS_MAX_EXACT_N && Number.isInteger(n1) && Number.isInteger(n2)) {
    const exact = exactPValue(n1, n2, statistic);
    if (exact !== undefined) return { statistic: exact.d, pValue: exact.p, method: 'exact' };
  }
  const [m, n] = n1 >= n2 ? [n1, n2] : [n2, n1];
  const en = (m * n) / (m + n);
  const pValue = Math.min(1, Math.max(0, kolmogorovSf(roundHalfEven(en), statistic)));
  return { statistic, pValue, method: 'asymp' };
}

/**
 * The KS statistic D = max |F_a(x) − F_b(x)| over the pooled values, computed as scipy does
 * (`searchsorted(side='right') / n` on each side, then the larger of max and −min).
 */
export function ksStatistic(a: WeightedSorted, b: WeightedSorted): number {
  const n1 = a.total;
  const n2 = b.total;
  let i = 0;
  let j = 0;
  let c1 = 0;
  let c2 = 0;
  let maxS = Number.NEGATIVE_INFINITY;
  let minS = Number.POSITIVE_INFINITY;
  const av = a.values;
  const bv = b.values;
  while (i < av.length || j < bv.length) {
    const x = i < av.length ? (av[i] as number) : Number.POSITIVE_INFINITY;
    const y = j < bv.length ? (bv[j] as number) : Number.POSITIVE_INFINITY;
    const v = x <= y ? x : y;
    if (x === v) c1 += a.weights[i++] as number;
    if (y === v) c2 += b.weights[j++] as number;
    const diff = c1 / n1 - c2 / n2;
    if (diff > maxS) maxS = diff;
    if (diff < minS) minS = diff;
  }
  const minAbs = Math.min(1, Math.max(0, -minS));
  return minAbs > maxS ? minAbs : maxS;
}

function gcd(a: number, b: number): number {
  while (b !== 0) [a, b] = [b, a % b];
  return a;
}

/** numpy's round: half to even. */
function roundHalfEven(x: number): number {
  const r = Math.round(x);
  return Math.abs(x % 1) === 0.5 && r % 2 !== 0 ? r - 1 : r;
}

/** scipy's `_attempt_exact_2kssamp` (two-sided); undefined when it would fall back to asymp. */
function exactPValue(n1: number, n2: number, d: number): { d: number; p: number } | undefined {
  const g = gcd(n1, n2);
  const lcm = (n1 / g) * n2;
  const h = roundHalfEven(d * lcm);
  const dd = h / lcm;
  if (h === 0) return { d: dd, p: 1 };
  const p = n1 === n2 ? probOutsideSquare(n1, h) : outerProbInside(n1, n2, g, h);
  if (!Number.isFinite(p) || p < 0 || p > 1) return undefined;
  return { d: dd, p };
}

/** scipy's `_compute_prob_outside_square(n, h)`: P(D_{n,n} ≥ h/n), Horner-like. */
function probOutsideSquare(n: number, h: number): number {
  let P = 0;
  let k = Math.floor(n / h);
  while (k >= 0) {
    let p1 = 1;
    for (let j = 0; j < h; j++) p1 = ((n - k * h - j) * p1) / (n + k * h + j + 1);
    P = p1 * (1 - P);
    k--;
  }
  return 2 * P;
}

/**
 * scipy's `_compute_outer_prob_inside_method(m, n, g, h)`: the proportion of lattice paths
 * from (0, 0) to (m, n) that leave the band |x/m − y/n| < h/lcm, by Viehmann's recursion for
 * 1 − p.
 */
function outerProbInside(m0: number, n0: number, g: number, h: number): number {
  const [m, n] = m0 >= n0 ? [m0, n0] : [n0, m0];
  const mg = m / g;
  const ng = n / g;
  let minj = 0;
  let maxj = Math.min(Math.ceil(h / mg), n + 1);
  let curlen = maxj - minj;
  const lenA = Math.min(2 * maxj + 2, n + 1);
  const A = new Float64Array(lenA).fill(1);
  for (let j = minj; j < maxj && j < lenA; j++) A[j] = 0;
  for (let i = 1; i <= m; i++) {
    const lastminj = minj;
    const lastlen = curlen;
    minj = Math.max(Math.floor((ng * i - h) / mg) + 1, 0);
    minj = Math.min(minj, n);
    maxj = Math.min(Math.ceil((ng * i + h) / mg), n + 1);
    if (maxj <= minj) return 1;
    let val = minj === 0 ? 0 : 1;
    for (let jj = 0; jj < maxj - minj; jj++) {
      const j = jj + minj;
      val = ((A[jj + minj - lastminj] as number) * i + val * j) / (i + j);
      A[jj] = val;
    }
    curlen = maxj - minj;
    if (lastlen > curlen) {
      const end = Math.min(maxj - minj + (lastlen - curlen), lenA);
      for (let t = maxj - minj; t < end; t++) A[t] = 1;
    }
  }
  return A[maxj - minj - 1] as number;
}
