/**
 * The GitHub REST port: the few calls modelgate makes, behind a narrow interface so that the
 * logic that uses them is tested with a recording fake. The real implementation is
 * {@link createGitHubClient} in `github-client.ts`, over `@actions/github` with retry and
 * throttling; it honours `GITHUB_API_URL`.
 */

/** An owner/name pair. */
export interface RepoRef {
  readonly owner: string;
  readonly repo: string;
}

export interface IssueComment {
  readonly id: number;
  /** The GraphQL node id, needed to minimise a comment. */
  readonly nodeId: string;
  readonly body: string;
  readonly htmlUrl: string;
  readonly userLogin: string | undefined;
  readonly createdAt: string;
  readonly updatedAt: string;
}

export interface WorkflowRun {
  readonly id: number;
  readonly headSha: string;
  readonly headBranch: string | null;
  readonly event: string;
  readonly status: string | null;
  readonly conclusion: string | null;
  readonly createdAt: string;
  readonly htmlUrl: string;
  readonly workflowId: number;
}

export interface RunArtifact {
  readonly id: number;
  readonly name: string;
  readonly sizeInBytes: number;
  readonly expired: boolean;
  readonly createdAt: string | null;
  readonly workflowRunId: number | undefined;
}

export interface PullRequestInfo {
  readonly number: number;
  readonly headSha: string;
  readonly baseRef: string;
  readonly baseSha: string;
  readonly state: string;
  /** True when the head is in another repository (a fork). */
  readonly fromFork: boolean;
}

/** The GitHub calls modelgate makes. Every method throws a `GitHubApiError` on failure. */
export interface GitHubClient {
  /** All comments of an issue or PR, across every page. */
  listIssueComments(repo: RepoRef, issueNumber: number): Promise<IssueComment[]>;
  createIssueComment(repo: RepoRef, issueNumber: number, body: string): Promise<IssueComment>;
  updateIssueComment(repo: RepoRef, commentId: number, body: string): Promise<IssueComment>;
  deleteIssueComment(repo: RepoRef, commentId: number): Promise<void>;
  /** Minimises a comment (GraphQL `minimizeComment`), e.g. as OUTDATED. */
  minimizeComment(nodeId: string, classifier: 'OUTDATED' | 'RESOLVED' | 'DUPLICATE'): Promise<void>;
  getPullRequest(repo: RepoRef, pullNumber: number): Promise<PullRequestInfo>;
  /** The merge-base commit sha of two refs (the compare API's `merge_base_commit`). */
  getMergeBase(repo: RepoRef, base: string, head: string): Promise<string>;
  /**
   * Runs of a workflow (file name like `ci.yml`, or id), newest first, filtered as given.
   * Reads at most `maxRuns` (default 100) across pages.
   */
  listWorkflowRuns(
    repo: RepoRef,
    workflow: string,
    filter: {
      branch?: string;
      status?: string;
      event?: string;
      headSha?: string;
      maxRuns?: number;
    },
  ): Promise<WorkflowRun[]>;
  listRunArtifacts(repo: RepoRef, runId: number): Promise<RunArtifact[]>;
  /**
   * The login of the token's own account, from GraphQL `query { viewer { login } }`:
   * `github-actions[bot]` for the workflow's GITHUB_TOKEN, `<app-slug>[bot]` for a GitHub App
   * installation token, the user's login for a PAT. (REST `GET /user` refuses installation
   * tokens.) Undefined when GitHub does not tell, for any reason; this one never throws.
   */
  viewerLogin(): Promise<string | undefined>;
}
