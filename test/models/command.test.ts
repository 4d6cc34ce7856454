import { describe, expect, it } from '@jest/globals';
import { execFileSync } from 'node:child_process';
import { createCommandSource } from '@modelgate/models';

/** Whether a process whose command line contains `text` is running. */
function running(text: string): boolean {
  try {
    execFileSync('pgrep', ['-f', text]);
    return true;
  } catch {
    return false;
  }
}

describe('the command source', () => {
  it('kills what the shell started at the timeout, without waiting for it', async () => {
    // A unique sleep, so that pgrep finds this one only.
    const marker = `sleep 7.${process.pid}`;
    const source = createCommandSource({
      command: `${marker}; echo '"late"'`,
      batchSize: 10,
      timeoutMs: 200,
    });
    const started = performance.now();
    await expect(
      source.run([{ id: 'a', index: 0, fields: { x: 1 } }], { onResult: () => undefined }),
    ).rejects.toThrow(/timed out after 200 ms/);
    expect(performance.now() - started).toBeLessThan(3000);
    expect(running(marker)).toBe(false);
  });
});
