/**
 * The prediction-source port: whatever produces predictions (a model server, a local command, a
 * predictions file, an LLM) is run over the eval rows through this one interface, so the
 * evaluation pipeline does not care which it is. Every row gets exactly one {@link Prediction}:
 * a failure is a prediction with `error`, counted and reported, never a dropped row.
 */
import type { Prediction } from '@modelgate/core';

/** One eval-set row, as a source sees it. */
export interface EvalRow {
  /** The row's id (the id column, or the 0-based row index as text when there is none). */
  readonly id: string;
  /** The row's 0-based index in the eval set. */
  readonly index: number;
  /** The row's fields as read: JSON types for JSON formats, strings (or null) for CSV. */
  readonly fields: Readonly<Record<string, unknown>>;
}

/** What a source said about one row: core's {@link Prediction}, re-exported for the sources. */
export type { Prediction };

/** How a source reports back while it runs. */
export interface SourceHooks {
  /** Called once per row, as soon as its prediction is known; `position` indexes `rows`. */
  onResult(position: number, prediction: Prediction): void;
  /** When aborted, a source starts no new work (rows left are reported as errors). */
  readonly signal?: AbortSignal;
}

/** What a source run says about itself once every row has its prediction. */
export interface SourceSummary {
  /** The model version the server reported (version header), when it did. */
  readonly modelVersion?: string;
  /** Wall time of the whole run, in ms. Undefined when nothing was called (predictions file). */
  readonly durationMs?: number;
  /** Ids the source had predictions for that are not among the rows (predictions file). */
  readonly unknownIds?: readonly string[];
  /** Requests sent, retries included. */
  readonly requests?: number;
  readonly retries?: number;
}

/** A source of predictions for eval rows. */
export interface PredictionSource {
  /** The report's `body.model.source`. */
  readonly kind: 'predictions' | 'endpoint' | 'command' | 'openai-compatible';
  /**
   * What identifies the model for the report: the endpoint by scheme, host and path (never its
   * user-info or query, which may hold credentials), the command, or the predictions file.
   */
  readonly describe: string;
  /**
   * Produces one prediction per row via `hooks.onResult`, then resolves with a summary.
   * Rejects with a ModelError or DataError only for a failure that stops the whole run (a bad
   * template, a response without the configured path, a command that crashed).
   */
  run(rows: readonly EvalRow[], hooks: SourceHooks): Promise<SourceSummary>;
}
