import {
  InputError,
  buildEvaluationReport,
  detectTask,
  labelOf,
  shardOf,
  sortLabels,
  summarizeResults,
  toExampleResult,
} from '@modelgate/core';
import type {
  EvaluationReport,
  ExampleResult,
  Finding,
  LabelledRow,
  InputFingerprint,
  Provenance,
} from '@modelgate/core';
import { fingerprintFile, readColumns } from '@modelgate/data';
import {
  compileTemplate,
  createCommandSource,
  createEndpointSource,
  createPredictionsFileSource,
  systemClock,
} from '@modelgate/models';
import type {
  Clock,
  EvalRow,
  Prediction,
  PredictionSource,
  SourceSummary,
} from '@modelgate/models';
import {
  actionsIO,
  createArtifactStore,
  inputGetter,
  loadRunContext,
  runAction,
} from '@modelgate/runner';
import type { ActionsIO, ArtifactStore, RunContext } from '@modelgate/runner';
import { loadEvalSet } from './eval-set';
import type { EvalSet } from './eval-set';
import { Input, parseInputs } from './inputs';
import type { EvaluateInputs, SourceInputs } from './inputs';
import { startPredictionsThread } from './predictions-thread';
import type { PendingPredictions, PrefetchedPredictions } from './predictions-thread';
import { createProgress } from './progress';
import { publishReport } from './publish';

export const TOOL = { name: 'evaluate-model', version: '0.1.0' } as const;

export interface Deps {
  readonly io: ActionsIO;
  readonly context: RunContext;
  /** The artifact store, made only when uploading; undefined outside a runner that offers one. */
  readonly artifacts: () => ArtifactStore | undefined;
  /** Monotonic time for durations and progress. */
  readonly clock: Clock;
  /** Where relative paths are read from (the workspace). */
  readonly cwd: string;
  /** The environment a `command` runs with. */
  readonly env: NodeJS.ProcessEnv;
  /**
   * The size from which a predictions file is read on a worker thread (default
   * PREDICTIONS_THREAD_MIN_BYTES); Infinity reads every file on the main thread.
   */
  readonly predictionsThreadMinBytes?: number;
  /** A read of the predictions file started before the inputs were parsed (./index.ts). */
  readonly prefetched?: PrefetchedPredictions;
}

export function defaultDeps(prefetched?: PrefetchedPredictions): Deps {
  return {
    ...(prefetched !== undefined && { prefetched }),
    io: actionsIO(),
    context: loadRunContext(),
    artifacts: () => createArtifactStore(),
    clock: systemClock,
    cwd: process.cwd(),
    env: process.env,
  };
}

/** Scores a model on the eval set (or merges shard reports), writes the report, sets outputs. */
export async function run(deps: Deps = defaultDeps()): Promise<void> {
  await runAction(deps.io, async () => {
    try {
      await evaluateOrMerge(deps);
    } finally {
      // A prefetched read that this run did not claim (another mode or file, or bad inputs).
      deps.prefetched?.pending.cancel();
    }
  });
}

async function evaluateOrMerge(deps: Deps): Promise<void> {
  const inputs = parseInputs(inputGetter(deps.io));
  const provenance = deps.context.provenance(TOOL);
  // The merge and LLM modes (and the LLM mode's YAML, JSON Schema and tokenizer code) are
  // loaded only when used: the classic run starts without compiling them.
  const outcome =
    inputs.mode === 'merge'
      ? await (await import('./merge-mode')).mergeShardReports(inputs, provenance, deps)
      : inputs.mode === 'llm'
        ? await (await import('./llm/run')).evaluateLlm(inputs, provenance, deps)
        : await evaluate(inputs, provenance, deps);
  const passRate = outcome.report.body.llm?.passRate;
  deps.io.setOutput('pass-rate', passRate === undefined || passRate === null ? '' : passRate);
  await publishReport(outcome.report, outcome.results, inputs, deps);
}

/** A report and the per-example results it was computed from. */
export interface Outcome {
  readonly report: EvaluationReport;
  readonly results: readonly ExampleResult[];
}

/**
 * Reads the eval set, runs the prediction source on it (this shard), and scores the results. A
 * large predictions file is read on a second thread meanwhile (./predictions-thread).
 */
async function evaluate(
  inputs: EvaluateInputs,
  provenance: Provenance,
  deps: Deps,
): Promise<Outcome> {
  const pending =
    inputs.source.kind === 'predictions'
      ? (claimPrefetched(deps.prefetched, inputs.source.path, deps.cwd) ??
        startPredictionsThread(inputs.source.path, deps.cwd, deps.predictionsThreadMinBytes))
      : undefined;
  try {
    return await evaluateWith(inputs, provenance, deps, pending);
  } finally {
    pending?.cancel();
  }
}

/** The prefetched read when it is of this file from this folder; else undefined (and it is
 * stopped). */
function claimPrefetched(
  prefetched: PrefetchedPredictions | undefined,
  path: string,
  cwd: string,
): PendingPredictions | undefined {
  if (prefetched === undefined) return undefined;
  if (prefetched.path !== path || prefetched.cwd !== cwd) {
    prefetched.pending.cancel();
    return undefined;
  }
  prefetched.pending.keepAlive();
  return prefetched.pending;
}

async function evaluateWith(
  inputs: EvaluateInputs,
  provenance: Provenance,
  deps: Deps,
  pending: PendingPredictions | undefined,
): Promise<Outcome> {
  const { io } = deps;
  const evalSet = await loadEvalSet({
    path: inputs.dataset,
    idColumn: inputs.idColumn,
    labelColumn: inputs.labelColumn,
    sliceBy: inputs.sliceBy,
    expectedSha256: inputs.expectedSha256,
    cwd: deps.cwd,
  });
  const findings: Finding[] = [];
  if (evalSet.idsFromIndex) {
    const message = `The eval set has no id column "${inputs.idColumn}": the row index is used as id, so per-example results pair only while rows keep their order.`;
    io.warning(message, { file: inputs.dataset });
    findings.push({ code: 'ids-from-index', severity: 'warning', message, file: inputs.dataset });
  }
  const task = inputs.task ?? detectTask(evalSet.expected);
  if (task === 'regression' && inputs.labels.length > 0) {
    throw new InputError(
      `Input '${Input.Labels}' lists classification labels, but the task is regression${inputs.task ? '' : ' (detected from the labels)'}.`,
      { hint: `Remove '${Input.Labels}', or set task: classification.` },
    );
  }
  const labels =
    task === 'classification' ? sortLabels(evalSet.expected.map((v) => labelOf(v) ?? '')) : [];
  // The labels scored: the listed ones, or (for the binary default) the eval set's.
  const scoredLabels = inputs.labels.length > 0 ? [...new Set(inputs.labels)] : labels;
  const binary = scoredLabels.length === 2;
  const positiveLabel = binary ? (inputs.positiveLabel ?? scoredLabels[1]) : inputs.positiveLabel;
  const negativeLabel = binary ? scoredLabels.find((l) => l !== positiveLabel) : undefined;

  // This shard's rows (all rows when not sharded).
  const positions: number[] = [];
  for (let i = 0; i < evalSet.size; i++) {
    if (
      !inputs.shard ||
      shardOf(evalSet.ids[i] as string, inputs.shard.count) === inputs.shard.index
    )
      positions.push(i);
  }
  const rows: EvalRow[] = positions.map((i) => evalSet.row(i));
  io.info(
    `evaluate-model: ${rows.length} of ${evalSet.size} examples` +
      (inputs.shard ? ` (shard ${inputs.shard.index}/${inputs.shard.count})` : '') +
      `, task ${task}${inputs.task ? '' : ' (detected)'}, source ${inputs.source.kind}.`,
  );

  const { source, files } = await createSource(
    inputs.source,
    evalSet,
    inputs,
    deps,
    labels,
    pending,
  );
  const predictions = new Array<Prediction | undefined>(rows.length);
  const progress = createProgress(
    rows.length,
    (line) => io.info(line),
    () => deps.clock.now(),
  );
  const summary: SourceSummary = await source.run(rows, {
    onResult(position, prediction) {
      predictions[position] = prediction;
      progress.tick(prediction.error !== undefined);
    },
  });
  progress.finish();

  const ctx = {
    task,
    ...(positiveLabel !== undefined && { positiveLabel }),
    ...(negativeLabel !== undefined && { negativeLabel }),
    ...(inputs.shard && { shard: inputs.shard.index }),
  };
  let missing = 0;
  const results = rows.map((row, k) => {
    const i = positions[k] as number;
    const prediction = predictions[k] ?? {
      error: 'the source returned no prediction for this row',
      errorCode: 'not-returned',
    };
    if (prediction.errorCode === 'missing-prediction') missing++;
    const { id, index } = row;
    const expected = evalSet.expected[i];
    const slices = evalSet.slices?.[i];
    const labelled: LabelledRow =
      slices === undefined ? { id, index, expected } : { id, index, expected, slices };
    return toExampleResult(labelled, prediction, ctx);
  });
  const scored = summarizeResults(results, {
    task,
    ...(positiveLabel !== undefined && { positiveLabel }),
    ...(inputs.labels.length > 0 && { labels: inputs.labels }),
    sliceBy: inputs.sliceBy,
    minSliceSize: inputs.minSliceSize,
    ...(summary.durationMs !== undefined && { durationMs: summary.durationMs }),
  });
  const modelName = inputs.common.modelName;
  const report = buildEvaluationReport(scored, {
    provenance,
    inputs: [evalSet.fingerprint, ...files],
    task,
    model: {
      source: source.kind,
      ...(modelName !== undefined && { name: modelName }),
      ...(source.kind === 'endpoint' && { endpoint: source.describe }),
      ...(source.kind === 'command' && { name: modelName ?? source.describe }),
      ...(summary.modelVersion !== undefined && { version: summary.modelVersion }),
    },
    dataset: { path: evalSet.path, sha256: evalSet.fingerprint.sha256, rows: evalSet.size },
    ...(inputs.shard && { shard: inputs.shard }),
    run: {
      ...(summary.durationMs !== undefined && { durationMs: summary.durationMs }),
      ...(summary.requests !== undefined && { requests: summary.requests }),
      ...(summary.retries !== undefined && { retries: summary.retries }),
    },
    missingPredictions: missing,
    unknownIds: summary.unknownIds ?? [],
    ...(inputs.source.kind === 'predictions' && { unknownIdsFile: inputs.source.path }),
    maxErrorRate: inputs.common.maxErrorRate,
    findings,
  });
  return { report, results };
}

/**
 * The one place a prediction source is chosen. The LLM mode adds its branch here
 * (`case 'openai-compatible'`, built in `./llm/`).
 */
async function createSource(
  source: SourceInputs,
  evalSet: EvalSet,
  inputs: EvaluateInputs,
  deps: Deps,
  labels: readonly string[],
  pending: PendingPredictions | undefined,
): Promise<{ source: PredictionSource; files: InputFingerprint[] }> {
  switch (source.kind) {
    case 'predictions': {
      // The worker's columns and hash (it read the file once); or, when it did not take the
      // file, the main thread's own hash and read.
      const threaded = await pending?.result;
      if (pending !== undefined) {
        deps.io.debug(
          threaded === undefined
            ? `The worker thread did not take ${source.path}; it is read on the main thread.`
            : `Read ${source.path} on a worker thread${pending.early ? ', started before the action loaded' : ''}.`,
        );
      }
      const fp = threaded?.fingerprint ?? (await fingerprintFile(source.path, deps.cwd));
      const table = threaded?.table ?? (await readColumns(source.path, { cwd: deps.cwd }));
      const predictions = createPredictionsFileSource({
        file: source.path,
        table,
        idColumn: source.idColumn,
        idIndex: evalSet.idIndex,
        ids: evalSet.ids,
        ...(labels.length > 0 && { labels }),
      });
      return {
        source: predictions,
        files: [
          {
            role: 'predictions',
            path: source.path,
            sha256: fp.sha256,
            bytes: fp.bytes,
            rows: table.rows,
          },
        ],
      };
    }
    case 'endpoint': {
      let template;
      if (source.requestTemplate !== undefined) {
        const compiled = compileTemplate(source.requestTemplate);
        if ('error' in compiled) {
          throw new InputError(
            `Input '${Input.RequestTemplate}' is not a valid template: ${compiled.error}`,
            {
              hint: 'Example: {"text": "{{text}}", "age": "{{age}}"}.',
            },
          );
        }
        const unknown = compiled.fields.filter((f) => !evalSet.columns.includes(f));
        if (unknown.length > 0) {
          throw new InputError(
            `Input '${Input.RequestTemplate}' uses ${unknown.map((f) => `{{${f}}}`).join(', ')}, which ${unknown.length === 1 ? 'is not a column' : 'are not columns'} of ${evalSet.path}. Columns: ${evalSet.columns.slice(0, 30).join(', ')}.`,
          );
        }
        template = compiled;
      }
      const endpoint = createEndpointSource({
        url: source.url,
        template,
        responsePath: source.responsePath,
        probabilitiesPath: source.probabilitiesPath,
        headers: Object.fromEntries(source.headers.map((h) => [h.name, h.value])),
        versionHeader: source.versionHeader,
        concurrency: source.concurrency,
        timeoutMs: source.timeoutMs,
        maxRps: source.maxRps,
        retries: source.retries,
        clock: deps.clock,
      });
      return { source: endpoint, files: [] };
    }
    case 'command': {
      const command = createCommandSource({
        command: source.command,
        batchSize: source.batchSize,
        timeoutMs: source.timeoutMs,
        idColumn: inputs.idColumn,
        cwd: deps.cwd,
        env: deps.env,
        clock: deps.clock,
      });
      return { source: command, files: [] };
    }
  }
}
