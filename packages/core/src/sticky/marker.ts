/**
 * The hidden marker that makes a PR comment sticky: `<!-- modelgate:comment key=<key>
 * head=<sha> run=<id> -->` as the first line of the body. The key lets several workflows each
 * keep their own comment; the head sha and run id tell which run wrote it, so that an older run
 * never overwrites the comment of a newer one.
 */
import { InputError } from '../errors';

/** Which run a comment belongs to. */
export interface StickyIdentity {
  /** The `comment-key`: letters, digits, `.`, `_`, `-`; at most 64 characters. */
  readonly key: string;
  /** The PR head commit the comment describes (hex), or `unknown`. */
  readonly headSha: string;
  /** The workflow run id that wrote it. */
  readonly runId: number;
}

/** What a valid `comment-key` looks like. */
export const COMMENT_KEY_PATTERN = /^[A-Za-z0-9._-]{1,64}$/;

const MARKER =
  /^<!-- modelgate:comment key=([A-Za-z0-9._-]{1,64}) head=([0-9a-f]{7,64}|unknown) run=(\d{1,20}) -->/;

/**
 * The marker line for `identity`. Throws an {@link InputError} when the key is not a valid
 * comment key, and a RangeError for a head sha that is not hex or a run id that is not a
 * non-negative integer (the caller's bug: they come from the runner).
 */
export function formatMarker(identity: StickyIdentity): string {
  if (!COMMENT_KEY_PATTERN.test(identity.key)) {
    throw new InputError(
      `Input 'comment-key' must be 1 to 64 letters, digits, '.', '_' or '-', e.g. ml-gate; got "${identity.key.slice(0, 80)}".`,
    );
  }
  const head = identity.headSha.toLowerCase();
  if (!/^([0-9a-f]{7,64}|unknown)$/.test(head)) {
    throw new RangeError(`Not a commit sha: ${identity.headSha}`);
  }
  if (!Number.isSafeInteger(identity.runId) || identity.runId < 0) {
    throw new RangeError(`Not a run id: ${identity.runId}`);
  }
  return `<!-- modelgate:comment key=${identity.key} head=${head} run=${identity.runId} -->`;
}

/** The identity in a comment body's first-line marker; undefined when it has none. */
export function parseMarker(body: string): StickyIdentity | undefined {
  const match = MARKER.exec(body);
  if (!match) return undefined;
  const [, key, headSha, run] = match;
  if (key === undefined || headSha === undefined || run === undefined) return undefined;
  const runId = Number(run);
  if (!Number.isSafeInteger(runId)) return undefined;
  return { key, headSha, runId };
}

/** True when `body` carries a marker with this key. */
export function hasMarker(body: string, key: string): boolean {
  return parseMarker(body)?.key === key;
}

/**
 * The body without what changes from run to run while the content does not: the head sha and
 * run id of the marker, and run ids in links to workflow runs. `skip-unchanged` compares these.
 */
export function comparableBody(body: string): string {
  return body
    .replace(MARKER, (_m, key: string) => `<!-- modelgate:comment key=${key} -->`)
    .replace(/\/actions\/runs\/\d+(\/attempts\/\d+)?/g, '/actions/runs/*')
    .trimEnd();
}

/** The marker of a comment that a later one replaced (`hide-and-new`); no longer found as live. */
export function retiredMarkerBody(body: string): string {
  return body.replace(MARKER, (m) => m.replace('modelgate:comment ', 'modelgate:retired '));
}

/**
 * Which of two comments is fresher, given the PR's current head: 1 when `ours` is, -1 when
 * `theirs` is, 0 when they are the same run. For the same head, the later run wins. For
 * different heads, ours wins only when it is the PR's current head: a run for an old head never
 * overwrites (when the PR head is unknown, neither is assumed current and `theirs` is kept).
 */
export function compareFreshness(
  ours: StickyIdentity,
  theirs: StickyIdentity,
  prHeadSha: string | undefined,
): -1 | 0 | 1 {
  if (ours.headSha === theirs.headSha) {
    return ours.runId === theirs.runId ? 0 : ours.runId > theirs.runId ? 1 : -1;
  }
  if (prHeadSha !== undefined && ours.headSha === prHeadSha.toLowerCase()) return 1;
  return -1;
}
