import { z } from 'zod';

/** The prices used for one model, per one million tokens, with where they came from. */
export const PriceUsed = z.object({
  provider: z.string(),
  model: z.string(),
  inputPer1M: z.number().nonnegative(),
  outputPer1M: z.number().nonnegative(),
  cachedInputPer1M: z.number().nonnegative().optional(),
  batchDiscount: z.number().min(0).max(1).optional(),
  asOf: z.string(),
  source: z.string(),
});
export type PriceUsed = z.infer<typeof PriceUsed>;

export const SegmentCost = z.object({
  name: z.string(),
  monthlyRequests: z.number().nonnegative(),
  inputTokensPerRequest: z.number().nonnegative(),
  outputTokensPerRequest: z.number().nonnegative(),
  inputUsd: z.number(),
  cachedInputUsd: z.number(),
  outputUsd: z.number(),
  totalUsd: z.number(),
});
export type SegmentCost = z.infer<typeof SegmentCost>;

export const CostEstimate = z.object({
  model: z.string(),
  provider: z.string(),
  hosting: z.enum(['api', 'self-hosted']),
  monthlyRequests: z.number().nonnegative(),
  monthlyCostUsd: z.number(),
  costPer1kRequestsUsd: z.number(),
  breakdown: z.object({
    inputUsd: z.number(),
    cachedInputUsd: z.number(),
    outputUsd: z.number(),
    gpuUsd: z.number(),
  }),
  segments: z.array(SegmentCost),
  prices: PriceUsed.optional(),
  gpu: z
    .object({
      hourlyUsd: z.number(),
      instances: z.number(),
      hoursPerMonth: z.number(),
      derivedFrom: z.string(),
    })
    .optional(),
  tokensSource: z.enum(['evaluation', 'inputs', 'traffic-profile']),
});
export type CostEstimate = z.infer<typeof CostEstimate>;

/** The body of a `modelgate/cost@1` report. */
export const CostBody = z.object({
  currency: z.literal('USD'),
  candidate: CostEstimate,
  baseline: CostEstimate.optional(),
  deltaUsd: z.number().nullable(),
  deltaPct: z.number().nullable(),
  gates: z.object({
    maxCostIncreasePct: z.number().optional(),
    monthlyBudgetUsd: z.number().optional(),
  }),
});
export type CostBody = z.infer<typeof CostBody>;
