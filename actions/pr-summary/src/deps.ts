import {
  actionsIO,
  createArtifactStore,
  createGitHubClient,
  loadRunContext,
} from '@modelgate/runner';
import type { Deps } from './main';

/** The real runner, GitHub API and artifact service, made when the action starts. */
export function defaultDeps(): Deps {
  const io = actionsIO();
  return {
    io,
    context: loadRunContext(),
    github: (token) =>
      createGitHubClient({ token, log: (m) => io.info(m), debug: (m) => io.debug(m) }),
    artifacts: () => createArtifactStore(),
    now: () => new Date(),
  };
}
