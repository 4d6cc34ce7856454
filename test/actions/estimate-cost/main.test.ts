import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeEach, describe, expect, it } from '@jest/globals';
import { CostReport, EvaluationReport } from '@modelgate/core';
import type { RunContext } from '@modelgate/runner';
import { run } from '../../../actions/estimate-cost/src/main';
import { FakeIO } from '../../helpers/fake-io';
import { RecordingArtifactStore } from '../../helpers/recording-artifact-store';

const root = new URL('../../../', import.meta.url).pathname;
const example = (name: string) => join(root, 'examples', name);
const fixture = (name: string) => join(root, 'test/fixtures/cost', name);

let dir: string;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'estimate-cost-'));
});

function context(inActions = false, env: Record<string, string> = {}): RunContext {
  return {
    env: { RUNNER_TEMP: dir, ...env },
    event: undefined,
    eventName: undefined,
    inActions,
    provenance: (tool) => ({ time: '2026-11-22T00:00:00.000Z', tool }),
  };
}

async function runWith(
  inputs: Record<string, string>,
  options: {
    store?: RecordingArtifactStore;
    inActions?: boolean;
    env?: Record<string, string>;
  } = {},
) {
  const io = new FakeIO({ 'report-path': join(dir, 'cost.json'), ...inputs });
  const store = options.store ?? new RecordingArtifactStore();
  await run({ io, context: context(options.inActions, options.env), artifacts: () => store });
  return { io, store };
}

function readCost(path = join(dir, 'cost.json')): CostReport {
  return CostReport.parse(JSON.parse(readFileSync(path, 'utf8')));
}

function write(name: string, text: string): string {
  const path = join(dir, name);
  writeFileSync(path, text);
  return path;
}

function evaluationReport(metrics: Record<string, number>): string {
  const report = {
    schema: 'modelgate/evaluation@1',
    status: 'pass',
    summary: 'llm eval',
    provenance: {
      time: '2026-11-22T00:00:00.000Z',
      tool: { name: 'evaluate-model', version: '1' },
    },
    inputs: [],
    metrics: Object.fromEntries(
      Object.entries(metrics).map(([name, value]) => [
        name,
        { value, unit: 'tokens', direction: 'none' },
      ]),
    ),
    findings: [],
    body: {
      task: 'llm',
      model: { source: 'openai-compatible' },
      dataset: { path: 'golden.jsonl', sha256: 'a'.repeat(64), rows: 10 },
      examples: {
        total: 10,
        evaluated: 10,
        errored: 0,
        notRun: 0,
        missingPredictions: 0,
        unknownIds: 0,
      },
    },
  };
  return JSON.stringify(EvaluationReport.parse(report));
}

describe('estimate-cost', () => {
  it("reproduces the seeds' example through the action: $165.00 a month", async () => {
    const config = write('seeds-model.yml', 'provider: seeds\nmodel: gpt-4o-mini\n');
    const { io } = await runWith({
      'model-config': config,
      pricing: fixture('seeds-pricing.yml'),
      'monthly-requests': '1000000',
      'avg-input-tokens': '500',
      'avg-output-tokens': '150',
    });
    expect(io.failed).toBeUndefined();
    expect(Object.fromEntries(io.outputs)).toEqual({
      'monthly-cost-usd': '165.00',
      'cost-per-1k-requests-usd': '0.165',
      'delta-usd': '',
      'delta-pct': '',
      status: 'pass',
      report: join(dir, 'cost.json'),
    });
    const report = readCost();
    expect(report.body.candidate.breakdown).toEqual({
      inputUsd: 75,
      cachedInputUsd: 0,
      outputUsd: 90,
      gpuUsd: 0,
    });
    expect(report.body.candidate.costPerRequestUsd).toBe(0.000165);
    expect(report.body.candidate.prices).toMatchObject({ provider: 'seeds', asOf: '2025-01-01' });
    expect(report.inputs.map((i) => i.role)).toEqual(['pricing', 'model config']);
    expect(io.summary).toContain('**$165.00 / month**');
  });

  it('runs the examples as they are, against the baseline, with both gates', async () => {
    const { io } = await runWith({
      'model-config': example('model-config.yml'),
      'baseline-config': example('baseline-config.yml'),
      'traffic-profile': example('traffic-profile.yml'),
      pricing: example('pricing.yml'),
      'avg-input-tokens': '800',
      'avg-output-tokens': '200',
      'max-cost-increase-pct': '10',
      'monthly-budget-usd': '5000',
    });
    expect(io.failed).toBeUndefined();
    const report = readCost();
    const { candidate, baseline } = report.body;
    expect(candidate.segments.map((s) => s.name)).toEqual([
      'chat',
      'summarise-documents',
      'autocomplete',
    ]);
    // chat grows 8% a month for two months: 600,000 × 1.08² = 699,840.
    expect(candidate.segments[0]?.monthlyRequests).toBe(699_840);
    expect(candidate.prices).toMatchObject({
      inputPer1M: 0.12,
      tableVersion: expect.stringContaining('acme-2025-11'),
    });
    expect(baseline?.model).toBe('gpt-4o');
    expect(report.body.deltaUsd).toBeCloseTo(
      candidate.monthlyCostUsd - baseline!.monthlyCostUsd,
      10,
    );
    expect(report.status).toBe('pass');
    expect(io.outputs.get('monthly-cost-usd')).toBe(candidate.monthlyCostUsd.toFixed(2));
    expect(io.outputs.get('delta-pct')).toBe(report.body.deltaPct!.toFixed(2));
    expect(Number(io.outputs.get('delta-pct'))).toBeLessThan(-90);
    expect(io.summary).toContain('| Monthly cost | Baseline | Candidate | Change |');
    expect(io.summary).toContain('### By segment');
    expect(io.summary).toContain('acme-2025-11');
  });

  it('fails the step over the budget, still writing the report and outputs', async () => {
    const { io } = await runWith({
      model: 'gpt-4o',
      'monthly-requests': '1000000',
      'avg-input-tokens': '500',
      'avg-output-tokens': '150',
      'monthly-budget-usd': '2000',
    });
    expect(io.outputs.get('status')).toBe('fail');
    expect(io.outputs.get('monthly-cost-usd')).toBe('2750.00');
    expect(io.failed).toMatch(
      /gpt-4o would cost \$2,750.00 a month, over the budget of \$2,000.00/,
    );
    expect(readCost().status).toBe('fail');
  });

  it('fails over the allowed increase against a baseline model', async () => {
    const { io } = await runWith({
      model: 'claude-3-5-sonnet',
      'baseline-model': 'gpt-4o-mini',
      'monthly-requests': '1000000',
      'avg-input-tokens': '500',
      'avg-output-tokens': '150',
      'max-cost-increase-pct': '10',
    });
    // 1M × (500 × $3 + 150 × $15) / 1M = $3,750 against $165: +$3,585, +2172.73%.
    expect(io.outputs.get('delta-usd')).toBe('3585.00');
    expect(io.outputs.get('delta-pct')).toBe('2172.73');
    expect(io.failed).toMatch(
      /rises by \+2172.73% \(\$165.00 → \$3,750.00\), over the limit of 10%/,
    );
  });

  it('takes tokens per request from an evaluation report, and notes the baseline assumption', async () => {
    const evaluation = write(
      'evaluation.json',
      evaluationReport({
        input_tokens_mean: 1234.5,
        output_tokens_mean: 321.7,
        cached_input_tokens_mean: 246.9,
      }),
    );
    const { io } = await runWith({
      model: 'claude-3-5-sonnet',
      'baseline-model': 'claude-3-5-haiku',
      evaluation,
      'monthly-requests': '12345',
    });
    expect(io.failed).toBeUndefined();
    const report = readCost();
    expect(report.body.candidate.tokensSource).toBe('evaluation');
    expect(report.body.candidate.segments[0]).toMatchObject({
      inputTokensPerRequest: 1234.5,
      outputTokensPerRequest: 321.7,
      cachedInputShare: 0.2,
    });
    expect(report.findings.map((f) => f.code)).toEqual(['baseline-tokens-assumed']);
    // 12,345 × (987.6 × $3 + 246.9 × $0.30 + 321.7 × $15) / 1M = 36.575766 + 0.91443... + 59.5707975
    expect(report.body.candidate.monthlyCostUsd).toBe(97.06);
  });

  it('uses a baseline cost report file, and a baseline artifact from another run', async () => {
    await runWith({
      model: 'gpt-4o',
      'monthly-requests': '1000',
      'avg-input-tokens': '500',
      'avg-output-tokens': '150',
    });
    const baselineText = readFileSync(join(dir, 'cost.json'), 'utf8');
    const fromFile = await runWith({
      model: 'gpt-4o-mini',
      'baseline-report': join(dir, 'cost.json'),
      'monthly-requests': '1000',
      'avg-input-tokens': '500',
      'avg-output-tokens': '150',
      'report-path': join(dir, 'candidate.json'),
    });
    expect(fromFile.io.outputs.get('delta-usd')).toBe('-2.59'); // $0.16 (0.165 rounds half to even) − $2.75
    expect(readCost(join(dir, 'candidate.json')).body.baselineSource).toBe('report');

    const store = new RecordingArtifactStore({
      '42/modelgate-cost': { 'nested/cost.json': baselineText },
    });
    const fromArtifact = await runWith(
      {
        model: 'gpt-4o-mini',
        'baseline-artifact': 'modelgate-cost',
        'baseline-run-id': '42',
        'github-token': 'ghs_secret',
        'monthly-requests': '1000',
        'avg-input-tokens': '500',
        'avg-output-tokens': '150',
      },
      { store, inActions: true, env: { GITHUB_REPOSITORY: 'acme/app' } },
    );
    expect(fromArtifact.io.failed).toBeUndefined();
    expect(fromArtifact.io.secrets).toEqual(['ghs_secret']);
    expect(store.downloads).toEqual([
      {
        pattern: 'modelgate-cost',
        fromRun: { runId: 42, owner: 'acme', repo: 'acme/app'.split('/')[1], token: 'ghs_secret' },
      },
    ]);
    expect(readCost().body).toMatchObject({ baselineSource: 'artifact', deltaUsd: -2.59 });
    expect(store.uploads.map((u) => [u.name, Object.keys(u.files)])).toEqual([
      ['modelgate-cost', ['cost.json']],
    ]);
    expect(JSON.stringify(readCost())).not.toContain('ghs_secret');
  });

  it('does not upload outside Actions or when the artifact service is unavailable', async () => {
    const store = new RecordingArtifactStore({}, false);
    const { io } = await runWith(
      {
        model: 'gpt-4o',
        'monthly-requests': '10',
        'avg-input-tokens': '1',
        'avg-output-tokens': '1',
      },
      { store, inActions: true },
    );
    expect(io.failed).toBeUndefined();
    expect(store.uploads).toEqual([]);
    expect(io.logs).toContain(
      'The artifact service is not available: the cost report was not uploaded.',
    );
  });

  it('prices a self-hosted model from its GPUs', async () => {
    const { io } = await runWith({
      'model-config': example('self-hosted-config.yml'),
      'monthly-requests': '10000000',
      'avg-input-tokens': '500',
      'avg-output-tokens': '150',
    });
    // 6.5e9 tokens / 2,628,000 s × 3 = 7420.09 tok/s; / 2400 → 4 instances × $2.49 × 730 h.
    expect(io.outputs.get('monthly-cost-usd')).toBe('7270.80');
    expect(readCost().body.candidate.gpu).toMatchObject({
      instances: 4,
      derivedFrom: 'throughput',
    });
    expect(io.summary).toContain('Self-hosted: 4 GPU instances × $2.49/h × 730 h');
  });
});

describe('estimate-cost on bad input: one clear error, exit 1, no stack trace', () => {
  const tokens = { 'avg-input-tokens': '500', 'avg-output-tokens': '150' };
  it.each([
    [
      'an unknown model',
      { model: 'gpt4o-mini', 'monthly-requests': '10', ...tokens },
      /^Unknown model "gpt4o-mini".*Did you mean: openai\/gpt-4o-mini/,
    ],
    [
      'a currency mismatch',
      { model: 'gpt-4o', currency: 'EUR', 'monthly-requests': '10', ...tokens },
      /^Currency mismatch: input 'currency' is "EUR"/,
    ],
    [
      'negative traffic',
      { model: 'gpt-4o', 'monthly-requests': '-5', ...tokens },
      /^Input 'monthly-requests' must be a number of requests per month, 0 or more.*got "-5"/,
    ],
    [
      'no model',
      { 'monthly-requests': '10', ...tokens },
      /^Input 'model' .* or 'model-config' .* is required/,
    ],
    [
      'two models',
      { model: 'gpt-4o', 'model-config': 'x.yml', 'monthly-requests': '10', ...tokens },
      /^Inputs 'model' and 'model-config' are both set/,
    ],
    [
      'no traffic',
      { model: 'gpt-4o', ...tokens },
      /'monthly-requests' .* or 'traffic-profile' .* is required/,
    ],
    [
      'no tokens',
      { model: 'gpt-4o', 'monthly-requests': '10' },
      /segment "all" has no tokens per request for gpt-4o/,
    ],
    [
      'half the tokens',
      { model: 'gpt-4o', 'monthly-requests': '10', 'avg-input-tokens': '5' },
      /'avg-input-tokens' and 'avg-output-tokens' go together/,
    ],
    [
      'a missing config file',
      { 'model-config': '/nonexistent/m.yml', 'monthly-requests': '10', ...tokens },
      /\/nonexistent\/m.yml: The model config file does not exist/,
    ],
    [
      'a run id without an artifact',
      { model: 'gpt-4o', 'baseline-run-id': '5', 'monthly-requests': '10', ...tokens },
      /'baseline-run-id' needs 'baseline-artifact'/,
    ],
  ])('%s', async (_name, inputs, message) => {
    const { io } = await runWith(inputs);
    expect(io.failed).toMatch(message);
    expect(io.failed).not.toMatch(/Internal error|\n\s+at /);
    expect(io.debugs).toEqual([]);
  });

  it('a malformed config names the file, the key and the line', async () => {
    const config = write('bad.yml', 'provider: openai\nmodel: gpt-4o\nbatch-share: 40\n');
    const { io } = await runWith({ 'model-config': config, 'monthly-requests': '10', ...tokens });
    expect(io.failed).toBe(
      `${config}:3: batch-share: batch-share must be a fraction between 0 and 1, e.g. 0.25 (not a percentage). See the model config format in the estimate-cost README and examples/.`,
    );
    expect(io.annotations[0]?.props).toEqual({ file: config, startLine: 3 });
  });

  it('negative traffic in a profile names the segment key and line', async () => {
    const profile = write('traffic.yml', 'segments:\n  - name: chat\n    requests-per-month: -1\n');
    const { io } = await runWith({ model: 'gpt-4o', 'traffic-profile': profile, ...tokens });
    expect(io.failed).toContain(
      'segments.0.requests-per-month: requests-per-month must not be negative',
    );
    expect(io.annotations[0]?.props).toEqual({ file: profile, startLine: 3 });
  });

  it('an evaluation report without token means names the file and the alternative', async () => {
    const evaluation = write('eval.json', evaluationReport({ accuracy: 0.9 }));
    const { io } = await runWith({ model: 'gpt-4o', evaluation, 'monthly-requests': '10' });
    expect(io.failed).toMatch(
      /has no measured tokens per request \(metrics input_tokens_mean and output_tokens_mean\).*avg-input-tokens/,
    );
  });

  it('an ambiguous model asks for a provider', async () => {
    const { io } = await runWith({
      model: 'gpt-4o-mini',
      pricing: fixture('seeds-pricing.yml'),
      'monthly-requests': '10',
      ...tokens,
    });
    expect(io.failed).toMatch(
      /several providers \(openai, seeds\)\. Set `provider` in the model config/,
    );
  });

  it('a baseline artifact that is not there', async () => {
    const { io } = await runWith({
      model: 'gpt-4o',
      'baseline-artifact': 'nope',
      'monthly-requests': '10',
      ...tokens,
    });
    expect(io.failed).toMatch(/^No artifact named "nope" was found in this run/);
  });
});
