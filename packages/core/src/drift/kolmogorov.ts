import { logGamma } from '../stats/special';

/**
 * The distribution of the two-sided one-sample Kolmogorov–Smirnov statistic D_n, as scipy's
 * `scipy.stats.kstwo` computes it (`scipy/stats/_ksstats.py`, Simard & L'Ecuyer 2011): exact
 * Ruben–Gambino ends, the Durbin matrix (Marsaglia–Tsang–Wang), the Pomeranz recursion, the
 * Pelz–Good expansion and 2 × the one-sided Smirnov tail, each where scipy uses it. ks_2samp's
 * asymptotic p-value is `kstwo.sf(d, round(n1 n2 / (n1 + n2)))`.
 */

const E128 = 128;
const EP128 = 2 ** 128;
const EM128 = 2 ** -128;
const SQRT2PI = Math.sqrt(2 * Math.PI);
const LOG_2PI = Math.log(2 * Math.PI);
const MIN_LOG = -708;
const SQRT3 = Math.sqrt(3);
const PI2 = Math.PI ** 2;
const PI4 = Math.PI ** 4;
const PI6 = Math.PI ** 6;
// scipy's Stirling coefficients, as the doubles they round to.
const STIRLING = [
  -0.029550653594771242, 0.00641025641025641, -0.0019175269175269176, 0.0008417508417508417,
  -0.0005952380952380953, 0.0007936507936507937, -0.002777777777777778, 0.08333333333333333,
];

function clip(p: number): number {
  return Math.min(1, Math.max(0, p));
}

function polyval(coeffs: readonly number[], x: number): number {
  let y = 0;
  for (const c of coeffs) y = y * x + c;
  return y;
}

function logNFactorialDivNPowN(n: number): number {
  const rn = 1 / n;
  return Math.log(n) / 2 - n + LOG_2PI / 2 + rn * polyval(STIRLING, rn / n);
}

/**
 * The one-sided Smirnov survival function P(D_n^+ ≥ e), exactly by the Birnbaum–Tingey sum
 * (as `scipy.special.smirnov`), in logs for n ≥ 1013.
 */
export function smirnovSf(n: number, e: number): number {
  if (!(n > 0 && e >= 0 && e <= 1)) return Number.NaN;
  if (e === 0) return 1;
  const nn = Math.floor(n * (1 - e));
  let p = 0;
  if (n < 1013) {
    let c = 1;
    for (let v = 0; v <= nn; v++) {
      const evn = e + v / n;
      p += c * evn ** (v - 1) * (1 - evn) ** (n - v);
      c *= (n - v) / (v + 1);
    }
  } else {
    const lgn1 = logGamma(n + 1);
    for (let v = 0; v <= nn; v++) {
      const evn = e + v / n;
      const omevn = 1 - evn;
      if (Math.abs(omevn) > 0) {
        const t =
          lgn1 -
          logGamma(v + 1) -
          logGamma(n - v + 1) +
          (v - 1) * Math.log(evn) +
          (n - v) * Math.log(omevn);
        if (t > -709) p += Math.exp(t);
      }
    }
  }
  return p * e;
}

/** P(D_n ≤ d) by the Durbin matrix algorithm (MTW 2003), as scipy's `_kolmogn_DMTW`. */
function kolmognDmtw(n: number, d: number): number {
  if (d >= 1) return 1;
  const nd = n * d;
  if (nd <= 0.5) return 0;
  const k = Math.ceil(nd);
  const h = k - nd;
  const m = 2 * k - 1;
  let H: Float64Array = new Float64Array(m * m);
  const v = new Float64Array(m);
  const w = new Float64Array(m);
  let fac = 1;
  for (let j = 1; j <= m; j++) {
    w[j - 1] = fac;
    fac /= j;
    v[j - 1] = (1 - h ** j) * fac;
  }
  const tt = Math.max(2 * h - 1, 0) ** m - 2 * h ** m;
  v[m - 1] = (1 + tt) * fac;
  for (let i = 1; i < m; i++) {
    for (let r = i - 1; r < m; r++) H[r * m + i] = w[r - (i - 1)] as number;
  }
  for (let r = 0; r < m; r++) H[r * m] = v[r] as number;
  for (let c = 0; c < m; c++) H[(m - 1) * m + c] = v[m - 1 - c] as number;

  let P: Float64Array = new Float64Array(m * m);
  for (let i = 0; i < m; i++) P[i * m + i] = 1;
  let nn = n;
  let expnt = 0;
  let hexpnt = 0;
  while (nn > 0) {
    if (nn % 2 === 1) {
      P = matmul(P, H, m);
      expnt += hexpnt;
    }
    H = matmul(H, H, m);
    hexpnt *= 2;
    if (Math.abs(H[(k - 1) * m + (k - 1)] as number) > EP128) {
      for (let i = 0; i < H.length; i++) H[i] = (H[i] as number) / EP128;
      hexpnt += E128;
    }
    nn = Math.floor(nn / 2);
  }
  let p = P[(k - 1) * m + (k - 1)] as number;
  for (let i = 1; i <= n; i++) {
    p = (i * p) / n;
    if (Math.abs(p) < EM128) {
      p *= EP128;
      expnt -= E128;
    }
  }
  if (expnt !== 0) p = p * 2 ** expnt;
  return clip(p);
}

function matmul(a: Float64Array, b: Float64Array, m: number): Float64Array {
  const out = new Float64Array(m * m);
  for (let i = 0; i < m; i++) {
    const row = i * m;
    for (let k = 0; k < m; k++) {
      const aik = a[row + k] as number;
      if (aik === 0) continue;
      const brow = k * m;
      for (let j = 0; j < m; j++)
        out[row + j] = (out[row + j] as number) + aik * (b[brow + j] as number);
    }
  }
  return out;
}

function pomeranzJ1J2(
  i: number,
  n: number,
  ll: number,
  ceilf: number,
  roundf: number,
): [number, number] {
  let j1: number;
  let j2: number;
  if (i === 0) {
    j1 = -ll - ceilf - 1;
    j2 = ll + ceilf - 1;
  } else {
    const ip1div2 = Math.floor((i + 1) / 2);
    const ip1mod2 = (i + 1) % 2;
    if (ip1mod2 === 0) {
      if (ip1div2 === n + 1) {
        j1 = n - ll - ceilf - 1;
        j2 = n + ll + ceilf - 1;
      } else {
        j1 = ip1div2 - 1 - ll - roundf - 1;
        j2 = ip1div2 + ll - 1 + ceilf - 1;
      }
    } else {
      j1 = ip1div2 - 1 - ll - 1;
      j2 = ip1div2 + ll + roundf - 1;
    }
  }
  return [Math.max(j1 + 2, 0), Math.min(j2, n)];
}

/** P(D_n ≤ x) by Pomeranz's recursion (1974), as scipy's `_kolmogn_Pomeranz`. */
function kolmognPomeranz(n: number, x: number): number {
  const t = n * x;
  const ll = Math.floor(t);
  const f = t - ll;
  const g = Math.min(f, 1 - f);
  const ceilf = f > 0 ? 1 : 0;
  const roundf = f > 0.5 ? 1 : 0;
  const npwrs = 2 * (ll + 1);
  const gpower = new Float64Array(npwrs);
  const twogpower = new Float64Array(npwrs);
  const onem2gpower = new Float64Array(npwrs);
  gpower[0] = 1;
  twogpower[0] = 1;
  onem2gpower[0] = 1;
  let expnt = 0;
  const gOverN = g / n;
  const twoGOverN = (2 * g) / n;
  const oneMinusTwoGOverN = (1 - 2 * g) / n;
  for (let m = 1; m < npwrs; m++) {
    gpower[m] = ((gpower[m - 1] as number) * gOverN) / m;
    twogpower[m] = ((twogpower[m - 1] as number) * twoGOverN) / m;
    onem2gpower[m] = ((onem2gpower[m - 1] as number) * oneMinusTwoGOverN) / m;
  }
  let V0 = new Float64Array(npwrs);
  let V1 = new Float64Array(npwrs);
  V1[0] = 1;
  let V0s = 0;
  let V1s = 0;
  let j1 = pomeranzJ1J2(0, n, ll, ceilf, roundf)[0];
  let j2: number;
  for (let i = 1; i < 2 * n + 2; i++) {
    const k1 = j1;
    [V0, V1] = [V1, V0];
    [V0s, V1s] = [V1s, V0s];
    V1.fill(0);
    [j1, j2] = pomeranzJ1J2(i, n, ll, ceilf, roundf);
    const pwrs = i === 1 || i === 2 * n + 1 ? gpower : i % 2 === 1 ? twogpower : onem2gpower;
    const ln2 = j2 - k1 + 1;
    if (ln2 > 0) {
      // conv = np.convolve(V0[k1 - V0s : k1 - V0s + ln2], pwrs[:ln2]); only entries
      // [j1 - k1, j2 - k1] are used.
      const base = k1 - V0s;
      const convStart = j1 - k1;
      const convLen = j2 - j1 + 1;
      let maxV = 0;
      for (let c = 0; c < convLen; c++) {
        const idx = convStart + c;
        let s = 0;
        for (let a = 0; a <= idx; a++) {
          const b = idx - a;
          if (a >= ln2 || b >= ln2) continue;
          s += (V0[base + a] ?? 0) * (pwrs[b] as number);
        }
        V1[c] = s;
        if (s > maxV) maxV = s;
      }
      if (maxV > 0 && maxV < EM128) {
        for (let c = 0; c < V1.length; c++) V1[c] = (V1[c] as number) * EP128;
        expnt -= E128;
      }
      V1s = V0s + j1 - k1;
    }
  }
  let ans = V1[n - V1s] as number;
  for (let m = 1; m <= n; m++) {
    if (Math.abs(ans) > EP128) {
      ans *= EM128;
      expnt += E128;
    }
    ans *= m;
  }
  if (expnt !== 0) ans = ans * 2 ** expnt;
  return clip(ans);
}

/** The Pelz–Good approximation (1976) of P(D_n ≤ x) or its complement, as scipy computes it. */
function kolmognPelzGood(n: number, x: number, cdf: boolean): number {
  if (x <= 0) return cdf ? 0 : 1;
  if (x >= 1) return cdf ? 1 : 0;
  const z = Math.sqrt(n) * x;
  const z2 = z ** 2;
  const z3 = z ** 3;
  const z4 = z ** 4;
  const z6 = z ** 6;
  const qlog = -PI2 / 8 / z2;
  if (qlog < MIN_LOG) return cdf ? 0 : 1;
  let q = Math.exp(qlog);
  const k1a = -z2;
  const k1b = PI2 / 4;
  const k2a = 6 * z6 + 2 * z4;
  const k2b = ((2 * z4 - 5 * z2) * PI2) / 4;
  const k2c = (PI4 * (1 - 2 * z2)) / 16;
  const k3d = (PI6 * (5 - 30 * z2)) / 64;
  const k3c = (PI4 * (-60 * z2 + 212 * z4)) / 16;
  const k3b = (PI2 * (135 * z4 - 96 * z6)) / 4;
  const k3a = -30 * z6 - 90 * z ** 8;
  const K: number[] = [0, 0, 0, 0];
  const maxk = Math.ceil((16 * z) / Math.PI);
  for (let k = maxk; k > 0; k--) {
    const m = 2 * k - 1;
    const m2 = m ** 2;
    const m4 = m ** 4;
    const m6 = m ** 6;
    const qpower = q ** (8 * k);
    const coeffs = [
      1,
      k1a + k1b * m2,
      k2a + k2b * m2 + k2c * m4,
      k3a + k3b * m2 + k3c * m4 + k3d * m6,
    ];
    for (let i = 0; i < 4; i++) K[i] = (K[i] as number) * qpower + (coeffs[i] as number);
  }
  const denoms = [z, 6 * z4, 72 * z ** 7, 6480 * z ** 10];
  for (let i = 0; i < 4; i++) K[i] = ((K[i] as number) * q * SQRT2PI) / (denoms[i] as number);
  q = Math.exp(-PI2 / 2 / z2);
  let k2extra = 0;
  let k3extra = 0;
  const sqrt3z = SQRT3 * z;
  for (let k = maxk; k > 0; k--) {
    const k2 = k * k;
    const qp = q ** k2;
    k2extra += k2 * qp;
    const kspi = Math.PI * k;
    k3extra += (sqrt3z + kspi) * (sqrt3z - kspi) * k2 * qp;
  }
  K[2] = (K[2] as number) + (k2extra * PI2 * SQRT2PI) / (-36 * z3);
  K[3] = (K[3] as number) + (k3extra * PI2 * SQRT2PI) / (216 * z6);
  for (let i = 0; i < 4; i++) K[i] = (K[i] as number) / n ** (i / 2);
  if (!cdf) {
    for (let i = 0; i < 4; i++) K[i] = -(K[i] as number);
    K[0] = (K[0] as number) + 1;
  }
  return K.reduce((a, b) => a + b, 0);
}

/**
 * P(D_n > x): the survival function of the two-sided one-sample KS statistic for a sample of
 * size `n` (a positive integer), as `scipy.stats.kstwo.sf(x, n)`.
 */
export function kolmogorovSf(n: number, x: number): number {
  if (!Number.isInteger(n) || n <= 0) return Number.NaN;
  if (Number.isNaN(x)) return Number.NaN;
  if (x >= 1) return 0;
  if (x <= 0) return 1;
  const t = n * x;
  if (t <= 1) {
    if (t <= 0.5) return 1;
    let prob: number;
    if (n <= 140) {
      prob = 1;
      for (let i = 1; i <= n; i++) prob *= i * (1 / n) * (2 * t - 1);
    } else {
      prob = Math.exp(logNFactorialDivNPowN(n) + n * Math.log(2 * t - 1));
    }
    return clip(1 - prob);
  }
  if (t >= n - 1) return clip(2 * (1 - x) ** n);
  if (x >= 0.5) return clip(2 * smirnovSf(n, x));
  const nx2 = t * x;
  if (n <= 140) {
    if (nx2 <= 0.754693) return clip(1 - kolmognDmtw(n, x));
    if (nx2 <= 4) return clip(1 - kolmognPomeranz(n, x));
    return clip(2 * smirnovSf(n, x));
  }
  if (nx2 >= 370) return 0;
  if (nx2 >= 2.2) return clip(2 * smirnovSf(n, x));
  let cdfprob: number;
  if (nx2 >= 18) cdfprob = 1;
  else if (n <= 100000 && n * x ** 1.5 <= 1.4) cdfprob = kolmognDmtw(n, x);
  else cdfprob = kolmognPelzGood(n, x, true);
  return clip(1 - cdfprob);
}
