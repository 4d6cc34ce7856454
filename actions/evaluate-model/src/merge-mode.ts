import { isAbsolute, dirname, join, resolve } from 'node:path';
import * as glob from '@actions/glob';
import {
  DataError,
  ExampleResult,
  buildEvaluationReport,
  formatIssues,
  mergeShardRuns,
  summarizeResults,
} from '@modelgate/core';
import type { EvaluationReport, Provenance, ShardRun } from '@modelgate/core';
import { readReport, readTextFile } from '@modelgate/runner';
import type { MergeInputs } from './inputs';
import type { Deps, Outcome } from './main';

/**
 * Merge mode: reads every shard report the `merge` glob matches and its per-example JSONL,
 * checks they are the complete, disjoint shards of one run, and recomputes every metric from
 * the merged examples (throughput is the sum of the shards', as they ran in parallel).
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
  if (merged.task === 'llm') {
    throw new DataError('Merging LLM evaluation shards is not supported by the classic merge.', {
      hint: 'Merge classification or regression shards.',
    });
  }
  deps.io.info(`evaluate-model: merging ${runs.length} shards, ${merged.results.length} examples.`);
  const first = runs[0]!.report;
  const scored = summarizeResults(merged.results, {
    task: merged.task,
    ...((inputs.positiveLabel ?? first.body.positiveLabel)
      ? { positiveLabel: (inputs.positiveLabel ?? first.body.positiveLabel) as string }
      : {}),
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
