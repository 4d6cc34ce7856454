import { createHash } from 'node:crypto';
import { copyFileSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import type { DataValidationReport, EvaluationReport } from '@modelgate/core';
import { readColumns } from '@modelgate/data';
import { CAR_PROMPT, carsModel } from '../helpers/cars-llm';
import { runEvaluate, tempWorkspace, writeJsonl } from '../helpers/evaluate-model';
import { startOpenAIServer } from '../helpers/openai-server';
import type { OpenAIServer } from '../helpers/openai-server';
import { PREDICTIONS_THREAD_MIN_BYTES } from '../../actions/evaluate-model/src/predictions-thread';
import { cleanupRuns, hasNode24, REPO_ROOT, runBundle } from './harness';

// Code that only some runs need is split out of each bundle's entry chunk and loaded when used:
// the LLM mode (with its YAML, JSON Schema and tokenizer code), the Parquet reader and globs; and
// evaluate-model's entry starts reading a large predictions file on a worker thread before it
// loads the rest. These runs go through the bundles (dist/, as the runner runs them), so a chunk
// that fails to load or was left out of dist/, or a worker that fails in the bundle, fails here,
// on the machine's Node and on Node 24.
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

  it.each(nodes)(
    'evaluate-model reads a large predictions file on its early worker as the source does (%s node)',
    async (node) => {
      // 120,000 examples: a predictions file over the worker's 16 MiB threshold.
      const dir = tempWorkspace('mg-e2e-prefetch-');
      const labels = ['cat', 'dog', 'bird'];
      const evalRows = [];
      const predRows = [];
      for (let i = 0; i < 120_000; i++) {
        evalRows.push({ id: `ex-${i}`, region: `r${i % 7}`, label: labels[i % 3] });
        const p = [((i * 7919) % 1000) / 1000, ((i * 104729) % 1000) / 1000, 0.5];
        const s = p[0]! + p[1]! + p[2]!;
        predRows.push({
          id: `ex-${i}`,
          prediction: labels[(i + (i % 5 === 0 ? 1 : 0)) % 3],
          probabilities: { cat: p[0]! / s, dog: p[1]! / s, bird: p[2]! / s },
          latency_ms: 5 + (i % 50),
        });
      }
      writeJsonl(dir, 'eval.jsonl', evalRows);
      writeJsonl(dir, 'preds.jsonl', predRows);
      expect(statSync(join(dir, 'preds.jsonl')).size).toBeGreaterThanOrEqual(
        PREDICTIONS_THREAD_MIN_BYTES,
      );
      const inputs = { dataset: 'eval.jsonl', predictions: 'preds.jsonl', 'slice-by': 'region' };
      const source = await runEvaluate({ ...inputs, 'report-path': 'source/e.json' }, dir);
      const result = await runBundle('evaluate-model', {
        inputs: { ...inputs, 'report-path': 'bundle/e.json' },
        cwd: dir,
        node,
        env: { RUNNER_DEBUG: '1' },
      });
      if (result.exitCode !== 0) throw new Error(`${result.stdout}\n${result.stderr}`);
      // The entry's early worker, not one the run started later.
      expect(result.stdout).toContain(
        'Read preds.jsonl on a worker thread, started before the action loaded.',
      );
      const bundled = readFileSync(join(dir, 'bundle/e.examples.jsonl'));
      expect(bundled.equals(readFileSync(join(dir, 'source/e.examples.jsonl')))).toBe(true);
      // Over 16 MiB of per-example JSONL: hashed and written by the bundle's second worker.
      expect(result.stdout).toContain(
        `(${bundled.length} bytes, hashed and written by a second thread).`,
      );
      const written = JSON.parse(readFileSync(join(dir, 'bundle/e.json'), 'utf8')) as {
        body: { perExample: { sha256: string } };
      };
      expect(written.body.perExample.sha256).toBe(
        createHash('sha256').update(bundled).digest('hex'),
      );
      expect(result.outputs.accuracy).toBe(String(source.report!.metrics['accuracy']!.value));
      expect(result.outputs.examples).toBe('120000');
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
