/**
 * The information-theoretic distances of Evidently's stattests, as scipy computes them: each
 * input is normalised to sum to 1 first, and `rel_entr(x, y)` is x·ln(x/y), 0 when x = 0, and
 * +∞ when y = 0 < x.
 */

function relEntr(x: number, y: number): number {
  if (x > 0 && y > 0) return x * Math.log(x / y);
  if (x === 0 && y >= 0) return 0;
  return Number.POSITIVE_INFINITY;
}

function normalised(p: Float64Array): Float64Array {
  let sum = 0;
  for (const x of p) sum += x;
  return p.map((x) => x / sum);
}

/**
 * `scipy.spatial.distance.jensenshannon(p, q, base)`: sqrt((KL(p‖m) + KL(q‖m)) / 2) with
 * m = (p + q) / 2, in units of log `base` (natural log when base is undefined).
 */
export function jensenShannonDistance(p0: Float64Array, q0: Float64Array, base?: number): number {
  const p = normalised(p0);
  const q = normalised(q0);
  let left = 0;
  let right = 0;
  for (let i = 0; i < p.length; i++) {
    const m = ((p[i] as number) + (q[i] as number)) / 2;
    left += relEntr(p[i] as number, m);
    right += relEntr(q[i] as number, m);
  }
  let js = left + right;
  if (base !== undefined) js /= Math.log(base);
  return Math.sqrt(js / 2);
}

/** `scipy.stats.entropy(p, q)`: the Kullback–Leibler divergence KL(p‖q) in nats. */
export function klDivergence(p0: Float64Array, q0: Float64Array): number {
  const p = normalised(p0);
  const q = normalised(q0);
  let s = 0;
  for (let i = 0; i < p.length; i++) s += relEntr(p[i] as number, q[i] as number);
  return s;
}

/** The population stability index Σ (r − c)·ln(r / c) over shares (Evidently's `psi`). */
export function populationStabilityIndex(ref: Float64Array, cur: Float64Array): number {
  let s = 0;
  for (let i = 0; i < ref.length; i++) {
    const r = ref[i] as number;
    const c = cur[i] as number;
    s += (r - c) * Math.log(r / c);
  }
  return s;
}
