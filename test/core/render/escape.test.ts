import { describe, expect, it } from '@jest/globals';
import { codeSpan, escapeHtml, escapeMarkdown, escapeTableCell, truncate } from '@modelgate/core';

const Z = '&#8203;';

describe('escapeMarkdown', () => {
  it.each([
    ['plain words', 'accuracy on test', 'accuracy on test'],
    ['HTML tags', '<img src=x onerror=alert(1)>', '&lt;img src=x onerror=alert\\(1\\)&gt;'],
    ['ampersands', 'a & b &amp;', 'a &amp; b &amp;amp;'],
    ['emphasis and code', '*bold* _it_ `code`', '\\*bold\\* \\_it\\_ \\`code\\`'],
    ['links and images', '![x](http://e.vil)', `\\!\\[x\\]\\(http:${Z}//e.vil\\)`],
    ['table pipes', 'a|b', 'a\\|b'],
    ['math', '$x^2$', '\\$x\\^2\\$'],
    ['newlines', 'line1\nline2\r\n\tline3', 'line1 line2 line3'],
    ['a leading list marker', '- item', '\\- item'],
    ['a leading ordered list', '1. item', '1\\. item'],
    ['a heading', '# Title', `#${Z} Title`],
    ['a mention', 'ping @octocat and @org/team', `ping @${Z}octocat and @${Z}org/team`],
    ['an issue reference', 'fixes #123 and o/r#7', `fixes #${Z}123 and o/r#${Z}7`],
    ['a GH reference', 'see GH-42 and gh-1', `see GH${Z}-42 and gh${Z}-1`],
    ['a www link', 'www.example.com', `www${Z}.example.com`],
    ['bidi overrides', 'abc\u202edef', 'abcdef'],
  ])('escapes %s', (_name, input, expected) => {
    expect(escapeMarkdown(input)).toBe(expected);
  });

  it('does not break the entities it writes itself', () => {
    expect(escapeMarkdown('<#1>')).toBe(`&lt;#${Z}1&gt;`);
    expect(escapeMarkdown('&#123;')).toBe(`&amp;#${Z}123;`);
  });

  it('cuts long text to maxLength code points with an ellipsis', () => {
    const out = escapeMarkdown('x'.repeat(1000), { maxLength: 10 });
    expect(out).toBe(`${'x'.repeat(9)}…`);
  });

  it('cuts at the default length', () => {
    expect(Array.from(escapeMarkdown('y'.repeat(5000))).length).toBe(300);
  });
});

describe('truncate', () => {
  it.each([
    ['abc', 5, 'abc'],
    ['abcdef', 4, 'abc…'],
    ['😀😀😀😀', 3, '😀😀…'],
    ['abc', 0, ''],
    ['abc', Infinity, 'abc'],
  ])('truncate(%j, %d) is %j', (text, max, expected) => {
    expect(truncate(text, max)).toBe(expected);
  });
});

describe('escapeTableCell', () => {
  it('cuts shorter by default and escapes pipes', () => {
    const out = escapeTableCell(`a|${'b'.repeat(200)}`);
    expect(out.startsWith('a\\|')).toBe(true);
    expect(out.endsWith('…')).toBe(true);
    expect(out.length).toBeLessThan(90);
  });
});

describe('escapeHtml', () => {
  it('escapes quotes for attributes and breaks mentions', () => {
    expect(escapeHtml(`"x" 'y' <b> @u #1`)).toBe(
      `&quot;x&quot; &#39;y&#39; &lt;b&gt; @${Z}u #${Z}1`,
    );
  });
});

describe('codeSpan', () => {
  it('survives backticks and pipes', () => {
    expect(codeSpan('a`b|c')).toBe('<code>a\\`b\\|c</code>');
  });
});
