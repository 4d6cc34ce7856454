/**
 * A seeded pseudo-random generator for the bootstrap: xoshiro128** (Blackman & Vigna, 2018;
 * period 2^128 − 1, passes BigCrush), seeded through splitmix32 so that nearby seeds give
 * unrelated streams. The same seed gives the same numbers on every platform.
 */

const TWO_POW_32 = 4294967296;

/** splitmix32's output function: a bijective 32-bit mixer. */
function mix32(x: number): number {
  let z = x | 0;
  z = Math.imul(z ^ (z >>> 16), 0x21f0aaad);
  z = Math.imul(z ^ (z >>> 15), 0x735a2d97);
  return (z ^ (z >>> 15)) >>> 0;
}

/** FNV-1a of a string's UTF-16 code units, for deriving a stream from a seed and a label. */
function hashLabel(label: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < label.length; i++) {
    h ^= label.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  return h >>> 0;
}

/** A xoshiro128** generator. Not for cryptography. */
export class Xoshiro128 {
  private s0: number;
  private s1: number;
  private s2: number;
  private s3: number;

  /**
   * `seed` is any integer (its low 32 bits and, for larger values, the next 21 are used).
   * `label` (e.g. a metric name) derives an independent stream from the same seed, so that the
   * numbers one metric gets do not depend on which other metrics were compared first.
   */
  constructor(seed: number, label = '') {
    const low = seed >>> 0;
    const high = Math.floor(seed / TWO_POW_32) >>> 0;
    let state = (low ^ Math.imul(high, 0x9e3779b9) ^ hashLabel(label)) >>> 0;
    const next = (): number => {
      state = (state + 0x9e3779b9) >>> 0;
      return mix32(state);
    };
    this.s0 = next() | 0;
    this.s1 = next() | 0;
    this.s2 = next() | 0;
    this.s3 = next() | 0;
    if ((this.s0 | this.s1 | this.s2 | this.s3) === 0) this.s0 = 1;
  }

  /** The next 32 random bits, as an unsigned integer. */
  nextUint32(): number {
    const s1 = this.s1;
    const m = Math.imul(s1, 5);
    const result = Math.imul((m << 7) | (m >>> 25), 9) >>> 0;
    const t = s1 << 9;
    this.s2 ^= this.s0;
    this.s3 ^= s1;
    this.s1 = s1 ^ this.s2;
    this.s0 ^= this.s3;
    this.s2 ^= t;
    this.s3 = (this.s3 << 11) | (this.s3 >>> 21);
    return result;
  }

  /** A uniform double in [0, 1) with 53 random bits. */
  nextFloat(): number {
    const high = this.nextUint32() >>> 5; // 27 bits
    const low = this.nextUint32() >>> 6; // 26 bits
    return (high * 67108864 + low) / 9007199254740992;
  }

  /**
   * A uniform double in (0, 1) with 32 random bits, never 0 nor 1: `(k + ½) / 2^32`. Cheaper than
   * {@link nextFloat}, and enough for the rejection samplers and logarithms.
   */
  nextOpenFloat(): number {
    return (this.nextUint32() + 0.5) / TWO_POW_32;
  }

  /**
   * A uniform integer in [0, n) for 1 ≤ n ≤ 2^32, by multiplying 32 random bits (Lemire's
   * method without the rejection step: the bias is below n / 2^32, e.g. 2e-5 for n = 100,000).
   */
  nextIndex(n: number): number {
    return Math.floor((this.nextUint32() * n) / TWO_POW_32);
  }

  /**
   * The generator's state words s0..s3 (as signed 32-bit integers), for a kernel that continues
   * the stream elsewhere (see index-resampler.ts).
   */
  state(): [number, number, number, number] {
    return [this.s0, this.s1, this.s2, this.s3];
  }
}

// ln(k!) − [(k + ½) ln(k + 1) − (k + 1) + ½ ln(2π)] for k = 0..9 (the Stirling remainder).
const STIRLING_TAIL = [
  0.0810614667953272, 0.0413406959554092, 0.0276779256849983, 0.02079067210376509,
  0.0166446911898211, 0.0138761288230707, 0.0118967099458917, 0.010411265261972,
  0.00925546218271273, 0.00833056343336287,
];

function stirlingTail(k: number): number {
  if (k <= 9) return STIRLING_TAIL[k] as number;
  const kp1sq = (k + 1) * (k + 1);
  return (1 / 12 - (1 / 360 - 1 / 1260 / kp1sq) / kp1sq) / (k + 1);
}

/** Below this n·p the binomial is drawn by inversion, above it by BTRS. */
const INVERSION_LIMIT = 10;

/**
 * An exact draw from Binomial(n, p). For n·p < 10 it inverts the CDF by sequential search
 * (expected n·p + 1 steps, as numpy does for small means); otherwise it uses Hörmann's BTRS
 * transformed rejection with squeeze (1993), in constant expected time. p > ½ is drawn as
 * n − Binomial(n, 1 − p).
 */
export function binomialDraw(rng: Xoshiro128, n: number, p: number): number {
  if (n <= 0 || p <= 0) return 0;
  if (p >= 1) return n;
  if (p > 0.5) return n - binomialDraw(rng, n, 1 - p);
  if (n * p < INVERSION_LIMIT) {
    // Sequential search of the CDF from 0 (numpy's binomial inversion), with a restart bound
    // against the rounding of the running remainder.
    const q = 1 - p;
    const qn = Math.exp(n * Math.log1p(-p));
    const np = n * p;
    const bound = Math.min(n, np + 10 * Math.sqrt(np * q + 1));
    const ratio = p / q;
    let x = 0;
    let px = qn;
    let u = rng.nextFloat();
    while (u > px) {
      x += 1;
      if (x > bound) {
        x = 0;
        px = qn;
        u = rng.nextFloat();
      } else {
        u -= px;
        px = (px * (n - x + 1) * ratio) / x;
      }
    }
    return x;
  }
  const stddev = Math.sqrt(n * p * (1 - p));
  const b = 1.15 + 2.53 * stddev;
  const a = -0.0873 + 0.0248 * b + 0.01 * p;
  const c = n * p + 0.5;
  const vR = 0.92 - 4.2 / b;
  const r = p / (1 - p);
  const alpha = (2.83 + 5.1 / b) * stddev;
  const m = Math.floor((n + 1) * p);
  for (;;) {
    const u = rng.nextOpenFloat() - 0.5;
    let v = rng.nextOpenFloat();
    const us = 0.5 - Math.abs(u);
    const k = Math.floor(((2 * a) / us + b) * u + c);
    if (us >= 0.07 && v <= vR) return k;
    if (k < 0 || k > n) continue;
    v = Math.log((v * alpha) / (a / (us * us) + b));
    const bound =
      (m + 0.5) * Math.log((m + 1) / (r * (n - m + 1))) +
      (n + 1) * Math.log((n - m + 1) / (n - k + 1)) +
      (k + 0.5) * Math.log((r * (n - k + 1)) / (k + 1)) +
      stirlingTail(m) +
      stirlingTail(n - m) -
      stirlingTail(k) -
      stirlingTail(n - k);
    if (v <= bound) return k;
  }
}

/**
 * Draws multinomial counts of `n` draws over categories weighted by `weights` (which sum to n)
 * into `out`, exactly, by conditional binomials: category t gets Binomial(remaining draws,
 * w_t / remaining weight). Heaviest categories first make the remaining draws run out early.
 */
export function multinomialDraw(
  rng: Xoshiro128,
  n: number,
  weights: ArrayLike<number>,
  out: Float64Array,
): void {
  let remainingN = n;
  let remainingMass = n;
  const last = weights.length - 1;
  for (let t = 0; t <= last; t++) {
    if (remainingN === 0) {
      out[t] = 0;
      continue;
    }
    const w = weights[t] as number;
    const k =
      t === last ? remainingN : binomialDraw(rng, remainingN, Math.min(1, w / remainingMass));
    out[t] = k;
    remainingN -= k;
    remainingMass -= w;
  }
}
