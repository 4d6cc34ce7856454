import type { Clock } from '@modelgate/models';

/**
 * A virtual clock for the model clients: `sleep` waits on virtual time, which only moves when
 * the test calls `advance` or `runUntilIdle`. Every sleep is recorded.
 */
export class VirtualClock implements Clock {
  private time = 0;
  private timers: { at: number; resolve: () => void }[] = [];
  readonly sleeps: number[] = [];

  now = (): number => this.time;

  sleep = (ms: number): Promise<void> => {
    this.sleeps.push(ms);
    if (ms <= 0) return Promise.resolve();
    return new Promise<void>((resolve) => {
      this.timers.push({ at: this.time + ms, resolve });
      this.timers.sort((a, b) => a.at - b.at);
    });
  };

  /** Lets pending promise callbacks run. */
  async flush(): Promise<void> {
    for (let i = 0; i < 5; i++) await new Promise((r) => setImmediate(r));
  }

  /** Fires timers in time order until none is left (after letting callbacks run each time). */
  async runUntilIdle(): Promise<void> {
    await this.flush();
    for (;;) {
      const timer = this.timers.shift();
      if (!timer) return;
      this.time = Math.max(this.time, timer.at);
      timer.resolve();
      await this.flush();
    }
  }
}

/** A deterministic rng cycling through `values`. */
export function sequenceRng(values: readonly number[]): () => number {
  let i = 0;
  return () => values[i++ % values.length]!;
}
