/**
 * The loopback GitHub server's conformance check against GitHub's OpenAPI description: wrong
 * shapes planted in requests and responses are caught, named by operation and JSON path, and
 * the server's own responses pass.
 */
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { formatViolation, gitHubOpenApi } from '../helpers/github-openapi';
import type { Violation } from '../helpers/github-openapi';
import { GitHubServer } from '../helpers/github-server';

const api = gitHubOpenApi();
const COMMENTS = '/repos/octo-org/demo/issues/7/comments';
const ARTIFACTS = '/repos/octo-org/demo/actions/runs/31/artifacts';

const where = (vs: readonly Violation[]): string[] =>
  vs.map((v) => `${v.operation} ${v.part} ${v.path}`);

describe("GitHub's OpenAPI description as a check of REST shapes", () => {
  it("passes GitHub's own example comment", () => {
    expect(
      api.checkResponse('POST', COMMENTS, 201, api.example('issue-comment'), {
        location: 'https://api.github.com/repos/octo-org/demo/issues/comments/1',
      }),
    ).toEqual([]);
  });

  it.each([
    ['a comment without id', (c: Record<string, unknown>) => delete c.id, '/id'],
    ['a comment without user', (c: Record<string, unknown>) => delete c.user, '/user'],
    ['a comment with a numeric body', (c: Record<string, unknown>) => (c.body = 42), '/body'],
    [
      'a comment with a user without login',
      (c: Record<string, unknown>) => delete (c.user as Record<string, unknown>).login,
      '/user/login',
    ],
    [
      'a comment with a field GitHub never sends',
      (c: Record<string, unknown>) => (c.pull_request_number = 7),
      '/pull_request_number',
    ],
    [
      'a comment with a null created_at (not nullable)',
      (c: Record<string, unknown>) => (c.created_at = null),
      '/created_at',
    ],
    [
      'a comment with a created_at that is no date-time',
      (c: Record<string, unknown>) => (c.created_at = 'yesterday'),
      '/created_at',
    ],
  ])('catches %s, naming the operation and the path', (_name, plant, path) => {
    const comment = api.example('issue-comment');
    plant(comment);
    expect(where(api.checkResponse('GET', COMMENTS, 200, [comment]))).toContain(
      `issues/list-comments response 200 /0${path}`,
    );
  });

  it('catches an artifact list with a string total_count', () => {
    const list = api.example<{ total_count: unknown }>('artifact-paginated');
    expect(api.checkResponse('GET', ARTIFACTS, 200, list)).toEqual([]);
    list.total_count = String(list.total_count);
    const found = api.checkResponse('GET', ARTIFACTS, 200, list);
    expect(found.map(formatViolation)).toEqual([
      'actions/list-workflow-run-artifacts response 200 at /total_count: must be integer',
    ]);
  });

  it('takes null where the description says nullable, and only there', () => {
    const list = api.example<{ artifacts: Record<string, unknown>[] }>('artifact-paginated');
    const artifact = list.artifacts[0]!;
    artifact.expires_at = null;
    expect(api.checkResponse('GET', ARTIFACTS, 200, list)).toEqual([]);
    (artifact.workflow_run as Record<string, unknown>).head_branch = null;
    expect(where(api.checkResponse('GET', ARTIFACTS, 200, list))).toEqual([
      'actions/list-workflow-run-artifacts response 200 /artifacts/0/workflow_run/head_branch',
    ]);
  });

  it('catches a body on a 204 and a redirect without Location', () => {
    expect(
      where(api.checkResponse('DELETE', '/repos/o/r/issues/comments/5', 204, { ok: true })),
    ).toEqual(['issues/delete-comment response 204 ']);
    expect(
      where(api.checkResponse('GET', '/repos/o/r/actions/artifacts/5/zip', 302, undefined)),
    ).toEqual(['actions/download-artifact response 302 ']);
  });

  it('catches a success status that the operation does not answer', () => {
    expect(where(api.checkResponse('POST', COMMENTS, 200, api.example('issue-comment')))).toEqual([
      'issues/create-comment response 200 ',
    ]);
  });

  it('checks an undocumented error status against basic-error', () => {
    const error = { message: 'Bad credentials', documentation_url: 'https://docs.github.com/rest' };
    expect(api.checkResponse('GET', COMMENTS, 401, { ...error, status: '401' })).toEqual([]);
    expect(where(api.checkResponse('GET', COMMENTS, 401, { ...error, status: 401 }))).toEqual([
      'issues/list-comments response 401 /status',
    ]);
  });

  it('catches requests: a wrong body, an unknown query parameter, a path GitHub has not', () => {
    const none = new URLSearchParams();
    expect(api.checkRequest('POST', COMMENTS, none, '{"body":"hi"}')).toEqual([]);
    expect(where(api.checkRequest('POST', COMMENTS, none, '{"text":"hi"}'))).toEqual([
      'issues/create-comment request body /body',
      'issues/create-comment request body /text',
    ]);
    expect(
      where(api.checkRequest('GET', COMMENTS, new URLSearchParams('per_page=100&page=2'), '')),
    ).toEqual([]);
    expect(
      where(api.checkRequest('GET', COMMENTS, new URLSearchParams('per_page=lots&limit=5'), '')),
    ).toEqual(['issues/list-comments query per_page ', 'issues/list-comments query limit ']);
    expect(where(api.checkRequest('GET', '/repos/o/r/pulls/abc', none, ''))).toEqual([
      'pulls/get path pull_number ',
    ]);
    expect(where(api.checkRequest('GET', '/repos/o/r/pull-requests/1', none, ''))).toEqual([
      'GET /repos/o/r/pull-requests/1 request ',
    ]);
  });
});

describe('the loopback GitHub server against the description', () => {
  let server: GitHubServer;
  beforeAll(async () => {
    server = await GitHubServer.start();
  });
  afterAll(async () => {
    await server.close();
  });

  it('answers with bodies that conform, and fails the test on a request GitHub would refuse', async () => {
    server.seedComments('octo-org/demo', 7, ['a', { body: 'b', userLogin: 'octo-gate[bot]' }]);
    const get = (path: string) =>
      fetch(`${server.apiUrl}${path}`, { headers: { authorization: 'token t' } });
    expect((await get(`${COMMENTS}?per_page=100`)).status).toBe(200);
    expect(() => server.assertConformant()).not.toThrow();
    expect((await get(`${COMMENTS}?per_page=100&sort=created`)).status).toBe(200);
    expect(() => server.assertConformant()).toThrow(
      `GET ${COMMENTS}?per_page=100&sort=created: issues/list-comments query sort at (root): the operation has no such query parameter`,
    );
    // Each call reports what happened since the last one.
    expect(() => server.assertConformant()).not.toThrow();
  });
});
