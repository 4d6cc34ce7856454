import { afterEach, describe, expect, it } from '@jest/globals';
import { existsSync, mkdirSync, openSync, writeFileSync } from 'node:fs';
import { mkdtemp, readdir } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { Worker } from 'node:worker_threads';
import {
  cancelExitCode,
  cancelStep,
  onCancel,
  temporaryPathBeside,
  trackTemporaryPath,
} from '@modelgate/runner';
import type { CancelEffects, CancelSignal } from '@modelgate/runner';

/** Effects that record the line and the exit code instead of exiting. */
function recording(): CancelEffects & { lines: string[]; codes: number[] } {
  const lines: string[] = [];
  const codes: number[] = [];
  return { lines, codes, writeLine: (l) => lines.push(l), exit: (c) => codes.push(c) };
}

const workers: Worker[] = [];
afterEach(async () => {
  await Promise.all(workers.splice(0).map((w) => w.terminate()));
});

describe('cancelling a step', () => {
  it.each<[CancelSignal, number]>([
    ['SIGINT', 130],
    ['SIGTERM', 143],
  ])(
    'on %s removes the temporary files and folders, says so in one line and exits %i',
    async (signal, code) => {
      const dir = await mkdtemp(join(tmpdir(), 'modelgate-cancel-'));
      const report = join(dir, 'report.json');
      const tmp = temporaryPathBeside(report);
      writeFileSync(tmp, '{"half": ');
      const folder = trackTemporaryPath(join(dir, 'baseline'));
      mkdirSync(join(folder, 'inner'), { recursive: true });
      writeFileSync(join(folder, 'inner', 'report.json'), '{}');
      // Renamed into place already: removing a missing name does nothing.
      trackTemporaryPath(join(dir, 'gone.tmp'));
      const kept = join(dir, 'kept.json');
      writeFileSync(kept, '{}');
      const effects = recording();
      cancelStep(signal, effects);
      expect(await readdir(dir)).toEqual(['kept.json']);
      expect(effects.lines).toEqual([
        `The step was cancelled by ${signal}: it stopped before finishing and left no partial report (2 temporary files removed).`,
      ]);
      expect(effects.codes).toEqual([code]);
      expect(cancelExitCode(signal)).toBe(code);
    },
  );

  it('removes the temporary file a worker thread is writing, which the worker cannot bring back', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'modelgate-cancel-'));
    const tmp = temporaryPathBeside(join(dir, 'examples.jsonl'));
    const fd = openSync(tmp, 'w');
    // Writes through the descriptor, as writeJsonLinesAtomic's worker does, until terminated.
    const worker = new Worker(
      `const { writeSync } = require('node:fs');
       const { workerData, parentPort } = require('node:worker_threads');
       parentPort.postMessage('writing');
       for (;;) writeSync(workerData.fd, '{"row": 1}\\n');`,
      { eval: true, workerData: { fd } },
    );
    workers.push(worker);
    await new Promise((resolve) => worker.once('message', resolve));
    cancelStep('SIGTERM', recording());
    expect(existsSync(tmp)).toBe(false);
    await sleep(50);
    expect(await readdir(dir)).toEqual([]);
  });

  it('runs the cancel hooks first (a failing one does not stop the others), and not once forgotten', () => {
    const calls: string[] = [];
    const forgetA = onCancel(() => calls.push('a'));
    const forgetBad = onCancel(() => {
      throw new Error('boom');
    });
    const forgetB = onCancel(() => calls.push('b'));
    cancelStep('SIGINT', recording());
    expect(calls).toEqual(['a', 'b']);
    forgetA();
    forgetBad();
    forgetB();
    cancelStep('SIGINT', recording());
    expect(calls).toEqual(['a', 'b']);
  });
  // The signal handlers themselves are tested on the bundles (test/e2e/cancellation.test.ts):
  // jest's sandboxed `process` does not install them on the real one.
});
