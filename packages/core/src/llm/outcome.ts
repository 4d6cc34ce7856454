import type { ExampleResult, LlmTrial } from '../report/evaluation';
import type { AssertionResult } from './assertions/types';

/** One run (repeat) of one case: the model's reply and what the assertions said of it. */
export interface TrialOutcome {
  /** `not-run`: the spend cap stopped it; `error`: the request failed or an assertion errored. */
  readonly status: 'ok' | 'error' | 'not-run';
  readonly output?: string;
  /** Why the request failed. */
  readonly error?: string;
  readonly assertions: readonly AssertionResult[];
  readonly latencyMs?: number;
  readonly cached?: boolean;
  readonly inputTokens?: number;
  readonly outputTokens?: number;
  readonly tokensEstimated?: boolean;
  /**
   * The model request's cost in USD at the price table's prices, also for a cache hit (what the
   * request costs; `cached` says it was not spent now). Undefined when the price is unknown.
   */
  readonly costUsd?: number;
  /** What the judge requests of this trial spent, in USD (cache hits spend nothing). */
  readonly judgeCostUsd?: number;
  readonly modelId?: string;
}

/**
 * Whether a trial passed: it ran without error and every assertion passed. A trial with no
 * assertions passes when its request succeeded.
 */
export function trialPassed(trial: TrialOutcome): boolean {
  return trial.status === 'ok' && trial.assertions.every((a) => a.pass && !a.error);
}

/** Whether a trial errored: its request failed or one of its assertions could not be evaluated. */
export function trialErrored(trial: TrialOutcome): boolean {
  return trial.status === 'error' || trial.assertions.some((a) => a.error === true);
}

/**
 * The score of a trial: the weighted mean of its assertions' scores (weights default to 1; a
 * failed request scores 0). Undefined when it has no assertions, all weights are 0, or it did
 * not run.
 */
export function trialScore(trial: TrialOutcome): number | undefined {
  if (trial.status === 'not-run') return undefined;
  if (trial.status === 'error') return 0;
  let sum = 0;
  let weights = 0;
  for (const a of trial.assertions) {
    sum += a.weight * a.score;
    weights += a.weight;
  }
  return weights === 0 ? undefined : sum / weights;
}

/** What the repeats of one case add up to. */
export interface CaseAggregate {
  /** `not-run` when no trial ran; `error` when any trial errored; else `ok`. */
  readonly status: 'ok' | 'error' | 'not-run';
  /** Trials that ran (not stopped by the spend cap). */
  readonly ran: number;
  readonly passed: number;
  /** passed / ran; null when nothing ran. */
  readonly passRate: number | null;
  /** The mean trial score; null when no trial has one. */
  readonly scoreMean: number | null;
  /** The population variance (ddof = 0, numpy's default) of the trial scores; null as above. */
  readonly scoreVariance: number | null;
  /** Passed in some trials and failed in others. */
  readonly flaky: boolean;
  readonly errored: boolean;
}

/** Aggregates the trials (repeats) of one case. */
export function aggregateTrials(trials: readonly TrialOutcome[]): CaseAggregate {
  let ran = 0;
  let passed = 0;
  let errored = false;
  const scores: number[] = [];
  for (const t of trials) {
    if (t.status === 'not-run') continue;
    ran++;
    if (trialPassed(t)) passed++;
    if (trialErrored(t)) errored = true;
    const s = trialScore(t);
    if (s !== undefined) scores.push(s);
  }
  let scoreMean: number | null = null;
  let scoreVariance: number | null = null;
  if (scores.length > 0) {
    scoreMean = scores.reduce((a, b) => a + b, 0) / scores.length;
    const mean = scoreMean;
    scoreVariance = scores.reduce((a, s) => a + (s - mean) ** 2, 0) / scores.length;
  }
  return {
    status: ran === 0 ? 'not-run' : errored ? 'error' : 'ok',
    ran,
    passed,
    passRate: ran === 0 ? null : passed / ran,
    scoreMean,
    scoreVariance,
    flaky: passed > 0 && passed < ran,
    errored,
  };
}

/** What identifies a case in its per-example row. */
export interface CaseInfo {
  readonly id: string;
  readonly index: number;
  readonly expected?: unknown;
  readonly slices?: Readonly<Record<string, string>>;
}

function toTrial(t: TrialOutcome): LlmTrial {
  const score = trialScore(t);
  return {
    status: t.status === 'ok' && trialErrored(t) ? 'error' : t.status,
    ...(t.output !== undefined && { output: t.output }),
    ...(t.error !== undefined && { error: t.error }),
    pass: trialPassed(t),
    ...(score !== undefined && { score }),
    assertions: t.assertions.map((a) => ({
      type: a.type,
      pass: a.pass,
      score: a.score,
      reason: a.reason,
      ...(a.error === true && { error: true }),
    })),
    ...(t.latencyMs !== undefined && { latencyMs: t.latencyMs }),
    ...(t.cached !== undefined && { cached: t.cached }),
    ...(t.inputTokens !== undefined && { inputTokens: t.inputTokens }),
    ...(t.outputTokens !== undefined && { outputTokens: t.outputTokens }),
    ...(t.tokensEstimated !== undefined && { tokensEstimated: t.tokensEstimated }),
    ...(t.costUsd !== undefined && { costUsd: t.costUsd }),
    ...(t.judgeCostUsd !== undefined && { judgeCostUsd: t.judgeCostUsd }),
    ...(t.modelId !== undefined && { modelId: t.modelId }),
  };
}

/**
 * The per-example row of a case: `predicted` is the first repeat's output; tokens and the model
 * requests' cost (at list price, cache hits included; judge spend is in `trials`) sum the repeats
 * that ran; `latencyMs` is the mean over those that were not cache hits; `cached` is
 * true when every repeat that ran was a cache hit; `assertions` gives each assertion once, passing
 * when it passed in every repeat, with its mean score and the first failing reason.
 */
export function llmExampleResult(info: CaseInfo, trials: readonly TrialOutcome[]): ExampleResult {
  const agg = aggregateTrials(trials);
  const ran = trials.filter((t) => t.status !== 'not-run');
  const withOutput = ran.filter((t) => t.output !== undefined);
  const sum = (pick: (t: TrialOutcome) => number | undefined): number | undefined => {
    const values = withOutput.map(pick).filter((v): v is number => v !== undefined);
    return values.length === 0 ? undefined : values.reduce((a, b) => a + b, 0);
  };
  const live = withOutput.filter((t) => t.cached !== true && t.latencyMs !== undefined);
  const cost = sum((t) => t.costUsd);
  const inputTokens = sum((t) => t.inputTokens);
  const outputTokens = sum((t) => t.outputTokens);
  const assertions = summarizeAssertions(ran);
  const firstError = ran.find((t) => t.error !== undefined)?.error;
  return {
    id: info.id,
    index: info.index,
    ...(info.expected !== undefined && { expected: info.expected }),
    ...(withOutput[0]?.output !== undefined && { predicted: withOutput[0].output }),
    status: agg.status,
    ...(firstError !== undefined && { error: firstError }),
    ...(agg.scoreMean !== null && { score: agg.scoreMean }),
    ...(agg.scoreVariance !== null && { scoreVariance: agg.scoreVariance }),
    ...(agg.passRate !== null && { passRate: agg.passRate, correct: agg.passed === agg.ran }),
    repeats: agg.ran,
    flaky: agg.flaky,
    ...(live.length > 0 && {
      latencyMs: live.reduce((a, t) => a + (t.latencyMs ?? 0), 0) / live.length,
    }),
    ...(inputTokens !== undefined && { inputTokens }),
    ...(outputTokens !== undefined && { outputTokens }),
    ...(withOutput.some((t) => t.tokensEstimated === true) && { tokensEstimated: true }),
    ...(cost !== undefined && { costUsd: cost }),
    ...(withOutput.length > 0 && { cached: withOutput.every((t) => t.cached === true) }),
    ...(info.slices !== undefined && { slices: { ...info.slices } }),
    ...(assertions.length > 0 && { assertions }),
    trials: trials.map(toTrial),
  };
}

function summarizeAssertions(
  trials: readonly TrialOutcome[],
): NonNullable<ExampleResult['assertions']> {
  const first = trials[0];
  if (first === undefined) return [];
  return first.assertions.map((a, i) => {
    const all = trials.map((t) => t.assertions[i]).filter((x) => x !== undefined);
    const failing = all.find((x) => !x.pass || x.error === true);
    const errored = all.some((x) => x.error === true);
    return {
      type: a.type,
      pass: failing === undefined,
      score: all.reduce((s, x) => s + x.score, 0) / all.length,
      reason: (failing ?? a).reason,
      ...(errored && { error: true }),
    };
  });
}
