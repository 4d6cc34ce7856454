import { describe, expect, it } from '@jest/globals';
import { AssertionCompiler, DataError, formatError, parseAssertionList } from '@modelgate/core';
import type { AssertionContext, AssertionResult, JudgeClient } from '@modelgate/core';

const FILE = 'evals/asserts.yaml';

async function run(
  spec: Record<string, unknown>,
  output: string,
  ctx: Partial<AssertionContext> = {},
  row: Record<string, unknown> = {},
): Promise<AssertionResult> {
  const compiler = new AssertionCompiler({ hasJudge: ctx.judge !== undefined });
  const specs = parseAssertionList([spec], { file: FILE, caseId: 'c1' });
  const [assertion] = compiler.compile(specs, row, { file: FILE, caseId: 'c1' });
  return assertion!.evaluate({ output, prompt: [{ role: 'user', content: 'q' }], ...ctx });
}

function compileError(spec: Record<string, unknown>, row: Record<string, unknown> = {}): string {
  const compiler = new AssertionCompiler({ hasJudge: false });
  try {
    const specs = parseAssertionList([spec], { file: FILE, caseId: 'c7', line: 3 });
    compiler.compile(specs, row, { file: FILE, caseId: 'c7', line: 3 });
  } catch (err) {
    expect(err).toBeInstanceOf(DataError);
    expect((err as DataError).location).toEqual({ file: FILE, line: 3 });
    return formatError(err);
  }
  throw new Error('expected a configuration error');
}

describe('pass/fail assertions', () => {
  it.each([
    [{ type: 'equals', value: 'Paris' }, 'Paris', true],
    [{ type: 'equals', value: 'Paris' }, 'Paris ', false],
    [{ type: 'equals', value: 'Paris', normalize: ['trim'] }, '  Paris\n', true],
    [{ type: 'equals', value: 'paris', normalize: ['lowercase'] }, 'PARIS', true],
    [{ type: 'equals', value: 'New York', normalize: ['whitespace'] }, 'New \t\n York', true],
    [{ type: 'equals', value: 'Paris', normalize: ['punctuation'] }, 'Paris!', true],
    [{ type: 'equals', value: "it's fine", normalize: true }, '  IT’S   fine!! ', true],
    [{ type: 'equals', value: 'Paris', normalize: true }, 'Lyon', false],
    [{ type: 'equals', value: '' }, '', true],
    [{ type: 'equals', value: 42 }, '42', true],
    [{ type: 'contains', value: 'Paris' }, 'It is Paris.', true],
    [{ type: 'contains', value: 'paris' }, 'It is Paris.', false],
    [{ type: 'contains', value: '' }, 'anything', true],
    [{ type: 'icontains', value: 'PARIS' }, 'it is paris', true],
    [{ type: 'icontains', value: 'lyon' }, 'it is paris', false],
    [{ type: 'contains-any', value: ['Lyon', 'Paris'] }, 'Paris', true],
    [{ type: 'contains-any', value: 'Lyon, Nice' }, 'Paris', false],
    [{ type: 'contains-all', value: ['a', 'b'] }, 'ab', true],
    [{ type: 'contains-all', value: ['a', 'b'] }, 'a only', false],
    [{ type: 'icontains-any', value: ['LYON', 'PARIS'] }, 'paris', true],
    [{ type: 'icontains-all', value: ['A', 'B'] }, 'a b', true],
    [{ type: 'icontains-all', value: ['A', 'Z'] }, 'a b', false],
    [{ type: 'starts-with', value: 'Yes' }, 'Yes, it is.', true],
    [{ type: 'starts-with', value: 'Yes' }, ' Yes', false],
    [{ type: 'regex', value: '^\\d{3}-\\d{4}$' }, '555-1234', true],
    [{ type: 'regex', value: '^\\d{3}-\\d{4}$' }, 'call 555-1234', false],
    [{ type: 'regex', value: '/^yes/i' }, 'YES sir', true],
    [{ type: 'regex', value: 'yes', flags: 'i' }, 'YES', true],
    [{ type: 'regex', value: '/a/g' }, 'a', true],
    [{ type: 'is-json' }, '{"a": 1}', true],
    [{ type: 'is-json' }, '  [1, 2]\n', true],
    [{ type: 'is-json' }, '```json\n{"a": 1}\n```', false],
    [{ type: 'is-json' }, '{a: 1}', false],
    [{ type: 'is-json' }, '', false],
    [{ type: 'max-length', value: 5 }, 'abcde', true],
    [{ type: 'max-length', value: 5 }, 'abcdef', false],
    [{ type: 'max-length', value: 2 }, '🎉🎉', true],
    [{ type: 'max-length', value: 0 }, '', true],
  ])('%j on %j passes: %s', async (spec, output, pass) => {
    const result = await run(spec, output);
    expect(result.pass).toBe(pass);
    expect(result.score).toBe(pass ? 1 : 0);
    expect(result.error).toBeUndefined();
  });

  it('runs the same assertion on many outputs without state (no g flag)', async () => {
    const compiler = new AssertionCompiler({ hasJudge: false });
    const specs = parseAssertionList([{ type: 'regex', value: '/a/g' }], { file: FILE });
    const [a] = compiler.compile(specs, {}, { file: FILE });
    const prompt = [{ role: 'user' as const, content: 'q' }];
    expect((await a!.evaluate({ output: 'a', prompt })).pass).toBe(true);
    expect((await a!.evaluate({ output: 'a', prompt })).pass).toBe(true);
  });
});

describe('is-json with a JSON Schema', () => {
  const schema2020 = {
    $schema: 'https://json-schema.org/draft/2020-12/schema',
    type: 'object',
    required: ['answer'],
    properties: {
      answer: { type: 'string' },
      tags: { type: 'array', prefixItems: [{ type: 'number' }] },
    },
  };
  const schema07 = {
    $schema: 'http://json-schema.org/draft-07/schema#',
    type: 'object',
    required: ['answer'],
    properties: { tags: { type: 'array', items: [{ type: 'number' }] } },
  };
  it.each([
    [schema2020, '{"answer": "x"}', true],
    [schema2020, '{"answer": 3}', false],
    [schema2020, '{}', false],
    [schema2020, '{"answer": "x", "tags": ["not a number"]}', false],
    [schema07, '{"answer": 1, "tags": [1, "b"]}', true],
    [schema07, '{"answer": 1, "tags": ["a"]}', false],
    [{ type: 'number', format: 'unknown-format' }, '3', true],
  ])('%j on %s passes: %s', async (schema, output, pass) => {
    const result = await run({ type: 'is-json', value: schema }, output);
    expect(result.pass).toBe(pass);
    if (!pass) expect(result.reason).toMatch(/not JSON|does not match/);
  });
  it('names the failing path', async () => {
    const result = await run({ type: 'is-json', value: schema2020 }, '{"answer": 3}');
    expect(result.reason).toContain('/answer must be string');
  });
  it('rejects an invalid schema before any request', () => {
    expect(compileError({ type: 'is-json', value: { type: 'strin' } })).toMatch(
      /asserts\.yaml:3: Case "c7": assertion 1 \(is-json\): invalid JSON Schema/,
    );
  });
});

describe('scored assertions', () => {
  it.each([
    [{ type: 'token-f1', value: 'the cat sat' }, 'a cat sat', 1, true],
    [{ type: 'token-f1', value: 'cat sat on mat', threshold: 0.5 }, 'cat', 0.4, false],
    [{ type: 'token-f1', value: ['dog', 'cat sat'] }, 'cat sat', 1, true],
    [{ type: 'token-f1', value: '' }, '', 1, true],
    [{ type: 'token-f1', value: 'the' }, 'Paris', 0, false],
    [{ type: 'rouge-l', value: 'the cat is on the mat' }, 'the cat is on the mat', 1, true],
    [{ type: 'rouge-l', value: 'police', threshold: 0.5 }, 'police police police', 0.5, true],
    [{ type: 'rouge-l', value: 'abc' }, '!!!', 0, false],
    [{ type: 'levenshtein', value: 'kitten' }, 'sitting', 1 - 3 / 7, false],
    [{ type: 'levenshtein', value: 'kitten', threshold: 0.5 }, 'sitting', 1 - 3 / 7, true],
    [{ type: 'levenshtein', value: 'kitten', maxDistance: 3 }, 'sitting', 1 - 3 / 7, true],
    [{ type: 'levenshtein', value: 'kitten', maxDistance: 2 }, 'sitting', 1 - 3 / 7, false],
    [{ type: 'levenshtein', value: ['sitting', 'kitten'], maxDistance: 0 }, 'kitten', 1, true],
    [{ type: 'levenshtein', value: '' }, '', 1, true],
  ])('%j on %j scores %d, passes: %s', async (spec, output, score, pass) => {
    const result = await run(spec, output);
    expect(result.score).toBeCloseTo(score, 12);
    expect(result.pass).toBe(pass);
  });
  it('passes exactly at the threshold', async () => {
    expect((await run({ type: 'token-f1', value: 'a b c d', threshold: 0.4 }, 'b')).pass).toBe(
      true,
    );
  });
  it('takes several references from a list column', async () => {
    const row = { answers: ['Paris', 'the city of Paris'] };
    const result = await run({ type: 'token-f1', value: '{{answers}}' }, 'city of paris', {}, row);
    expect(result.score).toBe(1);
  });
});

describe('limits', () => {
  it.each([
    [{ type: 'max-latency-ms', value: 100 }, { latencyMs: 100 }, true, undefined],
    [{ type: 'max-latency-ms', value: 100 }, { latencyMs: 100.5 }, false, undefined],
    [{ type: 'max-latency-ms', value: 100 }, {}, false, true],
    [{ type: 'max-cost-usd', value: 0.001 }, { costUsd: 0.001 }, true, undefined],
    [{ type: 'max-cost-usd', value: 0.001 }, { costUsd: 0.0011 }, false, undefined],
    [{ type: 'max-cost-usd', value: 0.001 }, {}, false, true],
  ])('%j with %j passes: %s', async (spec, ctx, pass, error) => {
    const result = await run(spec, 'x', ctx);
    expect(result.pass).toBe(pass);
    expect(result.error).toBe(error);
  });
});

describe('negation', () => {
  it.each([
    [{ type: 'not-contains', value: 'sorry' }, 'Paris', true],
    [{ type: 'not-contains', value: 'sorry' }, 'I am sorry', false],
    [{ type: 'not-icontains', value: 'SORRY' }, 'sorry', false],
    [{ type: 'not-regex', value: 'as an ai', flags: 'i' }, 'As an AI, I cannot', false],
    [{ type: 'not-is-json' }, 'plain text', true],
    [{ type: 'not-equals', value: 'x' }, 'y', true],
    [{ type: 'not-starts-with', value: 'I' }, 'Sure', true],
  ])('%j on %j passes: %s', async (spec, output, pass) => {
    const result = await run(spec, output);
    expect(result.pass).toBe(pass);
    expect(result.type).toBe(spec.type);
  });
  it('inverts a score and its threshold', async () => {
    const result = await run({ type: 'not-token-f1', value: 'cat', threshold: 0.5 }, 'dog');
    expect(result.pass).toBe(true);
    expect(result.score).toBe(1);
  });
  it('keeps an error a failure when negated', async () => {
    const result = await run({ type: 'not-max-cost-usd', value: 1 }, 'x', {});
    expect(result.error).toBe(true);
    expect(result.pass).toBe(false);
  });
});

describe('templated values', () => {
  it('fills {{field}} from the row', async () => {
    const result = await run(
      { type: 'equals', value: '{{answer}}' },
      'Paris',
      {},
      { answer: 'Paris' },
    );
    expect(result.pass).toBe(true);
  });
  it('names the case and field when the row lacks it', () => {
    expect(compileError({ type: 'equals', value: '{{answer}}' }, { question: 'q' })).toMatch(
      /Case "c7": .*uses \{\{answer\}\}, but the row has no field "answer"/,
    );
  });
});

describe('configuration errors name the file, the case and the assertion', () => {
  it.each([
    [{ type: 'regex', value: '(unclosed' }, /assertion 1 \(regex\): invalid regular expression/],
    [{ type: 'regex', value: 'a', flags: 'x' }, /regex flags/],
    [{ type: 'contains' }, /assertion 1 \(contains\): it needs a `value`/],
    [{ type: 'contains-any', value: [] }, /not empty/],
    [{ type: 'contains', value: 'a', threshold: 0.5 }, /a threshold applies only to scored types/],
    [{ type: 'token-f1', value: 'a', threshold: 1.5 }, /threshold/],
    [{ type: 'max-length', value: -1 }, /whole number of characters/],
    [{ type: 'max-length', value: 2.5 }, /whole number of characters/],
    [{ type: 'llm-rubric', value: 'polite' }, /needs a judge model: set the `judge-model` input/],
    [{ type: 'pairwise' }, /needs a judge model/],
    [{ type: 'is-json', value: 'schema.json' }, /must be a JSON Schema object/],
    [{ type: 'contans', value: 'a' }, /unknown type "contans"/],
    [{ type: 'not-', value: 'a' }, /unknown type "not-"/],
    [{ type: 'contains', value: 'a', treshold: 1 }, /malformed: .*treshold/],
    [{ type: 'equals', value: 'a', flags: 'i' }, /`flags` applies only to regex/],
    [{ type: 'contains', value: 'a', normalize: true }, /`normalize` applies only to equals/],
  ])('%j', (spec, message) => {
    const text = compileError(spec);
    expect(text).toMatch(message);
    // The file and line once, from the location; then the case.
    expect(text).toContain('evals/asserts.yaml:3: Case "c7": ');
  });
});

class ScriptedJudge implements JudgeClient {
  readonly model = 'judge-1';
  readonly calls: string[] = [];
  constructor(private readonly reply: (user: string) => string | Error) {}
  complete(messages: readonly { role: string; content: string }[]): Promise<string> {
    const user = messages.at(-1)?.content ?? '';
    this.calls.push(user);
    const reply = this.reply(user);
    return reply instanceof Error ? Promise.reject(reply) : Promise.resolve(reply);
  }
}

describe('llm-rubric', () => {
  it('passes when the judge scores at least the threshold', async () => {
    const judge = new ScriptedJudge(() => '```json\n{"reason": "polite", "score": 0.8}\n```');
    const result = await run(
      { type: 'llm-rubric', value: 'is polite to {{name}}' },
      'Hello Ann',
      { judge },
      { name: 'Ann' },
    );
    expect(result).toMatchObject({ pass: true, score: 0.8 });
    expect(judge.calls[0]).toContain('<rubric>\nis polite to Ann\n</rubric>');
    expect(judge.calls[0]).toContain('<output>\nHello Ann\n</output>');
  });
  it('fails below the threshold', async () => {
    const judge = new ScriptedJudge(() => 'Score: 0.4');
    const result = await run({ type: 'llm-rubric', value: 'r', threshold: 0.5 }, 'x', { judge });
    expect(result).toMatchObject({ pass: false, score: 0.4 });
    expect(result.error).toBeUndefined();
  });
  it.each(['I think it is great!', '{"score": 7}', '{"score": "high"}', '', 'Score: 1.5'])(
    'errors, never passes, on the malformed reply %j',
    async (reply) => {
      const judge = new ScriptedJudge(() => reply);
      const result = await run({ type: 'llm-rubric', value: 'r', threshold: 0 }, 'x', { judge });
      expect(result.pass).toBe(false);
      expect(result.error).toBe(true);
    },
  );
  it('errors, never passes, when the judge call fails, even negated', async () => {
    const judge = new ScriptedJudge(() => new Error('HTTP 500'));
    const result = await run({ type: 'not-llm-rubric', value: 'r' }, 'x', { judge });
    expect(result).toMatchObject({ pass: false, error: true });
    expect(result.reason).toContain('HTTP 500');
  });
});

describe('pairwise against the baseline', () => {
  const verdict = (winner: string) => `{"winner": "${winner}", "reason": "r"}`;
  // The candidate is "NEW"; the judge sees it as A in the first order and as B in the second.
  const judgeOf = (asA: string, asB: string) =>
    new ScriptedJudge((user) => verdict(user.indexOf('<response_a>\nNEW') >= 0 ? asA : asB));
  it.each([
    ['A', 'B', 1, true],
    ['B', 'A', 0, false],
    ['A', 'A', 0.5, true],
    ['tie', 'B', 0.5, true],
    ['tie', 'tie', 0.5, true],
  ])('judge says %s then %s: score %d', async (asA, asB, score, pass) => {
    const judge = judgeOf(asA, asB);
    const result = await run({ type: 'pairwise' }, 'NEW', { judge, baselineOutput: 'OLD' });
    expect(judge.calls).toHaveLength(2);
    expect(result.score).toBe(score);
    expect(result.pass).toBe(pass);
  });
  it('requires a win with threshold 1', async () => {
    const result = await run({ type: 'pairwise', threshold: 1 }, 'NEW', {
      judge: judgeOf('A', 'A'),
      baselineOutput: 'OLD',
    });
    expect(result.pass).toBe(false);
  });
  it('errors without a baseline output', async () => {
    const result = await run({ type: 'pairwise' }, 'NEW', { judge: judgeOf('A', 'B') });
    expect(result).toMatchObject({ pass: false, error: true });
  });
  it('errors on a malformed verdict in either order', async () => {
    const judge = new ScriptedJudge((user) =>
      user.includes('<response_a>\nNEW') ? verdict('A') : 'dunno',
    );
    const result = await run({ type: 'pairwise' }, 'NEW', { judge, baselineOutput: 'OLD' });
    expect(result).toMatchObject({ pass: false, error: true });
  });
});

describe('assertion lists', () => {
  it('accepts a list, { assertions: [...] }, one object, or nothing', () => {
    const source = { file: FILE };
    expect(parseAssertionList([{ type: 'contains', value: 'a' }], source)).toHaveLength(1);
    expect(parseAssertionList({ assertions: [{ type: 'is-json' }] }, source)).toHaveLength(1);
    expect(parseAssertionList({ type: 'is-json' }, source)).toHaveLength(1);
    expect(parseAssertionList(null, source)).toEqual([]);
    expect(parseAssertionList('', source)).toEqual([]);
  });
  it('carries weights', async () => {
    expect((await run({ type: 'is-json', weight: 3 }, '1')).weight).toBe(3);
    expect((await run({ type: 'is-json' }, '1')).weight).toBe(1);
  });
});
