import { describe, expect, it } from '@jest/globals';
import { InputError } from '@modelgate/core';
import { Input, parseInputs } from '../../../actions/pr-summary/src/inputs';

const get =
  (values: Record<string, string>) =>
  (name: string): string =>
    values[name] ?? '';

describe('parseInputs', () => {
  it('has the documented defaults', () => {
    expect(parseInputs(get({ [Input.GitHubToken]: 't' }))).toEqual({
      reports: [],
      artifacts: 'modelgate-*',
      runId: undefined,
      mode: 'comment',
      commentKey: 'modelgate',
      commentMode: 'update',
      commentAuthor: undefined,
      skipUnchanged: false,
      failOn: 'none',
      githubToken: 't',
      prNumber: undefined,
      title: 'modelgate',
      markdownPath: 'modelgate-pr-summary.md',
    });
  });

  it('reads every input', () => {
    const inputs = parseInputs(
      get({
        [Input.Reports]: 'a.json\nreports/*.json',
        [Input.Artifacts]: 'none',
        [Input.RunId]: '123',
        [Input.Mode]: 'publish',
        [Input.CommentKey]: 'llm-gate',
        [Input.CommentMode]: 'hide-and-new',
        [Input.CommentAuthor]: 'octo-gate[bot]',
        [Input.SkipUnchanged]: 'true',
        [Input.FailOn]: 'warn',
        [Input.PrNumber]: '9',
        [Input.Title]: 'LLM gate',
        [Input.MarkdownPath]: 'out/c.md',
      }),
    );
    expect(inputs).toMatchObject({
      reports: ['a.json', 'reports/*.json'],
      artifacts: '',
      runId: 123,
      mode: 'publish',
      commentKey: 'llm-gate',
      commentMode: 'hide-and-new',
      commentAuthor: 'octo-gate[bot]',
      skipUnchanged: true,
      failOn: 'warn',
      prNumber: 9,
      title: 'LLM gate',
      markdownPath: 'out/c.md',
    });
  });

  it.each([
    [Input.CommentKey, 'has space', "Input 'comment-key' must be 1 to 64 letters"],
    [
      Input.CommentMode,
      'sometimes',
      "Input 'comment-mode' must be one of update, recreate, hide-and-new, off",
    ],
    [Input.FailOn, 'error', "Input 'fail-on' must be one of fail, warn, none"],
    [Input.PrNumber, '-1', "Input 'pr-number' must be a whole number"],
    [Input.RunId, 'abc', "Input 'run-id' must be a whole number"],
    [Input.Mode, 'post', "Input 'mode' must be one of comment, publish"],
    [Input.SkipUnchanged, 'yes', "Input 'skip-unchanged' must be true or false"],
    [Input.CommentAuthor, 'two logins', "Input 'comment-author' must be auto or the login"],
    [Input.CommentAuthor, 'a,b', "Input 'comment-author' must be auto or the login"],
    [Input.CommentAuthor, '-dash', "Input 'comment-author' must be auto or the login"],
    [Input.CommentAuthor, 'app[bot][bot]', "Input 'comment-author' must be auto or the login"],
  ])('refuses %s = %j, naming the input', (name, value, message) => {
    expect(() => parseInputs(get({ [name]: value }))).toThrow(InputError);
    expect(() => parseInputs(get({ [name]: value }))).toThrow(message);
  });

  it.each([
    ['auto', undefined],
    ['AUTO', undefined],
    ['  auto ', undefined],
    ['github-actions[bot]', 'github-actions[bot]'],
    ['@octo-gate[bot]', 'octo-gate[bot]'],
    ['Jane-Doe', 'Jane-Doe'],
    ['jdoe_acme', 'jdoe_acme'],
  ])("comment-author %j is %j (undefined: the token's own login)", (raw, expected) => {
    expect(parseInputs(get({ [Input.CommentAuthor]: raw })).commentAuthor).toBe(expected);
  });
});
