/**
 * A loopback server that speaks enough of GitHub's protocols for the REAL `@actions/github` and
 * `@actions/artifact` clients: the REST API (issue comments with `Link` pagination, pulls,
 * compare, workflow runs, run artifacts and the artifact zip redirect), GraphQL
 * `minimizeComment` and `viewer { login }`, the Actions results service (Twirp JSON
 * `ArtifactService`) and the Azure blob storage that its signed URLs point at (block upload,
 * block list commit, single-shot PUT and GET).
 *
 * State is in memory: tests seed it and inspect it directly. Faults can be injected per route
 * (the next N requests fail with a status and headers) and requests can be delayed.
 * Listens on 127.0.0.1 only, on an ephemeral port.
 *
 * The REST bodies are GitHub's own examples from its OpenAPI description with the server's
 * values put in (`github-rest-shapes.ts`), and every REST request and response is checked
 * against that description (`github-openapi.ts`): a departure is recorded as a violation, and
 * {@link GitHubServer.assertConformant} (call it in `afterEach`) fails the test that caused it.
 */
import { createHash, randomBytes, randomUUID } from 'node:crypto';
import { createServer } from 'node:http';
import type { IncomingMessage, Server, ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { formatViolation, gitHubOpenApi } from './github-openapi';
import type { GitHubOpenApi, Violation } from './github-openapi';
import {
  artifactJson,
  comparisonJson,
  issueCommentJson,
  pullRequestJson,
  workflowRunJson,
} from './github-rest-shapes';
import type { ShapeContext } from './github-rest-shapes';

/** The route keys that faults, delays and the request log refer to. */
export const Route = {
  ListComments: 'GET /repos/{owner}/{repo}/issues/{issue_number}/comments',
  CreateComment: 'POST /repos/{owner}/{repo}/issues/{issue_number}/comments',
  UpdateComment: 'PATCH /repos/{owner}/{repo}/issues/comments/{comment_id}',
  DeleteComment: 'DELETE /repos/{owner}/{repo}/issues/comments/{comment_id}',
  GetPull: 'GET /repos/{owner}/{repo}/pulls/{pull_number}',
  Compare: 'GET /repos/{owner}/{repo}/compare/{basehead}',
  ListWorkflowRuns: 'GET /repos/{owner}/{repo}/actions/workflows/{workflow_id}/runs',
  ListRunArtifacts: 'GET /repos/{owner}/{repo}/actions/runs/{run_id}/artifacts',
  DownloadArtifact: 'GET /repos/{owner}/{repo}/actions/artifacts/{artifact_id}/{archive_format}',
  GraphQL: 'POST /graphql',
  CreateArtifact: 'POST /twirp/github.actions.results.api.v1.ArtifactService/CreateArtifact',
  FinalizeArtifact: 'POST /twirp/github.actions.results.api.v1.ArtifactService/FinalizeArtifact',
  ListArtifacts: 'POST /twirp/github.actions.results.api.v1.ArtifactService/ListArtifacts',
  GetSignedArtifactURL:
    'POST /twirp/github.actions.results.api.v1.ArtifactService/GetSignedArtifactURL',
  BlobPut: 'PUT /{account}/{container}/{blob}',
  BlobGet: 'GET /{account}/{container}/{blob}',
} as const;
export type RouteKey = (typeof Route)[keyof typeof Route];

export interface ServerComment {
  readonly id: number;
  readonly nodeId: string;
  readonly repo: string;
  readonly issueNumber: number;
  body: string;
  userLogin: string;
  readonly createdAt: string;
  updatedAt: string;
  minimizedReason: string | undefined;
}

export interface ServerPull {
  readonly number: number;
  readonly state: 'open' | 'closed';
  readonly headSha: string;
  readonly headRef: string;
  /** The head repository's full name; null when the fork was deleted. */
  readonly headRepo: string | null;
  readonly baseSha: string;
  readonly baseRef: string;
}

export interface ServerRun {
  readonly id: number;
  readonly repo: string;
  readonly workflowId: number;
  /** e.g. `.github/workflows/ci.yml`. */
  readonly workflowPath: string;
  readonly headSha: string;
  readonly headBranch: string | null;
  readonly event: string;
  readonly status: string;
  readonly conclusion: string | null;
  readonly createdAt: string;
  /** The results service's ids for the run and its job, as in the runtime token's `scp`. */
  readonly runBackendId: string;
  readonly jobBackendId: string;
}

export interface ServerArtifact {
  readonly id: number;
  readonly name: string;
  readonly runId: number;
  readonly runBackendId: string;
  readonly jobBackendId: string;
  readonly blobKey: string;
  readonly createdAt: string;
  readonly expiresAt: string | undefined;
  /** Set by FinalizeArtifact. */
  finalized: boolean;
  size: number;
  digest: string | undefined;
}

interface StoredBlob {
  bytes: Buffer;
  contentType: string;
}

export interface Fault {
  readonly status: number;
  /** How many requests fail; default 1. */
  readonly times?: number;
  readonly headers?: Record<string, string>;
  /** The error message in the body; a default for the status otherwise. */
  readonly message?: string;
}

export interface RecordedRequest {
  readonly method: string;
  readonly path: string;
  readonly route: RouteKey | undefined;
  readonly status: number;
  /** The REST/GraphQL token, or the runtime token's first characters for Twirp. */
  readonly token: string | undefined;
}

export interface GitHubServerOptions {
  /** Serves the REST API under this prefix, as GHES does with `/api/v3` (GraphQL at `/api/graphql`). */
  readonly pathPrefix?: '' | '/api/v3';
  /** Tokens accepted by REST and GraphQL; any non-empty token when unset. */
  readonly tokens?: readonly string[];
  /**
   * The OpenAPI description that REST traffic is checked against and bodies are made from;
   * api.github.com's by default.
   */
  readonly openApi?: GitHubOpenApi;
}

/** A REST request or response that departs from GitHub's OpenAPI description. */
export interface ConformanceViolation extends Violation {
  /** The request line, e.g. `POST /repos/o/r/issues/1/comments`. */
  readonly request: string;
}

const TWIRP = '/twirp/github.actions.results.api.v1.ArtifactService/';
const BLOB_ACCOUNT = 'modelgateblobs';
const BLOB_CONTAINER = 'actions-results';
const DOCS = 'https://docs.github.com/rest';

class HttpError extends Error {
  constructor(
    readonly status: number,
    message: string,
    readonly headers: Record<string, string> = {},
  ) {
    super(message);
  }
}

/** Mints an unsigned runtime token whose `scp` claim names the results-service backend ids. */
export function mintRuntimeToken(runBackendId: string, jobBackendId: string): string {
  const b64 = (value: object): string => Buffer.from(JSON.stringify(value)).toString('base64url');
  const nowS = Math.floor(Date.now() / 1000);
  const header = b64({ typ: 'JWT', alg: 'none' });
  const payload = b64({
    scp: `Actions.ExampleScope Actions.Results:${runBackendId}:${jobBackendId}`,
    iss: 'https://token.actions.githubusercontent.com',
    aud: 'actions.results',
    nbf: nowS - 60,
    exp: nowS + 6 * 3600,
  });
  return `${header}.${payload}.`;
}

function decodeRuntimeToken(token: string): { runBackendId: string; jobBackendId: string } {
  const payload = token.split('.')[1];
  if (!payload) throw new HttpError(401, 'malformed runtime token');
  let scp: unknown;
  try {
    scp = (JSON.parse(Buffer.from(payload, 'base64url').toString('utf8')) as { scp?: unknown }).scp;
  } catch {
    throw new HttpError(401, 'malformed runtime token');
  }
  if (typeof scp !== 'string') throw new HttpError(401, 'runtime token has no scp claim');
  for (const scope of scp.split(' ')) {
    const parts = scope.split(':');
    if (parts[0] === 'Actions.Results' && parts.length === 3) {
      return { runBackendId: parts[1]!, jobBackendId: parts[2]! };
    }
  }
  throw new HttpError(403, 'runtime token lacks the Actions.Results scope');
}

function readBody(req: IncomingMessage): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => resolve(Buffer.concat(chunks)));
    req.on('error', reject);
  });
}

function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

/** See the module comment. Start one with {@link GitHubServer.start}; close it in `afterAll`. */
export class GitHubServer {
  readonly requests: RecordedRequest[] = [];
  private readonly comments: ServerComment[] = [];
  private readonly pulls = new Map<string, ServerPull>();
  private readonly mergeBases = new Map<string, string>();
  private readonly runs: ServerRun[] = [];
  private readonly artifactList: ServerArtifact[] = [];
  private readonly blobs = new Map<string, StoredBlob>();
  private readonly stagedBlocks = new Map<string, Map<string, Buffer>>();
  private readonly faults = new Map<RouteKey, Fault & { remaining: number }>();
  private readonly delays = new Map<RouteKey | '*', number>();
  private readonly readOnlyTokens = new Set<string>();
  private readonly logins = new Map<string, string>();
  private readonly signature = randomBytes(16).toString('hex');
  private nextId = 1000;
  private readonly prefix: string;
  private readonly tokens: ReadonlySet<string> | undefined;
  private readonly openApi: GitHubOpenApi;
  private readonly violationList: ConformanceViolation[] = [];

  private constructor(
    private readonly server: Server,
    readonly port: number,
    options: GitHubServerOptions,
  ) {
    this.prefix = options.pathPrefix ?? '';
    this.tokens = options.tokens ? new Set(options.tokens) : undefined;
    this.openApi = options.openApi ?? gitHubOpenApi();
  }

  /** Starts a server on 127.0.0.1 and an ephemeral port. */
  static async start(options: GitHubServerOptions = {}): Promise<GitHubServer> {
    const holder: { instance?: GitHubServer } = {};
    const server = createServer((req, res) => {
      void holder.instance!.handle(req, res);
    });
    // Keep-alive sockets of the clients must not hold the test process open.
    server.keepAliveTimeout = 1000;
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const { port } = server.address() as AddressInfo;
    holder.instance = new GitHubServer(server, port, options);
    return holder.instance;
  }

  /** `http://127.0.0.1:<port>`. */
  get origin(): string {
    return `http://127.0.0.1:${this.port}`;
  }
  /** The REST base URL, for `GITHUB_API_URL`. */
  get apiUrl(): string {
    return `${this.origin}${this.prefix}`;
  }
  /** The GraphQL URL as GitHub derives it from the API URL, for `GITHUB_GRAPHQL_URL`. */
  get graphqlUrl(): string {
    return this.prefix === '/api/v3' ? `${this.origin}/api/graphql` : `${this.origin}/graphql`;
  }
  /** For `ACTIONS_RESULTS_URL`. */
  get resultsUrl(): string {
    return `${this.origin}/`;
  }
  /**
   * For `GITHUB_SERVER_URL`. A `*.localhost` host name, because `@actions/artifact` refuses to
   * work on anything it takes for GHES (any host but github.com, *.ghe.com and *.localhost).
   * Nothing fetches this URL.
   */
  get serverUrl(): string {
    return `http://github.localhost:${this.port}`;
  }

  async close(): Promise<void> {
    this.server.closeAllConnections();
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
  }

  // ---- seeding and inspection ------------------------------------------------------------

  /** Adds comments to an issue or PR, oldest first. */
  seedComments(
    repo: string,
    issueNumber: number,
    comments: readonly (string | { body: string; userLogin?: string })[],
  ): ServerComment[] {
    return comments.map((c) =>
      this.addComment(
        repo,
        issueNumber,
        typeof c === 'string' ? c : c.body,
        typeof c === 'string' ? 'someone' : (c.userLogin ?? 'someone'),
      ),
    );
  }

  /** The comments of an issue or PR, oldest first (the live objects). */
  commentsOf(repo: string, issueNumber: number): ServerComment[] {
    return this.comments.filter((c) => c.repo === repo && c.issueNumber === issueNumber);
  }

  addPull(repo: string, pull: ServerPull): void {
    this.pulls.set(`${repo}#${pull.number}`, pull);
  }

  /** What `GET compare/{base}...{head}` answers as `merge_base_commit.sha`. */
  setMergeBase(repo: string, base: string, head: string, sha: string): void {
    this.mergeBases.set(`${repo}:${base}...${head}`, sha);
  }

  /** Adds a workflow run; ids are assigned when not given. */
  addRun(
    repo: string,
    run: Partial<Omit<ServerRun, 'repo' | 'runBackendId' | 'jobBackendId'>> = {},
  ): ServerRun {
    const created: ServerRun = {
      id: run.id ?? this.id(),
      repo,
      workflowId: run.workflowId ?? 161335,
      workflowPath: run.workflowPath ?? '.github/workflows/ci.yml',
      headSha: run.headSha ?? randomBytes(20).toString('hex'),
      headBranch: run.headBranch === undefined ? 'main' : run.headBranch,
      event: run.event ?? 'push',
      status: run.status ?? 'completed',
      conclusion: run.conclusion === undefined ? 'success' : run.conclusion,
      createdAt: run.createdAt ?? new Date().toISOString(),
      runBackendId: randomUUID(),
      jobBackendId: randomUUID(),
    };
    this.runs.push(created);
    return created;
  }

  run(runId: number): ServerRun | undefined {
    return this.runs.find((r) => r.id === runId);
  }

  /**
   * The runtime environment of a job of run `runId` (added to `repo` when unknown):
   * `ACTIONS_RUNTIME_TOKEN` (an unsigned JWT with the run's backend ids) and `ACTIONS_RESULTS_URL`.
   */
  runtimeEnv(
    repo: string,
    runId: number,
  ): { ACTIONS_RUNTIME_TOKEN: string; ACTIONS_RESULTS_URL: string } {
    const run = this.run(runId) ?? this.addRun(repo, { id: runId, status: 'in_progress' });
    return {
      ACTIONS_RUNTIME_TOKEN: mintRuntimeToken(run.runBackendId, run.jobBackendId),
      ACTIONS_RESULTS_URL: this.resultsUrl,
    };
  }

  /** Finalized artifacts, of one run or of all. */
  artifacts(runId?: number): ServerArtifact[] {
    return this.artifactList.filter(
      (a) => a.finalized && (runId === undefined || a.runId === runId),
    );
  }

  /** The stored bytes of an artifact (its zip). */
  artifactBytes(artifact: ServerArtifact): Buffer | undefined {
    return this.blobs.get(artifact.blobKey)?.bytes;
  }

  /**
   * The login of `token`'s account: the author of the comments it creates, and what the GraphQL
   * `viewer { login }` query answers. A token without one is `github-actions[bot]`, the
   * workflow's GITHUB_TOKEN.
   */
  setLogin(token: string, login: string): void {
    this.logins.set(token, login);
  }

  /** The login of `token` (see {@link setLogin}). */
  loginOf(token: string | undefined): string {
    return (token !== undefined && this.logins.get(token)) || 'github-actions[bot]';
  }

  /** Writes with this token get 403 "Resource not accessible by integration", as on fork PRs. */
  makeReadOnly(token: string): void {
    this.readOnlyTokens.add(token);
  }

  /** The next `fault.times` (default 1) requests to `route` fail with `fault.status`. */
  failNext(route: RouteKey, fault: Fault): void {
    this.faults.set(route, { ...fault, remaining: fault.times ?? 1 });
  }

  /** Delays every request to `route` (or to any route, with '*') by `ms`. 0 removes it. */
  delay(route: RouteKey | '*', ms: number): void {
    if (ms > 0) this.delays.set(route, ms);
    else this.delays.delete(route);
  }

  /** The requests made to `route`. */
  requestsTo(route: RouteKey): RecordedRequest[] {
    return this.requests.filter((r) => r.route === route);
  }

  /** Forgets faults, delays and the request log (state stays). */
  resetFaults(): void {
    this.faults.clear();
    this.delays.clear();
    this.requests.length = 0;
  }

  /** The REST requests and responses so far that departed from GitHub's OpenAPI description. */
  get violations(): readonly ConformanceViolation[] {
    return this.violationList;
  }

  /**
   * Throws when a REST request or response since the last call departed from GitHub's OpenAPI
   * description, naming each operation, part and JSON path; forgets them either way. Call it in
   * `afterEach`, so that the test that caused a departure fails.
   */
  assertConformant(): void {
    const found = this.violationList.splice(0);
    if (found.length === 0) return;
    const lines = found.map((v) => `  ${v.request}: ${formatViolation(v)}`);
    throw new Error(
      `The loopback GitHub server departed from GitHub's OpenAPI description ${found.length} time(s):\n${lines.join('\n')}`,
    );
  }

  // ---- dispatch ------------------------------------------------------------------------------

  private id(): number {
    return this.nextId++;
  }

  private async handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const url = new URL(req.url ?? '/', this.origin);
    const method = req.method ?? 'GET';
    const route = this.routeOf(method, url.pathname);
    let status: number;
    let token: string | undefined;
    let body: Buffer = Buffer.alloc(0);
    try {
      body = await readBody(req);
      const wait = (route && this.delays.get(route)) ?? this.delays.get('*');
      if (wait) await sleep(wait);
      token = this.tokenOf(req, route);
      const fault = route ? this.faults.get(route) : undefined;
      if (fault && fault.remaining > 0) {
        fault.remaining -= 1;
        throw new HttpError(fault.status, fault.message ?? defaultMessage(fault.status), {
          ...fault.headers,
        });
      }
      if (!route) throw new HttpError(404, 'Not Found');
      status = this.dispatch(route, method, url, req, body, res, token);
    } catch (err) {
      status = err instanceof HttpError ? err.status : 500;
      const message = err instanceof Error ? err.message : String(err);
      const headers = err instanceof HttpError ? err.headers : {};
      if (route?.startsWith('POST /twirp/')) {
        sendJson(res, status, { code: twirpCode(status), msg: message }, headers);
      } else if (route === Route.BlobGet || route === Route.BlobPut) {
        sendBlobError(res, status, message, headers);
      } else {
        sendJson(
          res,
          status,
          { message, documentation_url: DOCS, status: String(status) },
          headers,
        );
      }
    }
    this.requests.push({ method, path: url.pathname + url.search, route, status, token });
    this.checkConformance(method, url, route, body, status, res);
  }

  /** Checks a REST exchange against GitHub's OpenAPI description; records what departs. */
  private checkConformance(
    method: string,
    url: URL,
    route: RouteKey | undefined,
    body: Buffer,
    status: number,
    res: ServerResponse,
  ): void {
    const graphqlPath = this.prefix === '/api/v3' ? '/api/graphql' : '/graphql';
    if (
      route?.startsWith('POST /twirp/') ||
      route === Route.BlobGet ||
      route === Route.BlobPut ||
      url.pathname === graphqlPath ||
      !url.pathname.startsWith(`${this.prefix}/`)
    ) {
      return;
    }
    const path = url.pathname.slice(this.prefix.length);
    const sent = sentResponses.get(res);
    const request = `${method} ${url.pathname}${url.search}`;
    const found = [
      ...this.openApi.checkRequest(method, path, url.searchParams, body.toString('utf8')),
      ...this.openApi.checkResponse(method, path, status, sent?.body, sent?.headers ?? {}),
    ];
    this.violationList.push(...found.map((v) => ({ ...v, request })));
  }

  private tokenOf(req: IncomingMessage, route: RouteKey | undefined): string | undefined {
    if (route === Route.BlobGet || route === Route.BlobPut) return undefined;
    const auth = req.headers.authorization ?? '';
    const match = /^(?:token|bearer)\s+(\S+)$/i.exec(auth);
    return match?.[1];
  }

  private routeOf(method: string, pathname: string): RouteKey | undefined {
    if (pathname.startsWith(TWIRP) && method === 'POST') {
      const name = pathname.slice(TWIRP.length);
      const key = `POST ${TWIRP}${name}`;
      return (Object.values(Route) as string[]).includes(key) ? (key as RouteKey) : undefined;
    }
    if (pathname.startsWith(`/${BLOB_ACCOUNT}/`)) {
      if (method === 'PUT') return Route.BlobPut;
      if (method === 'GET') return Route.BlobGet;
      return undefined;
    }
    const graphqlPath = this.prefix === '/api/v3' ? '/api/graphql' : '/graphql';
    if (pathname === graphqlPath) return method === 'POST' ? Route.GraphQL : undefined;
    if (!pathname.startsWith(`${this.prefix}/repos/`)) return undefined;
    const rest = pathname.slice(this.prefix.length);
    const table: [string, RegExp, RouteKey][] = [
      ['GET', /^\/repos\/[^/]+\/[^/]+\/issues\/\d+\/comments$/, Route.ListComments],
      ['POST', /^\/repos\/[^/]+\/[^/]+\/issues\/\d+\/comments$/, Route.CreateComment],
      ['PATCH', /^\/repos\/[^/]+\/[^/]+\/issues\/comments\/\d+$/, Route.UpdateComment],
      ['DELETE', /^\/repos\/[^/]+\/[^/]+\/issues\/comments\/\d+$/, Route.DeleteComment],
      ['GET', /^\/repos\/[^/]+\/[^/]+\/pulls\/\d+$/, Route.GetPull],
      ['GET', /^\/repos\/[^/]+\/[^/]+\/compare\/.+$/, Route.Compare],
      ['GET', /^\/repos\/[^/]+\/[^/]+\/actions\/workflows\/[^/]+\/runs$/, Route.ListWorkflowRuns],
      ['GET', /^\/repos\/[^/]+\/[^/]+\/actions\/runs\/\d+\/artifacts$/, Route.ListRunArtifacts],
      ['GET', /^\/repos\/[^/]+\/[^/]+\/actions\/artifacts\/\d+\/[^/]+$/, Route.DownloadArtifact],
    ];
    return table.find(([m, re]) => m === method && re.test(rest))?.[2];
  }

  private checkRestToken(token: string | undefined, write: boolean): void {
    if (!token || (this.tokens && !this.tokens.has(token))) {
      throw new HttpError(401, 'Bad credentials');
    }
    if (write && this.readOnlyTokens.has(token)) {
      throw new HttpError(403, 'Resource not accessible by integration');
    }
  }

  private dispatch(
    route: RouteKey,
    method: string,
    url: URL,
    req: IncomingMessage,
    body: Buffer,
    res: ServerResponse,
    token: string | undefined,
  ): number {
    if (route.startsWith('POST /twirp/')) return this.twirp(route, req, body, res);
    if (route === Route.BlobPut) return this.blobPut(url, req, body, res);
    if (route === Route.BlobGet) return this.blobGet(url, res);
    if (route === Route.GraphQL) {
      this.checkRestToken(token, false);
      return this.graphql(body, res, token!);
    }
    this.checkRestToken(token, method !== 'GET');
    const parts = url.pathname
      .slice(this.prefix.length)
      .split('/')
      .map((p) => decodeURIComponent(p));
    const repo = `${parts[2]}/${parts[3]}`;
    const json = (): Record<string, unknown> => {
      try {
        return JSON.parse(body.toString('utf8') || '{}') as Record<string, unknown>;
      } catch {
        throw new HttpError(400, 'Problems parsing JSON');
      }
    };
    switch (route) {
      case Route.ListComments: {
        const issue = Number(parts[5]);
        const all = this.commentsOf(repo, issue).map((c) => this.commentJson(c));
        return this.sendPage(res, url, all, (items) => items);
      }
      case Route.CreateComment: {
        const text = json().body;
        if (typeof text !== 'string' || text === '') {
          throw new HttpError(422, 'Validation Failed: body is missing');
        }
        if (text.length > 65536) {
          throw new HttpError(
            422,
            'Validation Failed: body is too long (maximum is 65536 characters)',
          );
        }
        const created = this.addComment(repo, Number(parts[5]), text, this.loginOf(token));
        sendJson(res, 201, this.commentJson(created), {
          location: `${this.apiUrl}/repos/${repo}/issues/comments/${created.id}`,
        });
        return 201;
      }
      case Route.UpdateComment: {
        const comment = this.findComment(repo, Number(parts[6]));
        const text = json().body;
        if (typeof text !== 'string' || text === '') {
          throw new HttpError(422, 'Validation Failed: body is missing');
        }
        comment.body = text;
        comment.updatedAt = new Date().toISOString();
        sendJson(res, 200, this.commentJson(comment));
        return 200;
      }
      case Route.DeleteComment: {
        const comment = this.findComment(repo, Number(parts[6]));
        this.comments.splice(this.comments.indexOf(comment), 1);
        res.writeHead(204).end();
        return 204;
      }
      case Route.GetPull: {
        const pull = this.pulls.get(`${repo}#${Number(parts[5])}`);
        if (!pull) throw new HttpError(404, 'Not Found');
        sendJson(res, 200, this.pullJson(repo, pull));
        return 200;
      }
      case Route.Compare: {
        const basehead = parts.slice(5).join('/');
        const sep = basehead.indexOf('...');
        if (sep < 0) throw new HttpError(404, 'Not Found');
        const sha = this.mergeBases.get(`${repo}:${basehead}`);
        if (!sha) throw new HttpError(404, `No common ancestor between ${basehead}.`);
        sendJson(res, 200, comparisonJson(this.shapes, repo, basehead, sha));
        return 200;
      }
      case Route.ListWorkflowRuns:
        return this.listWorkflowRuns(repo, parts[6]!, url, res);
      case Route.ListRunArtifacts: {
        const runId = Number(parts[6]);
        const all = this.artifacts(runId)
          .filter((a) => this.run(a.runId)?.repo === repo)
          .map((a) => this.artifactJson(repo, a));
        return this.sendPage(res, url, all, (items, total) => ({
          total_count: total,
          artifacts: items,
        }));
      }
      case Route.DownloadArtifact: {
        const artifact = this.artifacts().find((a) => a.id === Number(parts[6]));
        if (!artifact || this.run(artifact.runId)?.repo !== repo || parts[7] !== 'zip') {
          throw new HttpError(404, 'Not Found');
        }
        const location = this.signedBlobUrl(artifact.blobKey);
        sentResponses.set(res, { body: undefined, headers: { location } });
        res.writeHead(302, { location }).end();
        return 302;
      }
      default:
        throw new HttpError(404, 'Not Found');
    }
  }

  // ---- REST ----------------------------------------------------------------------------------

  private addComment(repo: string, issueNumber: number, body: string, userLogin: string) {
    const id = this.id();
    const now = new Date().toISOString();
    const comment: ServerComment = {
      id,
      nodeId: `IC_kwDO${Buffer.from(String(id)).toString('base64url')}`,
      repo,
      issueNumber,
      body,
      userLogin,
      createdAt: now,
      updatedAt: now,
      minimizedReason: undefined,
    };
    this.comments.push(comment);
    return comment;
  }

  private findComment(repo: string, id: number): ServerComment {
    const comment = this.comments.find((c) => c.repo === repo && c.id === id);
    if (!comment) throw new HttpError(404, 'Not Found');
    return comment;
  }

  private get shapes(): ShapeContext {
    return { api: this.openApi, apiUrl: this.apiUrl };
  }

  private commentJson(c: ServerComment): Record<string, unknown> {
    return issueCommentJson(this.shapes, c);
  }

  private pullJson(repo: string, p: ServerPull): Record<string, unknown> {
    return pullRequestJson(this.shapes, { ...p, repo });
  }

  private listWorkflowRuns(repo: string, workflow: string, url: URL, res: ServerResponse): number {
    const q = url.searchParams;
    const matchesWorkflow = (r: ServerRun): boolean =>
      String(r.workflowId) === workflow || r.workflowPath.split('/').pop() === workflow;
    if (!this.runs.some((r) => r.repo === repo && matchesWorkflow(r))) {
      throw new HttpError(404, 'Not Found');
    }
    const status = q.get('status');
    const runs = this.runs
      .filter((r) => r.repo === repo && matchesWorkflow(r))
      .filter((r) => !q.get('branch') || r.headBranch === q.get('branch'))
      .filter((r) => !q.get('event') || r.event === q.get('event'))
      .filter((r) => !q.get('head_sha') || r.headSha === q.get('head_sha'))
      .filter((r) => !status || r.status === status || r.conclusion === status)
      .sort((a, b) => b.createdAt.localeCompare(a.createdAt) || b.id - a.id)
      .map((r) => workflowRunJson(this.shapes, r));
    return this.sendPage(res, url, runs, (items, total) => ({
      total_count: total,
      workflow_runs: items,
    }));
  }

  private artifactJson(repo: string, a: ServerArtifact): Record<string, unknown> {
    const run = this.run(a.runId);
    return artifactJson(this.shapes, {
      ...a,
      repo,
      run: { id: a.runId, headBranch: run?.headBranch ?? null, headSha: run?.headSha ?? '' },
    });
  }

  /** Sends one page of `all` with GitHub's `Link` header (`per_page` ≤ 100, default 30). */
  private sendPage(
    res: ServerResponse,
    url: URL,
    all: readonly unknown[],
    wrap: (items: unknown[], total: number) => unknown,
  ): number {
    const perPage = Math.min(
      100,
      Math.max(1, Number(url.searchParams.get('per_page') ?? 30) || 30),
    );
    const page = Math.max(1, Number(url.searchParams.get('page') ?? 1) || 1);
    const lastPage = Math.max(1, Math.ceil(all.length / perPage));
    const items = all.slice((page - 1) * perPage, page * perPage);
    const link = (p: number, rel: string): string => {
      const u = new URL(url.pathname + url.search, this.origin);
      u.searchParams.set('per_page', String(perPage));
      u.searchParams.set('page', String(p));
      return `<${u.href}>; rel="${rel}"`;
    };
    const links: string[] = [];
    if (page > 1) links.push(link(page - 1, 'prev'));
    if (page < lastPage) links.push(link(page + 1, 'next'), link(lastPage, 'last'));
    if (page > 1) links.push(link(1, 'first'));
    sendJson(res, 200, wrap(items, all.length), links.length ? { link: links.join(', ') } : {});
    return 200;
  }

  private graphql(body: Buffer, res: ServerResponse, token: string): number {
    let request: { query?: unknown; variables?: Record<string, unknown> };
    try {
      request = JSON.parse(body.toString('utf8')) as typeof request;
    } catch {
      throw new HttpError(400, 'Problems parsing JSON');
    }
    const query = typeof request.query === 'string' ? request.query : '';
    if (/^\s*(query\s*)?\{\s*viewer\s*\{\s*login\s*\}\s*\}\s*$/.test(query)) {
      sendJson(res, 200, { data: { viewer: { login: this.loginOf(token) } } });
      return 200;
    }
    if (!/\bminimizeComment\b/.test(query)) {
      sendJson(res, 200, {
        errors: [
          { message: 'this loopback server only supports minimizeComment and viewer { login }' },
        ],
      });
      return 200;
    }
    const vars = request.variables ?? {};
    const subjectId = vars.subjectId ?? vars.id;
    const classifier = vars.classifier;
    const comment = this.comments.find((c) => c.nodeId === subjectId);
    if (!comment) {
      sendJson(res, 200, {
        data: { minimizeComment: null },
        errors: [
          {
            type: 'NOT_FOUND',
            path: ['minimizeComment'],
            message: `Could not resolve to a node with the global id of '${String(subjectId)}'`,
          },
        ],
      });
      return 200;
    }
    if (this.readOnlyTokens.has(token)) {
      sendJson(res, 200, {
        data: { minimizeComment: null },
        errors: [
          {
            type: 'FORBIDDEN',
            path: ['minimizeComment'],
            message: 'Resource not accessible by integration',
          },
        ],
      });
      return 200;
    }
    comment.minimizedReason = typeof classifier === 'string' ? classifier : 'OUTDATED';
    sendJson(res, 200, {
      data: {
        minimizeComment: {
          minimizedComment: { isMinimized: true, minimizedReason: comment.minimizedReason },
        },
      },
    });
    return 200;
  }

  // ---- the results service (Twirp JSON) ----------------------------------------------------

  private twirp(route: RouteKey, req: IncomingMessage, body: Buffer, res: ServerResponse): number {
    const auth = /^bearer\s+(\S+)$/i.exec(req.headers.authorization ?? '');
    if (!auth) throw new HttpError(401, 'missing runtime token');
    const ids = decodeRuntimeToken(auth[1]!);
    let request: Record<string, unknown>;
    try {
      request = JSON.parse(body.toString('utf8')) as Record<string, unknown>;
    } catch {
      throw new HttpError(400, 'body is not JSON');
    }
    if (request.workflow_run_backend_id !== ids.runBackendId) {
      throw new HttpError(403, 'workflow_run_backend_id does not match the runtime token');
    }
    const run = this.runs.find((r) => r.runBackendId === ids.runBackendId);
    if (!run) throw new HttpError(404, 'unknown workflow run');
    const name = typeof request.name === 'string' ? request.name : '';
    const inRun = this.artifactList.filter((a) => a.runBackendId === run.runBackendId);
    switch (route) {
      case Route.CreateArtifact: {
        if (request.version !== 7) throw new HttpError(400, 'unsupported artifact version');
        if (inRun.some((a) => a.name === name && a.finalized)) {
          throw new HttpError(409, `an artifact with this name already exists on the workflow run`);
        }
        const id = this.id();
        const artifact: ServerArtifact = {
          id,
          name,
          runId: run.id,
          runBackendId: run.runBackendId,
          jobBackendId: String(request.workflow_job_run_backend_id),
          blobKey: `${run.runBackendId}/${id}.zip`,
          createdAt: new Date().toISOString(),
          expiresAt: typeof request.expires_at === 'string' ? request.expires_at : undefined,
          finalized: false,
          size: 0,
          digest: undefined,
        };
        this.artifactList.push(artifact);
        sendJson(res, 200, { ok: true, signed_upload_url: this.signedBlobUrl(artifact.blobKey) });
        return 200;
      }
      case Route.FinalizeArtifact: {
        const artifact = inRun.filter((a) => a.name === name && !a.finalized).pop();
        if (!artifact) throw new HttpError(404, `no pending artifact named ${name}`);
        const blob = this.blobs.get(artifact.blobKey);
        if (!blob) throw new HttpError(400, 'the artifact was never uploaded');
        const size = Number(request.size);
        if (size !== blob.bytes.length) {
          throw new HttpError(
            400,
            `size ${size} does not match the ${blob.bytes.length} bytes uploaded`,
          );
        }
        const digest = `sha256:${createHash('sha256').update(blob.bytes).digest('hex')}`;
        if (request.hash !== undefined && request.hash !== digest) {
          throw new HttpError(400, `hash ${JSON.stringify(request.hash)} does not match ${digest}`);
        }
        artifact.finalized = true;
        artifact.size = size;
        artifact.digest = digest;
        sendJson(res, 200, { ok: true, artifact_id: String(artifact.id) });
        return 200;
      }
      case Route.ListArtifacts: {
        const nameFilter = request.name_filter;
        const idFilter = request.id_filter;
        const artifacts = inRun
          .filter((a) => a.finalized)
          .filter((a) => nameFilter === undefined || a.name === nameFilter)
          .filter(
            (a) => idFilter === undefined || String(a.id) === String(idFilter as string | number),
          )
          .map((a) => ({
            workflow_run_backend_id: a.runBackendId,
            workflow_job_run_backend_id: a.jobBackendId,
            database_id: String(a.id),
            name: a.name,
            size: String(a.size),
            created_at: a.createdAt,
            ...(a.digest !== undefined && { digest: a.digest }),
          }));
        sendJson(res, 200, { artifacts });
        return 200;
      }
      case Route.GetSignedArtifactURL: {
        const artifact = inRun.find((a) => a.name === name && a.finalized);
        if (!artifact) throw new HttpError(404, `artifact ${name} not found`);
        sendJson(res, 200, { signed_url: this.signedBlobUrl(artifact.blobKey) });
        return 200;
      }
      default:
        throw new HttpError(404, 'unknown method');
    }
  }

  // ---- blob storage ----------------------------------------------------------------------

  private signedBlobUrl(blobKey: string): string {
    const expiry = new Date(Date.now() + 3600_000).toISOString();
    const q = new URLSearchParams({
      sv: '2024-11-04',
      se: expiry,
      sr: 'b',
      sp: 'rcw',
      sig: this.signature,
    });
    return `${this.origin}/${BLOB_ACCOUNT}/${BLOB_CONTAINER}/${blobKey}?${q.toString()}`;
  }

  private blobKeyOf(url: URL): string {
    if (url.searchParams.get('sig') !== this.signature) {
      throw new HttpError(403, 'Server failed to authenticate the request: bad signature');
    }
    const se = url.searchParams.get('se');
    if (!se || Date.parse(se) < Date.now())
      throw new HttpError(403, 'Signed expiry time has passed');
    const prefix = `/${BLOB_ACCOUNT}/${BLOB_CONTAINER}/`;
    if (!url.pathname.startsWith(prefix))
      throw new HttpError(404, 'The specified container does not exist.');
    return url.pathname.slice(prefix.length);
  }

  private blobPut(url: URL, req: IncomingMessage, body: Buffer, res: ServerResponse): number {
    const key = this.blobKeyOf(url);
    if (!this.artifactList.some((a) => a.blobKey === key)) {
      throw new HttpError(404, 'no artifact was created for this blob');
    }
    const comp = url.searchParams.get('comp');
    const headers = { 'x-ms-request-id': randomUUID(), 'x-ms-version': '2024-11-04' };
    if (comp === 'block') {
      const blockId = url.searchParams.get('blockid');
      if (!blockId) throw new HttpError(400, 'blockid is required');
      let staged = this.stagedBlocks.get(key);
      if (!staged) this.stagedBlocks.set(key, (staged = new Map()));
      staged.set(blockId, body);
      res.writeHead(201, { ...headers, 'x-ms-request-server-encrypted': 'true' }).end();
      return 201;
    }
    if (comp === 'blocklist') {
      const staged = this.stagedBlocks.get(key) ?? new Map<string, Buffer>();
      const ids = [
        ...body.toString('utf8').matchAll(/<(?:Latest|Uncommitted|Committed)>([^<]*)<\//g),
      ].map((m) => m[1]!);
      const parts = ids.map((id) => {
        const block = staged.get(id);
        if (!block)
          throw new HttpError(400, `The specified block list is invalid: unknown block ${id}`);
        return block;
      });
      this.storeBlob(key, Buffer.concat(parts), req.headers['x-ms-blob-content-type']);
      this.stagedBlocks.delete(key);
      res
        .writeHead(201, {
          ...headers,
          etag: `"0x${randomBytes(8).toString('hex')}"`,
          'last-modified': new Date().toUTCString(),
        })
        .end();
      return 201;
    }
    if (comp !== null) throw new HttpError(400, `unsupported comp=${comp}`);
    if (req.headers['x-ms-blob-type'] !== 'BlockBlob') {
      throw new HttpError(400, 'x-ms-blob-type must be BlockBlob');
    }
    this.storeBlob(key, body, req.headers['x-ms-blob-content-type'] ?? req.headers['content-type']);
    res
      .writeHead(201, {
        ...headers,
        etag: `"0x${randomBytes(8).toString('hex')}"`,
        'last-modified': new Date().toUTCString(),
      })
      .end();
    return 201;
  }

  private storeBlob(key: string, bytes: Buffer, contentType: string | string[] | undefined): void {
    const type = Array.isArray(contentType) ? contentType[0] : contentType;
    this.blobs.set(key, { bytes, contentType: type ?? 'application/octet-stream' });
  }

  private blobGet(url: URL, res: ServerResponse): number {
    const blob = this.blobs.get(this.blobKeyOf(url));
    if (!blob) throw new HttpError(404, 'The specified blob does not exist.');
    res.writeHead(200, {
      'content-type': blob.contentType,
      'content-length': String(blob.bytes.length),
      'x-ms-blob-type': 'BlockBlob',
    });
    res.end(blob.bytes);
    return 200;
  }
}

/** What was sent on each response, for the conformance check. */
const sentResponses = new WeakMap<
  ServerResponse,
  { body: unknown; headers: Readonly<Record<string, string>> }
>();

function sendJson(
  res: ServerResponse,
  status: number,
  body: unknown,
  headers: Record<string, string> = {},
): void {
  sentResponses.set(res, { body, headers });
  const text = JSON.stringify(body);
  res.writeHead(status, {
    'content-type': 'application/json; charset=utf-8',
    'content-length': String(Buffer.byteLength(text)),
    'x-github-request-id': randomUUID(),
    'x-ratelimit-limit': '5000',
    'x-ratelimit-remaining': '4999',
    'x-ratelimit-reset': String(Math.floor(Date.now() / 1000) + 3600),
    ...headers,
  });
  res.end(text);
}

function sendBlobError(
  res: ServerResponse,
  status: number,
  message: string,
  headers: Record<string, string>,
): void {
  const xml = `<?xml version="1.0" encoding="utf-8"?><Error><Code>${status === 403 ? 'AuthenticationFailed' : 'InvalidOperation'}</Code><Message>${message}</Message></Error>`;
  res.writeHead(status, {
    'content-type': 'application/xml',
    'x-ms-error-code': status === 403 ? 'AuthenticationFailed' : 'InvalidOperation',
    ...headers,
  });
  res.end(xml);
}

function twirpCode(status: number): string {
  const codes: Record<number, string> = {
    400: 'invalid_argument',
    401: 'unauthenticated',
    403: 'permission_denied',
    404: 'not_found',
    409: 'already_exists',
    429: 'resource_exhausted',
    503: 'unavailable',
  };
  return codes[status] ?? 'internal';
}

function defaultMessage(status: number): string {
  const messages: Record<number, string> = {
    401: 'Bad credentials',
    403: 'Resource not accessible by integration',
    404: 'Not Found',
    422: 'Validation Failed',
    429: 'You have exceeded a secondary rate limit. Please wait a few minutes before you try again.',
    500: 'Internal Server Error',
    502: 'Server Error',
    503: 'Service Unavailable',
  };
  return messages[status] ?? `HTTP ${status}`;
}
