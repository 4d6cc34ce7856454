import { existsSync, rmSync } from 'node:fs';
import { constants } from 'node:os';

/**
 * What a step does when the runner cancels it. On a cancelled job, or a step past its
 * `timeout-minutes`, the runner sends SIGINT, then SIGTERM 7.5 s later, then kills the process
 * 2.5 s after that. Node's default for either signal is to die on the spot: a report or JSONL
 * half-written under its temporary name stays beside the target, and nothing says why the step
 * stopped.
 *
 * {@link runAction} installs {@link handleCancellation} around every action's body, so all five
 * actions behave alike. On the first SIGINT or SIGTERM it, synchronously and in this order:
 *
 * 1. runs the registered cancel hooks ({@link onCancel}, e.g. killing a child process);
 * 2. removes every temporary path still registered ({@link trackTemporaryPath}): the
 *    `*.tmp` files of atomic writes (the per-example JSONL being written by a worker thread
 *    included: the worker writes through a descriptor, so once the name is gone nothing can
 *    bring it back) and temporary folders (downloaded baselines);
 * 3. prints one line, `The step was cancelled by SIGTERM: …`;
 * 4. exits with 128 + the signal's number (130 for SIGINT, 143 for SIGTERM).
 *
 * Exiting there and then stops everything in flight: the sockets of model requests and uploads
 * close with the process, worker threads end with it. A final file is only ever renamed into
 * place once complete, so a cancelled step leaves either the whole report or none, never half.
 *
 * The exit code: any non-zero code fails a step and a cancelled job is marked cancelled by the
 * runner whatever the code, so the runner does not need a particular one. 128 + n is what a shell
 * and the runner report for a process killed by signal n (what these steps exited with before),
 * so a wrapper script can still tell a cancellation from a failure (exit 1).
 */

const temporaryPaths = new Set<string>();
const hooks = new Set<() => void>();
/** Above this many registered paths, those already gone (renamed or removed) are forgotten. */
const PRUNE_AT = 1024;
let pruneAt = PRUNE_AT;

/**
 * Registers a temporary file or folder to be removed if the step is cancelled; returns `path`.
 * A path that is later renamed or removed needs no unregistering: removing a missing path does
 * nothing, and the register forgets missing paths as it grows.
 */
export function trackTemporaryPath(path: string): string {
  temporaryPaths.add(path);
  if (temporaryPaths.size >= pruneAt) {
    for (const p of temporaryPaths) if (!existsSync(p)) temporaryPaths.delete(p);
    pruneAt = Math.max(PRUNE_AT, temporaryPaths.size * 2);
  }
  return path;
}

/**
 * Registers a synchronous hook run when the step is cancelled, before the temporary paths are
 * removed (e.g. to kill a child process). Returns the function that unregisters it. A hook that
 * throws is skipped.
 */
export function onCancel(hook: () => void): () => void {
  hooks.add(hook);
  return () => {
    hooks.delete(hook);
  };
}

/** The signals the runner sends to cancel a step. */
export const CANCEL_SIGNALS = ['SIGINT', 'SIGTERM'] as const;
export type CancelSignal = (typeof CANCEL_SIGNALS)[number];

/** Where the cancellation writes its line and how it exits; the process's by default. */
export interface CancelEffects {
  readonly writeLine: (line: string) => void;
  readonly exit: (code: number) => void;
}

const processEffects: CancelEffects = {
  writeLine: (line) => process.stdout.write(`${line}\n`),
  exit: (code) => process.exit(code),
};

/** The exit code of a step cancelled by `signal`: 128 + its number (130, 143). */
export function cancelExitCode(signal: CancelSignal): number {
  return 128 + constants.signals[signal];
}

/**
 * Cancels the step now, as described in the module comment: hooks, temporary paths, one line,
 * exit. Exported for tests, which pass their own effects; the signal handlers call it.
 */
export function cancelStep(signal: CancelSignal, effects: CancelEffects = processEffects): void {
  for (const hook of [...hooks]) {
    try {
      hook();
    } catch {
      // A hook that fails must not keep the files from being removed.
    }
  }
  let removed = 0;
  for (const path of temporaryPaths) {
    try {
      if (existsSync(path)) removed++;
      rmSync(path, { recursive: true, force: true });
    } catch {
      // Best effort: the next path still gets its chance.
    }
  }
  temporaryPaths.clear();
  effects.writeLine(
    `The step was cancelled by ${signal}: it stopped before finishing and left no partial report${removed > 0 ? ` (${removed} temporary file${removed === 1 ? '' : 's'} removed)` : ''}.`,
  );
  effects.exit(cancelExitCode(signal));
}

/**
 * Handles SIGINT and SIGTERM with {@link cancelStep} until the returned function is called. The
 * first signal cancels; a later one (the runner's SIGTERM after its SIGINT) finds the step
 * already leaving.
 */
export function handleCancellation(effects: CancelEffects = processEffects): () => void {
  let cancelled = false;
  const handlers = CANCEL_SIGNALS.map((signal) => {
    const handler = (): void => {
      if (cancelled) return;
      cancelled = true;
      cancelStep(signal, effects);
    };
    process.on(signal, handler);
    return [signal, handler] as const;
  });
  return () => {
    for (const [signal, handler] of handlers) process.off(signal, handler);
  };
}
