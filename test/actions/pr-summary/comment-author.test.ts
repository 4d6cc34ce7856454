/**
 * comment-author in process: pr-summary's `run()` with the real GitHub client against the
 * loopback GitHub server, whose comments carry the login of the token that wrote them and whose
 * GraphQL answers `viewer { login }`.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from '@jest/globals';
import { findSticky, formatMarker, parseMarker } from '@modelgate/core';
import { createGitHubClient } from '@modelgate/runner';
import type { RunContext } from '@modelgate/runner';
import { run } from '../../../actions/pr-summary/src/main';
import type { Deps } from '../../../actions/pr-summary/src/main';
import { serializeHandoff } from '../../../actions/pr-summary/src/handoff';
import { FakeIO } from '../../helpers/fake-io';
import { GitHubServer, Route } from '../../helpers/github-server';
import type { ServerComment } from '../../helpers/github-server';
import { MemoryArtifacts } from '../../helpers/memory-artifacts';
import { FIXTURE_DIR, fixtureReport } from '../../helpers/pr-summary-reports';

const REPO = 'acme/weather-model';
const HEAD = '3f2c9a1b7e4d5c6f8a9b0c1d2e3f4a5b6c7d8e9f';
const TOKEN = 'ghs_workflow_token';
const APP_TOKEN = 'ghs_app_installation_token';
const BOT = 'github-actions[bot]';
const APP = 'octo-gate[bot]';

let server: GitHubServer;
let dir: string;
let nextPr = 1;

beforeAll(async () => {
  server = await GitHubServer.start();
  server.setLogin(APP_TOKEN, APP);
});
afterAll(async () => {
  await server.close();
});
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'pr-summary-author-'));
});
afterEach(() => {
  server.resetFaults();
  rmSync(dir, { recursive: true, force: true });
  server.assertConformant();
});

/** A fresh open PR at HEAD, so that tests do not see each other's comments. */
function freshPr(): number {
  const number = nextPr++;
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

const marked = (runId: number, text: string): string =>
  `${formatMarker({ key: 'modelgate', headSha: HEAD, runId })}\n\n${text}`;

function context(event: object, eventName: string, runId: number): RunContext {
  return {
    env: {
      GITHUB_REPOSITORY: REPO,
      GITHUB_RUN_ID: String(runId),
      GITHUB_SHA: HEAD,
      GITHUB_WORKSPACE: dir,
      RUNNER_TEMP: dir,
      GITHUB_SERVER_URL: 'https://github.com',
    },
    event,
    eventName,
    inActions: true,
    provenance: () => {
      throw new Error('not used');
    },
  };
}

/** Runs the action in `comment` mode (or as given) on `pr`, with the real client. */
async function runAction(
  pr: number,
  inputs: Record<string, string>,
  options: { runId?: number; store?: MemoryArtifacts; event?: object; eventName?: string } = {},
): Promise<FakeIO> {
  const runId = options.runId ?? 9001;
  const io = new FakeIO({
    'github-token': TOKEN,
    artifacts: 'none',
    reports: join(FIXTURE_DIR, 'cost.json'),
    'pr-number': String(pr),
    ...inputs,
  });
  const deps: Deps = {
    io,
    context: context(
      options.event ?? { pull_request: { number: pr, head: { sha: HEAD } } },
      options.eventName ?? 'pull_request',
      runId,
    ),
    github: (token) =>
      createGitHubClient({
        token,
        env: { GITHUB_API_URL: server.apiUrl, GITHUB_GRAPHQL_URL: server.graphqlUrl },
        log: (m) => io.info(m),
        debug: (m) => io.debug(m),
        mask: () => undefined,
        retry: { baseMs: 5 },
      }),
    artifacts: () => options.store ?? new MemoryArtifacts(runId),
    now: () => new Date('2025-06-02T12:00:00Z'),
  };
  await run(deps);
  return io;
}

/** The ids of the comments that PATCH or DELETE requests went to. */
function writtenIds(): number[] {
  return server.requests
    .filter((r) => r.route === Route.UpdateComment || r.route === Route.DeleteComment)
    .map((r) => Number(/comments\/(\d+)/.exec(r.path)?.[1]));
}

const unchanged = (c: ServerComment, body: string) =>
  expect({ body: c.body, minimized: c.minimizedReason }).toEqual({ body, minimized: undefined });

describe('pr-summary comment-author against the loopback GitHub', () => {
  it('a forged marker claiming a newer run: ours is posted, theirs never written to', async () => {
    const pr = freshPr();
    const forgedBody = marked(99_999_999, '## ✅ modelgate: PASS');
    const [forged] = server.seedComments(REPO, pr, [{ body: forgedBody, userLogin: 'mallory' }]);
    const io = await runAction(pr, {});
    expect(io.failed).toBeUndefined();
    const live = findSticky(server.commentsOf(REPO, pr), 'modelgate', BOT);
    expect(live.map((c) => c.identity.runId)).toEqual([9001]);
    expect(io.outputs.get('comment-id')).toBe(String(live[0]?.id));
    unchanged(forged!, forgedBody);
    expect(writtenIds()).toEqual([]);
    expect(io.logs.filter((m) => m.startsWith('Ignoring 1 comment(s)'))).toHaveLength(1);
    expect(io.debugs.join('\n')).toContain(`The token comments as ${BOT}`);

    // The next run updates ours in place, and still leaves theirs alone.
    server.resetFaults();
    const next = await runAction(pr, {}, { runId: 9002 });
    expect(next.outputs.get('comment-id')).toBe(String(live[0]?.id));
    expect(writtenIds()).toEqual([live[0]?.id]);
    unchanged(forged!, forgedBody);
  });

  it.each(['update', 'recreate', 'hide-and-new'])(
    "an app's token (%s) acts on its own comment only, not the bot's nor a forged one",
    async (mode) => {
      const pr = freshPr();
      const bodies = [marked(1, 'forged'), marked(2, "the bot's"), marked(3, "the app's")];
      const [forged, bots, apps] = server.seedComments(REPO, pr, [
        { body: bodies[0]!, userLogin: 'mallory' },
        { body: bodies[1]!, userLogin: BOT },
        { body: bodies[2]!, userLogin: APP },
      ]);
      const io = await runAction(pr, { 'github-token': APP_TOKEN, 'comment-mode': mode });
      expect(io.failed).toBeUndefined();
      unchanged(forged!, bodies[0]!);
      unchanged(bots!, bodies[1]!);
      expect(writtenIds().every((id) => id === apps!.id)).toBe(true);
      const live = findSticky(server.commentsOf(REPO, pr), 'modelgate', APP);
      expect(live).toHaveLength(1);
      expect(live[0]?.identity.runId).toBe(9001);
      if (mode === 'update') expect(live[0]?.id).toBe(apps!.id);
      if (mode === 'hide-and-new') expect(apps!.minimizedReason).toBe('OUTDATED');
      if (mode === 'recreate') expect(server.commentsOf(REPO, pr)).not.toContain(apps);
      expect(io.logs.join('\n')).toMatch(
        /Ignoring 2 comment\(s\).*by mallory, github-actions\[bot\]/,
      );
    },
  );

  it.each([
    [403, 'HTTP 403'],
    [502, 'HTTP 502'],
  ])(
    'when the viewer query fails with %i, github-actions[bot] is taken, with a debug line',
    async (status, why) => {
      const pr = freshPr();
      const [bots] = server.seedComments(REPO, pr, [{ body: marked(5, 'old'), userLogin: BOT }]);
      server.failNext(Route.GraphQL, { status, times: 4 });
      const io = await runAction(pr, {});
      expect(io.failed).toBeUndefined();
      expect(io.debugs.join('\n')).toContain(why);
      expect(io.logs.join('\n')).toContain(
        `Could not learn which account the token comments as (the debug log says why); taking comments by ${BOT}`,
      );
      expect(io.outputs.get('comment-id')).toBe(String(bots!.id));
      expect(parseMarker(bots!.body)?.runId).toBe(9001);
      expect(server.requestsTo(Route.GraphQL).every((r) => r.status === status)).toBe(true);
    },
  );

  it("the fallback cannot find an app's comment, and says so after posting", async () => {
    const pr = freshPr();
    server.failNext(Route.GraphQL, { status: 403 });
    const io = await runAction(pr, { 'github-token': APP_TOKEN });
    expect(io.failed).toBeUndefined();
    const warnings = io.annotations.filter((a) => a.level === 'warning').map((a) => a.message);
    expect(warnings.join('\n')).toContain(
      `written as ${APP}, but comment-author is ${BOT}: later runs will not find it`,
    );
    expect(server.commentsOf(REPO, pr)).toHaveLength(1);
  });

  it('publish mode filters by the publishing token too', async () => {
    const pr = freshPr();
    const forgedBody = marked(99_999, 'forged');
    const [forged, old] = server.seedComments(REPO, pr, [
      { body: forgedBody, userLogin: 'mallory' },
      { body: marked(700, 'old'), userLogin: APP },
    ]);
    const store = new MemoryArtifacts(800);
    store.put(777, 'modelgate-comment-modelgate', {
      'pr-comment.json': serializeHandoff({
        prNumber: pr,
        headSha: HEAD,
        runId: 777,
        commentKey: 'modelgate',
        reports: [fixtureReport('cost.json')],
      }),
    });
    const io = await runAction(
      pr,
      { mode: 'publish', 'github-token': APP_TOKEN, 'pr-number': '' },
      {
        runId: 800,
        store,
        event: { workflow_run: { id: 777, head_sha: HEAD } },
        eventName: 'workflow_run',
      },
    );
    expect(io.failed).toBeUndefined();
    expect(io.outputs.get('comment-id')).toBe(String(old!.id));
    expect(parseMarker(old!.body)?.runId).toBe(777);
    unchanged(forged!, forgedBody);
    expect(writtenIds()).toEqual([old!.id]);
  });
});
