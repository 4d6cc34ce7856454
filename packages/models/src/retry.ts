import type { Clock, Rng } from './clock';
import { systemClock } from './clock';

/**
 * Retries with exponential backoff and full jitter (AWS's "full jitter": a uniform delay in
 * [0, min(max, base·2^attempt))), honouring a server's Retry-After. Generic over the call; the
 * HTTP classification ({@link HttpStatusError}, {@link httpRetryDecision}) is shared by the
 * JSON-endpoint and OpenAI-compatible clients.
 */

export interface RetryOptions {
  /** Retries after the first attempt; 0 disables retrying. */
  readonly retries: number;
  /** The backoff base in ms (default 250). */
  readonly baseDelayMs?: number;
  /** The cap on one backoff delay in ms (default 10,000). */
  readonly maxDelayMs?: number;
  /** The cap on a server's Retry-After in ms (default 60,000); longer waits are cut to it. */
  readonly maxRetryAfterMs?: number;
  readonly clock?: Clock;
  readonly rng?: Rng;
  readonly signal?: AbortSignal;
  /** Whether an error is worth retrying and, when the server said so, after how long. */
  readonly decide?: (err: unknown) => RetryDecision;
  /** Called before each wait, e.g. to log or count retries. */
  readonly onRetry?: (info: { attempt: number; delayMs: number; error: unknown }) => void;
}

export interface RetryDecision {
  readonly retry: boolean;
  /** The server's requested wait (Retry-After), which replaces the backoff delay. */
  readonly afterMs?: number;
}

/** What a retried call returned, with how many attempts it took. */
export interface RetryResult<T> {
  readonly value: T;
  readonly attempts: number;
}

/**
 * Calls `fn(attempt)` (attempt 0, 1, …) until it resolves, the decision says not to retry, or
 * `retries` retries are spent; then rethrows the last error, with `attempts` set on it when it
 * is an object. Default decision: {@link httpRetryDecision}.
 */
export async function withRetry<T>(
  fn: (attempt: number) => Promise<T>,
  options: RetryOptions,
): Promise<RetryResult<T>> {
  const clock = options.clock ?? systemClock;
  const rng = options.rng ?? Math.random;
  const base = options.baseDelayMs ?? 250;
  const max = options.maxDelayMs ?? 10_000;
  const maxRetryAfter = options.maxRetryAfterMs ?? 60_000;
  const decide = options.decide ?? httpRetryDecision;
  for (let attempt = 0; ; attempt++) {
    try {
      return { value: await fn(attempt), attempts: attempt + 1 };
    } catch (err) {
      const decision = decide(err);
      if (!decision.retry || attempt >= options.retries || options.signal?.aborted) {
        if (typeof err === 'object' && err !== null)
          (err as { attempts?: number }).attempts = attempt + 1;
        throw err;
      }
      const delayMs =
        decision.afterMs !== undefined
          ? Math.min(Math.max(0, decision.afterMs), maxRetryAfter)
          : backoffDelayMs(attempt, base, max, rng);
      options.onRetry?.({ attempt: attempt + 1, delayMs, error: err });
      await clock.sleep(delayMs, options.signal);
    }
  }
}

/** Full-jitter backoff for retry `attempt` (0-based): uniform in [0, min(max, base·2^attempt)). */
export function backoffDelayMs(attempt: number, baseMs: number, maxMs: number, rng: Rng): number {
  return rng() * Math.min(maxMs, baseMs * 2 ** attempt);
}

/**
 * Parses a Retry-After header: delay-seconds (`120`) or an HTTP date, relative to `nowMs` (epoch
 * ms). Undefined when absent or unreadable; a date in the past gives 0.
 */
export function parseRetryAfter(
  value: string | null | undefined,
  nowMs: number,
): number | undefined {
  if (value === null || value === undefined) return undefined;
  const text = value.trim();
  if (/^\d+(\.\d+)?$/.test(text)) return Number(text) * 1000;
  const at = Date.parse(text);
  if (Number.isNaN(at)) return undefined;
  return Math.max(0, at - nowMs);
}

/** An HTTP response with a failing status, with the server's Retry-After in ms when given. */
export class HttpStatusError extends Error {
  readonly status: number;
  readonly retryAfterMs: number | undefined;
  /** The start of the response body, for messages. */
  readonly bodySnippet: string;

  constructor(status: number, bodySnippet: string, retryAfterMs?: number) {
    super(`HTTP ${status}${bodySnippet ? `: ${bodySnippet}` : ''}`);
    this.name = 'HttpStatusError';
    this.status = status;
    this.bodySnippet = bodySnippet;
    this.retryAfterMs = retryAfterMs;
  }
}

/** A call that took longer than its time limit. */
export class TimeoutError extends Error {
  constructor(readonly timeoutMs: number) {
    super(`timed out after ${timeoutMs} ms`);
    this.name = 'TimeoutError';
  }
}

/**
 * The HTTP retry policy: retry 408, 429 and 5xx (honouring Retry-After on 429 and 503), timeouts
 * and network errors (fetch's TypeError); never other 4xx, which the next attempt would repeat.
 */
export function httpRetryDecision(err: unknown): RetryDecision {
  if (err instanceof HttpStatusError) {
    const status = err.status;
    if (status === 429 || status === 503) {
      return err.retryAfterMs === undefined
        ? { retry: true }
        : { retry: true, afterMs: err.retryAfterMs };
    }
    return { retry: status === 408 || status >= 500 };
  }
  if (err instanceof TimeoutError) return { retry: true };
  if (isNetworkError(err)) return { retry: true };
  return { retry: false };
}

/**
 * True for fetch's network failure: a TypeError ("fetch failed") for refused connections,
 * resets and DNS. Checked by name, since the error may come from another realm (a VM context).
 */
export function isNetworkError(err: unknown): boolean {
  return (
    typeof err === 'object' && err !== null && (err as { name?: unknown }).name === 'TypeError'
  );
}
