/**
 * The triggers that the README and the reusable workflows tell users to run the actions on,
 * end to end: each bundle runs as the runner runs it, with GitHub's published example payload
 * of that event (test/helpers/github-events.ts) and the refs the runner sets beside it, against
 * the loopback GitHub (whose REST traffic is checked against GitHub's OpenAPI description).
 *
 * - `push` to main (README usage, pr-gate.yml, ml-gate.yml): no pull request, so no comment and
 *   no merge-base; the reports still carry the pushed commit.
 * - `schedule` (drift-monitor.yml) and `workflow_dispatch`: validate-data on the default branch.
 * - `pull_request_target`: the base branch's context with a token that can write, even for a
 *   fork's pull request: the comment is posted directly and names the PR's head commit.
 * - `merge_group`: no pull request in the payload; the job summary only.
 * - `workflow_run` (pr-publish.yml) of a same-repository PR that commented itself: nothing to
 *   publish. (The fork case, `pull_requests: []`, is in pr-summary.test.ts.)
 */
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from '@jest/globals';
import { parseMarker } from '@modelgate/core';
import {
  DEMO,
  mergeGroupEvent,
  pullRequestEvent,
  pushEvent,
  scheduleEvent,
  workflowDispatchEvent,
  workflowRunEvent,
} from '../helpers/github-events';
import type { GitHubEvent } from '../helpers/github-events';
import { GitHubServer, Route } from '../helpers/github-server';
import { FIXTURE_DIR, FIXTURE_FILES } from '../helpers/pr-summary-reports';
import { REPO_ROOT, bundlePaths, cleanupRuns, runBundle } from './harness';

const REPO = DEMO.repo;
const PUSHED = '9c1e5f3a8b7d6e5f4a3b2c1d0e9f8a7b6c5d4e3f';
const WEATHER = join(REPO_ROOT, 'node_modules', 'vega-datasets', 'data', 'seattle-weather.csv');
const reports = FIXTURE_FILES.map((f) => join(FIXTURE_DIR, f)).join('\n');

let server: GitHubServer;
const dirs: string[] = [];

beforeAll(async () => {
  for (const name of ['validate-data', 'check-regression', 'pr-summary']) {
    if (!readable(bundlePaths(name).main)) {
      throw new Error(`dist/${name} is missing: run node scripts/bundle.mjs ${name}`);
    }
  }
  server = await GitHubServer.start();
});
afterEach(() => {
  server.resetFaults();
  server.assertConformant();
});
afterAll(async () => {
  await server.close();
  await cleanupRuns();
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
});

function readable(path: string): boolean {
  try {
    readFileSync(path);
    return true;
  } catch {
    return false;
  }
}

/** seattle-weather split as drift-monitor's users would: training years, then newer ones. */
function weatherFiles(workspace: string): { reference: string; data: string } {
  const [header, ...rows] = readFileSync(WEATHER, 'utf8').trim().split('\n');
  const write = (name: string, years: RegExp): string => {
    const file = join(workspace, name);
    writeFileSync(file, [header, ...rows.filter((r) => years.test(r))].join('\n') + '\n');
    return file;
  };
  return { reference: write('train.csv', /^201[23]-/), data: write('recent.csv', /^201[45]-/) };
}

function addPull(number: number, headRepo: string): void {
  server.addPull(REPO, {
    number,
    state: 'open',
    headSha: DEMO.headSha,
    headRef: DEMO.headRef,
    headRepo,
    baseSha: DEMO.baseSha,
    baseRef: DEMO.baseRef,
  });
}

describe('validate-data on the drift monitor triggers', () => {
  it.each<[string, GitHubEvent]>([
    ['schedule', scheduleEvent('0 6 * * *')],
    ['workflow_dispatch', workflowDispatchEvent({ inputs: {} })],
  ])('runs on %s with the default branch as its commit', async (_name, event) => {
    const workspace = mkdtempSync(join(tmpdir(), 'mg-triggers-'));
    dirs.push(workspace);
    weatherFiles(workspace);
    const run = await runBundle('validate-data', {
      event,
      github: server,
      runId: 7200 + event.name.length,
      cwd: workspace,
      inputs: {
        data: 'recent.csv',
        reference: 'train.csv',
        'fail-on': 'schema',
        'artifact-name': 'modelgate-drift',
        'report-path': 'drift.json',
      },
    });
    expect(run.stderr).not.toMatch(/\n\s+at /);
    expect(run.exitCode).toBe(0);
    expect(run.outputs['drifted-columns']).not.toBe('');
    const report = JSON.parse(readFileSync(join(run.workspace, 'drift.json'), 'utf8')) as {
      provenance: Record<string, unknown>;
    };
    expect(report.provenance).toMatchObject({
      repository: REPO,
      sha: DEMO.baseSha,
      ref: 'refs/heads/main',
      runId: 7200 + event.name.length,
    });
    expect(report.provenance.prNumber).toBeUndefined();
    expect(server.artifacts(7200 + event.name.length).map((a) => a.name)).toEqual([
      'modelgate-drift',
    ]);
  });
});

describe('a push to main', () => {
  const push = pushEvent({ ref: 'refs/heads/main', after: PUSHED });

  it('check-regression finds no pull request to compare against, warns and asks GitHub nothing', async () => {
    const before = server.requests.length;
    const result = await runBundle('check-regression', {
      event: push,
      github: server,
      runId: 7301,
      inputs: {
        candidate: join(
          REPO_ROOT,
          'test',
          'fixtures',
          'compare',
          'weather-candidate',
          'evaluation.json',
        ),
        'baseline-artifact': 'modelgate-evaluation',
        'report-path': 'regression.json',
      },
    });
    expect(result.stderr).not.toMatch(/\n\s+at /);
    expect(result.exitCode).toBe(0);
    expect(result.outputs.status).toBe('warn');
    expect(result.summary).toContain('no-baseline');
    const report = JSON.parse(readFileSync(join(result.workspace, 'regression.json'), 'utf8')) as {
      provenance: Record<string, unknown>;
    };
    expect(report.provenance).toMatchObject({ sha: PUSHED, ref: 'refs/heads/main' });
    expect(server.requests.slice(before).filter((r) => r.route?.startsWith('GET /repos'))).toEqual(
      [],
    );
  });

  it('pr-summary writes the job summary and posts no comment', async () => {
    const result = await runBundle('pr-summary', {
      event: push,
      github: server,
      runId: 7302,
      inputs: { reports, 'fail-on': 'none' },
    });
    expect(result.exitCode).toBe(0);
    expect(result.summary).toContain('modelgate');
    expect(result.stdout).toContain('Not a pull request');
    expect(server.requestsTo(Route.CreateComment)).toHaveLength(0);
  });
});

describe('pr-summary on pull_request_target, merge_group and workflow_run', () => {
  it("comments directly on a fork's PR under pull_request_target, naming the PR's head", async () => {
    const number = 4301;
    addPull(number, 'mallory/modelgate-demo');
    const event = pullRequestEvent({ number, fork: 'mallory/modelgate-demo', target: true });
    const result = await runBundle('pr-summary', {
      event,
      github: server,
      runId: 7401,
      inputs: { reports, 'fail-on': 'none' },
    });
    expect(result.exitCode).toBe(0);
    expect(result.env.GITHUB_SHA).toBe(DEMO.baseSha);
    const [comment] = server.commentsOf(REPO, number);
    expect(parseMarker(comment?.body ?? '')).toMatchObject({ headSha: DEMO.headSha, runId: 7401 });
    expect(server.artifacts(7401).map((a) => a.name)).not.toContain('modelgate-comment-modelgate');
  });

  it('writes only the job summary on merge_group, which names no pull request', async () => {
    const result = await runBundle('pr-summary', {
      event: mergeGroupEvent(),
      github: server,
      runId: 7402,
      inputs: { reports, 'fail-on': 'none' },
    });
    expect(result.exitCode).toBe(0);
    expect(result.stdout).toContain('Not a pull request');
    expect(server.requestsTo(Route.CreateComment)).toHaveLength(0);
  });

  it('publishes nothing for a same-repository PR run that commented itself', async () => {
    const number = 4302;
    addPull(number, REPO);
    server.addRun(REPO, { id: 7403, headSha: DEMO.headSha, event: 'pull_request' });
    const event = workflowRunEvent({ runId: 7403, pullRequest: { number } });
    expect(event.payload.workflow_run.pull_requests.map((p) => p.number)).toEqual([number]);
    const result = await runBundle('pr-summary', {
      event,
      github: server,
      runId: 7404,
      inputs: { mode: 'publish' },
    });
    expect(result.exitCode).toBe(0);
    expect(result.stdout).toContain("Run 7403 has no 'modelgate-comment-modelgate' artifact");
    expect(server.commentsOf(REPO, number)).toHaveLength(0);
  });
});
