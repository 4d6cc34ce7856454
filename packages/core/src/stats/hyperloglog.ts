/**
 * HyperLogLog distinct counting (Flajolet et al. 2007) with the small-range (linear counting)
 * correction. With 2^p registers the relative standard error is about 1.04 / sqrt(2^p):
 * 0.41 % at the default p = 16 (64 KiB of registers).
 */

/** The default precision: 2^16 registers, 0.41 % relative standard error. */
export const HLL_PRECISION = 16;

/** A mergeable HyperLogLog sketch over 32-bit hashes. */
export class HyperLogLog {
  readonly precision: number;
  private readonly registers: Uint8Array;

  constructor(precision = HLL_PRECISION) {
    if (!Number.isInteger(precision) || precision < 4 || precision > 18) {
      throw new RangeError(`HyperLogLog precision must be an integer in [4, 18]; got ${precision}`);
    }
    this.precision = precision;
    this.registers = new Uint8Array(1 << precision);
  }

  /** Adds a 32-bit hash (from `hashString`/`hashNumber`: already well mixed). */
  addHash(hash: number): void {
    const p = this.precision;
    const index = hash >>> (32 - p);
    const rest = (hash << p) >>> 0;
    // Rank: position of the first 1 bit in the remaining 32 - p bits, 1-based.
    const rank = rest === 0 ? 32 - p + 1 : Math.clz32(rest) + 1;
    if (rank > (this.registers[index] as number)) this.registers[index] = rank;
  }

  /** Adds the registers of a sketch of the same precision. */
  merge(other: HyperLogLog): void {
    if (other.precision !== this.precision) {
      throw new RangeError('HyperLogLog sketches of different precision cannot be merged');
    }
    for (let i = 0; i < this.registers.length; i++) {
      const r = other.registers[i] as number;
      if (r > (this.registers[i] as number)) this.registers[i] = r;
    }
  }

  /** The estimated number of distinct hashes added. */
  estimate(): number {
    const m = this.registers.length;
    let sum = 0;
    let zeros = 0;
    for (let i = 0; i < m; i++) {
      const r = this.registers[i] as number;
      sum += 2 ** -r;
      if (r === 0) zeros++;
    }
    const alpha = 0.7213 / (1 + 1.079 / m);
    const raw = (alpha * m * m) / sum;
    if (raw <= 2.5 * m && zeros > 0) return m * Math.log(m / zeros);
    return raw;
  }
}
