/**
 * check-regression's bundle as the runner runs it, against the loopback GitHub API and artifact
 * service: the baseline evaluation (report + per-example JSONL) is uploaded as an artifact of an
 * earlier run on main at the PR's merge-base, found through the workflow-runs API and
 * downloaded through the artifact zip redirect.
 */
import { existsSync, readFileSync } from 'node:fs';
import { copyFile, mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from '@jest/globals';
import { DefaultArtifactClient } from '@actions/artifact';
import { parseReport } from '@modelgate/core';
import type { EvaluationReport, RegressionReport } from '@modelgate/core';
import { GitHubServer } from '../helpers/github-server';
import { REPO_ROOT, bundlePaths, cleanupRuns, pullRequestEvent, runBundle } from './harness';

const FIXTURES = join(REPO_ROOT, 'test', 'fixtures', 'compare');
const event = pullRequestEvent();
const REPO = event.payload.repository.full_name;
const HEAD = event.payload.pull_request.head.sha;
const MERGE_BASE = '5'.repeat(40);
const BASELINE_RUN = 3001;

let server: GitHubServer;

/** Uploads files as an artifact of `runId`, as that run's job would have. */
async function uploadAs(runId: number, name: string, files: string[], root: string): Promise<void> {
  const saved = { ...process.env };
  Object.assign(process.env, server.runtimeEnv(REPO, runId), {
    GITHUB_SERVER_URL: server.serverUrl,
  });
  try {
    await new DefaultArtifactClient().uploadArtifact(name, files, root);
  } finally {
    for (const key of ['ACTIONS_RUNTIME_TOKEN', 'ACTIONS_RESULTS_URL', 'GITHUB_SERVER_URL']) {
      if (saved[key] === undefined) delete process.env[key];
      else process.env[key] = saved[key];
    }
  }
}

beforeAll(async () => {
  if (!existsSync(bundlePaths('check-regression').main)) {
    throw new Error(
      'dist/check-regression is missing: run node scripts/bundle.mjs check-regression',
    );
  }
  server = await GitHubServer.start();
  server.setMergeBase(REPO, event.payload.pull_request.base.ref, HEAD, MERGE_BASE);
  // A newer run on main at another commit: it must not be chosen over the merge-base's.
  server.addRun(REPO, { id: 3002, headSha: '6'.repeat(40), createdAt: new Date().toISOString() });
  server.addRun(REPO, {
    id: BASELINE_RUN,
    headSha: MERGE_BASE,
    createdAt: new Date(Date.now() - 86_400_000).toISOString(),
  });
  const base = join(FIXTURES, 'weather-baseline');
  await uploadAs(
    BASELINE_RUN,
    'modelgate-evaluation',
    [join(base, 'evaluation.json'), join(base, 'examples.jsonl')],
    base,
  );
  await uploadAs(
    3002,
    'modelgate-evaluation',
    [join(FIXTURES, 'weather-candidate', 'evaluation.json')],
    join(FIXTURES, 'weather-candidate'),
  );
});
afterEach(() => server.assertConformant());
afterAll(async () => {
  await server.close();
  await cleanupRuns();
  await Promise.all(madeDirs.map((d) => rm(d, { recursive: true, force: true })));
});

const madeDirs: string[] = [];

/**
 * A copy of the weather candidate's report (and its per-example file) with `edit` applied to
 * the parsed report; returns the report's path.
 */
async function editedCandidate(edit: (report: EvaluationReport) => void): Promise<string> {
  const dir = await mkdtemp(join(tmpdir(), 'modelgate-e2e-candidate-'));
  madeDirs.push(dir);
  const source = join(FIXTURES, 'weather-candidate');
  const report = JSON.parse(
    readFileSync(join(source, 'evaluation.json'), 'utf8'),
  ) as EvaluationReport;
  edit(report);
  await mkdir(dir, { recursive: true });
  await copyFile(join(source, 'examples.jsonl'), join(dir, 'examples.jsonl'));
  await writeFile(join(dir, 'evaluation.json'), JSON.stringify(report));
  return join(dir, 'evaluation.json');
}

/** Right (scored and correct) per id of a weather run, read from its per-example file. */
function rightById(run: string): Map<string, boolean> {
  const rows = readFileSync(join(FIXTURES, run, 'examples.jsonl'), 'utf8')
    .split('\n')
    .filter((l) => l.trim() !== '')
    .map((l) => JSON.parse(l) as { id: string; correct?: boolean; status?: string });
  return new Map(rows.map((r) => [r.id, (r.status ?? 'ok') === 'ok' && r.correct === true]));
}

interface EquivalenceCase {
  name: string;
  p_value: number;
  lower: number;
  upper: number;
  decision: string;
}

describe('check-regression bundle (e2e)', () => {
  it('fetches the merge-base baseline artifact and fails on the significant accuracy drop', async () => {
    const result = await runBundle('check-regression', {
      github: server,
      githubToken: 'ghs_e2e_token',
      inputs: {
        candidate: join(FIXTURES, 'weather-candidate', 'evaluation.json'),
        'baseline-artifact': 'modelgate-evaluation',
        'baseline-workflow': 'ci.yml',
        'max-accuracy-drop': '0.02',
        'report-path': 'out/regression.json',
        'bootstrap-resamples': '2000',
      },
    });
    // A dependency of @actions/artifact's download prints a Buffer() deprecation warning.
    expect(result.stderr).not.toMatch(/\n\s+at /);
    expect(result.exitCode).toBe(1);
    expect(result.outputs.status).toBe('fail');
    expect(result.masks).toContain('ghs_e2e_token');
    const text = readFileSync(join(result.workspace, 'out', 'regression.json'), 'utf8');
    expect(text).not.toContain('ghs_e2e_token');
    const report = parseReport(JSON.parse(text), 'regression.json', [
      'regression',
    ]) as RegressionReport;
    expect(report.body.baseline.artifact).toMatchObject({
      runId: BASELINE_RUN,
      sha: MERGE_BASE,
      exactMergeBase: true,
    });
    expect(report.body.paired).toBe(true);
    const accuracy = report.body.comparisons.find((c) => c.metric === 'accuracy' && !c.slice);
    expect(accuracy).toMatchObject({ test: 'mcnemar-exact', state: 'regressed', verdict: 'fail' });
    expect(result.summary).toContain('## check-regression: ❌ fail');
    expect(
      result.annotations.some(
        (a) => a.level === 'error' && a.message.startsWith('accuracy: regressed'),
      ),
    ).toBe(true);
  });

  it('decides equivalence of accuracy with the margin input, counts and lists the flips, and uploads them', async () => {
    const result = await runBundle('check-regression', {
      github: server,
      inputs: {
        candidate: join(FIXTURES, 'weather-candidate', 'evaluation.json'),
        baseline: join(FIXTURES, 'weather-baseline', 'evaluation.json'),
        'equivalence-margin': '0.1',
        'report-path': 'out/regression.json',
        'artifact-name': 'modelgate-regression',
        'bootstrap-resamples': '1000',
      },
    });
    expect(result.stderr).not.toMatch(/\n\s+at /);
    const report = parseReport(
      JSON.parse(readFileSync(join(result.workspace, 'out', 'regression.json'), 'utf8')),
      'regression.json',
      ['regression'],
    ) as RegressionReport;
    // TOST against statsmodels' ttost_paired on the same 0/1 outcomes.
    const cases = (
      JSON.parse(readFileSync(join(FIXTURES, 'equivalence-expected.json'), 'utf8')) as {
        cases: EquivalenceCase[];
      }
    ).cases;
    const want = cases.find((c) => c.name === 'weather-accuracy-margin-0.1')!;
    const accuracy = report.body.comparisons.find((c) => c.metric === 'accuracy' && !c.slice)!;
    expect(accuracy.rule.equivalenceMargin).toBe(0.1);
    expect(accuracy.equivalence?.decision).toBe(want.decision);
    expect(accuracy.equivalence?.pValue).toBeCloseTo(want.p_value, 8);
    expect(accuracy.equivalence?.lower).toBeCloseTo(want.lower, 10);
    expect(accuracy.equivalence?.upper).toBeCloseTo(want.upper, 10);
    expect(accuracy.message).toContain('equivalent within ±0.1');
    // The margin input does not make accuracy a gated metric.
    expect(accuracy.rule.informational).toBe(true);
    // Flips, counted independently from the two per-example files.
    const before = rightById('weather-baseline');
    const after = rightById('weather-candidate');
    const broken = [...before]
      .filter(([id, ok]) => ok && after.get(id) === false)
      .map(([id]) => id);
    const fixed = [...before].filter(([id, ok]) => !ok && after.get(id) === true).map(([id]) => id);
    expect(broken.length).toBeGreaterThan(0);
    expect(fixed.length).toBeGreaterThan(0);
    expect(result.outputs.fixed).toBe(String(fixed.length));
    expect(result.outputs.broken).toBe(String(broken.length));
    const flips = report.body.flips!;
    expect(flips).toMatchObject({ fixed: fixed.length, broken: broken.length });
    expect(flips.listed).toHaveLength(Math.min(100, fixed.length + broken.length));
    expect(flips.truncated).toBe(fixed.length + broken.length > 100);
    expect(flips.listed[0]).toMatchObject({ id: broken[0], kind: 'broken' });
    expect(flips.listed[0]!.baseline).toBe(flips.listed[0]!.expected);
    expect(flips.listed[0]!.candidate).not.toBe(flips.listed[0]!.expected);
    const all = readFileSync(join(result.workspace, 'out', flips.path!), 'utf8')
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l) as { id: string; kind: string });
    expect(all.map((f) => f.id)).toEqual([...broken, ...fixed]);
    expect(all.map((f) => f.kind)).toEqual([
      ...broken.map(() => 'broken'),
      ...fixed.map(() => 'fixed'),
    ]);
    expect(report.body.comparability).toEqual({ comparable: true, differences: [] });
    const uploaded = server.artifacts(4242).find((x) => x.name === 'modelgate-regression');
    expect(uploaded).toBeDefined();
    const zip = server.artifactBytes(uploaded!) ?? Buffer.alloc(0);
    expect(zip.includes(Buffer.from('regression.flips.jsonl'))).toBe(true);
    expect(zip.includes(Buffer.from('regression.json'))).toBe(true);
  });

  it('fails with a zero_work finding when the candidate evaluated no example', async () => {
    const candidate = await editedCandidate((report) => {
      report.status = 'error';
      report.body.examples = { ...report.body.examples, evaluated: 0, errored: 1461 };
      delete report.body.perExample;
      for (const m of Object.values(report.metrics)) m.value = null;
    });
    const result = await runBundle('check-regression', {
      github: server,
      inputs: {
        candidate,
        baseline: join(FIXTURES, 'weather-baseline', 'evaluation.json'),
        'report-path': 'out/regression.json',
      },
    });
    expect(result.stderr).not.toMatch(/\n\s+at |Internal error/);
    expect(result.exitCode).toBe(1);
    expect(result.outputs.status).toBe('fail');
    const report = JSON.parse(
      readFileSync(join(result.workspace, 'out', 'regression.json'), 'utf8'),
    ) as RegressionReport;
    expect(report.findings[0]).toMatchObject({ code: 'zero_work', severity: 'error' });
    expect(report.findings[0]!.message).toContain('scored 0 of 1461 examples');
    expect(report.summary).toMatch(/^fail: nothing was checked/);
    expect(
      result.annotations.some(
        (a) => a.level === 'error' && a.message.includes('Nothing was checked'),
      ),
    ).toBe(true);
  });

  it('refuses paired tests and says why when the eval set and label set differ', async () => {
    const candidate = await editedCandidate((report) => {
      report.body.dataset.sha256 = 'f'.repeat(64);
      report.body.labels = [...(report.body.labels ?? []), 'hail'];
    });
    const result = await runBundle('check-regression', {
      github: server,
      inputs: {
        candidate,
        baseline: join(FIXTURES, 'weather-baseline', 'evaluation.json'),
        'report-path': 'out/regression.json',
      },
    });
    expect(result.stderr).not.toMatch(/\n\s+at /);
    const report = JSON.parse(
      readFileSync(join(result.workspace, 'out', 'regression.json'), 'utf8'),
    ) as RegressionReport;
    expect(report.body.paired).toBe(false);
    expect(report.body.comparability?.comparable).toBe(false);
    expect(report.body.comparability?.differences.map((d) => d.aspect)).toEqual([
      'eval-set',
      'labels',
    ]);
    expect(report.body.pairedRefused).toContain('different label set');
    expect(report.findings[0]).toMatchObject({ code: 'not_comparable', severity: 'warning' });
    const accuracy = report.body.comparisons.find((c) => c.metric === 'accuracy' && !c.slice)!;
    expect(accuracy).toMatchObject({ paired: false, test: 'two-proportion-z' });
    expect(report.body.flips).toBeUndefined();
    expect(result.outputs.fixed).toBe('');
  });

  it('warns with no-baseline when no run has the artifact', async () => {
    const result = await runBundle('check-regression', {
      github: server,
      inputs: {
        candidate: join(FIXTURES, 'weather-candidate', 'evaluation.json'),
        'baseline-artifact': 'no-such-artifact',
        'baseline-workflow': 'ci.yml',
        'report-path': 'out/regression.json',
      },
    });
    expect(result.exitCode).toBe(0);
    expect(result.outputs.status).toBe('warn');
    expect(result.summary).toContain('none found (`no-baseline`)');
  });
});
