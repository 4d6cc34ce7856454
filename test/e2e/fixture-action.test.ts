import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from '@jest/globals';
import { execFileSync } from 'node:child_process';
import { mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { GitHubServer, Route } from '../helpers/github-server';
import { cleanupRuns, hasNode24, pullRequestEvent, runBundle, systemNodePath } from './harness';
import type { BundleResult } from './harness';

const REPO = 'octo-org/modelgate-demo';
const TOKEN = 'ghs_e2eFixtureToken1234567890abcdefABCDEF';
const PR = pullRequestEvent().payload.number;

function expectClean(result: BundleResult): void {
  if (result.exitCode !== 0) {
    throw new Error(
      `exit ${result.exitCode}\nstdout:\n${result.stdout}\nstderr:\n${result.stderr}`,
    );
  }
  expect(result.annotations.filter((a) => a.level === 'error')).toEqual([]);
}

describe('the fixture bundle, run as the Actions runner runs it', () => {
  let github: GitHubServer;
  beforeAll(async () => {
    github = await GitHubServer.start();
  });
  afterEach(() => github.assertConformant());
  afterAll(async () => {
    await github.close();
    await cleanupRuns();
  });
  beforeEach(() => github.resetFaults());

  it('reads inputs (with action.yml defaults), writes outputs and the job summary', async () => {
    const result = await runBundle('fixture-action', {
      inputs: { message: 'héllo\nworld', times: '2' },
      github,
    });
    expectClean(result);
    expect(result.outputs.echo).toBe('héllo\nworldhéllo\nworld');
    expect(result.summary).toBe('## fixture\n\nhéllo\nworld\n\n');
    expect(result.env['INPUT_COMMENT-MARKER']).toBe('fixture');
    expect(result.env['INPUT_GITHUB-TOKEN']).toMatch(/^ghs_/);
    expect(github.requests).toEqual([]);
  });

  it('fails a missing required input with one error annotation, exit 1 and no stack', async () => {
    const result = await runBundle('fixture-action', { inputs: { times: '3' }, github });
    expect(result.exitCode).toBe(1);
    const errors = result.annotations.filter((a) => a.level === 'error');
    expect(errors).toEqual([
      { level: 'error', message: "Input 'message' is required: set it to some text." },
    ]);
    expect(result.stdout.match(/^::error/gm)).toHaveLength(1);
    expect(`${result.stdout}${result.stderr}`).not.toMatch(/\n\s+at /);
    expect(result.outputs).toEqual({});
  });

  it('names the input, the value and the fix on a bad value', async () => {
    const result = await runBundle('fixture-action', {
      inputs: { message: 'x', times: 'two' },
      github,
    });
    expect(result.exitCode).toBe(1);
    expect(result.annotations).toEqual([
      {
        level: 'error',
        message: `Input 'times' must be a whole number of 1 or more, e.g. 2, at most 1,000; got "two".`,
      },
    ]);
  });

  it('uploads a file as an artifact, and a later job downloads it by pattern, bytes intact', async () => {
    const runId = 5001;
    const bytes = Buffer.from(Array.from({ length: 70_000 }, (_, i) => (i * 7919) % 256));
    const upload = await runBundle('fixture-action', {
      inputs: { message: 'up', 'upload-path': 'out/report.bin', 'upload-name': 'modelgate-eval' },
      github,
      runId,
      job: 'evaluate',
      cwd: await workspaceWith('out/report.bin', bytes),
    });
    expectClean(upload);
    const [artifact] = github.artifacts(runId);
    expect(artifact).toMatchObject({ name: 'modelgate-eval', finalized: true });
    expect(upload.outputs['artifact-id']).toBe(String(artifact!.id));
    expect(github.requestsTo(Route.BlobPut).length).toBeGreaterThanOrEqual(2);

    const download = await runBundle('fixture-action', {
      inputs: { message: 'down', 'download-pattern': 'modelgate-*' },
      github,
      runId,
      job: 'summary',
    });
    expectClean(download);
    const listed = JSON.parse(download.outputs.downloaded!);
    expect(listed).toEqual([
      { name: 'modelgate-eval', id: artifact!.id, path: expect.any(String), files: ['report.bin'] },
    ]);
    expect(Buffer.compare(await readFile(join(listed[0].path, 'report.bin')), bytes)).toBe(0);
    expect(github.requestsTo(Route.GetSignedArtifactURL)).toHaveLength(1);

    const none = await runBundle('fixture-action', {
      inputs: { message: 'none', 'download-pattern': 'nothing-*' },
      github,
      runId,
    });
    expectClean(none);
    expect(JSON.parse(none.outputs.downloaded!)).toEqual([]);
  });

  it('downloads an artifact of another run through the REST API', async () => {
    const bytes = Buffer.from('{"schema":"modelgate/evaluation@1"}\n');
    const upload = await runBundle('fixture-action', {
      inputs: { message: 'base', 'upload-path': 'baseline.json', 'upload-name': 'baseline-eval' },
      github,
      runId: 6001,
      cwd: await workspaceWith('baseline.json', bytes),
    });
    expectClean(upload);
    const download = await runBundle('fixture-action', {
      inputs: {
        message: 'cand',
        'download-pattern': 'baseline-eval',
        'download-run-id': '6001',
        'github-token': TOKEN,
      },
      github,
      runId: 6002,
    });
    expectClean(download);
    const [listed] = JSON.parse(download.outputs.downloaded!);
    expect(await readFile(join(listed.path, 'baseline.json'))).toEqual(bytes);
    expect(github.requestsTo(Route.ListRunArtifacts)[0]).toMatchObject({
      status: 200,
      token: TOKEN,
    });
    expect(github.requestsTo(Route.DownloadArtifact)[0]).toMatchObject({ status: 302 });
  });

  it('creates a sticky PR comment, then finds it among >100 comments and updates it in place', async () => {
    github.seedComments(
      REPO,
      PR,
      Array.from({ length: 120 }, (_, i) => `chatter ${i}`),
    );
    const first = await runBundle('fixture-action', {
      inputs: { message: 'c', 'comment-body': 'accuracy 0.91', 'github-token': TOKEN },
      github,
    });
    expectClean(first);
    expect(first.outputs['comment-action']).toBe('created');
    expect(first.masks).toContain(TOKEN);
    expect(first.stdout.split(TOKEN).length - 1).toBe(1); // only in the ::add-mask:: line

    for (let i = 0; i < 10; i++) github.seedComments(REPO, PR, [`later ${i}`]);
    const second = await runBundle('fixture-action', {
      inputs: { message: 'c', 'comment-body': 'accuracy 0.93', 'github-token': TOKEN },
      github,
    });
    expectClean(second);
    expect(second.outputs['comment-action']).toBe('updated');
    expect(second.outputs['comment-id']).toBe(first.outputs['comment-id']);
    const sticky = github.commentsOf(REPO, PR).filter((c) => c.body.includes('modelgate-fixture'));
    expect(sticky).toHaveLength(1);
    expect(sticky[0]!.body).toBe('<!-- modelgate-fixture:fixture -->\naccuracy 0.93');
    // 121 comments before the sticky one: the second run had to read page 2.
    expect(
      github.requestsTo(Route.ListComments).filter((r) => r.path.includes('page=2')).length,
    ).toBe(2);
  });

  it('retries a 502 from GitHub and succeeds', async () => {
    github.failNext(Route.CreateComment, { status: 502 });
    const result = await runBundle('fixture-action', {
      inputs: {
        message: 'r',
        'comment-body': 'retried',
        'comment-marker': 'retry',
        'github-token': TOKEN,
      },
      github,
    });
    expectClean(result);
    expect(result.outputs['comment-action']).toBe('created');
    expect(github.requestsTo(Route.CreateComment).map((r) => r.status)).toEqual([502, 201]);
  });

  it('explains a 403 (read-only token on a fork PR) in one annotation, exit 1', async () => {
    const forkToken = 'ghs_forkReadOnlyToken000000000000000000000';
    github.makeReadOnly(forkToken);
    const result = await runBundle('fixture-action', {
      inputs: {
        message: 'f',
        'comment-body': 'from a fork',
        'comment-marker': 'fork',
        'github-token': forkToken,
      },
      github,
    });
    expect(result.exitCode).toBe(1);
    const errors = result.annotations.filter((a) => a.level === 'error');
    expect(errors).toHaveLength(1);
    expect(errors[0]!.message).toMatch(
      /^Could not comment on #42 in octo-org\/modelgate-demo: GitHub failed with HTTP 403: Resource not accessible by integration\. The token lacks the permission `pull-requests: write`.*read-only/,
    );
    expect(`${result.stdout}${result.stderr}`).not.toMatch(/\n\s+at /);
    // The token is masked, and appears nowhere but in the ::add-mask:: command.
    expect(result.masks).toContain(forkToken);
    expect(`${result.stdout}${result.stderr}`.split(forkToken)).toHaveLength(2);
  });

  it("uses the machine's node (not node_modules/.bin/node) by default", async () => {
    const result = await runBundle('fixture-action', { inputs: { message: 'v' }, github });
    expect(result.nodePath).toBe(systemNodePath());
    expect(result.nodePath).not.toContain('node_modules');
    const major = Number(
      /^v(\d+)/.exec(execFileSync(result.nodePath, ['--version'], { encoding: 'utf8' }))![1],
    );
    expect(major).toBeGreaterThanOrEqual(20);
    expectClean(result);
  });
});

(hasNode24() ? describe : describe.skip)(
  "the fixture bundle under node24 (the runner's runtime)",
  () => {
    let github: GitHubServer;
    beforeAll(async () => {
      github = await GitHubServer.start();
    });
    afterEach(() => github.assertConformant());
    afterAll(async () => {
      await github.close();
      await cleanupRuns();
    });

    it('runs inputs, outputs, summary, artifacts and the sticky comment', async () => {
      const bytes = Buffer.from('node24 bytes\n');
      const up = await runBundle('fixture-action', {
        node: 'node24',
        inputs: {
          message: 'n24',
          'upload-path': 'a.txt',
          'comment-body': 'node 24',
          'github-token': TOKEN,
        },
        github,
        runId: 7001,
        cwd: await workspaceWith('a.txt', bytes),
      });
      expectClean(up);
      expect(up.outputs).toMatchObject({ echo: 'n24', 'comment-action': 'created' });
      expect(up.summary).toContain('n24');
      const down = await runBundle('fixture-action', {
        node: 'node24',
        inputs: {
          message: 'n24',
          'download-pattern': 'fixture-*',
          'comment-body': 'node 24 again',
          'github-token': TOKEN,
        },
        github,
        runId: 7001,
      });
      expectClean(down);
      expect(down.outputs['comment-action']).toBe('updated');
      const [listed] = JSON.parse(down.outputs.downloaded!);
      expect(await readFile(join(listed.path, 'a.txt'))).toEqual(bytes);
      const version = await import('node:child_process').then((cp) =>
        cp.execFileSync(down.nodePath, ['--version'], { encoding: 'utf8' }),
      );
      expect(version).toMatch(/^v24\./);
    });
  },
);

const workspaces: string[] = [];
afterAll(async () => {
  await Promise.all(workspaces.splice(0).map((d) => rm(d, { recursive: true, force: true })));
});

async function workspaceWith(relPath: string, bytes: Buffer): Promise<string> {
  const dir = await mkdtemp(join(tmpdir(), 'modelgate-ws-'));
  workspaces.push(dir);
  await mkdir(dirname(join(dir, relPath)), { recursive: true });
  await writeFile(join(dir, relPath), bytes);
  return dir;
}
