import { isAbsolute, dirname, join, resolve } from 'node:path';
import * as glob from '@actions/glob';
import {
  DataError,
  ExampleResult,
  buildEvaluationReport,
  buildLlmReport,
  formatIssues,
  mergeLlmShardSettings,
  mergeShardRuns,
  modelIdsFinding,
  summarizeLlmResults,
  summarizeResults,
} from '@modelgate/core';
import type {
  EvaluationReport,
  Finding,
  MergedShards,
  Provenance,
  ShardRun,
} from '@modelgate/core';
import { readReport, readTextFile } from '@modelgate/runner';
import type { MergeInputs } from './inputs';
import type { Deps, Outcome } from './main';

/**
 * Merge mode: reads every shard report the `merge` glob matches and its per-example JSONL,
 * checks they are the complete, disjoint shards of one run, and recomputes every metric from
 * the merged examples (throughput is the sum of the shards', as they ran in parallel). LLM shards
 * are scored as one LLM run would be (see mergeLlmShards).
 */
export async function mergeShardReports(
  inputs: MergeInputs,
  provenance: Provenance,
  deps: Deps,
): Promise<Outcome> {
  const pattern = isAbsolute(inputs.merge) ? inputs.merge : join(deps.cwd, inputs.merge);
  const globber = await glob.create(pattern, { matchDirectories: false });
  const reportOut = resolve(deps.cwd, inputs.common.reportPath);
  const files = (await globber.glob()).filter((f) => resolve(f) !== reportOut).sort();
  const runs: ShardRun[] = [];
  for (const file of files) {
    const report = (await readReport(file, ['evaluation'])) as EvaluationReport;
    const per = report.body.perExample;
    if (!per) {
      throw new DataError(`${file} has no per-example results (body.perExample) to merge.`, {
        location: { file },
      });
    }
    const path = join(dirname(file), per.path);
    runs.push({
      source: file,
      report,
      results: parseExamples(await readTextFile(path, 'per-example results'), path),
    });
  }
  const merged = mergeShardRuns(runs);
  deps.io.info(`evaluate-model: merging ${runs.length} shards, ${merged.results.length} examples.`);
  if (merged.task === 'llm') return mergeLlmShards(runs, merged, inputs, provenance);
  const first = runs[0]!.report;
  const scored = summarizeResults(merged.results, {
    task: merged.task,
    ...((inputs.positiveLabel ?? first.body.positiveLabel)
      ? { positiveLabel: (inputs.positiveLabel ?? first.body.positiveLabel) as string }
      : {}),
    ...(inputs.labels.length > 0 && { labels: inputs.labels }),
    sliceBy: [...new Set((first.body.slices ?? []).map((s) => s.column))],
    minSliceSize: inputs.minSliceSize,
    ...(merged.throughputRps !== undefined && { throughputRps: merged.throughputRps }),
  });
  let missing = 0;
  for (const r of merged.results) if (r.errorCode === 'missing-prediction') missing++;
  const report = buildEvaluationReport(scored, {
    provenance,
    inputs: dedupeInputs(runs.flatMap((r) => r.report.inputs)),
    task: merged.task,
    model: {
      ...merged.model,
      ...(inputs.common.modelName !== undefined && { name: inputs.common.modelName }),
    },
    dataset: merged.dataset,
    mergedFrom: runs.length,
    ...(merged.durationMs !== undefined && { run: { durationMs: merged.durationMs } }),
    missingPredictions: missing,
    unknownIds: [],
    unknownIdCount: merged.unknownIds,
    maxErrorRate: inputs.common.maxErrorRate,
  });
  return { report, results: merged.results };
}

/**
 * LLM shards: scored from the merged per-example results by the functions a single LLM run uses,
 * with the run's settings from the shard reports (mergeLlmShardSettings) and, where a single run
 * takes them from its inputs, from this step's: min-pass-rate, max-error-rate, min-slice-size and
 * model-name.
 */
function mergeLlmShards(
  runs: readonly ShardRun[],
  merged: MergedShards,
  inputs: MergeInputs,
  provenance: Provenance,
): Outcome {
  const settings = mergeLlmShardSettings(runs);
  const mixedModels = modelIdsFinding(settings.modelIds);
  const findings: Finding[] = [...settings.findings, ...(mixedModels ? [mixedModels] : [])];
  // Every case carries every slice-by column (a missing value is "(missing)"), in input order.
  const sliceBy = Object.keys(merged.results.find((r) => r.slices !== undefined)?.slices ?? {});
  const summary = summarizeLlmResults(merged.results, {
    sliceBy,
    minSliceSize: inputs.minSliceSize,
    repeats: settings.repeats,
    requests: settings.requests,
    cacheHits: settings.cacheHits,
    priced: settings.priced,
    maxErrorRate: inputs.common.maxErrorRate,
    ...(settings.maxCostUsd !== undefined && { maxCostUsd: settings.maxCostUsd }),
    ...(inputs.minPassRate !== undefined && { minPassRate: inputs.minPassRate }),
    ...(settings.judge !== undefined && { judge: settings.judge }),
  });
  const report = buildLlmReport(summary, {
    provenance,
    inputs: dedupeInputs(runs.flatMap((r) => r.report.inputs)),
    model: {
      ...settings.model,
      ...(inputs.common.modelName !== undefined && { name: inputs.common.modelName }),
    },
    dataset: merged.dataset,
    run: {
      ...(merged.durationMs !== undefined && { durationMs: merged.durationMs }),
      requests: settings.requests,
    },
    findings,
  });
  report.body.mergedFrom = runs.length;
  return { report, results: merged.results };
}

function dedupeInputs<T extends { sha256: string; role: string }>(inputs: T[]): T[] {
  const seen = new Set<string>();
  return inputs.filter((i) => {
    const key = `${i.role}:${i.sha256}`;
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}

/** Parses and validates per-example JSONL; a bad line is a DataError with its line number. */
export function parseExamples(text: string, file: string): ExampleResult[] {
  const out: ExampleResult[] = [];
  const lines = text.split('\n');
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i] as string;
    if (line.trim() === '') continue;
    let value: unknown;
    try {
      value = JSON.parse(line);
    } catch {
      throw new DataError(`Line ${i + 1} of ${file} is not JSON.`, {
        location: { file, line: i + 1 },
      });
    }
    const parsed = ExampleResult.safeParse(value);
    if (!parsed.success) {
      throw new DataError(
        `Line ${i + 1} of ${file} is not a per-example result: ${formatIssues(parsed.error)}.`,
        {
          location: { file, line: i + 1 },
        },
      );
    }
    out.push(parsed.data);
  }
  return out;
}
