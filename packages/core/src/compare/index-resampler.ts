import { RESAMPLE_WASM } from './kernel/resample-wasm';
import { Xoshiro128, multinomialDraw } from './rng';

/**
 * Sums of bootstrap resamples of continuous values: each resample draws n indices uniformly
 * with replacement from n values and sums the values drawn. This is the bootstrap's cost when
 * contributions are mostly distinct (a mean score, a latency): n draws per resample, 10^9 for
 * 10,000 resamples of 100,000 examples.
 *
 * Two things make it fast without changing what is sampled:
 *
 * - Tiles. The values are cut into tiles of {@link TILE} consecutive values (16 KiB, within a
 *   core's L1 data cache). How many of a resample's n draws land in each tile is multinomial
 *   (n, tile size / n), drawn exactly by conditional binomials; the draws within a tile are then
 *   uniform over its values. That is the same distribution as n uniform draws over all values,
 *   but each tile's draws read memory that is already in cache, where uniform draws over
 *   800 KB of values would mostly miss it.
 * - A SIMD kernel. The draws within a tile run in WebAssembly (kernel/resample.wat): four
 *   xoshiro128** generators, one per 32-bit lane, stepped together, each index by Lemire's
 *   multiply-high. It does in one pass what a JavaScript loop does in about three.
 *
 * Streams: the tile counts come from `Xoshiro128(seed, label)`, and lane j of the kernel is the
 * stream of `Xoshiro128(seed, label + '/lane' + j)`, so results are deterministic for a seed and
 * can be reproduced with {@link Xoshiro128} alone (test/core/compare/index-resampler.test.ts does).
 */

/** Values per tile: 2,048 float64 values, 16 KiB. */
export const TILE = 2048;

/** Bytes before the values in the kernel's memory: the four lanes' state (64 bytes). */
const STATE_BYTES = 64;
const PAGE_BYTES = 65536;

/** The part of the WebAssembly JS API used here (the project's TypeScript libs leave it out). */
interface WasmMemory {
  readonly buffer: ArrayBuffer;
  grow(pages: number): number;
}
declare const WebAssembly: {
  Module: new (bytes: Uint8Array) => object;
  Instance: new (module: object, imports: object) => { readonly exports: object };
};

interface Kernel {
  readonly memory: WasmMemory;
  readonly sumDraws: (values: number, size: number, count: number, state: number) => number;
}

let compiled: object | undefined;

function kernelModule(): object {
  if (compiled === undefined) {
    compiled = new WebAssembly.Module(Uint8Array.from(atob(RESAMPLE_WASM), (c) => c.charCodeAt(0)));
  }
  return compiled;
}

function instantiate(): Kernel {
  const instance = new WebAssembly.Instance(kernelModule(), {});
  const { memory, sumDraws } = instance.exports as unknown as Kernel;
  return { memory, sumDraws };
}

/** The lane labels of a stream label: lane j draws from `Xoshiro128(seed, laneLabel(label, j))`. */
export function laneLabel(label: string, lane: number): string {
  return `${label}/lane${lane}`;
}

export class IndexResampler {
  private readonly kernel: Kernel;
  private readonly n: number;
  private readonly tileSizes: Float64Array;
  private readonly tileCounts: Float64Array;
  private readonly rng: Xoshiro128;

  /** Copies `values` into the kernel's memory. Throws a RangeError for no values. */
  constructor(values: Float64Array, seed: number, label = '') {
    const n = values.length;
    if (n < 1) throw new RangeError('resampling needs at least one value');
    this.n = n;
    this.kernel = instantiate();
    const bytes = STATE_BYTES + 8 * n;
    const pages = Math.ceil(bytes / PAGE_BYTES) - this.kernel.memory.buffer.byteLength / PAGE_BYTES;
    if (pages > 0) this.kernel.memory.grow(pages);
    new Float64Array(this.kernel.memory.buffer, STATE_BYTES, n).set(values);
    const state = new Int32Array(this.kernel.memory.buffer, 0, 16);
    for (let lane = 0; lane < 4; lane++) {
      const words = new Xoshiro128(seed, laneLabel(label, lane)).state();
      for (let w = 0; w < 4; w++) state[4 * w + lane] = words[w] as number;
    }
    const tiles = Math.ceil(n / TILE);
    this.tileSizes = Float64Array.from({ length: tiles }, (_, t) => Math.min(TILE, n - t * TILE));
    this.tileCounts = new Float64Array(tiles);
    this.rng = new Xoshiro128(seed, label);
  }

  /** The sum of the values at n indices drawn uniformly with replacement: one resample. */
  resampleSum(): number {
    multinomialDraw(this.rng, this.n, this.tileSizes, this.tileCounts);
    const { sumDraws } = this.kernel;
    let sum = 0;
    for (let t = 0; t < this.tileCounts.length; t++) {
      const count = this.tileCounts[t] as number;
      if (count === 0) continue;
      sum += sumDraws(STATE_BYTES + 8 * TILE * t, this.tileSizes[t] as number, count, 0);
    }
    return sum;
  }
}
