import { describe, expect, it } from '@jest/globals';
import { parseBoolean, parseDatetime, parseNumber } from '@modelgate/data';

describe('parseNumber', () => {
  it.each([
    ['0', 0],
    ['42', 42],
    ['-2.5', -2.5],
    ['+3', 3],
    ['1.', 1],
    ['.5', 0.5],
    ['-.5', -0.5],
    ['1e5', 1e5],
    ['2.5E-3', 2.5e-3],
    ['007', 7],
    [' 12.8 ', 12.8],
    ['\t1', 1],
    ['inf', Infinity],
    ['-Infinity', -Infinity],
    ['+INF', Infinity],
  ])('reads %j as %p', (text, value) => {
    expect(parseNumber(text)).toBe(value);
  });

  it.each(['nan', 'NaN', '-nan'])('reads %j as NaN', (text) => {
    expect(parseNumber(text)).toBeNaN();
  });

  it.each([
    '',
    ' ',
    'abc',
    '1,5',
    '1_000',
    '0x10',
    '1e',
    'e5',
    '--1',
    '+',
    '.',
    '1.2.3',
    '1 2',
    'Infinityx',
    '١',
  ])('rejects %j', (text) => {
    expect(parseNumber(text)).toBeUndefined();
  });
});

describe('parseBoolean', () => {
  it.each([
    ['true', true],
    ['FALSE', false],
    [' Yes ', true],
    ['no', false],
  ])('reads %j as %p', (text, value) => {
    expect(parseBoolean(text)).toBe(value);
  });

  it.each(['', '1', '0', 't', 'truth'])('rejects %j', (text) => {
    expect(parseBoolean(text)).toBeUndefined();
  });
});

describe('parseDatetime', () => {
  it.each([
    ['2012-01-01', Date.UTC(2012, 0, 1)],
    ['2024-02-29', Date.UTC(2024, 1, 29)],
    ['2001-01-01T00:01', Date.UTC(2001, 0, 1, 0, 1)],
    ['2001-01-01 10:20:30', Date.UTC(2001, 0, 1, 10, 20, 30)],
    ['2001-01-01T10:20:30.1234Z', Date.UTC(2001, 0, 1, 10, 20, 30, 123)],
    ['2001-01-01T10:20:30+02:00', Date.UTC(2001, 0, 1, 8, 20, 30)],
    ['2001-01-01T10:20:30-0130', Date.UTC(2001, 0, 1, 11, 50, 30)],
    ['0050-06-01', new Date(Date.UTC(2000, 5, 1)).setUTCFullYear(50)],
  ])('reads %j', (text, millis) => {
    expect(parseDatetime(text)).toBe(millis);
  });

  it.each([
    '',
    '2023-02-29',
    '2023-13-01',
    '2023-00-10',
    '2023-01-32',
    '2023-01-01T24:00',
    '01/02/2023',
    '2023-1-1',
    'x',
  ])('rejects %j', (text) => {
    expect(parseDatetime(text)).toBeUndefined();
  });
});
