/**
 * The one number formatter of every rendered report: a value and a named style give the text a
 * reader sees. Pure and locale-independent (thousands are separated with commas, negatives take
 * the minus sign U+2212 whatever the runner's locale). A missing or undefined value (`null`,
 * `undefined`, `NaN`) is `—`; `−0` is `0`.
 */

/**
 * The named styles:
 * - `count`: an integer with separators, `12,345`.
 * - `percent`: a fraction as a percent, `87.1%`, with the decimals its uncertainty supports
 *   ({@link NumberFormatOptions.halfWidth} or {@link NumberFormatOptions.n}; 1 decimal without).
 * - `points`: a difference of fractions in percentage points, always signed, `−2.4 points`,
 *   with the decimals chosen as for `percent`.
 * - `ratio`: a relative change (a fraction of the old value), always signed, `+13.9%`: 3
 *   significant digits, at most one decimal.
 * - `latency`: milliseconds in, `182 ms` below a second, `1.23 s` above: 3 significant digits.
 * - `usd`: dollars, `$1,234.56`; below a dollar 3 significant digits and at least the cents,
 *   `$0.075`, `$0.42`; below a cent 2 significant digits, `$0.00015`.
 * - `pValue`: `p = 0.021` (2 significant digits) or `p < 0.001`.
 * - `plain`: 3 significant digits, `0.842`, `16.4`; whole numbers from 100 up with separators,
 *   `12,346`; below 0.001 in exponent form, `1.2e-9`.
 */
export type NumberStyle =
  'count' | 'percent' | 'points' | 'ratio' | 'latency' | 'usd' | 'pValue' | 'plain';

export interface NumberFormatOptions {
  /** Prefix positive values with `+` and zero with `±` (always on for `points` and `ratio`). */
  readonly signed?: boolean;
  /**
   * For `percent` and `points`: the half-width of the value's confidence interval, as a
   * fraction. The last digit shown is the first one finer than the uncertainty.
   */
  readonly halfWidth?: number;
  /** For `percent` and `points` without `halfWidth`: the examples behind the value. */
  readonly n?: number;
}

/** The minus sign used in every rendered number. */
export const MINUS = '−';

const MISSING = '—';

/** `value` in `style`; `—` for null, undefined and NaN. */
export function formatNumber(
  value: number | null | undefined,
  style: NumberStyle,
  options: NumberFormatOptions = {},
): string {
  if (value === null || value === undefined || Number.isNaN(value)) return MISSING;
  const signed = options.signed === true || style === 'points' || style === 'ratio';
  const v = Object.is(value, -0) ? 0 : value;
  const body = magnitude(Math.abs(v), style, options);
  if (style === 'pValue') return body;
  // A value that rounds to zero is zero: no sign on `0.0%`.
  const shownZero = Number.isFinite(v) && !/[1-9]/.test(body);
  const sign = v < 0 && !shownZero ? MINUS : signed ? (v > 0 && !shownZero ? '+' : '±') : '';
  return sign + body;
}

function magnitude(abs: number, style: NumberStyle, options: NumberFormatOptions): string {
  if (abs === Number.POSITIVE_INFINITY) return style === 'pValue' ? MISSING : '∞';
  switch (style) {
    case 'count':
      return withSeparators(Math.round(abs));
    case 'percent':
      return `${fixed(abs * 100, percentDecimals(options))}%`;
    case 'points': {
      const text = fixed(abs * 100, percentDecimals(options));
      return `${text} ${text === '1' ? 'point' : 'points'}`;
    }
    case 'ratio': {
      const pct = abs * 100;
      return `${pct >= 100 ? withSeparators(Math.round(pct)) : significant(pct, 3, 1)}%`;
    }
    case 'latency':
      if (abs < 1000) return `${significant(abs, 3)} ms`;
      if (abs < 1_000_000) return `${significant(abs / 1000, 3)} s`;
      return `${withSeparators(Math.round(abs / 1000))} s`;
    case 'usd':
      if (abs > 0 && abs < 0.01) return `$${subCent(abs)}`;
      if (abs > 0 && abs < 1) return `$${belowDollar(abs)}`;
      return `$${withSeparators(Math.trunc(round2(abs)))}.${cents(abs)}`;
    case 'pValue':
      if (abs < 0.001) return 'p < 0.001';
      return `p = ${significant(abs, 2)}`;
    case 'plain':
      return significant(abs, 3);
  }
}

/**
 * The decimals of a percent: the first digit finer than the interval's half-width (in points);
 * from `n`, the widest 95% half-width of a proportion, 0.98/√n. One decimal when neither is known.
 */
function percentDecimals(options: NumberFormatOptions): number {
  let half = options.halfWidth;
  if ((half === undefined || !(half > 0)) && options.n !== undefined && options.n > 0) {
    half = 0.98 / Math.sqrt(options.n);
  }
  if (half === undefined || !(half > 0) || !Number.isFinite(half)) return 1;
  return Math.min(3, Math.max(0, 1 - Math.floor(Math.log10(half * 100))));
}

function fixed(x: number, decimals: number): string {
  if (x >= 1e15) return exponent(x);
  const text = x.toFixed(decimals);
  const [whole = '0', frac] = text.split('.');
  return withSeparators(Number(whole)) + (frac === undefined ? '' : `.${frac}`);
}

/**
 * `x ≥ 0` with `digits` significant digits (trailing zeros dropped), at most `maxDecimals`
 * decimals; whole numbers from 10^digits up with separators; below 0.001 in exponent form.
 */
function significant(x: number, digits: number, maxDecimals = 20): string {
  if (x === 0) return '0';
  if (x >= 1e15) return exponent(x);
  if (x < 0.001) return exponent(x);
  if (x >= 10 ** digits) return withSeparators(Math.round(x));
  const rounded = Number(x.toPrecision(digits));
  if (rounded >= 10 ** digits) return withSeparators(Math.round(rounded));
  const decimals = Math.min(maxDecimals, Math.max(0, digits - 1 - Math.floor(Math.log10(rounded))));
  const text = rounded.toFixed(decimals);
  const trimmed = text.includes('.') ? text.replace(/\.?0+$/, '') : text;
  const [whole = '0', frac] = trimmed.split('.');
  return withSeparators(Number(whole)) + (frac === undefined ? '' : `.${frac}`);
}

/** A positive amount below a cent with 2 significant digits, `0.00015`; exponent below 1e-6. */
function subCent(x: number): string {
  if (x < 1e-6) return exponent(x);
  const decimals = 1 - Math.floor(Math.log10(x));
  return Number(x.toPrecision(2)).toFixed(decimals).replace(/0+$/, '');
}

/** A positive amount below a dollar: 3 significant digits, at least the cents, `0.075`. */
function belowDollar(x: number): string {
  const text = Number(x.toPrecision(3)).toString();
  const [, frac = ''] = text.split('.');
  return frac.length >= 2 ? text : Number(text).toFixed(2);
}

function exponent(x: number): string {
  return x.toExponential(1).replace('.0e', 'e').replace('e+', 'e');
}

function withSeparators(whole: number): string {
  if (whole >= 1e21) return exponent(whole);
  return whole.toFixed(0).replace(/\B(?=(\d{3})+(?!\d))/g, ',');
}

function round2(x: number): number {
  return Math.round(x * 100) / 100;
}

function cents(abs: number): string {
  return (Math.round(abs * 100) % 100).toString().padStart(2, '0');
}
