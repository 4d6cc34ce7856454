/**
 * Sorting of float64 scores for the rank metrics (ROC AUC), by an LSD radix sort on the bits:
 * linear in n, where a comparison sort is n·log n. The order is `Float64Array.prototype.sort`'s:
 * ascending, −0 before +0, every NaN last.
 */

/** Below this length a comparison sort is as fast, and needs no scratch memory. */
const RADIX_MIN = 2048;
const BITS = 11;
const BUCKETS = 1 << BITS;
const MASK = BUCKETS - 1;
/** 64 bits in 11-bit digits: 6 passes (the last one 9 bits wide). */
const PASSES = 6;

/**
 * Sorts `values` in place, ascending, as `values.sort()` does (−0 before +0, NaN last), and
 * returns it.
 */
export function sortScores(values: Float64Array): Float64Array {
  const n = values.length;
  if (n < RADIX_MIN) return values.sort();
  // Each value as an unsigned 64-bit key (hi, lo) whose order is the numeric order: flip every
  // bit of a negative number, only the sign bit of a positive one. NaNs become the largest key.
  const bits = new Uint32Array(values.buffer, values.byteOffset, n * 2);
  let lo = new Uint32Array(n);
  let hi = new Uint32Array(n);
  let lo2 = new Uint32Array(n);
  let hi2 = new Uint32Array(n);
  const counts = new Uint32Array(PASSES * BUCKETS);
  const littleEndian = new Uint8Array(new Uint16Array([1]).buffer)[0] === 1;
  const loAt = littleEndian ? 0 : 1;
  for (let i = 0; i < n; i++) {
    let h = bits[2 * i + 1 - loAt] as number;
    let l = bits[2 * i + loAt] as number;
    if (Number.isNaN(values[i])) {
      h = 0xffffffff;
      l = 0xffffffff;
    } else if (h >>> 31 === 1) {
      h = ~h >>> 0;
      l = ~l >>> 0;
    } else {
      h = (h | 0x80000000) >>> 0;
    }
    hi[i] = h;
    lo[i] = l;
    counts[l & MASK]!++;
    counts[BUCKETS + ((l >>> 11) & MASK)]!++;
    counts[2 * BUCKETS + (((l >>> 22) | (h << 10)) & MASK)]!++;
    counts[3 * BUCKETS + ((h >>> 1) & MASK)]!++;
    counts[4 * BUCKETS + ((h >>> 12) & MASK)]!++;
    counts[5 * BUCKETS + (h >>> 23)]!++;
  }
  for (let pass = 0; pass < PASSES; pass++) {
    const base = pass * BUCKETS;
    // A digit that is the same in every key leaves the order as it is.
    let skip = false;
    for (let b = 0; b < BUCKETS; b++) {
      const c = counts[base + b] as number;
      if (c === n) skip = true;
      if (c !== 0) break;
    }
    if (skip) continue;
    let sum = 0;
    for (let b = 0; b < BUCKETS; b++) {
      const c = counts[base + b] as number;
      counts[base + b] = sum;
      sum += c;
    }
    if (pass === 2) {
      for (let i = 0; i < n; i++) {
        const l = lo[i] as number;
        const h = hi[i] as number;
        const at = counts[base + (((l >>> 22) | (h << 10)) & MASK)]!++;
        lo2[at] = l;
        hi2[at] = h;
      }
    } else {
      // Passes 0-1 read the low word, 3-5 the high word (from bit 1).
      const key = pass < 2 ? lo : hi;
      const shift = pass < 2 ? pass * BITS : pass * BITS - 32;
      for (let i = 0; i < n; i++) {
        const at = counts[base + (((key[i] as number) >>> shift) & MASK)]!++;
        lo2[at] = lo[i] as number;
        hi2[at] = hi[i] as number;
      }
    }
    [lo, lo2] = [lo2, lo];
    [hi, hi2] = [hi2, hi];
  }
  for (let i = 0; i < n; i++) {
    let h = hi[i] as number;
    let l = lo[i] as number;
    if (h >>> 31 === 1) {
      h = (h & 0x7fffffff) >>> 0;
    } else {
      h = ~h >>> 0;
      l = ~l >>> 0;
    }
    bits[2 * i + 1 - loAt] = h;
    bits[2 * i + loAt] = l;
  }
  // The NaN keys came back as all-ones bits, a NaN: every NaN is last, as sort() puts them.
  return values;
}
