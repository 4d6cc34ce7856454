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
