import { DataError } from '../errors';
import type { Finding } from '../report/envelope';
import type { EvaluationBody, ExampleResult } from '../report/evaluation';
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
    const found = [...byIndex].sort(([a], [b]) => a - b).map(([i, file]) => `${i}: ${file}`);
    throw new DataError(
      `Shard(s) ${missing.join(', ')} of ${count} are missing from the merge (found ${found.join(', ')}).`,
      {
        hint: 'Wait for every shard job (needs: the matrix job) and download all their artifacts.',
        location: { file: first.source },
      },
    );
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

/** What an LLM run takes from its inputs and its requests, put together from its shard reports. */
export interface LlmShardSettings {
  /** The first shard's model (its `modelId` the first one reported), checked to agree. */
  readonly model: EvaluationBody['model'];
  /** Every model id the server reported in any shard, in shard order. */
  readonly modelIds: readonly string[];
  readonly repeats: number;
  /** The sums over the shards. */
  readonly requests: number;
  readonly cacheHits: number;
  /** False when any shard had no price for its model or judge (its cost was null). */
  readonly priced: boolean;
  readonly maxCostUsd: number | undefined;
  /** The judge of the shards that used one (shards without judge cases have none). */
  readonly judge: { readonly model: string; readonly promptVersion: string } | undefined;
  /**
   * The findings an LLM run makes before scoring that hold for the whole run: `ids-from-index`
   * (from any shard) and `llm-no-assertions` (only when every shard with cases has it).
   */
  readonly findings: Finding[];
}

/**
 * Checks that LLM shard reports are of one run and combines what a single run takes from its
 * inputs and its requests: the model (source, name, endpoint), prompt sha256, repeats, spend cap
 * and judge must agree, else a DataError names the two files and the field; requests and cache
 * hits are summed, model ids united, and the run is priced only when every shard was. Call it
 * after {@link mergeShardRuns}, which checks the shards are complete and disjoint.
 */
export function mergeLlmShardSettings(runs: readonly ShardRun[]): LlmShardSettings {
  const first = runs[0] as ShardRun;
  const llmOf = (run: ShardRun) => {
    const llm = run.report.body.llm;
    if (llm === undefined) {
      throw new DataError(`${run.source} is an LLM report without its body.llm section.`, {
        hint: 'Merge the reports evaluate-model wrote, unedited.',
        location: { file: run.source },
      });
    }
    return llm;
  };
  const firstLlm = llmOf(first);
  const model = first.report.body.model;
  let judge: LlmShardSettings['judge'];
  let judgeSource = first.source;
  let requests = 0;
  let cacheHits = 0;
  let priced = true;
  const modelIds: string[] = [];
  const findings: Finding[] = [];
  let withCases = 0;
  let withoutAssertions: Finding | undefined;
  let withoutAssertionsCount = 0;
  for (const run of runs) {
    const llm = llmOf(run);
    const body = run.report.body;
    const clash = (what: string, a: unknown, b: unknown, other = first.source): never => {
      throw new DataError(
        `${run.source} and ${other} are not shards of one LLM run: ${what} ${JSON.stringify(b)} vs ${JSON.stringify(a)}.`,
        {
          hint: 'Merge only the shards of one run (same prompt, model, repeats, max-cost-usd and judge).',
          location: { file: run.source },
        },
      );
    };
    if (body.model.promptSha256 !== model.promptSha256)
      clash('prompt sha256', model.promptSha256, body.model.promptSha256);
    if (body.model.source !== model.source) clash('model source', model.source, body.model.source);
    if (body.model.name !== model.name) clash('model', model.name, body.model.name);
    if (body.model.endpoint !== model.endpoint)
      clash('model endpoint', model.endpoint, body.model.endpoint);
    if (llm.repeats !== firstLlm.repeats) clash('repeats', firstLlm.repeats, llm.repeats);
    if (llm.maxCostUsd !== firstLlm.maxCostUsd)
      clash('max-cost-usd', firstLlm.maxCostUsd ?? null, llm.maxCostUsd ?? null);
    if (llm.judge !== undefined) {
      if (judge === undefined) {
        judge = llm.judge;
        judgeSource = run.source;
      } else if (judge.model !== llm.judge.model || judge.promptVersion !== llm.judge.promptVersion)
        clash('judge', judge, llm.judge, judgeSource);
    }
    requests += llm.requests;
    cacheHits += llm.cacheHits;
    if (llm.costUsd === null) priced = false;
    // The shard's first model id, then each trial's (reports written before trials carried
    // their model id give the first only).
    const ids = [
      ...(body.model.modelId !== undefined ? [body.model.modelId] : []),
      ...run.results.flatMap((r) => (r.trials ?? []).flatMap((t) => t.modelId ?? [])),
    ];
    for (const id of ids) if (!modelIds.includes(id)) modelIds.push(id);
    for (const f of run.report.findings) {
      if (f.code === 'ids-from-index' && !findings.some((g) => g.message === f.message))
        findings.push(f);
    }
    if (run.results.length > 0) {
      withCases++;
      const f = run.report.findings.find((g) => g.code === 'llm-no-assertions');
      if (f !== undefined) {
        withoutAssertions = f;
        withoutAssertionsCount++;
      }
    }
  }
  if (withoutAssertions !== undefined && withoutAssertionsCount === withCases)
    findings.push(withoutAssertions);
  return {
    model: {
      ...model,
      ...(modelIds[0] !== undefined && { modelId: modelIds[0] }),
    },
    modelIds,
    repeats: firstLlm.repeats,
    requests,
    cacheHits,
    priced,
    maxCostUsd: firstLlm.maxCostUsd,
    judge,
    findings,
  };
}
