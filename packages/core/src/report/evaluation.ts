import { z } from 'zod';

const AssertionOutcome = z.lazy(() =>
  z.object({
    type: z.string(),
    pass: z.boolean(),
    score: z.number().optional(),
    reason: z.string().optional(),
    error: z.boolean().optional(),
  }),
);

/** LLM mode: one repeat of one case. `costUsd` is the model request's, `judgeCostUsd` the judge's. */
export const LlmTrial = z.lazy(() =>
  z.object({
    status: z.enum(['ok', 'error', 'not-run']),
    output: z.string().optional(),
    error: z.string().optional(),
    pass: z.boolean(),
    score: z.number().optional(),
    assertions: z.array(AssertionOutcome),
    latencyMs: z.number().optional(),
    cached: z.boolean().optional(),
    inputTokens: z.number().optional(),
    outputTokens: z.number().optional(),
    tokensEstimated: z.boolean().optional(),
    costUsd: z.number().optional(),
    judgeCostUsd: z.number().optional(),
    /** The model id the server returned for this trial's request (OpenAI's `model`). */
    modelId: z.string().optional(),
  }),
);
export type LlmTrial = z.infer<typeof LlmTrial>;

/** One row of the per-example JSONL written beside an evaluation report. */
export const ExampleResult = z.lazy(() =>
  z.object({
    id: z.string(),
    expected: z.unknown().optional(),
    predicted: z.unknown().optional(),
    /** Class probabilities keyed by label, or a single positive-class score. */
    probabilities: z.record(z.string(), z.number()).optional(),
    score: z.number().optional(),
    correct: z.boolean().optional(),
    /** Why the example has no prediction; an errored example is never silently dropped. */
    error: z.string().optional(),
    /**
     * A stable kind for `error`, counted in `body.errors`: e.g. `missing-prediction`, `http`,
     * `timeout`, `network`, `command`, `invalid-prediction`.
     */
    errorCode: z.string().optional(),
    /** `not-run` when a spend cap stopped the run before this example. */
    status: z.enum(['ok', 'error', 'not-run']).optional(),
    latencyMs: z.number().optional(),
    inputTokens: z.number().optional(),
    outputTokens: z.number().optional(),
    tokensEstimated: z.boolean().optional(),
    costUsd: z.number().optional(),
    cached: z.boolean().optional(),
    /** Slice column values of the row, for per-slice metrics and the bias gate. */
    slices: z.record(z.string(), z.string()).optional(),
    /** LLM mode: assertion outcomes, the repeat pass rate and whether the case is flaky. */
    assertions: z.array(AssertionOutcome).optional(),
    passRate: z.number().optional(),
    repeats: z.number().int().optional(),
    flaky: z.boolean().optional(),
    /** LLM mode: the population variance of the repeat scores (`score` is their mean). */
    scoreVariance: z.number().optional(),
    /** LLM mode: each repeat of the case, in order (the fields above sum or summarise them). */
    trials: z.array(LlmTrial).optional(),
    /** The row's index in the eval set, 0-based. */
    index: z.number().int().nonnegative().optional(),
    shard: z.number().int().nonnegative().optional(),
  }),
);
export type ExampleResult = z.infer<typeof ExampleResult>;

export const SliceMetrics = z.lazy(() =>
  z.object({
    column: z.string(),
    value: z.string(),
    n: z.number().int().nonnegative(),
    metrics: z.record(z.string(), z.number().nullable()),
    /** True when n is below the minimum slice size: the slice is listed but not scored. */
    belowMinimum: z.boolean().optional(),
  }),
);
export type SliceMetrics = z.infer<typeof SliceMetrics>;

/** The body of a `modelgate/evaluation@1` report. */
export const EvaluationBody = z.lazy(() =>
  z.object({
    task: z.enum(['classification', 'regression', 'llm']),
    model: z.object({
      name: z.string().optional(),
      endpoint: z.string().optional(),
      version: z.string().optional(),
      /** The model id the server returned (LLM mode). */
      modelId: z.string().optional(),
      promptSha256: z.string().optional(),
      source: z.enum(['predictions', 'endpoint', 'command', 'openai-compatible']),
    }),
    dataset: z.object({
      path: z.string(),
      sha256: z.string(),
      rows: z.number().int().nonnegative(),
    }),
    shard: z
      .object({ index: z.number().int().positive(), count: z.number().int().positive() })
      .optional(),
    /** Shard reports merged into this one, when it is a merge. */
    mergedFrom: z.number().int().positive().optional(),
    examples: z.object({
      total: z.number().int().nonnegative(),
      evaluated: z.number().int().nonnegative(),
      errored: z.number().int().nonnegative(),
      notRun: z.number().int().nonnegative(),
      missingPredictions: z.number().int().nonnegative(),
      unknownIds: z.number().int().nonnegative(),
    }),
    /** Where the per-example JSONL is, relative to the report file. */
    perExample: z
      .object({ path: z.string(), sha256: z.string(), rows: z.number().int().nonnegative() })
      .optional(),
    labels: z.array(z.string()).optional(),
    /** Binary classification: the label that ROC AUC, Brier score and `*_positive` refer to. */
    positiveLabel: z.string().optional(),
    /** How the predictions were obtained: wall time, requests and retries (endpoint, command). */
    run: z
      .object({
        durationMs: z.number().nonnegative().optional(),
        requests: z.number().int().nonnegative().optional(),
        retries: z.number().int().nonnegative().optional(),
      })
      .optional(),
    confusionMatrix: z
      .object({ labels: z.array(z.string()), matrix: z.array(z.array(z.number().int())) })
      .optional(),
    perClass: z
      .record(
        z.string(),
        z.object({
          precision: z.number(),
          recall: z.number(),
          f1: z.number(),
          support: z.number().int(),
        }),
      )
      .optional(),
    slices: z.array(SliceMetrics).optional(),
    errors: z.record(z.string(), z.number().int().nonnegative()).optional(),
    llm: z
      .object({
        passRate: z.number().nullable(),
        byAssertion: z.record(
          z.string(),
          z.object({ passed: z.number().int(), total: z.number().int() }),
        ),
        flaky: z.array(z.string()),
        cacheHits: z.number().int().nonnegative(),
        requests: z.number().int().nonnegative(),
        repeats: z.number().int().positive(),
        costUsd: z.number().nullable(),
        judge: z.object({ model: z.string(), promptVersion: z.string() }).optional(),
        /** The spend cap (`max-cost-usd`), and whether the run stopped at it. */
        maxCostUsd: z.number().optional(),
        capReached: z.boolean().optional(),
        /** Cost of the judge's requests, included in `costUsd`. */
        judgeCostUsd: z.number().nullable().optional(),
        /** Requests whose tokens were counted locally because the server sent no usage. */
        tokensEstimated: z.number().int().nonnegative().optional(),
        erroredCases: z.number().int().nonnegative().optional(),
        notRunCases: z.number().int().nonnegative().optional(),
      })
      .optional(),
  }),
);
export type EvaluationBody = z.infer<typeof EvaluationBody>;
