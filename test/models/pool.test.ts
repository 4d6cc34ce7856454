import { describe, expect, it } from '@jest/globals';
import { mapPool, runPool } from '@modelgate/models';

const tick = (ms: number) => new Promise((r) => setTimeout(r, ms));

describe('runPool', () => {
  it('never has more than `concurrency` tasks in flight and runs every index once', async () => {
    let inFlight = 0;
    let peak = 0;
    const seen: number[] = [];
    const outcome = await runPool(25, { concurrency: 4 }, async (i) => {
      inFlight++;
      peak = Math.max(peak, inFlight);
      await tick(i % 3);
      seen.push(i);
      inFlight--;
    });
    expect(outcome.started).toBe(25);
    expect(peak).toBe(4);
    expect([...seen].sort((a, b) => a - b)).toEqual([...Array(25).keys()]);
  });

  it('stops starting tasks after the first error, awaits those in flight, and rethrows it', async () => {
    const finished: number[] = [];
    await expect(
      runPool(100, { concurrency: 3 }, async (i) => {
        await tick(1);
        if (i === 4) throw new Error('boom at 4');
        finished.push(i);
      }),
    ).rejects.toThrow('boom at 4');
    expect(finished.length).toBeLessThan(10);
  });

  it('starts nothing more once the signal aborts', async () => {
    const controller = new AbortController();
    const outcome = await runPool(50, { concurrency: 2, signal: controller.signal }, async (i) => {
      if (i === 5) controller.abort();
      await tick(0);
    });
    expect(outcome.started).toBeLessThanOrEqual(7);
  });

  it('handles zero tasks and rejects a concurrency below 1', async () => {
    await expect(runPool(0, { concurrency: 8 }, () => Promise.resolve())).resolves.toEqual({
      started: 0,
    });
    await expect(runPool(3, { concurrency: 0 }, () => Promise.resolve())).rejects.toThrow(
      RangeError,
    );
  });
});

describe('mapPool', () => {
  it('keeps input order whatever the completion order', async () => {
    const out = await mapPool([30, 1, 20, 2, 10], 5, async (ms, i) => {
      await tick(ms);
      return `${i}:${ms}`;
    });
    expect(out).toEqual(['0:30', '1:1', '2:20', '3:2', '4:10']);
  });
});
