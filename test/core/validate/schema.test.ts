import { describe, expect, it } from '@jest/globals';
import { DataError, parseDataSchema } from '@modelgate/core';

function errorOf(text: string): DataError {
  try {
    parseDataSchema(text, 'schema.yml');
  } catch (err) {
    return err as DataError;
  }
  throw new Error('expected a DataError');
}

describe('parseDataSchema', () => {
  it('reads every key of the documented schema', () => {
    const s = parseDataSchema(
      [
        'version: 1',
        'rows: { min: 10, max: 100 }',
        'extra-columns: fail',
        'duplicate-rows: allow',
        'label: y',
        'id: id',
        'columns:',
        '  x: { type: number, nullable: false, min: 0, max: 1, drift: { method: ks, threshold: 0.01 } }',
        '  c: { type: category, allowed: [a, b], max-null-fraction: 0.1 }',
        '  s: { type: string, regex: "^[a-z]+$", min-length: 1, max-length: 5, unique: true, required: false }',
      ].join('\n'),
      'schema.yml',
    );
    expect(s.columns.x).toMatchObject({
      type: 'number',
      nullable: false,
      drift: { method: 'ks', threshold: 0.01 },
    });
    expect(s['extra-columns']).toBe('fail');
    expect(s.rows).toEqual({ min: 10, max: 100 });
  });

  it('reads JSON too', () => {
    expect(
      parseDataSchema('{"columns": {"a": {"type": "integer"}}}', 's.json').columns.a?.type,
    ).toBe('integer');
  });

  it.each([
    ['columns:\n  x:\n    type: float\n', 3, 'columns.x.type'],
    ['columns:\n  x:\n    max-lenght: 3\n', 3, "unknown key 'max-lenght'"],
    ['rows:\n  min: -1\n', 2, 'rows.min'],
    ['columns:\n  x: { regex: "([" }\n', 2, 'not a valid regular expression'],
    ['columns:\n  x: { drift: { method: magic } }\n', 2, 'columns.x.drift.method'],
  ])('names the line and path of %j', (text, line, words) => {
    const err = errorOf(text);
    expect(err).toBeInstanceOf(DataError);
    expect(err.message).toContain(words);
    expect(err.location).toEqual({ file: 'schema.yml', line });
  });

  it('reports YAML syntax errors with their line', () => {
    const err = errorOf('columns:\n  x: [1, 2\n  y: 3\n');
    expect(err.message).toMatch(/^The schema file is not valid YAML or JSON/);
    expect(err.location?.line).toBeGreaterThanOrEqual(2);
  });

  it('rejects min above max', () => {
    expect(errorOf('columns:\n  x: { min: 5, max: 1 }\n').message).toContain(
      'min (5) is above max (1)',
    );
  });
});
