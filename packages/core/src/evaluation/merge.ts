import { DataError } from '../errors';
import type { ExampleResult } from '../report/evaluation';
import type { EvaluationReport } from '../report/kinds';
import { shardOf } from './shard';

/** One shard's report and its per-example results, as read from its files. */
export interface ShardRun {
  /** The report file, for messages. */
  readonly source: string;
  readonly report: EvaluationReport;
  readonly results: readonly ExampleResult[];
}

/** The shards put back together: every example once, in eval-set order. */
export interface MergedShards {
  readonly results: ExampleResult[];
  readonly count: number;
  readonly task: EvaluationReport['body']['task'];
  readonly dataset: EvaluationReport['body']['dataset'];
  readonly model: EvaluationReport['body']['model'];
  readonly unknownIds: number;
  /** The sum of the shards' throughputs (they run in parallel); undefined when any lacks one. */
  readonly throughputRps: number | undefined;
  /** The longest shard's wall time. */
  readonly durationMs: number | undefined;
}

/**
 * Checks that the shard runs are the complete, disjoint shards of one evaluation and merges their
 * per-example results (the metrics are then recomputed from them, never averaged). Refuses,
 * with a DataError naming the files: reports that are not shards, shards of different eval sets
 * (sha256), tasks or shard counts, a shard given twice or missing, an example in two shards or
 * in the wrong shard, and results that do not cover the eval set's rows.
 */
export function mergeShardRuns(runs: readonly ShardRun[]): MergedShards {
  if (runs.length === 0) {
    throw new DataError('No shard reports to merge: the merge pattern matched no file.', {
      hint: 'Download the shard artifacts first (actions/download-artifact with a pattern) and point merge at their report files.',
    });
  }
  const first = runs[0] as ShardRun;
  const shardOfRun = (run: ShardRun) => {
    const shard = run.report.body.shard;
    if (!shard) {
      throw new DataError(`${run.source} is not a shard report (it has no body.shard).`, {
        hint: 'Merge only reports written with the shard input.',
        location: { file: run.source },
      });
    }
    return shard;
  };
  const count = shardOfRun(first).count;
  const dataset = first.report.body.dataset;
  const byIndex = new Map<number, string>();
  for (const run of runs) {
    const shard = shardOfRun(run);
    const body = run.report.body;
    const clash = (what: string, a: unknown, b: unknown): never => {
      throw new DataError(
        `${run.source} is a shard of a different evaluation than ${first.source}: ${what} ${JSON.stringify(b)} vs ${JSON.stringify(a)}.`,
        {
          hint: 'Merge only the shards of one run (same eval set, task and shard count).',
          location: { file: run.source },
        },
      );
    };
    if (shard.count !== count) clash('shard count', count, shard.count);
    if (body.dataset.sha256 !== dataset.sha256)
      clash('eval set sha256', dataset.sha256, body.dataset.sha256);
    if (body.dataset.rows !== dataset.rows) clash('eval set rows', dataset.rows, body.dataset.rows);
    if (body.task !== first.report.body.task) clash('task', first.report.body.task, body.task);
    const previous = byIndex.get(shard.index);
    if (previous !== undefined) {
      throw new DataError(
        `Shard ${shard.index}/${count} is given twice: ${previous} and ${run.source}.`,
        {
          hint: 'Each shard must be merged once.',
          location: { file: run.source },
        },
      );
    }
    byIndex.set(shard.index, run.source);
  }
  const missing: number[] = [];
  for (let i = 1; i <= count; i++) if (!byIndex.has(i)) missing.push(i);
  if (missing.length > 0) {
    throw new DataError(`Shard(s) ${missing.join(', ')} of ${count} are missing from the merge.`, {
      hint: 'Wait for every shard job (needs: the matrix job) and download all their artifacts.',
    });
  }

  const seen = new Map<string, string>();
  const results: ExampleResult[] = [];
  for (const run of runs) {
    const index = shardOfRun(run).index;
    for (const r of run.results) {
      const other = seen.get(r.id);
      if (other !== undefined) {
        throw new DataError(
          `Example id ${JSON.stringify(r.id)} is in two shards: ${other} and ${run.source}.`,
          {
            hint: 'The shards overlap; re-run them from one commit.',
            location: { file: run.source },
          },
        );
      }
      if (shardOf(r.id, count) !== index) {
        throw new DataError(
          `Example id ${JSON.stringify(r.id)} in ${run.source} belongs to shard ${shardOf(r.id, count)}, not ${index}.`,
          {
            hint: 'The shard results were not made by evaluate-model with the same shard count.',
            location: { file: run.source },
          },
        );
      }
      seen.set(r.id, run.source);
      results.push(r);
    }
  }
  if (results.length !== dataset.rows) {
    throw new DataError(
      `The shards hold ${results.length} examples but the eval set has ${dataset.rows} rows.`,
      {
        hint: "A shard's per-example file is incomplete; re-run that shard.",
      },
    );
  }
  results.sort((a, b) => (a.index ?? 0) - (b.index ?? 0));
  let throughput: number | undefined = 0;
  let duration: number | undefined = 0;
  let unknownIds = 0;
  for (const run of runs) {
    const t = run.report.metrics.throughput_rps?.value;
    throughput =
      throughput === undefined || t === undefined || t === null ? undefined : throughput + t;
    const d = run.report.body.run?.durationMs;
    duration = duration === undefined || d === undefined ? undefined : Math.max(duration, d);
    unknownIds = Math.max(unknownIds, run.report.body.examples.unknownIds);
  }
  return {
    results,
    count,
    task: first.report.body.task,
    dataset,
    model: first.report.body.model,
    unknownIds,
    throughputRps: throughput,
    durationMs: duration,
  };
}
