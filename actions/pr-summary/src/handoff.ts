/**
 * The fork handoff. A fork PR's token cannot comment, so the comment run uploads what it would
 * have posted as an artifact; a `workflow_run` workflow in `mode: publish` (which has a write
 * token and never runs PR code) downloads it and posts it.
 *
 * The artifact was made by PR code, so it is untrusted: the publish side re-validates every
 * field, caps sizes, and never posts its markdown. It re-parses the reports against their
 * schemas and renders the comment itself, so that escaping is applied by trusted code.
 */
import { z } from 'zod';
import {
  COMMENT_KEY_PATTERN,
  DataError,
  formatIssues,
  parseJsonDocument,
  parseReport,
} from '@modelgate/core';
import type { AnyReport } from '@modelgate/core';

/** The schema id of the handoff file. */
export const HANDOFF_SCHEMA = 'modelgate/pr-comment@1';

/** The handoff file's name inside the artifact. */
export const HANDOFF_FILE = 'pr-comment.json';

/** The rendered comment beside it, for people reading the artifact (never posted as is). */
export const HANDOFF_MARKDOWN_FILE = 'comment.md';

/** The largest handoff file read, in bytes. */
export const HANDOFF_MAX_BYTES = 20 * 1024 * 1024;

/** The most reports a handoff may carry. */
export const HANDOFF_MAX_REPORTS = 200;

/** The artifact name for a comment key: one per key, so several workflows do not collide. */
export function handoffArtifactName(commentKey: string): string {
  return `modelgate-comment-${commentKey}`;
}

const Handoff = z.object({
  schema: z.literal(HANDOFF_SCHEMA),
  prNumber: z
    .number()
    .int()
    .positive()
    .max(2 ** 31),
  headSha: z.string().regex(/^([0-9a-f]{40}|[0-9a-f]{64})$/),
  runId: z.number().int().positive().max(Number.MAX_SAFE_INTEGER),
  commentKey: z.string().regex(COMMENT_KEY_PATTERN),
  reports: z.array(z.unknown()).min(1).max(HANDOFF_MAX_REPORTS),
});

export interface HandoffPayload {
  readonly prNumber: number;
  readonly headSha: string;
  /** The run that rendered it. */
  readonly runId: number;
  readonly commentKey: string;
  readonly reports: readonly AnyReport[];
}

/** The handoff file's content. No token or environment goes in it: only the reports. */
export function serializeHandoff(payload: HandoffPayload): string {
  return `${JSON.stringify({ schema: HANDOFF_SCHEMA, ...payload })}\n`;
}

/**
 * Validates an untrusted handoff file. Throws a {@link DataError} naming `source` when it is too
 * big, not JSON, not a handoff, has a PR number that is not a positive integer, a head that is not
 * a full commit sha, or a report that fails its schema.
 */
export function parseHandoff(text: string, source: string): HandoffPayload {
  const hint =
    'The artifact is made by the pr-summary run of the pull request; re-run it. A hand-edited or forged artifact is refused.';
  if (text.length > HANDOFF_MAX_BYTES) {
    throw new DataError(`${source} is over ${HANDOFF_MAX_BYTES} bytes; refusing to read it.`, {
      hint,
      location: { file: source },
    });
  }
  const value = parseJsonDocument(text, source, 'handoff');
  const result = Handoff.safeParse(value);
  if (!result.success) {
    throw new DataError(
      `${source} is not a valid pr-summary handoff: ${formatIssues(result.error)}.`,
      {
        hint,
        location: { file: source },
      },
    );
  }
  const h = result.data;
  const reports = h.reports.map((r, i) => parseReport(r, `${source} report ${i + 1}`));
  return {
    prNumber: h.prNumber,
    headSha: h.headSha,
    runId: h.runId,
    commentKey: h.commentKey,
    reports,
  };
}
