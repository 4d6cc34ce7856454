/**
 * The sticky plans only act on the comments of the expected author: anyone can post a comment
 * with our marker, and a forged one must neither hide our verdict nor be edited, deleted or
 * hidden by us.
 */
import { describe, expect, it } from '@jest/globals';
import {
  findForeignSticky,
  findSticky,
  formatMarker,
  isAuthor,
  planDedupe,
  planSticky,
} from '@modelgate/core';
import type { CommentMode, ListedComment, StickyIdentity, StickyPlan } from '@modelgate/core';

const BOT = 'github-actions[bot]';
const MALLORY = 'mallory';
const A = 'a'.repeat(40);
const B = 'b'.repeat(40);
const id = (headSha: string, runId: number, key = 'k'): StickyIdentity => ({ key, headSha, runId });

let nextId = 1;
/** A comment with the marker of `identity` by `userLogin`, created one second after the last. */
const comment = (
  identity: StickyIdentity,
  userLogin: string | undefined,
  text = 'report',
): ListedComment => {
  const n = nextId++;
  return {
    id: n,
    nodeId: `N${n}`,
    body: `${formatMarker(identity)}\n\n${text}`,
    createdAt: new Date(Date.UTC(2025, 0, 1, 0, 0, n)).toISOString(),
    userLogin,
  };
};

/** Every comment id a plan would act on: update, delete, hide, or skip because of. */
function touched(plan: StickyPlan): number[] {
  switch (plan.action) {
    case 'skip':
      return plan.existing ? [plan.existing.id] : [];
    case 'update':
      return [plan.target.id, ...plan.duplicates.map((d) => d.id)];
    case 'create':
      return plan.retire.map((c) => c.id);
  }
}

const base = {
  mode: 'update' as CommentMode,
  skipUnchanged: false,
  prHeadSha: A,
  author: BOT,
  identity: id(A, 10),
  body: `${formatMarker(id(A, 10))}\n\nreport`,
};

describe('isAuthor', () => {
  it.each([
    ['github-actions[bot]', BOT, true],
    ['GitHub-Actions[bot]', BOT, true],
    ['octo-app[bot]', 'Octo-App[bot]', true],
    ['github-actions', BOT, false],
    ['evil-github-actions[bot]', BOT, false],
    ['github-actions[bot] ', BOT, false],
    [undefined, BOT, false],
  ] as const)('%j is %j: %s', (login, author, expected) => {
    expect(isAuthor(login, author)).toBe(expected);
  });
});

describe('findSticky and findForeignSticky', () => {
  it("split the marked comments by author; a deleted account's is foreign", () => {
    const ours = comment(id(A, 1), BOT);
    const forged = comment(id(A, 2), MALLORY);
    const ghost = comment(id(A, 3), undefined);
    const shouty = comment(id(A, 4), 'GITHUB-ACTIONS[BOT]');
    const all = [ghost, shouty, forged, ours];
    expect(findSticky(all, 'k', BOT).map((c) => c.id)).toEqual([ours.id, shouty.id]);
    expect(findForeignSticky(all, 'k', BOT).map((c) => c.id)).toEqual([forged.id, ghost.id]);
    expect(findSticky(all, 'k', MALLORY).map((c) => c.id)).toEqual([forged.id]);
  });
});

describe('planSticky with forged comments', () => {
  it('a forged marker of a newer run does not make us skip: we create ours', () => {
    const forged = comment(id(A, 999_999), MALLORY);
    const plan = planSticky({ ...base, comments: [forged] });
    expect(plan).toEqual({ action: 'create', retire: [], retireBy: 'delete' });
  });

  it('a forged marker of a newer run beside our older comment: ours is updated', () => {
    const ours = comment(id(A, 5), BOT);
    const forged = comment(id(A, 999_999), MALLORY);
    const plan = planSticky({ ...base, comments: [forged, ours] });
    expect(plan.action).toBe('update');
    expect(touched(plan)).toEqual([ours.id]);
  });

  it('a forged comment for the current head and a later run does not outrank ours', () => {
    const ours = comment(id(B, 7), BOT);
    const forged = comment(id(A, 999_999), MALLORY);
    const plan = planSticky({ ...base, comments: [ours, forged] });
    // Ours is of an older head; the forged one claims the PR head: still ours is the target.
    expect(plan.action).toBe('update');
    expect(touched(plan)).toEqual([ours.id]);
  });

  it('an older forged comment is never the target: a new one is created', () => {
    const forged = comment(id(A, 1), MALLORY);
    const plan = planSticky({ ...base, comments: [forged] });
    expect(plan.action).toBe('create');
    expect(touched(plan)).toEqual([]);
  });

  it('a forged comment with our very body does not count as unchanged', () => {
    const forged = comment(id(A, 9), MALLORY);
    const plan = planSticky({ ...base, skipUnchanged: true, comments: [forged] });
    expect(plan.action).toBe('create');
  });

  it.each<CommentMode>(['update', 'recreate', 'hide-and-new'])(
    '%s never updates, deletes or hides a forged or ownerless comment',
    (mode) => {
      const forgedOld = comment(id(A, 1), MALLORY);
      const ours = comment(id(A, 2), BOT);
      const ghost = comment(id(A, 3), undefined);
      const dup = comment(id(A, 4), BOT);
      const forgedNew = comment(id(A, 5), MALLORY);
      const plan = planSticky({
        ...base,
        mode,
        comments: [forgedOld, ours, ghost, dup, forgedNew],
      });
      expect(touched(plan).sort()).toEqual([ours.id, dup.id].sort());
    },
  );

  it('takes the comments of whichever author it is given', () => {
    const bots = comment(id(A, 1), BOT);
    const apps = comment(id(A, 2), 'octo-gate[bot]');
    const plan = planSticky({ ...base, author: 'Octo-Gate[bot]', comments: [bots, apps] });
    expect(plan.action).toBe('update');
    expect(touched(plan)).toEqual([apps.id]);
  });

  it('a stale run still fills an empty place when only forged comments exist', () => {
    const forged = comment(id(B, 999_999), MALLORY);
    const plan = planSticky({ ...base, prHeadSha: B, comments: [forged] });
    expect(plan.action).toBe('create');
  });
});

describe('planDedupe with forged comments', () => {
  it('keeps our oldest, and neither keeps nor removes an older forged one', () => {
    const forged = comment(id(A, 999_999), MALLORY);
    const theirs = comment(id(A, 3), BOT);
    const ours = comment(id(A, 10), BOT);
    const plan = planDedupe({
      comments: [forged, theirs, ours],
      identity: id(A, 10),
      author: BOT,
      createdId: ours.id,
      prHeadSha: A,
    });
    expect(plan?.keep.id).toBe(theirs.id);
    expect(plan?.remove.map((c) => c.id)).toEqual([ours.id]);
    expect(plan?.updateKept).toBe(true);
  });

  it('keeps ours when the only other one is forged', () => {
    const forged = comment(id(A, 1), MALLORY);
    const ours = comment(id(A, 10), BOT);
    const plan = planDedupe({
      comments: [forged, ours],
      identity: id(A, 10),
      author: BOT,
      createdId: ours.id,
      prHeadSha: A,
    });
    expect(plan).toMatchObject({ keep: { id: ours.id }, remove: [], updateKept: false });
  });

  it("finds nothing to keep when only others' comments are listed", () => {
    const forged = comment(id(A, 1), MALLORY);
    expect(
      planDedupe({
        comments: [forged],
        identity: id(A, 10),
        author: BOT,
        createdId: 12345,
        prHeadSha: A,
      }),
    ).toBeUndefined();
  });
});
