import { getOctokit } from '@actions/github';
import { retry } from '@octokit/plugin-retry';
import { throttling } from '@octokit/plugin-throttling';
import { GITHUB_LOGIN_PATTERN, GitHubApiError, getErrorMessage } from '@modelgate/core';
import type {
  GitHubClient,
  IssueComment,
  PullRequestInfo,
  RepoRef,
  RunArtifact,
  WorkflowRun,
} from './github';
import { redactSecrets, registerSecret } from './secrets';

/** Options of {@link createGitHubClient}. */
export interface GitHubClientOptions {
  /** A token: `GITHUB_TOKEN` or a PAT. It is masked in the log as soon as the client is made. */
  readonly token: string;
  /** The REST base URL; defaults to `env.GITHUB_API_URL`, then `https://api.github.com`. */
  readonly baseUrl?: string;
  /** The environment to read `GITHUB_API_URL` and `GITHUB_GRAPHQL_URL` from; `process.env` by default. */
  readonly env?: Readonly<Record<string, string | undefined>>;
  /** Where retries and rate-limit waits are logged; `console.warn`-like. Defaults to stderr lines. */
  readonly log?: (message: string) => void;
  /** Where details worth only a debug line go (e.g. why the viewer query failed); dropped by default. */
  readonly debug?: (message: string) => void;
  /**
   * Masks a secret in the log; by default {@link registerSecret}, which also replaces it by `***`
   * in every output of the process.
   */
  readonly mask?: (secret: string) => void;
  /**
   * Retries of server errors (5xx, network): how many (default 3) and the base wait in ms
   * (default 1000; the n-th retry waits base × n²). Rate limits are retried at most twice.
   */
  readonly retry?: { readonly retries?: number; readonly baseMs?: number };
}

/** How many times a rate-limited request is retried (primary or secondary limit). */
const RATE_LIMIT_RETRIES = 2;

/** The call being made, for error messages: what it does and the permission it needs. */
interface Call {
  readonly what: string;
  readonly permission: string;
}

/**
 * Makes the real {@link GitHubClient} over `@actions/github`'s octokit, with retries of server
 * errors (`@octokit/plugin-retry`) and rate-limit handling (`@octokit/plugin-throttling`). The
 * octokit is built here, never at import. The REST URL is `baseUrl`, else `GITHUB_API_URL`,
 * else github.com; GraphQL goes to `GITHUB_GRAPHQL_URL` when the REST URL came from the
 * environment, else to the URL octokit derives (`/api/graphql` on GHES, `/graphql` otherwise).
 * Every failure is thrown as a `GitHubApiError` with the HTTP status and a hint. Comment bodies
 * are sent with the registered secrets replaced by `***` (`secrets.ts`).
 */
export function createGitHubClient(options: GitHubClientOptions): GitHubClient {
  const env = options.env ?? process.env;
  const log =
    options.log ?? ((message: string) => process.stderr.write(`${redactSecrets(message)}\n`));
  const debug = options.debug ?? (() => undefined);
  const { token } = options;
  if (!token) {
    throw new GitHubApiError('No GitHub token was given.', {
      hint: 'Pass `github-token: ${{ github.token }}` (the default) or a PAT.',
    });
  }
  (options.mask ?? registerSecret)(token);
  const baseUrl = (options.baseUrl ?? env.GITHUB_API_URL ?? 'https://api.github.com').replace(
    /\/+$/,
    '',
  );
  const graphqlUrl =
    options.baseUrl === undefined && env.GITHUB_API_URL && env.GITHUB_GRAPHQL_URL
      ? env.GITHUB_GRAPHQL_URL
      : undefined;
  const retries = options.retry?.retries ?? 3;
  const octokit = getOctokit(
    token,
    {
      baseUrl,
      log: {
        debug: () => undefined,
        info: () => undefined,
        warn: (message: string) => log(message),
        error: (message: string) => log(message),
      },
      retry: {
        enabled: retries > 0,
        retries,
        retryAfterBaseValue: options.retry?.baseMs ?? 1000,
        // 429 and 403 rate limits are the throttling plugin's; retrying them here too would
        // wait twice and ignore Retry-After.
        doNotRetry: [400, 401, 403, 404, 410, 422, 429, 451],
      },
      throttle: {
        onRateLimit: (
          retryAfter: number,
          request: { method: string; url: string },
          _o: unknown,
          retryCount: number,
        ) => {
          log(
            `GitHub rate limit hit on ${request.method} ${request.url}; retry ${retryCount + 1} of ${RATE_LIMIT_RETRIES} in ${retryAfter}s.`,
          );
          return retryCount < RATE_LIMIT_RETRIES;
        },
        onSecondaryRateLimit: (
          retryAfter: number,
          request: { method: string; url: string },
          _o: unknown,
          retryCount: number,
        ) => {
          log(
            `GitHub secondary rate limit hit on ${request.method} ${request.url}; retry ${retryCount + 1} of ${RATE_LIMIT_RETRIES} in ${retryAfter}s.`,
          );
          return retryCount < RATE_LIMIT_RETRIES;
        },
      },
    },
    retry,
    throttling,
  );

  let viewerOctokit: typeof octokit | undefined;

  const call = async <T>(c: Call, fn: () => Promise<T>): Promise<T> => {
    try {
      return await fn();
    } catch (err) {
      throw toGitHubApiError(err, c, baseUrl, token);
    }
  };

  return {
    listIssueComments: (repo, issueNumber) =>
      call(
        {
          what: `list the comments of #${issueNumber} in ${slug(repo)}`,
          permission: 'pull-requests: read',
        },
        async () => {
          const comments = await octokit.paginate(octokit.rest.issues.listComments, {
            ...repo,
            issue_number: issueNumber,
            per_page: 100,
          });
          return comments.map(toComment);
        },
      ),

    createIssueComment: (repo, issueNumber, body) =>
      call(
        { what: `comment on #${issueNumber} in ${slug(repo)}`, permission: 'pull-requests: write' },
        async () => {
          const { data } = await octokit.rest.issues.createComment({
            ...repo,
            issue_number: issueNumber,
            body: redactSecrets(body),
          });
          return toComment(data);
        },
      ),

    updateIssueComment: (repo, commentId, body) =>
      call(
        {
          what: `update comment ${commentId} in ${slug(repo)}`,
          permission: 'pull-requests: write',
        },
        async () => {
          const { data } = await octokit.rest.issues.updateComment({
            ...repo,
            comment_id: commentId,
            body: redactSecrets(body),
          });
          return toComment(data);
        },
      ),

    deleteIssueComment: (repo, commentId) =>
      call(
        {
          what: `delete comment ${commentId} in ${slug(repo)}`,
          permission: 'pull-requests: write',
        },
        async () => {
          await octokit.rest.issues.deleteComment({ ...repo, comment_id: commentId });
        },
      ),

    minimizeComment: (nodeId, classifier) =>
      call({ what: `minimise comment ${nodeId}`, permission: 'pull-requests: write' }, async () => {
        // The object form, because octokit refuses `url` next to a query string.
        await octokit.graphql({
          query: `mutation($subjectId: ID!, $classifier: ReportedContentClassifiers!) {
            minimizeComment(input: { subjectId: $subjectId, classifier: $classifier }) {
              minimizedComment { isMinimized }
            }
          }`,
          subjectId: nodeId,
          classifier,
          ...(graphqlUrl !== undefined && { url: graphqlUrl }),
        });
      }),

    getPullRequest: (repo, pullNumber) =>
      call(
        {
          what: `read pull request #${pullNumber} of ${slug(repo)}`,
          permission: 'pull-requests: read',
        },
        async () => {
          const { data } = await octokit.rest.pulls.get({ ...repo, pull_number: pullNumber });
          const info: PullRequestInfo = {
            number: data.number,
            headSha: data.head.sha,
            baseRef: data.base.ref,
            baseSha: data.base.sha,
            state: data.state,
            fromFork: data.head.repo?.full_name !== data.base.repo.full_name,
          };
          return info;
        },
      ),

    getMergeBase: (repo, base, head) =>
      call(
        { what: `compare ${base}...${head} in ${slug(repo)}`, permission: 'contents: read' },
        async () => {
          const { data } = await octokit.rest.repos.compareCommitsWithBasehead({
            ...repo,
            basehead: `${base}...${head}`,
            per_page: 1,
          });
          return data.merge_base_commit.sha;
        },
      ),

    listWorkflowRuns: (repo, workflow, filter) =>
      call(
        {
          what: `list the runs of workflow ${workflow} in ${slug(repo)}`,
          permission: 'actions: read',
        },
        async () => {
          const maxRuns = filter.maxRuns ?? 100;
          const runs: WorkflowRun[] = [];
          if (maxRuns <= 0) return runs;
          const iterator = octokit.paginate.iterator(octokit.rest.actions.listWorkflowRuns, {
            ...repo,
            workflow_id: /^\d+$/.test(workflow) ? Number(workflow) : workflow,
            per_page: Math.min(100, maxRuns),
            ...(filter.branch !== undefined && { branch: filter.branch }),
            ...(filter.status !== undefined && { status: filter.status as 'completed' }),
            ...(filter.event !== undefined && { event: filter.event }),
            ...(filter.headSha !== undefined && { head_sha: filter.headSha }),
          });
          for await (const page of iterator) {
            for (const run of page.data) {
              runs.push({
                id: run.id,
                headSha: run.head_sha,
                headBranch: run.head_branch,
                event: run.event,
                status: run.status,
                conclusion: run.conclusion,
                createdAt: run.created_at,
                htmlUrl: run.html_url,
                workflowId: run.workflow_id,
              });
              if (runs.length >= maxRuns) return runs;
            }
          }
          return runs;
        },
      ),

    listRunArtifacts: (repo, runId) =>
      call(
        {
          what: `list the artifacts of run ${runId} in ${slug(repo)}`,
          permission: 'actions: read',
        },
        async () => {
          const artifacts = await octokit.paginate(octokit.rest.actions.listWorkflowRunArtifacts, {
            ...repo,
            run_id: runId,
            per_page: 100,
          });
          return artifacts.map((a): RunArtifact => ({
            id: a.id,
            name: a.name,
            sizeInBytes: a.size_in_bytes,
            expired: a.expired,
            createdAt: a.created_at,
            workflowRunId: a.workflow_run?.id,
          }));
        },
      ),

    viewerLogin: async () => {
      const c = { what: "learn the token's login (GraphQL viewer)", permission: 'none' };
      // The query only reads, but plugin-throttling spaces every GraphQL request as a write (one a
      // second, across the process), so the comment write after it would wait up to a second.
      // It goes through an octokit with the same retries of server errors and no throttling.
      viewerOctokit ??= getOctokit(
        token,
        {
          baseUrl,
          log: octokit.log,
          retry: {
            enabled: retries > 0,
            retries,
            retryAfterBaseValue: options.retry?.baseMs ?? 1000,
            doNotRetry: [400, 401, 403, 404, 410, 422, 429, 451],
          },
        },
        retry,
      );
      try {
        const data = await viewerOctokit.graphql<{ viewer?: { login?: unknown } | null }>({
          query: 'query { viewer { login } }',
          ...(graphqlUrl !== undefined && { url: graphqlUrl }),
        });
        const login = data.viewer?.login;
        if (typeof login === 'string' && GITHUB_LOGIN_PATTERN.test(login)) return login;
        debug(
          `GitHub answered the viewer query without a usable login (${(JSON.stringify(login) ?? 'none').slice(0, 120)}).`,
        );
        return undefined;
      } catch (err) {
        debug(toGitHubApiError(err, c, baseUrl, token).message);
        return undefined;
      }
    },
  };
}

function slug(repo: RepoRef): string {
  return `${repo.owner}/${repo.repo}`;
}

interface RestComment {
  id: number;
  node_id: string;
  body?: string;
  html_url: string;
  user: { login: string } | null;
  created_at: string;
  updated_at: string;
}

function toComment(c: RestComment): IssueComment {
  return {
    id: c.id,
    nodeId: c.node_id,
    body: c.body ?? '',
    htmlUrl: c.html_url,
    userLogin: c.user?.login,
    createdAt: c.created_at,
    updatedAt: c.updated_at,
  };
}

/** The shape of octokit's RequestError and GraphqlResponseError, read defensively. */
interface OctokitFailure {
  status?: unknown;
  message?: unknown;
  response?: { data?: unknown; headers?: Record<string, string | undefined> };
  errors?: unknown;
}

/**
 * Turns an octokit failure into a `GitHubApiError` that names the call, the status and GitHub's
 * message, with a hint that says what to fix. The token never appears in the message.
 */
function toGitHubApiError(err: unknown, c: Call, baseUrl: string, token: string): GitHubApiError {
  if (err instanceof GitHubApiError) return err;
  const failure = (typeof err === 'object' && err !== null ? err : {}) as OctokitFailure;
  // octokit reports a network failure (no response at all) as status 500: tell them apart.
  const status =
    typeof failure.status === 'number' && failure.response !== undefined
      ? failure.status
      : undefined;
  const graphqlErrors = Array.isArray(failure.errors)
    ? (failure.errors as { type?: unknown; message?: unknown }[])
    : [];
  const apiMessage = messageOf(failure) ?? getErrorMessage(err);
  const redact = (text: string): string => (token ? text.split(token).join('***') : text);
  const graphqlType = graphqlErrors.find((e) => typeof e.type === 'string')?.type;

  let hint: string;
  let effectiveStatus = status;
  if (graphqlType === 'FORBIDDEN') effectiveStatus = 403;
  if (graphqlType === 'NOT_FOUND') effectiveStatus = 404;
  switch (effectiveStatus) {
    case 401:
      hint =
        'The token is missing, expired or invalid; pass `github-token: ${{ github.token }}` or a valid PAT.';
      break;
    case 403:
      hint = /rate limit/i.test(apiMessage)
        ? 'GitHub rate-limited the token even after retries; re-run the job later, or use a token with a higher limit.'
        : `The token lacks the permission \`${c.permission}\`: add it under \`permissions:\` in the workflow. On pull requests from forks the token is read-only; run this step from a \`workflow_run\` or \`pull_request_target\` workflow instead.`;
      break;
    case 404:
      hint =
        'Check the repository, number or name; a token that cannot see a private repository also gets 404.';
      break;
    case 422:
      hint = 'GitHub rejected the request as invalid; the message above says which field.';
      break;
    case 429:
      hint = 'GitHub rate-limited the token even after retries; re-run the job later.';
      break;
    case undefined:
      hint =
        graphqlErrors.length > 0
          ? 'GitHub answered the GraphQL request with the error above.'
          : `Could not reach ${baseUrl}; check GITHUB_API_URL and the network.`;
      break;
    default:
      hint =
        effectiveStatus >= 500
          ? 'GitHub kept failing after retries; re-run the job, and check https://www.githubstatus.com.'
          : 'See the GitHub message above.';
  }
  const statusText =
    effectiveStatus === undefined ? 'failed' : `failed with HTTP ${effectiveStatus}`;
  return new GitHubApiError(redact(`Could not ${c.what}: GitHub ${statusText}: ${apiMessage}.`), {
    ...(effectiveStatus !== undefined && { status: effectiveStatus }),
    hint,
    cause: err,
  });
}

function messageOf(failure: OctokitFailure): string | undefined {
  const data = failure.response?.data;
  if (typeof data === 'object' && data !== null) {
    const message = (data as { message?: unknown }).message;
    if (typeof message === 'string' && message !== '') return message.replace(/\.$/, '');
  }
  if (Array.isArray(failure.errors)) {
    const first = (failure.errors as { message?: unknown }[]).find(
      (e) => typeof e.message === 'string',
    );
    if (first) return String(first.message).replace(/\.$/, '');
  }
  if (typeof failure.message === 'string')
    return failure.message.replace(/ - https:\/\/docs\.github\.com\S*$/, '').replace(/\.$/, '');
  return undefined;
}
