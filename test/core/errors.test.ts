import { describe, expect, it } from '@jest/globals';
import { DataError, InputError, formatError, getErrorMessage, isUserError } from '@modelgate/core';

describe('getErrorMessage', () => {
  it.each([
    [new Error('boom'), 'boom'],
    ['plain string', 'plain string'],
    [{ code: 42 }, '{"code":42}'],
    [undefined, 'undefined'],
    [null, 'null'],
    [{ message: 'from another realm', code: 'EEXIST' }, 'from another realm'],
  ])('gives the message of %p', (thrown, expected) => {
    expect(getErrorMessage(thrown)).toBe(expected);
  });
});

describe('formatError', () => {
  it('puts the file and line before a data error, and the hint after', () => {
    const err = new DataError('text in a numeric column', {
      hint: 'Fix row 3.',
      location: { file: 'data.csv', line: 3, column: 2 },
    });
    expect(formatError(err)).toBe('data.csv:3:2: text in a numeric column Fix row 3.');
  });

  it.each([
    // [message, location, shown]: the file is printed once, with its line where it was missing
    [
      'The baseline file nope.json does not exist.',
      { file: 'nope.json' },
      'The baseline file nope.json does not exist.',
    ],
    [
      'columns.x: min is above max.',
      { file: 'schema.yml', line: 4 },
      'schema.yml:4: columns.x: min is above max.',
    ],
    [
      'The eval set eval.jsonl has id "7" twice.',
      { file: 'eval.jsonl', line: 9 },
      'The eval set eval.jsonl:9 has id "7" twice.',
    ],
    [
      'Line 3 of eval.jsonl has no id.',
      { file: 'eval.jsonl', line: 3 },
      'Line 3 of eval.jsonl has no id.',
    ],
    [
      'data.csv:3: a quote is never closed.',
      { file: 'data.csv', line: 3 },
      'data.csv:3: a quote is never closed.',
    ],
    [
      'The report path is a folder, not a file.',
      { file: '.' },
      '.: The report path is a folder, not a file.',
    ],
    [
      'The file old-data.csv.gz is bad.',
      { file: 'data.csv' },
      'data.csv: The file old-data.csv.gz is bad.',
    ],
  ] as const)('names the location once: %s', (message, location, shown) => {
    expect(formatError(new DataError(message, { location }))).toBe(shown);
  });

  it('marks anything that is not an ActionError as a bug', () => {
    expect(formatError(new TypeError('x is undefined'))).toMatch(
      /^Internal error .*x is undefined$/,
    );
    expect(formatError('thrown string')).toMatch(/thrown string$/);
  });

  it('classifies user errors', () => {
    expect(isUserError(new InputError('bad'))).toBe(true);
    expect(isUserError(new Error('bad'))).toBe(false);
  });
});
