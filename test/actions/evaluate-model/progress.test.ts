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
