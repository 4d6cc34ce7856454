import { createHash } from 'node:crypto';
import { copyFileSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from '@jest/globals';
import type { EvaluationReport } from '@modelgate/core';
import { readColumns } from '@modelgate/data';
import { systemClock } from '@modelgate/models';
import { loadRunContext } from '@modelgate/runner';
import { run } from '../../../actions/evaluate-model/src/main';
import {
  PREDICTIONS_THREAD_MIN_BYTES,
  prefetchPredictions,
  startPredictionsThread,
} from '../../../actions/evaluate-model/src/predictions-thread';
import type { PrefetchedPredictions } from '../../../actions/evaluate-model/src/predictions-thread';
import { FakeIO } from '../../helpers/fake-io';
import { tempWorkspace, writeJsonl } from '../../helpers/evaluate-model';

const LABELS = ['cat', 'dog', 'bird'];

/** An eval set and predictions of `n` examples (seeded LCG, the shape of the bench's data). */
function writeCase(dir: string, n: number): void {
  let seed = 12345;
  const rand = (): number => (seed = (Math.imul(seed, 1103515245) + 12345) >>> 0) / 2 ** 32;
  const evalLines: string[] = [];
  const predLines: string[] = [];
  for (let i = 0; i < n; i++) {
    const label = LABELS[i % 3]!;
    evalLines.push(
      JSON.stringify({ id: `ex-${i}`, region: `r${i % 7}`, device: i % 2 ? 'm' : 'd', label }),
    );
    const p = [rand(), rand(), rand()];
    const t = i % 10 < 8 ? i % 3 : (i + 1) % 3;
    p[t]! += 1.5;
    const s = p[0]! + p[1]! + p[2]!;
    // Shuffled a little (every 1000th line swapped with the next), some errors and no latency.
    predLines.push(
      JSON.stringify({
        id: `ex-${i}`,
        prediction: i % 97 === 0 ? null : LABELS[t],
        probabilities: { cat: p[0]! / s, dog: p[1]! / s, bird: p[2]! / s },
        ...(i % 13 !== 0 && { latency_ms: Math.round(5 + rand() * 50) }),
        ...(i % 501 === 0 && { error: 'timeout' }),
      }),
    );
  }
  for (let i = 0; i + 1 < n; i += 1000) {
    const a = predLines[i]!;
    predLines[i] = predLines[i + 1]!;
    predLines[i + 1] = a;
  }
  writeFileSync(join(dir, 'eval.jsonl'), `${evalLines.join('\n')}\n`);
  writeFileSync(join(dir, 'preds.jsonl'), `${predLines.join('\n')}\n`);
}

interface Outcome {
  readonly io: FakeIO;
  readonly report: string | undefined;
  readonly examples: Buffer | undefined;
}

/** Runs evaluate-model with the predictions file read on the worker (`minBytes` 0) or not. */
async function evaluate(
  dir: string,
  threaded: boolean,
  extra: Record<string, string> = {},
  prefetched?: PrefetchedPredictions,
) {
  const io = new FakeIO({
    dataset: 'eval.jsonl',
    predictions: 'preds.jsonl',
    'slice-by': 'region,device',
    'report-path': threaded ? 'threaded/evaluation.json' : 'single/evaluation.json',
    'max-error-rate': '0.01',
    ...extra,
  });
  await run({
    io,
    context: loadRunContext({}, () => new Date('2025-01-01T00:00:00Z')),
    artifacts: () => undefined,
    clock: systemClock,
    cwd: dir,
    env: {},
    predictionsThreadMinBytes: threaded ? 0 : Number.POSITIVE_INFINITY,
    ...(prefetched !== undefined && { prefetched }),
  });
  const reportPath = io.outputs.get('report');
  if (reportPath === undefined) return { io, report: undefined, examples: undefined };
  const report = JSON.parse(readFileSync(reportPath, 'utf8')) as EvaluationReport;
  const examples = readFileSync(join(reportPath, '..', report.body.perExample!.path));
  // Everything but the run's own durations must be the same.
  const stable = JSON.stringify(report, (key, value: unknown) =>
    key === 'durationMs' ? undefined : value,
  );
  return { io, report: stable, examples } satisfies Outcome;
}

/** What the worker read, next to what the main thread's reader reads. */
async function bothReads(dir: string, name: string) {
  const pending = startPredictionsThread(name, dir, 0);
  const threaded = await pending?.result;
  const table = await readColumns(name, { cwd: dir });
  return { threaded, table };
}

describe('evaluate-model reads a large predictions file on a worker thread', () => {
  it('gives the same report and per-example file as the main thread on 120,000 examples', async () => {
    const dir = tempWorkspace();
    writeCase(dir, 120_000);
    // The worker really takes this file (a fallback would make the comparison vacuous).
    const { threaded, table } = await bothReads(dir, 'preds.jsonl');
    expect(threaded?.table.rows).toBe(table.rows);
    // The bytes it parsed, hashed on the main thread.
    const bytes = readFileSync(join(dir, 'preds.jsonl'));
    expect(threaded?.fingerprint).toEqual({
      sha256: createHash('sha256').update(bytes).digest('hex'),
      bytes: bytes.length,
    });

    const single = await evaluate(dir, false);
    const parallel = await evaluate(dir, true);
    expect(single.io.failed).toBeUndefined();
    expect(parallel.io.failed).toBeUndefined();
    expect(parallel.io.annotations).toEqual(single.io.annotations);
    expect(parallel.report).toBe(single.report);
    expect(parallel.examples!.equals(single.examples!)).toBe(true);
    expect(JSON.parse(single.report!).body.examples.errored).toBeGreaterThan(0);
    expect(parallel.io.debugs.join('\n')).toContain('Read preds.jsonl on a worker thread.');
  });

  it.each([
    ['text that is not JSON', '{"id": "ex-5", "prediction": "cat",'],
    ['an array instead of an object', '["ex-5", "cat"]'],
    ['a duplicate id', '{"id": "ex-7", "prediction": "cat"}'],
    ['no id', '{"prediction": "cat"}'],
    ['probabilities that are text, not JSON', '{"id": "ex-5", "probabilities": "oops"}'],
    ['probabilities with text values', '{"id": "ex-5", "probabilities": {"cat": "high"}}'],
    ['a latency that is not a number', '{"id": "ex-5", "prediction": "cat", "latency_ms": "slow"}'],
  ])('reports a line with %s the same way on both paths', async (_what, bad) => {
    const dir = tempWorkspace();
    writeCase(dir, 3000);
    const lines = readFileSync(join(dir, 'preds.jsonl'), 'utf8').split('\n');
    lines.splice(2000, 1, '', bad); // a blank line before it: line numbers count it
    writeFileSync(join(dir, 'preds.jsonl'), lines.join('\n'));
    const single = await evaluate(dir, false);
    const parallel = await evaluate(dir, true);
    expect(single.io.failed).toMatch(/line 2002|2002/i);
    expect(parallel.io.failed).toBe(single.io.failed);
    expect(parallel.io.annotations).toEqual(single.io.annotations);
  });

  it('reports bytes that are not UTF-8 the same way on both paths', async () => {
    const dir = tempWorkspace();
    writeCase(dir, 3000);
    const text = readFileSync(join(dir, 'preds.jsonl'));
    const at = text.indexOf('"ex-1500"');
    writeFileSync(
      join(dir, 'preds.jsonl'),
      Buffer.concat([text.subarray(0, at + 4), Buffer.from([0xff]), text.subarray(at + 4)]),
    );
    const single = await evaluate(dir, false);
    const parallel = await evaluate(dir, true);
    expect(single.io.failed).toContain('UTF-8');
    expect(parallel.io.failed).toBe(single.io.failed);
  });
});

/** `prefetched`, recording which of its controls the run called. */
function watched(prefetched: PrefetchedPredictions, calls: string[]): PrefetchedPredictions {
  const { pending } = prefetched;
  return {
    ...prefetched,
    pending: {
      result: pending.result,
      early: pending.early,
      cancel: () => {
        calls.push('cancel');
        pending.cancel();
      },
      keepAlive: () => {
        calls.push('keepAlive');
        pending.keepAlive();
      },
    },
  };
}

describe('prefetchPredictions', () => {
  it('is used when the inputs name the same file, and stopped when they do not or are bad', async () => {
    const dir = tempWorkspace();
    writeCase(dir, 120_000);
    expect(statSync(join(dir, 'preds.jsonl')).size).toBeGreaterThanOrEqual(
      PREDICTIONS_THREAD_MIN_BYTES,
    );
    // Without a prefetched read, this run reads on the main thread (threshold Infinity).
    const single = await evaluate(dir, false);
    expect(single.io.failed).toBeUndefined();

    const claimedCalls: string[] = [];
    const prefetched = prefetchPredictions({ INPUT_PREDICTIONS: '  preds.jsonl \n' }, dir);
    expect(prefetched?.path).toBe('preds.jsonl');
    const claimed = await evaluate(dir, false, {}, watched(prefetched!, claimedCalls));
    expect(claimedCalls[0]).toBe('keepAlive');
    expect(claimed.io.debugs.join('\n')).toContain(
      'Read preds.jsonl on a worker thread, started before the action loaded.',
    );
    expect(claimed.report).toBe(single.report);
    expect(claimed.examples!.equals(single.examples!)).toBe(true);

    // The inputs name another file: the prefetched read is stopped, the run reads its own file.
    copyFileSync(join(dir, 'preds.jsonl'), join(dir, 'copy.jsonl'));
    const otherCalls: string[] = [];
    const other = await evaluate(
      dir,
      false,
      { predictions: 'copy.jsonl' },
      watched(prefetchPredictions({ INPUT_PREDICTIONS: 'preds.jsonl' }, dir)!, otherCalls),
    );
    expect(otherCalls).not.toContain('keepAlive');
    expect(otherCalls[0]).toBe('cancel');
    expect(other.io.debugs.join('\n')).not.toMatch(/Read .* on a worker thread/);
    expect(other.examples!.equals(single.examples!)).toBe(true);

    // Bad inputs: the run fails on them and stops the read.
    const badCalls: string[] = [];
    const bad = await evaluate(
      dir,
      false,
      { 'max-error-rate': 'lots' },
      watched(prefetchPredictions({ INPUT_PREDICTIONS: 'preds.jsonl' }, dir)!, badCalls),
    );
    expect(bad.io.failed).toContain('max-error-rate');
    expect(badCalls).toEqual(['cancel']);
  });

  it('starts nothing without the input, or for a small file', () => {
    const dir = tempWorkspace();
    writeJsonl(dir, 'small.jsonl', [{ id: 'a', prediction: 'b' }]);
    expect(prefetchPredictions({}, dir)).toBeUndefined();
    expect(prefetchPredictions({ INPUT_PREDICTIONS: '   ' }, dir)).toBeUndefined();
    expect(prefetchPredictions({ INPUT_PREDICTIONS: 'small.jsonl' }, dir)).toBeUndefined();
  });
});

describe('startPredictionsThread', () => {
  it('reads the columns and line numbers that the main reader reads', async () => {
    const dir = tempWorkspace();
    const many = Array.from({ length: 5000 }, (_, i) => ({ id: i, note: `n${i}` }));
    const rows: unknown[] = [
      { id: 'a', prediction: 'spam', probabilities: [0.9, 0.1], ok: true, latency_ms: 1.5 },
      { prediction: 'ham', id: 'b', probabilities: null, latency_ms: null, extra: 'late key' },
      { id: 'c', probabilities: [0.25, 0.75], latency_ms: -0, ok: 'yes', 'é ü': 'ünïcode \uFFFD' },
      // Numbers, then text; text, then a number; only nulls; nulls, then a number.
      { id: 'c2', mixed: 3, texty: 'x', empty: null, late: null },
      { id: 'c3', mixed: 'three', texty: 4, late: 7.5 },
      { id: 'd', score: 1e308, latency_ms: 1e21 },
      ...many,
    ];
    // A byte order mark, CRLF line ends, blank and whitespace-only lines, no final newline.
    const lines = [...rows.map((r) => JSON.stringify(r)), '{"id": "e", "latency_ms": -0}'];
    const text = '\uFEFF' + lines.join('\r\n\n  \t\n');
    writeFileSync(join(dir, 'p.jsonl'), text);
    const { threaded, table } = await bothReads(dir, 'p.jsonl');
    expect(threaded).toBeDefined();
    const got = threaded!.table;
    expect(got.rows).toBe(table.rows);
    expect(got.columns).toEqual(table.columns);
    for (const name of table.columns) {
      const a = got.column(name)!;
      const b = table.column(name)!;
      expect(a).toHaveLength(b.length);
      for (let i = 0; i < b.length; i++) {
        const same =
          typeof b[i] === 'object' && b[i] !== null
            ? JSON.stringify(a[i]) === JSON.stringify(b[i])
            : Object.is(a[i], b[i]);
        expect(same).toBe(true);
      }
    }
    expect(Object.is(got.column('latency_ms')![table.rows - 1], -0)).toBe(true);
    for (let i = 0; i < table.rows; i++) expect(got.lineOf(i)).toBe(table.lineOf(i));
    expect(got.column('nope')).toBeUndefined();
  });

  it('keeps the key order of probability objects, whatever it is', async () => {
    const dir = tempWorkspace();
    writeJsonl(dir, 'p.jsonl', [
      { id: 'a', probabilities: { 'z-last': 0.2, a: 0.8 } },
      { id: 'b', probabilities: { 'z-last': 0.6, a: 0.4 } },
    ]);
    const { threaded } = await bothReads(dir, 'p.jsonl');
    expect(JSON.stringify(threaded!.table.column('probabilities'))).toBe(
      '[{"z-last":0.2,"a":0.8},{"z-last":0.6,"a":0.4}]',
    );
  });

  it.each([
    ['a line that is not JSON', 'p.jsonl', '{"id": "a"}\n{"id": \n'],
    ['a line that is not an object', 'p.jsonl', '{"id": "a"}\n3\n'],
    ['nested objects it does not encode', 'p.jsonl', '{"id": "a", "meta": {"x": "y"}}\n'],
    [
      'probabilities whose keys differ by line',
      'p.jsonl',
      '{"probabilities":{"a":1}}\n{"probabilities":{"b":1}}\n',
    ],
    ['a __proto__ key in probabilities', 'p.jsonl', '{"probabilities":{"__proto__":1}}\n'],
    [
      'objects mixed with text in a column',
      'p.jsonl',
      '{"probabilities":{"a":1}}\n{"probabilities":"x"}\n',
    ],
    ['an empty file', 'p.jsonl', '\n\n'],
    ['a CSV file', 'p.csv', 'id,prediction\na,b\n'],
    ['a glob', 'p*.jsonl', ''],
  ])('leaves %s to the main reader', async (_what, name, text) => {
    const dir = tempWorkspace();
    if (!name.includes('*')) writeFileSync(join(dir, name), text);
    const pending = startPredictionsThread(name, dir, 0);
    expect(await pending?.result).toBeUndefined();
  });

  it('leaves a missing file and a file under the size threshold to the main reader', () => {
    const dir = tempWorkspace();
    expect(startPredictionsThread('missing.jsonl', dir, 0)).toBeUndefined();
    writeJsonl(dir, 'small.jsonl', [{ id: 'a', prediction: 'b' }]);
    expect(startPredictionsThread('small.jsonl', dir)).toBeUndefined();
    expect(PREDICTIONS_THREAD_MIN_BYTES).toBeGreaterThan(1000);
  });
});
