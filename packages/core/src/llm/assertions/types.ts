import type { ChatMessage } from '../template';

/** The assertion types, without the `not-` prefix that negates any of them. */
export const BASE_ASSERTION_TYPES = [
  'equals',
  'contains',
  'icontains',
  'contains-any',
  'contains-all',
  'icontains-any',
  'icontains-all',
  'starts-with',
  'regex',
  'is-json',
  'token-f1',
  'rouge-l',
  'levenshtein',
  'max-length',
  'max-latency-ms',
  'max-cost-usd',
  'llm-rubric',
  'pairwise',
] as const;
export type BaseAssertionType = (typeof BASE_ASSERTION_TYPES)[number];

/** What one check found, before negation and weighting. `score` is in [0, 1]. */
export interface CheckOutcome {
  readonly pass: boolean;
  readonly score: number;
  readonly reason: string;
  /** The check could not be evaluated (a judge failure, an unknown cost): never a pass. */
  readonly error?: boolean;
}

/** The outcome of one assertion on one output. */
export interface AssertionResult extends CheckOutcome {
  /** The type as written, e.g. `not-contains`. */
  readonly type: string;
  readonly weight: number;
}

/**
 * A judge model as the assertions see it: it completes a chat and returns the text. It throws
 * when the call fails; the assertion then errors (never passes).
 */
export interface JudgeClient {
  readonly model: string;
  complete(messages: readonly ChatMessage[]): Promise<string>;
}

/** What an assertion looks at: the output, how it was made, and the judge when there is one. */
export interface AssertionContext {
  readonly output: string;
  /** Milliseconds the request took; for a cache hit, the latency recorded when it was cached. */
  readonly latencyMs?: number;
  /** The cost of the request in USD; undefined when the model has no known price. */
  readonly costUsd?: number;
  /** The rendered prompt that produced the output (shown to the judge). */
  readonly prompt: readonly ChatMessage[];
  /** The baseline's stored output for the same case, for `pairwise`. */
  readonly baselineOutput?: string;
  readonly judge?: JudgeClient;
}

/** A check whose value and options are already rendered for one case. */
export type Check = (ctx: AssertionContext) => CheckOutcome | Promise<CheckOutcome>;

/** An assertion ready to run on one case's outputs. */
export interface CompiledAssertion {
  readonly type: string;
  readonly base: BaseAssertionType;
  readonly negate: boolean;
  readonly weight: number;
  evaluate(ctx: AssertionContext): Promise<AssertionResult>;
}
