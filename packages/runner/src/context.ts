import { readFileSync } from 'node:fs';
import type { Provenance } from '@modelgate/core';
import { provenanceFrom } from './provenance';
import type { EventPayload } from './provenance';

/** What an action knows about the run it is in. */
export interface RunContext {
  readonly env: Readonly<Record<string, string | undefined>>;
  readonly event: EventPayload | undefined;
  readonly eventName: string | undefined;
  /** True inside GitHub Actions (or the e2e harness that imitates it). */
  readonly inActions: boolean;
  provenance(tool: { name: string; version: string }): Provenance;
}

/**
 * Reads the run context from the environment once. The event payload is read from
 * `GITHUB_EVENT_PATH` when it exists; a missing or unreadable payload leaves `event` undefined.
 */
export function loadRunContext(
  env: Readonly<Record<string, string | undefined>> = process.env,
  now: () => Date = () => new Date(),
): RunContext {
  let event: EventPayload | undefined;
  const path = env.GITHUB_EVENT_PATH;
  if (path) {
    try {
      event = JSON.parse(readFileSync(path, 'utf8')) as EventPayload;
    } catch {
      event = undefined;
    }
  }
  return {
    env,
    event,
    eventName: env.GITHUB_EVENT_NAME,
    inActions: env.GITHUB_ACTIONS === 'true',
    provenance: (tool) => provenanceFrom(env, event, now(), tool),
  };
}
