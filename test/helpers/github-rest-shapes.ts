/**
 * REST response bodies of the loopback GitHub server, made from the examples in GitHub's
 * OpenAPI description: each body starts as GitHub's own example of that resource, and only what
 * the server knows (ids, numbers, shas, names, logins, times, URLs) is changed. A field that
 * GitHub always sends is then there, and none that it never sends; {@link GitHubOpenApi} checks
 * the result against the schema on every response.
 */
import type { GitHubOpenApi } from './github-openapi';

type JsonObject = Record<string, unknown>;

/** Where the server answers: the REST base URL and the web URL that `html_url`s use. */
export interface ShapeContext {
  readonly api: GitHubOpenApi;
  /** e.g. `http://127.0.0.1:1234` or `http://127.0.0.1:1234/api/v3`. */
  readonly apiUrl: string;
}

const GITHUB_API = 'https://api.github.com';
const GITHUB_WEB = 'https://github.com';

/** Every string in `value` with `from` replaced by `to` (examples name their owner/repo in URLs). */
function replaceInStrings<T>(value: T, from: string, to: string): T {
  if (typeof value === 'string') return value.split(from).join(to) as T;
  if (Array.isArray(value)) return value.map((v: unknown) => replaceInStrings(v, from, to)) as T;
  if (value !== null && typeof value === 'object') {
    return Object.fromEntries(
      Object.entries(value).map(([k, v]) => [k, replaceInStrings(v, from, to)]),
    ) as T;
  }
  return value;
}

/** The example's API host swapped for the server's. */
function onServer<T>(ctx: ShapeContext, value: T): T {
  return replaceInStrings(value, GITHUB_API, ctx.apiUrl);
}

/** A stable positive id for a name (users and repositories have ids; the server has none). */
function idOf(name: string): number {
  let h = 7;
  for (const ch of name) h = (h * 31 + ch.charCodeAt(0)) % 2_000_000_000;
  return h + 1;
}

/** A `simple-user`: the example's octocat renamed. Logins ending in `[bot]` are bots. */
export function userJson(ctx: ShapeContext, login: string): JsonObject {
  const example = ctx.api.example('issue-comment').user as JsonObject;
  const user = onServer(ctx, replaceInStrings(example, '/octocat', `/${login}`));
  const id = login === 'github-actions[bot]' ? 41898282 : idOf(login);
  return {
    ...user,
    login,
    id,
    node_id: `${login.endsWith('[bot]') ? 'BOT' : 'U'}_kgDO${id}`,
    avatar_url: `https://avatars.githubusercontent.com/u/${id}?v=4`,
    type: login.endsWith('[bot]') ? 'Bot' : 'User',
    site_admin: false,
  };
}

/** The comment fields the server keeps. */
export interface CommentFields {
  readonly id: number;
  readonly nodeId: string;
  readonly repo: string;
  readonly issueNumber: number;
  readonly body: string;
  readonly userLogin: string;
  readonly createdAt: string;
  readonly updatedAt: string;
}

/** An `issue-comment` (list, create, update). */
export function issueCommentJson(ctx: ShapeContext, c: CommentFields): JsonObject {
  return {
    ...ctx.api.example('issue-comment'),
    id: c.id,
    node_id: c.nodeId,
    url: `${ctx.apiUrl}/repos/${c.repo}/issues/comments/${c.id}`,
    html_url: `${GITHUB_WEB}/${c.repo}/pull/${c.issueNumber}#issuecomment-${c.id}`,
    issue_url: `${ctx.apiUrl}/repos/${c.repo}/issues/${c.issueNumber}`,
    body: c.body,
    user: userJson(ctx, c.userLogin),
    created_at: c.createdAt,
    updated_at: c.updatedAt,
    author_association: c.userLogin.endsWith('[bot]') ? 'NONE' : 'CONTRIBUTOR',
  };
}

/** A `repository` as a pull request's `head.repo`/`base.repo` shows it. */
function repositoryJson(ctx: ShapeContext, example: JsonObject, fullName: string, fork: boolean) {
  const [owner = '', name = ''] = fullName.split('/');
  const repo = onServer(ctx, replaceInStrings(example, 'octocat/Hello-World', fullName));
  return {
    ...repo,
    id: idOf(fullName),
    node_id: `R_kgDO${idOf(fullName)}`,
    name,
    full_name: fullName,
    owner: userJson(ctx, owner),
    fork,
  };
}

/** The pull request fields the server keeps. */
export interface PullFields {
  readonly repo: string;
  readonly number: number;
  readonly state: 'open' | 'closed';
  readonly headSha: string;
  readonly headRef: string;
  readonly headRepo: string | null;
  readonly baseSha: string;
  readonly baseRef: string;
}

/** A `pull-request` (GET a pull request); `head.repo` is null when the fork was deleted. */
export function pullRequestJson(ctx: ShapeContext, p: PullFields): JsonObject {
  const example = ctx.api.example('pull-request');
  const head = example.head as JsonObject;
  const base = example.base as JsonObject;
  const pull = onServer(
    ctx,
    replaceInStrings(
      replaceInStrings(example, 'octocat/Hello-World', p.repo),
      '/1347',
      `/${p.number}`,
    ),
  );
  const headOwner = (p.headRepo ?? p.repo).split('/')[0]!;
  const baseOwner = p.repo.split('/')[0]!;
  return {
    ...pull,
    id: idOf(`${p.repo}#${p.number}`),
    node_id: `PR_kwDO${idOf(`${p.repo}#${p.number}`)}`,
    number: p.number,
    state: p.state,
    title: `PR #${p.number}`,
    // The example's team lacks the `type` that its schema requires; no team is asked here.
    requested_teams: [],
    ...(p.state === 'closed' && { closed_at: pull.updated_at }),
    head: {
      ...head,
      label: `${headOwner}:${p.headRef}`,
      ref: p.headRef,
      sha: p.headSha,
      user: userJson(ctx, headOwner),
      repo:
        p.headRepo === null
          ? null
          : repositoryJson(ctx, head.repo as JsonObject, p.headRepo, p.headRepo !== p.repo),
    },
    base: {
      ...base,
      label: `${baseOwner}:${p.baseRef}`,
      ref: p.baseRef,
      sha: p.baseSha,
      user: userJson(ctx, baseOwner),
      repo: repositoryJson(ctx, base.repo as JsonObject, p.repo, false),
    },
  };
}

/** A `commit-comparison` whose merge-base commit is `mergeBaseSha`. */
export function comparisonJson(
  ctx: ShapeContext,
  repo: string,
  basehead: string,
  mergeBaseSha: string,
): JsonObject {
  const example = onServer(
    ctx,
    replaceInStrings(
      replaceInStrings(ctx.api.example('commit-comparison'), 'octocat/Hello-World', repo),
      'master...topic',
      basehead,
    ),
  );
  const mergeBase = example.merge_base_commit as JsonObject;
  return {
    ...example,
    merge_base_commit: replaceInStrings(mergeBase, mergeBase.sha as string, mergeBaseSha),
  };
}

/** The run fields the server keeps. */
export interface RunFields {
  readonly id: number;
  readonly repo: string;
  readonly workflowId: number;
  readonly workflowPath: string;
  readonly headSha: string;
  readonly headBranch: string | null;
  readonly event: string;
  readonly status: string;
  readonly conclusion: string | null;
  readonly createdAt: string;
}

/** A `workflow-run` (in the list of a workflow's runs). */
export function workflowRunJson(ctx: ShapeContext, r: RunFields): JsonObject {
  const example = ctx.api.example('workflow-run');
  const moved = onServer(
    ctx,
    replaceInStrings(
      replaceInStrings(example, 'octo-org/octo-repo', r.repo),
      `/runs/${example.id as number}`,
      `/runs/${r.id}`,
    ),
  );
  const owner = userJson(ctx, r.repo.split('/')[0]!);
  return {
    ...moved,
    id: r.id,
    name: 'CI',
    node_id: `WFR_kwLO${r.id}`,
    head_branch: r.headBranch,
    head_sha: r.headSha,
    path: r.workflowPath,
    run_number: r.id % 1000,
    run_attempt: 1,
    event: r.event,
    status: r.status,
    conclusion: r.conclusion,
    workflow_id: r.workflowId,
    workflow_url: `${ctx.apiUrl}/repos/${r.repo}/actions/workflows/${r.workflowId}`,
    html_url: `${GITHUB_WEB}/${r.repo}/actions/runs/${r.id}`,
    created_at: r.createdAt,
    updated_at: r.createdAt,
    run_started_at: r.createdAt,
    referenced_workflows: [],
    head_commit: { ...(moved.head_commit as JsonObject), id: r.headSha },
    repository: minimalRepository(ctx, moved.repository as JsonObject, r.repo, owner),
    head_repository: minimalRepository(ctx, moved.head_repository as JsonObject, r.repo, owner),
  };
}

function minimalRepository(
  ctx: ShapeContext,
  example: JsonObject,
  fullName: string,
  owner: JsonObject,
): JsonObject {
  const [, name = ''] = fullName.split('/');
  return {
    ...onServer(ctx, replaceInStrings(example, String(example.full_name), fullName)),
    id: idOf(fullName),
    node_id: `R_kgDO${idOf(fullName)}`,
    name,
    full_name: fullName,
    owner,
  };
}

/** The artifact fields the server keeps. */
export interface ArtifactFields {
  readonly id: number;
  readonly repo: string;
  readonly name: string;
  readonly size: number;
  readonly digest: string | undefined;
  readonly createdAt: string;
  readonly expiresAt: string | undefined;
  readonly run: {
    readonly id: number;
    readonly headBranch: string | null;
    readonly headSha: string;
  };
}

/** An `artifact` (in the list of a run's artifacts). */
export function artifactJson(ctx: ShapeContext, a: ArtifactFields): JsonObject {
  const example = ctx.api.example('artifact');
  const repoId = idOf(a.repo);
  const workflowRun: JsonObject = {
    id: a.run.id,
    repository_id: repoId,
    head_repository_id: repoId,
    head_sha: a.run.headSha,
  };
  // `head_branch` is a string when present: a run with no branch (a tag) leaves it out.
  if (a.run.headBranch !== null) workflowRun.head_branch = a.run.headBranch;
  return {
    ...example,
    id: a.id,
    node_id: `MDg6QXJ0aWZhY3Q${a.id}`,
    name: a.name,
    size_in_bytes: a.size,
    url: `${ctx.apiUrl}/repos/${a.repo}/actions/artifacts/${a.id}`,
    archive_download_url: `${ctx.apiUrl}/repos/${a.repo}/actions/artifacts/${a.id}/zip`,
    expired: false,
    created_at: a.createdAt,
    updated_at: a.createdAt,
    expires_at: a.expiresAt ?? null,
    digest: a.digest ?? null,
    workflow_run: workflowRun,
  };
}
