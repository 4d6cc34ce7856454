import { describe, expect, it } from '@jest/globals';
import {
  DataError,
  parseAssertionText,
  parsePromptTemplate,
  renderPrompt,
  renderTemplate,
  templateFields,
} from '@modelgate/core';

describe('parsePromptTemplate', () => {
  it('reads messages', () => {
    const t = parsePromptTemplate(
      'messages:\n  - role: system\n    content: Be brief.\n  - role: user\n    content: "Q: {{question}}"\n',
      'p.yaml',
    );
    expect(t.messages).toEqual([
      { role: 'system', content: 'Be brief.' },
      { role: 'user', content: 'Q: {{question}}' },
    ]);
  });
  it('reads system and user', () => {
    expect(parsePromptTemplate('{"system": "S", "user": "U"}', 'p.json').messages).toEqual([
      { role: 'system', content: 'S' },
      { role: 'user', content: 'U' },
    ]);
    expect(parsePromptTemplate('user: U', 'p.yaml').messages).toEqual([
      { role: 'user', content: 'U' },
    ]);
  });
  it('reads a plain text prompt as one user message', () => {
    expect(parsePromptTemplate('Translate: {{text}}\n', 'p.txt').messages).toEqual([
      { role: 'user', content: 'Translate: {{text}}\n' },
    ]);
  });
  it.each([
    ['messages: []', /messages/],
    ['messages:\n  - role: robot\n    content: x', /role/],
    ['system: S', /malformed/],
    ['user: U\nextra: 1', /malformed/],
    ['', /is empty/],
    ['a: [unclosed', /not valid YAML or JSON/],
  ])('rejects %j naming the file', (text, message) => {
    expect(() => parsePromptTemplate(text, 'prompts/bad.yaml')).toThrow(message);
    try {
      parsePromptTemplate(text, 'prompts/bad.yaml');
    } catch (err) {
      expect(err).toBeInstanceOf(DataError);
      expect((err as DataError).location?.file).toBe('prompts/bad.yaml');
    }
  });
});

describe('renderTemplate', () => {
  const site = { caseId: 'q17', what: 'the prompt file p.yaml', file: 'p.yaml' };
  it.each([
    ['Q: {{question}}', { question: 'Why?' }, 'Q: Why?'],
    ['{{ question }}/{{question}}', { question: 'a' }, 'a/a'],
    ['{{n}} {{b}} {{none}}', { n: 3, b: false, none: null }, '3 false '],
    ['{{obj}}', { obj: { a: [1] } }, '{"a":[1]}'],
    ['{{meta.lang}}', { meta: { lang: 'fr' } }, 'fr'],
    ['{{a.b}}', { 'a.b': 'dotted column' }, 'dotted column'],
    ['no placeholders', {}, 'no placeholders'],
    ['{{x}}', { x: 'has {{y}} inside' }, 'has {{y}} inside'],
  ])('%j with %j → %j', (text, row, out) => {
    expect(renderTemplate(text, row, site)).toBe(out);
  });
  it('names the case and the field when the row lacks it', () => {
    expect(() => renderTemplate('{{question}}', { q: 1 }, site)).toThrow(
      'Case "q17": the prompt file p.yaml uses {{question}}, but the row has no field "question".',
    );
  });
  it('lists the fields a template uses', () => {
    expect(templateFields('{{a}} {{ b }} {{a}}')).toEqual(['a', 'b']);
  });
  it('renders every message of a prompt', () => {
    const t = parsePromptTemplate('system: Answer in {{lang}}.\nuser: "{{q}}"', 'p.yaml');
    expect(renderPrompt(t, { lang: 'French', q: 'Hi' }, 'c1', 'p.yaml')).toEqual([
      { role: 'system', content: 'Answer in French.' },
      { role: 'user', content: 'Hi' },
    ]);
  });
});

describe('parseAssertionText', () => {
  it('reads YAML and JSON cells', () => {
    expect(parseAssertionText('- type: contains\n  value: a', { file: 'f' })).toHaveLength(1);
    expect(parseAssertionText('[{"type": "is-json"}]', { file: 'f' })).toHaveLength(1);
  });
  it('names the file and line of a YAML syntax error', () => {
    try {
      parseAssertionText('assertions:\n  - type: [unclosed', { file: 'asserts.yaml' });
      throw new Error('no error');
    } catch (err) {
      expect(err).toBeInstanceOf(DataError);
      expect((err as DataError).location?.file).toBe('asserts.yaml');
      expect((err as DataError).location?.line).toBeGreaterThan(0);
    }
  });
  it('names the case of a malformed cell', () => {
    expect(() =>
      parseAssertionText('[{"type": "contains", "valeu": 1}]', {
        file: 'data.jsonl',
        line: 4,
        caseId: 'x9',
      }),
    ).toThrow(/^Case "x9": assertion 1 \(contains\) is malformed/);
  });
});
