import { z } from 'zod';
import { ConfidenceInterval, Direction, Provenance } from './envelope';

export const ComparisonState = z.enum([
  'improved',
  'unchanged',
  'regressed',
  'noise',
  'missing',
  'errored',
  'new',
]);
export type ComparisonState = z.infer<typeof ComparisonState>;

/** The rule a metric was held to, after the policy file and the shortcut inputs were merged. */
export const AppliedRule = z.lazy(() =>
  z.object({
    direction: Direction,
    min: z.number().optional(),
    max: z.number().optional(),
    maxDrop: z.number().optional(),
    maxRelativeDrop: z.number().optional(),
    tier: z.enum(['warn', 'fail']),
    requireSignificance: z.boolean(),
    required: z.boolean(),
    /** The largest allowed drop of the metric in any slice (the bias gate), absolute. */
    maxSliceDrop: z.number().optional(),
    /** The TOST margin, absolute on the metric's scale (0.01 = 1 point of accuracy). */
    equivalenceMargin: z.number().optional(),
    /** True when no rule names the metric: it is shown, and gated only by a significant drop. */
    informational: z.boolean().optional(),
    /** The rule's origin, e.g. `policy.yml`, `input max-accuracy-drop`, `default`. */
    source: z.string(),
  }),
);
export type AppliedRule = z.infer<typeof AppliedRule>;

export const MetricComparison = z.lazy(() =>
  z.object({
    metric: z.string(),
    /** For per-slice rows: the slice column and value. */
    slice: z.object({ column: z.string(), value: z.string() }).optional(),
    baseline: z.number().nullable(),
    candidate: z.number().nullable(),
    delta: z.number().nullable(),
    relativeDelta: z.number().nullable(),
    ci: ConfidenceInterval.optional(),
    pValue: z.number().nullable(),
    /** The test behind `pValue`: paired (McNemar, bootstrap) or unpaired (two-proportion z). */
    test: z.enum(['mcnemar-exact', 'paired-bootstrap', 'two-proportion-z', 'none']),
    /** False when the runs could not be paired and the test (if any) is unpaired. */
    paired: z.boolean().optional(),
    /** Examples behind a paired test (those both runs scored). */
    n: z.number().int().nonnegative().optional(),
    rule: AppliedRule,
    state: ComparisonState,
    /** What the state means for the gate. */
    verdict: z.enum(['pass', 'warn', 'fail']),
    message: z.string(),
    noisy: z.boolean().optional(),
    /**
     * Two one-sided tests on the paired difference (candidate − baseline) against the rule's
     * `equivalence-margin`, absolute on the metric's scale: `lower`/`upper` are its (1 − 2α)
     * interval; `neededN` (inconclusive only) the paired examples for 80% power at α when the
     * true difference is 0.
     */
    equivalence: z
      .object({
        margin: z.number(),
        lower: z.number(),
        upper: z.number(),
        pValue: z.number(),
        decision: z.enum(['equivalent', 'better', 'worse', 'inconclusive']),
        neededN: z.number().int().positive().optional(),
      })
      .optional(),
  }),
);
export type MetricComparison = z.infer<typeof MetricComparison>;

/** The body of a `modelgate/regression@1` report. */
export const RegressionBody = z.lazy(() =>
  z.object({
    candidateKind: z.string(),
    baseline: z.object({
      source: z.enum(['path', 'artifact', 'none']),
      path: z.string().optional(),
      artifact: z
        .object({
          name: z.string(),
          runId: z.number().int(),
          sha: z.string(),
          ageDays: z.number(),
          exactMergeBase: z.boolean(),
          url: z.string().optional(),
          workflow: z.string().optional(),
          branch: z.string().optional(),
        })
        .optional(),
      provenance: Provenance.optional(),
    }),
    noBaseline: z.boolean(),
    paired: z.boolean(),
    /** Why a paired comparison was refused (e.g. the eval sets differ). */
    pairedRefused: z.string().optional(),
    alpha: z.number(),
    bootstrapResamples: z.number().int().positive(),
    seed: z.number().int(),
    /** The verdict of a drop beyond tolerance that is not significant. */
    noiseVerdict: z.enum(['pass', 'warn', 'fail']).optional(),
    /** The policy file, when one was used. */
    policy: z.string().optional(),
    comparisons: z.array(MetricComparison),
    notes: z.array(z.string()),
    /**
     * Paired classification or LLM runs: the examples the candidate fixed (wrong → right) and
     * broke (right → wrong); `listed` holds the first of them, broken first, outputs cut to a
     * stated length; `truncated` when there are more (the artifact's flips file has them all).
     */
    flips: z
      .object({
        fixed: z.number().int().nonnegative(),
        broken: z.number().int().nonnegative(),
        listed: z.array(
          z.object({
            id: z.string(),
            kind: z.enum(['fixed', 'broken']),
            expected: z.string().optional(),
            baseline: z.string().optional(),
            candidate: z.string().optional(),
          }),
        ),
        truncated: z.boolean(),
        /** The JSONL file with every flip, relative to the report's folder. */
        path: z.string().optional(),
      })
      .optional(),
    /**
     * Whether the two runs measured the same thing: false with the differences (eval set
     * fingerprint, task, label set, slice columns) when they did not; paired tests are then
     * refused and every comparison is unpaired.
     */
    comparability: z
      .object({
        comparable: z.boolean(),
        differences: z.array(
          z.object({
            aspect: z.enum(['eval-set', 'task', 'labels', 'slices']),
            baseline: z.string(),
            candidate: z.string(),
          }),
        ),
      })
      .optional(),
  }),
);
export type RegressionBody = z.infer<typeof RegressionBody>;
