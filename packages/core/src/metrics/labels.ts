/**
 * Class labels as text, and their order. Labels are compared as strings so that `1` in a JSONL
 * file and `"1"` in a CSV file are the same class. The order is scikit-learn's (`np.unique` of the
 * labels): numeric when every label is a number, else by code point.
 */

/**
 * A value as a label: strings as they are, finite numbers in their shortest form (`1.0` → `1`),
 * booleans as `true`/`false`. Undefined for null, undefined, '', NaN and objects.
 */
export function labelOf(value: unknown): string | undefined {
  switch (typeof value) {
    case 'string':
      return value === '' ? undefined : value;
    case 'number':
      return Number.isFinite(value) ? String(value) : undefined;
    case 'boolean':
    case 'bigint':
      return String(value);
    default:
      return undefined;
  }
}

function isNumeric(label: string): boolean {
  return label.trim() !== '' && Number.isFinite(Number(label));
}

function compareCodePoints(a: string, b: string): number {
  const ia = a[Symbol.iterator]();
  const ib = b[Symbol.iterator]();
  for (;;) {
    const x = ia.next();
    const y = ib.next();
    if (x.done) return y.done ? 0 : -1;
    if (y.done) return 1;
    const d = (x.value.codePointAt(0) ?? 0) - (y.value.codePointAt(0) ?? 0);
    if (d !== 0) return d;
  }
}

/**
 * The distinct labels in scikit-learn's order: ascending numbers when every label is numeric
 * (`2` before `10`), else ascending code points (as numpy sorts strings).
 */
export function sortLabels(labels: Iterable<string>): string[] {
  const unique = [...new Set(labels)];
  if (unique.every(isNumeric))
    return unique.sort((a, b) => Number(a) - Number(b) || compareCodePoints(a, b));
  return unique.sort(compareCodePoints);
}
