import { mkdtemp, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import {
  DataError,
  GitHubApiError,
  InputError,
  combinedStatus,
  formatMarker,
  renderJobSummary,
  renderPrComment,
} from '@modelgate/core';
import type { ReportStatus, StickyIdentity, SummaryLinks } from '@modelgate/core';
import {
  inputGetter,
  readTextFile,
  runAction,
  writeFileAtomic,
  trackTemporaryPath,
} from '@modelgate/runner';
import type {
  ActionsIO,
  ArtifactStore,
  GitHubClient,
  RepoRef,
  RunContext,
} from '@modelgate/runner';
import {
  markZeroWork,
  mergeCollected,
  missingReports,
  pendingReports,
  reportsFromPatterns,
  reportsInFolder,
} from './collect';
import type { Collected, ZeroWork } from './collect';
import {
  HANDOFF_FILE,
  HANDOFF_MAX_BYTES,
  HANDOFF_MARKDOWN_FILE,
  handoffArtifactName,
  parseHandoff,
  serializeHandoff,
} from './handoff';
import { DEFAULT_COMMENT_AUTHOR, Output, parseInputs } from './inputs';
import type { Inputs } from './inputs';
import { postSticky } from './sticky';
import type { StickyOutcome } from './sticky';

export interface Deps {
  readonly io: ActionsIO;
  readonly context: RunContext;
  /** Makes the GitHub client; called only when the API is needed. */
  readonly github: (token: string) => GitHubClient;
  readonly artifacts: () => ArtifactStore;
  readonly now: () => Date;
}

/**
 * The `status` output: the combined verdict, or `pending` while an expected report is missing
 * (and no report failed).
 */
type SummaryStatus = ReportStatus | 'pending';

/** What a run concluded: the status, and the reports that checked nothing (they fail the step). */
interface Outcome {
  readonly status: SummaryStatus;
  readonly zeroWork: readonly ZeroWork[];
}

const NOTHING_TO_DO: Outcome = { status: 'pass', zeroWork: [] };

/** The event fields pr-summary reads, beyond provenance's. */
interface SummaryEvent {
  readonly pull_request?: {
    readonly number?: number;
    readonly head?: {
      readonly sha?: string;
      readonly repo?: { readonly full_name?: string } | null;
    };
    readonly base?: { readonly repo?: { readonly full_name?: string } };
  };
  readonly issue?: { readonly number?: number; readonly pull_request?: unknown };
  readonly workflow_run?: { readonly id?: number; readonly head_sha?: string };
}

/**
 * Collects the reports, renders the comment and the job summary, and posts or hands off. Never
 * throws. The real dependencies are made by `defaultDeps()` in `deps.ts`.
 */
export async function run(deps: Deps): Promise<void> {
  const { io } = deps;
  await runAction(io, async () => {
    const inputs = parseInputs(inputGetter(io));
    const env = deps.context.env;
    const event = (deps.context.event ?? {}) as SummaryEvent;
    const repo = repoOf(env.GITHUB_REPOSITORY);
    const workspace = env.GITHUB_WORKSPACE ?? process.cwd();

    const work = trackTemporaryPath(
      await mkdtemp(join(env.RUNNER_TEMP ?? tmpdir(), 'modelgate-pr-summary-')),
    );
    try {
      const outcome =
        inputs.mode === 'publish'
          ? await publish(deps, inputs, event, repo, work, workspace)
          : await comment(deps, inputs, event, repo, work, workspace);
      io.setOutput(Output.Status, outcome.status);
      gate(io, inputs, outcome);
    } finally {
      await rm(work, { recursive: true, force: true });
    }
  });
}

// --- comment mode ----------------------------------------------------------------------------

async function comment(
  deps: Deps,
  inputs: Inputs,
  event: SummaryEvent,
  repo: RepoRef | undefined,
  work: string,
  workspace: string,
): Promise<Outcome> {
  const { io, context } = deps;
  const env = context.env;
  const collected = await collect(deps, inputs, repo, work);
  const prNumber =
    inputs.prNumber ??
    event.pull_request?.number ??
    (event.issue?.pull_request ? event.issue.number : undefined);
  const headSha = (event.pull_request?.head?.sha ?? env.GITHUB_SHA ?? 'unknown').toLowerCase();
  const runId = positiveInt(env.GITHUB_RUN_ID) ?? 0;
  const identity = { key: inputs.commentKey, headSha, runId };
  const artifactName = handoffArtifactName(inputs.commentKey);
  const links = runLinks(env, repo, runId, artifactName);

  const rendered = await renderOutputs(deps, inputs, workspace, collected, identity, links);
  io.info(
    `Summarised ${collected.reports.length} report(s): ${collected.sources.join(', ')}. Combined verdict: ${rendered.outcome.status}.`,
  );
  if (rendered.truncated) io.info('The comment was shortened to fit 65,536 characters.');

  if (prNumber === undefined) {
    io.info('Not a pull request (and no pr-number input): the job summary is written, no comment.');
    return rendered.outcome;
  }
  if (inputs.commentMode === 'off') {
    io.info("comment-mode is 'off': no comment.");
    return rendered.outcome;
  }
  if (repo === undefined) {
    throw new InputError(
      'GITHUB_REPOSITORY is not set: cannot tell which repository to comment on.',
    );
  }
  const handoff = async (why: string): Promise<void> => {
    io.warning(
      `${why} The comment is in the job summary, and is uploaded as the artifact '${artifactName}': a workflow_run workflow running pr-summary with 'mode: publish' can post it.`,
    );
    await uploadHandoff(deps, artifactName, work, rendered.markdown, {
      prNumber,
      headSha,
      runId,
      commentKey: inputs.commentKey,
      reports: collected.reports,
    });
  };

  const headRepo = event.pull_request?.head?.repo?.full_name;
  const baseRepo = event.pull_request?.base?.repo?.full_name;
  const forkPr =
    context.eventName === 'pull_request' &&
    event.pull_request !== undefined &&
    headRepo !== baseRepo;
  if (forkPr) {
    await handoff('This pull request comes from a fork, whose token cannot comment.');
    return rendered.outcome;
  }
  if (inputs.githubToken === '') {
    throw new InputError(
      "Input 'github-token' is empty: set it to ${{ github.token }} (the default) or a PAT.",
    );
  }
  const github = deps.github(inputs.githubToken);
  let outcome: StickyOutcome;
  // Asked while the PR is read: one round trip less. It never rejects.
  const author = commentAuthor(github, inputs, io);
  try {
    const pr = await github.getPullRequest(repo, prNumber);
    outcome = await postSticky(
      github,
      {
        repo,
        prNumber,
        identity,
        author: await author,
        body: rendered.markdown,
        mode: inputs.commentMode,
        skipUnchanged: inputs.skipUnchanged,
        prHeadSha: pr.headSha,
      },
      (m) => io.info(m),
      (m) => io.warning(m),
    );
  } catch (err) {
    if (err instanceof GitHubApiError && (err.status === 403 || err.status === 404)) {
      await handoff(
        `The token cannot write to pull request #${prNumber} (HTTP ${err.status}: ${err.message}).`,
      );
      return rendered.outcome;
    }
    throw err;
  }
  setCommentOutputs(io, outcome);
  return rendered.outcome;
}

async function collect(
  deps: Deps,
  inputs: Inputs,
  repo: RepoRef | undefined,
  work: string,
): Promise<Collected> {
  const { io } = deps;
  const parts: Collected[] = [await reportsFromPatterns(inputs.reports, (m) => io.warning(m))];
  if (inputs.artifacts !== '') {
    const store = deps.artifacts();
    if (inputs.runId === undefined && !store.available()) {
      io.debug('Artifacts are not available outside a runner: only the reports input is read.');
    } else {
      const dest = join(work, 'artifacts');
      const fromRun = inputs.runId === undefined ? undefined : otherRun(inputs, repo, inputs.runId);
      const downloaded = await store.download(inputs.artifacts, dest, fromRun);
      io.info(
        `Downloaded ${downloaded.length} artifact(s) matching '${inputs.artifacts}'${downloaded.length > 0 ? `: ${downloaded.map((a) => a.name).join(', ')}` : ''}.`,
      );
      for (const a of downloaded) parts.push(await reportsInFolder(a.path));
    }
  }
  const merged = mergeCollected(parts);
  if (merged.reports.length === 0) {
    throw new DataError('No modelgate report was found to summarise.', {
      hint: `Pass report files in 'reports' (e.g. the 'report' output of a modelgate step), or upload them as artifacts matching '${inputs.artifacts || 'modelgate-*'}' earlier in the run.`,
    });
  }
  return merged;
}

async function uploadHandoff(
  deps: Deps,
  name: string,
  work: string,
  markdown: string,
  payload: Parameters<typeof serializeHandoff>[0],
): Promise<void> {
  const store = deps.artifacts();
  if (!store.available()) {
    deps.io.warning('Artifacts are not available here, so the comment could not be handed off.');
    return;
  }
  const dir = join(work, 'handoff');
  const files = [join(dir, HANDOFF_FILE), join(dir, HANDOFF_MARKDOWN_FILE)];
  await writeFileAtomic(files[0] ?? '', serializeHandoff(payload));
  await writeFileAtomic(files[1] ?? '', markdown);
  const uploaded = await store.upload(name, files, dir, { retentionDays: 7 });
  deps.io.info(`Uploaded the comment as artifact '${uploaded.name}' (${uploaded.size} bytes).`);
}

// --- publish mode ----------------------------------------------------------------------------

async function publish(
  deps: Deps,
  inputs: Inputs,
  event: SummaryEvent,
  repo: RepoRef | undefined,
  work: string,
  workspace: string,
): Promise<Outcome> {
  const { io, context } = deps;
  const runId = inputs.runId ?? event.workflow_run?.id;
  if (runId === undefined) {
    throw new InputError(
      "Input 'run-id' is required with 'mode: publish' outside a workflow_run event: set it to ${{ github.event.workflow_run.id }}.",
    );
  }
  if (repo === undefined) {
    throw new InputError(
      'GITHUB_REPOSITORY is not set: cannot tell which repository to comment on.',
    );
  }
  if (inputs.githubToken === '') {
    throw new InputError(
      "Input 'github-token' is empty: set it to ${{ github.token }} (the default) or a PAT.",
    );
  }
  const name = handoffArtifactName(inputs.commentKey);
  const downloaded = await deps
    .artifacts()
    .download(name, join(work, 'handoff'), otherRun(inputs, repo, runId));
  const artifact = downloaded.find((a) => a.name === name);
  if (artifact === undefined) {
    io.info(
      `Run ${runId} has no '${name}' artifact: nothing to publish (it could comment itself).`,
    );
    return NOTHING_TO_DO;
  }
  const file = join(artifact.path, HANDOFF_FILE);
  const size = (await stat(file).catch(() => undefined))?.size;
  if (size === undefined) {
    throw new DataError(`The '${name}' artifact of run ${runId} has no ${HANDOFF_FILE}.`, {
      hint: 'It was not made by pr-summary; nothing is posted.',
    });
  }
  if (size > HANDOFF_MAX_BYTES) {
    throw new DataError(
      `The '${name}' artifact's ${HANDOFF_FILE} is ${size} bytes, over the ${HANDOFF_MAX_BYTES} read; nothing is posted.`,
    );
  }
  const handoff = parseHandoff(await readTextFile(file, 'handoff'), `${name}/${HANDOFF_FILE}`);
  if (handoff.commentKey !== inputs.commentKey) {
    throw new DataError(
      `The '${name}' artifact is for comment key '${handoff.commentKey}', not '${inputs.commentKey}'; nothing is posted.`,
    );
  }
  const runHead = event.workflow_run?.head_sha?.toLowerCase();
  if (runHead !== undefined && runHead !== handoff.headSha) {
    throw new DataError(
      `The '${name}' artifact says head ${handoff.headSha}, but run ${runId} ran on ${runHead}; nothing is posted.`,
      { hint: 'The artifact may be forged: a run can only publish for the commit it ran on.' },
    );
  }
  const github = deps.github(inputs.githubToken);
  const pr = await github.getPullRequest(repo, handoff.prNumber);
  if (pr.headSha.toLowerCase() !== handoff.headSha) {
    io.notice(
      `Pull request #${handoff.prNumber} has moved on to ${pr.headSha.slice(0, 12)}; the comment for ${handoff.headSha.slice(0, 12)} is not posted.`,
    );
    return NOTHING_TO_DO;
  }
  // The author is this (trusted) run's token's, never anything the artifact says; asked while
  // the comment is rendered. It never rejects.
  const author = commentAuthor(github, inputs, io);
  // The comment is rendered here, by trusted code, from reports that passed their schemas.
  const env = context.env;
  const links = runLinks(env, repo, runId, name);
  const identity = { key: inputs.commentKey, headSha: handoff.headSha, runId };
  const rendered = await renderOutputs(
    deps,
    inputs,
    workspace,
    { reports: [...handoff.reports], sources: handoff.reports.map(() => `${name} (run ${runId})`) },
    identity,
    links,
  );
  const outcome = await postSticky(
    github,
    {
      repo,
      prNumber: handoff.prNumber,
      identity,
      author: await author,
      body: rendered.markdown,
      mode: inputs.commentMode,
      skipUnchanged: inputs.skipUnchanged,
      prHeadSha: pr.headSha.toLowerCase(),
    },
    (m) => io.info(m),
    (m) => io.warning(m),
  );
  setCommentOutputs(io, outcome);
  return rendered.outcome;
}

// --- helpers ---------------------------------------------------------------------------------

/**
 * Renders the comment and the job summary of the collected reports, writes the comment to
 * `markdown-path` (the `markdown` output) and appends the job summary. Both modes call it, so a
 * handed-off comment is rendered by the same trusted code as a direct one.
 *
 * Before rendering, a report that checked nothing is marked failed (finding `zero_work`, an
 * error annotation each), and the reports `expected-reports` names that are missing are said
 * first in the comment, as pending. The outcome's status: `fail`/`error` when a report fails;
 * else `pending` while a report is missing; else the combined verdict.
 */
async function renderOutputs(
  deps: Deps,
  inputs: Inputs,
  workspace: string,
  collected: Collected,
  identity: StickyIdentity,
  links: SummaryLinks,
): Promise<ReturnType<typeof renderPrComment> & { outcome: Outcome }> {
  const now = deps.now();
  const { reports, zeroWork } = markZeroWork(collected);
  for (const z of zeroWork) {
    deps.io.error(`${z.source}: nothing was checked: ${z.reason}.`, { title: 'pr-summary' });
  }
  const missing = missingReports(reports, inputs.expectedReports);
  const pending = pendingReports(reports, inputs.expectedReports);
  // The headline says what is missing while the verdict would pass or warn; a failing verdict
  // keeps its headline (what blocks), and the notice above it says what is still missing.
  const failing = ['fail', 'error'].includes(combinedStatus(reports));
  const notice = failing ? pendingNotice(missing, reports.length) : [];
  const rendered = renderPrComment(reports, {
    title: inputs.title,
    now,
    marker: [formatMarker(identity), ...notice].join('\n'),
    links,
    ...(pending !== undefined && { pending }),
  });
  const markdownPath = resolve(workspace, inputs.markdownPath);
  await writeFileAtomic(markdownPath, rendered.markdown);
  deps.io.setOutput(Output.Markdown, markdownPath);
  await deps.io.appendSummary(
    renderJobSummary(reports, {
      title: inputs.title,
      now,
      links,
      ...(notice.length > 0 && { marker: notice.join('\n') }),
      ...(pending !== undefined && { pending }),
    }).markdown,
  );
  if (missing.length > 0) {
    deps.io.warning(
      `Waiting for ${missing.join(', ')}: the verdict is pending until every expected report is there (expected-reports).`,
      { title: 'pr-summary' },
    );
  }
  const failed = rendered.status === 'fail' || rendered.status === 'error';
  const status: SummaryStatus = !failed && missing.length > 0 ? 'pending' : rendered.status;
  return { ...rendered, outcome: { status, zeroWork } };
}

/**
 * The lines that open the comment while expected reports are missing: what is missing and that
 * the verdict below is not final. Markdown; the kinds are our own words, not report text.
 */
function pendingNotice(missing: readonly string[], found: number): string[] {
  if (missing.length === 0) return [];
  return [
    `> [!WARNING]`,
    `> **Pending:** waiting for ${missing.map((m) => `\`${m}\``).join(', ')} (input \`expected-reports\`; ${found} report${found === 1 ? '' : 's'} so far). The verdict below is not final.`,
    '',
  ];
}

/**
 * The login whose comments are this action's: `comment-author`, else (`auto`) the token's own
 * login, else — when GitHub does not tell — the GITHUB_TOKEN's `github-actions[bot]`. Never
 * rejects.
 */
async function commentAuthor(github: GitHubClient, inputs: Inputs, io: ActionsIO): Promise<string> {
  if (inputs.commentAuthor !== undefined) return inputs.commentAuthor;
  // The port promises not to throw here; a client that does anyway must not leave the promise,
  // which runs beside other calls, rejected and unhandled.
  const login = await github.viewerLogin().catch(() => undefined);
  if (login !== undefined) {
    io.debug(`The token comments as ${login}; only its comments are taken as this action's.`);
    return login;
  }
  io.info(
    `Could not learn which account the token comments as (the debug log says why); taking comments by ${DEFAULT_COMMENT_AUTHOR} as this action's. With a PAT or an app's token, set comment-author.`,
  );
  return DEFAULT_COMMENT_AUTHOR;
}

/**
 * Fails the step when a report checked nothing (always), or when the combined verdict is one
 * `fail-on` names. `pending` never fails the step: a later run completes the comment (as
 * Codecov's after_n_builds waits), and the `status` output says `pending`, never `pass`.
 */
function gate(io: ActionsIO, inputs: Inputs, outcome: Outcome): void {
  if (outcome.zeroWork.length > 0) {
    io.setFailed(
      `Nothing was checked by ${outcome.zeroWork.map((z) => `${z.source} (${z.reason})`).join('; ')}. A report of nothing does not pass; fix the step that made it.`,
    );
    return;
  }
  const status = outcome.status;
  if (status === 'pending') return;
  const failing: readonly ReportStatus[] =
    inputs.failOn === 'fail'
      ? ['fail', 'error']
      : inputs.failOn === 'warn'
        ? ['warn', 'fail', 'error']
        : [];
  if (failing.includes(status)) {
    io.setFailed(
      `The combined verdict is ${status.toUpperCase()} (fail-on: ${inputs.failOn}). See the PR comment or the job summary for which check failed.`,
    );
  }
}

function setCommentOutputs(io: ActionsIO, outcome: StickyOutcome): void {
  if (outcome.comment) {
    io.setOutput(Output.CommentId, outcome.comment.id);
    io.setOutput(Output.CommentUrl, outcome.comment.htmlUrl);
  }
}

function repoOf(slug: string | undefined): RepoRef | undefined {
  const [owner, name, ...rest] = (slug ?? '').split('/');
  if (!owner || !name || rest.length > 0) return undefined;
  return { owner, repo: name };
}

function positiveInt(value: string | undefined): number | undefined {
  const n = Number(value);
  return value !== undefined && value !== '' && Number.isSafeInteger(n) && n > 0 ? n : undefined;
}

function otherRun(inputs: Inputs, repo: RepoRef | undefined, runId: number) {
  if (repo === undefined) {
    throw new InputError("GITHUB_REPOSITORY is not set: cannot download artifacts of 'run-id'.");
  }
  return { runId, owner: repo.owner, repo: repo.repo, token: inputs.githubToken };
}

function runLinks(
  env: Readonly<Record<string, string | undefined>>,
  repo: RepoRef | undefined,
  runId: number,
  artifact: string,
): SummaryLinks {
  if (repo === undefined || runId === 0) return { fullReportArtifact: artifact };
  const server = (env.GITHUB_SERVER_URL ?? 'https://github.com').replace(/\/+$/, '');
  const runUrl = `${server}/${repo.owner}/${repo.repo}/actions/runs/${runId}`;
  return { runUrl, artifactsUrl: `${runUrl}#artifacts`, fullReportArtifact: artifact };
}
