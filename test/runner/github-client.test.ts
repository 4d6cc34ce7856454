import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from '@jest/globals';
import { GitHubApiError } from '@modelgate/core';
import { createGitHubClient } from '@modelgate/runner';
import type { GitHubClient } from '@modelgate/runner';
import { GitHubServer, Route } from '../helpers/github-server';

const REPO = { owner: 'octo-org', repo: 'demo' };
const FULL = 'octo-org/demo';
const TOKEN = 'ghs_unit_test_token';

function clientFor(server: GitHubServer, logs: string[] = [], masked: string[] = []): GitHubClient {
  return createGitHubClient({
    token: TOKEN,
    env: { GITHUB_API_URL: server.apiUrl },
    log: (m) => logs.push(m),
    mask: (s) => masked.push(s),
    retry: { baseMs: 10 },
  });
}

async function failure(promise: Promise<unknown>): Promise<GitHubApiError> {
  try {
    await promise;
  } catch (err) {
    if (err instanceof GitHubApiError) return err;
    throw err;
  }
  throw new Error('expected a GitHubApiError');
}

describe('createGitHubClient against the loopback GitHub', () => {
  let server: GitHubServer;
  beforeAll(async () => {
    server = await GitHubServer.start();
  });
  afterAll(async () => {
    await server.close();
  });
  beforeEach(() => server.resetFaults());
  afterEach(() => server.assertConformant());

  it('lists every comment across pages of 100', async () => {
    const bodies = Array.from({ length: 250 }, (_, i) => `comment ${i}`);
    server.seedComments(FULL, 7, bodies);
    const comments = await clientFor(server).listIssueComments(REPO, 7);
    expect(comments.map((c) => c.body)).toEqual(bodies);
    const pages = server.requestsTo(Route.ListComments);
    expect(pages).toHaveLength(3);
    expect(pages.every((r) => r.path.includes('per_page=100'))).toBe(true);
    expect(comments[0]).toMatchObject({
      userLogin: 'someone',
      nodeId: expect.stringMatching(/^IC_/),
    });
  });

  it('creates, updates and deletes a comment', async () => {
    const client = clientFor(server);
    const created = await client.createIssueComment(REPO, 8, 'first');
    expect(server.commentsOf(FULL, 8).map((c) => c.body)).toEqual(['first']);
    const updated = await client.updateIssueComment(REPO, created.id, 'second');
    expect(updated).toMatchObject({ id: created.id, body: 'second' });
    expect(server.commentsOf(FULL, 8).map((c) => c.body)).toEqual(['second']);
    await client.deleteIssueComment(REPO, created.id);
    expect(server.commentsOf(FULL, 8)).toEqual([]);
  });

  it('minimises a comment through GraphQL', async () => {
    const [comment] = server.seedComments(FULL, 9, ['old verdict']);
    await clientFor(server).minimizeComment(comment!.nodeId, 'OUTDATED');
    expect(comment!.minimizedReason).toBe('OUTDATED');
    expect(server.requestsTo(Route.GraphQL)).toHaveLength(1);
  });

  it('reads a pull request and tells a fork', async () => {
    server.addPull(FULL, {
      number: 11,
      state: 'open',
      headSha: 'a'.repeat(40),
      headRef: 'feature',
      headRepo: 'someone/demo',
      baseSha: 'b'.repeat(40),
      baseRef: 'main',
    });
    await expect(clientFor(server).getPullRequest(REPO, 11)).resolves.toEqual({
      number: 11,
      headSha: 'a'.repeat(40),
      baseRef: 'main',
      baseSha: 'b'.repeat(40),
      state: 'open',
      fromFork: true,
    });
  });

  it('finds the merge base through the compare API', async () => {
    server.setMergeBase(FULL, 'main', 'feature/x', 'c'.repeat(40));
    await expect(clientFor(server).getMergeBase(REPO, 'main', 'feature/x')).resolves.toBe(
      'c'.repeat(40),
    );
  });

  it('lists workflow runs newest first, filtered, up to maxRuns across pages', async () => {
    for (let i = 0; i < 130; i++) {
      server.addRun(FULL, {
        workflowPath: '.github/workflows/eval.yml',
        workflowId: 77,
        headBranch: i % 2 === 0 ? 'main' : 'dev',
        createdAt: new Date(Date.UTC(2025, 0, 1, 0, i)).toISOString(),
      });
    }
    const client = clientFor(server);
    const main = await client.listWorkflowRuns(REPO, 'eval.yml', { branch: 'main', maxRuns: 200 });
    expect(main).toHaveLength(65);
    expect(main.every((r) => r.headBranch === 'main')).toBe(true);
    expect(main[0]!.createdAt > main[1]!.createdAt).toBe(true);
    const few = await client.listWorkflowRuns(REPO, '77', { maxRuns: 120 });
    expect(few).toHaveLength(120);
    expect(server.requestsTo(Route.ListWorkflowRuns).length).toBe(3);
  });

  it('lists the artifacts of a run (none yet)', async () => {
    const run = server.addRun(FULL);
    await expect(clientFor(server).listRunArtifacts(REPO, run.id)).resolves.toEqual([]);
  });

  it('retries a 502 and then succeeds', async () => {
    server.seedComments(FULL, 12, ['x']);
    server.failNext(Route.ListComments, { status: 502, times: 2 });
    const comments = await clientFor(server).listIssueComments(REPO, 12);
    expect(comments).toHaveLength(1);
    expect(server.requestsTo(Route.ListComments).map((r) => r.status)).toEqual([502, 502, 200]);
  });

  it('gives up on a persistent 503 with the status and a hint', async () => {
    server.failNext(Route.GetPull, { status: 503, times: 10 });
    const err = await failure(clientFor(server).getPullRequest(REPO, 1));
    expect(err.status).toBe(503);
    expect(err.hint).toMatch(/re-run the job/);
    expect(server.requestsTo(Route.GetPull)).toHaveLength(4);
  });

  it('retries a secondary rate limit after Retry-After, at most twice', async () => {
    server.seedComments(FULL, 13, ['y']);
    server.failNext(Route.ListComments, { status: 429, headers: { 'retry-after': '1' }, times: 1 });
    const logs: string[] = [];
    await expect(clientFor(server, logs).listIssueComments(REPO, 13)).resolves.toHaveLength(1);
    expect(logs.join('\n')).toMatch(/secondary rate limit/);

    server.failNext(Route.ListComments, { status: 429, headers: { 'retry-after': '1' }, times: 5 });
    const err = await failure(clientFor(server).listIssueComments(REPO, 13));
    expect(err.status).toBe(429);
    expect(server.requestsTo(Route.ListComments).filter((r) => r.status === 429)).toHaveLength(4);
  });

  it.each([
    [403, /permission `pull-requests: write`.*read-only/s],
    [404, /Check the repository/],
    [422, /rejected the request as invalid/],
  ])('maps HTTP %i to a GitHubApiError with a hint', async (status, hint) => {
    server.failNext(Route.CreateComment, { status });
    const err = await failure(clientFor(server).createIssueComment(REPO, 5, 'hello'));
    expect(err).toBeInstanceOf(GitHubApiError);
    expect(err.status).toBe(status);
    expect(err.message).toMatch(
      new RegExp(`^Could not comment on #5 in octo-org/demo: GitHub failed with HTTP ${status}`),
    );
    expect(err.hint).toMatch(hint);
    expect(server.requestsTo(Route.CreateComment)).toHaveLength(1);
  });

  it('reports the read-only token of a fork PR clearly, for REST and GraphQL', async () => {
    const readOnly = 'ghs_fork_token';
    server.makeReadOnly(readOnly);
    const [comment] = server.seedComments(FULL, 14, ['z']);
    const client = createGitHubClient({
      token: readOnly,
      baseUrl: server.apiUrl,
      mask: () => undefined,
    });
    const rest = await failure(client.createIssueComment(REPO, 14, 'hi'));
    expect(rest.status).toBe(403);
    expect(rest.message).toContain('Resource not accessible by integration');
    expect(rest.hint).toContain('fork');
    const gql = await failure(client.minimizeComment(comment!.nodeId, 'OUTDATED'));
    expect(gql.status).toBe(403);
    expect(gql.hint).toContain('fork');
  });

  it('says when GitHub cannot be reached, and masks the token', async () => {
    const masked: string[] = [];
    const client = createGitHubClient({
      token: TOKEN,
      baseUrl: 'http://127.0.0.1:9',
      mask: (s) => masked.push(s),
      retry: { retries: 0 },
    });
    const err = await failure(client.getPullRequest(REPO, 1));
    expect(err.hint).toMatch(/Could not reach http:\/\/127\.0\.0\.1:9/);
    expect(masked).toEqual([TOKEN]);
    expect(err.message).not.toContain(TOKEN);
  });

  it('rejects a bad token with 401 and a hint', async () => {
    const strict = await GitHubServer.start({ tokens: ['good'] });
    try {
      const client = createGitHubClient({
        token: 'bad',
        baseUrl: strict.apiUrl,
        mask: () => undefined,
      });
      const err = await failure(client.listIssueComments(REPO, 1));
      expect(err.status).toBe(401);
      expect(err.hint).toMatch(/invalid/);
      strict.assertConformant();
    } finally {
      await strict.close();
    }
  });

  it("learns the token's login from GraphQL viewer: GITHUB_TOKEN's, an app's, a PAT's", async () => {
    const client = clientFor(server);
    await expect(client.viewerLogin()).resolves.toBe('github-actions[bot]');
    server.setLogin(TOKEN, 'octo-gate[bot]');
    await expect(client.viewerLogin()).resolves.toBe('octo-gate[bot]');
    server.setLogin(TOKEN, 'Jane-Doe');
    await expect(client.viewerLogin()).resolves.toBe('Jane-Doe');
    expect(server.requestsTo(Route.GraphQL).map((r) => [r.status, r.token])).toEqual([
      [200, TOKEN],
      [200, TOKEN],
      [200, TOKEN],
    ]);
    server.setLogin(TOKEN, 'github-actions[bot]');
  });

  it.each([
    [403, 1, /HTTP 403: Resource not accessible by integration/],
    [502, 4, /HTTP 502/],
  ])(
    'answers undefined when the viewer query fails with HTTP %i, with a debug line',
    async (status, requests, why) => {
      server.failNext(Route.GraphQL, { status, times: 10 });
      const logs: string[] = [];
      const debug: string[] = [];
      const client = createGitHubClient({
        token: TOKEN,
        env: { GITHUB_API_URL: server.apiUrl },
        log: (m) => logs.push(m),
        debug: (m) => debug.push(m),
        mask: () => undefined,
        retry: { baseMs: 10 },
      });
      await expect(client.viewerLogin()).resolves.toBeUndefined();
      expect(debug).toHaveLength(1);
      expect(debug[0]).toMatch(/^Could not learn the token's login \(GraphQL viewer\)/);
      expect(debug[0]).toMatch(why);
      expect(debug[0]).not.toContain(TOKEN);
      // A server error is retried as every other call is; a refusal is not.
      expect(server.requestsTo(Route.GraphQL)).toHaveLength(requests);
    },
  );

  it('answers undefined for a bad token and for an unreachable GitHub', async () => {
    const strict = await GitHubServer.start({ tokens: ['good'] });
    try {
      const debug: string[] = [];
      const bad = createGitHubClient({
        token: 'bad',
        baseUrl: strict.apiUrl,
        mask: () => undefined,
        debug: (m) => debug.push(m),
      });
      await expect(bad.viewerLogin()).resolves.toBeUndefined();
      expect(debug.join('\n')).toContain('HTTP 401');
      strict.assertConformant();
    } finally {
      await strict.close();
    }
    const away = createGitHubClient({
      token: TOKEN,
      baseUrl: 'http://127.0.0.1:9',
      mask: () => undefined,
      retry: { retries: 0 },
    });
    await expect(away.viewerLogin()).resolves.toBeUndefined();
  });

  it('throws a GitHubApiError when no token is given', () => {
    expect(() => createGitHubClient({ token: '' })).toThrow(GitHubApiError);
  });
});

describe('createGitHubClient on GHES', () => {
  it('uses /api/v3 for REST and /api/graphql for GraphQL', async () => {
    const ghes = await GitHubServer.start({ pathPrefix: '/api/v3' });
    try {
      expect(ghes.apiUrl).toMatch(/\/api\/v3$/);
      const [comment] = ghes.seedComments(FULL, 3, ['a']);
      const client = createGitHubClient({
        token: TOKEN,
        env: { GITHUB_API_URL: ghes.apiUrl },
        mask: () => undefined,
      });
      await expect(client.listIssueComments(REPO, 3)).resolves.toHaveLength(1);
      await client.minimizeComment(comment!.nodeId, 'RESOLVED');
      expect(comment!.minimizedReason).toBe('RESOLVED');
      await expect(client.viewerLogin()).resolves.toBe('github-actions[bot]');
      expect(ghes.requests.map((r) => r.path.split('?')[0])).toEqual([
        '/api/v3/repos/octo-org/demo/issues/3/comments',
        '/api/graphql',
        '/api/graphql',
      ]);
      ghes.assertConformant();
    } finally {
      await ghes.close();
    }
  });

  it('honours GITHUB_GRAPHQL_URL when the API URL comes from the environment', async () => {
    const server = await GitHubServer.start();
    try {
      const [comment] = server.seedComments(FULL, 4, ['a']);
      const client = createGitHubClient({
        token: TOKEN,
        env: { GITHUB_API_URL: `${server.origin}/unused`, GITHUB_GRAPHQL_URL: server.graphqlUrl },
        mask: () => undefined,
      });
      await client.minimizeComment(comment!.nodeId, 'DUPLICATE');
      expect(comment!.minimizedReason).toBe('DUPLICATE');
      server.setLogin(TOKEN, 'octo-gate[bot]');
      await expect(client.viewerLogin()).resolves.toBe('octo-gate[bot]');
      expect(server.requestsTo(Route.GraphQL)).toHaveLength(2);
      server.assertConformant();
    } finally {
      await server.close();
    }
  });
});
