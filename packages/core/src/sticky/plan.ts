/**
 * The decisions of the sticky comment, as pure functions of the comments listed from GitHub.
 * The action carries them out with a GitHubClient; these say what to do.
 *
 * Only comments written by the expected author (the token's own login) count: anyone can post a
 * comment that carries our marker, and a forged one must neither hide our verdict (by claiming a
 * newer run) nor be edited, deleted or hidden by us.
 */
import { comparableBody, compareFreshness, parseMarker } from './marker';
import type { StickyIdentity } from './marker';

/** How an existing comment is replaced: in place, deleted and re-posted, hidden and re-posted. */
export type CommentMode = 'update' | 'recreate' | 'hide-and-new' | 'off';

/** The fields of a listed comment that the plans read. */
export interface ListedComment {
  readonly id: number;
  readonly nodeId: string;
  readonly body: string;
  readonly createdAt: string;
  /** The login of the comment's author; undefined when GitHub gives none (a deleted account). */
  readonly userLogin?: string | undefined;
}

/**
 * What a GitHub login looks like: a user's or organisation's (letters, digits, `-`), an
 * enterprise-managed user's (`_`, and `.` on some GHES instances), or an app's `<slug>[bot]`.
 */
export const GITHUB_LOGIN_PATTERN = /^[A-Za-z0-9][A-Za-z0-9._-]{0,99}(\[bot\])?$/;

/**
 * True when a comment by `userLogin` is one of `author`'s. GitHub logins are case-insensitive;
 * a comment without an author (a deleted account) is nobody's.
 */
export function isAuthor(userLogin: string | undefined, author: string): boolean {
  return userLogin !== undefined && userLogin.toLowerCase() === author.toLowerCase();
}

/** A comment that carries a live marker with our key, with the fields it was listed with. */
export type StickyComment<C extends ListedComment = ListedComment> = C & {
  readonly identity: StickyIdentity;
};

export type StickyPlan<C extends ListedComment = ListedComment> =
  | {
      readonly action: 'skip';
      readonly reason: 'off' | 'unchanged' | 'newer-exists';
      readonly existing?: StickyComment<C>;
    }
  | {
      readonly action: 'update';
      readonly target: StickyComment<C>;
      /** Duplicates left by an earlier race, to delete. */
      readonly duplicates: readonly StickyComment<C>[];
    }
  | {
      readonly action: 'create';
      /** Comments to delete (`recreate`) or hide (`hide-and-new`) once the new one exists. */
      readonly retire: readonly StickyComment<C>[];
      readonly retireBy: 'delete' | 'hide';
    };

/**
 * The live sticky comments with `key` written by `author` (case-insensitive), oldest first (by
 * creation time, then id: a tie-break that every concurrent run computes the same way). Comments
 * with the marker by anyone else are left out: see {@link findForeignSticky}.
 */
export function findSticky<C extends ListedComment>(
  comments: readonly C[],
  key: string,
  author: string,
): StickyComment<C>[] {
  return markedWith(comments, key).filter((c) => isAuthor(c.userLogin, author));
}

/**
 * The comments that carry a live marker with `key` but were written by someone other than
 * `author`: forged, or left by another token. The plans never act on them; the caller may say
 * that they were ignored. Oldest first, as {@link findSticky}.
 */
export function findForeignSticky<C extends ListedComment>(
  comments: readonly C[],
  key: string,
  author: string,
): StickyComment<C>[] {
  return markedWith(comments, key).filter((c) => !isAuthor(c.userLogin, author));
}

function markedWith<C extends ListedComment>(
  comments: readonly C[],
  key: string,
): StickyComment<C>[] {
  const out: StickyComment<C>[] = [];
  for (const c of comments) {
    const identity = parseMarker(c.body);
    if (identity?.key === key) out.push({ ...c, identity });
  }
  return out.sort((a, b) => Date.parse(a.createdAt) - Date.parse(b.createdAt) || a.id - b.id);
}

export interface PlanInput<C extends ListedComment> {
  readonly comments: readonly C[];
  readonly identity: StickyIdentity;
  /** The login whose comments are ours (see {@link findSticky}); everyone else's are ignored. */
  readonly author: string;
  readonly mode: CommentMode;
  readonly skipUnchanged: boolean;
  /** The new body, with its marker. */
  readonly body: string;
  /** The PR's current head sha (from the API), when known. */
  readonly prHeadSha: string | undefined;
}

/**
 * What to do with the comment: skip it (mode `off`, an unchanged body with `skip-unchanged`, an
 * existing comment of a newer run or head, or any existing comment when our head is no longer
 * the PR's head), update the oldest live one in place, or create a
 * new one and retire the old ones. Only `author`'s comments are considered: a comment by anyone
 * else is never a reason to skip, nor a target to update, delete or hide.
 */
export function planSticky<C extends ListedComment>(input: PlanInput<C>): StickyPlan<C> {
  if (input.mode === 'off') return { action: 'skip', reason: 'off' };
  const live = findSticky(input.comments, input.identity.key, input.author);
  const [target, ...duplicates] = live;
  if (target === undefined) return { action: 'create', retire: [], retireBy: 'delete' };
  // A run for a commit that is no longer the PR's head only fills an empty place: the run of the
  // current head writes the comment, and a stale writer racing it could otherwise write last.
  const stale =
    input.prHeadSha !== undefined && input.identity.headSha !== input.prHeadSha.toLowerCase();
  if (stale) return { action: 'skip', reason: 'newer-exists', existing: target };
  const fresher = live.find(
    (c) => compareFreshness(input.identity, c.identity, input.prHeadSha) < 0,
  );
  if (fresher !== undefined) return { action: 'skip', reason: 'newer-exists', existing: fresher };
  if (input.skipUnchanged && comparableBody(target.body) === comparableBody(input.body)) {
    return { action: 'skip', reason: 'unchanged', existing: target };
  }
  if (input.mode === 'update') return { action: 'update', target, duplicates };
  return {
    action: 'create',
    retire: live,
    retireBy: input.mode === 'recreate' ? 'delete' : 'hide',
  };
}

export interface DedupePlan<C extends ListedComment> {
  /** The one comment that stays: the oldest live one. */
  readonly keep: StickyComment<C>;
  /** Every other live comment of the author's with our key. */
  readonly remove: readonly StickyComment<C>[];
  /** True when the kept comment is another run's and ours is fresher: write our body into it. */
  readonly updateKept: boolean;
}

export interface DedupeInput<C extends ListedComment> {
  /** The comments listed after creating ours. */
  readonly comments: readonly C[];
  readonly identity: StickyIdentity;
  /** The login whose comments are ours; everyone else's are neither kept nor removed. */
  readonly author: string;
  /** The id of the comment this run created. */
  readonly createdId: number;
  /** The PR's current head sha, when known. */
  readonly prHeadSha: string | undefined;
}

/**
 * After creating comment `createdId`, two concurrent runs may each have created one. Every run
 * re-lists and applies this plan: keep the oldest of `author`'s (the same for every run), delete
 * the others, and write our body into the kept one when ours is fresher. Undefined when no live
 * comment of `author`'s is listed (ours was deleted by a concurrent run that kept another and
 * found it fresher).
 */
export function planDedupe<C extends ListedComment>(
  input: DedupeInput<C>,
): DedupePlan<C> | undefined {
  const { identity, createdId, prHeadSha } = input;
  const [keep, ...remove] = findSticky(input.comments, identity.key, input.author);
  if (keep === undefined) return undefined;
  const stale = prHeadSha !== undefined && identity.headSha !== prHeadSha.toLowerCase();
  const updateKept =
    !stale && keep.id !== createdId && compareFreshness(identity, keep.identity, prHeadSha) > 0;
  return { keep, remove, updateKept };
}
