/**
 * Carries out the sticky comment plans of `@modelgate/core` with a GitHubClient: find the
 * comment across every page, update it in place (or recreate it, or hide the old one and post
 * anew), and after creating one, re-list and remove duplicates that a concurrent run created, so
 * that two runs end with exactly one comment.
 *
 * Only comments by `author` (the token's own login) are ever read as ours: a comment by anyone
 * else that carries our marker is ignored, so that a forged marker can neither hide the verdict
 * nor make us edit, delete or hide someone else's comment.
 */
import {
  GitHubApiError,
  findForeignSticky,
  findSticky,
  isAuthor,
  planDedupe,
  planSticky,
  retiredMarkerBody,
} from '@modelgate/core';
import type { CommentMode, StickyIdentity } from '@modelgate/core';
import type { GitHubClient, IssueComment, RepoRef } from '@modelgate/runner';

export interface StickyRequest {
  readonly repo: RepoRef;
  readonly prNumber: number;
  readonly identity: StickyIdentity;
  /** The login whose comments are ours (case-insensitive); everyone else's are ignored. */
  readonly author: string;
  /** The comment body, starting with the marker of `identity`. */
  readonly body: string;
  readonly mode: CommentMode;
  readonly skipUnchanged: boolean;
  /** The PR's current head sha, from the API. */
  readonly prHeadSha: string | undefined;
}

export type StickyOutcome =
  | { readonly action: 'created' | 'updated'; readonly comment: { id: number; htmlUrl: string } }
  | {
      readonly action: 'skipped';
      readonly reason: 'off' | 'unchanged' | 'newer-exists';
      readonly comment: { id: number; htmlUrl: string } | undefined;
    };

/** Where the executor says what it does. */
export type Log = (message: string) => void;

/**
 * Posts or updates the sticky comment. Throws the GitHubApiError of a failed list, create or
 * update (the caller tells a read-only token's 403/404 from other failures); a duplicate that is
 * already gone (404 on delete) is not an error, nor is a comment that cannot be minimised.
 * Comments with our marker by anyone but `request.author` are left alone, and `log` says so
 * once; `warn` says when the comment just created is not `author`'s (later runs would not find
 * it).
 */
export async function postSticky(
  github: GitHubClient,
  request: StickyRequest,
  log: Log,
  warn: Log = log,
): Promise<StickyOutcome> {
  const { repo, prNumber, identity, body, prHeadSha, author } = request;
  const comments = await github.listIssueComments(repo, prNumber);
  const foreign = findForeignSticky(comments, identity.key, author);
  if (foreign.length > 0) {
    log(
      `Ignoring ${foreign.length} comment(s) that carry the marker of comment-key '${identity.key}' but were written by ${describeAuthors(foreign)}, not ${author}: only ${author}'s comments are updated, skipped for or removed (comment-author).`,
    );
  }
  const plan = planSticky({
    comments,
    identity,
    author,
    mode: request.mode,
    skipUnchanged: request.skipUnchanged,
    body,
    prHeadSha,
  });

  switch (plan.action) {
    case 'skip': {
      const why = {
        off: "comment-mode is 'off'",
        unchanged: 'the comment would not change (skip-unchanged)',
        'newer-exists': `comment ${plan.existing?.id ?? ''} belongs to a newer run or head commit (${plan.existing?.identity.headSha.slice(0, 12) ?? ''}, run ${plan.existing?.identity.runId ?? ''})`,
      }[plan.reason];
      log(`Not writing the PR comment: ${why}.`);
      return {
        action: 'skipped',
        reason: plan.reason,
        comment: plan.existing && { id: plan.existing.id, htmlUrl: plan.existing.htmlUrl },
      };
    }
    case 'update': {
      const updated = await github.updateIssueComment(repo, plan.target.id, body);
      log(`Updated comment ${updated.id} in place.`);
      await removeAll(
        github,
        repo,
        plan.duplicates.map((d) => d.id),
        log,
      );
      await repairIfOverwritten(github, request, updated.id, log);
      return { action: 'updated', comment: { id: updated.id, htmlUrl: updated.htmlUrl } };
    }
    case 'create': {
      const created = await github.createIssueComment(repo, prNumber, body);
      log(`Created comment ${created.id}.`);
      const foreignAuthor = !isAuthor(created.userLogin, author);
      if (foreignAuthor) {
        warn(
          `Comment ${created.id} was written as ${created.userLogin ?? 'an unknown account'}, but comment-author is ${author}: later runs will not find it and will post another. Set comment-author to ${created.userLogin ?? 'the login the token comments as'}, or to auto.`,
        );
      }
      if (plan.retireBy === 'delete') {
        await removeAll(
          github,
          repo,
          plan.retire.map((c) => c.id),
          log,
        );
      } else {
        for (const old of plan.retire) await hide(github, repo, old, log);
      }
      // The re-listing would not see a comment by another author: it cannot be deduplicated.
      if (foreignAuthor) {
        return { action: 'created', comment: { id: created.id, htmlUrl: created.htmlUrl } };
      }
      return dedupe(github, request, created, log);
    }
  }
}

/** After a create: keep the oldest live comment, remove the rest, write ours into it if fresher. */
async function dedupe(
  github: GitHubClient,
  request: StickyRequest,
  created: IssueComment,
  log: Log,
): Promise<StickyOutcome> {
  const { repo, prNumber, identity, body, prHeadSha, author } = request;
  const after = await github.listIssueComments(repo, prNumber);
  const plan = planDedupe({ comments: after, identity, author, createdId: created.id, prHeadSha });
  if (plan === undefined) {
    // A concurrent run kept its own comment and removed ours; its comment is fresher.
    const live = findSticky(after, identity.key, author)[0];
    log('A concurrent run removed this comment in favour of its own, fresher one.');
    return {
      action: 'skipped',
      reason: 'newer-exists',
      comment: live && { id: live.id, htmlUrl: live.htmlUrl },
    };
  }
  if (plan.remove.length > 0) {
    log(`A concurrent run also commented: keeping the oldest, ${plan.keep.id}.`);
    await removeAll(
      github,
      repo,
      plan.remove.map((c) => c.id),
      log,
    );
  }
  if (plan.updateKept) {
    const updated = await github.updateIssueComment(repo, plan.keep.id, body);
    return { action: 'updated', comment: { id: updated.id, htmlUrl: updated.htmlUrl } };
  }
  if (plan.keep.id === created.id) {
    return { action: 'created', comment: { id: created.id, htmlUrl: created.htmlUrl } };
  }
  return {
    action: 'skipped',
    reason: 'newer-exists',
    comment: { id: plan.keep.id, htmlUrl: plan.keep.htmlUrl },
  };
}

/**
 * Two runs that update the same comment at once race: the older may write last. Re-read once;
 * when an older run's body is there now, write ours again.
 */
async function repairIfOverwritten(
  github: GitHubClient,
  request: StickyRequest,
  commentId: number,
  log: Log,
): Promise<void> {
  const after = await github.listIssueComments(request.repo, request.prNumber);
  const now = findSticky(after, request.identity.key, request.author).find(
    (c) => c.id === commentId,
  );
  if (now === undefined) return;
  const plan = planSticky({
    comments: [now],
    identity: request.identity,
    author: request.author,
    mode: 'update',
    skipUnchanged: true,
    body: request.body,
    prHeadSha: request.prHeadSha,
  });
  if (plan.action === 'update' && now.body !== request.body) {
    log(`An older run overwrote comment ${commentId}; writing this run's again.`);
    await github.updateIssueComment(request.repo, commentId, request.body);
  }
}

/**
 * Who wrote the ignored comments, for a log line: at most 5 distinct logins, each cut to 40
 * characters and reduced to the characters a login can have (they are not trusted).
 */
function describeAuthors(comments: readonly { userLogin?: string | undefined }[]): string {
  const logins = [
    ...new Set(
      comments.map((c) =>
        c.userLogin === undefined
          ? '(a deleted account)'
          : c.userLogin.replace(/[^A-Za-z0-9._\-[\]]/g, '?').slice(0, 40),
      ),
    ),
  ];
  const shown = logins.slice(0, 5).join(', ');
  return logins.length > 5 ? `${shown} and ${logins.length - 5} other(s)` : shown;
}

async function removeAll(
  github: GitHubClient,
  repo: RepoRef,
  ids: readonly number[],
  log: Log,
): Promise<void> {
  for (const id of ids) {
    try {
      await github.deleteIssueComment(repo, id);
      log(`Deleted comment ${id}.`);
    } catch (err) {
      // Already deleted by a concurrent run: the goal is reached.
      if (err instanceof GitHubApiError && err.status === 404) continue;
      throw err;
    }
  }
}

async function hide(
  github: GitHubClient,
  repo: RepoRef,
  old: { id: number; nodeId: string; body: string },
  log: Log,
): Promise<void> {
  // Its marker is retired first, so that later runs no longer take it for the live comment.
  try {
    await github.updateIssueComment(repo, old.id, retiredMarkerBody(old.body));
  } catch (err) {
    if (err instanceof GitHubApiError && err.status === 404) return;
    throw err;
  }
  try {
    await github.minimizeComment(old.nodeId, 'OUTDATED');
    log(`Hid comment ${old.id} as outdated.`);
  } catch (err) {
    log(
      `Could not hide comment ${old.id} (${err instanceof Error ? err.message : String(err)}); it stays visible.`,
    );
  }
}
