import type { Clock } from './clock';
import { systemClock } from './clock';

/** Limits how often something may start. */
export interface RateLimiter {
  /** Resolves when one more start is allowed; starts are granted in call order. */
  acquire(signal?: AbortSignal): Promise<void>;
}

/**
 * A token bucket: `ratePerSecond` tokens are added per second, up to `burst` (default 1, so
 * starts are evenly spaced 1/rate apart and any window of T seconds has at most 1 + rate·T).
 * Each `acquire` takes one token, reserving a future one when none is left, so concurrent
 * callers wait in turn without polling. Throws a RangeError for a rate or burst that is not
 * positive.
 */
export function createTokenBucket(options: {
  ratePerSecond: number;
  burst?: number;
  clock?: Clock;
}): RateLimiter {
  const rate = options.ratePerSecond;
  const burst = options.burst ?? 1;
  const clock = options.clock ?? systemClock;
  if (!(rate > 0) || !Number.isFinite(rate))
    throw new RangeError(`rate must be positive; got ${rate}`);
  if (!(burst >= 1)) throw new RangeError(`burst must be 1 or more; got ${burst}`);
  let tokens = burst;
  let last = clock.now();
  return {
    async acquire(signal) {
      const now = clock.now();
      tokens = Math.min(burst, tokens + ((now - last) * rate) / 1000);
      last = now;
      tokens -= 1;
      if (tokens < 0) await clock.sleep((-tokens * 1000) / rate, signal);
    },
  };
}

/** A limiter that never waits, for when no rate limit is set. */
export const unlimited: RateLimiter = { acquire: () => Promise.resolve() };
