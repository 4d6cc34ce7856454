import { describe, expect, it } from '@jest/globals';
import { inputOr, optionalInput, requiredInput, spec } from '@modelgate/runner';

const from = (values: Record<string, string>) => (name: string) => values[name] ?? '';

describe('input parsing', () => {
  it('enforces required inputs, naming the input and the expected value', () => {
    expect(() => requiredInput(from({}), 'data', spec.text('a dataset path'))).toThrow(
      "Input 'data' is required: set it to a dataset path.",
    );
  });

  it('names the input, the value and the fix on a bad value', () => {
    expect(() =>
      requiredInput(from({ 'max-accuracy-drop': '2%' }), 'max-accuracy-drop', spec.fraction()),
    ).toThrow(`Input 'max-accuracy-drop' must be a fraction between 0 and 1, e.g. 0.02; got "2%".`);
  });

  it.each([
    ['0.02', 0.02],
    [' 1 ', 1],
    ['0', 0],
    ['.5', 0.5],
  ])('reads the fraction %p', (raw, expected) => {
    expect(requiredInput(from({ x: raw }), 'x', spec.fraction())).toBe(expected);
  });

  it.each(['1.5', '-0.1', 'abc', '0x10', 'Infinity'])('refuses the fraction %p', (raw) => {
    expect(() => requiredInput(from({ x: raw }), 'x', spec.fraction())).toThrow(
      /Input 'x' must be a fraction/,
    );
  });

  it('uses the default for an empty optional input and undefined when there is none', () => {
    expect(inputOr(from({}), 'concurrency', spec.positiveInt('8', 100), 8)).toBe(8);
    expect(optionalInput(from({ x: '   ' }), 'x', spec.positiveInt('8', 100))).toBeUndefined();
  });

  it.each(['1e300', '1e999', '101', '-1e999'])(
    'refuses the number %p beyond its bounds, naming the bound',
    (raw) => {
      expect(() =>
        requiredInput(
          from({ n: raw }),
          'n',
          spec.number('a count, e.g. 8', { min: -100, max: 100 }),
        ),
      ).toThrow(`Input 'n' must be a count, e.g. 8, at most 100; got "${raw}".`);
    },
  );

  it('does not repeat a bound the words already give', () => {
    expect(() =>
      requiredInput(
        from({ n: '1e6' }),
        'n',
        spec.number('a number from 1 to 100', { min: 1, max: 100 }),
      ),
    ).toThrow(`Input 'n' must be a number from 1 to 100; got "1e6".`);
  });

  it.each([
    ['true', true],
    ['False', false],
    ['TRUE', true],
  ])('reads the boolean %p', (raw, expected) => {
    expect(requiredInput(from({ b: raw }), 'b', spec.boolean())).toBe(expected);
  });

  it('refuses a boolean that YAML 1.2 does not know', () => {
    expect(() => requiredInput(from({ b: 'yes' }), 'b', spec.boolean())).toThrow(
      `Input 'b' must be true or false; got "yes".`,
    );
  });

  it('splits lists on commas and newlines and checks their items', () => {
    expect(requiredInput(from({ l: 'a, b\n c,,' }), 'l', spec.list())).toEqual(['a', 'b', 'c']);
    expect(
      requiredInput(from({ l: 'schema,drift' }), 'l', spec.listOf(['schema', 'drift'])),
    ).toEqual(['schema', 'drift']);
    expect(() =>
      requiredInput(from({ l: 'schema,speed' }), 'l', spec.listOf(['schema', 'drift'])),
    ).toThrow(/a comma-separated list of schema, drift; got "schema,speed"/);
  });
});
