/**
 * Status marks and ranks, and ages, for the combined PR comment. Pure. Numbers are formatted by
 * `number-format.ts` alone.
 */
import type { ReportStatus } from '../report/envelope';

/** The icon of a report status, as shown in the banner and section headings. */
export const STATUS_ICON: Readonly<Record<ReportStatus, string>> = {
  pass: '✅',
  warn: '⚠️',
  fail: '❌',
  error: '⛔',
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

/** An age in days, e.g. `3.2 days`, `5 hours`, `12 minutes`. Negative ages are shown as 0. */
export function formatAgeDays(days: number): string {
  const d = Math.max(0, days);
  if (d >= 1) return `${Number(d.toFixed(1)).toString()} day${d >= 1 && d < 1.05 ? '' : 's'}`;
  const hours = d * 24;
  if (hours >= 1) return `${Math.round(hours)} hour${Math.round(hours) === 1 ? '' : 's'}`;
  const minutes = Math.round(hours * 60);
  return `${minutes} minute${minutes === 1 ? '' : 's'}`;
}
