/**
 * Exact decimal arithmetic for money. A {@link Decimal} is `units / 10^scale` with `units` a
 * BigInt, so sums and products of decimal inputs (prices, token counts, shares) are exact:
 * `0.1 + 0.2` is `0.3`, not `0.30000000000000004`. Only division rounds, and only where the
 * caller says so. Numbers enter through their shortest round-trip decimal form (`String(x)`),
 * which is the decimal a user wrote in a YAML file or an input.
 */

/** How a value is rounded to a number of decimal places. */
export type RoundingMode =
  /** Ties to the even neighbour (banker's rounding), as Python's `round()` and `decimal` do. */
  | 'half-even'
  /** Ties away from zero, as most invoices do. */
  | 'half-up'
  /** Towards positive infinity. */
  | 'ceiling';

const TEN = 10n;

function pow10(n: number): bigint {
  return TEN ** BigInt(n);
}

/** An exact decimal number. Immutable. */
export class Decimal {
  readonly units: bigint;
  readonly scale: number;

  private constructor(units: bigint, scale: number) {
    this.units = units;
    this.scale = scale;
  }

  static readonly ZERO = new Decimal(0n, 0);
  static readonly ONE = new Decimal(1n, 0);

  /** `units / 10^scale`. */
  static of(units: bigint, scale = 0): Decimal {
    if (!Number.isInteger(scale) || scale < 0) throw new RangeError(`Bad scale ${scale}`);
    return new Decimal(units, scale);
  }

  /**
   * The exact decimal of a finite number's shortest round-trip form, e.g. `0.00015` → 15e-5.
   * Throws a RangeError for NaN and infinities.
   */
  static from(value: number | bigint | string | Decimal): Decimal {
    if (value instanceof Decimal) return value;
    if (typeof value === 'bigint') return new Decimal(value, 0);
    if (typeof value === 'number') {
      if (!Number.isFinite(value)) throw new RangeError(`Not a finite number: ${value}`);
      return Decimal.parse(String(value));
    }
    return Decimal.parse(value);
  }

  /** Parses `-12.5`, `1e-7`, `3.25E+2`. Throws a RangeError on anything else. */
  static parse(text: string): Decimal {
    const match = /^([+-]?)(\d*)(?:\.(\d*))?(?:[eE]([+-]?\d+))?$/.exec(text.trim());
    const whole = match?.[2] ?? '';
    const frac = match?.[3] ?? '';
    if (!match || (whole === '' && frac === '')) {
      throw new RangeError(`Not a decimal number: "${text}"`);
    }
    const exponent = match[4] === undefined ? 0 : Number(match[4]);
    let units = BigInt(`${whole}${frac}` || '0');
    if (match[1] === '-') units = -units;
    let scale = frac.length - exponent;
    if (scale < 0) {
      units *= pow10(-scale);
      scale = 0;
    }
    return new Decimal(units, scale).normalize();
  }

  /** The same value with trailing zeros of the fraction removed. */
  normalize(): Decimal {
    let { units, scale } = this;
    while (scale > 0 && units % TEN === 0n) {
      units /= TEN;
      scale -= 1;
    }
    return scale === this.scale ? this : new Decimal(units, scale);
  }

  private rescale(scale: number): bigint {
    return this.units * pow10(scale - this.scale);
  }

  add(other: Decimal | number): Decimal {
    const b = Decimal.from(other);
    const scale = Math.max(this.scale, b.scale);
    return new Decimal(this.rescale(scale) + b.rescale(scale), scale).normalize();
  }

  sub(other: Decimal | number): Decimal {
    return this.add(Decimal.from(other).neg());
  }

  neg(): Decimal {
    return new Decimal(-this.units, this.scale);
  }

  mul(other: Decimal | number): Decimal {
    const b = Decimal.from(other);
    return new Decimal(this.units * b.units, this.scale + b.scale).normalize();
  }

  /**
   * `this / other`, rounded to `places` decimal places by `mode`. Throws a RangeError on a
   * division by zero.
   */
  div(other: Decimal | number, places: number, mode: RoundingMode = 'half-even'): Decimal {
    const b = Decimal.from(other);
    if (b.units === 0n) throw new RangeError('Division by zero');
    // this / b = (a.units * 10^(b.scale)) / (b.units * 10^(a.scale)); scaled by 10^places.
    let numerator = this.units * pow10(b.scale + places);
    let denominator = b.units * pow10(this.scale);
    if (denominator < 0n) {
      numerator = -numerator;
      denominator = -denominator;
    }
    return new Decimal(divideRounded(numerator, denominator, mode), places).normalize();
  }

  /** Rounded to `places` decimal places (0 for an integer) by `mode`. */
  round(places: number, mode: RoundingMode = 'half-even'): Decimal {
    if (this.scale <= places) return this;
    return new Decimal(
      divideRounded(this.units, pow10(this.scale - places), mode),
      places,
    ).normalize();
  }

  /** -1, 0 or 1. */
  cmp(other: Decimal | number): number {
    const b = Decimal.from(other);
    const scale = Math.max(this.scale, b.scale);
    const x = this.rescale(scale);
    const y = b.rescale(scale);
    return x < y ? -1 : x > y ? 1 : 0;
  }

  isZero(): boolean {
    return this.units === 0n;
  }

  isNegative(): boolean {
    return this.units < 0n;
  }

  /** The nearest double. Exact for every value with at most 15 significant digits. */
  toNumber(): number {
    return Number(this.toString());
  }

  /** Plain decimal notation, e.g. `-0.000165`, without trailing zeros. */
  toString(): string {
    return this.toFixed(this.scale);
  }

  /** Decimal notation with exactly `places` places, rounding half-even when it must drop digits. */
  toFixed(places: number): string {
    const rounded = this.round(places);
    const units = rounded.units * pow10(places - rounded.scale);
    const negative = units < 0n;
    const digits = (negative ? -units : units).toString().padStart(places + 1, '0');
    const whole = digits.slice(0, digits.length - places);
    const frac = digits.slice(digits.length - places);
    return `${negative ? '-' : ''}${whole}${places > 0 ? `.${frac}` : ''}`;
  }
}

/** `n / d` for d > 0, rounded to an integer by `mode`. */
function divideRounded(n: bigint, d: bigint, mode: RoundingMode): bigint {
  const q = n / d; // truncates towards zero
  const r = n - q * d;
  if (r === 0n) return q;
  const sign = n < 0n ? -1n : 1n;
  if (mode === 'ceiling') return sign > 0n ? q + 1n : q;
  const twice = (r < 0n ? -r : r) * 2n;
  if (twice > d) return q + sign;
  if (twice < d) return q;
  if (mode === 'half-up') return q + sign;
  return q % 2n === 0n ? q : q + sign;
}

/**
 * Sums exact values, for a short list of terms.
 */
export function sumDecimals(values: Iterable<Decimal>): Decimal {
  let total = Decimal.ZERO;
  for (const value of values) total = total.add(value);
  return total;
}

/**
 * Rounds `parts` to `places` so that the rounded parts add up exactly to a rounded total (the
 * largest-remainder method). The total is `target` when given (it must be within one unit of the
 * last place of the parts' exact sum, as a part of an apportioned total is), else the exact sum
 * rounded by `mode`. Each part is first rounded towards negative infinity; the units still
 * missing go, one each, to the parts with the largest remainders (ties to the earlier part).
 * Every rounded part is then within one unit of the last place of its exact value.
 */
export function apportion(
  parts: readonly Decimal[],
  places: number,
  options: { mode?: RoundingMode; target?: Decimal } = {},
): { total: Decimal; parts: Decimal[] } {
  const total = options.target ?? sumDecimals(parts).round(places, options.mode ?? 'half-even');
  const scale = Math.max(places, ...parts.map((p) => p.scale));
  const unit = pow10(scale - places);
  const floors: bigint[] = [];
  const remainders: bigint[] = [];
  for (const part of parts) {
    const units = part.units * pow10(scale - part.scale);
    let floor = units / unit;
    if (units < 0n && floor * unit !== units) floor -= 1n;
    floors.push(floor);
    remainders.push(units - floor * unit);
  }
  distribute(
    floors,
    remainders,
    total.round(places).units * pow10(places - total.round(places).scale),
  );
  return { total, parts: floors.map((units) => Decimal.of(units, places).normalize()) };
}

/**
 * Splits `total` (already rounded to `places`) in proportion to `weights`, to `places` decimal
 * places, so that the parts add up exactly to `total` (largest remainder). All weights zero
 * splits equally. Throws a RangeError on a negative weight.
 */
export function allocate(total: Decimal, weights: readonly Decimal[], places: number): Decimal[] {
  if (weights.length === 0) return [];
  if (weights.some((w) => w.isNegative())) throw new RangeError('Negative weight');
  const effective = weights.every((w) => w.isZero()) ? weights.map(() => Decimal.ONE) : weights;
  const scale = Math.max(...effective.map((w) => w.scale));
  const ints = effective.map((w) => w.units * pow10(scale - w.scale));
  const sum = ints.reduce((a, b) => a + b, 0n);
  const rounded = total.round(places);
  const totalUnits = rounded.units * pow10(places - rounded.scale);
  const floors: bigint[] = [];
  const remainders: bigint[] = [];
  for (const w of ints) {
    const product = totalUnits * w;
    let floor = product / sum;
    if (product < 0n && floor * sum !== product) floor -= 1n;
    floors.push(floor);
    remainders.push(product - floor * sum);
  }
  distribute(floors, remainders, totalUnits);
  return floors.map((units) => Decimal.of(units, places).normalize());
}

/** Adds the units `floors` lack to reach `totalUnits`, one each, largest remainder first. */
function distribute(floors: bigint[], remainders: readonly bigint[], totalUnits: bigint): void {
  let missing = totalUnits - floors.reduce((a, b) => a + b, 0n);
  const order = remainders
    .map((remainder, index) => ({ remainder, index }))
    .sort((a, b) =>
      a.remainder === b.remainder ? a.index - b.index : a.remainder > b.remainder ? -1 : 1,
    );
  // 0 <= missing <= floors.length when the total is within one unit of the exact sum.
  while (missing > 0n && order.length > 0) {
    for (const slot of order) {
      if (missing <= 0n) break;
      floors[slot.index] = (floors[slot.index] ?? 0n) + 1n;
      missing -= 1n;
    }
  }
}
