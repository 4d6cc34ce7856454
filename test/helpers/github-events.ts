/**
 * Event payloads as GitHub sends them, for the tests: each starts as one of GitHub's published
 * example payloads (`@octokit/webhooks-examples`) and only what the scenario needs is changed
 * (repository, numbers, shas, refs, a fork); no field is added that GitHub does not send.
 * {@link runnerRefs} gives the `GITHUB_SHA`/`GITHUB_REF`/... that the runner sets beside each.
 *
 * Two events have no example there:
 * - `pull_request_target` carries the `pull_request` payload (GitHub docs, "Events that trigger
 *   workflows" → pull_request_target), but runs in the base branch's context: `GITHUB_SHA` and
 *   `GITHUB_REF` are the base branch's, not the PR's merge commit.
 * - `schedule`'s payload is `{ "schedule": "<cron>" }` (GitHub docs, "Events that trigger
 *   workflows" → schedule, and the `github.event.schedule` context it documents).
 */
import { createRequire } from 'node:module';
import type {
  MergeGroupChecksRequestedEvent,
  PullRequestOpenedEvent,
  PullRequestSynchronizeEvent,
  PushEvent,
  WorkflowDispatchEvent,
  WorkflowRunCompletedEvent,
} from '@octokit/webhooks-types';

/** An event as the runner presents it: `GITHUB_EVENT_NAME` and the payload file's content. */
export interface GitHubEvent<P extends object = object> {
  readonly name: string;
  readonly payload: P;
}

export type PullRequestPayload = PullRequestOpenedEvent | PullRequestSynchronizeEvent;

/** `schedule`: the cron expression that started the run, and nothing else. */
export interface SchedulePayload {
  readonly schedule: string;
}

interface WebhookDefinition {
  readonly name: string;
  readonly examples: readonly Record<string, unknown>[];
}

let definitions: readonly WebhookDefinition[] | undefined;

/** A deep copy of GitHub's example of `name` whose fields satisfy `pick`. */
function example<T>(name: string, pick: (e: Record<string, unknown>) => boolean): T {
  if (!definitions) {
    const require = createRequire(import.meta.url);
    definitions = require('@octokit/webhooks-examples') as WebhookDefinition[];
  }
  const found = definitions.find((d) => d.name === name)?.examples.find(pick);
  if (!found) throw new Error(`@octokit/webhooks-examples has no matching ${name} example.`);
  return structuredClone(found) as T;
}

/** Every string in `value` with `from` replaced by `to`. */
export function replaceInStrings<T>(value: T, from: string, to: string): T {
  if (from === to) return value;
  if (typeof value === 'string') return value.split(from).join(to) as T;
  if (Array.isArray(value)) return value.map((v: unknown) => replaceInStrings(v, from, to)) as T;
  if (value !== null && typeof value === 'object') {
    return Object.fromEntries(
      Object.entries(value).map(([k, v]) => [k, replaceInStrings(v, from, to)]),
    ) as T;
  }
  return value;
}

/**
 * The example moved from its repository `from` (owner/name) to `to`: the full name, the
 * owner's login and the repository name in every field and URL.
 */
function moveRepo<T>(payload: T, from: string, to: string): T {
  const [fromOwner = '', fromName = ''] = from.split('/');
  const [toOwner = '', toName = ''] = to.split('/');
  let moved = replaceInStrings(payload, from, to);
  moved = replaceInStrings(moved, `/${fromOwner}`, `/${toOwner}`);
  const rename = (node: unknown): void => {
    if (Array.isArray(node)) return node.forEach(rename);
    if (node === null || typeof node !== 'object') return;
    const o = node as Record<string, unknown>;
    if (o.login === fromOwner) o.login = toOwner;
    if (o.full_name === to && o.name === fromName) o.name = toName;
    if (typeof o.label === 'string' && o.label.startsWith(`${fromOwner}:`)) {
      o.label = `${toOwner}:${o.label.slice(fromOwner.length + 1)}`;
    }
    Object.values(o).forEach(rename);
  };
  rename(moved);
  return moved;
}

/** The example's repository seen as `fullName`, with GitHub's numeric id changed too. */
function forkRepository<R extends { full_name: string; id: number; fork: boolean }>(
  repo: R,
  fullName: string,
): R {
  const moved = moveRepo(repo, repo.full_name, fullName);
  return { ...moved, id: repo.id + 1, fork: true };
}

/** The defaults: one demo repository and pull request, shared by the e2e tests. */
export const DEMO = {
  repo: 'octo-org/modelgate-demo',
  number: 42,
  headSha: '6dcb09b5b57875f334f61aebed695e2e4193db5e',
  headRef: 'retrain-march',
  baseSha: 'a10867b14bb761a232cd80139fbd4c0d33264240',
  baseRef: 'main',
} as const;

export interface PullRequestOptions {
  readonly repo?: string;
  readonly number?: number;
  readonly headSha?: string;
  readonly headRef?: string;
  readonly baseSha?: string;
  readonly baseRef?: string;
  /** The fork's full name when the head is in a fork (its `head.repo`); same repo otherwise. */
  readonly fork?: string;
  /** `opened` (default) or `synchronize` (a push to the PR). */
  readonly action?: 'opened' | 'synchronize';
  /** `pull_request_target` instead of `pull_request` (same payload, base branch's context). */
  readonly target?: boolean;
}

/** A `pull_request` (or `pull_request_target`) event from GitHub's example. */
export function pullRequestEvent(
  options: PullRequestOptions = {},
): GitHubEvent<PullRequestPayload> {
  const repo = options.repo ?? DEMO.repo;
  const number = options.number ?? DEMO.number;
  const action = options.action ?? 'opened';
  const raw = example<PullRequestPayload>(
    'pull_request',
    (e) =>
      e.action === action && (e.pull_request as { head: { repo: unknown } }).head.repo !== null,
  );
  const oldNumber = raw.number;
  const payload = moveRepo(
    replaceInStrings(
      raw,
      `/${raw.repository.full_name}/pull/${oldNumber}`,
      `/${repo}/pull/${number}`,
    ),
    raw.repository.full_name,
    repo,
  );
  const numbered = replaceInStrings(
    payload,
    `/repos/${repo}/pulls/${oldNumber}`,
    `/repos/${repo}/pulls/${number}`,
  );
  const issueUrls = replaceInStrings(
    numbered,
    `/repos/${repo}/issues/${oldNumber}`,
    `/repos/${repo}/issues/${number}`,
  );
  const pr = issueUrls.pull_request;
  issueUrls.number = number;
  pr.number = number;
  pr.head.sha = options.headSha ?? DEMO.headSha;
  pr.head.ref = options.headRef ?? DEMO.headRef;
  pr.base.sha = options.baseSha ?? DEMO.baseSha;
  pr.base.ref = options.baseRef ?? DEMO.baseRef;
  pr.base.label = `${repo.split('/')[0]}:${pr.base.ref}`;
  if (options.fork !== undefined && pr.head.repo) {
    const forkOwner = options.fork.split('/')[0]!;
    pr.head.repo = forkRepository(pr.head.repo, options.fork);
    pr.head.user = { ...pr.head.repo.owner };
    pr.head.label = `${forkOwner}:${pr.head.ref}`;
  } else {
    pr.head.label = `${repo.split('/')[0]}:${pr.head.ref}`;
  }
  if (issueUrls.action === 'synchronize') {
    issueUrls.after = pr.head.sha;
  }
  return { name: options.target ? 'pull_request_target' : 'pull_request', payload: issueUrls };
}

export interface PushOptions {
  readonly repo?: string;
  /** e.g. `refs/heads/main` (default). */
  readonly ref?: string;
  readonly after?: string;
  readonly before?: string;
}

/** A `push` of a branch from GitHub's example (a push to `refs/heads/master` there). */
export function pushEvent(options: PushOptions = {}): GitHubEvent<PushEvent> {
  const repo = options.repo ?? DEMO.repo;
  const raw = example<PushEvent>('push', (e) => String(e.ref).startsWith('refs/heads/'));
  const payload = moveRepo(raw, raw.repository.full_name, repo);
  const after = options.after ?? DEMO.baseSha;
  const moved = replaceInStrings(payload, raw.after, after);
  moved.ref = options.ref ?? 'refs/heads/main';
  moved.after = after;
  if (options.before !== undefined) moved.before = options.before;
  return { name: 'push', payload: moved };
}

export interface WorkflowRunOptions {
  readonly repo?: string;
  /** The id of the run that completed (`workflow_run.id`). */
  readonly runId: number;
  readonly headSha?: string;
  readonly headBranch?: string;
  /** The event that started the completed run; `pull_request` by default. */
  readonly event?: string;
  readonly conclusion?: 'success' | 'failure' | 'cancelled';
  /**
   * The fork the run's head came from. GitHub then sends `pull_requests: []` (it lists only
   * pull requests whose head is in the repository itself).
   */
  readonly fork?: string;
  /** The pull request of a same-repository head (ignored with `fork`). */
  readonly pullRequest?: {
    readonly number: number;
    readonly baseRef?: string;
    readonly baseSha?: string;
  };
  /** The completed run's workflow file name, e.g. `pr-gate.yml`. */
  readonly workflowFile?: string;
}

/** A `workflow_run` `completed` event from GitHub's example. */
export function workflowRunEvent(
  options: WorkflowRunOptions,
): GitHubEvent<WorkflowRunCompletedEvent> {
  const repo = options.repo ?? DEMO.repo;
  const raw = example<WorkflowRunCompletedEvent>(
    'workflow_run',
    (e) =>
      e.action === 'completed' &&
      (e.workflow_run as { pull_requests: unknown[] }).pull_requests.length > 0,
  );
  const from = raw.repository.full_name;
  const template = raw.workflow_run.pull_requests[0]!;
  const oldId = raw.workflow_run.id;
  const payload = replaceInStrings(
    moveRepo(moveRepo(raw, 'Codertocat/Hello-World', repo), from, repo),
    `/runs/${oldId}`,
    `/runs/${options.runId}`,
  );
  const run = payload.workflow_run;
  run.id = options.runId;
  run.event = options.event ?? 'pull_request';
  run.status = 'completed';
  run.conclusion = options.conclusion ?? 'success';
  run.head_sha = options.headSha ?? DEMO.headSha;
  run.head_commit = { ...run.head_commit, id: run.head_sha };
  run.head_branch = options.headBranch ?? DEMO.headRef;
  if (options.workflowFile !== undefined) {
    const path = `.github/workflows/${options.workflowFile}`;
    run.path = path;
    payload.workflow = { ...payload.workflow, path };
  }
  if (options.fork !== undefined) {
    run.head_repository = forkRepository(run.head_repository, options.fork);
    run.pull_requests = [];
  } else if (options.pullRequest !== undefined) {
    const repoRef = { ...template.base.repo, url: run.repository.url, name: repo.split('/')[1]! };
    run.pull_requests = [
      {
        ...template,
        url: `${run.repository.url}/pulls/${options.pullRequest.number}`,
        number: options.pullRequest.number,
        head: { ref: run.head_branch, sha: run.head_sha, repo: repoRef },
        base: {
          ref: options.pullRequest.baseRef ?? DEMO.baseRef,
          sha: options.pullRequest.baseSha ?? DEMO.baseSha,
          repo: repoRef,
        },
      },
    ];
  } else {
    run.pull_requests = [];
  }
  return { name: 'workflow_run', payload };
}

/** A `workflow_dispatch` event from GitHub's example, with its `inputs`. */
export function workflowDispatchEvent(
  options: { repo?: string; ref?: string; inputs?: Record<string, string> } = {},
): GitHubEvent<WorkflowDispatchEvent> {
  const raw = example<WorkflowDispatchEvent>('workflow_dispatch', () => true);
  const payload = moveRepo(raw, raw.repository.full_name, options.repo ?? DEMO.repo);
  payload.ref = options.ref ?? 'refs/heads/main';
  payload.inputs = options.inputs ?? {};
  return { name: 'workflow_dispatch', payload };
}

/** A `schedule` event (see the module comment for where its shape comes from). */
export function scheduleEvent(cron = '0 6 * * *'): GitHubEvent<SchedulePayload> {
  return { name: 'schedule', payload: { schedule: cron } };
}

export interface MergeGroupOptions {
  readonly repo?: string;
  readonly headSha?: string;
  readonly baseSha?: string;
  readonly baseRef?: string;
  /** The pull request at the front of the queue (in the queue branch's name). */
  readonly number?: number;
}

/** A `merge_group` `checks_requested` event from GitHub's example. */
export function mergeGroupEvent(
  options: MergeGroupOptions = {},
): GitHubEvent<MergeGroupChecksRequestedEvent> {
  const raw = example<MergeGroupChecksRequestedEvent>('merge_group', () => true);
  const payload = moveRepo(raw, raw.repository.full_name, options.repo ?? DEMO.repo);
  const group = payload.merge_group;
  const baseRef = options.baseRef ?? DEMO.baseRef;
  group.head_sha = options.headSha ?? 'c0ffee5b57875f334f61aebed695e2e4193db5e1';
  group.head_commit = { ...group.head_commit, id: group.head_sha };
  group.base_sha = options.baseSha ?? DEMO.baseSha;
  group.base_ref = `refs/heads/${baseRef}`;
  group.head_ref = `refs/heads/gh-readonly-queue/${baseRef}/pr-${options.number ?? DEMO.number}-${group.base_sha}`;
  return { name: 'merge_group', payload };
}

/** The refs the runner sets beside an event (GitHub docs, "Events that trigger workflows"). */
export interface RunnerRefs {
  readonly GITHUB_SHA: string;
  readonly GITHUB_REF: string;
  readonly GITHUB_REF_NAME: string;
  readonly GITHUB_REF_TYPE: 'branch' | 'tag';
  /** Set only on `pull_request` and `pull_request_target`; empty otherwise. */
  readonly GITHUB_HEAD_REF: string;
  readonly GITHUB_BASE_REF: string;
}

/**
 * `GITHUB_SHA`, `GITHUB_REF` and the rest for `event`. `defaultBranchSha` stands for the last
 * commit on the default branch, which `schedule`, `workflow_run` and `pull_request_target` (its
 * base branch) run on.
 */
export function runnerRefs(event: GitHubEvent, defaultBranchSha = DEMO.baseSha): RunnerRefs {
  const p = event.payload as {
    pull_request?: PullRequestPayload['pull_request'];
    ref?: string;
    after?: string;
    merge_group?: MergeGroupChecksRequestedEvent['merge_group'];
  };
  const branch = (ref: string, sha: string, head = '', base = ''): RunnerRefs => ({
    GITHUB_SHA: sha,
    GITHUB_REF: ref,
    GITHUB_REF_NAME: ref.replace(/^refs\/(heads|tags)\//, ''),
    GITHUB_REF_TYPE: ref.startsWith('refs/tags/') ? 'tag' : 'branch',
    GITHUB_HEAD_REF: head,
    GITHUB_BASE_REF: base,
  });
  const pr = p.pull_request;
  switch (event.name) {
    case 'pull_request':
      // The test merge commit of the PR's head into its base.
      return {
        ...branch(`refs/pull/${pr!.number}/merge`, 'f95f852bd8fca8fcc58a9a2d6c842781e32a215e'),
        GITHUB_REF_NAME: `${pr!.number}/merge`,
        GITHUB_HEAD_REF: pr!.head.ref,
        GITHUB_BASE_REF: pr!.base.ref,
      };
    case 'pull_request_target':
      return branch(`refs/heads/${pr!.base.ref}`, defaultBranchSha, pr!.head.ref, pr!.base.ref);
    case 'push':
      return branch(p.ref!, p.after!);
    case 'workflow_dispatch':
      return branch(p.ref!, defaultBranchSha);
    case 'merge_group':
      return branch(p.merge_group!.head_ref, p.merge_group!.head_sha);
    default:
      // schedule, workflow_run: the default branch.
      return branch('refs/heads/main', defaultBranchSha);
  }
}
