import { normalCdf } from '../stats/special';
import type { TestResult } from './chi2';

/**
 * Evidently's `z` stattest, a two-proportion z-test: each side is reduced to "is not the
 * smallest value" (`sorted(keys)[0]`), z = (p₁ − p₂) / sqrt(P (1 − P) (1/n₁ + 1/n₂)) with the
 * pooled P, and p = 2 (1 − Φ(|z|)). When both sides hold one and the same value, p = 1.
 * `refFirst`/`curFirst` are each side's count of that smallest key; `nRef`/`nCur` the sizes;
 * `sameSingleValue` whether both sides are that one value only.
 */
export function proportionsZTest(
  refFirst: number,
  nRef: number,
  curFirst: number,
  nCur: number,
  sameSingleValue: boolean,
): TestResult {
  if (sameSingleValue) return { statistic: 0, pValue: 1 };
  const p1 = (nRef - refFirst) / nRef;
  const p2 = (nCur - curFirst) / nCur;
  const P = (p1 * nRef + p2 * nCur) / (nRef + nCur);
  const z = (p1 - p2) / Math.sqrt(P * (1 - P) * (1 / nRef + 1 / nCur));
  return { statistic: z, pValue: 2 * (1 - normalCdf(Math.abs(z))) };
}
