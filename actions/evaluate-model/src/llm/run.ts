import { resolve } from 'node:path';
import {
  BUILT_IN_PRICE_TABLE,
  DataError,
  InputError,
  JUDGE_PROMPT_VERSION,
  SpendCap,
  buildLlmReport,
  getErrorMessage,
  llmExampleResult,
  lookupPrice,
  modelIdsFinding,
  summarizeLlmResults,
  trialErrored,
} from '@modelgate/core';
import type {
  EvaluationReport,
  ExampleResult,
  Finding,
  PriceEntry,
  Provenance,
} from '@modelgate/core';
import { ResponseCache, createOpenAIClient, createTokenBucket, unlimited } from '@modelgate/models';
import type { ChatClient, RateLimiter } from '@modelgate/models';
import { endpointLabel } from '@modelgate/runner';
import type { ActionsIO } from '@modelgate/runner';
import type { Clock } from '@modelgate/models';
import { createProgress } from '../progress';
import { loadBaselineOutputs, loadCases } from './cases';
import { JUDGE_PARAMS, runLlmCases } from './engine';
import type { ChatServer, LlmInputs } from './inputs';

/** The classic mode's common inputs that the LLM mode reads. */
export interface LlmCommon {
  readonly maxErrorRate: number;
  readonly modelName: string | undefined;
}

/** What the LLM mode needs from the action's dependencies. */
export interface LlmDeps {
  readonly io: ActionsIO;
  readonly clock: Clock;
  readonly cwd: string;
}

/** A report and the per-example results it was computed from. */
export interface LlmOutcome {
  readonly report: EvaluationReport;
  readonly results: readonly ExampleResult[];
}

/** The price of a model from the built-in table (the one estimate-cost uses), or why there is none. */
export function priceOf(model: string): { price: PriceEntry } | { missing: string } {
  try {
    return { price: lookupPrice(BUILT_IN_PRICE_TABLE, model) };
  } catch (err) {
    if (err instanceof DataError) return { missing: err.message };
    throw err;
  }
}

function clientFor(
  server: ChatServer,
  params: LlmInputs<unknown>['params'],
  inputs: LlmInputs<unknown>,
  limiter: RateLimiter,
  deps: LlmDeps,
): ChatClient {
  return createOpenAIClient({
    baseUrl: server.baseUrl,
    model: server.model,
    ...(server.apiKey !== undefined && { apiKey: server.apiKey }),
    ...(server.apiVersion !== undefined && { apiVersion: server.apiVersion }),
    params,
    timeoutMs: inputs.timeoutMs,
    retries: inputs.retries,
    concurrency: inputs.concurrency,
    rateLimiter: limiter,
    clock: deps.clock,
    onRetry: ({ attempt, delayMs, error }) =>
      deps.io.debug(
        `${server.model}: retry ${attempt} in ${Math.round(delayMs)} ms after ${getErrorMessage(error)}`,
      ),
  });
}

/**
 * The LLM mode of evaluate-model: loads and checks everything (eval set, prompt, assertions,
 * prices, baseline outputs) before the first request, runs the cases through the OpenAI-compatible
 * client (with cache, spend cap, rate limit and repeats), and scores the results.
 */
export async function evaluateLlm<Common extends LlmCommon>(
  inputs: LlmInputs<Common>,
  provenance: Provenance,
  deps: LlmDeps,
): Promise<LlmOutcome> {
  const { io } = deps;
  const loaded = await loadCases({
    dataset: inputs.dataset,
    idColumn: inputs.idColumn,
    labelColumn: inputs.labelColumn,
    sliceBy: inputs.sliceBy,
    expectedSha256: inputs.expectedSha256,
    shard: inputs.shard,
    prompt: inputs.prompt,
    assertions: inputs.assertions,
    assertColumn: inputs.assertColumn,
    hasJudge: inputs.judge !== undefined,
    cwd: deps.cwd,
  });
  const findings: Finding[] = [];
  if (loaded.idsFromIndex) {
    const message = `The eval set has no id column "${inputs.idColumn}": the row index is used as id, so per-example results pair only while rows keep their order.`;
    io.warning(message, { file: inputs.dataset });
    findings.push({ code: 'ids-from-index', severity: 'warning', message, file: inputs.dataset });
  }
  if (loaded.assertionCount === 0 && loaded.cases.length > 0) {
    const message = `No case has an assertion (no 'assertions' file, no "${inputs.assertColumn}" column): a case passes when its request succeeds.`;
    io.warning(message);
    findings.push({ code: 'llm-no-assertions', severity: 'warning', message });
  }

  const model = priceOf(inputs.server.model);
  const judgeModel = inputs.judge === undefined ? undefined : priceOf(inputs.judge.model);
  const missing = [model, ...(loaded.usesJudge && judgeModel ? [judgeModel] : [])]
    .filter((p): p is { missing: string } => 'missing' in p)
    .map((p) => p.missing);
  if (inputs.maxCostUsd !== undefined && missing.length > 0) {
    throw new InputError(
      `Input 'max-cost-usd' needs a price for every model it caps, but: ${missing.join(' ')}`,
      { hint: "Use a model of the built-in price table, or remove 'max-cost-usd'." },
    );
  }

  let baselineOutputs: Map<string, string> | undefined;
  if (loaded.usesPairwise) {
    if (inputs.baselineOutputs === undefined) {
      throw new InputError(
        "A 'pairwise' assertion compares with the baseline's outputs: set 'baseline-outputs' to the baseline evaluation's per-example JSONL.",
        {
          hint: 'Download the baseline artifact first, e.g. with check-regression or actions/download-artifact.',
        },
      );
    }
    baselineOutputs = await loadBaselineOutputs(inputs.baselineOutputs, deps.cwd);
  }

  const limiter =
    inputs.maxRps === undefined
      ? unlimited
      : createTokenBucket({ ratePerSecond: inputs.maxRps, clock: deps.clock });
  const client = clientFor(inputs.server, inputs.params, inputs, limiter, deps);
  const judge =
    inputs.judge === undefined
      ? undefined
      : clientFor(
          inputs.judge,
          JUDGE_PARAMS,
          inputs,
          // One server, one limit: the judge shares the limiter when it is the same server.
          inputs.judge.baseUrl === inputs.server.baseUrl ? limiter : unlimited,
          deps,
        );
  const cache =
    inputs.cacheDir === undefined
      ? undefined
      : new ResponseCache(resolve(deps.cwd, inputs.cacheDir));
  const spend = new SpendCap(inputs.maxCostUsd);

  const total = loaded.cases.length * inputs.repeats;
  io.info(
    `evaluate-model (LLM): ${loaded.cases.length} of ${loaded.totalRows} cases` +
      (inputs.shard ? ` (shard ${inputs.shard.index}/${inputs.shard.count})` : '') +
      `${inputs.repeats > 1 ? ` × ${inputs.repeats} repeats` : ''}, model ${inputs.server.model} at ${endpointLabel(inputs.server.baseUrl)}` +
      `${cache ? `, cache ${inputs.cacheDir}` : ''}${inputs.maxCostUsd !== undefined ? `, max $${inputs.maxCostUsd}` : ''}.`,
  );
  const progress = createProgress(
    total,
    (line) => io.info(line),
    () => deps.clock.now(),
  );
  const started = deps.clock.now();
  const run = await runLlmCases({
    cases: loaded.cases,
    client,
    ...(judge !== undefined && { judge }),
    ...(cache !== undefined && { cache }),
    params: inputs.params,
    promptSha256: loaded.promptSha256,
    repeats: inputs.repeats,
    concurrency: inputs.concurrency,
    spend,
    ...('price' in model && { price: model.price }),
    ...(judgeModel !== undefined && 'price' in judgeModel && { judgePrice: judgeModel.price }),
    ...(baselineOutputs !== undefined && { baselineOutputs }),
    onTrial: (trial) => progress.tick(trialErrored(trial)),
  });
  progress.finish();
  const durationMs = deps.clock.now() - started;

  const results = loaded.cases.map((c, i) =>
    llmExampleResult(
      {
        id: c.id,
        index: c.index,
        ...(c.expected !== undefined && { expected: c.expected }),
        ...(c.slices !== undefined && { slices: c.slices }),
      },
      run.trials[i] ?? [],
    ),
  );
  const priced = missing.length === 0;
  if (!priced) for (const m of missing) io.notice(`No price, so no cost: ${m}`);
  const mixedModels = modelIdsFinding(run.modelIds);
  if (mixedModels !== undefined) findings.push(mixedModels);
  const summary = summarizeLlmResults(results, {
    sliceBy: inputs.sliceBy,
    minSliceSize: inputs.minSliceSize,
    repeats: inputs.repeats,
    requests: run.requests,
    cacheHits: run.cacheHits,
    priced,
    maxErrorRate: inputs.common.maxErrorRate,
    ...(inputs.maxCostUsd !== undefined && { maxCostUsd: inputs.maxCostUsd }),
    ...(inputs.minPassRate !== undefined && { minPassRate: inputs.minPassRate }),
    ...(inputs.judge !== undefined &&
      loaded.usesJudge && {
        judge: { model: inputs.judge.model, promptVersion: JUDGE_PROMPT_VERSION },
      }),
  });
  const modelName = inputs.common.modelName;
  const report = buildLlmReport(summary, {
    provenance,
    inputs: loaded.fingerprints,
    model: {
      source: 'openai-compatible',
      name: modelName ?? inputs.server.model,
      endpoint: endpointLabel(inputs.server.baseUrl),
      ...(run.modelIds[0] !== undefined && { modelId: run.modelIds[0] }),
      promptSha256: loaded.promptSha256,
    },
    dataset: { path: inputs.dataset, sha256: loaded.datasetSha256, rows: loaded.totalRows },
    ...(inputs.shard && { shard: inputs.shard }),
    run: { durationMs, requests: run.requests },
    findings,
  });
  return { report, results };
}
