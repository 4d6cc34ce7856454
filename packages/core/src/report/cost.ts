import { z } from 'zod';

/*
 * Money in a cost report is in USD. Totals are rounded to the cent (half to even, on the exact
 * decimal value); the parts of a total (a breakdown, the segments) are apportioned by the
 * largest-remainder method so that they add up exactly to the total shown. Per-request figures
 * keep 6 decimal places.
 */

/** The prices used for one model, per one million tokens, with where they came from. */
export const PriceUsed = z.lazy(() =>
  z.object({
    provider: z.string(),
    model: z.string(),
    inputPer1M: z.number().nonnegative(),
    outputPer1M: z.number().nonnegative(),
    cachedInputPer1M: z.number().nonnegative().optional(),
    batchDiscount: z.number().min(0).max(1).optional(),
    asOf: z.string(),
    source: z.string(),
    /** The price table it came from: the built-in version, `+` the pricing file when one was merged. */
    tableVersion: z.string().optional(),
  }),
);
export type PriceUsed = z.infer<typeof PriceUsed>;

/** One traffic segment's cost in the projected month. */
export const SegmentCost = z.lazy(() =>
  z.object({
    name: z.string(),
    /** Requests in the projected month (after growth), rounded to a whole request for display. */
    monthlyRequests: z.number().nonnegative(),
    inputTokensPerRequest: z.number().nonnegative(),
    outputTokensPerRequest: z.number().nonnegative(),
    inputUsd: z.number(),
    cachedInputUsd: z.number(),
    outputUsd: z.number(),
    totalUsd: z.number(),
    /** The segment's share of the GPU bill (self-hosted), in proportion to its tokens. */
    gpuUsd: z.number().optional(),
    /** Requests per month as written in the traffic profile (month 1). */
    baseMonthlyRequests: z.number().nonnegative().optional(),
    growthPctPerMonth: z.number().optional(),
    cachedInputShare: z.number().min(0).max(1).optional(),
    batchShare: z.number().min(0).max(1).optional(),
  }),
);
export type SegmentCost = z.infer<typeof SegmentCost>;

/** Self-hosted serving: GPU instances × hourly price × hours per month. */
export const GpuCost = z.lazy(() =>
  z.object({
    hourlyUsd: z.number(),
    instances: z.number(),
    hoursPerMonth: z.number(),
    /** `count` (given), or `throughput` (derived from measured tokens/s and the peak). */
    derivedFrom: z.string(),
    throughputTokensPerSecond: z.number().optional(),
    throughputBasis: z.enum(['total', 'output']).optional(),
    peakFactor: z.number().optional(),
    /** Average tokens/s of the basis over the month, and at the peak. */
    averageTokensPerSecond: z.number().optional(),
    peakTokensPerSecond: z.number().optional(),
    minCount: z.number().optional(),
  }),
);
export type GpuCost = z.infer<typeof GpuCost>;

export const CostEstimate = z.lazy(() =>
  z.object({
    model: z.string(),
    provider: z.string(),
    hosting: z.enum(['api', 'self-hosted']),
    /** Requests in the projected month over all segments, rounded to a whole request. */
    monthlyRequests: z.number().nonnegative(),
    monthlyCostUsd: z.number(),
    costPer1kRequestsUsd: z.number(),
    costPerRequestUsd: z.number().optional(),
    breakdown: z.object({
      inputUsd: z.number(),
      cachedInputUsd: z.number(),
      outputUsd: z.number(),
      gpuUsd: z.number(),
    }),
    /** Tokens in the projected month, over all segments, rounded to whole tokens. */
    tokens: z
      .object({
        input: z.number().nonnegative(),
        cachedInput: z.number().nonnegative(),
        output: z.number().nonnegative(),
      })
      .optional(),
    segments: z.array(SegmentCost),
    prices: PriceUsed.optional(),
    gpu: GpuCost.optional(),
    tokensSource: z.enum(['evaluation', 'inputs', 'traffic-profile']),
    /** The projected month: 1 is the traffic as written; later months apply the growth. */
    month: z.number().int().positive().optional(),
  }),
);
export type CostEstimate = z.infer<typeof CostEstimate>;

/** The body of a `modelgate/cost@1` report. */
export const CostBody = z.lazy(() =>
  z.object({
    currency: z.literal('USD'),
    candidate: CostEstimate,
    baseline: CostEstimate.optional(),
    /** Where the baseline came from: a model config, a cost report file, or an artifact. */
    baselineSource: z.enum(['config', 'report', 'artifact']).optional(),
    /** Candidate minus baseline, from the cent totals shown. Null without a baseline. */
    deltaUsd: z.number().nullable(),
    /** deltaUsd over the baseline's cost, in percent, 2 places. Null without a baseline or at $0. */
    deltaPct: z.number().nullable(),
    gates: z.object({
      maxCostIncreasePct: z.number().optional(),
      monthlyBudgetUsd: z.number().optional(),
    }),
    /** How money is rounded, in words. */
    rounding: z.string().optional(),
  }),
);
export type CostBody = z.infer<typeof CostBody>;
