/**
 * Number, status and time formatting for the combined PR comment. Pure; locale-independent
 * (thousands are separated with commas whatever the runner's locale).
 */
import type { ReportStatus } from '../report/envelope';

/** The icon of a report status, as shown in the banner and section headings. */
export const STATUS_ICON: Readonly<Record<ReportStatus, string>> = {
  pass: '✅',
  warn: '⚠️',
  fail: '❌',
  error: '⛔',
};

/** The word of a report status, upper case, for the banner. */
export const STATUS_WORD: Readonly<Record<ReportStatus, string>> = {
  pass: 'PASS',
  warn: 'WARN',
  fail: 'FAIL',
  error: 'ERROR',
};

const STATUS_RANK: Readonly<Record<ReportStatus, number>> = { pass: 0, warn: 1, fail: 2, error: 3 };

/** The worse of two statuses: error > fail > warn > pass. */
export function worseStatus(a: ReportStatus, b: ReportStatus): ReportStatus {
  return STATUS_RANK[a] >= STATUS_RANK[b] ? a : b;
}

/** A rank for sorting, worst first when sorted descending: pass 0, warn 1, fail 2, error 3. */
export function statusRank(status: ReportStatus): number {
  return STATUS_RANK[status];
}

/** An integer with thousands separators, e.g. `12,345`. */
export function formatCount(n: number): string {
  if (!Number.isFinite(n)) return String(n);
  const sign = n < 0 ? '-' : '';
  const digits = Math.round(Math.abs(n)).toString();
  return sign + digits.replace(/\B(?=(\d{3})+(?!\d))/g, ',');
}

/** A number with up to `digits` significant decimals, trailing zeros dropped; `—` for null. */
export function formatNumber(value: number | null | undefined, digits = 4): string {
  if (value === null || value === undefined) return '—';
  if (Number.isNaN(value)) return 'NaN';
  if (!Number.isFinite(value)) return value > 0 ? '∞' : '-∞';
  if (value !== 0 && Math.abs(value) < 10 ** -digits) return value.toExponential(2);
  if (Math.abs(value) >= 1000) {
    const whole = formatCount(Math.trunc(value));
    const frac = Math.abs(value % 1);
    return frac === 0
      ? whole
      : whole +
          frac
            .toFixed(2)
            .slice(1)
            .replace(/\.?0+$/, '');
  }
  return Number(value.toFixed(digits)).toString();
}

/** A US dollar amount, e.g. `$1,234.56`; cents below one dollar keep 4 digits. */
export function formatUsd(value: number | null | undefined): string {
  if (value === null || value === undefined) return '—';
  const sign = value < 0 ? '-' : '';
  const abs = Math.abs(value);
  if (abs > 0 && abs < 1) return `${sign}$${Number(abs.toFixed(4)).toString()}`;
  const whole = formatCount(Math.trunc(abs));
  return `${sign}$${whole}.${Math.round((abs % 1) * 100)
    .toString()
    .padStart(2, '0')
    .slice(0, 2)}`;
}

/** A value in its unit: fractions as numbers, `ms` with the unit, `usd` as dollars. */
export function formatValue(value: number | null | undefined, unit: string | undefined): string {
  if (value === null || value === undefined) return '—';
  switch (unit) {
    case 'usd':
      return formatUsd(value);
    case 'ms':
      return `${formatNumber(value, 1)} ms`;
    case 'count':
    case 'tokens':
      return Number.isInteger(value) ? formatCount(value) : formatNumber(value, 2);
    default:
      return formatNumber(value);
  }
}

/** A signed difference, e.g. `+0.012` or `-3.5 ms`; `—` for null. */
export function formatDelta(value: number | null | undefined, unit?: string): string {
  if (value === null || value === undefined) return '—';
  if (value === 0) return '±0';
  const text = formatValue(Math.abs(value), unit);
  return `${value > 0 ? '+' : '−'}${text}`;
}

/** A signed percentage from a fraction, e.g. `+1.3%`; `—` for null. */
export function formatPct(fraction: number | null | undefined, digits = 1): string {
  if (fraction === null || fraction === undefined || !Number.isFinite(fraction)) return '—';
  const pct = fraction * 100;
  if (pct === 0) return '±0%';
  return `${pct > 0 ? '+' : '−'}${Math.abs(pct).toFixed(digits)}%`;
}

/** A share as a percentage without sign, e.g. `20%`. */
export function formatShare(fraction: number): string {
  return `${Number((fraction * 100).toFixed(1)).toString()}%`;
}

/** An interval, e.g. `[0.901, 0.934]`. */
export function formatInterval(lower: number, upper: number, unit?: string): string {
  return `[${formatValue(lower, unit)}, ${formatValue(upper, unit)}]`;
}

/** An age in days, e.g. `3.2 days`, `5 hours`, `12 minutes`. Negative ages are shown as 0. */
export function formatAgeDays(days: number): string {
  const d = Math.max(0, days);
  if (d >= 1) return `${Number(d.toFixed(1)).toString()} day${d >= 1 && d < 1.05 ? '' : 's'}`;
  const hours = d * 24;
  if (hours >= 1) return `${Math.round(hours)} hour${Math.round(hours) === 1 ? '' : 's'}`;
  const minutes = Math.round(hours * 60);
  return `${minutes} minute${minutes === 1 ? '' : 's'}`;
}
