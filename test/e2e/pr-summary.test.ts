/**
 * pr-summary end to end: the bundle in dist/pr-summary runs as the Actions runner runs it (a
 * node process with INPUT_* variables, GITHUB_OUTPUT and GITHUB_STEP_SUMMARY files, an event
 * payload), against the loopback GitHub API and artifact service.
 */
import { execFile } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from '@jest/globals';
import { findSticky, formatMarker, parseMarker } from '@modelgate/core';
import type { AnyReport, DataValidationReport, EvaluationReport } from '@modelgate/core';
import { pullRequestEvent, runnerRefs, workflowRunEvent } from '../helpers/github-events';
import type { GitHubEvent } from '../helpers/github-events';
import { GitHubServer, Route } from '../helpers/github-server';
import {
  INJECTIONS,
  LONG_STRING,
  allFixtureReports,
  fixtureReport,
  hostileReports,
  hugeRegressionReport,
} from '../helpers/pr-summary-reports';

const ROOT = join(import.meta.dirname, '..', '..');
const BUNDLE = join(ROOT, 'dist', 'pr-summary', 'index.js');
const REPO = 'acme/weather-model';
const PR = 42;
const HEAD = '3f2c9a1b7e4d5c6f8a9b0c1d2e3f4a5b6c7d8e9f';
const TOKEN = 'ghs_e2e_token_0123456789';

interface Result {
  readonly code: number;
  readonly stdout: string;
  readonly outputs: Record<string, string>;
  readonly summary: string;
}

let server: GitHubServer;
let dir: string;

beforeAll(async () => {
  if (!existsSync(BUNDLE))
    throw new Error(`${BUNDLE} is missing: run node scripts/bundle.mjs pr-summary`);
  server = await GitHubServer.start();
});
afterAll(async () => {
  await server.close();
});
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'pr-summary-e2e-'));
  server.addPull(REPO, {
    number: PR,
    state: 'open',
    headSha: HEAD,
    headRef: 'feature',
    headRepo: REPO,
    baseSha: 'b'.repeat(40),
    baseRef: 'main',
  });
});
afterEach(() => {
  server.resetFaults();
  rmSync(dir, { recursive: true, force: true });
  server.assertConformant();
});

/** Writes reports into a folder of the test's directory; returns their paths, one a line. */
function writeReports(name: string, reports: readonly AnyReport[]): string {
  mkdirSync(join(dir, name), { recursive: true });
  const files = reports.map((r, i) => {
    const file = join(dir, name, `report-${i}.json`);
    writeFileSync(file, JSON.stringify(r), { flag: 'w' });
    return file;
  });
  return files.join('\n');
}

function parseOutputs(text: string): Record<string, string> {
  const out: Record<string, string> = {};
  const re = /^([^<\n]+)<<(\S+)\n([\s\S]*?)\n\2$/gm;
  for (const m of text.matchAll(re)) out[m[1] ?? ''] = m[3] ?? '';
  return out;
}

/** Runs the bundle once, as a job step of run `runId`. */
function runBundle(
  runId: number,
  inputs: Record<string, string>,
  event: GitHubEvent = prEvent(false),
): Promise<Result> {
  const step = mkdtempSync(join(dir, `run-${runId}-`));
  const output = join(step, 'output');
  const summary = join(step, 'summary');
  const eventPath = join(step, 'event.json');
  writeFileSync(output, '');
  writeFileSync(summary, '');
  writeFileSync(eventPath, JSON.stringify(event.payload));
  const env: Record<string, string> = {
    PATH: process.env.PATH ?? '',
    GITHUB_ACTIONS: 'true',
    GITHUB_API_URL: server.apiUrl,
    GITHUB_GRAPHQL_URL: server.graphqlUrl,
    GITHUB_SERVER_URL: server.serverUrl,
    GITHUB_REPOSITORY: REPO,
    GITHUB_RUN_ID: String(runId),
    GITHUB_RUN_ATTEMPT: '1',
    ...runnerRefs(event),
    GITHUB_EVENT_NAME: event.name,
    GITHUB_EVENT_PATH: eventPath,
    GITHUB_OUTPUT: output,
    GITHUB_STEP_SUMMARY: summary,
    GITHUB_WORKSPACE: step,
    RUNNER_TEMP: step,
    ...server.runtimeEnv(REPO, runId),
  };
  for (const [name, value] of Object.entries({ 'github-token': TOKEN, ...inputs })) {
    env[`INPUT_${name.toUpperCase()}`] = value;
  }
  return new Promise((resolve) => {
    execFile(process.execPath, [BUNDLE], { env, cwd: step, timeout: 60_000 }, (err, stdout) => {
      const code = err ? (typeof err.code === 'number' ? err.code : 1) : 0;
      resolve({
        code,
        stdout,
        outputs: parseOutputs(readFileSync(output, 'utf8')),
        summary: readFileSync(summary, 'utf8'),
      });
    });
  });
}

const FORK = 'mallory/weather-model';

/** GitHub's example pull_request payload for `number` (PR by default), from `FORK` if `fork`. */
function prEvent(fork: boolean, number = PR): GitHubEvent {
  return pullRequestEvent({
    repo: REPO,
    number,
    headSha: HEAD,
    headRef: 'feature',
    baseSha: 'b'.repeat(40),
    baseRef: 'main',
    ...(fork && { fork: FORK }),
  });
}

/** The workflow_run event of a completed fork PR run: GitHub lists no pull request there. */
function forkRunCompleted(runId: number): GitHubEvent {
  return workflowRunEvent({ repo: REPO, runId, headSha: HEAD, headBranch: 'feature', fork: FORK });
}

let nextIssue = 100;
/** A fresh PR number per test, so that tests do not see each other's comments. */
function freshPr(): number {
  const number = nextIssue++;
  server.addPull(REPO, {
    number,
    state: 'open',
    headSha: HEAD,
    headRef: 'feature',
    headRepo: REPO,
    baseSha: 'b'.repeat(40),
    baseRef: 'main',
  });
  return number;
}

/** The live sticky comments of the workflow's GITHUB_TOKEN (the server's default login). */
const liveComments = (pr: number, key = 'modelgate', author = 'github-actions[bot]') =>
  findSticky(server.commentsOf(REPO, pr), key, author);

const fixtures = (): string => writeReports('fixtures', allFixtureReports());

describe('pr-summary bundle against the loopback GitHub API', () => {
  it('finds and updates its comment past 100 comments (pagination)', async () => {
    const pr = freshPr();
    server.seedComments(
      REPO,
      pr,
      Array.from({ length: 120 }, (_, i) => `comment ${i}`),
    );
    const reports = fixtures();
    const first = await runBundle(5001, { reports, 'pr-number': String(pr) });
    expect(first.code).toBe(0);
    server.seedComments(
      REPO,
      pr,
      Array.from({ length: 90 }, (_, i) => `later ${i}`),
    );
    const lists = server.requestsTo(Route.ListComments).length;
    const second = await runBundle(5002, { reports, 'pr-number': String(pr) });
    expect(second.code).toBe(0);
    const live = liveComments(pr);
    expect(live).toHaveLength(1);
    expect(String(live[0]?.id)).toBe(second.outputs['comment-id']);
    expect(second.outputs['comment-id']).toBe(first.outputs['comment-id']);
    expect(live[0]?.identity.runId).toBe(5002);
    expect(server.commentsOf(REPO, pr)).toHaveLength(211);
    // 211 comments at 100 a page: 3 pages per listing, several listings.
    expect(server.requestsTo(Route.ListComments).length - lists).toBeGreaterThanOrEqual(3);
    expect(second.outputs['comment-url']).toContain(`#issuecomment-${live[0]?.id}`);
  });

  it('retries a 502 and posts once', async () => {
    const pr = freshPr();
    server.failNext(Route.CreateComment, { status: 502 });
    const result = await runBundle(5101, { reports: fixtures(), 'pr-number': String(pr) });
    expect(result.code).toBe(0);
    expect(server.requestsTo(Route.CreateComment).map((r) => r.status)).toEqual([502, 201]);
    expect(liveComments(pr)).toHaveLength(1);
  });

  it("on a fork's 403: does not fail, writes the summary, uploads the comment artifact", async () => {
    const pr = freshPr();
    const readOnly = 'ghs_read_only_fork_token';
    server.makeReadOnly(readOnly);
    const result = await runBundle(5201, {
      reports: fixtures(),
      'pr-number': String(pr),
      'github-token': readOnly,
    });
    expect(result.code).toBe(0);
    expect(server.requestsTo(Route.CreateComment).at(-1)?.status).toBe(403);
    expect(result.summary).toContain('## ❌ Blocked: ');
    expect(result.stdout).toContain('cannot write');
    const artifact = server.artifacts(5201).find((a) => a.name === 'modelgate-comment-modelgate');
    expect(artifact).toBeDefined();
    const zip = server.artifactBytes(artifact!) ?? Buffer.alloc(0);
    expect(zip.length).toBeGreaterThan(0);
    expect(zip.includes(Buffer.from(readOnly))).toBe(false);
    // The token appears only in the runner's mask command, never in a log line.
    const logged = result.stdout.split('\n').filter((l) => !l.startsWith('::add-mask::'));
    expect(result.stdout).toContain(`::add-mask::${readOnly}`);
    expect(logged.join('\n')).not.toContain(readOnly);
    expect(liveComments(pr)).toHaveLength(0);
  });

  it('hands off a fork PR comment, which publish mode then posts', async () => {
    const pr = freshPr();
    const fork = await runBundle(5301, { reports: fixtures() }, prEvent(true, pr));
    expect(fork.code).toBe(0);
    expect(server.requestsTo(Route.CreateComment)).toHaveLength(0);
    const publish = await runBundle(5302, { mode: 'publish' }, forkRunCompleted(5301));
    expect(publish.stdout).toContain('Created comment');
    expect(publish.code).toBe(0);
    const live = liveComments(pr);
    expect(live).toHaveLength(1);
    expect(live[0]?.identity).toEqual({ key: 'modelgate', headSha: HEAD, runId: 5301 });
    expect(publish.outputs.status).toBe('fail');
  });

  it('two concurrent runs end with exactly one comment', async () => {
    for (const [a, b] of [
      [5401, 5402],
      [5404, 5403],
    ] as const) {
      const pr = freshPr();
      const reports = fixtures();
      server.delay(Route.ListComments, 40);
      const results = await Promise.all([
        runBundle(a, { reports, 'pr-number': String(pr) }),
        runBundle(b, { reports, 'pr-number': String(pr) }),
      ]);
      server.delay(Route.ListComments, 0);
      expect(results.map((r) => r.code)).toEqual([0, 0]);
      const live = liveComments(pr);
      expect(live).toHaveLength(1);
      expect(live[0]?.identity.runId).toBe(Math.max(a, b));
    }
  });

  it('keeps a huge report within 65,536 characters with every verdict', async () => {
    const pr = freshPr();
    const reports = writeReports('fixtures', [...allFixtureReports(), hugeRegressionReport(5000)]);
    const result = await runBundle(5501, { reports, 'pr-number': String(pr) });
    expect(result.code).toBe(0);
    const body = liveComments(pr)[0]?.body ?? '';
    expect(body.length).toBeLessThanOrEqual(65_536);
    expect(body).toContain('## ❌ Blocked: ');
    expect(body.split('\n')[2]).toContain('the\\_failing\\_metric');
    // The 5,000 comparisons are capped in their collapsed table, the rest left to the report.
    expect(body).toMatch(/… and [\d,]+ more (comparisons|gated metrics)/);
    expect(Buffer.byteLength(result.summary)).toBeLessThanOrEqual(1024 * 1024);
  });

  it('posts none of the injections of a hostile report raw', async () => {
    const pr = freshPr();
    const reports = writeReports('hostile', hostileReports());
    const result = await runBundle(5601, { reports, 'pr-number': String(pr) });
    expect(result.code).toBe(0);
    const body = liveComments(pr)[0]?.body ?? '';
    const content = body.slice(body.indexOf('\n'));
    for (const [name, raw] of Object.entries(INJECTIONS)) {
      expect([name, content.includes(raw)]).toEqual([name, false]);
    }
    expect(content).not.toMatch(/<(img|script|h1)\b/i);
    expect(content).not.toMatch(/(^|[^&\w])@\w/m);
    expect(content).not.toMatch(/(^|[^&])#\d/m);
    expect(content).not.toContain(LONG_STRING.slice(0, 400));
    expect(parseMarker(body)?.key).toBe('modelgate');
  });
});

describe('pr-summary bundle: only its own comments are the sticky comment', () => {
  const APP_TOKEN = 'ghs_e2e_app_installation_token';
  const marked = (runId: number, text: string): string =>
    `${formatMarker({ key: 'modelgate', headSha: HEAD, runId })}\n\n${text}`;
  /** The ids of the comments that PATCH or DELETE requests went to. */
  const writtenIds = (): number[] =>
    server.requests
      .filter((r) => r.route === Route.UpdateComment || r.route === Route.DeleteComment)
      .map((r) => Number(/comments\/(\d+)/.exec(r.path)?.[1]));

  beforeAll(() => server.setLogin(APP_TOKEN, 'octo-gate[bot]'));

  it('a forged marker of a newer run neither hides the verdict nor is touched', async () => {
    const pr = freshPr();
    const forgedBody = marked(99_999_999, '## ✅ modelgate: PASS');
    const [forged] = server.seedComments(REPO, pr, [{ body: forgedBody, userLogin: 'mallory' }]);
    const result = await runBundle(5701, { reports: fixtures(), 'pr-number': String(pr) });
    expect(result.code).toBe(0);
    const live = liveComments(pr);
    expect(live.map((c) => c.identity.runId)).toEqual([5701]);
    expect(live[0]?.body).toContain('## ❌ Blocked: ');
    expect(result.outputs['comment-id']).toBe(String(live[0]?.id));
    expect(forged).toMatchObject({ body: forgedBody, minimizedReason: undefined });
    expect(writtenIds()).not.toContain(forged!.id);
    expect(result.stdout).toMatch(/Ignoring 1 comment\(s\).*written by mallory/);
    expect(server.requestsTo(Route.GraphQL).map((r) => r.status)).toEqual([200]);
  });

  it("with an app's token, updates the app's comment and leaves the workflow token's", async () => {
    const pr = freshPr();
    const botsBody = marked(5700, "the workflow token's");
    const [bots, apps] = server.seedComments(REPO, pr, [
      { body: botsBody, userLogin: 'github-actions[bot]' },
      { body: marked(5700, "the app's"), userLogin: 'octo-gate[bot]' },
    ]);
    const result = await runBundle(5702, {
      reports: fixtures(),
      'pr-number': String(pr),
      'github-token': APP_TOKEN,
    });
    expect(result.code).toBe(0);
    expect(result.outputs['comment-id']).toBe(String(apps!.id));
    expect(parseMarker(apps!.body)?.runId).toBe(5702);
    expect(bots!.body).toBe(botsBody);
    expect(writtenIds()).toEqual([apps!.id]);
  });

  it('falls back to github-actions[bot] when the viewer query is refused', async () => {
    const pr = freshPr();
    const [bots] = server.seedComments(REPO, pr, [
      { body: marked(5700, 'old'), userLogin: 'github-actions[bot]' },
    ]);
    server.failNext(Route.GraphQL, { status: 403 });
    const result = await runBundle(5703, { reports: fixtures(), 'pr-number': String(pr) });
    expect(result.code).toBe(0);
    expect(result.outputs['comment-id']).toBe(String(bots!.id));
    expect(parseMarker(bots!.body)?.runId).toBe(5703);
    expect(result.stdout).toContain(
      'Could not learn which account the token comments as (the debug log says why)',
    );
    expect(result.stdout).toMatch(/^::debug::Could not learn the token's login.*HTTP 403/m);
  });

  it('publish mode posts beside a forged comment without touching it', async () => {
    const pr = freshPr();
    const forgedBody = marked(99_999_999, 'forged');
    const [forged] = server.seedComments(REPO, pr, [{ body: forgedBody, userLogin: 'mallory' }]);
    const fork = await runBundle(5704, { reports: fixtures() }, prEvent(true, pr));
    expect(fork.code).toBe(0);
    const publish = await runBundle(5705, { mode: 'publish' }, forkRunCompleted(5704));
    expect(publish.code).toBe(0);
    expect(publish.stdout).toContain('Created comment');
    expect(liveComments(pr).map((c) => c.identity)).toEqual([
      { key: 'modelgate', headSha: HEAD, runId: 5704 },
    ]);
    expect(forged).toMatchObject({ body: forgedBody, minimizedReason: undefined });
    expect(writtenIds()).not.toContain(forged!.id);
  });
});

describe('pr-summary bundle: no green on zero work, pending while a report is missing', () => {
  /** The comment posted on `pr` (its body), or '' when there is none. */
  const commentBody = (pr: number): string => liveComments(pr)[0]?.body ?? '';

  it('fails, whatever fail-on says, when an evaluation scored no example', async () => {
    const pr = freshPr();
    const evaluation = fixtureReport('evaluation.json') as EvaluationReport;
    const empty: EvaluationReport = {
      ...evaluation,
      body: {
        ...evaluation.body,
        examples: {
          ...evaluation.body.examples,
          evaluated: 0,
          errored: evaluation.body.examples.total,
        },
      },
    };
    const reports = writeReports('zero', [fixtureReport('cost.json'), empty]);
    const result = await runBundle(5801, { reports, 'pr-number': String(pr), 'fail-on': 'none' });
    expect(result.code).toBe(1);
    expect(result.outputs.status).toBe('fail');
    expect(result.stdout).not.toMatch(/\n\s+at |Internal error/);
    expect(result.stdout).toContain(
      `nothing was checked: the evaluation scored 0 of ${evaluation.body.examples.total} examples`,
    );
    expect(result.stdout).toMatch(/::error::Nothing was checked by .*report-1\.json/);
    expect(commentBody(pr)).toContain('Nothing was checked');
  });

  it('fails when a data validation read zero rows', async () => {
    const pr = freshPr();
    const data = fixtureReport('data-validation.json') as DataValidationReport;
    const empty: DataValidationReport = {
      ...data,
      body: { ...data.body, data: { ...data.body.data, rows: 0 } },
    };
    const result = await runBundle(5802, {
      reports: writeReports('zero-rows', [empty]),
      'pr-number': String(pr),
    });
    expect(result.code).toBe(1);
    expect(result.outputs.status).toBe('fail');
    expect(result.stdout).toContain('the data validation read 0 rows');
  });

  it('says pending, not pass, while an expected report kind is missing, then completes', async () => {
    const pr = freshPr();
    const some = writeReports('some', [
      fixtureReport('evaluation.json'),
      fixtureReport('cost.json'),
    ]);
    const first = await runBundle(5803, {
      reports: some,
      'pr-number': String(pr),
      'expected-reports': 'data-validation, evaluation, regression, cost',
      'fail-on': 'fail',
    });
    expect(first.code).toBe(0);
    expect(first.outputs.status).toBe('pending');
    const body = commentBody(pr);
    // The headline is the first thing a reviewer reads: pending, never a green pass.
    expect(body).toContain(
      '## ⏳ Pending: waiting for the data-validation report · the regression report (2 of 4 reports)',
    );
    expect(body.indexOf('Pending:')).toBeLessThan(body.indexOf('evaluation'));
    expect(body).not.toContain('✅');
    expect(first.stdout).toContain('::warning');
    const all = await runBundle(5804, {
      reports: fixtures(),
      'pr-number': String(pr),
      'expected-reports': 'data-validation, evaluation, regression, cost',
    });
    expect(all.outputs.status).toBe('fail');
    expect(commentBody(pr)).not.toContain('Pending:');
    expect(liveComments(pr)).toHaveLength(1);
  });

  it('counts reports for a matrix: pending with 2 of 3, pass-or-worse with 3', async () => {
    const pr = freshPr();
    const two = writeReports('two', [fixtureReport('evaluation.json'), fixtureReport('cost.json')]);
    const result = await runBundle(5805, {
      reports: two,
      'pr-number': String(pr),
      'expected-reports': '3',
    });
    expect(result.outputs.status).toBe('pending');
    expect(commentBody(pr)).toContain('## ⏳ Pending: waiting for 1 more report (2 of 3 reports)');
    const three = writeReports('three', [
      fixtureReport('evaluation.json'),
      fixtureReport('cost.json'),
      fixtureReport('evaluation-llm.json'),
    ]);
    const done = await runBundle(5806, {
      reports: three,
      'pr-number': String(pr),
      'expected-reports': '3',
    });
    expect(done.outputs.status).toBe('warn');
  });

  it('refuses an unknown report kind in expected-reports, naming it', async () => {
    const result = await runBundle(5807, {
      reports: fixtures(),
      'pr-number': String(freshPr()),
      'expected-reports': 'evaluation, evaluations',
    });
    expect(result.code).toBe(1);
    expect(result.stdout).toContain(
      "Input 'expected-reports' names 'evaluations', which is not a report kind",
    );
    expect(result.stdout).not.toMatch(/\n\s+at |Internal error/);
  });
});
