import { createHash } from 'node:crypto';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { basename, dirname, join } from 'node:path';
import {
  DataError,
  FLIPS_LISTED,
  InputError,
  compareEvaluations,
  compareMetrics,
  describeDifferences,
  findFlips,
  pairExamples,
  parseRegressionPolicy,
  renderRegressionSummary,
  resolveRules,
  schemaId,
  zeroWorkFinding,
  zeroWorkReason,
} from '@modelgate/core';
import type {
  Comparability,
  Direction,
  Flips,
  EvaluationBody,
  InputFingerprint,
  MetricComparison,
  MetricDocument,
  PairedRuns,
  RegressionPolicy,
  RegressionBody,
  RegressionReport,
  SliceMetrics,
} from '@modelgate/core';
import {
  actionsIO,
  createArtifactStore,
  createGitHubClient,
  inputGetter,
  loadRunContext,
  readTextFile,
  runAction,
  writeFileAtomic,
  writeReport,
  trackTemporaryPath,
} from '@modelgate/runner';
import type {
  ActionsIO,
  ArtifactStore,
  GitHubClient,
  RepoRef,
  RunContext,
} from '@modelgate/runner';
import { currentWorkflowFile, findBaselineRun } from './baseline';
import { Input, Output, parseInputs } from './inputs';
import type { Inputs, Verdict } from './inputs';
import { findReportInFolder, readMetricsFile, readPerExample } from './load';

const TOOL = { name: 'check-regression', version: '0.1.0' } as const;

export interface Deps {
  readonly io: ActionsIO;
  readonly context: RunContext;
  readonly now: () => Date;
  /** Made only when a baseline artifact is looked up. */
  readonly github: (token: string) => GitHubClient;
  /** Made only when an artifact is downloaded or uploaded. */
  readonly artifacts: () => ArtifactStore;
}

export function defaultDeps(): Deps {
  const io = actionsIO();
  return {
    io,
    context: loadRunContext(),
    now: () => new Date(),
    github: (token) => createGitHubClient({ token, log: (m) => io.warning(m) }),
    artifacts: () => createArtifactStore(),
  };
}

interface LoadedBaseline {
  readonly doc: MetricDocument | undefined;
  readonly info: RegressionBody['baseline'];
  readonly notes: string[];
  readonly cleanup: () => Promise<void>;
}

/** Compares the candidate with its baseline, writes the report, outputs and job summary. */
export async function run(deps: Deps = defaultDeps()): Promise<void> {
  const { io } = deps;
  await runAction(io, async () => {
    const inputs = parseInputs(inputGetter(io));
    const candidate = await readMetricsFile(inputs.candidate, 'candidate');
    const policy =
      inputs.policy === undefined
        ? undefined
        : parseRegressionPolicy(await readTextFile(inputs.policy, 'policy'), inputs.policy);
    const baseline = await loadBaseline(deps, inputs, candidate);
    try {
      const { report, flips } = await compare(deps, inputs, candidate, baseline, policy);
      const files = [inputs.reportPath];
      if (flips !== undefined && report.body.flips?.path !== undefined) {
        const flipsPath = join(dirname(inputs.reportPath), report.body.flips.path);
        await writeFileAtomic(flipsPath, flips.all.map((f) => JSON.stringify(f) + '\n').join(''));
        files.push(flipsPath);
      }
      await writeReport(inputs.reportPath, report);
      const regressions = report.body.comparisons
        .filter((c) => c.state === 'regressed')
        .map((c) => ({
          metric: c.metric,
          ...(c.slice && { slice: c.slice }),
          baseline: c.baseline,
          candidate: c.candidate,
          delta: c.delta,
          relativeDelta: c.relativeDelta,
          verdict: c.verdict,
        }));
      io.setOutput(Output.Status, report.status);
      io.setOutput(Output.Report, inputs.reportPath);
      io.setOutput(Output.Regressions, JSON.stringify(regressions));
      io.setOutput(Output.Summary, report.summary);
      io.setOutput(Output.Fixed, flips === undefined ? '' : String(flips.fixed));
      io.setOutput(Output.Broken, flips === undefined ? '' : String(flips.broken));
      for (const f of report.findings) {
        if (f.severity === 'error') io.error(f.message, { title: 'check-regression' });
        else if (f.severity === 'warning') io.warning(f.message, { title: 'check-regression' });
      }
      io.info(report.summary);
      await io.appendSummary(renderRegressionSummary(report));
      await upload(deps, inputs, report.status, files);
      if (report.status === 'fail') {
        io.setFailed(`check-regression failed: ${report.summary}`);
      }
    } finally {
      await baseline.cleanup();
    }
  });
}

async function loadBaseline(
  deps: Deps,
  inputs: Inputs,
  candidate: MetricDocument,
): Promise<LoadedBaseline> {
  const none = async (): Promise<void> => {};
  const source = inputs.baseline;
  if (source.kind === 'path') {
    return {
      doc: await readMetricsFile(source.path, 'baseline'),
      info: { source: 'path', path: source.path },
      notes: [],
      cleanup: none,
    };
  }
  if (source.kind === 'none') {
    return {
      doc: undefined,
      info: { source: 'none' },
      notes: ['No baseline was given (inputs baseline and baseline-artifact are unset).'],
      cleanup: none,
    };
  }
  const { env, event } = deps.context;
  const [owner, repo] = (env.GITHUB_REPOSITORY ?? '').split('/');
  if (!owner || !repo) {
    throw new InputError(
      `Input '${Input.BaselineArtifact}' needs GITHUB_REPOSITORY (owner/name), which is not set.`,
      {
        hint: 'Run inside GitHub Actions, or pass the baseline by path with `baseline`.',
      },
    );
  }
  const repoRef: RepoRef = { owner, repo };
  const workflow = source.workflow ?? currentWorkflowFile(env);
  const branch = source.branch ?? event?.pull_request?.base?.ref ?? env.GITHUB_BASE_REF;
  if (workflow === undefined || branch === undefined || branch === '') {
    const missing =
      workflow === undefined
        ? `'${Input.BaselineWorkflow}' (GITHUB_WORKFLOW_REF is unset)`
        : `'${Input.BaselineBranch}' (this is not a pull request)`;
    return {
      doc: undefined,
      info: { source: 'none' },
      notes: [`No baseline: set ${missing} to look up the baseline artifact ${source.name}.`],
      cleanup: none,
    };
  }
  if (inputs.githubToken === '') {
    throw new InputError(
      `Input '${Input.GithubToken}' is empty; the baseline artifact is fetched with it.`,
      {
        hint: 'Leave github-token at its default (${{ github.token }}) and grant `actions: read`.',
      },
    );
  }
  const github = deps.github(inputs.githubToken);
  const runId = Number(env.GITHUB_RUN_ID);
  const { found, reasons } = await findBaselineRun(github, {
    repo: repoRef,
    workflow,
    branch,
    artifact: source.name,
    headSha: event?.pull_request?.head?.sha,
    currentRunId: Number.isInteger(runId) ? runId : undefined,
    maxAgeDays: source.maxAgeDays,
    now: deps.now(),
  });
  if (!found) {
    return {
      doc: undefined,
      info: { source: 'none' },
      notes: [
        `No baseline artifact ${source.name} was found on ${branch} (${workflow}): ${reasons.join('; ')}.`,
      ],
      cleanup: none,
    };
  }
  const dest = trackTemporaryPath(await mkdtemp(join(tmpdir(), 'modelgate-baseline-')));
  const cleanup = () => rm(dest, { recursive: true, force: true });
  try {
    const downloaded = await deps
      .artifacts()
      .download(source.name, dest, { runId: found.run.id, owner, repo, token: inputs.githubToken });
    const folder = downloaded.find((d) => d.name === source.name)?.path;
    if (folder === undefined) {
      throw new DataError(
        `The baseline artifact ${source.name} of run ${found.run.id} could not be downloaded.`,
        {
          hint: 'The artifact may have expired; re-run the baseline workflow on the base branch.',
        },
      );
    }
    const doc = await findReportInFolder(
      folder,
      source.name,
      basename(inputs.candidate),
      candidate.kind,
    );
    const notes = found.exactMergeBase
      ? []
      : [
          `The baseline is run ${found.run.id} at ${found.run.headSha.slice(0, 12)}, ${found.ageDays.toFixed(1)} days old: no run at the merge-base had the artifact (${reasons.join('; ')}).`,
        ];
    return {
      doc,
      info: {
        source: 'artifact',
        artifact: {
          name: source.name,
          runId: found.run.id,
          sha: found.run.headSha,
          ageDays: Number(found.ageDays.toFixed(3)),
          exactMergeBase: found.exactMergeBase,
          url: found.run.htmlUrl,
          workflow,
          branch,
        },
        ...(doc.report && { provenance: doc.report.provenance }),
      },
      notes,
      cleanup,
    };
  } catch (err) {
    await cleanup();
    throw err;
  }
}

async function compare(
  deps: Deps,
  inputs: Inputs,
  candidate: MetricDocument,
  loaded: LoadedBaseline,
  policy: RegressionPolicy | undefined,
): Promise<{ report: RegressionReport; flips: Flips | undefined }> {
  const baseline = loaded.doc;
  const notes = [...loaded.notes, ...candidate.notes, ...(baseline?.notes ?? [])];
  if (
    baseline?.kind !== undefined &&
    candidate.kind !== undefined &&
    baseline.kind !== candidate.kind
  ) {
    throw new DataError(
      `The baseline ${baseline.source} is ${article(baseline.kind)} ${baseline.kind} report, but the candidate ${candidate.source} is ${article(candidate.kind)} ${candidate.kind} report.`,
      {
        hint: 'Compare like with like: pass the baseline report of the same step.',
        location: { file: baseline.source },
      },
    );
  }
  const directions = new Map<string, Direction>();
  for (const doc of [baseline, candidate]) {
    for (const [name, m] of Object.entries(doc?.metrics ?? {})) directions.set(name, m.direction);
  }
  const resolved = resolveRules(directions, policy, {
    ...(inputs.maxAccuracyDrop !== undefined && { maxAccuracyDrop: inputs.maxAccuracyDrop }),
    ...(inputs.maxLatencyIncreasePct !== undefined && {
      maxLatencyIncreasePct: inputs.maxLatencyIncreasePct,
    }),
    ...(inputs.maxCostIncreasePct !== undefined && {
      maxCostIncreasePct: inputs.maxCostIncreasePct,
    }),
    ...(inputs.equivalenceMargin !== undefined && {
      equivalenceMargin: inputs.equivalenceMargin,
    }),
  });
  notes.push(...resolved.notes);
  let paired: PairedRuns | undefined;
  let pairedRefused: string | undefined;
  let comparability: Comparability | undefined;
  if (baseline) {
    ({ paired, pairedRefused, comparability } = await pair(candidate, baseline));
    if (pairedRefused !== undefined)
      notes.push(`Paired tests refused: ${pairedRefused}. Results are unpaired.`);
  }
  const flips = paired && flipsApply(candidate) ? findFlips(paired) : undefined;
  const options = {
    alpha: inputs.alpha,
    resamples: inputs.bootstrapResamples,
    seed: inputs.seed,
    noiseVerdict: inputs.noiseVerdict,
  };
  const outcome = compareMetrics(
    {
      candidate: candidate.metrics,
      baseline: baseline?.metrics,
      rules: resolved.rules,
      paired,
      candidateSlices: slicesOf(candidate),
      baselineSlices: baseline ? slicesOf(baseline) : undefined,
    },
    options,
  );
  if (outcome.comparisons.some((c) => c.noisy)) {
    notes.push(
      'Latency is measured on shared CI runners, whose timings are noisy (other jobs, CPU throttling, cold caches): read latency deltas with care, and prefer relative thresholds with headroom.',
    );
  }
  let status: Verdict = outcome.status;
  if (!baseline) {
    status = worst(status, inputs.noBaseline);
    notes.push(
      `no-baseline: nothing to compare with, so only absolute bounds and required metrics were checked (verdict ${inputs.noBaseline}, input no-baseline).`,
    );
  }
  const findings = [...outcome.findings];
  if (comparability && !comparability.comparable) {
    findings.unshift({
      code: 'not_comparable',
      severity: 'warning',
      message: `The baseline and the candidate are not comparable: ${describeDifferences(comparability)}. Paired tests were refused; every comparison is unpaired.`,
    });
  }
  const empty = zeroWork(candidate, baseline, outcome.comparisons);
  if (empty !== undefined) {
    status = 'fail';
    findings.unshift(zeroWorkFinding(empty));
  }
  const summary =
    empty !== undefined
      ? `fail: nothing was checked (${empty})`
      : summarize(outcome.comparisons, baseline ? status : `${status} (no-baseline)`);
  if (!baseline && inputs.noBaseline !== 'pass') {
    findings.push({
      code: 'no-baseline',
      severity: inputs.noBaseline === 'fail' ? 'error' : 'warning',
      message: loaded.notes.join(' ') || 'No baseline was found.',
    });
  }
  const body: RegressionBody = {
    candidateKind: candidate.kind ?? candidate.format,
    baseline: loaded.info,
    noBaseline: !baseline,
    paired: paired !== undefined,
    ...(pairedRefused !== undefined && { pairedRefused }),
    alpha: inputs.alpha,
    bootstrapResamples: inputs.bootstrapResamples,
    seed: inputs.seed,
    noiseVerdict: inputs.noiseVerdict,
    ...(policy && { policy: policy.source }),
    comparisons: outcome.comparisons,
    notes,
    ...(flips && {
      flips: {
        fixed: flips.fixed,
        broken: flips.broken,
        listed: flips.all.slice(0, FLIPS_LISTED),
        truncated: flips.all.length > FLIPS_LISTED,
        path: flipsFileName(inputs.reportPath),
      },
    }),
    ...(comparability && { comparability }),
  };
  const metrics = Object.fromEntries(
    outcome.comparisons
      .filter((c) => !c.slice && c.delta !== null)
      .map((c) => [
        `${c.metric}.delta`,
        {
          value: c.delta,
          direction: c.rule.direction,
          ...(c.ci && { ci: c.ci }),
          ...(c.n !== undefined && { n: c.n }),
        },
      ]),
  );
  const report: RegressionReport = {
    schema: schemaId('regression'),
    status,
    summary,
    provenance: deps.context.provenance(TOOL),
    inputs: await fingerprints(inputs, baseline),
    metrics,
    findings,
    body,
  };
  return { report, flips };
}

/** The file of every flip, beside the report: `regression.json` → `regression.flips.jsonl`. */
export function flipsFileName(reportPath: string): string {
  return `${basename(reportPath).replace(/\.json$/i, '')}.flips.jsonl`;
}

/** Flips are listed for classification and LLM evaluations, whose examples are right or wrong. */
function flipsApply(candidate: MetricDocument): boolean {
  const task =
    candidate.kind === 'evaluation' ? (candidate.report!.body as EvaluationBody).task : '';
  return task === 'classification' || task === 'llm';
}

/**
 * Why the check compared nothing, naming what was empty: a candidate or baseline report that
 * says it checked nothing (zero rows or examples, every example errored), a metrics file with
 * no metric value, or no metric of the candidate with a value to compare.
 */
function zeroWork(
  candidate: MetricDocument,
  baseline: MetricDocument | undefined,
  comparisons: readonly MetricComparison[],
): string | undefined {
  for (const [role, doc] of [
    ['candidate', candidate],
    ['baseline', baseline],
  ] as const) {
    if (doc === undefined) continue;
    const said = doc.report && zeroWorkReason(doc.report);
    if (said) return `the ${role} ${doc.source}: ${said}`;
    const values = Object.values(doc.metrics).filter((m) => m.value !== null);
    if (values.length === 0) return `the ${role} ${doc.source} has no metric with a value`;
  }
  if (!comparisons.some((c) => !c.slice && c.candidate !== null)) {
    return `no metric of the candidate ${candidate.source} has a value to compare`;
  }
  return undefined;
}

/**
 * Pairs the per-example results of two evaluations, or says why not. Evaluations that did not
 * measure the same thing (eval set, task, label set, slice columns: {@link compareEvaluations})
 * are never paired, whatever their per-example files hold.
 */
async function pair(
  candidate: MetricDocument,
  baseline: MetricDocument,
): Promise<{ paired?: PairedRuns; pairedRefused?: string; comparability?: Comparability }> {
  if (candidate.kind !== 'evaluation' || baseline.kind !== 'evaluation') {
    return { pairedRefused: 'per-example results come only with evaluation reports' };
  }
  const comparability = compareEvaluations(
    baseline.report!.body as EvaluationBody,
    candidate.report!.body as EvaluationBody,
  );
  if (!comparability.comparable) {
    return { pairedRefused: describeDifferences(comparability), comparability };
  }
  const [c, b] = await Promise.all([
    readPerExample(candidate, 'candidate'),
    readPerExample(baseline, 'baseline'),
  ]);
  if (c.rows === undefined) return { pairedRefused: c.reason, comparability };
  if (b.rows === undefined) return { pairedRefused: b.reason, comparability };
  const cBody = candidate.report!.body as EvaluationBody;
  const bBody = baseline.report!.body as EvaluationBody;
  const result = pairExamples(bBody.dataset, cBody.dataset, b.rows, c.rows);
  return result.paired
    ? { paired: result.paired, comparability }
    : { pairedRefused: result.refused, comparability };
}

function slicesOf(doc: MetricDocument): readonly SliceMetrics[] | undefined {
  return doc.kind === 'evaluation' ? (doc.report!.body as EvaluationBody).slices : undefined;
}

const article = (word: string): string => (/^[aeiou]/.test(word) ? 'an' : 'a');

function worst(a: Verdict, b: Verdict): Verdict {
  const rank = { pass: 0, warn: 1, fail: 2 } as const;
  return rank[a] >= rank[b] ? a : b;
}

async function fingerprints(
  inputs: Inputs,
  baseline: MetricDocument | undefined,
): Promise<InputFingerprint[]> {
  const files: [string, string][] = [['candidate', inputs.candidate]];
  if (baseline) files.push(['baseline', baseline.source]);
  if (inputs.policy !== undefined) files.push(['policy', inputs.policy]);
  const out: InputFingerprint[] = [];
  for (const [role, path] of files) {
    const bytes = await readFile(path);
    // A downloaded baseline lives in a temporary folder: record its name, not the temp path.
    const shown =
      role === 'baseline' && inputs.baseline.kind === 'artifact'
        ? `${inputs.baseline.name}/${basename(path)}`
        : path;
    out.push({
      role,
      path: shown,
      sha256: createHash('sha256').update(bytes).digest('hex'),
      bytes: bytes.length,
    });
  }
  return out;
}

async function upload(
  deps: Deps,
  inputs: Inputs,
  status: string,
  files: readonly string[],
): Promise<void> {
  if (inputs.artifactName === undefined) return;
  const store = deps.artifacts();
  if (!store.available()) {
    deps.io.info(`Artifacts are not available here; the report stays at ${inputs.reportPath}.`);
    return;
  }
  const uploaded = await store.upload(inputs.artifactName, files, dirname(inputs.reportPath));
  deps.io.info(
    `Uploaded the ${status} report as artifact ${uploaded.name} (${uploaded.size} bytes).`,
  );
}

/**
 * The one-line summary: the regressions that move the verdict first (with their names), then
 * drops that no rule gates, then the other states.
 */
export function summarize(comparisons: readonly MetricComparison[], head: string): string {
  const name = (c: MetricComparison): string => `${c.metric}${c.slice ? `[${c.slice.value}]` : ''}`;
  const gated = comparisons.filter((c) => c.state === 'regressed' && c.verdict !== 'pass');
  const ungated = comparisons.filter((c) => c.state === 'regressed' && c.verdict === 'pass');
  const parts: string[] = [];
  if (gated.length > 0) {
    const shown = gated.slice(0, 5).map(name).join(', ');
    parts.push(`${gated.length} regressed (${shown}${gated.length > 5 ? ', …' : ''})`);
  }
  if (ungated.length > 0) parts.push(`${ungated.length} worse but not gated`);
  const counts = new Map<string, number>();
  for (const c of comparisons) {
    if (c.state !== 'regressed') counts.set(c.state, (counts.get(c.state) ?? 0) + 1);
  }
  for (const [state, n] of counts) parts.push(`${n} ${state}`);
  return `${head}: ${parts.join(', ') || 'no metrics compared'}`;
}
