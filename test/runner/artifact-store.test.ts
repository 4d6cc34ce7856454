import { afterAll, afterEach, beforeAll, describe, expect, it } from '@jest/globals';
import { mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { ArtifactClient } from '@actions/artifact';
import { GitHubApiError } from '@modelgate/core';
import { artifactNameMatcher, createArtifactStore } from '@modelgate/runner';
import { GitHubServer, Route } from '../helpers/github-server';

async function failure(promise: Promise<unknown>): Promise<GitHubApiError> {
  try {
    await promise;
  } catch (err) {
    if (err instanceof GitHubApiError) return err;
    throw err;
  }
  throw new Error('expected a GitHubApiError');
}

describe('artifactNameMatcher', () => {
  it.each([
    ['modelgate-eval', 'modelgate-eval', true],
    ['modelgate-eval', 'modelgate-evaluation', false],
    ['modelgate-*', 'modelgate-eval', true],
    ['modelgate-*', 'other-eval', false],
    ['eval-shard-?', 'eval-shard-3', true],
    ['eval-shard-?', 'eval-shard-10', false],
    ['eval-[ab]', 'eval-b', true],
    ['eval-[!ab]', 'eval-b', false],
    ['a.b+c', 'a.b+c', true],
    ['a.b*', 'axb', false],
    ['(x)*', '(x)y', true],
  ])('%s matches %s: %s', (pattern, name, expected) => {
    expect(artifactNameMatcher(pattern)(name)).toBe(expected);
  });
});

describe('createArtifactStore', () => {
  it('is available only with ACTIONS_RUNTIME_TOKEN and ACTIONS_RESULTS_URL', () => {
    expect(createArtifactStore({}).available()).toBe(false);
    expect(createArtifactStore({ ACTIONS_RUNTIME_TOKEN: 't' }).available()).toBe(false);
    expect(
      createArtifactStore({
        ACTIONS_RUNTIME_TOKEN: 't',
        ACTIONS_RESULTS_URL: 'http://x/',
      }).available(),
    ).toBe(true);
  });

  it('says why it cannot upload outside Actions', async () => {
    const err = await failure(createArtifactStore({}).upload('x', ['/tmp/x'], '/tmp'));
    expect(err.message).toMatch(/Cannot upload artifact 'x'/);
    expect(err.hint).toMatch(/inside a GitHub Actions job/);
  });

  it('fails on a digest mismatch instead of returning corrupt files', async () => {
    const fake = {
      listArtifacts: () =>
        Promise.resolve({ artifacts: [{ id: 1, name: 'a', size: 1, digest: 'sha256:00' }] }),
      downloadArtifact: () => Promise.resolve({ downloadPath: '/x', digestMismatch: true }),
    } as unknown as ArtifactClient;
    const dest = await mkdtemp(join(tmpdir(), 'mg-art-'));
    const store = createArtifactStore(
      { ACTIONS_RUNTIME_TOKEN: 't', ACTIONS_RESULTS_URL: 'u' },
      fake,
    );
    const err = await failure(store.download('a', dest));
    expect(err.message).toMatch(/does not match its recorded sha256 digest/);
    await rm(dest, { recursive: true, force: true });
  });

  it('refuses an artifact name that would leave the destination folder', async () => {
    const fake = {
      listArtifacts: () => Promise.resolve({ artifacts: [{ id: 1, name: '..', size: 1 }] }),
      downloadArtifact: () => Promise.reject(new Error('must not be called')),
    } as unknown as ArtifactClient;
    const store = createArtifactStore(
      { ACTIONS_RUNTIME_TOKEN: 't', ACTIONS_RESULTS_URL: 'u' },
      fake,
    );
    await expect(store.download('*', '/tmp/never')).rejects.toThrow(/unsafe name/);
  });

  it('names the permission when another run cannot be listed', async () => {
    const fake = {
      listArtifacts: () => Promise.reject(new Error('HttpError: Resource not accessible')),
    } as unknown as ArtifactClient;
    const store = createArtifactStore({}, fake);
    const err = await failure(
      store.download('x', '/tmp/never', { runId: 9, owner: 'o', repo: 'r', token: 't' }),
    );
    expect(err.message).toMatch(/Could not list the artifacts of run 9 of o\/r/);
    expect(err.hint).toMatch(/actions: read/);
  });
});

describe('createArtifactStore with the real @actions/artifact client and the loopback service', () => {
  let server: GitHubServer;
  let dir: string;
  const saved = { ...process.env };
  beforeAll(async () => {
    server = await GitHubServer.start();
    dir = await mkdtemp(join(tmpdir(), 'mg-art-'));
    // @actions/artifact reads the process environment at call time.
    Object.assign(process.env, server.runtimeEnv('octo-org/demo', 31), {
      GITHUB_SERVER_URL: server.serverUrl,
      GITHUB_WORKSPACE: dir,
    });
  });
  afterEach(() => server.assertConformant());
  afterAll(async () => {
    for (const key of [
      'ACTIONS_RUNTIME_TOKEN',
      'ACTIONS_RESULTS_URL',
      'GITHUB_SERVER_URL',
      'GITHUB_WORKSPACE',
    ]) {
      if (saved[key] === undefined) delete process.env[key];
      else process.env[key] = saved[key];
    }
    await server.close();
    await rm(dir, { recursive: true, force: true });
  });

  it('uploads files under a name and downloads them by pattern into one folder each', async () => {
    const store = createArtifactStore(process.env);
    const src = join(dir, 'src');
    await mkdir(join(src, 'nested'), { recursive: true });
    await writeFile(join(src, 'report.json'), '{"status":"pass"}');
    await writeFile(join(src, 'nested', 'rows.jsonl'), '{"id":1}\n{"id":2}\n');
    const up = await store.upload(
      'modelgate-evaluation',
      [join(src, 'report.json'), join(src, 'nested', 'rows.jsonl')],
      src,
      { retentionDays: 3 },
    );
    expect(up).toMatchObject({ name: 'modelgate-evaluation', id: server.artifacts(31)[0]!.id });
    expect(up.size).toBe(server.artifactBytes(server.artifacts(31)[0]!)!.length);
    expect(server.artifacts(31)[0]!.expiresAt).toBeDefined();
    await store.upload('other', [join(src, 'report.json')], src);

    const dest = join(dir, 'dest');
    const got = await store.download('modelgate-*', dest);
    expect(got).toEqual([
      { name: 'modelgate-evaluation', id: up.id, path: join(dest, 'modelgate-evaluation') },
    ]);
    expect(await readFile(join(dest, 'modelgate-evaluation', 'nested', 'rows.jsonl'), 'utf8')).toBe(
      '{"id":1}\n{"id":2}\n',
    );
    expect(await store.download('absent', dest)).toEqual([]);
    expect((await store.download('*', join(dir, 'all'))).map((a) => a.name)).toEqual([
      'modelgate-evaluation',
      'other',
    ]);
  });

  it('reports a name already used in the run with a hint', async () => {
    const store = createArtifactStore(process.env);
    const file = join(dir, 'dup.txt');
    await writeFile(file, 'x');
    await store.upload('dup', [file], dir);
    server.resetFaults();
    const err = await failure(store.upload('dup', [file], dir));
    expect(err.message).toMatch(/Could not upload artifact 'dup'.*already exists/);
    expect(err.hint).toMatch(/unique within a run/);
    expect(server.requestsTo(Route.CreateArtifact).map((r) => r.status)).toEqual([409]);
  });
});
