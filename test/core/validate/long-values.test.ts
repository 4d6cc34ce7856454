import { createHash } from 'node:crypto';
import { describe, expect, it } from '@jest/globals';
import {
  columnProfile,
  createRng,
  DatasetScanner,
  displayedValue,
  MAX_VALUE_CHARS,
  valueKey,
  ViolationLog,
} from '@modelgate/core';
import type { TextParsers } from '@modelgate/core';
import { parseBoolean, parseDatetime, parseNumber } from '@modelgate/data';

const parsers: TextParsers = { parseNumber, parseBoolean, parseDatetime };
const sha256 = (text: string) => createHash('sha256').update(text, 'utf8').digest('hex');

describe('long text values', () => {
  it('are keyed by a prefix, their length and their sha256; short ones as they are', () => {
    expect(valueKey('short')).toBe('short');
    const exact = 'x'.repeat(MAX_VALUE_CHARS);
    expect(valueKey(exact)).toBe(exact);
    const long = `${'a'.repeat(MAX_VALUE_CHARS)}tail`;
    expect(displayedValue(valueKey(long))).toEqual({
      value: `${'a'.repeat(MAX_VALUE_CHARS)}…`,
      length: MAX_VALUE_CHARS + 4,
      sha256: sha256(long),
    });
    // Same prefix and length, different values: different keys.
    expect(valueKey(`${'a'.repeat(MAX_VALUE_CHARS)}tale`)).not.toBe(valueKey(long));
  });

  it('keep a prefix that holds the separator and does not split a surrogate pair', () => {
    const emoji = `${'\u0000'.repeat(MAX_VALUE_CHARS - 1)}😀😀`;
    const shown = displayedValue(valueKey(emoji));
    expect(shown.value).toBe(`${'\u0000'.repeat(MAX_VALUE_CHARS - 1)}…`);
    expect(shown.length).toBe(emoji.length);
    expect(shown.sha256).toBe(sha256(emoji));
  });

  it('are shown cut in the profile, so one 8 MB cell does not make an 8 MB report', () => {
    const huge = 'A'.repeat(8 * 1024 * 1024);
    const s = new DatasetScanner({
      rng: createRng(1),
      parsers,
      typed: false,
      include: () => true,
      log: new ViolationLog(),
    });
    s.add({
      columns: new Map([['text', [huge, 'b', huge, 'c']]]),
      rows: 4,
      file: 'd.csv',
      lineOf: (i) => i + 2,
    });
    const p = s.finish().columns.get('text')!;
    const profile = columnProfile(p, 'string');
    expect(profile.topValues![0]).toEqual({
      value: `${'A'.repeat(MAX_VALUE_CHARS)}…`,
      count: 2,
      length: huge.length,
      sha256: sha256(huge),
    });
    expect(profile.maxLength).toBe(huge.length);
    expect(JSON.stringify(profile).length).toBeLessThan(2000);
    // The table holds no key longer than the prefix, the length and the hash.
    for (const key of p.freq.counts.keys()) expect(key.length).toBeLessThan(MAX_VALUE_CHARS + 80);
  });

  it('cut finding messages: a value or a column name of a megabyte gives a bounded message', () => {
    const log = new ViolationLog();
    const name = 'n'.repeat(1024 * 1024);
    log.record('null', name, 'error', () => `Column ${name} is null.`, { file: 'd.csv', line: 2 });
    const [finding] = log.findings();
    expect(finding!.message.length).toBe(1000);
    expect(finding!.message.endsWith('…')).toBe(true);
  });
});
