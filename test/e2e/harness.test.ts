import { describe, expect, it } from '@jest/globals';
import { inputEnvName, parseCommands, parseFileCommand, pullRequestEvent } from './harness';

describe('the e2e harness parsers', () => {
  it.each([
    ['max-accuracy-drop', 'INPUT_MAX-ACCURACY-DROP'],
    ['github-token', 'INPUT_GITHUB-TOKEN'],
    ['my input', 'INPUT_MY_INPUT'],
  ])('names input %s as %s, like the runner', (name, env) => {
    expect(inputEnvName(name)).toBe(env);
  });

  it('reads GITHUB_OUTPUT heredocs and key=value lines', () => {
    const text =
      'echo<<ghadelimiter_1b2c\nline 1\n\nline 3\nghadelimiter_1b2c\nstatus=pass\nempty<<EOF\nEOF\n';
    expect(parseFileCommand(text)).toEqual({ echo: 'line 1\n\nline 3', status: 'pass', empty: '' });
  });

  it('rejects an unterminated heredoc instead of guessing', () => {
    expect(() => parseFileCommand('x<<D\nvalue\n')).toThrow(/Unterminated heredoc/);
  });

  it('reads annotations with escaped properties and data, and masks', () => {
    const stdout = [
      '::add-mask::s3cr%25t',
      '::error file=data/a%2Cb.csv,line=3,col=7,title=Bad%3A row::line one%0Aline two',
      '::warning::100%25 sure',
      '::debug::ignored',
      'plain log',
    ].join('\n');
    expect(parseCommands(stdout)).toEqual({
      masks: ['s3cr%t'],
      annotations: [
        {
          level: 'error',
          message: 'line one\nline two',
          file: 'data/a,b.csv',
          line: 3,
          col: 7,
          title: 'Bad: row',
        },
        { level: 'warning', message: '100% sure' },
      ],
    });
  });

  it('ships a pull_request payload with the fields actions read', () => {
    const { name, payload } = pullRequestEvent();
    expect(name).toBe('pull_request');
    expect(payload.number).toBe(payload.pull_request.number);
    expect(payload.pull_request.head.sha).toMatch(/^[0-9a-f]{40}$/);
    expect(payload.pull_request.base.sha).toMatch(/^[0-9a-f]{40}$/);
    expect(payload.repository.full_name).toBe(
      `${payload.repository.owner.login}/${payload.repository.name}`,
    );
  });
});
