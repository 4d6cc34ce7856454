import { stringify } from 'yaml';
import type { ColumnType } from '../report/data-validation';
import type { ColumnProfiler } from './column-profiler';
import { inferType } from './column-summary';
import { MAX_VALUE_CHARS } from './value-key';
import type { DatasetScan } from './dataset-scanner';

/** A category column lists its values as `allowed` when it has at most this many. */
export const INFER_ALLOWED_MAX = 20;

/**
 * A draft schema (YAML, with comments) inferred from a dataset's pass, for the user to review and
 * commit, as TFDV's `infer_schema`: each column's type, whether it may be null, its observed
 * range, its values when few, and `unique` when no value repeats. The observed statistics are in
 * comments. Validating the same data against the draft finds no violations.
 */
export function inferSchemaYaml(scan: DatasetScan, source: string): string {
  const lines: string[] = [
    `# Draft data schema inferred by modelgate validate-data from ${oneLine(source)}`,
    `# (${scan.rows} rows). Review it before committing: tighten ranges, drop what should not`,
    '# be enforced. Keys: type, nullable, max-null-fraction, min, max, allowed, regex, unique,',
    '# min-length, max-length, required, drift: {method, threshold}.',
    'version: 1',
    `rows:`,
    `  min: ${scan.rows > 0 ? 1 : 0}`,
    'extra-columns: warn',
    'columns:',
  ];
  for (const name of scan.order) {
    const p = scan.columns.get(name) as ColumnProfiler;
    const type = inferType(p);
    lines.push(`  ${key(name)}:`);
    lines.push(`    # ${observed(p, type)}`);
    lines.push(`    type: ${type}`);
    if (p.nulls === 0) lines.push('    nullable: false');
    else lines.push(`    max-null-fraction: ${ceilTo(p.nulls / p.rows, 4)}`);
    if ((type === 'number' || type === 'integer') && p.moments.count > 0) {
      lines.push(`    min: ${p.moments.min}`);
      lines.push(`    max: ${p.moments.max}`);
    }
    if (
      (type === 'category' || type === 'boolean') &&
      p.freq.distinct() <= INFER_ALLOWED_MAX &&
      !p.freq.overflowed &&
      // A value kept as a prefix and a hash cannot be written out as an allowed value.
      ![...p.freq.counts.keys()].some((k) => k.length > MAX_VALUE_CHARS)
    ) {
      const values = p.freq.top(INFER_ALLOWED_MAX).map((t) => t.value);
      values.sort();
      lines.push(
        `    allowed: ${flow(type === 'boolean' ? values.map((v) => v === 'true') : values)}`,
      );
    }
    if (type === 'string' && p.kindCounts.string > 0) {
      lines.push(`    min-length: ${p.minLength}`);
      lines.push(`    max-length: ${p.maxLength}`);
    }
    const distinct =
      type === 'number' || type === 'integer' ? p.sample.distinct() : p.freq.distinct();
    const exact =
      type === 'number' || type === 'integer' ? p.sample.mode !== 'sketch' : !p.freq.overflowed;
    if (exact && p.count > 1 && distinct === p.count && p.nulls === 0 && type !== 'number') {
      lines.push('    unique: true');
    }
  }
  return `${lines.join('\n')}\n`;
}

function observed(p: ColumnProfiler, type: ColumnType): string {
  const parts = [`observed: ${p.count} values, ${p.nulls} nulls`];
  if ((type === 'number' || type === 'integer') && p.moments.count > 0) {
    parts.push(`mean ${sig(p.moments.mean)}`, `std ${sig(p.moments.std(1))}`);
  } else if (type === 'datetime' && p.kindCounts.datetime > 0) {
    parts.push(
      `from ${new Date(p.datetimeMin).toISOString()} to ${new Date(p.datetimeMax).toISOString()}`,
    );
  } else {
    parts.push(`${p.freq.distinct()} distinct`);
  }
  return parts.join(', ');
}

function key(name: string): string {
  return /^[A-Za-z_][A-Za-z0-9_-]*$/.test(name) ? name : JSON.stringify(name);
}

function flow(values: readonly (string | boolean)[]): string {
  return stringify(values, { collectionStyle: 'flow', lineWidth: 0 }).trim();
}

function oneLine(text: string): string {
  return text.replace(/[\r\n]+/g, ' ');
}

function ceilTo(x: number, digits: number): number {
  const f = 10 ** digits;
  return Math.min(1, Math.ceil(x * f) / f);
}

function sig(x: number): string {
  return Number.isFinite(x) ? String(Number(x.toPrecision(4))) : 'n/a';
}
