import { z } from 'zod';
import {
  COMMENT_KEY_PATTERN,
  GITHUB_LOGIN_PATTERN,
  InputError,
  reportSchemas,
} from '@modelgate/core';
import type { CommentMode, ReportKind } from '@modelgate/core';
import type { ExpectedReports } from './collect';
import { inputOr, optionalInput, spec } from '@modelgate/runner';
import type { InputGetter } from '@modelgate/runner';

/** A token: registered as a secret when read (masked in the log, redacted from every output). */
const GITHUB_TOKEN = spec.secret('a GitHub token, e.g. ${{ github.token }}');

/** The inputs of pr-summary, by their public kebab-case names. */
export const Input = {
  Reports: 'reports',
  Artifacts: 'artifacts',
  RunId: 'run-id',
  Mode: 'mode',
  CommentKey: 'comment-key',
  CommentMode: 'comment-mode',
  CommentAuthor: 'comment-author',
  SkipUnchanged: 'skip-unchanged',
  FailOn: 'fail-on',
  GitHubToken: 'github-token',
  PrNumber: 'pr-number',
  Title: 'title',
  MarkdownPath: 'markdown-path',
  ExpectedReports: 'expected-reports',
} as const;

/** The outputs of pr-summary. */
export const Output = {
  CommentId: 'comment-id',
  CommentUrl: 'comment-url',
  Status: 'status',
  Markdown: 'markdown',
} as const;

/** `comment`: render and post (or hand off on forks); `publish`: post a fork's handed-off comment. */
export type Mode = 'comment' | 'publish';

/** Which combined verdict fails the step. */
export type FailOn = 'fail' | 'warn' | 'none';

export interface Inputs {
  /** Report paths or globs; empty when unset. */
  readonly reports: readonly string[];
  /** An artifact name pattern; '' turns artifact downloads off. */
  readonly artifacts: string;
  readonly runId: number | undefined;
  readonly mode: Mode;
  readonly commentKey: string;
  readonly commentMode: CommentMode;
  /**
   * The login whose comments are this action's (`comment-author`); undefined for `auto`, the
   * token's own login.
   */
  readonly commentAuthor: string | undefined;
  readonly skipUnchanged: boolean;
  readonly failOn: FailOn;
  readonly githubToken: string;
  readonly prNumber: number | undefined;
  readonly title: string;
  /** Where the rendered comment is written; relative to the workspace. */
  readonly markdownPath: string;
  /** The reports that must be there before the verdict is final; undefined: any. */
  readonly expectedReports: ExpectedReports | undefined;
}

export const DEFAULT_ARTIFACTS = 'modelgate-*';
/** Who comments with the workflow's GITHUB_TOKEN: `comment-author: auto`'s fallback. */
export const DEFAULT_COMMENT_AUTHOR = 'github-actions[bot]';
export const DEFAULT_MARKDOWN_PATH = 'modelgate-pr-summary.md';

/** Reads and validates every input once. Pure: `get` returns '' for an unset input. */
export function parseInputs(get: InputGetter): Inputs {
  // An explicit empty `artifacts` is not distinguishable from unset; `none` turns downloads off.
  const artifactsRaw = get(Input.Artifacts).trim();
  return {
    reports: inputOr(
      get,
      Input.Reports,
      spec.list('report paths or globs, comma- or newline-separated'),
      [],
    ),
    artifacts:
      artifactsRaw === '' ? DEFAULT_ARTIFACTS : artifactsRaw === 'none' ? '' : artifactsRaw,
    runId: optionalInput(
      get,
      Input.RunId,
      spec.positiveInt('${{ github.event.workflow_run.id }}', Number.MAX_SAFE_INTEGER),
    ),
    mode: inputOr(get, Input.Mode, spec.oneOf(['comment', 'publish']), 'comment'),
    commentKey: inputOr(
      get,
      Input.CommentKey,
      {
        schema: z.string().regex(COMMENT_KEY_PATTERN),
        expect: "1 to 64 letters, digits, '.', '_' or '-', e.g. ml-gate",
      },
      'modelgate',
    ),
    commentMode: inputOr(
      get,
      Input.CommentMode,
      spec.oneOf(['update', 'recreate', 'hide-and-new', 'off']),
      'update',
    ),
    commentAuthor: inputOr(
      get,
      Input.CommentAuthor,
      {
        // A leading '@', as people write logins, is not part of the login.
        schema: z
          .string()
          .transform((s) => s.replace(/^@/, ''))
          .refine((s) => s.toLowerCase() === 'auto' || GITHUB_LOGIN_PATTERN.test(s))
          .transform((s) => (s.toLowerCase() === 'auto' ? undefined : s)),
        expect: 'auto or the login of the account the token comments as, e.g. my-app[bot]',
      },
      undefined,
    ),
    skipUnchanged: inputOr(get, Input.SkipUnchanged, spec.boolean(), false),
    failOn: inputOr(get, Input.FailOn, spec.oneOf(['fail', 'warn', 'none']), 'none'),
    githubToken: inputOr(get, Input.GitHubToken, GITHUB_TOKEN, ''),
    prNumber: optionalInput(get, Input.PrNumber, spec.positiveInt('42', Number.MAX_SAFE_INTEGER)),
    title: inputOr(get, Input.Title, spec.text('a heading, e.g. ML gate'), 'modelgate'),
    markdownPath: inputOr(get, Input.MarkdownPath, spec.text('a file path'), DEFAULT_MARKDOWN_PATH),
    expectedReports: parseExpectedReports(get(Input.ExpectedReports)),
  };
}

const REPORT_KINDS = Object.keys(reportSchemas) as ReportKind[];

/**
 * `expected-reports`: a count of reports (e.g. `4`, for a matrix's shards), or report kinds,
 * comma- or newline-separated (e.g. `data-validation, evaluation, regression, cost`); a kind may
 * be written as its schema id (`modelgate/cost@1`). Undefined when empty. Throws an
 * {@link InputError} naming the value and the kinds known.
 */
export function parseExpectedReports(raw: string): ExpectedReports | undefined {
  const text = raw.trim();
  if (text === '') return undefined;
  if (/^\d+$/.test(text)) {
    const count = Number(text);
    if (count < 1 || count > 10_000) {
      throw new InputError(
        `Input '${Input.ExpectedReports}' is ${text}; a count must be from 1 to 10000.`,
        { hint: 'Give the number of reports to wait for, e.g. 4, or their kinds.' },
      );
    }
    return { count };
  }
  const kinds: ReportKind[] = [];
  for (const item of text.split(/[,\n]/)) {
    const name = item.trim().replace(/^modelgate\/([a-z-]+)@\d+$/, '$1');
    if (name === '') continue;
    if (!(REPORT_KINDS as string[]).includes(name)) {
      throw new InputError(
        `Input '${Input.ExpectedReports}' names '${item.trim()}', which is not a report kind (${REPORT_KINDS.join(', ')}).`,
        {
          hint: 'List report kinds, e.g. `data-validation, evaluation, regression, cost`, or give a count, e.g. 4.',
        },
      );
    }
    if (!kinds.includes(name as ReportKind)) kinds.push(name as ReportKind);
  }
  return { kinds };
}
