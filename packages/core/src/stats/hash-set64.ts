/**
 * A set of 64-bit hashes (two 32-bit lanes) in open-addressed typed arrays: about 16 bytes per
 * entry, no per-entry objects. Used to find duplicate rows and duplicate ids. It holds at most
 * `maxEntries`; past that it still answers whether a hash was seen, but stores no new ones, so
 * memory stays bounded and duplicate counts become lower bounds.
 */

/** What {@link HashSet64.add} found. */
export type HashSetResult = 'added' | 'seen' | 'full';

export class HashSet64 {
  private hi: Uint32Array;
  private lo: Uint32Array;
  private mask: number;
  private count = 0;

  /** `maxEntries` bounds memory at about 16 bytes × the next power of two above 2 × maxEntries. */
  constructor(readonly maxEntries: number) {
    const capacity = 1024;
    this.hi = new Uint32Array(capacity);
    this.lo = new Uint32Array(capacity);
    this.mask = capacity - 1;
  }

  get size(): number {
    return this.count;
  }

  /**
   * Adds the hash (hi, lo). `seen` when it was already there; `full` when it was not and the set
   * is at `maxEntries` (it was not stored).
   */
  add(hi: number, lo: number): HashSetResult {
    // (0, 0) marks an empty slot; fold it onto another value (a 2^-64 extra collision).
    if (hi === 0 && lo === 0) lo = 1;
    let i = (lo ^ Math.imul(hi, 0x9e3779b1)) & this.mask;
    for (;;) {
      const h = this.hi[i] as number;
      const l = this.lo[i] as number;
      if (h === 0 && l === 0) break;
      if (h === hi >>> 0 && l === lo >>> 0) return 'seen';
      i = (i + 1) & this.mask;
    }
    if (this.count >= this.maxEntries) return 'full';
    this.hi[i] = hi;
    this.lo[i] = lo;
    this.count++;
    if (this.count * 2 > this.hi.length) this.grow();
    return 'added';
  }

  private grow(): void {
    const oldHi = this.hi;
    const oldLo = this.lo;
    const capacity = oldHi.length * 2;
    this.hi = new Uint32Array(capacity);
    this.lo = new Uint32Array(capacity);
    this.mask = capacity - 1;
    for (let j = 0; j < oldHi.length; j++) {
      const h = oldHi[j] as number;
      const l = oldLo[j] as number;
      if (h === 0 && l === 0) continue;
      let i = (l ^ Math.imul(h, 0x9e3779b1)) & this.mask;
      while ((this.hi[i] as number) !== 0 || (this.lo[i] as number) !== 0) i = (i + 1) & this.mask;
      this.hi[i] = h;
      this.lo[i] = l;
    }
  }
}
