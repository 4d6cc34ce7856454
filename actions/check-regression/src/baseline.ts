import { GitHubApiError, getErrorMessage } from '@modelgate/core';
import type { GitHubClient, RepoRef, RunArtifact, WorkflowRun } from '@modelgate/runner';

/** What to look for: the artifact of a successful run of `workflow` on `branch`. */
export interface BaselineQuery {
  readonly repo: RepoRef;
  readonly workflow: string;
  readonly branch: string;
  readonly artifact: string;
  /** The PR's head sha, to find the merge-base; undefined outside a pull request. */
  readonly headSha: string | undefined;
  /** The current run, never its own baseline. */
  readonly currentRunId: number | undefined;
  readonly maxAgeDays: number | undefined;
  readonly now: Date;
}

export interface FoundBaseline {
  readonly run: WorkflowRun;
  readonly artifact: RunArtifact;
  /** True when the run's commit is the merge-base. */
  readonly exactMergeBase: boolean;
  readonly mergeBase: string | undefined;
  readonly ageDays: number;
}

/** How many runs' artifact lists are read before giving up. */
const MAX_RUNS_CHECKED = 10;
const DAY_MS = 86_400_000;

/**
 * Finds the baseline run: the newest successful run of the workflow on the base branch whose
 * head sha is the PR's merge-base; failing that, the newest successful run on that branch (its
 * commit and age are then shown). A run counts only when it has a live (unexpired) artifact of
 * the name, and is no older than `maxAgeDays`. Returns the run, or undefined with the reasons.
 * GitHub errors other than a failed merge-base lookup propagate (they name the permission).
 */
export async function findBaselineRun(
  github: GitHubClient,
  query: BaselineQuery,
): Promise<{ found: FoundBaseline | undefined; reasons: string[] }> {
  const reasons: string[] = [];
  let mergeBase: string | undefined;
  if (query.headSha !== undefined) {
    try {
      mergeBase = await github.getMergeBase(query.repo, query.branch, query.headSha);
    } catch (err) {
      if (!(err instanceof GitHubApiError)) throw err;
      reasons.push(
        `the merge-base of ${query.branch} and ${query.headSha.slice(0, 12)} could not be found (${getErrorMessage(err)})`,
      );
    }
  }
  const runs = (
    await github.listWorkflowRuns(query.repo, query.workflow, {
      branch: query.branch,
      status: 'success',
      maxRuns: 100,
    })
  ).filter((r) => r.id !== query.currentRunId && r.conclusion !== 'failure');
  if (runs.length === 0) {
    reasons.push(`no successful run of ${query.workflow} on ${query.branch}`);
    return { found: undefined, reasons };
  }
  const byNewest = [...runs].sort((a, b) => Date.parse(b.createdAt) - Date.parse(a.createdAt));
  const exact = mergeBase === undefined ? [] : byNewest.filter((r) => r.headSha === mergeBase);
  if (mergeBase !== undefined && exact.length === 0) {
    reasons.push(
      `no successful run of ${query.workflow} at the merge-base ${mergeBase.slice(0, 12)}`,
    );
  }
  const ordered = [...exact, ...byNewest.filter((r) => !exact.includes(r))];
  let checked = 0;
  for (const run of ordered) {
    const ageDays = (query.now.getTime() - Date.parse(run.createdAt)) / DAY_MS;
    if (query.maxAgeDays !== undefined && ageDays > query.maxAgeDays) {
      reasons.push(
        `run ${run.id} is ${ageDays.toFixed(1)} days old, older than baseline-max-age-days ${query.maxAgeDays}`,
      );
      continue;
    }
    if (checked >= MAX_RUNS_CHECKED) {
      reasons.push(`stopped after checking ${MAX_RUNS_CHECKED} runs`);
      break;
    }
    checked += 1;
    const artifacts = await github.listRunArtifacts(query.repo, run.id);
    const artifact = artifacts.find((a) => a.name === query.artifact && !a.expired);
    if (!artifact) {
      const expired = artifacts.some((a) => a.name === query.artifact && a.expired);
      reasons.push(
        `run ${run.id} has ${expired ? 'only an expired' : 'no'} artifact named ${query.artifact}`,
      );
      continue;
    }
    return {
      found: {
        run,
        artifact,
        exactMergeBase: mergeBase !== undefined && run.headSha === mergeBase,
        mergeBase,
        ageDays,
      },
      reasons,
    };
  }
  return { found: undefined, reasons };
}

/**
 * The workflow file of the current run, from `GITHUB_WORKFLOW_REF`
 * (`owner/repo/.github/workflows/ci.yml@refs/heads/main` → `ci.yml`).
 */
export function currentWorkflowFile(
  env: Readonly<Record<string, string | undefined>>,
): string | undefined {
  const ref = env.GITHUB_WORKFLOW_REF;
  if (!ref) return undefined;
  const path = ref.split('@')[0] ?? '';
  const file = path.slice(path.lastIndexOf('/') + 1);
  return file === '' ? undefined : file;
}
