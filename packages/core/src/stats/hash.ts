/**
 * Fast non-cryptographic hashes for distinct counting and duplicate detection: 32-bit hashes of
 * strings and numbers, and a 64-bit pair (two independent 32-bit lanes) where collisions must be
 * negligible over millions of rows.
 */

const F64 = new Float64Array(1);
const U32 = new Uint32Array(F64.buffer);

/** The murmur3 finaliser: spreads every input bit over the output. */
export function mix32(h: number): number {
  h ^= h >>> 16;
  h = Math.imul(h, 0x85ebca6b);
  h ^= h >>> 13;
  h = Math.imul(h, 0xc2b2ae35);
  h ^= h >>> 16;
  return h >>> 0;
}

/** A 32-bit hash of a string's UTF-16 code units (FNV-1a, then mixed), seeded. */
export function hashString(text: string, seed = 0x811c9dc5): number {
  let h = seed >>> 0;
  for (let i = 0; i < text.length; i++) {
    h = Math.imul(h ^ text.charCodeAt(i), 0x01000193);
  }
  return mix32(h ^ text.length);
}

/** A 32-bit hash of a float64's bits, seeded. `0` and `-0` hash alike, as they compare equal. */
export function hashNumber(x: number, seed = 0x9747b28c): number {
  F64[0] = x === 0 ? 0 : x;
  const lo = U32[0] as number;
  const hi = U32[1] as number;
  return mix32(Math.imul(mix32(lo ^ seed), 0x9e3779b1) ^ hi);
}

/** Combines a running 32-bit hash with the next value's hash (order matters). */
export function combineHash(h: number, next: number): number {
  return mix32(Math.imul(h ^ next, 0x9e3779b1) + 0x7f4a7c15);
}
