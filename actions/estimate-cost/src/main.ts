import { createHash } from 'node:crypto';
import { mkdtemp, readdir, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import {
  BUILT_IN_PRICE_TABLE,
  DataError,
  buildCostReport,
  estimateMonthlyCost,
  parseJsonDocument,
  lookupPrice,
  mergePriceTables,
  parseModelConfig,
  parsePricingFile,
  parseReport,
  parseTrafficProfile,
  renderCostSummary,
} from '@modelgate/core';
import type {
  CostBody,
  CostEstimate,
  CostReport,
  EvaluationReport,
  Finding,
  InputFingerprint,
  ModelConfig,
  PriceTable,
  TokensPerRequest,
  TrafficProfile,
} from '@modelgate/core';
import {
  actionsIO,
  createArtifactStore,
  inputGetter,
  loadRunContext,
  readReport,
  readTextFile,
  TEXT_FILE_MAX_BYTES,
  runAction,
  writeReport,
  trackTemporaryPath,
} from '@modelgate/runner';
import type { ActionsIO, ArtifactStore, OtherRun, RunContext } from '@modelgate/runner';
import { Input, Output, parseInputs } from './inputs';
import type { BaselineSource, Inputs, ModelSource } from './inputs';

const TOOL = { name: 'estimate-cost', version: '0.1.0' } as const;

/** The evaluation metrics that carry the measured tokens per request. */
export const TOKEN_METRICS = {
  input: 'input_tokens_mean',
  output: 'output_tokens_mean',
  cachedInput: 'cached_input_tokens_mean',
} as const;

export interface Deps {
  readonly io: ActionsIO;
  readonly context: RunContext;
  /** Made only when an artifact is uploaded or downloaded. */
  readonly artifacts: () => ArtifactStore;
}

export function defaultDeps(): Deps {
  return { io: actionsIO(), context: loadRunContext(), artifacts: () => createArtifactStore() };
}

/** Reads the inputs, projects the costs, writes the report, outputs and job summary. */
export async function run(deps: Deps = defaultDeps()): Promise<void> {
  const { io } = deps;
  await runAction(io, async () => {
    const inputs = parseInputs(inputGetter(io));
    const files = new FileReader();

    const table = await priceTable(inputs, files);
    const candidateModel = await modelConfig(inputs.candidate, files, 'model config');
    const traffic = await trafficProfile(inputs, files);
    const tokens =
      inputs.tokens === undefined ? undefined : await measuredTokens(inputs.tokens, files);

    const candidate = estimate(candidateModel, table, traffic, tokens?.tokens, tokens?.source);
    const baseline = await baselineEstimate(deps, inputs, files, table, traffic, tokens);
    const report = buildCostReport({
      candidate: candidate.estimate,
      ...(baseline !== undefined && {
        baseline: baseline.estimate,
        baselineSource: baseline.source,
      }),
      gates: {
        ...(inputs.maxCostIncreasePct !== undefined && {
          maxCostIncreasePct: inputs.maxCostIncreasePct,
        }),
        ...(inputs.monthlyBudgetUsd !== undefined && { monthlyBudgetUsd: inputs.monthlyBudgetUsd }),
      },
      findings: [...candidate.findings, ...(baseline?.findings ?? [])],
      provenance: deps.context.provenance(TOOL),
      inputs: files.fingerprints,
    });

    const reportPath = resolve(inputs.reportPath);
    await writeReport(reportPath, report);
    setOutputs(io, report, reportPath);
    io.info(report.summary);
    await io.appendSummary(renderCostSummary(report));
    await upload(deps, inputs.artifactName, reportPath);
    for (const finding of report.findings) {
      if (finding.severity === 'warning') io.warning(finding.message, { title: 'estimate-cost' });
    }
    if (report.status === 'fail') {
      const errors = report.findings.filter((f) => f.severity === 'error').map((f) => f.message);
      io.setFailed(`estimate-cost failed: ${errors.join(' ')}`);
    }
  });
}

/** Reads the user's files once each, keeping their fingerprints for the report. */
class FileReader {
  readonly fingerprints: InputFingerprint[] = [];

  async read(path: string, role: string): Promise<string> {
    const text = await readTextFile(path, role);
    const bytes = Buffer.byteLength(text);
    const sha256 = createHash('sha256').update(text).digest('hex');
    this.fingerprints.push({ role, path, sha256, bytes });
    return text;
  }
}

async function priceTable(inputs: Inputs, files: FileReader): Promise<PriceTable> {
  if (inputs.pricing === undefined) return BUILT_IN_PRICE_TABLE;
  const text = await files.read(inputs.pricing, 'pricing');
  return mergePriceTables(BUILT_IN_PRICE_TABLE, parsePricingFile(text, inputs.pricing));
}

async function modelConfig(
  source: ModelSource,
  files: FileReader,
  role: string,
): Promise<ModelConfig> {
  if (source.kind === 'name') return { model: source.model, hosting: 'api' };
  return parseModelConfig(await files.read(source.path, role), source.path);
}

async function trafficProfile(inputs: Inputs, files: FileReader): Promise<TrafficProfile> {
  if (inputs.traffic.kind === 'requests') {
    return {
      month: 1,
      segments: [
        { name: 'all', requestsPerMonth: inputs.traffic.monthlyRequests, growthPctPerMonth: 0 },
      ],
    };
  }
  const path = inputs.traffic.path;
  return parseTrafficProfile(await files.read(path, 'traffic profile'), path);
}

interface Measured {
  readonly tokens: TokensPerRequest;
  readonly source: CostEstimate['tokensSource'];
}

async function measuredTokens(
  source: NonNullable<Inputs['tokens']>,
  files: FileReader,
): Promise<Measured> {
  if (source.kind === 'inputs') {
    return {
      tokens: { inputTokens: source.inputTokens, outputTokens: source.outputTokens },
      source: 'inputs',
    };
  }
  return { tokens: await evaluationTokens(source.path, files), source: 'evaluation' };
}

/**
 * The mean tokens per request an evaluation report measured. Throws a {@link DataError} naming
 * the file when the report has no token means (e.g. a classifier's report).
 */
async function evaluationTokens(path: string, files: FileReader): Promise<TokensPerRequest> {
  const text = await files.read(path, 'evaluation');
  const value = parseJsonDocument(text, path, 'evaluation report', {
    maxChars: TEXT_FILE_MAX_BYTES,
  });
  const report = parseReport(value, path, ['evaluation']) as EvaluationReport;
  const mean = (name: string): number | undefined => {
    const metric = report.metrics[name];
    return metric?.value === null || metric?.value === undefined ? undefined : metric.value;
  };
  const input = mean(TOKEN_METRICS.input);
  const output = mean(TOKEN_METRICS.output);
  if (input === undefined || output === undefined) {
    throw new DataError(
      `The evaluation report ${path} has no measured tokens per request (metrics ${TOKEN_METRICS.input} and ${TOKEN_METRICS.output}).`,
      {
        hint: `Evaluate an LLM (which records tokens), or pass '${Input.AvgInputTokens}' and '${Input.AvgOutputTokens}' instead of '${Input.Evaluation}'.`,
        location: { file: path },
      },
    );
  }
  const cached = mean(TOKEN_METRICS.cachedInput);
  return {
    inputTokens: input,
    outputTokens: output,
    ...(cached !== undefined && input > 0 && { cachedInputShare: Math.min(1, cached / input) }),
  };
}

function estimate(
  model: ModelConfig,
  table: PriceTable,
  traffic: TrafficProfile,
  tokens: TokensPerRequest | undefined,
  source: CostEstimate['tokensSource'] | undefined,
): { estimate: CostEstimate; findings: Finding[] } {
  const price =
    model.hosting === 'self-hosted'
      ? undefined
      : model.pricing !== undefined
        ? model.pricing
        : lookupPrice(table, model.model, model.provider);
  const result = estimateMonthlyCost({
    model,
    ...(price !== undefined && { price }),
    tableVersion: model.pricing !== undefined ? `${table.version}+model-config` : table.version,
    traffic,
    ...(tokens !== undefined && { tokens }),
    tokensSource: source ?? 'traffic-profile',
  });
  return { estimate: result.estimate, findings: result.findings };
}

interface Baseline {
  readonly estimate: CostEstimate;
  readonly source: NonNullable<CostBody['baselineSource']>;
  readonly findings: Finding[];
}

async function baselineEstimate(
  deps: Deps,
  inputs: Inputs,
  files: FileReader,
  table: PriceTable,
  traffic: TrafficProfile,
  candidateTokens: Measured | undefined,
): Promise<Baseline | undefined> {
  const source: BaselineSource | undefined = inputs.baseline;
  if (source === undefined) return undefined;
  if (source.kind === 'report') {
    const report = (await readReport(source.path, ['cost'])) as CostReport;
    return { estimate: report.body.candidate, source: 'report', findings: [] };
  }
  if (source.kind === 'artifact') {
    return {
      estimate: await artifactBaseline(deps, inputs, source),
      source: 'artifact',
      findings: [],
    };
  }
  const model = await modelConfig(source, files, 'baseline config');
  const findings: Finding[] = [];
  let tokens = candidateTokens;
  if (inputs.baselineEvaluation !== undefined) {
    tokens = {
      tokens: await evaluationTokens(inputs.baselineEvaluation, files),
      source: 'evaluation',
    };
  } else if (candidateTokens?.source === 'evaluation') {
    findings.push({
      code: 'baseline-tokens-assumed',
      severity: 'notice',
      subject: model.model,
      message: `The baseline ${model.model} is priced with the candidate's measured tokens per request; pass '${Input.BaselineEvaluation}' to use its own.`,
    });
  }
  const result = estimate(model, table, traffic, tokens?.tokens, tokens?.source);
  return {
    estimate: result.estimate,
    source: 'config',
    findings: [...findings, ...result.findings],
  };
}

/** The candidate estimate of a cost report found in a downloaded artifact. */
async function artifactBaseline(
  deps: Deps,
  inputs: Inputs,
  source: Extract<BaselineSource, { kind: 'artifact' }>,
): Promise<CostEstimate> {
  const store = deps.artifacts();
  if (!store.available()) {
    throw new DataError(
      `Input '${Input.BaselineArtifact}' needs the Actions artifact service, which this run does not offer.`,
      {
        hint: `Outside GitHub Actions, pass the baseline report file as '${Input.BaselineReport}'.`,
      },
    );
  }
  const fromRun = otherRun(deps.context, inputs, source.runId);
  const env = deps.context.env;
  const work = trackTemporaryPath(
    await mkdtemp(join(env.RUNNER_TEMP ?? tmpdir(), 'modelgate-cost-baseline-')),
  );
  try {
    const downloaded = await store.download(source.name, work, fromRun);
    for (const artifact of downloaded) {
      for (const file of await jsonFiles(artifact.path)) {
        const text = await readTextFile(file, 'baseline report');
        let value: unknown;
        try {
          value = JSON.parse(text);
        } catch {
          continue;
        }
        if ((value as { schema?: unknown } | null)?.schema !== 'modelgate/cost@1') continue;
        const report = parseReport(
          value,
          `${artifact.name}/${file.slice(artifact.path.length + 1)}`,
          ['cost'],
        ) as CostReport;
        return report.body.candidate;
      }
    }
    throw new DataError(
      downloaded.length === 0
        ? `No artifact named "${source.name}" was found${source.runId === undefined ? ' in this run' : ` in run ${source.runId}`}.`
        : `The artifact "${source.name}" holds no modelgate/cost@1 report.`,
      {
        hint: `Upload the baseline's cost report (estimate-cost's 'artifact-name') first, or pass '${Input.BaselineReport}'.`,
      },
    );
  } finally {
    await rm(work, { recursive: true, force: true });
  }
}

function otherRun(
  context: RunContext,
  inputs: Inputs,
  runId: number | undefined,
): OtherRun | undefined {
  if (runId === undefined) return undefined;
  const [owner, repo] = (context.env.GITHUB_REPOSITORY ?? '').split('/');
  if (!owner || !repo) {
    throw new DataError(
      `'${Input.BaselineRunId}' needs GITHUB_REPOSITORY (owner/repo), which is not set.`,
    );
  }
  if (inputs.githubToken === '') {
    throw new DataError(
      `'${Input.BaselineRunId}' needs '${Input.GithubToken}' with actions: read to download from another run.`,
    );
  }
  return { runId, owner, repo, token: inputs.githubToken };
}

async function jsonFiles(dir: string): Promise<string[]> {
  const entries = await readdir(dir, { recursive: true, withFileTypes: true });
  return entries
    .filter((e) => e.isFile() && e.name.endsWith('.json'))
    .map((e) => join(e.parentPath, e.name))
    .sort();
}

function setOutputs(io: ActionsIO, report: CostReport, reportPath: string): void {
  const { candidate, deltaUsd, deltaPct } = report.body;
  io.setOutput(Output.MonthlyCostUsd, candidate.monthlyCostUsd.toFixed(2));
  io.setOutput(Output.CostPer1kRequestsUsd, String(candidate.costPer1kRequestsUsd));
  io.setOutput(Output.DeltaUsd, deltaUsd === null ? '' : deltaUsd.toFixed(2));
  io.setOutput(Output.DeltaPct, deltaPct === null ? '' : deltaPct.toFixed(2));
  io.setOutput(Output.Status, report.status);
  io.setOutput(Output.Report, reportPath);
}

async function upload(deps: Deps, name: string, reportPath: string): Promise<void> {
  if (!deps.context.inActions) return;
  const store = deps.artifacts();
  if (!store.available()) {
    deps.io.info('The artifact service is not available: the cost report was not uploaded.');
    return;
  }
  const uploaded = await store.upload(name, [reportPath], dirname(reportPath));
  deps.io.info(`Uploaded the cost report as artifact ${uploaded.name}.`);
}
