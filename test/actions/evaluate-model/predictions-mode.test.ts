import { copyFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from '@jest/globals';
import { parseReport } from '@modelgate/core';
import { jsonCell } from '../../../actions/evaluate-model/src/eval-set';
import { runEvaluate, tempWorkspace, writeJsonl } from '../../helpers/evaluate-model';

const evalRows = [
  { id: 'a', text: 'x', label: 'spam', lang: 'en' },
  { id: 'b', text: 'y', label: 'ham', lang: 'en' },
  { id: 'c', text: 'z', label: 'spam', lang: 'de' },
  { id: 'd', text: 'w', label: 'ham', lang: 'de' },
];

describe('evaluate-model with a predictions file', () => {
  it('scores, writes a valid report and JSONL, and sets the outputs', async () => {
    const dir = tempWorkspace();
    writeJsonl(dir, 'eval.jsonl', evalRows);
    writeJsonl(dir, 'preds.jsonl', [
      { id: 'a', prediction: 'spam', probabilities: { spam: 0.9, ham: 0.1 }, latency_ms: 10 },
      { id: 'b', prediction: 'spam', probabilities: { spam: 0.6, ham: 0.4 }, latency_ms: 20 },
      { id: 'c', prediction: 'spam', probabilities: { spam: 0.8, ham: 0.2 }, latency_ms: 30 },
      { id: 'd', prediction: 'ham', probabilities: { spam: 0.3, ham: 0.7 }, latency_ms: 40 },
    ]);
    const { io, report, examples } = await runEvaluate(
      {
        dataset: 'eval.jsonl',
        predictions: 'preds.jsonl',
        'slice-by': 'lang',
        'min-slice-size': '2',
      },
      dir,
    );
    expect(io.failed).toBeUndefined();
    expect(() => parseReport(report, 'report')).not.toThrow();
    expect(report!.status).toBe('pass');
    expect(io.outputs.get('accuracy')).toBe('0.75');
    expect(io.outputs.get('examples')).toBe('4');
    expect(io.outputs.get('error-rate')).toBe('0');
    expect(Number(io.outputs.get('p95-latency-ms'))).toBeCloseTo(38.5, 10);
    expect(report!.body.positiveLabel).toBe('spam');
    expect(report!.metrics.roc_auc!.value).toBe(1);
    expect(report!.body.slices!.map((s) => [s.value, s.n, s.metrics.accuracy])).toEqual([
      ['de', 2, 1],
      ['en', 2, 0.5],
    ]);
    expect(report!.inputs.map((i) => i.role)).toEqual(['dataset', 'predictions']);
    expect(examples.map((e) => [e.id, e.correct])).toEqual([
      ['a', true],
      ['b', false],
      ['c', true],
      ['d', true],
    ]);
    expect(io.summary).toContain('evaluate-model');
  });

  it('reports eval rows without a prediction as errors and unknown ids as a warning', async () => {
    const dir = tempWorkspace();
    writeJsonl(dir, 'eval.jsonl', evalRows);
    writeJsonl(dir, 'preds.jsonl', [
      { id: 'a', prediction: 'spam' },
      { id: 'b', prediction: 'ham' },
      { id: 'c', prediction: 'spam' },
      { id: 'zz-unknown', prediction: 'ham' },
    ]);
    const { io, report, examples } = await runEvaluate(
      { dataset: 'eval.jsonl', predictions: 'preds.jsonl', 'max-error-rate': '0.3' },
      dir,
    );
    expect(io.failed).toBeUndefined();
    expect(report!.status).toBe('warn');
    expect(report!.body.examples).toMatchObject({
      total: 4,
      evaluated: 3,
      errored: 1,
      missingPredictions: 1,
      unknownIds: 1,
    });
    expect(report!.metrics.error_rate!.value).toBe(0.25);
    expect(report!.findings.map((f) => f.code)).toEqual(
      expect.arrayContaining(['unknown-ids', 'missing-predictions']),
    );
    expect(report!.findings.find((f) => f.code === 'unknown-ids')!.message).toContain('zz-unknown');
    expect(examples.find((e) => e.id === 'd')).toMatchObject({
      status: 'error',
      errorCode: 'missing-prediction',
    });
  });

  it('fails the step when the error rate is above max-error-rate (default 0)', async () => {
    const dir = tempWorkspace();
    writeJsonl(dir, 'eval.jsonl', evalRows);
    writeJsonl(dir, 'preds.jsonl', [{ id: 'a', prediction: 'spam' }]);
    const { io, report } = await runEvaluate(
      { dataset: 'eval.jsonl', predictions: 'preds.jsonl' },
      dir,
    );
    expect(report!.status).toBe('fail');
    expect(io.outputs.get('status')).toBe('fail');
    expect(io.failed).toContain('above max-error-rate 0');
    expect(io.failed).toContain('missing-prediction 3');
  });

  it('reads CSV predictions with JSON probabilities and regression values', async () => {
    const dir = tempWorkspace();
    writeFileSync(join(dir, 'eval.csv'), 'id,x,label\n1,a,1.5\n2,b,2.25\n3,c,4.0\n');
    writeFileSync(join(dir, 'preds.csv'), 'id,prediction\n1,1.0\n2,2.5\n3,3.0\n');
    const { io, report } = await runEvaluate(
      { dataset: 'eval.csv', predictions: 'preds.csv', task: 'regression' },
      dir,
    );
    expect(io.failed).toBeUndefined();
    expect(report!.metrics.mae!.value).toBeCloseTo((0.5 + 0.25 + 1) / 3, 12);
    expect(report!.metrics.max_error!.value).toBe(1);
    expect(io.outputs.get('accuracy')).toBe('');
  });

  it('uses the row index as id with a warning when there is no id column', async () => {
    const dir = tempWorkspace();
    writeJsonl(dir, 'eval.jsonl', [{ label: 0 }, { label: 1 }]);
    writeJsonl(dir, 'preds.jsonl', [
      { id: 0, prediction: 0 },
      { id: 1, prediction: 1 },
    ]);
    const { io, report } = await runEvaluate(
      { dataset: 'eval.jsonl', predictions: 'preds.jsonl' },
      dir,
    );
    expect(report!.metrics.accuracy!.value).toBe(1);
    expect(
      io.annotations.some((a) => a.level === 'warning' && a.message.includes('row index')),
    ).toBe(true);
  });

  it('matches a key column named differently with predictions-id-column (default: id-column)', async () => {
    const dir = tempWorkspace();
    writeJsonl(
      dir,
      'eval.jsonl',
      evalRows.map(({ id, ...rest }) => ({ uid: id, ...rest })),
    );
    const predictions = [
      { p: 'a', prediction: 'spam' },
      { p: 'b', prediction: 'ham' },
      { p: 'c', prediction: 'ham' },
      { p: 'd', prediction: 'ham' },
    ];
    writeJsonl(
      dir,
      'by-uid.jsonl',
      predictions.map(({ p, ...rest }) => ({ uid: p, ...rest })),
    );
    writeJsonl(
      dir,
      'by-key.jsonl',
      predictions.map(({ p, ...rest }) => ({ key: p, ...rest })),
    );
    const base = { dataset: 'eval.jsonl', 'id-column': 'uid', 'max-error-rate': '1' };

    const byUid = await runEvaluate({ ...base, predictions: 'by-uid.jsonl' }, dir);
    const byKey = await runEvaluate(
      { ...base, predictions: 'by-key.jsonl', 'predictions-id-column': 'key' },
      dir,
    );
    for (const { io, report, examples } of [byUid, byKey]) {
      expect(io.failed).toBeUndefined();
      expect(report!.body.examples).toMatchObject({ evaluated: 4, missingPredictions: 0 });
      expect(report!.metrics.accuracy!.value).toBe(0.75);
      expect(examples.map((e) => [e.id, e.predicted])).toEqual([
        ['a', 'spam'],
        ['b', 'ham'],
        ['c', 'ham'],
        ['d', 'ham'],
      ]);
    }

    const unnamed = await runEvaluate({ ...base, predictions: 'by-key.jsonl' }, dir);
    expect(unnamed.io.failed).toMatch(
      /The predictions file by-key\.jsonl has no column "uid" to match the eval set's ids\. Its columns: key, prediction\..*'predictions-id-column'/,
    );
    expect(unnamed.io.failed).not.toMatch(/\n\s+at /);
  });

  it('reads probabilities given as an array in label order like the object form, JSONL or CSV', async () => {
    const dir = tempWorkspace();
    const labels = ['cat', 'dog', 'bird'];
    const sorted = ['bird', 'cat', 'dog'];
    writeJsonl(
      dir,
      'eval.jsonl',
      Array.from({ length: 12 }, (_, i) => ({ id: `e${i}`, label: labels[i % 3] })),
    );
    const probs = Array.from({ length: 12 }, (_, i) => {
      const raw = [1 + (i % 4), 1 + ((i * 7) % 5), 1 + ((i * 3) % 2)];
      const sum = raw[0]! + raw[1]! + raw[2]!;
      return Object.fromEntries(labels.map((l, c) => [l, raw[c]! / sum]));
    });
    writeJsonl(
      dir,
      'object.jsonl',
      probs.map((p, i) => ({ id: `e${i}`, probabilities: p })),
    );
    writeJsonl(
      dir,
      'array.jsonl',
      probs.map((p, i) => ({ id: `e${i}`, probabilities: sorted.map((l) => p[l]) })),
    );
    writeFileSync(
      join(dir, 'array.csv'),
      'id,prediction,probabilities\n' +
        probs
          .map((p, i) => `e${i},,"${JSON.stringify(sorted.map((l) => p[l])).replace(/"/g, '""')}"`)
          .join('\n') +
        '\n',
    );
    const runs = await Promise.all(
      ['object.jsonl', 'array.jsonl', 'array.csv'].map((predictions) =>
        runEvaluate(
          { dataset: 'eval.jsonl', predictions, 'report-path': `out-${predictions}/r.json` },
          dir,
        ),
      ),
    );
    const [object, ...arrays] = runs;
    expect(object!.io.failed).toBeUndefined();
    expect(object!.report!.metrics.log_loss!.value).toEqual(expect.any(Number));
    for (const run of arrays) {
      expect(run.io.failed).toBeUndefined();
      expect(run.report!.metrics).toEqual(object!.report!.metrics);
      expect(run.examples.map((e) => [e.predicted, e.probabilities])).toEqual(
        object!.examples.map((e) => [e.predicted, e.probabilities]),
      );
    }

    writeJsonl(dir, 'short.jsonl', [
      { id: 'e0', probabilities: [0.5, 0.5, 0] },
      { id: 'e1', probabilities: [0.5, 0.5] },
    ]);
    const short = await runEvaluate({ dataset: 'eval.jsonl', predictions: 'short.jsonl' }, dir);
    expect(short.io.failed).toMatch(
      /^Line 2 of the predictions file short\.jsonl: "probabilities" has 2 values but there are 3 labels \(bird, cat, dog\)/,
    );

    writeJsonl(dir, 'bare.jsonl', [{ id: 'e0', latency_ms: 3 }]);
    const bare = await runEvaluate({ dataset: 'eval.jsonl', predictions: 'bare.jsonl' }, dir);
    expect(bare.io.failed).toMatch(
      /^The predictions file bare\.jsonl:1 has no "prediction" column \(nor "probabilities" or "score"\)\. Its columns: id, latency_ms\./,
    );
  });

  it('matches a predictions file in any order, whole and by shard, with unknown ids anywhere', async () => {
    // The same eval set, with the predictions in eval-set order in one workspace and shuffled in
    // the other (the same file name: messages name it).
    const dir = tempWorkspace();
    const other = tempWorkspace();
    const rows = Array.from({ length: 40 }, (_, i) => ({
      id: `x${i}`,
      label: i % 3 === 0 ? 'a' : 'b',
      part: i % 2 ? 'odd' : 'even',
    }));
    writeJsonl(dir, 'eval.jsonl', rows);
    writeJsonl(other, 'eval.jsonl', rows);
    const lines = rows
      .filter((_, i) => i % 7 !== 3)
      .map((r, i) => ({ id: r.id, prediction: i % 4 === 0 ? 'a' : 'b', latency_ms: i }));
    lines.splice(10, 0, { id: 'stray-1', prediction: 'a', latency_ms: 1 });
    writeJsonl(dir, 'preds.jsonl', lines);
    // A fixed shuffle (reversed halves, interleaved).
    const shuffled = [...lines.slice(20).reverse(), ...lines.slice(0, 20)];
    writeJsonl(other, 'preds.jsonl', shuffled);
    const common = {
      dataset: 'eval.jsonl',
      predictions: 'preds.jsonl',
      'slice-by': 'part',
      'max-error-rate': '1',
    };
    const ordered = await runEvaluate({ ...common, 'report-path': 'o/r.json' }, dir);
    const mixed = await runEvaluate({ ...common, 'report-path': 's/r.json' }, other);
    expect(ordered.io.failed).toBeUndefined();
    expect(mixed.examples).toEqual(ordered.examples);
    expect(mixed.report!.metrics).toEqual(ordered.report!.metrics);
    expect(mixed.report!.body.slices).toEqual(ordered.report!.body.slices);
    expect(ordered.report!.body.examples).toMatchObject({
      total: 40,
      missingPredictions: 6,
      unknownIds: 1,
    });
    expect(
      ordered.examples.filter((e) => e.errorCode === 'missing-prediction').map((e) => e.id),
    ).toEqual(['x3', 'x10', 'x17', 'x24', 'x31', 'x38']);

    const shards = await Promise.all(
      ['1/2', '2/2'].map((shard, k) =>
        runEvaluate({ ...common, shard, 'report-path': `shard${k}/r.json` }, other),
      ),
    );
    const byId = new Map(ordered.examples.map((e) => [e.id, e]));
    const fromShards = shards.flatMap((s) => s.examples);
    expect(fromShards).toHaveLength(40);
    // Each example as in the whole run, plus its shard number (toEqual ignores an undefined key).
    for (const e of fromShards) expect({ ...e, shard: undefined }).toEqual(byId.get(e.id));
    expect(new Set(fromShards.map((e) => e.shard))).toEqual(new Set([1, 2]));
    // Another shard's ids are not unknown; the stray id is unknown in each shard.
    expect(shards.map((s) => s.report!.body.examples.unknownIds)).toEqual([1, 1]);
  });

  it('scores a Parquet eval set whose INT64 label goes beyond 2^53 (DuckDB fixture)', async () => {
    // mixed-snappy.parquet (test/fixtures/data/make-parquet-fixtures.mjs): ids 0-4999, `big` is
    // id × 1000 except id 1, which is 9007199254740993 (2^53 + 1, read as a bigint).
    const dir = tempWorkspace();
    copyFileSync('test/fixtures/data/parquet/mixed-snappy.parquet', join(dir, 'eval.parquet'));
    writeJsonl(
      dir,
      'preds.jsonl',
      Array.from({ length: 5000 }, (_, i) => ({
        id: String(i),
        prediction: i === 1 ? 9007199254740992 : i * 1000,
      })),
    );
    const { io, report, examples } = await runEvaluate(
      { dataset: 'eval.parquet', 'label-column': 'big', predictions: 'preds.jsonl' },
      dir,
    );
    expect(io.failed).toBeUndefined();
    expect(report!.body.task).toBe('regression');
    // Every digit is kept in the per-example file; as a double it is 2^53, the prediction.
    expect(examples[1]).toMatchObject({
      id: '1',
      expected: '9007199254740993',
      predicted: 9007199254740992,
    });
    expect(examples[2]).toMatchObject({ id: '2', expected: 2000, predicted: 2000 });
    expect(report!.metrics.mae!.value).toBe(0);
    expect(report!.metrics.max_error!.value).toBe(0);
  });
});

describe('jsonCell', () => {
  it('turns bigints into their decimal text, inside lists and structs too', () => {
    const cell = { a: [1, 2n ** 64n], b: { c: -(2n ** 60n) }, d: 'x' };
    expect(jsonCell(cell)).toEqual({
      a: [1, '18446744073709551616'],
      b: { c: '-1152921504606846976' },
      d: 'x',
    });
    expect(cell.a[1]).toBe(2n ** 64n);
  });

  it('returns a cell without a bigint as it is', () => {
    const list = [1, [2, 3], { k: 'v' }];
    const date = new Date(0);
    expect(jsonCell(list)).toBe(list);
    expect(jsonCell(date)).toBe(date);
    expect(jsonCell(null)).toBeNull();
  });
});
