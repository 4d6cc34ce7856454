/**
 * A recording fake of the GitHubClient port for check-regression: workflow runs, their
 * artifacts and merge-bases. Comment calls are not supported (they throw).
 */
import { GitHubApiError } from '@modelgate/core';
import type { GitHubClient, RepoRef, RunArtifact, WorkflowRun } from '@modelgate/runner';

export class RunsGitHub implements GitHubClient {
  readonly calls: { method: string; args: unknown[] }[] = [];
  readonly runs: (WorkflowRun & { workflow: string })[] = [];
  readonly artifacts = new Map<number, RunArtifact[]>();
  mergeBase: string | Error = 'a'.repeat(40);

  /** Adds a successful run of `workflow` on `branch` at `sha`, created at `createdAt`. */
  addRun(
    id: number,
    sha: string,
    createdAt: string,
    artifacts: string[],
    workflow = 'ci.yml',
    branch = 'main',
  ): void {
    this.runs.push({
      id,
      headSha: sha,
      headBranch: branch,
      event: 'push',
      status: 'completed',
      conclusion: 'success',
      createdAt,
      htmlUrl: `https://github.com/octo/weather/actions/runs/${id}`,
      workflowId: 1,
      workflow,
    });
    this.artifacts.set(
      id,
      artifacts.map((name, i) => ({
        id: id * 10 + i,
        name,
        sizeInBytes: 100,
        expired: false,
        createdAt,
        workflowRunId: id,
      })),
    );
  }

  getMergeBase(repo: RepoRef, base: string, head: string): Promise<string> {
    this.calls.push({ method: 'getMergeBase', args: [repo, base, head] });
    if (this.mergeBase instanceof Error) return Promise.reject(this.mergeBase);
    return Promise.resolve(this.mergeBase);
  }
  listWorkflowRuns(
    repo: RepoRef,
    workflow: string,
    filter: { branch?: string; status?: string },
  ): Promise<WorkflowRun[]> {
    this.calls.push({ method: 'listWorkflowRuns', args: [repo, workflow, filter] });
    return Promise.resolve(
      this.runs
        .filter(
          (r) =>
            r.workflow === workflow &&
            (filter.branch === undefined || r.headBranch === filter.branch),
        )
        .sort((a, b) => Date.parse(b.createdAt) - Date.parse(a.createdAt)),
    );
  }
  listRunArtifacts(repo: RepoRef, runId: number): Promise<RunArtifact[]> {
    this.calls.push({ method: 'listRunArtifacts', args: [repo, runId] });
    return Promise.resolve(this.artifacts.get(runId) ?? []);
  }
  private unsupported(): never {
    throw new GitHubApiError('not supported by RunsGitHub', { status: 501 });
  }
  listIssueComments = () => this.unsupported();
  createIssueComment = () => this.unsupported();
  updateIssueComment = () => this.unsupported();
  deleteIssueComment = () => this.unsupported();
  minimizeComment = () => this.unsupported();
  getPullRequest = () => this.unsupported();
  /** As the real client when GitHub does not tell: check-regression never asks. */
  viewerLogin = (): Promise<string | undefined> => Promise.resolve(undefined);
}
