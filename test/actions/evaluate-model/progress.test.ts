import { describe, expect, it } from '@jest/globals';
import { createProgress } from '../../../actions/evaluate-model/src/progress';

describe('the progress line', () => {
  it('logs done/total, rate, ETA and errors at most every interval, and a final line', () => {
    let t = 0;
    const lines: string[] = [];
    const progress = createProgress(
      100,
      (l) => lines.push(l),
      () => t,
      5000,
    );
    for (let i = 0; i < 100; i++) {
      t += 200; // 5 examples/s
      progress.tick(i % 10 === 0);
    }
    progress.finish();
    expect(lines[0]).toBe('evaluate-model: 25/100 (25.0%) · 5.0/s · ETA 15s · 3 errors');
    expect(lines).toHaveLength(5);
    expect(lines[4]).toContain('100/100 (100.0%)');
    expect(lines[4]).toContain('10 errors');
  });

  it('reads the clock less often while ticks come fast, and logs once they slow down', () => {
    let t = 0;
    let reads = 0;
    const lines: string[] = [];
    const progress = createProgress(
      100_000,
      (l) => lines.push(l),
      () => {
        reads++;
        return t;
      },
      5000,
    );
    for (let i = 0; i < 99_000; i++) {
      t += 0.001; // 1 µs apart
      progress.tick(false);
    }
    expect(lines).toEqual([]);
    // One read at the start, then one per 64 ticks once the stride has grown.
    expect(reads).toBeLessThan(99_000 / 64 + 20);
    expect(reads).toBeGreaterThan(99_000 / 64);
    // The next tick is 6 s later: the line comes within 64 ticks, and ticks are read one by one.
    for (let i = 0; i < 64; i++) {
      t += 6000;
      progress.tick(false);
    }
    expect(lines.length).toBeGreaterThanOrEqual(1);
    const before = reads;
    progress.tick(false);
    expect(reads).toBe(before + 1);
  });

  it('stays silent for short runs', () => {
    const lines: string[] = [];
    const progress = createProgress(
      3,
      (l) => lines.push(l),
      () => 0,
    );
    progress.tick(false);
    progress.finish();
    expect(lines).toEqual([]);
  });
});
