/**
 * Sorts `values` in place, in the order of `Float64Array.prototype.sort()` (ascending, −0 before
 * +0, NaN last), and returns it. Large arrays are sorted by an LSD radix sort on the numbers'
 * bits (four passes of 16 bits, each skipped when every number has the same digit): twice as
 * fast as the built-in comparison sort on 250,000 values (9–10 ms against 21–22 ms, Node 24).
 * Arrays under 65,536 values use the built-in (see RADIX_MIN).
 */
export function sortFloat64(values: Float64Array): Float64Array {
  const n = values.length;
  if (n < RADIX_MIN) return values.sort();
  // The numbers as unsigned 64-bit keys in two 32-bit halves: flipping the sign bit of positive
  // numbers and every bit of negative ones makes unsigned order the numeric order. NaNs are set
  // aside and put back at the end.
  const bits = new Uint32Array(values.buffer, values.byteOffset, n * 2);
  let lo = new Uint32Array(n);
  let hi = new Uint32Array(n);
  const counts = new Uint32Array(4 * BUCKETS);
  let m = 0;
  for (let i = 0; i < n; i++) {
    const v = values[i] as number;
    if (v !== v) continue;
    let l = bits[2 * i + LO] as number;
    let h = bits[2 * i + HI] as number;
    if (h >>> 31 === 1) {
      l = ~l >>> 0;
      h = ~h >>> 0;
    } else {
      h = (h | 0x80000000) >>> 0;
    }
    lo[m] = l;
    hi[m] = h;
    m++;
    counts[l & MASK]!++;
    counts[BUCKETS + (l >>> 16)]!++;
    counts[2 * BUCKETS + (h & MASK)]!++;
    counts[3 * BUCKETS + (h >>> 16)]!++;
  }
  let lo2 = new Uint32Array(m);
  let hi2 = new Uint32Array(m);
  for (let pass = 0; pass < 4; pass++) {
    const base = pass * BUCKETS;
    // A pass where every key has the same digit moves nothing.
    let trivial = false;
    for (let d = 0; d < BUCKETS; d++) {
      const c = counts[base + d] as number;
      if (c === m) trivial = true;
      if (c !== 0) break;
    }
    if (trivial || m === 0) continue;
    let sum = 0;
    for (let d = 0; d < BUCKETS; d++) {
      const c = counts[base + d] as number;
      counts[base + d] = sum;
      sum += c;
    }
    const keys = pass < 2 ? lo : hi;
    const shift = (pass & 1) * 16;
    for (let i = 0; i < m; i++) {
      const digit = ((keys[i] as number) >>> shift) & MASK;
      const at = counts[base + digit]!++;
      lo2[at] = lo[i] as number;
      hi2[at] = hi[i] as number;
    }
    [lo, lo2] = [lo2, lo];
    [hi, hi2] = [hi2, hi];
  }
  for (let i = 0; i < m; i++) {
    let l = lo[i] as number;
    let h = hi[i] as number;
    if (h >>> 31 === 1) {
      h = (h & 0x7fffffff) >>> 0;
    } else {
      l = ~l >>> 0;
      h = ~h >>> 0;
    }
    bits[2 * i + LO] = l;
    bits[2 * i + HI] = h;
  }
  values.fill(Number.NaN, m);
  return values;
}

/**
 * Below this many values the built-in sort is used. Warm, the radix sort wins from about 4,096
 * values; but an action sorts a few arrays once, mostly before the JIT has compiled this
 * function, and cold its fixed cost (1 MiB of counts, scanned four times) dominates: in a fresh
 * Node 24 process, 5,000 values take 7.2 ms against the built-in's 0.3 ms, 20,000 take 12.4 ms
 * against 1.5 ms, 60,000 take 14 ms against 4.6 ms. From about 65,536 values its per-value speed
 * makes up for it (a run's seven AUC and latency sorts of 83k–250k values: 69–71 ms against
 * 77 ms).
 */
const RADIX_MIN = 1 << 16;
const BUCKETS = 1 << 16;
const MASK = BUCKETS - 1;
/** Where each half of a float64's bits sits in its two 32-bit words (little- or big-endian). */
const LITTLE_ENDIAN = new Uint8Array(new Uint32Array([1]).buffer)[0] === 1;
const LO = LITTLE_ENDIAN ? 0 : 1;
const HI = LITTLE_ENDIAN ? 1 : 0;
