import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from '@jest/globals';
import { formatMarker, parseMarker } from '@modelgate/core';
import type { RunContext } from '@modelgate/runner';
import { run } from '../../../actions/pr-summary/src/main';
import type { Deps } from '../../../actions/pr-summary/src/main';
import { serializeHandoff } from '../../../actions/pr-summary/src/handoff';
import { FakeIO } from '../../helpers/fake-io';
import { MemoryArtifacts } from '../../helpers/memory-artifacts';
import { MemoryGitHub } from '../../helpers/memory-github';
import {
  FIXTURE_DIR,
  INJECTIONS,
  fixtureReport,
  hostileReports,
} from '../../helpers/pr-summary-reports';

const repo = { owner: 'acme', repo: 'weather-model' };
const HEAD = 'a'.repeat(40);
const TOKEN = 'ghs_secret_token_value';
let dir: string;

beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'pr-summary-test-'));
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

function context(event: object, eventName = 'pull_request', runId = 9001): RunContext {
  return {
    env: {
      GITHUB_REPOSITORY: 'acme/weather-model',
      GITHUB_RUN_ID: String(runId),
      GITHUB_SHA: 'c'.repeat(40),
      GITHUB_WORKSPACE: dir,
      RUNNER_TEMP: dir,
      GITHUB_SERVER_URL: 'https://github.com',
    },
    event: event,
    eventName,
    inActions: true,
    provenance: () => {
      throw new Error('not used');
    },
  };
}

const prEvent = (fork = false) => ({
  pull_request: {
    number: 42,
    head: { sha: HEAD, repo: { full_name: fork ? 'mallory/weather-model' : 'acme/weather-model' } },
    base: { repo: { full_name: 'acme/weather-model' } },
  },
});

interface Setup {
  io: FakeIO;
  gh: MemoryGitHub;
  store: MemoryArtifacts;
  deps: Deps;
}

function setup(inputs: Record<string, string>, ctx: RunContext, runId = 9001): Setup {
  const io = new FakeIO({ 'github-token': TOKEN, artifacts: 'none', ...inputs });
  const gh = new MemoryGitHub();
  gh.setPull(repo, { number: 42, headSha: HEAD });
  const store = new MemoryArtifacts(runId);
  const deps: Deps = {
    io,
    context: ctx,
    github: () => gh,
    artifacts: () => store,
    now: () => new Date('2025-06-02T12:00:00Z'),
  };
  return { io, gh, store, deps };
}

const fixtureGlob = join(FIXTURE_DIR, '*.json');

describe('pr-summary comment mode', () => {
  it('posts one sticky comment and sets every output', async () => {
    const { io, gh, deps } = setup(
      { reports: fixtureGlob, 'comment-key': 'ml-gate' },
      context(prEvent()),
    );
    await run(deps);
    expect(io.failed).toBeUndefined();
    const comments = gh.commentsOf(repo, 42);
    expect(comments).toHaveLength(1);
    expect(parseMarker(comments[0]?.body ?? '')).toEqual({
      key: 'ml-gate',
      headSha: HEAD,
      runId: 9001,
    });
    expect(io.outputs.get('comment-id')).toBe(String(comments[0]?.id));
    expect(io.outputs.get('comment-url')).toContain('#issuecomment-');
    expect(io.outputs.get('status')).toBe('fail');
    const markdownPath = io.outputs.get('markdown') ?? '';
    expect(readFileSync(markdownPath, 'utf8')).toBe(comments[0]?.body);
    expect(io.summary).toContain('## ❌ Blocked: ');
    expect(io.secrets).toContain(TOKEN);
  });

  it('updates the same comment on the next run', async () => {
    const first = setup({ reports: fixtureGlob }, context(prEvent()));
    await run(first.deps);
    const second: Deps = { ...first.deps, context: context(prEvent(), 'pull_request', 9002) };
    await run(second);
    const comments = first.gh.commentsOf(repo, 42);
    expect(comments).toHaveLength(1);
    expect(parseMarker(comments[0]?.body ?? '')?.runId).toBe(9002);
  });

  it('reads reports from the artifacts of the run, skipping other JSON', async () => {
    const { io, gh, store, deps } = setup({ artifacts: 'modelgate-*' }, context(prEvent()));
    store.put(9001, 'modelgate-evaluation', {
      'evaluation.json': readFileSync(join(FIXTURE_DIR, 'evaluation.json'), 'utf8'),
      'other.json': '{"hello": "world"}',
    });
    store.put(9001, 'modelgate-cost', {
      'nested/cost.json': readFileSync(join(FIXTURE_DIR, 'cost.json'), 'utf8'),
    });
    store.put(9001, 'unrelated', {
      'regression.json': readFileSync(join(FIXTURE_DIR, 'regression.json'), 'utf8'),
    });
    await run(deps);
    expect(io.failed).toBeUndefined();
    expect(io.outputs.get('status')).toBe('pass');
    expect(gh.commentsOf(repo, 42)[0]?.body).toContain('### ✅ Cost');
  });

  it('fails with a clear message when no report is found', async () => {
    const { io, deps } = setup({}, context(prEvent()));
    await run(deps);
    expect(io.failed).toContain('No modelgate report was found');
  });

  it('names a missing report file', async () => {
    const { io, deps } = setup({ reports: 'reports/missing.json' }, context(prEvent()));
    await run(deps);
    expect(io.failed).toContain('reports/missing.json: The report file does not exist.');
  });

  it.each(['.', '..'])(
    'says that a reports path of %p is a folder, naming the input',
    async (path) => {
      const { io, deps } = setup({ reports: path }, context(prEvent()));
      await run(deps);
      expect(io.failed).toBe(
        `${path}: Input 'reports' names a folder, not a report file. Give report files, or a glob such as ${path}/**/*.json.`,
      );
    },
  );

  it.each([
    ['fail', 'fail', true],
    ['warn', 'fail', true],
    ['none', 'fail', false],
  ])('fail-on %s with a %s verdict fails the step: %s', async (failOn, _status, fails) => {
    const { io, gh, deps } = setup({ reports: fixtureGlob, 'fail-on': failOn }, context(prEvent()));
    await run(deps);
    expect(io.failed !== undefined).toBe(fails);
    if (fails) expect(io.failed).toContain('The combined verdict is FAIL');
    expect(gh.commentsOf(repo, 42)).toHaveLength(1);
    expect(io.outputs.get('status')).toBe('fail');
  });

  it('fail-on warn passes a passing verdict', async () => {
    const { io, deps } = setup(
      { reports: join(FIXTURE_DIR, 'cost.json'), 'fail-on': 'warn' },
      context(prEvent()),
    );
    await run(deps);
    expect(io.failed).toBeUndefined();
  });

  it('writes only the job summary outside a pull request', async () => {
    const { io, gh, deps } = setup({ reports: fixtureGlob }, context({}, 'push'));
    await run(deps);
    expect(io.failed).toBeUndefined();
    expect(io.summary).toContain('modelgate');
    expect(gh.calls).toHaveLength(0);
  });

  it('on a fork PR: no failure, the summary written, the comment handed off as an artifact', async () => {
    const { io, gh, store, deps } = setup({ reports: fixtureGlob }, context(prEvent(true)));
    await run(deps);
    expect(io.failed).toBeUndefined();
    expect(io.summary).toContain('❌ Blocked');
    expect(gh.callsOf('createIssueComment')).toHaveLength(0);
    const files = store.get(9001, 'modelgate-comment-modelgate');
    expect(Object.keys(files ?? {}).sort()).toEqual(['comment.md', 'pr-comment.json']);
    const handoff = JSON.parse(files?.['pr-comment.json'] ?? '{}');
    expect(handoff).toMatchObject({
      prNumber: 42,
      headSha: HEAD,
      runId: 9001,
      commentKey: 'modelgate',
    });
    expect(JSON.stringify(files)).not.toContain(TOKEN);
    expect(io.annotations.some((a) => a.level === 'warning' && a.message.includes('fork'))).toBe(
      true,
    );
  });

  it('when the token cannot write (403): no failure, the comment handed off', async () => {
    const { io, gh, store, deps } = setup({ reports: fixtureGlob }, context(prEvent()));
    gh.failNext('createIssueComment', 403);
    await run(deps);
    expect(io.failed).toBeUndefined();
    expect(store.get(9001, 'modelgate-comment-modelgate')).toBeDefined();
    expect(io.annotations.some((a) => a.message.includes('HTTP 403'))).toBe(true);
  });

  it('fails on another API error', async () => {
    const { io, gh, deps } = setup({ reports: fixtureGlob }, context(prEvent()));
    gh.failNext('listIssueComments', 500);
    await run(deps);
    expect(io.failed).toContain('HTTP 500');
  });
});

describe('pr-summary comment-author', () => {
  const marked = (runId: number, text: string, headSha = HEAD) =>
    `${formatMarker({ key: 'modelgate', headSha, runId })}\n\n${text}`;

  it('ignores a forged comment claiming a newer run, says so, and posts its own', async () => {
    const { io, gh, deps } = setup({ reports: fixtureGlob }, context(prEvent()));
    const forged = gh.seed(repo, 42, marked(99_999_999, '✅ all green'), 'mallory');
    await run(deps);
    expect(io.failed).toBeUndefined();
    const comments = gh.commentsOf(repo, 42);
    expect(comments).toHaveLength(2);
    const ours = comments.find((c) => c.id !== forged.id);
    expect(ours?.userLogin).toBe('github-actions[bot]');
    expect(parseMarker(ours?.body ?? '')?.runId).toBe(9001);
    expect(io.outputs.get('comment-id')).toBe(String(ours?.id));
    expect(comments.find((c) => c.id === forged.id)?.body).toBe(forged.body);
    expect(io.logs.filter((m) => m.startsWith('Ignoring 1 comment(s)'))).toHaveLength(1);
    expect(io.logs.join('\n')).toContain('written by mallory');
  });

  it("auto takes the token's own login: an app's comment is updated, the bot's left", async () => {
    const { io, gh, deps } = setup({ reports: fixtureGlob }, context(prEvent()));
    gh.login = 'octo-gate[bot]';
    const bots = gh.seed(repo, 42, marked(9000, 'old'), 'github-actions[bot]');
    const apps = gh.seed(repo, 42, marked(9000, 'old'), 'octo-gate[bot]');
    await run(deps);
    expect(io.failed).toBeUndefined();
    expect(io.outputs.get('comment-id')).toBe(String(apps.id));
    expect(gh.callsOf('updateIssueComment').map((c) => c.args[1])).toEqual([apps.id]);
    expect(gh.commentsOf(repo, 42).find((c) => c.id === bots.id)?.body).toBe(bots.body);
    expect(gh.callsOf('viewerLogin')).toHaveLength(1);
  });

  it('an explicit comment-author is used as given, without asking GitHub', async () => {
    const { gh, deps } = setup(
      { reports: fixtureGlob, 'comment-author': '@Octo-Gate[bot]' },
      context(prEvent()),
    );
    const apps = gh.seed(repo, 42, marked(9000, 'old'), 'octo-gate[bot]');
    await run(deps);
    expect(gh.callsOf('viewerLogin')).toHaveLength(0);
    expect(gh.callsOf('updateIssueComment').map((c) => c.args[1])).toEqual([apps.id]);
  });

  it('falls back to github-actions[bot] when GitHub does not tell the login', async () => {
    const { io, gh, deps } = setup({ reports: fixtureGlob }, context(prEvent()));
    gh.failNext('viewerLogin', 502);
    const bots = gh.seed(repo, 42, marked(9000, 'old'), 'github-actions[bot]');
    await run(deps);
    expect(io.failed).toBeUndefined();
    expect(io.logs.join('\n')).toContain(
      'Could not learn which account the token comments as (the debug log says why); taking comments by github-actions[bot]',
    );
    expect(io.outputs.get('comment-id')).toBe(String(bots.id));
    expect(gh.commentsOf(repo, 42)).toHaveLength(1);
  });

  it('warns when comment-author is not who the token comments as', async () => {
    const { io, gh, deps } = setup(
      { reports: fixtureGlob, 'comment-author': 'someone-else' },
      context(prEvent()),
    );
    await run(deps);
    expect(io.failed).toBeUndefined();
    expect(gh.commentsOf(repo, 42)).toHaveLength(1);
    const warning = io.annotations.find((a) => a.level === 'warning')?.message ?? '';
    expect(warning).toContain('but comment-author is someone-else');
    expect(warning).toContain('Set comment-author to github-actions[bot], or to auto');
  });
});

describe('pr-summary publish mode', () => {
  const runEvent = (headSha = HEAD) => ({ workflow_run: { id: 777, head_sha: headSha } });

  function handoff(
    over: object = {},
    reports = [fixtureReport('regression.json')],
  ): Record<string, string> {
    return {
      'pr-comment.json': serializeHandoff({
        prNumber: 42,
        headSha: HEAD,
        runId: 777,
        commentKey: 'modelgate',
        reports,
        ...over,
      }),
      'comment.md': `${INJECTIONS.mention} this markdown is never posted`,
    };
  }

  it('posts the comment of the fork run, rendered here', async () => {
    const { io, gh, store, deps } = setup(
      { mode: 'publish' },
      context(runEvent(), 'workflow_run', 800),
      800,
    );
    store.put(777, 'modelgate-comment-modelgate', handoff());
    await run(deps);
    expect(io.failed).toBeUndefined();
    const [c] = gh.commentsOf(repo, 42);
    expect(parseMarker(c?.body ?? '')).toEqual({ key: 'modelgate', headSha: HEAD, runId: 777 });
    expect(c?.body).toContain('Regression vs baseline');
    expect(c?.body).not.toContain('never posted');
    expect(store.downloads[0]?.fromRun).toMatchObject({
      runId: 777,
      owner: 'acme',
      repo: 'weather-model',
    });
  });

  it('takes only its own comments too: a forged newer one neither stops nor is touched', async () => {
    const { io, gh, store, deps } = setup(
      { mode: 'publish' },
      context(runEvent(), 'workflow_run', 800),
      800,
    );
    const forgedBody = `${formatMarker({ key: 'modelgate', headSha: HEAD, runId: 99_999 })}\n\nfine`;
    const forged = gh.seed(repo, 42, forgedBody, 'mallory');
    const older = gh.seed(
      repo,
      42,
      `${formatMarker({ key: 'modelgate', headSha: HEAD, runId: 700 })}\n\nold`,
    );
    store.put(777, 'modelgate-comment-modelgate', handoff());
    await run(deps);
    expect(io.failed).toBeUndefined();
    expect(io.outputs.get('comment-id')).toBe(String(older.id));
    const after = gh.commentsOf(repo, 42);
    expect(after.find((c) => c.id === forged.id)?.body).toBe(forgedBody);
    expect(parseMarker(after.find((c) => c.id === older.id)?.body ?? '')?.runId).toBe(777);
    expect(gh.callsOf('viewerLogin')).toHaveLength(1);
    expect(io.logs.some((m) => m.startsWith('Ignoring 1 comment(s)'))).toBe(true);
  });

  it('escapes hostile reports from the fork', async () => {
    const { gh, store, deps } = setup(
      { mode: 'publish' },
      context(runEvent(), 'workflow_run', 800),
      800,
    );
    store.put(777, 'modelgate-comment-modelgate', handoff({}, hostileReports()));
    await run(deps);
    const body = gh.commentsOf(repo, 42)[0]?.body ?? '';
    for (const raw of Object.values(INJECTIONS)) {
      expect(body.slice(body.indexOf('\n')).includes(raw)).toBe(false);
    }
  });

  it('does not post when the PR has moved on', async () => {
    const { io, gh, store, deps } = setup(
      { mode: 'publish' },
      context(runEvent(), 'workflow_run', 800),
      800,
    );
    gh.setPull(repo, { number: 42, headSha: 'd'.repeat(40) });
    store.put(777, 'modelgate-comment-modelgate', handoff());
    await run(deps);
    expect(io.failed).toBeUndefined();
    expect(gh.commentsOf(repo, 42)).toHaveLength(0);
    expect(io.annotations.some((a) => a.message.includes('has moved on'))).toBe(true);
  });

  it('refuses an artifact whose head is not the commit the run ran on', async () => {
    const { io, gh, store, deps } = setup(
      { mode: 'publish' },
      context(runEvent('e'.repeat(40)), 'workflow_run', 800),
      800,
    );
    store.put(777, 'modelgate-comment-modelgate', handoff());
    await run(deps);
    expect(io.failed).toContain('may be forged');
    expect(gh.commentsOf(repo, 42)).toHaveLength(0);
  });

  it.each([
    ['a negative PR number', { prNumber: -3 }],
    ['a PR number as text', { prNumber: '42; rm -rf' }],
  ])('refuses %s', async (_n, over) => {
    const { io, gh, store, deps } = setup(
      { mode: 'publish' },
      context(runEvent(), 'workflow_run', 800),
      800,
    );
    const files = handoff();
    const json = JSON.parse(files['pr-comment.json'] ?? '{}');
    store.put(777, 'modelgate-comment-modelgate', {
      'pr-comment.json': JSON.stringify({ ...json, ...over }),
    });
    await run(deps);
    expect(io.failed).toContain('not a valid pr-summary handoff');
    expect(gh.commentsOf(repo, 42)).toHaveLength(0);
  });

  it('does nothing when the run handed nothing off', async () => {
    const { io, gh, deps } = setup(
      { mode: 'publish' },
      context(runEvent(), 'workflow_run', 800),
      800,
    );
    await run(deps);
    expect(io.failed).toBeUndefined();
    expect(gh.calls).toHaveLength(0);
  });

  it('needs a run id outside workflow_run', async () => {
    const { io, deps } = setup({ mode: 'publish' }, context({}, 'push'));
    await run(deps);
    expect(io.failed).toContain("Input 'run-id' is required");
  });
});
