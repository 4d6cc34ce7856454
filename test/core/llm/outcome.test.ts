import { describe, expect, it } from '@jest/globals';
import {
  SpendCap,
  aggregateTrials,
  buildLlmReport,
  llmExampleResult,
  metricKey,
  parseReport,
  summarizeLlmResults,
  trialScore,
} from '@modelgate/core';
import type { AssertionResult, TrialOutcome } from '@modelgate/core';

const a = (
  type: string,
  pass: boolean,
  score = pass ? 1 : 0,
  extra: Partial<AssertionResult> = {},
): AssertionResult => ({
  type,
  pass,
  score,
  reason: 'r',
  weight: 1,
  ...extra,
});
const ok = (assertions: AssertionResult[], extra: Partial<TrialOutcome> = {}): TrialOutcome => ({
  status: 'ok',
  output: 'out',
  assertions,
  latencyMs: 100,
  cached: false,
  inputTokens: 10,
  outputTokens: 5,
  costUsd: 0.001,
  ...extra,
});

describe('trials and cases', () => {
  it('weights assertion scores', () => {
    expect(trialScore(ok([a('x', true, 1, { weight: 3 }), a('y', false, 0)]))).toBe(0.75);
    expect(trialScore(ok([]))).toBeUndefined();
    expect(trialScore({ status: 'error', error: 'boom', assertions: [] })).toBe(0);
    expect(trialScore({ status: 'not-run', assertions: [] })).toBeUndefined();
  });

  it('flags a case that passes in some repeats and fails in others as flaky', () => {
    const agg = aggregateTrials([ok([a('c', true)]), ok([a('c', false)]), ok([a('c', true)])]);
    expect(agg).toMatchObject({ status: 'ok', ran: 3, passed: 2, flaky: true, errored: false });
    expect(agg.passRate).toBeCloseTo(2 / 3, 15);
    // numpy.var([1, 0, 1]) = 0.2222…
    expect(agg.scoreVariance).toBeCloseTo(2 / 9, 15);
  });

  it('is not flaky when every repeat agrees', () => {
    expect(aggregateTrials([ok([a('c', false)]), ok([a('c', false)])]).flaky).toBe(false);
  });

  it('counts an assertion error as an error and a failure, never a pass', () => {
    const agg = aggregateTrials([ok([a('llm-rubric', false, 0, { error: true })])]);
    expect(agg).toMatchObject({ status: 'error', passed: 0, errored: true });
  });

  it('leaves trials stopped by the spend cap out', () => {
    const agg = aggregateTrials([ok([a('c', true)]), { status: 'not-run', assertions: [] }]);
    expect(agg).toMatchObject({ ran: 1, passed: 1, passRate: 1, flaky: false });
    expect(aggregateTrials([{ status: 'not-run', assertions: [] }]).status).toBe('not-run');
  });

  it('writes the per-example row with outputs, assertions, pass rate, tokens, cost and cached', () => {
    const row = llmExampleResult(
      { id: 'q1', index: 4, expected: 'Paris', slices: { lang: 'fr' } },
      [
        ok([a('contains', true)], { output: 'Paris', cached: true, latencyMs: 50 }),
        ok([a('contains', false)], { output: 'Lyon', latencyMs: 150 }),
      ],
    );
    expect(row).toMatchObject({
      id: 'q1',
      index: 4,
      expected: 'Paris',
      predicted: 'Paris',
      status: 'ok',
      passRate: 0.5,
      correct: false,
      repeats: 2,
      flaky: true,
      latencyMs: 150,
      inputTokens: 20,
      outputTokens: 10,
      costUsd: 0.002,
      cached: false,
      slices: { lang: 'fr' },
      assertions: [{ type: 'contains', pass: false, score: 0.5 }],
    });
    expect(row.trials?.map((t) => [t.output, t.pass, t.cached])).toEqual([
      ['Paris', true, true],
      ['Lyon', false, false],
    ]);
  });
});

describe('SpendCap', () => {
  it('stops starting once the spend reaches the cap', () => {
    const cap = new SpendCap(0.01);
    expect(cap.tryStart()).toBe(true);
    cap.finish(0.004);
    expect(cap.tryStart()).toBe(true);
    cap.finish(0.004);
    // 0.008 spent, mean 0.004: one more would pass the cap.
    expect(cap.tryStart()).toBe(false);
    expect(cap.reached).toBe(false);
    expect(cap.spentUsd).toBeCloseTo(0.008, 15);
  });
  it('counts requests in flight against the cap', () => {
    const cap = new SpendCap(0.01);
    cap.tryStart();
    cap.finish(0.003);
    expect(cap.tryStart()).toBe(true); // 0.003 + 1 × 0.003 ≤ 0.01
    expect(cap.tryStart()).toBe(true); // 0.003 + 2 × 0.003 ≤ 0.01
    expect(cap.tryStart()).toBe(false); // 0.003 + 3 × 0.003 > 0.01
  });
  it('has no limit without a cap', () => {
    const cap = new SpendCap(undefined);
    for (let i = 0; i < 100; i++) expect(cap.tryStart()).toBe(true);
  });
});

describe('summarizeLlmResults', () => {
  const results = [
    llmExampleResult({ id: 'a', index: 0, slices: { lang: 'en' } }, [
      ok([a('contains', true), a('llm-rubric', true, 0.9)], {
        latencyMs: 10,
        inputTokens: 10,
        outputTokens: 2,
      }),
    ]),
    llmExampleResult({ id: 'b', index: 1, slices: { lang: 'en' } }, [
      ok([a('contains', false), a('llm-rubric', true, 0.6)], {
        latencyMs: 20,
        inputTokens: 20,
        outputTokens: 4,
      }),
    ]),
    llmExampleResult({ id: 'c', index: 2, slices: { lang: 'fr' } }, [
      ok([a('contains', true), a('llm-rubric', false, 0, { error: true })], {
        latencyMs: 30,
        inputTokens: 30,
        outputTokens: 6,
        cached: true,
      }),
    ]),
    llmExampleResult({ id: 'd', index: 3, slices: { lang: 'fr' } }, [
      { status: 'not-run', assertions: [] },
    ]),
  ];
  const summary = summarizeLlmResults(results, {
    sliceBy: ['lang'],
    minSliceSize: 1,
    repeats: 1,
    requests: 2,
    cacheHits: 1,
    priced: true,
    maxErrorRate: 0,
    maxCostUsd: 0.002,
  });

  it('computes the pass rate with its Wilson interval', () => {
    const m = summary.metrics.pass_rate!;
    expect(m.value).toBeCloseTo(1 / 3, 15);
    expect(m.n).toBe(3);
    // statsmodels.stats.proportion.proportion_confint(1, 3, method='wilson')
    expect(m.ci?.lower).toBeCloseTo(0.06149194472039, 10);
    expect(m.ci?.upper).toBeCloseTo(0.79234039919795, 10);
  });
  it('computes per-assertion pass rates, errors counting as failures', () => {
    expect(summary.metrics.pass_rate_contains?.value).toBeCloseTo(2 / 3, 15);
    expect(summary.metrics.pass_rate_llm_rubric?.value).toBeCloseTo(2 / 3, 15);
    expect(summary.llm.byAssertion).toEqual({
      contains: { passed: 2, total: 3 },
      'llm-rubric': { passed: 2, total: 3 },
    });
  });
  it('computes tokens per request, cost and latency without cache hits', () => {
    expect(summary.metrics.input_tokens_mean?.value).toBe(20);
    // numpy.percentile([10, 20, 30], 95) = 29
    expect(summary.metrics.input_tokens_p95?.value).toBeCloseTo(29, 12);
    expect(summary.metrics.output_tokens_mean?.value).toBe(4);
    expect(summary.metrics.cost_per_1k_requests_usd?.value).toBeCloseTo(1, 12);
    expect(summary.metrics.eval_cost_usd?.value).toBeCloseTo(0.002, 15);
    // Latency of the two requests sent: numpy.percentile([10, 20], 50) = 15
    expect(summary.metrics.latency_p50_ms?.value).toBe(15);
    expect(summary.metrics.latency_p50_ms?.n).toBe(2);
  });
  it('counts errored, flaky and not-run cases and gates on max-error-rate', () => {
    expect(summary.metrics.errored_cases?.value).toBe(1);
    expect(summary.metrics.not_run_cases?.value).toBe(1);
    expect(summary.metrics.flaky_cases?.value).toBe(0);
    expect(summary.status).toBe('fail');
    expect(summary.findings.map((f) => f.code)).toEqual(['llm-errored-cases', 'llm-spend-cap']);
    expect(summary.llm).toMatchObject({ capReached: true, maxCostUsd: 0.002, notRunCases: 1 });
  });
  it('gives per-slice pass rates', () => {
    expect(summary.slices).toEqual([
      {
        column: 'lang',
        value: 'en',
        n: 2,
        metrics: { pass_rate: 0.5, mean_score: expect.any(Number) },
      },
      { column: 'lang', value: 'fr', n: 2, metrics: { pass_rate: 0, mean_score: 0.5 } },
    ]);
  });
  it('names metric keys safely', () => {
    expect(metricKey('not-icontains-any')).toBe('not_icontains_any');
  });
  it('builds a valid evaluation report', () => {
    const report = buildLlmReport(summary, {
      provenance: { time: '2026-01-01T00:00:00Z', tool: { name: 'evaluate-model', version: '0' } },
      inputs: [],
      model: { source: 'openai-compatible', name: 'gpt-4o-mini', promptSha256: 'x' },
      dataset: { path: 'd.jsonl', sha256: 'y', rows: 4 },
    });
    expect(parseReport(JSON.parse(JSON.stringify(report)), 'r.json', ['evaluation'])).toBeDefined();
    expect(report.body.task).toBe('llm');
    expect(report.summary).toMatch(/^LLM evaluation fail: pass rate 33\.3% over 3 case\(s\)/);
  });
  it('leaves cost null, never $0, when the model has no price', () => {
    const unpriced = summarizeLlmResults(results, {
      repeats: 1,
      requests: 2,
      cacheHits: 1,
      priced: false,
      maxErrorRate: 1,
    });
    expect(unpriced.metrics.eval_cost_usd?.value).toBeNull();
    expect(unpriced.llm.costUsd).toBeNull();
  });
});
