import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from '@jest/globals';
import {
  columnProfile,
  createRng,
  DatasetScanner,
  DistinctNumbers,
  inferType,
  ViolationLog,
} from '@modelgate/core';
import { openDataset, parseBoolean, parseDatetime, parseNumber } from '@modelgate/data';

// Expected values: test/fixtures/validate-data/distinct-expected.json, pandas 1.5.3's nunique()
// of each column, made with the data files by make-distinct-expected.py beside it.
const dir = fileURLToPath(new URL('../../fixtures/validate-data/', import.meta.url));
const expected = JSON.parse(readFileSync(`${dir}distinct-expected.json`, 'utf8')) as Record<
  'csv' | 'jsonl',
  Record<string, number>
>;

async function profiles(file: string) {
  const dataset = await openDataset(file, { cwd: dir });
  const scanner = new DatasetScanner({
    rng: createRng(1),
    parsers: { parseNumber, parseBoolean, parseDatetime },
    typed: dataset.info.typed,
    include: () => true,
  });
  for await (const batch of dataset.batches()) scanner.add(batch);
  const scan = scanner.finish();
  return new Map(
    [...scan.columns].map(([name, p]) => {
      const type = inferType(p);
      return [name, { type, profile: columnProfile(p, type) }] as const;
    }),
  );
}

describe('the profile counts distinct values as pandas nunique() does', () => {
  it.each(['csv', 'jsonl'] as const)('every column type of distinct.%s', async (format) => {
    const columns = await profiles(`distinct.${format}`);
    expect(columns.get('when')?.type).toBe('datetime');
    const counted = Object.fromEntries([...columns].map(([name, c]) => [name, c.profile.distinct]));
    expect(counted).toEqual(expected[format]);
    for (const c of columns.values()) expect(c.profile.distinctApproximate).toBeUndefined();
  });
});

describe('a unique datetime column', () => {
  it('flags a repeated instant, whatever its spelling, at its line', async () => {
    const dataset = await openDataset('distinct.csv', { cwd: dir, columns: ['when'] });
    const log = new ViolationLog();
    const scanner = new DatasetScanner({
      rng: createRng(1),
      parsers: { parseNumber, parseBoolean, parseDatetime },
      typed: false,
      include: () => true,
      rules: () => ({ unique: true }),
      log,
    });
    for await (const batch of dataset.batches()) scanner.add(batch);
    scanner.finish();
    // Lines 3, 5 and 8 repeat the instants of lines 2, 4 and 6.
    expect(log.byCode()).toEqual({ unique: 3 });
    const finding = log.findings().find((f) => f.code === 'unique');
    expect(finding?.message).toContain('2024-01-01T00:00:00.000Z');
    expect(finding?.line).toBe(3);
  });
});

describe('DistinctNumbers', () => {
  it('counts exactly within its budget, then estimates, and counts 0 and -0 as one value', () => {
    const d = new DistinctNumbers(1000);
    for (const x of [0, -0, 1, 1, Number.NaN, 2.5]) d.add(x);
    expect(d.count()).toBe(3);
    expect(d.approximate).toBe(false);
    for (let i = 0; i < 20_000; i++) d.add(1_700_000_000_000 + (i % 10_000) * 1000);
    expect(d.approximate).toBe(true);
    // HyperLogLog at p = 16: 0.41 % standard error; 10,003 distinct values.
    expect(Math.abs(d.count() - 10_003) / 10_003).toBeLessThan(0.02);
  });
});
