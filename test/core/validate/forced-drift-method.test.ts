import { describe, expect, it } from '@jest/globals';
import {
  createRng,
  DataError,
  DatasetScanner,
  evaluateValidation,
  InputError,
  parseDataSchema,
  ViolationLog,
} from '@modelgate/core';
import type { DataSchema, DriftMethod, TextParsers, ValidationSettings } from '@modelgate/core';
import { parseBoolean, parseDatetime, parseNumber } from '@modelgate/data';

const parsers: TextParsers = { parseNumber, parseBoolean, parseDatetime };

function scan(columns: Record<string, unknown[]>) {
  const s = new DatasetScanner({ rng: createRng(1), parsers, typed: false, include: () => true });
  s.add({
    columns: new Map(Object.entries(columns)),
    rows: Object.values(columns)[0]!.length,
    file: 'd.csv',
    lineOf: (i) => i + 2,
  });
  return s.finish();
}

const rows = 40;
const columns = {
  x: Array.from({ length: rows }, (_, i) => String(i)),
  weather: Array.from({ length: rows }, (_, i) => ['sun', 'rain', 'fog'][i % 3]),
  date: Array.from({ length: rows }, (_, i) => `2020-01-${String((i % 28) + 1).padStart(2, '0')}`),
};

function judge(driftMethod: DriftMethod | 'auto', schema?: DataSchema, driftThreshold?: number) {
  const settings: ValidationSettings = {
    driftMethod,
    ...(driftThreshold !== undefined && { driftThreshold }),
    driftShare: 0.5,
    failOn: ['schema', 'drift'],
    meanShiftSigmas: 3,
    maxNullIncrease: 0.1,
  };
  return evaluateValidation({
    settings,
    schema,
    schemaFile: schema ? 'schema.yml' : undefined,
    data: { scan: scan(columns), path: 'd.csv', format: 'csv', files: 1 },
    reference: { scan: scan(columns), path: 'r.csv', format: 'csv', files: 1 },
    log: new ViolationLog(),
  });
}

function thrown(f: () => unknown): Error {
  try {
    f();
  } catch (err) {
    return err as Error;
  }
  throw new Error('expected an error');
}

describe('a drift method forced on a column it cannot test', () => {
  it.each(['ks', 'wasserstein'] as const)(
    'is refused from the drift-method input (%s on a category column), naming the methods that apply',
    (method) => {
      const err = thrown(() => judge(method));
      expect(err).toBeInstanceOf(InputError);
      expect(err.message).toBe(
        `Input 'drift-method': the drift method ${method} cannot test the category column "weather": the methods that apply to categorical columns are chi2, z, psi, jensenshannon, kl.`,
      );
    },
  );

  it('is refused from the schema, at the schema file', () => {
    const schema = parseDataSchema(
      'columns:\n  weather:\n    drift: { method: ks }\n',
      'schema.yml',
    );
    const err = thrown(() => judge('auto', schema)) as DataError;
    expect(err).toBeInstanceOf(DataError);
    expect(err.message).toContain('columns.weather.drift.method: the drift method ks cannot test');
    expect(err.location).toEqual({ file: 'schema.yml' });
  });

  it('is refused on a datetime column, which is not drift-tested', () => {
    const schema = parseDataSchema('columns:\n  date:\n    drift: { method: psi }\n', 'schema.yml');
    expect(thrown(() => judge('auto', schema)).message).toContain(
      'the drift method psi cannot test the datetime column "date": datetime columns are not drift-tested',
    );
  });

  it('is not needed where the schema says auto for that column, or for methods of both kinds', () => {
    const schema = parseDataSchema(
      'columns:\n  weather:\n    drift: { method: auto }\n',
      'schema.yml',
    );
    const byColumn = judge('ks', schema).body.columns;
    expect(byColumn.find((c) => c.name === 'x')!.drift!.method).toBe('ks');
    expect(byColumn.find((c) => c.name === 'weather')!.drift!.method).toBe('chi2');
    expect(judge('psi').body.columns.find((c) => c.name === 'weather')!.drift!.method).toBe('psi');
  });
});

describe('a p-value threshold of 1 or more', () => {
  it.each([
    ['ks', 2, 'ks'],
    ['auto', 1, 'ks, which drift-method auto chose for it'],
  ] as const)(
    'is refused from the drift-threshold input (%s, threshold %p), since every column would drift',
    (method, threshold, how) => {
      const err = thrown(() => judge(method, undefined, threshold));
      expect(err).toBeInstanceOf(InputError);
      expect(err.message).toBe(
        `Input 'drift-threshold': the threshold ${threshold} is a p-value for the column "x" (${how}), and a p-value threshold must be below 1.`,
      );
    },
  );

  it('is refused from the schema, at the schema file', () => {
    const schema = parseDataSchema(
      'columns:\n  weather:\n    drift: { method: chi2, threshold: 5 }\n',
      'schema.yml',
    );
    const err = thrown(() => judge('psi', schema)) as DataError;
    expect(err).toBeInstanceOf(DataError);
    expect(err.message).toContain('columns.weather.drift.threshold: the threshold 5 is a p-value');
    expect(err.location).toEqual({ file: 'schema.yml' });
  });

  it('is kept as a distance for distance methods', () => {
    const x = judge('psi', undefined, 2).body.columns.find((c) => c.name === 'x')!;
    expect(x.drift).toMatchObject({ method: 'psi', threshold: 2, drifted: false });
  });
});
