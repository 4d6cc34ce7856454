import { labelOf } from '../metrics/labels';

export type ClassicTask = 'classification' | 'regression';

/** The most distinct integer labels that still read as classes rather than a numeric target. */
export const MAX_INTEGER_CLASSES = 20;

/**
 * The task the labels suggest: regression when every label is a number (or numeric text) and
 * either one is not an integer or there are more than {@link MAX_INTEGER_CLASSES} distinct values;
 * otherwise classification (text, booleans, or a few integer codes such as 0/1).
 */
export function detectTask(labels: Iterable<unknown>): ClassicTask {
  const distinct = new Set<string>();
  let fractional = false;
  for (const value of labels) {
    if (typeof value === 'boolean') return 'classification';
    const label = labelOf(value);
    if (label === undefined) continue;
    const n = typeof value === 'number' ? value : label.trim() === '' ? Number.NaN : Number(label);
    if (!Number.isFinite(n)) return 'classification';
    if (!Number.isInteger(n)) fractional = true;
    distinct.add(label);
  }
  if (distinct.size === 0) return 'classification';
  return fractional || distinct.size > MAX_INTEGER_CLASSES ? 'regression' : 'classification';
}

/** A value as a regression number: finite numbers, and numeric text; else undefined. */
export function numberOf(value: unknown): number | undefined {
  if (typeof value === 'number') return Number.isFinite(value) ? value : undefined;
  if (typeof value === 'string' && value.trim() !== '') {
    const n = Number(value);
    return Number.isFinite(n) ? n : undefined;
  }
  return undefined;
}
