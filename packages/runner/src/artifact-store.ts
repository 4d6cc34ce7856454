import { mkdir } from 'node:fs/promises';
import { basename, join } from 'node:path';
import type { Artifact, ArtifactClient, FindOptions } from '@actions/artifact';
import { GitHubApiError, getErrorMessage } from '@modelgate/core';
import type { ArtifactStore, DownloadedArtifact, OtherRun, UploadedArtifact } from './artifacts';

/**
 * The real {@link ArtifactStore} over `@actions/artifact` (v2+ protocol: the Actions results
 * service and blob storage). `env` is read for `available()`; the artifact client itself reads
 * `ACTIONS_RUNTIME_TOKEN`, `ACTIONS_RESULTS_URL`, `GITHUB_API_URL` and `GITHUB_SERVER_URL` from
 * the process environment, as in every action. `client` is for tests. `@actions/artifact` (3.7 MB
 * bundled: Azure blob storage, archiver, protobuf) is imported at the first upload or download,
 * not at start, which saves ~0.1 s of every action's start.
 *
 * Failures are thrown as `GitHubApiError`s that say what failed and what to do.
 */
export function createArtifactStore(
  env: Readonly<Record<string, string | undefined>> = process.env,
  client?: ArtifactClient,
): ArtifactStore {
  let made: Promise<ArtifactClient> | undefined;
  const artifactClient = (): Promise<ArtifactClient> =>
    (made ??=
      client !== undefined
        ? Promise.resolve(client)
        : import('@actions/artifact').then((m) => new m.DefaultArtifactClient()));
  const available = (): boolean => Boolean(env.ACTIONS_RUNTIME_TOKEN && env.ACTIONS_RESULTS_URL);
  const requireRuntime = (what: string): void => {
    if (!available()) {
      throw new GitHubApiError(`Cannot ${what}: the Actions artifact runtime is not available.`, {
        hint: 'Artifacts work only inside a GitHub Actions job (ACTIONS_RUNTIME_TOKEN and ACTIONS_RESULTS_URL are set there); outside Actions, pass report files by path instead.',
      });
    }
  };

  return {
    available,

    async upload(name, files, rootDir, options = {}): Promise<UploadedArtifact> {
      requireRuntime(`upload artifact '${name}'`);
      try {
        const result = await (
          await artifactClient()
        ).uploadArtifact(name, [...files], rootDir, {
          ...(options.retentionDays !== undefined && { retentionDays: options.retentionDays }),
        });
        if (result.id === undefined) throw new Error('the service returned no artifact id');
        return { id: result.id, name, size: result.size ?? 0 };
      } catch (err) {
        throw new GitHubApiError(`Could not upload artifact '${name}': ${getErrorMessage(err)}`, {
          hint: /already exists/i.test(getErrorMessage(err))
            ? 'Artifact names are unique within a run: give each job or matrix leg its own name (e.g. add ${{ strategy.job-index }}).'
            : 'Re-run the job; if it persists, check https://www.githubstatus.com.',
          cause: err,
        });
      }
    },

    async download(pattern, destDir, fromRun): Promise<DownloadedArtifact[]> {
      const where = fromRun
        ? `run ${fromRun.runId} of ${fromRun.owner}/${fromRun.repo}`
        : 'this run';
      if (!fromRun) requireRuntime(`download artifacts '${pattern}' from ${where}`);
      const findBy = fromRun ? findOptions(fromRun) : undefined;
      let listed: Artifact[];
      try {
        const { artifacts } = await (
          await artifactClient()
        ).listArtifacts({ latest: true, ...findBy });
        listed = artifacts;
      } catch (err) {
        throw new GitHubApiError(
          `Could not list the artifacts of ${where}: ${getErrorMessage(err)}`,
          {
            hint: fromRun
              ? 'The token needs `actions: read` on that repository, and the run must still have its artifacts (they expire).'
              : 'Re-run the job; if it persists, check https://www.githubstatus.com.',
            cause: err,
          },
        );
      }
      const matches = matcher(pattern);
      const wanted = listed
        .filter((a) => matches(a.name))
        .sort((a, b) => a.name.localeCompare(b.name));
      const out: DownloadedArtifact[] = [];
      for (const artifact of wanted) {
        // Names come from the service; never let one climb out of destDir.
        if (basename(artifact.name) !== artifact.name || artifact.name.startsWith('.')) {
          throw new GitHubApiError(
            `Refusing to download artifact with unsafe name '${artifact.name}'.`,
          );
        }
        const path = join(destDir, artifact.name);
        await mkdir(path, { recursive: true });
        let digestMismatch: boolean | undefined;
        try {
          ({ digestMismatch } = await (
            await artifactClient()
          ).downloadArtifact(artifact.id, {
            path,
            ...(artifact.digest !== undefined && { expectedHash: artifact.digest }),
            ...findBy,
          }));
        } catch (err) {
          throw new GitHubApiError(
            `Could not download artifact '${artifact.name}' (id ${artifact.id}) from ${where}: ${getErrorMessage(err)}`,
            {
              hint: fromRun
                ? 'The token needs `actions: read` on that repository.'
                : 'Re-run the job; if it persists, check https://www.githubstatus.com.',
              cause: err,
            },
          );
        }
        if (digestMismatch) {
          throw new GitHubApiError(
            `Artifact '${artifact.name}' (id ${artifact.id}) from ${where} does not match its recorded sha256 digest.`,
            { hint: 'The download was corrupted; re-run the job.' },
          );
        }
        out.push({ name: artifact.name, id: artifact.id, path });
      }
      return out;
    },
  };
}

function findOptions(run: OtherRun): FindOptions {
  return {
    findBy: {
      token: run.token,
      workflowRunId: run.runId,
      repositoryOwner: run.owner,
      repositoryName: run.repo,
    },
  };
}

/**
 * A matcher for an artifact name pattern: `*` is any run of characters, `?` one character,
 * `[abc]` a class; anything else matches itself. A pattern without wildcards is an exact name.
 */
export function artifactNameMatcher(pattern: string): (name: string) => boolean {
  return matcher(pattern);
}

function matcher(pattern: string): (name: string) => boolean {
  if (!/[*?[]/.test(pattern)) return (name) => name === pattern;
  let source = '';
  for (let i = 0; i < pattern.length; i++) {
    const ch = pattern[i]!;
    if (ch === '*') source += '.*';
    else if (ch === '?') source += '.';
    else if (ch === '[') {
      const end = pattern.indexOf(']', i + 1);
      if (end < 0) {
        source += '\\[';
      } else {
        const body = pattern.slice(i + 1, end).replace(/\\/g, '\\\\');
        source += `[${body.startsWith('!') ? `^${body.slice(1)}` : body}]`;
        i = end;
      }
    } else source += ch.replace(/[.+^${}()|\\\]]/g, '\\$&');
  }
  const re = new RegExp(`^${source}$`);
  return (name) => re.test(name);
}
