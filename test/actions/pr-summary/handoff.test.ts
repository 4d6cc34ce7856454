import { describe, expect, it } from '@jest/globals';
import { DataError } from '@modelgate/core';
import {
  HANDOFF_MAX_BYTES,
  parseHandoff,
  serializeHandoff,
} from '../../../actions/pr-summary/src/handoff';
import { fixtureJson, fixtureReport } from '../../helpers/pr-summary-reports';

const valid = {
  prNumber: 42,
  headSha: 'a'.repeat(40),
  runId: 9001,
  commentKey: 'ml-gate',
  reports: [fixtureReport('cost.json')],
};

describe('handoff', () => {
  it('round-trips', () => {
    expect(parseHandoff(serializeHandoff(valid), 'h.json')).toEqual(valid);
  });

  it.each([
    ['a PR number that is not a positive integer', { prNumber: -1 }],
    ['a fractional PR number', { prNumber: 1.5 }],
    ['a PR number as a string', { prNumber: '42' }],
    ['a short head sha', { headSha: 'abc' }],
    ['a head with markup', { headSha: `${'a'.repeat(39)}<` }],
    ['a bad comment key', { commentKey: 'x y' }],
    ['no reports', { reports: [] }],
    [
      'a report that fails its schema',
      { reports: [{ ...(fixtureJson('cost.json') as object), status: 'great' }] },
    ],
    ['something that is not a report', { reports: [{ schema: 'evil/x@1' }] }],
  ])('refuses %s', (_name, patch) => {
    const text = JSON.stringify({ schema: 'modelgate/pr-comment@1', ...valid, ...patch });
    expect(() => parseHandoff(text, 'h.json')).toThrow(DataError);
  });

  it('refuses another schema, bad JSON and oversize files', () => {
    expect(() => parseHandoff(JSON.stringify({ ...valid, schema: 'x' }), 'h')).toThrow(DataError);
    expect(() => parseHandoff('{', 'h')).toThrow('not valid JSON');
    expect(() => parseHandoff(' '.repeat(HANDOFF_MAX_BYTES + 1), 'h')).toThrow('refusing');
  });
});
