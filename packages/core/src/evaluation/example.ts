import type { ExampleResult } from '../report/evaluation';
import { labelOf, sortLabels } from '../metrics/labels';
import type { ClassicTask } from './task';
import { numberOf } from './task';

/**
 * What a prediction source said about one row. Defined here, where it is scored; the sources in
 * `@modelgate/models` produce it.
 */
export interface Prediction {
  /** The predicted label (classification), number (regression) or text (LLM). */
  readonly predicted?: unknown;
  /** Class probabilities keyed by label. */
  readonly probabilities?: Readonly<Record<string, number>>;
  /** A single positive-class score (binary classification). */
  readonly score?: number;
  /** Wall time of the call that produced it, in ms: the successful attempt (not retry waits). */
  readonly latencyMs?: number;
  readonly inputTokens?: number;
  readonly outputTokens?: number;
  /** Why there is no prediction, e.g. `HTTP 500 after 4 attempts`. */
  readonly error?: string;
  /** A stable kind for `error`: `http`, `timeout`, `network`, `command`, `missing-prediction`… */
  readonly errorCode?: string;
  /** Calls made for this row (1 + retries). */
  readonly attempts?: number;
}

/** An eval row reduced to what scoring needs. */
export interface LabelledRow {
  readonly id: string;
  readonly index: number;
  readonly expected: unknown;
  readonly slices?: Readonly<Record<string, string>>;
}

export interface ScoringContext {
  readonly task: ClassicTask;
  /** Binary: the label a lone `score` is the probability of; with `negativeLabel`. */
  readonly positiveLabel?: string;
  readonly negativeLabel?: string;
  readonly shard?: number;
}

/**
 * One row's per-example result. Classification: the predicted label is the prediction's label,
 * else the arg-max of its probabilities (the first of tied maxima in label order), else — binary
 * with a lone score — the positive label when score ≥ 0.5. Regression: the prediction must be a
 * number. A prediction that gives neither is an error (`invalid-prediction`), never dropped.
 */
export function toExampleResult(
  row: LabelledRow,
  prediction: Prediction,
  ctx: ScoringContext,
): ExampleResult {
  const out: ExampleResult = { id: row.id, index: row.index, expected: row.expected };
  if (ctx.shard !== undefined) out.shard = ctx.shard;
  if (row.slices !== undefined) out.slices = row.slices;
  if (prediction.latencyMs !== undefined) out.latencyMs = prediction.latencyMs;
  if (prediction.inputTokens !== undefined) out.inputTokens = prediction.inputTokens;
  if (prediction.outputTokens !== undefined) out.outputTokens = prediction.outputTokens;
  if (prediction.error !== undefined) {
    out.status = 'error';
    out.error = prediction.error;
    out.errorCode = prediction.errorCode ?? 'error';
    return out;
  }
  if (prediction.probabilities !== undefined) {
    out.probabilities = prediction.probabilities;
  }
  if (prediction.score !== undefined) out.score = prediction.score;

  if (ctx.task === 'regression') {
    const value = numberOf(prediction.predicted);
    if (value === undefined) return invalid(out, prediction.predicted, 'a number');
    out.predicted = value;
    out.status = 'ok';
    return out;
  }
  const label = predictedLabel(prediction, ctx);
  if (label === undefined)
    return invalid(out, prediction.predicted, 'a label, probabilities or a score');
  out.predicted = label;
  out.correct = label === labelOf(row.expected);
  out.status = 'ok';
  return out;
}

function predictedLabel(prediction: Prediction, ctx: ScoringContext): string | undefined {
  const direct = labelOf(prediction.predicted);
  if (direct !== undefined) return direct;
  if (prediction.probabilities !== undefined) {
    let best: string | undefined;
    let bestP = -Infinity;
    const probabilities = prediction.probabilities;
    for (const label of sortLabels(Object.keys(probabilities))) {
      const p = probabilities[label] as number;
      if (p > bestP) {
        bestP = p;
        best = label;
      }
    }
    if (best !== undefined) return best;
  }
  if (
    prediction.score !== undefined &&
    ctx.positiveLabel !== undefined &&
    ctx.negativeLabel !== undefined
  ) {
    return prediction.score >= 0.5 ? ctx.positiveLabel : ctx.negativeLabel;
  }
  return undefined;
}

function invalid(out: ExampleResult, predicted: unknown, wanted: string): ExampleResult {
  const shown = JSON.stringify(predicted) ?? 'nothing';
  out.status = 'error';
  out.errorCode = 'invalid-prediction';
  out.error = `the prediction is not ${wanted}: got ${shown.length > 80 ? `${shown.slice(0, 80)}…` : shown}`;
  return out;
}
