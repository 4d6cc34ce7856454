import { InputError } from '@modelgate/core';
import { inputOr, optionalInput, requiredInput, spec } from '@modelgate/runner';
import type { InputGetter } from '@modelgate/runner';

/** The inputs of the LLM mode (`provider: openai-compatible`), by their kebab-case names. */
export const LlmInput = {
  Provider: 'provider',
  BaseUrl: 'base-url',
  Model: 'model',
  ApiKey: 'api-key',
  ApiVersion: 'api-version',
  Prompt: 'prompt',
  Temperature: 'temperature',
  MaxTokens: 'max-tokens',
  Seed: 'seed',
  Assertions: 'assertions',
  AssertColumn: 'assert-column',
  JudgeModel: 'judge-model',
  JudgeBaseUrl: 'judge-base-url',
  JudgeApiKey: 'judge-api-key',
  Repeats: 'repeats',
  CacheDir: 'cache-dir',
  MaxCostUsd: 'max-cost-usd',
  MinPassRate: 'min-pass-rate',
  BaselineOutputs: 'baseline-outputs',
} as const;

export const PROVIDERS = ['openai-compatible'] as const;

/** The fields the LLM mode shares with the classic mode, parsed by the classic `parseInputs`. */
export interface SharedEvalInputs<Common> {
  readonly dataset: string;
  readonly idColumn: string;
  /** The column shown as `expected` in per-example results, when the eval set has it. */
  readonly labelColumn: string;
  readonly sliceBy: readonly string[];
  readonly minSliceSize: number;
  readonly expectedSha256: string | undefined;
  readonly shard: { readonly index: number; readonly count: number } | undefined;
  readonly common: Common;
}

/** An OpenAI-compatible server: where, which model, and the key (registered as secrets). */
export interface ChatServer {
  readonly baseUrl: string;
  readonly model: string;
  readonly apiKey: string | undefined;
  readonly apiVersion: string | undefined;
}

/** Evaluating an LLM (a prompt on a model) with assertions. */
export interface LlmInputs<Common> extends SharedEvalInputs<Common> {
  readonly mode: 'llm';
  readonly provider: (typeof PROVIDERS)[number];
  readonly server: ChatServer;
  readonly prompt: string;
  readonly params: { temperature?: number; maxTokens?: number; seed?: number };
  readonly assertions: string | undefined;
  readonly assertColumn: string;
  readonly judge: ChatServer | undefined;
  readonly repeats: number;
  readonly cacheDir: string | undefined;
  readonly maxCostUsd: number | undefined;
  readonly minPassRate: number | undefined;
  readonly baselineOutputs: string | undefined;
  readonly concurrency: number;
  readonly maxRps: number | undefined;
  readonly retries: number;
  readonly timeoutMs: number;
}

const httpUrl = spec.httpUrl(
  'an http(s) base URL, e.g. https://api.openai.com/v1 or http://localhost:11434/v1',
);

/**
 * Reads the LLM mode's inputs. Pure. Throws an {@link InputError} naming the input, the value
 * and the fix. The classic prediction sources (`predictions`, `endpoint`, `command`) cannot be
 * combined with a provider.
 */
export function parseLlmInputs<Common>(
  get: InputGetter,
  shared: SharedEvalInputs<Common>,
  names: {
    concurrency: string;
    maxRps: string;
    retries: string;
    timeoutMs: string;
    clashing: readonly string[];
  },
): LlmInputs<Common> {
  const provider = requiredInput(get, LlmInput.Provider, spec.oneOf(PROVIDERS));
  const clashing = names.clashing.filter((name) => get(name).trim() !== '');
  if (clashing.length > 0) {
    throw new InputError(
      `Input 'provider' evaluates an LLM and cannot be combined with ${clashing.map((n) => `'${n}'`).join(', ')}.`,
      { hint: "Remove the classic prediction source, or remove 'provider'." },
    );
  }
  const baseUrl = requiredInput(get, LlmInput.BaseUrl, httpUrl);
  const apiVersion = optionalInput(
    get,
    LlmInput.ApiVersion,
    spec.text('an Azure OpenAI api-version, e.g. 2024-10-21'),
  );
  const server: ChatServer = {
    baseUrl,
    model: requiredInput(get, LlmInput.Model, spec.text('a model id, e.g. gpt-4o-mini')),
    apiKey: optionalInput(
      get,
      LlmInput.ApiKey,
      spec.secret('an API key, e.g. ${{ secrets.OPENAI_API_KEY }}'),
    ),
    apiVersion,
  };
  const judgeModel = optionalInput(get, LlmInput.JudgeModel, spec.text('a model id, e.g. gpt-4o'));
  const judgeBaseUrl = optionalInput(get, LlmInput.JudgeBaseUrl, httpUrl);
  const judgeApiKey = optionalInput(
    get,
    LlmInput.JudgeApiKey,
    spec.secret('an API key, e.g. ${{ secrets.JUDGE_API_KEY }}'),
  );
  if (judgeModel === undefined && (judgeBaseUrl !== undefined || judgeApiKey !== undefined)) {
    throw new InputError(
      `Input 'judge-model' is required when 'judge-base-url' or 'judge-api-key' is set.`,
      { hint: 'Name the judge model, e.g. judge-model: gpt-4o.' },
    );
  }
  const judge: ChatServer | undefined =
    judgeModel === undefined
      ? undefined
      : {
          // The judge defaults to the same server (and key) as the model under test.
          baseUrl: judgeBaseUrl ?? baseUrl,
          model: judgeModel,
          apiKey: judgeApiKey ?? (judgeBaseUrl === undefined ? server.apiKey : undefined),
          apiVersion: judgeBaseUrl === undefined ? apiVersion : undefined,
        };
  const temperature = optionalInput(
    get,
    LlmInput.Temperature,
    spec.number('a number between 0 and 2, e.g. 0', { min: 0, max: 2 }),
  );
  const maxTokens = optionalInput(get, LlmInput.MaxTokens, spec.positiveInt('512', 10_000_000));
  const seed = optionalInput(
    get,
    LlmInput.Seed,
    spec.number('a whole number, e.g. 42', {
      min: -Number.MAX_SAFE_INTEGER,
      max: Number.MAX_SAFE_INTEGER,
      integer: true,
    }),
  );
  return {
    ...shared,
    mode: 'llm',
    provider,
    server,
    prompt: requiredInput(get, LlmInput.Prompt, spec.text('the path of a prompt template file')),
    params: {
      ...(temperature !== undefined && { temperature }),
      ...(maxTokens !== undefined && { maxTokens }),
      ...(seed !== undefined && { seed }),
    },
    assertions: optionalInput(
      get,
      LlmInput.Assertions,
      spec.text('the path of an assertions file'),
    ),
    assertColumn: inputOr(get, LlmInput.AssertColumn, spec.text('a column name'), 'assert'),
    judge,
    repeats: inputOr(
      get,
      LlmInput.Repeats,
      spec.number('a whole number from 1 to 100, e.g. 3', { min: 1, max: 100, integer: true }),
      1,
    ),
    cacheDir: optionalInput(
      get,
      LlmInput.CacheDir,
      spec.text('a folder path, e.g. .modelgate-cache'),
    ),
    maxCostUsd: optionalInput(
      get,
      LlmInput.MaxCostUsd,
      spec.number('a positive amount of USD, e.g. 2.50', { min: 1e-12, max: 1e9 }),
    ),
    minPassRate: optionalInput(get, LlmInput.MinPassRate, spec.fraction('0.9')),
    baselineOutputs: optionalInput(
      get,
      LlmInput.BaselineOutputs,
      spec.text("the path of the baseline's per-example JSONL"),
    ),
    concurrency: inputOr(get, names.concurrency, spec.positiveInt('8', 10_000), 8),
    maxRps: optionalInput(
      get,
      names.maxRps,
      spec.number('a positive number, e.g. 20', { min: 1e-9, max: 1_000_000 }),
    ),
    retries: inputOr(
      get,
      names.retries,
      spec.number('a whole number of 0 or more, e.g. 3', { min: 0, max: 100, integer: true }),
      3,
    ),
    timeoutMs: inputOr(get, names.timeoutMs, spec.positiveInt('60000', 86_400_000), 60_000),
  };
}
