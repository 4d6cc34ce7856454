import { describe, expect, it } from '@jest/globals';
import {
  CONFIG_LIMITS,
  DataError,
  formatError,
  parseConfigDocument,
  parseDataSchema,
  parseJsonDocument,
  parseMetricsText,
  parsePricingFile,
  parseRegressionPolicy,
} from '@modelgate/core';

/** A YAML document of `depth` levels of nine aliases each: 9^depth nodes once expanded. */
function aliasBomb(depth = 9): string {
  const lines = ['a0: &a0 [lol, lol, lol, lol, lol, lol, lol, lol, lol]'];
  for (let i = 1; i <= depth; i++) {
    lines.push(`a${i}: &a${i} [${Array.from({ length: 9 }, () => `*a${i - 1}`).join(', ')}]`);
  }
  return `${lines.join('\n')}\n`;
}

function shown(run: () => unknown): string {
  try {
    run();
  } catch (err) {
    expect(err).toBeInstanceOf(DataError);
    return formatError(err);
  }
  throw new Error('expected a DataError');
}

describe('parseConfigDocument', () => {
  it('refuses an alias bomb, naming the file, its first alias and the limit', () => {
    expect(shown(() => parseConfigDocument(aliasBomb(), 'policy.yml', 'policy'))).toBe(
      `policy.yml:2: The policy file is refused: its YAML aliases expand to more than ${CONFIG_LIMITS.maxAliasCount} nodes (an alias bomb, "billion laughs"). ` +
        `Write the repeated values out, or use fewer aliases (at most ${CONFIG_LIMITS.maxAliasCount} expansions).`,
    );
  });

  it('keeps the aliases of an ordinary file', () => {
    const doc = parseConfigDocument('base: &b {tier: warn}\nother: *b\n', 'p.yml', 'policy');
    expect(doc.value).toEqual({ base: { tier: 'warn' }, other: { tier: 'warn' } });
  });

  it('names the line and column of a syntax error', () => {
    expect(shown(() => parseConfigDocument('a:\n  b: [1, 2\nc: 3\n', 's.yml', 'schema'))).toMatch(
      /^s\.yml:3:1: The schema file is not valid YAML or JSON: /,
    );
  });

  it('names a duplicate key and its line', () => {
    expect(shown(() => parseConfigDocument('a:\n  x: 1\n  x: 2\n', 's.yml', 'schema'))).toMatch(
      /^s\.yml:3:3: The schema file is not valid YAML or JSON: the key "x" appears twice/,
    );
  });

  it('refuses a text over the size limit before parsing it', () => {
    const text = `a: "${'x'.repeat(CONFIG_LIMITS.maxChars)}"\n`;
    expect(shown(() => parseConfigDocument(text, 'big.yml', 'pricing'))).toMatch(
      /^big\.yml: The pricing file is refused: it holds [\d,]+ characters, above the limit of 4,194,304\./,
    );
  });

  it('drops a byte order mark', () => {
    expect(parseConfigDocument('\uFEFFa: 1\n', 'a.yml', 'policy').value).toEqual({ a: 1 });
  });

  it('finds the line of a key path, or of its nearest ancestor', () => {
    const doc = parseConfigDocument('a:\n  b:\n    c: 1\n', 'a.yml', 'x');
    expect(doc.lineOf(['a', 'b', 'c'])).toBe(3);
    expect(doc.lineOf(['a', 'missing'])).toBe(2);
  });
});

describe('parseJsonDocument', () => {
  it('names the line and column of a JSON syntax error', () => {
    expect(shown(() => parseJsonDocument('{\n  "a": 1,\n  oops\n}\n', 'r.json', 'report'))).toMatch(
      /^r\.json:3:3: The report file is not valid JSON: /,
    );
  });
});

// Every config the suite reads goes through the one loader: the same refusal everywhere.
describe.each([
  ['the validate-data schema', (t: string) => parseDataSchema(t, 'f.yml')],
  ['the check-regression policy', (t: string) => parseRegressionPolicy(t, 'f.yml')],
  ['an estimate-cost pricing file', (t: string) => parsePricingFile(t, 'f.yml')],
  ['a check-regression metrics file', (t: string) => parseMetricsText(t, 'f.yml')],
])('%s', (_name, parse) => {
  it('refuses an alias bomb by its real reason', () => {
    const message = shown(() => parse(aliasBomb()));
    expect(message).toMatch(/^f\.yml:2: The \w+ file is refused: its YAML aliases expand/);
    expect(message).not.toContain('neither JSON nor YAML');
  });

  it('names a duplicate key with its line', () => {
    expect(shown(() => parse('x: 1\nx: 2\n'))).toMatch(/^f\.yml:2:1: .*the key "x" appears twice/);
  });
});
