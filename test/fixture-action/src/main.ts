import { readdir } from 'node:fs/promises';
import { basename, dirname, join, relative, resolve } from 'node:path';
import { InputError } from '@modelgate/core';
import {
  actionsIO,
  createArtifactStore,
  createGitHubClient,
  loadRunContext,
  runAction,
} from '@modelgate/runner';
import type { ActionsIO, ArtifactStore, GitHubClient, RunContext } from '@modelgate/runner';
import { Output, parseInputs } from './inputs';

/** The fixture action's side effects. */
export interface Deps {
  readonly io: ActionsIO;
  readonly context: RunContext;
  readonly artifacts: ArtifactStore;
  readonly github: (token: string) => GitHubClient;
}

export function defaultDeps(): Deps {
  return {
    io: actionsIO(),
    context: loadRunContext(),
    artifacts: createArtifactStore(),
    github: (token) => createGitHubClient({ token }),
  };
}

/**
 * A test-only action that proves the e2e harness: echo an input to an output and the job
 * summary, and optionally upload a file, download artifacts by pattern, and keep one sticky
 * PR comment (created once, then updated in place).
 */
export async function run(deps: Deps = defaultDeps()): Promise<void> {
  const { io, context } = deps;
  await runAction(io, async () => {
    const inputs = parseInputs(io.getInput);
    const workspace = context.env.GITHUB_WORKSPACE ?? process.cwd();
    const token = () => {
      if (!inputs.githubToken) {
        throw new InputError(
          `Input 'github-token' is required for comments and other runs' artifacts.`,
        );
      }
      return inputs.githubToken;
    };

    io.setOutput(Output.Echo, inputs.message.repeat(inputs.times));

    if (inputs.upload) {
      const file = resolve(workspace, inputs.upload.path);
      const uploaded = await deps.artifacts.upload(inputs.upload.name, [file], dirname(file));
      io.info(
        `Uploaded ${basename(file)} as artifact ${uploaded.name} (id ${uploaded.id}, ${uploaded.size} bytes).`,
      );
      io.setOutput(Output.ArtifactId, uploaded.id);
    }

    if (inputs.download) {
      const dest = inputs.download.dir
        ? resolve(workspace, inputs.download.dir)
        : join(context.env.RUNNER_TEMP ?? workspace, 'downloads');
      const [owner, repo] = (context.env.GITHUB_REPOSITORY ?? '/').split('/');
      const fromRun =
        inputs.download.runId === undefined
          ? undefined
          : { runId: inputs.download.runId, owner: owner!, repo: repo!, token: token() };
      const downloaded = await deps.artifacts.download(inputs.download.pattern, dest, fromRun);
      const listing = await Promise.all(
        downloaded.map(async (a) => ({
          name: a.name,
          id: a.id,
          path: a.path,
          files: await listFiles(a.path),
        })),
      );
      io.setOutput(Output.Downloaded, JSON.stringify(listing));
    }

    if (inputs.comment) {
      const prNumber = context.event?.pull_request?.number;
      if (prNumber === undefined) {
        throw new InputError(
          `Input 'comment-body' needs a pull_request event; this is '${context.eventName ?? 'unknown'}'.`,
        );
      }
      const [owner, repo] = (context.env.GITHUB_REPOSITORY ?? '/').split('/');
      const ref = { owner: owner!, repo: repo! };
      const github = deps.github(token());
      const marker = `<!-- modelgate-fixture:${inputs.comment.marker} -->`;
      const body = `${marker}\n${inputs.comment.body}`;
      const existing = (await github.listIssueComments(ref, prNumber)).find((c) =>
        c.body.includes(marker),
      );
      const comment = existing
        ? await github.updateIssueComment(ref, existing.id, body)
        : await github.createIssueComment(ref, prNumber, body);
      io.setOutput(Output.CommentId, comment.id);
      io.setOutput(Output.CommentAction, existing ? 'updated' : 'created');
    }

    await io.appendSummary(`## fixture\n\n${inputs.message}\n`);
  });
}

async function listFiles(dir: string): Promise<string[]> {
  const entries = await readdir(dir, { recursive: true, withFileTypes: true });
  return entries
    .filter((e) => e.isFile())
    .map((e) => relative(dir, join(e.parentPath, e.name)))
    .sort();
}
