import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { EvaluationReport, ExampleResult } from '@modelgate/core';
import { systemClock } from '@modelgate/models';
import type { ArtifactStore } from '@modelgate/runner';
import { loadRunContext } from '@modelgate/runner';
import { run } from '../../actions/evaluate-model/src/main';
import { FakeIO } from './fake-io';

/** A fresh temporary workspace folder. */
export function tempWorkspace(prefix = 'mg-eval-'): string {
  return mkdtempSync(join(tmpdir(), prefix));
}

/** Writes rows as JSONL into the workspace; returns the relative path. */
export function writeJsonl(dir: string, name: string, rows: readonly unknown[]): string {
  writeFileSync(join(dir, name), rows.map((r) => JSON.stringify(r)).join('\n') + '\n');
  return name;
}

export interface EvaluateRun {
  readonly io: FakeIO;
  readonly report: EvaluationReport | undefined;
  readonly examples: ExampleResult[];
}

/** Runs evaluate-model's `run` with a FakeIO over `inputs`, in workspace `cwd`. */
export async function runEvaluate(
  inputs: Record<string, string>,
  cwd: string,
  options: { artifacts?: ArtifactStore } = {},
): Promise<EvaluateRun> {
  const io = new FakeIO(inputs);
  await run({
    io,
    context: loadRunContext({}, () => new Date('2025-01-01T00:00:00Z')),
    artifacts: () => options.artifacts,
    clock: systemClock,
    cwd,
    env: process.env,
  });
  const reportPath = io.outputs.get('report');
  if (reportPath === undefined) return { io, report: undefined, examples: [] };
  const report = JSON.parse(readFileSync(reportPath, 'utf8')) as EvaluationReport;
  const jsonl = readFileSync(join(reportPath, '..', report.body.perExample!.path), 'utf8');
  const examples = jsonl
    .split('\n')
    .filter((l) => l !== '')
    .map((l) => JSON.parse(l) as ExampleResult);
  return { io, report, examples };
}
