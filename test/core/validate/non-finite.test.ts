import { describe, expect, it } from '@jest/globals';
import {
  columnProfile,
  createRng,
  DatasetScanner,
  evaluateValidation,
  ViolationLog,
} from '@modelgate/core';
import type { ScanBatch, TextParsers, ValidationSettings } from '@modelgate/core';
import { parseBoolean, parseDatetime, parseNumber } from '@modelgate/data';

const parsers: TextParsers = { parseNumber, parseBoolean, parseDatetime };
const settings: ValidationSettings = {
  driftMethod: 'auto',
  driftShare: 0.5,
  failOn: ['schema', 'drift'],
  meanShiftSigmas: 3,
  maxNullIncrease: 0.1,
};

/** One batch of a CSV (cells as text) or of a typed format; line = row + 2. */
function scan(columns: Record<string, unknown[]>, typed = false, log = new ViolationLog()) {
  const s = new DatasetScanner({ rng: createRng(1), parsers, typed, include: () => true, log });
  const rows = Object.values(columns)[0]!.length;
  const batch: ScanBatch = {
    columns: new Map(Object.entries(columns)),
    rows,
    file: 'd.csv',
    lineOf: (i) => i + 2,
  };
  s.add(batch);
  return s.finish();
}

describe('non-finite numbers (NaN, ±Infinity, 1e999)', () => {
  it.each([
    ['CSV text', ['1', '2', 'inf', 'NaN', '1e999', '-Infinity', '3', null], false],
    ['typed values (JSON, Parquet)', [1, 2, Infinity, NaN, Infinity, -Infinity, 3, null], true],
  ])(
    'in %s are counted on their own, not as nulls, and kept out of the statistics',
    (_what, cells, typed) => {
      const data = scan({ y: cells }, typed);
      const p = data.columns.get('y')!;
      expect(p.nulls).toBe(1);
      expect(p.nonFinite).toEqual({ nan: 1, positive: 2, negative: 1 });
      const profile = columnProfile(p, 'integer');
      expect(profile).toMatchObject({ count: 7, nulls: 1, nonFinite: 4 });
      // The statistics of 1, 2, 3 only.
      expect(profile.numeric).toMatchObject({ mean: 2, min: 1, max: 3, std: 1 });
    },
  );

  it('are a non-finite error with the first lines and the count, not "is null"', () => {
    const log = new ViolationLog();
    const cells = ['1', ...Array.from({ length: 12 }, () => 'inf'), '2'];
    const data = scan({ y: cells }, false, log);
    const outcome = evaluateValidation({
      settings,
      data: { scan: data, path: 'd.csv', format: 'csv', files: 1 },
      log,
    });
    const findings = outcome.findings.filter((f) => f.code === 'non-finite');
    expect(findings[0]).toMatchObject({
      severity: 'error',
      subject: 'y',
      message: expect.stringContaining('12 values that are not a finite number (12 Infinity)'),
    });
    expect(findings[0]!.message).toContain('left out of its statistics');
    expect(findings.slice(1).map((f) => f.line)).toEqual([3, 4, 5, 6, 7, 8, 9, 10, 11, 12]);
    expect(outcome.findings.some((f) => /is null/.test(f.message))).toBe(false);
    expect(outcome.body.violations.byCode['non-finite']).toBe(12);
    expect(outcome.status).toBe('fail');
  });

  it('do not move the drift test: Infinity in the data leaves the KS test on the finite values', () => {
    const log = new ViolationLog();
    const values = Array.from({ length: 50 }, (_, i) => String(i));
    const reference = scan({ y: values });
    const data = scan({ y: [...values, 'inf', '-inf', 'nan'] }, false, log);
    const outcome = evaluateValidation({
      settings,
      data: { scan: data, path: 'd.csv', format: 'csv', files: 1 },
      reference: { scan: reference, path: 'r.csv', format: 'csv', files: 1 },
      log,
    });
    const y = outcome.body.columns.find((c) => c.name === 'y')!;
    expect(y.drift).toMatchObject({ method: 'ks', statistic: 0, pValue: 1 });
    expect(y.data.nonFinite).toBe(3);
    // Not nulls: the null rate did not grow.
    expect(outcome.findings.some((f) => f.code === 'null-rate')).toBe(false);
  });

  it('are a warning when the reference has them', () => {
    const log = new ViolationLog();
    const reference = scan({ y: ['1', '2', 'NaN', '3'] }, false, log);
    const data = scan({ y: ['1', '2', '3', '2'] }, false, log);
    const outcome = evaluateValidation({
      settings,
      data: { scan: data, path: 'd.csv', format: 'csv', files: 1 },
      reference: { scan: reference, path: 'r.csv', format: 'csv', files: 1 },
      log,
    });
    const finding = outcome.findings.find((f) => f.code === 'non-finite')!;
    expect(finding).toMatchObject({ severity: 'warning', line: 4 });
    expect(finding.message).toMatch(/^The reference's column y is NaN/);
    expect(outcome.status).toBe('warn');
  });

  it('count as their words in a text column', () => {
    const data = scan({ s: ['nan', 'abc', 'inf', 'abc', 'x'] });
    const outcome = evaluateValidation({
      settings,
      data: { scan: data, path: 'd.csv', format: 'csv', files: 1 },
      log: new ViolationLog(),
    });
    expect(outcome.findings.filter((f) => f.code === 'non-finite')).toEqual([]);
    expect(outcome.body.columns[0]!.inferredType).toBe('category');
  });
});
