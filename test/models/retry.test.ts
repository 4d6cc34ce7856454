import { describe, expect, it } from '@jest/globals';
import {
  HttpStatusError,
  TimeoutError,
  backoffDelayMs,
  httpRetryDecision,
  parseRetryAfter,
  withRetry,
} from '@modelgate/models';
import { VirtualClock, sequenceRng } from '../helpers/virtual-clock';

function failing(errors: Error[], value = 'ok') {
  const calls: number[] = [];
  return {
    calls,
    fn: (attempt: number) => {
      calls.push(attempt);
      const err = errors[attempt];
      return err === undefined ? Promise.resolve(value) : Promise.reject(err);
    },
  };
}

async function run<T>(clock: VirtualClock, promise: Promise<T>): Promise<T> {
  await clock.runUntilIdle();
  return promise;
}

describe('withRetry', () => {
  it('retries a 500 then succeeds, with full-jitter exponential backoff', async () => {
    const clock = new VirtualClock();
    const { fn, calls } = failing([new HttpStatusError(500, ''), new HttpStatusError(502, '')]);
    const result = await run(
      clock,
      withRetry(fn, { retries: 3, baseDelayMs: 100, clock, rng: sequenceRng([0.5]) }),
    );
    expect(result).toEqual({ value: 'ok', attempts: 3 });
    expect(calls).toEqual([0, 1, 2]);
    expect(clock.sleeps).toEqual([50, 100]); // 0.5 × 100·2^0, 0.5 × 100·2^1
  });

  it('waits exactly the Retry-After of a 429 and a 503 instead of the backoff', async () => {
    const clock = new VirtualClock();
    const { fn } = failing([new HttpStatusError(429, '', 2000), new HttpStatusError(503, '', 0)]);
    await run(clock, withRetry(fn, { retries: 2, clock, rng: () => 0.99 }));
    expect(clock.sleeps).toEqual([2000, 0]);
  });

  it('caps a very long Retry-After', async () => {
    const clock = new VirtualClock();
    const { fn } = failing([new HttpStatusError(429, '', 3_600_000)]);
    await run(clock, withRetry(fn, { retries: 1, clock, maxRetryAfterMs: 5000 }));
    expect(clock.sleeps).toEqual([5000]);
  });

  it('does not retry a 4xx other than 408 and 429, and records the attempts', async () => {
    const clock = new VirtualClock();
    const { fn, calls } = failing([new HttpStatusError(400, 'bad request')]);
    const err = await withRetry(fn, { retries: 5, clock }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(HttpStatusError);
    expect((err as { attempts: number }).attempts).toBe(1);
    expect(calls).toEqual([0]);
  });

  it('gives up after `retries` retries and rethrows the last error', async () => {
    const clock = new VirtualClock();
    const { fn, calls } = failing([
      new HttpStatusError(500, 'a'),
      new HttpStatusError(500, 'b'),
      new HttpStatusError(500, 'c'),
    ]);
    const promise = withRetry(fn, { retries: 2, clock, rng: () => 0 }).catch((e: unknown) => e);
    await clock.runUntilIdle();
    const err = await promise;
    expect((err as Error).message).toBe('HTTP 500: c');
    expect((err as { attempts: number }).attempts).toBe(3);
    expect(calls).toEqual([0, 1, 2]);
  });

  it('reports each retry to onRetry', async () => {
    const clock = new VirtualClock();
    const seen: number[] = [];
    const { fn } = failing([new TimeoutError(100)]);
    await run(
      clock,
      withRetry(fn, { retries: 1, clock, rng: () => 0, onRetry: (i) => seen.push(i.attempt) }),
    );
    expect(seen).toEqual([1]);
  });
});

describe('httpRetryDecision', () => {
  it.each([
    [new HttpStatusError(500, ''), true],
    [new HttpStatusError(503, ''), true],
    [new HttpStatusError(408, ''), true],
    [new HttpStatusError(429, ''), true],
    [new HttpStatusError(400, ''), false],
    [new HttpStatusError(401, ''), false],
    [new HttpStatusError(404, ''), false],
    [new TimeoutError(10), true],
    [new TypeError('fetch failed'), true],
    [new Error('bad response path'), false],
  ])('%p → retry %p', (err, retry) => {
    expect(httpRetryDecision(err).retry).toBe(retry);
  });
});

describe('parseRetryAfter', () => {
  const now = Date.parse('2025-01-01T00:00:00Z');
  it.each([
    ['3', 3000],
    ['0', 0],
    ['1.5', 1500],
    ['Wed, 01 Jan 2025 00:00:10 GMT', 10_000],
    ['Tue, 31 Dec 2024 23:59:00 GMT', 0],
    ['soon', undefined],
    [null, undefined],
  ])('%p → %p ms', (header, ms) => {
    expect(parseRetryAfter(header, now)).toBe(ms);
  });
});

describe('backoffDelayMs', () => {
  it('is uniform below min(max, base·2^attempt)', () => {
    expect(backoffDelayMs(0, 100, 1000, () => 0.999)).toBeCloseTo(99.9);
    expect(backoffDelayMs(10, 100, 1000, () => 0.5)).toBe(500);
  });
});
