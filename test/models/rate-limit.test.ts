import { describe, expect, it } from '@jest/globals';
import { createTokenBucket } from '@modelgate/models';
import { VirtualClock } from '../helpers/virtual-clock';

describe('createTokenBucket', () => {
  it('spaces concurrent starts 1/rate apart with the default burst of 1', async () => {
    const clock = new VirtualClock();
    const bucket = createTokenBucket({ ratePerSecond: 10, clock });
    const startedAt: number[] = [];
    const all = Promise.all(
      Array.from({ length: 5 }, async () => {
        await bucket.acquire();
        startedAt.push(clock.now());
      }),
    );
    await clock.runUntilIdle();
    await all;
    expect(startedAt).toEqual([0, 100, 200, 300, 400]);
  });

  it('lets a burst through at once, then refills at the rate', async () => {
    const clock = new VirtualClock();
    const bucket = createTokenBucket({ ratePerSecond: 2, burst: 3, clock });
    const startedAt: number[] = [];
    const all = Promise.all(
      Array.from({ length: 5 }, async () => {
        await bucket.acquire();
        startedAt.push(clock.now());
      }),
    );
    await clock.runUntilIdle();
    await all;
    expect(startedAt).toEqual([0, 0, 0, 500, 1000]);
  });

  it('does not wait when calls are slower than the rate', async () => {
    const clock = new VirtualClock();
    const bucket = createTokenBucket({ ratePerSecond: 1, clock });
    await bucket.acquire();
    const later = clock.sleep(1500);
    await clock.runUntilIdle();
    await later;
    await bucket.acquire();
    expect(clock.sleeps).toEqual([1500]);
  });

  it.each([0, -1, Number.NaN, Number.POSITIVE_INFINITY])('rejects a rate of %p', (rate) => {
    expect(() => createTokenBucket({ ratePerSecond: rate })).toThrow(RangeError);
  });
});
