import { readFileSync } from 'node:fs';
import { describe, expect, it } from '@jest/globals';
import { runEvaluate, tempWorkspace, writeJsonl } from '../../helpers/evaluate-model';

// scikit-learn 1.2.1's values for these rows: test/fixtures/metrics/labels-expected.json (made by
// make-labels-expected.py beside it).
interface LabelCase {
  name: string;
  expected: string[];
  predicted: string[];
  probabilities: Record<string, number>[];
  slices: string[];
  labels: string[];
  listed?: string[];
  slice_metrics: Record<string, { n: number; f1_macro: number }>;
  [key: string]: unknown;
}
const cases = (
  JSON.parse(
    readFileSync(new URL('../../fixtures/metrics/labels-expected.json', import.meta.url), 'utf8'),
  ) as { cases: LabelCase[] }
).cases;

function workspace(c: LabelCase): string {
  const dir = tempWorkspace();
  writeJsonl(
    dir,
    'eval.jsonl',
    c.expected.map((label, i) => ({ id: `r${i}`, label, channel: c.slices[i] })),
  );
  writeJsonl(
    dir,
    'preds.jsonl',
    c.predicted.map((prediction, i) => ({
      id: `r${i}`,
      prediction,
      probabilities: c.probabilities[i],
    })),
  );
  return dir;
}

const KEYS = ['accuracy', 'f1_macro', 'precision_macro', 'recall_macro', 'f1_weighted', 'roc_auc'];

describe("evaluate-model's labels", () => {
  it.each([
    ['binary-third-key', {}],
    ['binary-listed-superset', { labels: 'ham, spam, unsure' }],
    ['multiclass-listed-subset', { labels: 'dog,cat' }],
  ] as const)('%s: scored as scikit-learn scores it, whole set and slices', async (name, extra) => {
    const c = cases.find((x) => x.name === name)!;
    const dir = workspace(c);
    const base = {
      dataset: 'eval.jsonl',
      predictions: 'preds.jsonl',
      'slice-by': 'channel',
      'min-slice-size': '1',
      ...extra,
    };
    const run = await runEvaluate(base, dir);
    expect(run.io.failed).toBeUndefined();
    const report = run.report!;
    expect(report.body.labels).toEqual(c.labels);
    for (const key of KEYS) {
      const want = c[key] as number | null;
      if (want === null) expect(report.metrics[key]?.value).toBeNull();
      else expect(Math.abs(report.metrics[key]!.value! - want)).toBeLessThanOrEqual(1e-12);
    }
    for (const slice of report.body.slices!) {
      const want = c.slice_metrics[slice.value]!;
      expect(slice.n).toBe(want.n);
      expect(Math.abs(slice.metrics.f1_macro! - want.f1_macro)).toBeLessThanOrEqual(1e-12);
    }
    expect(report.findings.map((f) => f.code)).not.toContain('positive-label-ignored');

    // Shards merged with the same labels score as the unsharded run.
    for (let i = 1; i <= 2; i++) {
      const shard = await runEvaluate(
        { ...base, shard: `${i}/2`, 'report-path': `s${i}/r.json` },
        dir,
      );
      expect(shard.io.failed).toBeUndefined();
    }
    const merged = await runEvaluate(
      { merge: 's*/r.json', 'report-path': 'm/r.json', ...extra },
      dir,
    );
    expect(merged.io.failed).toBeUndefined();
    expect(merged.report!.metrics).toEqual(report.metrics);
    expect(merged.report!.body.perClass).toEqual(report.body.perClass);
    expect(merged.report!.body.slices).toEqual(report.body.slices);
  });

  it('refuses labels on a regression task, naming the input', async () => {
    const dir = tempWorkspace();
    writeJsonl(dir, 'eval.jsonl', [
      { id: 'a', label: 1.5 },
      { id: 'b', label: 2.25 },
    ]);
    writeJsonl(dir, 'preds.jsonl', [
      { id: 'a', prediction: 1.4 },
      { id: 'b', prediction: 2.5 },
    ]);
    const run = await runEvaluate(
      { dataset: 'eval.jsonl', predictions: 'preds.jsonl', labels: 'a,b' },
      dir,
    );
    expect(run.io.failed).toBe(
      "Input 'labels' lists classification labels, but the task is regression (detected from the labels). Remove 'labels', or set task: classification.",
    );
    expect(run.report).toBeUndefined();
  });
});
