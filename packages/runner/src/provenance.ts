import type { Provenance } from '@modelgate/core';

/** The subset of a GitHub event payload that provenance reads. */
export interface EventPayload {
  readonly pull_request?: {
    readonly number?: number;
    readonly head?: { readonly sha?: string; readonly ref?: string };
    readonly base?: { readonly sha?: string; readonly ref?: string };
  };
  readonly workflow_run?: { readonly head_sha?: string; readonly id?: number };
}

/**
 * Provenance from the runner's environment and event payload. Pure: the caller passes `env`,
 * the parsed event and the time. Fields the environment lacks are left out.
 */
export function provenanceFrom(
  env: Readonly<Record<string, string | undefined>>,
  event: EventPayload | undefined,
  now: Date,
  tool: { name: string; version: string },
): Provenance {
  const num = (value: string | undefined): number | undefined => {
    if (value === undefined || value === '') return undefined;
    const n = Number(value);
    return Number.isInteger(n) ? n : undefined;
  };
  const pr = event?.pull_request;
  const entries: Partial<Provenance> = {
    repository: env.GITHUB_REPOSITORY,
    sha: env.GITHUB_SHA,
    ref: env.GITHUB_REF,
    workflow: env.GITHUB_WORKFLOW,
    runId: num(env.GITHUB_RUN_ID),
    runAttempt: num(env.GITHUB_RUN_ATTEMPT),
    job: env.GITHUB_JOB,
    prNumber: pr?.number,
    headSha: pr?.head?.sha,
    baseRef: pr?.base?.ref,
    baseSha: pr?.base?.sha,
    serverUrl: env.GITHUB_SERVER_URL,
  };
  const out: Record<string, unknown> = { time: now.toISOString(), tool };
  for (const [key, value] of Object.entries(entries)) {
    if (value !== undefined && value !== '') out[key] = value;
  }
  return out as Provenance;
}
