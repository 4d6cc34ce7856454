/**
 * check-regression's bundle as the runner runs it, against the loopback GitHub API and artifact
 * service: the baseline evaluation (report + per-example JSONL) is uploaded as an artifact of an
 * earlier run on main at the PR's merge-base, found through the workflow-runs API and
 * downloaded through the artifact zip redirect.
 */
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from '@jest/globals';
import { DefaultArtifactClient } from '@actions/artifact';
import { parseReport } from '@modelgate/core';
import type { RegressionReport } from '@modelgate/core';
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
});

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
