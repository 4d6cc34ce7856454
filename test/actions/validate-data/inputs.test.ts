import { describe, expect, it } from '@jest/globals';
import { readFileSync } from 'node:fs';
import { parse } from 'yaml';
import { Input, Output, parseInputs } from '../../../actions/validate-data/src/inputs';

const get = (values: Record<string, string>) => (name: string) => values[name] ?? '';

describe('parseInputs', () => {
  it('applies the documented defaults', () => {
    const inputs = parseInputs(get({ data: 'd.csv' }));
    expect(inputs).toMatchObject({
      data: 'd.csv',
      driftMethod: 'auto',
      driftShare: 0.5,
      failOn: ['schema', 'drift'],
      maxAnnotations: 10,
      meanShiftSigmas: 3,
      maxNullIncrease: 0.1,
      reportPath: 'modelgate/data-validation.json',
      artifactName: 'modelgate-data-validation',
      ignoreColumns: [],
    });
    expect(inputs.columns).toBeUndefined();
  });

  it('reads lists, methods and fail-on none', () => {
    const inputs = parseInputs(
      get({
        data: 'd',
        columns: 'a, b',
        'ignore-columns': 'c',
        'drift-method': 'psi',
        'fail-on': 'none',
      }),
    );
    expect(inputs.columns).toEqual(['a', 'b']);
    expect(inputs.ignoreColumns).toEqual(['c']);
    expect(inputs.driftMethod).toBe('psi');
    expect(inputs.failOn).toEqual([]);
  });

  it.each([
    [{}, /Input 'data' is required/],
    [{ data: 'd', 'drift-method': 't-test' }, /Input 'drift-method' must be one of auto, ks/],
    [{ data: 'd', 'drift-share': '2' }, /Input 'drift-share' must be a fraction/],
    [
      { data: 'd', 'fail-on': 'schema,quality' },
      /Input 'fail-on' must be a comma-separated list of schema, drift/,
    ],
    [{ data: 'd', 'max-annotations': '-1' }, /Input 'max-annotations'/],
    [{ data: 'd', format: 'xlsx' }, /Input 'format' must be one of csv/],
    [{ data: 'd', columns: ' , ' }, /Input 'columns' is set but names nothing/],
    [{ data: 'd', 'fail-on': ',' }, /Input 'fail-on' is set but names nothing/],
  ])('rejects %j', (values, message) => {
    expect(() => parseInputs(get(values))).toThrow(message);
  });
});

describe('the action contract', () => {
  const dir = new URL('../../../actions/validate-data/', import.meta.url);
  const yml = parse(readFileSync(new URL('action.yml', dir), 'utf8')) as {
    inputs: Record<string, unknown>;
    outputs: Record<string, unknown>;
  };
  const readme = readFileSync(new URL('README.md', dir), 'utf8');

  it('declares every input and output in action.yml and the README, and no others', () => {
    expect(Object.keys(yml.inputs).sort()).toEqual(Object.values(Input).sort());
    expect(Object.keys(yml.outputs).sort()).toEqual(Object.values(Output).sort());
    for (const name of [...Object.values(Input), ...Object.values(Output)]) {
      expect(readme).toContain(`| \`${name}\` |`);
    }
  });
});
