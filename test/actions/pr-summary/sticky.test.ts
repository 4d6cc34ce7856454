import { describe, expect, it } from '@jest/globals';
import { findSticky, formatMarker, parseMarker } from '@modelgate/core';
import type { CommentMode, StickyIdentity } from '@modelgate/core';
import { postSticky } from '../../../actions/pr-summary/src/sticky';
import type { StickyRequest } from '../../../actions/pr-summary/src/sticky';
import { MemoryGitHub } from '../../helpers/memory-github';

const repo = { owner: 'acme', repo: 'model' };
const PR = 7;
const A = 'a'.repeat(40);
const B = 'b'.repeat(40);
const BOT = 'github-actions[bot]';
const ident = (headSha: string, runId: number, key = 'ml'): StickyIdentity => ({
  key,
  headSha,
  runId,
});
const bodyOf = (i: StickyIdentity, text = 'report'): string =>
  `${formatMarker(i)}\n\n${text} from run ${i.runId}`;

function request(i: StickyIdentity, over: Partial<StickyRequest> = {}): StickyRequest {
  return {
    repo,
    prNumber: PR,
    identity: i,
    author: BOT,
    body: bodyOf(i),
    mode: 'update',
    skipUnchanged: false,
    prHeadSha: A,
    ...over,
  };
}

const live = (gh: MemoryGitHub, key = 'ml') => findSticky(gh.commentsOf(repo, PR), key, BOT);
const noop = (): void => undefined;

describe('postSticky', () => {
  it('creates the comment, then updates it in place on the next run', async () => {
    const gh = new MemoryGitHub();
    gh.seed(repo, PR, 'an unrelated comment');
    const first = await postSticky(gh, request(ident(A, 1)), noop);
    expect(first.action).toBe('created');
    const second = await postSticky(gh, request(ident(A, 2)), noop);
    expect(second).toMatchObject({ action: 'updated', comment: { id: first.comment?.id } });
    expect(live(gh)).toHaveLength(1);
    expect(live(gh)[0]?.body).toBe(bodyOf(ident(A, 2)));
    expect(gh.commentsOf(repo, PR)).toHaveLength(2);
  });

  it('finds the comment among hundreds of others', async () => {
    const gh = new MemoryGitHub();
    for (let i = 0; i < 250; i++) gh.seed(repo, PR, `comment ${i}`);
    const first = await postSticky(gh, request(ident(A, 1)), noop);
    for (let i = 0; i < 50; i++) gh.seed(repo, PR, `later ${i}`);
    const second = await postSticky(gh, request(ident(A, 2)), noop);
    expect(second.comment?.id).toBe(first.comment?.id);
    expect(live(gh)).toHaveLength(1);
  });

  it('keeps one comment per key', async () => {
    const gh = new MemoryGitHub();
    await postSticky(gh, request(ident(A, 1, 'ml')), noop);
    await postSticky(gh, request(ident(A, 1, 'llm'), { body: bodyOf(ident(A, 1, 'llm')) }), noop);
    expect(live(gh, 'ml')).toHaveLength(1);
    expect(live(gh, 'llm')).toHaveLength(1);
  });

  it('never overwrites the comment of a newer head commit', async () => {
    const gh = new MemoryGitHub();
    await postSticky(gh, request(ident(B, 5), { prHeadSha: B }), noop);
    const stale = await postSticky(gh, request(ident(A, 9), { prHeadSha: B }), noop);
    expect(stale).toMatchObject({ action: 'skipped', reason: 'newer-exists' });
    expect(parseMarker(live(gh)[0]?.body ?? '')).toEqual(ident(B, 5));
    expect(gh.callsOf('updateIssueComment')).toHaveLength(0);
  });

  it('skips an unchanged comment with skip-unchanged', async () => {
    const gh = new MemoryGitHub();
    await postSticky(
      gh,
      request(ident(A, 1), { body: `${formatMarker(ident(A, 1))}\n\nsame` }),
      noop,
    );
    const out = await postSticky(
      gh,
      request(ident(A, 2), { body: `${formatMarker(ident(A, 2))}\n\nsame`, skipUnchanged: true }),
      noop,
    );
    expect(out).toMatchObject({ action: 'skipped', reason: 'unchanged' });
    expect(gh.callsOf('updateIssueComment')).toHaveLength(0);
  });

  it('recreates: a new comment, the old one deleted', async () => {
    const gh = new MemoryGitHub();
    const first = await postSticky(gh, request(ident(A, 1)), noop);
    const second = await postSticky(gh, request(ident(A, 2), { mode: 'recreate' }), noop);
    expect(second.action).toBe('created');
    expect(second.comment?.id).not.toBe(first.comment?.id);
    expect(gh.commentsOf(repo, PR).map((c) => c.id)).toEqual([second.comment?.id]);
  });

  it('hide-and-new: the old one minimised as outdated and no longer live', async () => {
    const gh = new MemoryGitHub();
    const first = await postSticky(gh, request(ident(A, 1)), noop);
    const second = await postSticky(gh, request(ident(A, 2), { mode: 'hide-and-new' }), noop);
    const all = gh.commentsOf(repo, PR);
    expect(all).toHaveLength(2);
    expect(all.find((c) => c.id === first.comment?.id)?.minimized).toBe('OUTDATED');
    expect(live(gh).map((c) => c.id)).toEqual([second.comment?.id]);
    const third = await postSticky(gh, request(ident(A, 3), { mode: 'hide-and-new' }), noop);
    expect(live(gh).map((c) => c.id)).toEqual([third.comment?.id]);
  });

  it('does not fail when a comment cannot be minimised', async () => {
    const gh = new MemoryGitHub();
    await postSticky(gh, request(ident(A, 1)), noop);
    gh.failNext('minimizeComment', 403);
    const logs: string[] = [];
    await postSticky(gh, request(ident(A, 2), { mode: 'hide-and-new' }), (m) => logs.push(m));
    expect(logs.join('\n')).toContain('Could not hide');
    expect(live(gh)).toHaveLength(1);
  });

  it('removes duplicates left by an earlier race and tolerates one already gone', async () => {
    const gh = new MemoryGitHub();
    gh.seed(repo, PR, bodyOf(ident(A, 1)));
    gh.seed(repo, PR, bodyOf(ident(A, 1)));
    gh.failNext('deleteIssueComment', 404);
    await postSticky(gh, request(ident(A, 2)), noop);
    // The fake's 404 left the duplicate in place; the next run removes it.
    await postSticky(gh, request(ident(A, 3)), noop);
    expect(live(gh)).toHaveLength(1);
  });

  it('throws the 403 of a read-only token', async () => {
    const gh = new MemoryGitHub();
    gh.failNext('createIssueComment', 403);
    await expect(postSticky(gh, request(ident(A, 1)), noop)).rejects.toMatchObject({ status: 403 });
  });

  it.each<[string, CommentMode]>([
    ['update', 'update'],
    ['recreate', 'recreate'],
    ['hide-and-new', 'hide-and-new'],
  ])('two concurrent runs end with exactly one comment (%s)', async (_n, mode) => {
    for (let trial = 0; trial < 5; trial++) {
      const gh = new MemoryGitHub();
      if (trial % 2 === 1) gh.seed(repo, PR, bodyOf(ident(A, 1)));
      const runs = [ident(A, 10 + trial), ident(A, 20 + trial)];
      if (trial >= 2) runs.reverse();
      await Promise.all(runs.map((i) => postSticky(gh, request(i, { mode }), noop)));
      const left = live(gh);
      expect(left).toHaveLength(1);
      // The newer run's content wins.
      expect(parseMarker(left[0]?.body ?? '')?.runId).toBe(20 + trial);
    }
  });

  it('five concurrent runs of two heads end with one comment of the current head', async () => {
    const gh = new MemoryGitHub();
    const runs = [ident(A, 1), ident(B, 2), ident(A, 3), ident(B, 4), ident(A, 5)];
    await Promise.all(runs.map((i) => postSticky(gh, request(i, { prHeadSha: B }), noop)));
    const left = live(gh);
    expect(left).toHaveLength(1);
    expect(parseMarker(left[0]?.body ?? '')?.headSha).toBe(B);
  });
});

describe('postSticky with comments by others', () => {
  /** The ids that calls of `method` acted on. */
  const idsOf = (gh: MemoryGitHub, method: 'updateIssueComment' | 'deleteIssueComment') =>
    gh.callsOf(method).map((c) => c.args[1]);

  it('a forged marker of a newer run does not stop us: ours is posted, theirs untouched', async () => {
    const gh = new MemoryGitHub();
    const forged = gh.seed(repo, PR, bodyOf(ident(A, 999_999), 'all green'), 'mallory');
    const logs: string[] = [];
    const out = await postSticky(gh, request(ident(A, 5)), (m) => logs.push(m));
    expect(out.action).toBe('created');
    expect(out.comment?.id).not.toBe(forged.id);
    expect(live(gh).map((c) => c.id)).toEqual([out.comment?.id]);
    expect(gh.commentsOf(repo, PR).find((c) => c.id === forged.id)?.body).toBe(forged.body);
    const ignored = logs.filter((m) => m.startsWith('Ignoring'));
    expect(ignored).toHaveLength(1);
    expect(ignored[0]).toContain('1 comment(s)');
    expect(ignored[0]).toContain('mallory');
  });

  it('our own older comment is updated in place beside a newer forged one', async () => {
    const gh = new MemoryGitHub();
    const ours = gh.seed(repo, PR, bodyOf(ident(A, 1)));
    const forged = gh.seed(repo, PR, bodyOf(ident(A, 999_999)), 'mallory');
    const out = await postSticky(gh, request(ident(A, 2)), noop);
    expect(out).toMatchObject({ action: 'updated', comment: { id: ours.id } });
    expect(idsOf(gh, 'updateIssueComment')).toEqual([ours.id]);
    expect(idsOf(gh, 'deleteIssueComment')).toEqual([]);
    expect(gh.commentsOf(repo, PR).find((c) => c.id === forged.id)?.body).toBe(forged.body);
  });

  it.each<[CommentMode]>([['update'], ['recreate'], ['hide-and-new']])(
    '%s never updates, deletes or hides an older forged comment',
    async (mode) => {
      const gh = new MemoryGitHub();
      const forged = gh.seed(repo, PR, bodyOf(ident(A, 1)), 'mallory');
      const ours = gh.seed(repo, PR, bodyOf(ident(A, 2)));
      await postSticky(gh, request(ident(A, 3), { mode }), noop);
      expect(idsOf(gh, 'updateIssueComment')).not.toContain(forged.id);
      expect(idsOf(gh, 'deleteIssueComment')).not.toContain(forged.id);
      expect(gh.callsOf('minimizeComment').map((c) => c.args[0])).not.toContain(forged.nodeId);
      const after = gh.commentsOf(repo, PR).find((c) => c.id === forged.id);
      expect(after).toMatchObject({ body: forged.body, minimized: undefined });
      // Our own old comment was handled as the mode says.
      expect(live(gh)).toHaveLength(1);
      if (mode === 'update') expect(live(gh)[0]?.id).toBe(ours.id);
      else expect(live(gh)[0]?.id).not.toBe(ours.id);
    },
  );

  it('two concurrent runs beside a forged comment still end with one comment of ours', async () => {
    const gh = new MemoryGitHub();
    const forged = gh.seed(repo, PR, bodyOf(ident(A, 999_999)), 'mallory');
    await Promise.all([ident(A, 11), ident(A, 12)].map((i) => postSticky(gh, request(i), noop)));
    expect(live(gh)).toHaveLength(1);
    expect(parseMarker(live(gh)[0]?.body ?? '')?.runId).toBe(12);
    expect(gh.commentsOf(repo, PR).map((c) => c.id)).toContain(forged.id);
  });

  it('matches the author case-insensitively', async () => {
    const gh = new MemoryGitHub();
    const ours = gh.seed(repo, PR, bodyOf(ident(A, 1)), 'GitHub-Actions[bot]');
    const out = await postSticky(gh, request(ident(A, 2)), noop);
    expect(out).toMatchObject({ action: 'updated', comment: { id: ours.id } });
  });

  it('names the ignored authors in a log line without their control characters', async () => {
    const gh = new MemoryGitHub();
    gh.seed(repo, PR, bodyOf(ident(A, 1)), 'evil\n::error::pwned');
    for (let i = 0; i < 7; i++) gh.seed(repo, PR, bodyOf(ident(A, 2 + i)), `user-${i}`);
    gh.seed(repo, PR, bodyOf(ident(A, 1)), 'x'.repeat(300));
    const logs: string[] = [];
    await postSticky(gh, request(ident(A, 20)), (m) => logs.push(m));
    const line = logs.find((m) => m.startsWith('Ignoring')) ?? '';
    expect(line).toContain('9 comment(s)');
    expect(line).toContain('evil???error??pwned');
    expect(line).not.toContain('\n');
    expect(line).toContain('and 4 other(s)');
    expect(line.length).toBeLessThan(600);
  });

  it('warns when the comment it created is not by comment-author', async () => {
    const gh = new MemoryGitHub();
    gh.login = 'octo-gate[bot]';
    const warnings: string[] = [];
    const out = await postSticky(gh, request(ident(A, 1)), noop, (m) => warnings.push(m));
    expect(out.action).toBe('created');
    expect(warnings.join('\n')).toMatch(
      /written as octo-gate\[bot\], but comment-author is github-actions\[bot\]/,
    );
    // No dedupe ran against a listing that cannot see our comment: it is still there.
    expect(gh.commentsOf(repo, PR).map((c) => c.id)).toEqual([out.comment?.id]);
    expect(gh.callsOf('listIssueComments')).toHaveLength(1);
  });
});
