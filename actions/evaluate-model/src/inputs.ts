import { z } from 'zod';
import { InputError } from '@modelgate/core';
import { inputOr, optionalInput, requiredInput, spec } from '@modelgate/runner';
import type { InputGetter } from '@modelgate/runner';
import { LlmInput, parseLlmInputs } from './llm/inputs';
import type { LlmInputs, SharedEvalInputs } from './llm/inputs';

/** The inputs of evaluate-model, by their public kebab-case names. */
export const Input = {
  Dataset: 'dataset',
  IdColumn: 'id-column',
  LabelColumn: 'label-column',
  Predictions: 'predictions',
  PredictionsIdColumn: 'predictions-id-column',
  Endpoint: 'endpoint',
  RequestTemplate: 'request-template',
  ResponsePath: 'response-path',
  ProbabilitiesPath: 'probabilities-path',
  Headers: 'headers',
  VersionHeader: 'version-header',
  Concurrency: 'concurrency',
  TimeoutMs: 'timeout-ms',
  MaxRps: 'max-rps',
  Retries: 'retries',
  Command: 'command',
  BatchSize: 'batch-size',
  Task: 'task',
  PositiveLabel: 'positive-label',
  Labels: 'labels',
  SliceBy: 'slice-by',
  MinSliceSize: 'min-slice-size',
  ExpectedSha256: 'expected-sha256',
  Shard: 'shard',
  Merge: 'merge',
  ArtifactName: 'artifact-name',
  MaxErrorRate: 'max-error-rate',
  ModelName: 'model-name',
  ReportPath: 'report-path',
  // The LLM mode (`provider: openai-compatible`), parsed in ./llm/inputs.
  ...LlmInput,
} as const;

export type Task = 'classification' | 'regression';

/** One `Name: value` HTTP header. */
export interface Header {
  readonly name: string;
  readonly value: string;
}

export interface EndpointSource {
  readonly kind: 'endpoint';
  readonly url: string;
  /** The JSON body with `{{field}}` placeholders; undefined sends the row's fields as JSON. */
  readonly requestTemplate: string | undefined;
  readonly responsePath: string;
  readonly probabilitiesPath: string | undefined;
  readonly headers: readonly Header[];
  readonly versionHeader: string;
  readonly concurrency: number;
  readonly timeoutMs: number;
  readonly maxRps: number | undefined;
  readonly retries: number;
}

export interface CommandSource {
  readonly kind: 'command';
  readonly command: string;
  readonly batchSize: number;
  readonly timeoutMs: number;
}

export interface PredictionsFileSource {
  readonly kind: 'predictions';
  readonly path: string;
  /** The predictions file's column of eval-set ids (default: the eval set's `id-column`). */
  readonly idColumn: string;
}

/**
 * Where predictions come from. The LLM mode adds its own member (`openai-compatible`) here and a
 * branch in `main.ts`'s `createSource`.
 */
export type SourceInputs = PredictionsFileSource | EndpointSource | CommandSource;

/** Scoring a model on the eval set (this shard of it, when sharded). */
export interface EvaluateInputs {
  readonly mode: 'evaluate';
  readonly dataset: string;
  readonly idColumn: string;
  readonly labelColumn: string;
  readonly source: SourceInputs;
  /** Undefined: detected from the labels. */
  readonly task: Task | undefined;
  readonly positiveLabel: string | undefined;
  /** The labels scored (scikit-learn's `labels=`); empty: those of the expected and predicted values. */
  readonly labels: readonly string[];
  readonly sliceBy: readonly string[];
  readonly minSliceSize: number;
  readonly expectedSha256: string | undefined;
  /** 1-based shard index and shard count. */
  readonly shard: { readonly index: number; readonly count: number } | undefined;
  readonly common: CommonInputs;
}

/** Merging shard reports into one report, recomputing the metrics from their examples. */
export interface MergeInputs {
  readonly mode: 'merge';
  /** A glob of shard report files. */
  readonly merge: string;
  readonly minSliceSize: number;
  readonly positiveLabel: string | undefined;
  /** As {@link EvaluateInputs.labels}: the merged run must list the shards' labels. */
  readonly labels: readonly string[];
  /** `min-pass-rate`, for merged LLM shards (as an LLM run takes it). */
  readonly minPassRate: number | undefined;
  readonly common: CommonInputs;
}

export interface CommonInputs {
  readonly artifactName: string | undefined;
  readonly maxErrorRate: number;
  readonly modelName: string | undefined;
  readonly reportPath: string;
}

/** Evaluating an LLM prompt on an OpenAI-compatible server (`provider` set). */
export type LlmModeInputs = LlmInputs<CommonInputs>;

export type Inputs = EvaluateInputs | MergeInputs | LlmModeInputs;

export const DEFAULT_REPORT_PATH = 'modelgate/evaluation.json';

const SHARD = /^\s*(\d+)\s*\/\s*(\d+)\s*$/;
const HEADER = /^([!#$%&'*+.^_`|~0-9A-Za-z-]+)\s*:\s*(.*)$/;

/**
 * Reads and checks every input once. Pure: `get` returns the raw value ('' when unset).
 * Throws an {@link InputError} naming the input, the value and the fix.
 */
export function parseInputs(get: InputGetter): Inputs {
  const common: CommonInputs = {
    artifactName: optionalInput(get, Input.ArtifactName, spec.text()),
    maxErrorRate: inputOr(get, Input.MaxErrorRate, spec.fraction('0.01'), 0),
    modelName: optionalInput(get, Input.ModelName, spec.text()),
    reportPath: inputOr(get, Input.ReportPath, spec.text('a file path'), DEFAULT_REPORT_PATH),
  };
  const minSliceSize = inputOr(get, Input.MinSliceSize, spec.positiveInt('30', 1e9), 30);
  const positiveLabel = optionalInput(get, Input.PositiveLabel, spec.text('a label, e.g. spam'));
  const labels = inputOr(get, Input.Labels, spec.list('a comma-separated list of labels'), []);

  const merge = optionalInput(get, Input.Merge, spec.text('a glob of shard report files'));
  if (merge !== undefined) {
    const clashing = [Input.Predictions, Input.Endpoint, Input.Command, Input.Shard].filter(
      (name) => get(name).trim() !== '',
    );
    if (clashing.length > 0) {
      throw new InputError(
        `Input 'merge' merges shard reports and cannot be combined with ${clashing.map((n) => `'${n}'`).join(', ')}.`,
        { hint: 'Use a separate step (or job) after the shard matrix to merge.' },
      );
    }
    const minPassRate = optionalInput(get, LlmInput.MinPassRate, spec.fraction('0.9'));
    return { mode: 'merge', merge, minSliceSize, positiveLabel, labels, minPassRate, common };
  }

  const sha = optionalInput(get, Input.ExpectedSha256, {
    schema: z
      .string()
      .regex(/^[0-9a-fA-F]{64}$/)
      .transform((s) => s.toLowerCase()),
    expect: 'the 64 hex digits of a sha256, e.g. from `sha256sum <file>`',
  });
  if (get(Input.Provider).trim() !== '') {
    return parseLlmInputs(get, sharedEvalInputs(get, sha, minSliceSize, common), {
      concurrency: Input.Concurrency,
      maxRps: Input.MaxRps,
      retries: Input.Retries,
      timeoutMs: Input.TimeoutMs,
      clashing: [Input.Predictions, Input.Endpoint, Input.Command, Input.Task, Input.Labels],
    });
  }
  return {
    mode: 'evaluate',
    dataset: requiredInput(get, Input.Dataset, spec.text('the path of the eval set file')),
    idColumn: inputOr(get, Input.IdColumn, spec.text('a column name'), 'id'),
    labelColumn: inputOr(get, Input.LabelColumn, spec.text('a column name'), 'label'),
    source: parseSource(get),
    task: optionalInput(get, Input.Task, spec.oneOf(['classification', 'regression'])),
    positiveLabel,
    labels,
    sliceBy: inputOr(get, Input.SliceBy, spec.list('a comma-separated list of columns'), []),
    minSliceSize,
    expectedSha256: sha,
    shard: optionalInput(get, Input.Shard, SHARD_SPEC),
    common,
  };
}

const SHARD_SPEC = {
  schema: z
    .string()
    .regex(SHARD)
    .transform((s) => {
      const [, i, n] = SHARD.exec(s) ?? [];
      return { index: Number(i), count: Number(n) };
    })
    .refine((s) => s.index >= 1 && s.index <= s.count),
  expect: 'i/n with 1 ≤ i ≤ n, e.g. 2/4 (use the matrix index + 1)',
};

/** The eval-set inputs that the LLM mode shares with the classic mode. */
function sharedEvalInputs(
  get: InputGetter,
  expectedSha256: string | undefined,
  minSliceSize: number,
  common: CommonInputs,
): SharedEvalInputs<CommonInputs> {
  return {
    dataset: requiredInput(get, Input.Dataset, spec.text('the path of the eval set file')),
    idColumn: inputOr(get, Input.IdColumn, spec.text('a column name'), 'id'),
    labelColumn: inputOr(get, Input.LabelColumn, spec.text('a column name'), 'label'),
    sliceBy: inputOr(get, Input.SliceBy, spec.list('a comma-separated list of columns'), []),
    minSliceSize,
    expectedSha256,
    shard: optionalInput(get, Input.Shard, SHARD_SPEC),
    common,
  };
}

/** Exactly one of `predictions`, `endpoint` and `command`. */
function parseSource(get: InputGetter): SourceInputs {
  const given = [Input.Predictions, Input.Endpoint, Input.Command].filter(
    (name) => get(name).trim() !== '',
  );
  if (given.length !== 1) {
    throw new InputError(
      given.length === 0
        ? `Set one prediction source: 'predictions' (a file), 'endpoint' (a model server URL) or 'command' (a local command).`
        : `Set only one prediction source; got ${given.map((n) => `'${n}'`).join(' and ')}.`,
    );
  }
  const timeoutMs = inputOr(get, Input.TimeoutMs, spec.positiveInt('30000', 86_400_000), 30_000);
  switch (given[0]) {
    case Input.Predictions:
      return {
        kind: 'predictions',
        path: requiredInput(get, Input.Predictions, spec.text('a file path')),
        idColumn: inputOr(
          get,
          Input.PredictionsIdColumn,
          spec.text('a column name'),
          inputOr(get, Input.IdColumn, spec.text('a column name'), 'id'),
        ),
      };
    case Input.Command:
      return {
        kind: 'command',
        command: requiredInput(get, Input.Command, spec.text('a shell command')),
        batchSize: inputOr(get, Input.BatchSize, spec.positiveInt('64', 1_000_000), 64),
        timeoutMs: inputOr(get, Input.TimeoutMs, spec.positiveInt('600000', 86_400_000), 600_000),
      };
    default:
      return {
        kind: 'endpoint',
        url: requiredInput(
          get,
          Input.Endpoint,
          spec.httpUrl('an http(s) URL, e.g. http://127.0.0.1:8080/predict'),
        ),
        requestTemplate: optionalInput(get, Input.RequestTemplate, spec.text('a JSON body')),
        responsePath: inputOr(
          get,
          Input.ResponsePath,
          spec.text('a path into the response JSON, e.g. predictions[0].label'),
          'prediction',
        ),
        probabilitiesPath: optionalInput(
          get,
          Input.ProbabilitiesPath,
          spec.text('a path into the response JSON, e.g. predictions[0].probabilities'),
        ),
        headers: headerInput(get),
        versionHeader: inputOr(
          get,
          Input.VersionHeader,
          spec.text('a header name'),
          'x-model-version',
        ),
        concurrency: inputOr(get, Input.Concurrency, spec.positiveInt('8', 10_000), 8),
        timeoutMs,
        maxRps: optionalInput(
          get,
          Input.MaxRps,
          spec.number('a positive number, e.g. 20', { min: 1e-9, max: 1_000_000 }),
        ),
        retries: inputOr(
          get,
          Input.Retries,
          spec.number('a whole number of 0 or more, e.g. 3', { min: 0, max: 100, integer: true }),
          3,
        ),
      };
  }
}

/**
 * The `headers` input. Every value is registered as a secret (`get.secret`), and so is the
 * credential after an authorization scheme (`Bearer <token>`), which a server may echo alone.
 */
function headerInput(get: InputGetter): Header[] {
  const headers = parseHeaders(get(Input.Headers));
  for (const { value } of headers) {
    if (value === '') continue;
    get.secret?.(value);
    const credential = /^[A-Za-z][\w-]*\s+(\S.*)$/.exec(value)?.[1];
    if (credential !== undefined) get.secret?.(credential);
  }
  return headers;
}

/** `Name: value` lines (or a JSON object). Values are kept as given; `headerInput` masks them. */
export function parseHeaders(raw: string): Header[] {
  const text = raw.trim();
  if (text === '') return [];
  if (text.startsWith('{')) {
    let value: unknown;
    try {
      value = JSON.parse(text);
    } catch {
      throw new InputError(`Input 'headers' starts with '{' but is not valid JSON.`, {
        hint: 'Give a JSON object of strings, or one `Name: value` per line.',
      });
    }
    const entries = Object.entries(value as Record<string, unknown>);
    if (entries.some(([name, v]) => typeof v !== 'string' || !HEADER.test(`${name}: x`))) {
      throw new InputError(`Input 'headers' must be a JSON object of header names to strings.`);
    }
    return entries.map(([name, v]) => ({ name, value: v as string }));
  }
  const headers: Header[] = [];
  // Line numbers are the input's own (blank lines count), so the message points at the line.
  raw.split(/\r?\n/).forEach((rawLine, index) => {
    const line = rawLine.trim();
    if (line === '') return;
    const match = HEADER.exec(line);
    if (!match) {
      // The line may hold a secret (a token without its name, a missing colon): nothing of it
      // is quoted, only its line number.
      throw new InputError(`Input 'headers' line ${index + 1} is not 'Name: value'.`, {
        hint: 'Write one header per line, e.g. `Authorization: Bearer <token from a secret>`.',
      });
    }
    headers.push({ name: match[1] as string, value: (match[2] as string).trim() });
  });
  return headers;
}
