/**
 * A recording, in-memory fake of the GitHubClient port for the pr-summary tests: comments of
 * issues, pull requests, minimised comments. Every call is recorded; the next call of a method
 * can be made to fail; each call yields to the event loop first, so concurrent callers interleave
 * as they would against a real server.
 */
import { GitHubApiError } from '@modelgate/core';
import type {
  GitHubClient,
  IssueComment,
  PullRequestInfo,
  RepoRef,
  RunArtifact,
  WorkflowRun,
} from '@modelgate/runner';

export interface RecordedCall {
  readonly method: keyof GitHubClient;
  readonly args: readonly unknown[];
}

interface StoredComment extends IssueComment {
  issue: string;
  body: string;
  minimized: string | undefined;
}

export class MemoryGitHub implements GitHubClient {
  readonly calls: RecordedCall[] = [];
  private readonly comments: StoredComment[] = [];
  private readonly pulls = new Map<string, PullRequestInfo>();
  private readonly failures = new Map<keyof GitHubClient, GitHubApiError[]>();
  /** The login of the fake's token: the author of the comments it creates, and its viewer. */
  login = 'github-actions[bot]';
  private nextId = 100;
  private clock = Date.parse('2025-06-01T00:00:00Z');

  /** Adds a comment (oldest first) and returns it. */
  seed(
    repo: RepoRef,
    issue: number,
    body: string,
    userLogin = 'github-actions[bot]',
  ): IssueComment {
    const id = this.nextId++;
    const at = new Date((this.clock += 1000)).toISOString();
    const c: StoredComment = {
      id,
      nodeId: `IC_${id}`,
      body,
      htmlUrl: `https://github.com/${repo.owner}/${repo.repo}/pull/${issue}#issuecomment-${id}`,
      userLogin,
      createdAt: at,
      updatedAt: at,
      issue: `${repo.owner}/${repo.repo}#${issue}`,
      minimized: undefined,
    };
    this.comments.push(c);
    return { ...c };
  }

  setPull(
    repo: RepoRef,
    pull: Partial<PullRequestInfo> & { number: number; headSha: string },
  ): void {
    this.pulls.set(`${repo.owner}/${repo.repo}#${pull.number}`, {
      baseRef: 'main',
      baseSha: 'b'.repeat(40),
      state: 'open',
      fromFork: false,
      ...pull,
    });
  }

  /** The live comments of an issue, oldest first. */
  commentsOf(repo: RepoRef, issue: number): (IssueComment & { minimized: string | undefined })[] {
    return this.comments
      .filter((c) => c.issue === `${repo.owner}/${repo.repo}#${issue}`)
      .map((c) => ({ ...c }));
  }

  /** The next call(s) of `method` throw `GitHubApiError` with `status`. */
  failNext(method: keyof GitHubClient, status: number, times = 1): void {
    const list = this.failures.get(method) ?? [];
    for (let i = 0; i < times; i++) {
      list.push(new GitHubApiError(`HTTP ${status} from the fake`, { status }));
    }
    this.failures.set(method, list);
  }

  callsOf(method: keyof GitHubClient): RecordedCall[] {
    return this.calls.filter((c) => c.method === method);
  }

  private async enter(method: keyof GitHubClient, args: readonly unknown[]): Promise<void> {
    this.calls.push({ method, args });
    await new Promise((resolve) => setImmediate(resolve));
    const failure = this.failures.get(method)?.shift();
    if (failure) throw failure;
  }

  private find(id: number): StoredComment {
    const c = this.comments.find((x) => x.id === id);
    if (!c) throw new GitHubApiError(`comment ${id} not found`, { status: 404 });
    return c;
  }

  async listIssueComments(repo: RepoRef, issueNumber: number): Promise<IssueComment[]> {
    await this.enter('listIssueComments', [repo, issueNumber]);
    return this.commentsOf(repo, issueNumber).map(({ minimized: _m, ...c }) => c);
  }
  async createIssueComment(
    repo: RepoRef,
    issueNumber: number,
    body: string,
  ): Promise<IssueComment> {
    await this.enter('createIssueComment', [repo, issueNumber, body]);
    return this.seed(repo, issueNumber, body, this.login);
  }
  async updateIssueComment(_repo: RepoRef, commentId: number, body: string): Promise<IssueComment> {
    await this.enter('updateIssueComment', [_repo, commentId, body]);
    const c = this.find(commentId);
    c.body = body;
    return { ...c };
  }
  async deleteIssueComment(_repo: RepoRef, commentId: number): Promise<void> {
    await this.enter('deleteIssueComment', [_repo, commentId]);
    this.find(commentId);
    this.comments.splice(
      this.comments.findIndex((c) => c.id === commentId),
      1,
    );
  }
  async minimizeComment(
    nodeId: string,
    classifier: 'OUTDATED' | 'RESOLVED' | 'DUPLICATE',
  ): Promise<void> {
    await this.enter('minimizeComment', [nodeId, classifier]);
    const c = this.comments.find((x) => x.nodeId === nodeId);
    if (!c) throw new GitHubApiError(`node ${nodeId} not found`, { status: 404 });
    c.minimized = classifier;
  }
  async getPullRequest(repo: RepoRef, pullNumber: number): Promise<PullRequestInfo> {
    await this.enter('getPullRequest', [repo, pullNumber]);
    const pr = this.pulls.get(`${repo.owner}/${repo.repo}#${pullNumber}`);
    if (!pr) throw new GitHubApiError(`pull ${pullNumber} not found`, { status: 404 });
    return pr;
  }
  async getMergeBase(): Promise<string> {
    await this.enter('getMergeBase', []);
    throw new GitHubApiError('not used by pr-summary', { status: 501 });
  }
  async listWorkflowRuns(): Promise<WorkflowRun[]> {
    await this.enter('listWorkflowRuns', []);
    return [];
  }
  async listRunArtifacts(): Promise<RunArtifact[]> {
    await this.enter('listRunArtifacts', []);
    return [];
  }
  /** `login`; undefined after `failNext('viewerLogin', …)`, as the real client never throws here. */
  async viewerLogin(): Promise<string | undefined> {
    try {
      await this.enter('viewerLogin', []);
      return this.login;
    } catch {
      return undefined;
    }
  }
}
