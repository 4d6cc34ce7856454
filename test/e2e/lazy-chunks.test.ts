import { copyFileSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import type { DataValidationReport, EvaluationReport } from '@modelgate/core';
import { readColumns } from '@modelgate/data';
import { CAR_PROMPT, carsModel } from '../helpers/cars-llm';
import { runEvaluate, tempWorkspace, writeJsonl } from '../helpers/evaluate-model';
import { startOpenAIServer } from '../helpers/openai-server';
import type { OpenAIServer } from '../helpers/openai-server';
import { cleanupRuns, hasNode24, REPO_ROOT, runBundle } from './harness';

// Code that only some runs need is split out of each bundle's entry chunk and loaded when used:
// the LLM mode (with its YAML, JSON Schema and tokenizer code), the Parquet reader and globs. These
// runs go through the bundles (dist/, as the runner runs them), so a chunk that fails to load
// or was left out of dist/ fails here, on the machine's Node and on Node 24.
const nodes = hasNode24() ? (['system', 'node24'] as const) : (['system'] as const);

describe('the bundles load the chunks a run needs', () => {
  let server: OpenAIServer;
  const { cars, originRule } = carsModel(24);
  let workspace: string;

  beforeAll(async () => {
    server = await startOpenAIServer({ answer: originRule });
    workspace = tempWorkspace('mg-e2e-chunks-');
    writeJsonl(
      workspace,
      'cases.jsonl',
      cars.map((c, i) => ({ id: `car-${i}`, name: c.Name, origin: c.Origin })),
    );
    writeFileSync(join(workspace, 'prompt.yaml'), CAR_PROMPT);
    writeFileSync(
      join(workspace, 'asserts.yaml'),
      '- type: equals\n  value: "{{origin}}"\n  normalize: [trim, lowercase]\n',
    );
    for (const codec of ['snappy', 'zstd']) {
      copyFileSync(
        join(REPO_ROOT, 'test/fixtures/data/parquet', `mixed-${codec}.parquet`),
        join(workspace, `part-${codec}.parquet`),
      );
    }
  });
  afterAll(async () => {
    await server.close();
    await cleanupRuns();
  });

  const llmInputs = (): Record<string, string> => ({
    provider: 'openai-compatible',
    'base-url': server.baseUrl,
    model: 'gpt-4o-mini',
    dataset: 'cases.jsonl',
    prompt: 'prompt.yaml',
    assertions: 'asserts.yaml',
    temperature: '0',
    'slice-by': 'origin',
    'min-slice-size': '1',
    'max-error-rate': '1',
  });

  it.each(nodes)(
    'evaluate-model runs an LLM evaluation as the source does (%s node)',
    async (node) => {
      const source = await runEvaluate(
        { ...llmInputs(), 'report-path': `source-${node}/evaluation.json` },
        workspace,
      );
      const result = await runBundle('evaluate-model', {
        inputs: { ...llmInputs(), 'report-path': `bundle-${node}/evaluation.json` },
        cwd: workspace,
        node,
      });
      if (result.exitCode !== 0) throw new Error(`${result.stdout}\n${result.stderr}`);
      const report = JSON.parse(
        readFileSync(join(workspace, `bundle-${node}/evaluation.json`), 'utf8'),
      ) as EvaluationReport;
      const expected = source.report!;
      // The "model" calls every 4-cylinder car Japanese: the pass rate is the share of cars whose
      // origin is right under that rule.
      const right = cars.filter((c) => (c.Cylinders === 4 ? 'Japan' : c.Origin) === c.Origin);
      expect(report.body.llm?.passRate).toBe(right.length / cars.length);
      expect(result.outputs['pass-rate']).toBe(String(right.length / cars.length));
      expect(report.body.llm).toEqual({
        ...expected.body.llm,
        // Wall-clock figures differ between two runs; the rest must not.
        ...pickTimes(report.body.llm),
      });
      expect(report.body.slices).toEqual(expected.body.slices);
    },
  );

  it.each(nodes)('validate-data reads Parquet files named by a glob (%s node)', async (node) => {
    const result = await runBundle('validate-data', {
      inputs: {
        data: 'part-*.parquet',
        'report-path': `parquet-${node}/validation.json`,
      },
      cwd: workspace,
      node,
    });
    if (result.exitCode !== 0) throw new Error(`${result.stdout}\n${result.stderr}`);
    const report = JSON.parse(
      readFileSync(join(workspace, `parquet-${node}/validation.json`), 'utf8'),
    ) as DataValidationReport;
    // The two files hold the same rows (one fixture, two codecs), read here by the source.
    const perFile = (await readColumns('part-zstd.parquet', { cwd: workspace })).rows;
    expect(perFile).toBeGreaterThan(0);
    expect(report.body.data).toMatchObject({ format: 'parquet', files: 2, rows: 2 * perFile });
  });
});

/** The wall-clock fields of an LLM summary (they differ between two runs of the same cases). */
function pickTimes(llm: EvaluationReport['body']['llm']): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  if (llm === undefined) return out;
  for (const [key, value] of Object.entries(llm)) {
    if (/latency|duration|Ms$/i.test(key)) out[key] = value;
  }
  return out;
}
