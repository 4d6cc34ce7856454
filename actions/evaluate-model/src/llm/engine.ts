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
 *
 * Identical inputs give identical results whatever the timing. With a response cache, each
 * distinct request (cache key, model or judge) is looked up and sent at most once per run, however
 * many trials ask it and in whatever order they come (trials asking while it is in flight wait for
 * it, later ones reuse it, a failure is the error of every trial that asked); without one, every
 * ask is sent. What it cost, and which trial is the one
 * that was not served from the cache, is settled after the run: the first trial (case by case,
 * repeat by repeat) that asked it. So `cached`, `judgeCostUsd`, the cache-hit count, the request
 * count and the model ids do not depend on which reply came back first.
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
  /**
   * Asks (model and judge) served without a request of their own: from the response cache, or
   * from the request another trial of this run sent for the same key.
   */
  readonly cacheHits: number;
  /** Model ids the server reported, in the order of the trials (case by case, repeat by repeat). */
  readonly modelIds: readonly string[];
}

/** What a request stopped by the spend cap gives its trials. */
const CAPPED = Symbol('capped');

/** This run's one lookup (and at most one request) for a cache key, and who asked it. */
interface Flight {
  readonly kind: 'model' | 'judge';
  readonly key: string;
  promise?: Promise<ChatCompletion | typeof CAPPED>;
  /** The trials (numbered case by case, repeat by repeat) that asked, once per ask. */
  readonly askers: number[];
  /** Served from the response cache, no request sent. */
  fromCache: boolean;
  /** Sent in this run and answered. */
  sent: boolean;
  /** What the request cost; undefined when unsent or unpriced. */
  costUsd: number | undefined;
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
  const counts = { model: 0, judge: 0 };
  /** Every flight, and by key those that later asks share (only with a cache). */
  const flights: Flight[] = [];
  const shared = new Map<string, Flight>();

  /**
   * The completion for `key`, asked by trial `k`: from the cache, from this run's one request for
   * it, or CAPPED when the spend cap stopped that request.
   */
  function serve(
    kind: 'model' | 'judge',
    key: string,
    k: number,
    ask: () => Promise<ChatCompletion>,
    price: PriceEntry | undefined,
  ): Promise<ChatCompletion | typeof CAPPED> {
    let flight = cache === undefined ? undefined : shared.get(key);
    if (flight === undefined) {
      const f: Flight = {
        kind,
        key,
        askers: [],
        fromCache: false,
        sent: false,
        costUsd: undefined,
      };
      f.promise = (async () => {
        const hit = await cache?.get(key);
        if (hit !== undefined) {
          f.fromCache = true;
          return hit;
        }
        if (!spend.tryStart()) return CAPPED;
        let reply: ChatCompletion;
        try {
          reply = await ask();
        } catch (err) {
          spend.finish(undefined);
          counts[kind] += attemptsOf(err);
          throw err;
        }
        counts[kind] += reply.attempts;
        f.costUsd = costOf(price, reply);
        f.sent = true;
        spend.finish(f.costUsd);
        await cache?.set(key, reply);
        return reply;
      })();
      flights.push(f);
      if (cache !== undefined) shared.set(key, f);
      flight = f;
    }
    flight.askers.push(k);
    return flight.promise as Promise<ChatCompletion | typeof CAPPED>;
  }

  async function runTrial(c: LlmCase, repeat: number, k: number): Promise<TrialOutcome> {
    const key = cacheKey({
      baseUrl: client.baseUrl,
      model: client.model,
      params: options.params,
      promptSha256: options.promptSha256,
      messages: c.messages,
      repeat,
    });
    let served: ChatCompletion | typeof CAPPED;
    try {
      served = await serve('model', key, k, () => client.complete(c.messages), options.price);
    } catch (err) {
      if (err instanceof ModelError) throw err;
      return { status: 'error', error: getErrorMessage(err), assertions: [] };
    }
    if (served === CAPPED) return { status: 'not-run', assertions: [] };
    const completion = served;

    // The judge, through the same cache and spend cap; it notes a cap stop and a fatal error.
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
              let reply: ChatCompletion | typeof CAPPED;
              try {
                reply = await serve(
                  'judge',
                  judgeKey,
                  k,
                  () => judgeServer.complete(messages),
                  options.judgePrice,
                );
              } catch (err) {
                if (err instanceof ModelError) fatal = err;
                throw err;
              }
              if (reply === CAPPED) {
                capStopped = true;
                throw new Error('the spend cap (max-cost-usd) was reached');
              }
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
      // Settled after the run (see the module comment).
      cached: false,
      inputTokens: completion.inputTokens,
      outputTokens: completion.outputTokens,
      tokensEstimated: completion.tokensEstimated,
      ...(cost !== undefined && { costUsd: cost }),
      ...(completion.modelId !== undefined && { modelId: completion.modelId }),
    };
  }

  await runPool(cases.length * repeats, { concurrency: options.concurrency }, async (k) => {
    const i = Math.floor(k / repeats);
    const repeat = k % repeats;
    const c = cases[i] as LlmCase;
    const trial = await runTrial(c, repeat, k);
    (trials[i] as TrialOutcome[])[repeat] = trial;
    options.onTrial?.(trial);
  });

  // Who paid for what, now that every trial has asked: the first trial that asked a request
  // sent in this run paid for it; every other asker was served without a request of its own.
  let cacheHits = 0;
  const modelPayers = new Set<number>();
  const judgeSpend = new Map<number, [key: string, costUsd: number][]>();
  for (const f of flights) {
    if (f.fromCache) cacheHits += f.askers.length;
    if (!f.sent) continue;
    cacheHits += f.askers.length - 1;
    const payer = Math.min(...f.askers);
    if (f.kind === 'model') modelPayers.add(payer);
    else {
      const list = judgeSpend.get(payer) ?? [];
      list.push([f.key, f.costUsd ?? 0]);
      judgeSpend.set(payer, list);
    }
  }
  const modelIds: string[] = [];
  const priceJudge = options.judge !== undefined && options.judgePrice !== undefined;
  trials.forEach((row, i) =>
    row.forEach((trial, repeat) => {
      if (trial.output === undefined) return;
      const k = i * repeats + repeat;
      // Summed in key order, so that the float total does not depend on arrival order.
      const spent = (judgeSpend.get(k) ?? [])
        .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
        .reduce((sum, [, cost]) => sum + cost, 0);
      row[repeat] = {
        ...trial,
        cached: !modelPayers.has(k),
        ...(priceJudge && { judgeCostUsd: spent }),
      };
      if (trial.modelId !== undefined && !modelIds.includes(trial.modelId)) {
        modelIds.push(trial.modelId);
      }
    }),
  );
  return {
    trials,
    requests: counts.model + counts.judge,
    judgeRequests: counts.judge,
    cacheHits,
    modelIds,
  };
}
