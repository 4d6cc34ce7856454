import { JUDGE_PROMPT_VERSION, ModelError, getErrorMessage, requestCostUsd } from '@modelgate/core';
import type {
  AssertionResult,
  ChatMessage,
  JudgeClient,
  PriceEntry,
  SpendCap,
  TrialOutcome,
} from '@modelgate/core';
import { cacheKey, runPool } from '@modelgate/models';
import type { ChatClient, ChatCompletion, ChatParams, ResponseCache } from '@modelgate/models';
import type { LlmCase } from './cases';

/**
 * Runs every case `repeats` times against the model, with the response cache in front of it and
 * the spend cap before every request (model and judge alike), at most `concurrency` trials at a
 * time (the clients share the rate limiter). Trials run case by case, so that a spend cap stops
 * whole cases rather than scattering gaps. A failed request is that trial's error; a failure
 * that will fail every request (bad key, unknown model: a ModelError) stops the run.
 */

export interface EngineOptions {
  readonly cases: readonly LlmCase[];
  readonly client: ChatClient;
  readonly judge?: ChatClient;
  readonly cache?: ResponseCache;
  readonly params: ChatParams;
  readonly promptSha256: string;
  readonly repeats: number;
  readonly concurrency: number;
  readonly spend: SpendCap;
  /** The model's price; undefined when it has none (costs are then unknown). */
  readonly price?: PriceEntry;
  readonly judgePrice?: PriceEntry;
  readonly baselineOutputs?: ReadonlyMap<string, string>;
  /** Called as each trial finishes, e.g. for a progress line. */
  readonly onTrial?: (trial: TrialOutcome) => void;
}

export interface EngineResult {
  /** trials[i][r]: repeat r of case i. */
  readonly trials: TrialOutcome[][];
  /** HTTP requests sent (model and judge, retries included). */
  readonly requests: number;
  readonly judgeRequests: number;
  /** Completions served from the cache (model and judge). */
  readonly cacheHits: number;
  /** Model ids the server reported, in order of first appearance. */
  readonly modelIds: readonly string[];
}

/** The judge's sampling parameters: deterministic as far as the server allows. */
export const JUDGE_PARAMS: ChatParams = { temperature: 0 };

function costOf(price: PriceEntry | undefined, c: ChatCompletion): number | undefined {
  if (price === undefined) return undefined;
  return requestCostUsd(price, {
    inputTokens: c.inputTokens,
    ...(c.cachedInputTokens !== undefined && {
      cachedInputTokens: Math.min(c.cachedInputTokens, c.inputTokens),
    }),
    outputTokens: c.outputTokens,
  });
}

function attemptsOf(err: unknown): number {
  const attempts = (err as { attempts?: unknown } | null)?.attempts;
  return typeof attempts === 'number' ? attempts : 1;
}

/** Runs the cases. See the module comment. */
export async function runLlmCases(options: EngineOptions): Promise<EngineResult> {
  const { cases, client, cache, spend, repeats } = options;
  const trials: TrialOutcome[][] = cases.map(() => new Array<TrialOutcome>(repeats));
  let requests = 0;
  let judgeRequests = 0;
  let cacheHits = 0;
  const modelIds: string[] = [];

  async function cachedGet(key: string): Promise<ChatCompletion | undefined> {
    if (cache === undefined) return undefined;
    const hit = await cache.get(key);
    if (hit !== undefined) cacheHits++;
    return hit;
  }

  async function runTrial(c: LlmCase, repeat: number): Promise<TrialOutcome> {
    const key = cacheKey({
      baseUrl: client.baseUrl,
      model: client.model,
      params: options.params,
      promptSha256: options.promptSha256,
      messages: c.messages,
      repeat,
    });
    let completion = await cachedGet(key);
    const cached = completion !== undefined;
    if (completion === undefined) {
      if (!spend.tryStart()) return { status: 'not-run', assertions: [] };
      try {
        completion = await client.complete(c.messages);
      } catch (err) {
        spend.finish(undefined);
        requests += attemptsOf(err);
        if (err instanceof ModelError) throw err;
        return { status: 'error', error: getErrorMessage(err), assertions: [] };
      }
      requests += completion.attempts;
      spend.finish(costOf(options.price, completion));
      await cache?.set(key, completion);
    }
    if (completion.modelId !== undefined && !modelIds.includes(completion.modelId)) {
      modelIds.push(completion.modelId);
    }

    // The judge, through the same cache and spend cap; it notes a cap stop and a fatal error.
    let judgeCost = 0;
    let capStopped = false;
    let fatal: ModelError | undefined;
    const judgeServer = options.judge;
    const judge: JudgeClient | undefined =
      judgeServer === undefined
        ? undefined
        : {
            model: judgeServer.model,
            complete: async (messages: readonly ChatMessage[]) => {
              const judgeKey = cacheKey({
                baseUrl: judgeServer.baseUrl,
                model: judgeServer.model,
                params: JUDGE_PARAMS,
                promptSha256: JUDGE_PROMPT_VERSION,
                messages,
                repeat: 0,
              });
              const hit = await cachedGet(judgeKey);
              if (hit !== undefined) return hit.content;
              if (!spend.tryStart()) {
                capStopped = true;
                throw new Error('the spend cap (max-cost-usd) was reached');
              }
              let reply: ChatCompletion;
              try {
                reply = await judgeServer.complete(messages);
              } catch (err) {
                spend.finish(undefined);
                judgeRequests += attemptsOf(err);
                if (err instanceof ModelError) fatal = err;
                throw err;
              }
              judgeRequests += reply.attempts;
              const cost = costOf(options.judgePrice, reply);
              spend.finish(cost);
              judgeCost += cost ?? 0;
              await cache?.set(judgeKey, reply);
              return reply.content;
            },
          };
    const baselineOutput = options.baselineOutputs?.get(c.id);
    const cost = costOf(options.price, completion);
    const assertions: AssertionResult[] = await Promise.all(
      c.assertions.map((a) =>
        a.evaluate({
          output: completion.content,
          latencyMs: completion.latencyMs,
          ...(cost !== undefined && { costUsd: cost }),
          prompt: c.messages,
          ...(baselineOutput !== undefined && { baselineOutput }),
          ...(judge !== undefined && { judge }),
        }),
      ),
    );
    if (fatal !== undefined) throw fatal;
    return {
      status: capStopped ? 'not-run' : 'ok',
      output: completion.content,
      assertions: capStopped ? [] : assertions,
      latencyMs: completion.latencyMs,
      cached,
      inputTokens: completion.inputTokens,
      outputTokens: completion.outputTokens,
      tokensEstimated: completion.tokensEstimated,
      ...(cost !== undefined && { costUsd: cost }),
      ...(judgeServer !== undefined &&
        options.judgePrice !== undefined && { judgeCostUsd: judgeCost }),
      ...(completion.modelId !== undefined && { modelId: completion.modelId }),
    };
  }

  await runPool(cases.length * repeats, { concurrency: options.concurrency }, async (k) => {
    const i = Math.floor(k / repeats);
    const repeat = k % repeats;
    const c = cases[i] as LlmCase;
    const trial = await runTrial(c, repeat);
    (trials[i] as TrialOutcome[])[repeat] = trial;
    options.onTrial?.(trial);
  });
  return { trials, requests: requests + judgeRequests, judgeRequests, cacheHits, modelIds };
}
