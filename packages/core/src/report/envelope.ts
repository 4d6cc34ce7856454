import { z } from 'zod';

/** The verdict of a report: pass, warn (merge allowed), fail (gate closed), error (could not run). */
export const ReportStatus = z.enum(['pass', 'warn', 'fail', 'error']);
export type ReportStatus = z.infer<typeof ReportStatus>;

/** Where a report came from: the repository, commit, run and pull request it was made for. */
export const Provenance = z.lazy(() =>
  z.object({
    repository: z.string().optional(),
    sha: z.string().optional(),
    ref: z.string().optional(),
    workflow: z.string().optional(),
    runId: z.number().int().optional(),
    runAttempt: z.number().int().optional(),
    job: z.string().optional(),
    prNumber: z.number().int().optional(),
    headSha: z.string().optional(),
    baseRef: z.string().optional(),
    baseSha: z.string().optional(),
    serverUrl: z.string().optional(),
    /** ISO 8601 time the report was made. */
    time: z.string(),
    /** The modelgate action and version that made it. */
    tool: z.object({ name: z.string(), version: z.string() }),
  }),
);
export type Provenance = z.infer<typeof Provenance>;

/** A file the report was computed from, so that a reader can tell whether two runs used the same. */
export const InputFingerprint = z.lazy(() =>
  z.object({
    /** What the file was to the action, e.g. `data`, `reference`, `dataset`, `policy`. */
    role: z.string(),
    path: z.string(),
    sha256: z.string().regex(/^[0-9a-f]{64}$/),
    bytes: z.number().int().nonnegative(),
    rows: z.number().int().nonnegative().optional(),
  }),
);
export type InputFingerprint = z.infer<typeof InputFingerprint>;

/** Which way a metric is better. `none` for descriptive numbers that have no better side. */
export const Direction = z.enum(['higher', 'lower', 'none']);
export type Direction = z.infer<typeof Direction>;

/** A confidence interval; `level` is a fraction, e.g. 0.95. */
export const ConfidenceInterval = z.lazy(() =>
  z.object({
    lower: z.number(),
    upper: z.number(),
    level: z.number().gt(0).lt(1),
    method: z.string().optional(),
  }),
);
export type ConfidenceInterval = z.infer<typeof ConfidenceInterval>;

/**
 * One named number. `value` is null when it is undefined for the data (e.g. ROC AUC with one
 * class present); `unit` is e.g. `fraction`, `ms`, `usd`, `count`, `tokens`, `ratio`.
 */
export const Metric = z.lazy(() =>
  z.object({
    value: z.number().nullable(),
    unit: z.string().optional(),
    direction: Direction,
    ci: ConfidenceInterval.optional(),
    n: z.number().int().nonnegative().optional(),
    description: z.string().optional(),
  }),
);
export type Metric = z.infer<typeof Metric>;

export const Severity = z.enum(['error', 'warning', 'notice']);
export type Severity = z.infer<typeof Severity>;

/** One thing found: a violation, a drifted column, a regression. Lines and columns are 1-based. */
export const Finding = z.lazy(() =>
  z.object({
    code: z.string(),
    severity: Severity,
    message: z.string(),
    file: z.string().optional(),
    line: z.number().int().positive().optional(),
    column: z.number().int().positive().optional(),
    /** The dataset column or metric the finding is about, when there is one. */
    subject: z.string().optional(),
  }),
);
export type Finding = z.infer<typeof Finding>;

/** The fields every report carries, whatever its kind (made when a report schema is first used). */
export function envelopeShape() {
  return {
    status: ReportStatus,
    summary: z.string(),
    provenance: Provenance,
    inputs: z.array(InputFingerprint),
    metrics: z.record(z.string(), Metric),
    findings: z.array(Finding),
  };
}
