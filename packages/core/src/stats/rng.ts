/**
 * A seeded pseudo-random generator (mulberry32): the only randomness the pure core uses, so that
 * a run is reproducible from its seed.
 */

/** A function returning uniform floats in [0, 1). */
export type Rng = () => number;

/** A mulberry32 generator seeded with the low 32 bits of `seed`. Same seed, same sequence. */
export function createRng(seed: number): Rng {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}
