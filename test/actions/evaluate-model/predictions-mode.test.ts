import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from '@jest/globals';
import { parseReport } from '@modelgate/core';
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
});
