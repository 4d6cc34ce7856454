import { describe, expect, it } from '@jest/globals';
import {
  columnProfile,
  createRng,
  DatasetScanner,
  evaluateValidation,
  inferType,
  ViolationLog,
} from '@modelgate/core';
import type { ScanBatch, TextParsers, ValidationSettings } from '@modelgate/core';
import { parseBoolean, parseDatetime, parseNumber } from '@modelgate/data';

const parsers: TextParsers = { parseNumber, parseBoolean, parseDatetime };

/** An in-memory batch; line = row number + 2 (a header line, 1-based). */
function batch(columns: Record<string, unknown[]>, firstRow = 0, file = 'mem.csv'): ScanBatch {
  const map = new Map(Object.entries(columns));
  const rows = Object.values(columns)[0]?.length ?? 0;
  return { columns: map, rows, file, lineOf: (i) => firstRow + i + 2 };
}

function scanner(options: Partial<ConstructorParameters<typeof DatasetScanner>[0]> = {}) {
  return new DatasetScanner({
    rng: createRng(1),
    parsers,
    typed: false,
    include: () => true,
    ...options,
  });
}

const settings: ValidationSettings = {
  driftMethod: 'auto',
  driftShare: 0.5,
  failOn: ['schema', 'drift'],
  meanShiftSigmas: 3,
  maxNullIncrease: 0.1,
};

describe('DatasetScanner', () => {
  it('infers types from text cells', () => {
    const s = scanner();
    s.add(
      batch({
        i: ['1', '2', '', '4'],
        f: ['1.5', '2', '3', 'nan'],
        b: ['true', 'false', 'yes', 'no'],
        d: ['2024-01-01', '2024-02-01', '2024-03-01T10:00:00Z', ''],
        c: ['a', 'b', 'a', 'a'],
      }),
    );
    const scan = s.finish();
    const type = (n: string) => inferType(scan.columns.get(n)!);
    expect([type('i'), type('f'), type('b'), type('d'), type('c')]).toEqual([
      'integer',
      'number',
      'boolean',
      'datetime',
      'category',
    ]);
    // nan is a non-finite number of its own (issue 18), not a missing value.
    expect(scan.columns.get('f')!.nulls).toBe(0);
    expect(scan.columns.get('f')!.nonFinite.nan).toBe(1);
    expect(columnProfile(scan.columns.get('d')!, 'datetime').datetimeRange).toEqual({
      min: '2024-01-01T00:00:00.000Z',
      max: '2024-03-01T10:00:00.000Z',
    });
  });

  it('counts nulls for a column that first appears in a later batch (JSON rows)', () => {
    const s = scanner({ typed: true });
    s.add(batch({ a: [1, 2, 3] }));
    s.add(batch({ a: [4, 5], late: ['x', 'y'] }, 3));
    const late = s.finish().columns.get('late')!;
    expect(late.rows).toBe(5);
    expect(late.nulls).toBe(3);
  });

  it('finds duplicate rows and ids with their lines', () => {
    const log = new ViolationLog();
    const s = scanner({ typed: true, duplicateRows: 'warning', idColumn: 'id', log });
    s.add(batch({ id: [1, 2, 3, 2], v: ['a', 'b', 'a', 'b'] }));
    s.add(batch({ id: [5, 1], v: ['z', 'a'] }, 4));
    const scan = s.finish();
    expect(scan.duplicateRows).toBe(2);
    expect(scan.duplicateIds).toBe(2);
    const findings = log.findings();
    expect(findings.filter((f) => f.code === 'duplicate-row').map((f) => f.line)).toEqual([5, 7]);
    expect(findings.filter((f) => f.code === 'duplicate-id').map((f) => f.line)).toEqual([5, 7]);
  });

  it('keeps counting duplicates against stored rows once past its budget (a lower bound)', () => {
    const s = scanner({ typed: true, duplicateRows: 'warning', duplicateBudget: 3 });
    s.add(batch({ v: [1, 2, 3, 4, 1, 4] }));
    const scan = s.finish();
    expect(scan.duplicateRows).toBe(1);
    expect(scan.duplicatesApproximate).toBe(true);
  });
});

describe('evaluateValidation', () => {
  const scanOf = (columns: Record<string, unknown[]>) => {
    const s = scanner({ typed: true });
    s.add(batch(columns));
    return { scan: s.finish(), path: 'x.json', format: 'json', files: 1 };
  };

  it('flags a mean beyond k reference standard deviations and an exploding null rate', () => {
    const reference = scanOf({ x: [10, 11, 9, 10, 10, 11, 9, 10], y: [1, 2, 3, 4, 5, 6, 7, 8] });
    const data = scanOf({
      x: [20, 21, 19, 20, 20, 21, 19, 20],
      y: [1, null, null, 4, null, 6, 7, 8],
    });
    const log = new ViolationLog();
    const out = evaluateValidation({ settings, data, reference, log });
    const codes = out.findings.map((f) => `${f.code}:${f.subject ?? ''}`);
    expect(codes).toContain('mean-shift:x');
    expect(codes).toContain('null-rate:y');
    expect(out.status).toBe('fail');
    const relaxed = evaluateValidation({
      settings: { ...settings, meanShiftSigmas: 100, maxNullIncrease: 0.5, failOn: ['schema'] },
      data,
      reference,
      log: new ViolationLog(),
    });
    expect(relaxed.findings.map((f) => f.code)).not.toContain('mean-shift');
    expect(relaxed.status).not.toBe('fail');
  });

  it('passes identical data', () => {
    const cols = { x: [1, 2, 3, 4, 5, 6, 7, 8], c: ['a', 'b', 'a', 'b', 'a', 'b', 'c', 'c'] };
    const out = evaluateValidation({
      settings,
      data: scanOf(cols),
      reference: scanOf(cols),
      log: new ViolationLog(),
    });
    expect(out.status).toBe('pass');
    expect(out.body.drift).toMatchObject({ share: 0, tested: 2, datasetDrift: false });
    expect(out.body.columns.map((c) => c.drift?.method)).toEqual(['ks', 'chi2']);
  });
});
