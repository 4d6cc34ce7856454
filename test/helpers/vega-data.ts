import { readFileSync } from 'node:fs';
import { Moments, weightedFromValues } from '@modelgate/core';
import type { ColumnDistribution } from '@modelgate/core';

/** Real public datasets from the vega-datasets npm package, loaded as row objects for tests. */
export type Row = Record<string, unknown>;

const DATA = new URL('../../node_modules/vega-datasets/data/', import.meta.url);

const cache = new Map<string, Row[]>();

/** seattle-weather.csv (no quoted fields), flights-200k.json or penguins.json as row objects. */
export function loadVega(name: 'seattle-weather' | 'flights-200k' | 'penguins'): Row[] {
  const hit = cache.get(name);
  if (hit) return hit;
  let rows: Row[];
  if (name === 'seattle-weather') {
    const lines = readFileSync(new URL('seattle-weather.csv', DATA), 'utf8').trim().split('\n');
    const header = lines[0]!.split(',');
    rows = lines.slice(1).map((line) => {
      const cells = line.split(',');
      const row: Row = {};
      header.forEach((h, i) => {
        const cell = cells[i]!;
        row[h] = h === 'date' || h === 'weather' ? cell : Number(cell);
      });
      return row;
    });
  } else {
    rows = JSON.parse(readFileSync(new URL(`${name}.json`, DATA), 'utf8')) as Row[];
  }
  cache.set(name, rows);
  return rows;
}

/** A row selector, as in test/fixtures/validate-data/make-expected.py. */
export interface Selector {
  year?: string;
  month?: string;
  rows?: [number, number];
  parity?: number;
  indices?: number[];
}

export function selectRows(rows: Row[], sel: Selector): Row[] {
  let out = rows;
  if (sel.year !== undefined) out = out.filter((r) => String(r.date).slice(0, 4) === sel.year);
  if (sel.month !== undefined) out = out.filter((r) => String(r.date).slice(0, 7) === sel.month);
  if (sel.rows) out = out.slice(sel.rows[0], sel.rows[1]);
  if (sel.parity !== undefined) out = out.filter((_, i) => i % 2 === sel.parity);
  if (sel.indices) {
    const src = out;
    out = sel.indices.map((i) => src[i]!);
  }
  return out;
}

/** The non-null finite numbers of a column. */
export function numbersOf(rows: Row[], column: string): number[] {
  const out: number[] = [];
  for (const r of rows) {
    const v = r[column];
    if (typeof v === 'number' && Number.isFinite(v)) out.push(v);
  }
  return out;
}

/** The non-null values of a column as strings. */
export function stringsOf(rows: Row[], column: string): string[] {
  const out: string[] = [];
  for (const r of rows) {
    const v = r[column];
    if (typeof v === 'string' || typeof v === 'number' || typeof v === 'boolean')
      out.push(String(v));
  }
  return out;
}

/** An exact numeric distribution of the values. */
export function numericDistribution(values: number[]): ColumnDistribution {
  const m = new Moments();
  for (const v of values) m.add(v);
  const sample = weightedFromValues(values);
  return {
    kind: 'numeric',
    sample,
    distinct: sample.values.length,
    std0: m.std(0),
    approximate: false,
  };
}

/** A categorical distribution of the values. */
export function categoricalDistribution(values: string[]): ColumnDistribution {
  const counts = new Map<string, number>();
  for (const v of values) counts.set(v, (counts.get(v) ?? 0) + 1);
  return { kind: 'categorical', counts, total: values.length, approximate: false };
}

/**
 * Two forecasts of seattle-weather's temp_max from day 4 on, as
 * test/fixtures/compare/make-expected.py makes them: persistence (yesterday's) and the mean of
 * the last three days. `round` is applied to the truth and each forecast first (numpy's round
 * is {@link roundHalfEven}).
 */
export function temperatureForecasts(round: (x: number) => number = (x) => x): {
  date: string[];
  truth: number[];
  persistence: number[];
  threeDay: number[];
} {
  const rows = loadVega('seattle-weather');
  const t = rows.map((r) => r.temp_max as number);
  const out = {
    date: [] as string[],
    truth: [] as number[],
    persistence: [] as number[],
    threeDay: [] as number[],
  };
  for (let i = 3; i < t.length; i++) {
    out.date.push(rows[i]!.date as string);
    out.truth.push(round(t[i]!));
    out.persistence.push(round(t[i - 1]!));
    out.threeDay.push(round((t[i - 1]! + t[i - 2]! + t[i - 3]!) / 3));
  }
  return out;
}

/** numpy's round to whole numbers: half to even. */
export function roundHalfEven(x: number): number {
  const f = Math.floor(x);
  return x - f === 0.5 ? (f % 2 === 0 ? f : f + 1) : Math.round(x);
}
