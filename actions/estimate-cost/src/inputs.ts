import { DataError, InputError } from '@modelgate/core';
import { inputOr, optionalInput, spec } from '@modelgate/runner';
import type { InputGetter } from '@modelgate/runner';

/** A token: registered as a secret when read (masked in the log, redacted from every output). */
const GITHUB_TOKEN = spec.secret('a GitHub token, e.g. ${{ github.token }}');

/** The action's inputs, by their public kebab-case names. */
export const Input = {
  Model: 'model',
  ModelConfig: 'model-config',
  BaselineModel: 'baseline-model',
  BaselineConfig: 'baseline-config',
  BaselineReport: 'baseline-report',
  BaselineArtifact: 'baseline-artifact',
  BaselineRunId: 'baseline-run-id',
  GithubToken: 'github-token',
  MonthlyRequests: 'monthly-requests',
  TrafficProfile: 'traffic-profile',
  Evaluation: 'evaluation',
  BaselineEvaluation: 'baseline-evaluation',
  AvgInputTokens: 'avg-input-tokens',
  AvgOutputTokens: 'avg-output-tokens',
  Pricing: 'pricing',
  Currency: 'currency',
  MaxCostIncreasePct: 'max-cost-increase-pct',
  MonthlyBudgetUsd: 'monthly-budget-usd',
  ReportPath: 'report-path',
  ArtifactName: 'artifact-name',
} as const;

/** The action's outputs. */
export const Output = {
  MonthlyCostUsd: 'monthly-cost-usd',
  CostPer1kRequestsUsd: 'cost-per-1k-requests-usd',
  DeltaUsd: 'delta-usd',
  DeltaPct: 'delta-pct',
  Status: 'status',
  Report: 'report',
} as const;

export const DEFAULT_REPORT_PATH = 'modelgate/cost.json';
export const DEFAULT_ARTIFACT_NAME = 'modelgate-cost';

/** Which model, by name (looked up in the price table) or by config file. */
export type ModelSource =
  | { readonly kind: 'name'; readonly model: string }
  | { readonly kind: 'config'; readonly path: string };

/** Where the baseline comes from. */
export type BaselineSource =
  | ModelSource
  | { readonly kind: 'report'; readonly path: string }
  | { readonly kind: 'artifact'; readonly name: string; readonly runId?: number };

export type TrafficSource =
  | { readonly kind: 'requests'; readonly monthlyRequests: number }
  | { readonly kind: 'profile'; readonly path: string };

export type TokensSource =
  | { readonly kind: 'evaluation'; readonly path: string }
  | { readonly kind: 'inputs'; readonly inputTokens: number; readonly outputTokens: number };

export interface Inputs {
  readonly candidate: ModelSource;
  readonly baseline: BaselineSource | undefined;
  readonly traffic: TrafficSource;
  readonly tokens: TokensSource | undefined;
  readonly baselineEvaluation: string | undefined;
  readonly pricing: string | undefined;
  readonly githubToken: string;
  readonly maxCostIncreasePct: number | undefined;
  readonly monthlyBudgetUsd: number | undefined;
  readonly reportPath: string;
  readonly artifactName: string;
}

function oneOf(get: InputGetter, names: readonly string[]): string | undefined {
  const set = names.filter((name) => get(name).trim() !== '');
  if (set.length > 1) {
    throw new InputError(
      `Inputs ${set.map((n) => `'${n}'`).join(' and ')} are both set; set only one of ${names.map((n) => `'${n}'`).join(', ')}.`,
    );
  }
  return set[0];
}

/**
 * Reads and checks every input once. Pure: `get` returns the raw value of an input. Throws an
 * {@link InputError} naming the input, its value and the fix; a currency other than USD is a
 * {@link DataError} with code `currency-mismatch`.
 */
export function parseInputs(get: InputGetter): Inputs {
  const currency = inputOr(get, Input.Currency, spec.text('a currency code, e.g. USD'), 'USD');
  if (currency.toUpperCase() !== 'USD') {
    throw new DataError(
      `Currency mismatch: input '${Input.Currency}' is "${currency}", but estimate-cost works in USD only.`,
      {
        code: 'currency-mismatch',
        hint: `Remove '${Input.Currency}' or set it to USD, and give prices in USD.`,
      },
    );
  }

  const candidateInput = oneOf(get, [Input.Model, Input.ModelConfig]);
  if (candidateInput === undefined) {
    throw new InputError(
      `Input '${Input.Model}' (a model id, e.g. gpt-4o-mini) or '${Input.ModelConfig}' (a YAML or JSON file) is required.`,
    );
  }
  const candidate: ModelSource =
    candidateInput === Input.Model
      ? { kind: 'name', model: get(Input.Model).trim() }
      : { kind: 'config', path: get(Input.ModelConfig).trim() };

  const baselineInput = oneOf(get, [
    Input.BaselineModel,
    Input.BaselineConfig,
    Input.BaselineReport,
    Input.BaselineArtifact,
  ]);
  const baselineRunId = optionalInput(
    get,
    Input.BaselineRunId,
    spec.positiveInt('1234567890', Number.MAX_SAFE_INTEGER),
  );
  if (baselineRunId !== undefined && baselineInput !== Input.BaselineArtifact) {
    throw new InputError(
      `Input '${Input.BaselineRunId}' needs '${Input.BaselineArtifact}': it says which run to download that artifact from.`,
    );
  }
  const value = (name: string) => get(name).trim();
  const baseline: BaselineSource | undefined =
    baselineInput === undefined
      ? undefined
      : baselineInput === Input.BaselineModel
        ? { kind: 'name', model: value(Input.BaselineModel) }
        : baselineInput === Input.BaselineConfig
          ? { kind: 'config', path: value(Input.BaselineConfig) }
          : baselineInput === Input.BaselineReport
            ? { kind: 'report', path: value(Input.BaselineReport) }
            : {
                kind: 'artifact',
                name: value(Input.BaselineArtifact),
                ...(baselineRunId !== undefined && { runId: baselineRunId }),
              };

  const trafficInput = oneOf(get, [Input.MonthlyRequests, Input.TrafficProfile]);
  if (trafficInput === undefined) {
    throw new InputError(
      `Input '${Input.MonthlyRequests}' (e.g. 1000000) or '${Input.TrafficProfile}' (a YAML file of segments) is required.`,
    );
  }
  const traffic: TrafficSource =
    trafficInput === Input.MonthlyRequests
      ? {
          kind: 'requests',
          monthlyRequests:
            optionalInput(
              get,
              Input.MonthlyRequests,
              spec.nonNegative('a number of requests per month, 0 or more, e.g. 1000000', 1e12),
            ) ?? 0,
        }
      : { kind: 'profile', path: value(Input.TrafficProfile) };

  const evaluation = optionalInput(get, Input.Evaluation, spec.text('an evaluation report path'));
  const tokenNumber = spec.nonNegative(
    'a number of tokens per request, 0 or more, e.g. 500',
    10_000_000,
  );
  const avgIn = optionalInput(get, Input.AvgInputTokens, tokenNumber);
  const avgOut = optionalInput(get, Input.AvgOutputTokens, tokenNumber);
  if ((avgIn === undefined) !== (avgOut === undefined)) {
    throw new InputError(
      `Inputs '${Input.AvgInputTokens}' and '${Input.AvgOutputTokens}' go together: set both.`,
    );
  }
  if (evaluation !== undefined && avgIn !== undefined) {
    throw new InputError(
      `Input '${Input.Evaluation}' and '${Input.AvgInputTokens}'/'${Input.AvgOutputTokens}' are both set; the tokens per request come from one of them.`,
    );
  }
  const tokens: TokensSource | undefined =
    evaluation !== undefined
      ? { kind: 'evaluation', path: evaluation }
      : avgIn !== undefined && avgOut !== undefined
        ? { kind: 'inputs', inputTokens: avgIn, outputTokens: avgOut }
        : undefined;

  return {
    candidate,
    baseline,
    traffic,
    tokens,
    baselineEvaluation: optionalInput(
      get,
      Input.BaselineEvaluation,
      spec.text('an evaluation report path'),
    ),
    pricing: optionalInput(get, Input.Pricing, spec.text('a pricing file path')),
    githubToken: inputOr(get, Input.GithubToken, GITHUB_TOKEN, ''),
    maxCostIncreasePct: optionalInput(
      get,
      Input.MaxCostIncreasePct,
      spec.nonNegative('a percentage, 0 or more, e.g. 10 for +10%', 1_000_000),
    ),
    monthlyBudgetUsd: optionalInput(
      get,
      Input.MonthlyBudgetUsd,
      spec.nonNegative('an amount in USD, 0 or more, e.g. 5000', 1e12),
    ),
    reportPath: inputOr(get, Input.ReportPath, spec.text('a file path'), DEFAULT_REPORT_PATH),
    artifactName: inputOr(
      get,
      Input.ArtifactName,
      spec.text('an artifact name'),
      DEFAULT_ARTIFACT_NAME,
    ),
  };
}
