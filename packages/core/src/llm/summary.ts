import { clampFractionMetrics, clampFractionValues } from '../report/bounded-metrics';
import type { Finding, Metric } from '../report/envelope';
import type { EvaluationBody, ExampleResult, LlmTrial, SliceMetrics } from '../report/evaluation';
import { latencySummary } from '../metrics/serving';
import { quantile } from '../stats/quantile';
import { wilsonInterval } from '../stats/wilson';

/**
 * The metrics of an LLM evaluation, computed from the per-example results alone (each with its
 * `trials`), so that merged shards are scored exactly like one run. Pure.
 *
 * Counting: every trial (one repeat of one case) that ran is one Bernoulli outcome of the pass
 * rate, as promptfoo counts repeats; an errored trial counts as a failure, never as a pass; trials
 * stopped by the spend cap are left out and reported as not run. Tokens and cost are per model
 * request (cache hits included, judge requests excluded); latency leaves cache hits out.
 */

export interface LlmSummaryOptions {
  readonly sliceBy?: readonly string[];
  readonly minSliceSize?: number;
  readonly repeats: number;
  /** Model requests sent and cache hits, as counted by the run (judge requests included). */
  readonly requests: number;
  readonly cacheHits: number;
  readonly maxCostUsd?: number;
  /** False when the model (or the judge) has no price: cost metrics are then null. */
  readonly priced: boolean;
  readonly judge?: { readonly model: string; readonly promptVersion: string };
  /** `min-pass-rate`: below it the run fails. */
  readonly minPassRate?: number;
  /** `max-error-rate`: the fraction of errored cases above which the run fails. */
  readonly maxErrorRate: number;
}

export interface LlmSummary {
  readonly metrics: Record<string, Metric>;
  readonly findings: Finding[];
  readonly llm: NonNullable<EvaluationBody['llm']>;
  readonly slices: SliceMetrics[] | undefined;
  readonly examples: { total: number; evaluated: number; errored: number; notRun: number };
  readonly status: 'pass' | 'warn' | 'fail';
}

const trialsOf = (r: ExampleResult): readonly LlmTrial[] => r.trials ?? [];

function mean(values: readonly number[]): number | null {
  if (values.length === 0) return null;
  let sum = 0;
  for (const v of values) sum += v;
  return sum / values.length;
}

function finiteOrNull(x: number | null): number | null {
  return x === null || !Number.isFinite(x) ? null : x;
}

function metric(
  value: number | null,
  direction: Metric['direction'],
  unit: string,
  n: number,
  description: string,
): Metric {
  return { value: finiteOrNull(value), direction, unit, n, description };
}

function passRateMetric(passed: number, n: number, description: string): Metric {
  const m = metric(n === 0 ? null : passed / n, 'higher', 'fraction', n, description);
  if (n > 0) {
    const ci = wilsonInterval(passed, n);
    return { ...m, ci: { lower: ci.lower, upper: ci.upper, level: 0.95, method: 'wilson' } };
  }
  return m;
}

/** A metric-name-safe form of an assertion type, e.g. `not-contains` → `not_contains`. */
export function metricKey(type: string): string {
  return type.replace(/[^a-zA-Z0-9]+/g, '_');
}

/** Summarises LLM per-example results into metrics, findings, the `llm` body and slices. */
export function summarizeLlmResults(
  results: readonly ExampleResult[],
  options: LlmSummaryOptions,
): LlmSummary {
  let trialsRun = 0;
  let trialsPassed = 0;
  let errored = 0;
  let notRun = 0;
  let evaluated = 0;
  let tokensEstimated = 0;
  let modelCost = 0;
  let judgeCost = 0;
  const flaky: string[] = [];
  const scores: number[] = [];
  const inputTokens: number[] = [];
  const outputTokens: number[] = [];
  const requestCosts: number[] = [];
  const latencies: number[] = [];
  const byAssertion: Record<string, { passed: number; total: number }> = {};

  for (const r of results) {
    if (r.status === 'not-run') notRun++;
    else evaluated++;
    if (r.status === 'error') errored++;
    if (r.flaky === true) flaky.push(r.id);
    for (const t of trialsOf(r)) {
      if (t.status === 'not-run') {
        // The cap may stop a trial after its model request (before its judge): that was spent.
        if (t.output !== undefined && t.cached !== true) modelCost += t.costUsd ?? 0;
        judgeCost += t.judgeCostUsd ?? 0;
        continue;
      }
      trialsRun++;
      if (t.pass) trialsPassed++;
      if (t.score !== undefined) scores.push(t.score);
      if (t.judgeCostUsd !== undefined) judgeCost += t.judgeCostUsd;
      for (const a of t.assertions) {
        const entry = (byAssertion[a.type] ??= { passed: 0, total: 0 });
        entry.total++;
        if (a.pass && a.error !== true) entry.passed++;
      }
      if (t.output === undefined) continue; // the request failed: no tokens, latency or cost
      if (t.inputTokens !== undefined) inputTokens.push(t.inputTokens);
      if (t.outputTokens !== undefined) outputTokens.push(t.outputTokens);
      if (t.tokensEstimated === true && t.cached !== true) tokensEstimated++;
      if (t.costUsd !== undefined) {
        modelCost += t.cached === true ? 0 : t.costUsd;
        // Per-request cost for projections: what the request costs, cached or not here.
        requestCosts.push(t.costUsd);
      }
      if (t.cached !== true && t.latencyMs !== undefined) latencies.push(t.latencyMs);
    }
  }

  const metrics: Record<string, Metric> = {};
  metrics.pass_rate = passRateMetric(
    trialsPassed,
    trialsRun,
    'Trials (cases × repeats) that passed every assertion; errors count as failures.',
  );
  for (const [type, counts] of Object.entries(byAssertion).sort(([a], [b]) => a.localeCompare(b))) {
    metrics[`pass_rate_${metricKey(type)}`] = passRateMetric(
      counts.passed,
      counts.total,
      `Trials whose ${type} assertions passed.`,
    );
  }
  metrics.mean_score = metric(
    mean(scores),
    'higher',
    'fraction',
    scores.length,
    'Mean weighted assertion score per trial.',
  );
  const tokenMetric = (values: number[], q: number | undefined, what: string): Metric =>
    metric(
      values.length === 0 ? null : q === undefined ? mean(values) : quantile(values, q),
      'lower',
      'tokens',
      values.length,
      what,
    );
  metrics.input_tokens_mean = tokenMetric(
    inputTokens,
    undefined,
    'Mean input tokens per model request.',
  );
  metrics.input_tokens_p95 = tokenMetric(
    inputTokens,
    0.95,
    '95th percentile of input tokens per request.',
  );
  metrics.output_tokens_mean = tokenMetric(
    outputTokens,
    undefined,
    'Mean output tokens per model request.',
  );
  metrics.output_tokens_p95 = tokenMetric(
    outputTokens,
    0.95,
    '95th percentile of output tokens per request.',
  );
  const meanCost = mean(requestCosts);
  metrics.cost_per_1k_requests_usd = metric(
    options.priced && meanCost !== null ? meanCost * 1000 : null,
    'lower',
    'usd',
    requestCosts.length,
    'Model cost of 1,000 requests like these, at the price table’s prices.',
  );
  const totalCost = modelCost + judgeCost;
  metrics.eval_cost_usd = metric(
    options.priced ? totalCost : null,
    'lower',
    'usd',
    options.requests,
    'What this run spent: model and judge requests sent (cache hits cost nothing).',
  );
  const latency = latencySummary(latencies);
  metrics.latency_p50_ms = metric(
    latency.p50Ms,
    'lower',
    'ms',
    latency.n,
    'Median latency of requests sent (cache hits left out).',
  );
  metrics.latency_p95_ms = metric(
    latency.p95Ms,
    'lower',
    'ms',
    latency.n,
    '95th percentile latency (cache hits left out).',
  );
  metrics.latency_p99_ms = metric(
    latency.p99Ms,
    'lower',
    'ms',
    latency.n,
    '99th percentile latency (cache hits left out).',
  );
  metrics.flaky_cases = metric(
    flaky.length,
    'lower',
    'count',
    results.length,
    'Cases that passed in some repeats and failed in others.',
  );
  metrics.errored_cases = metric(
    errored,
    'lower',
    'count',
    results.length,
    'Cases with a failed request or an assertion that could not be evaluated.',
  );
  metrics.not_run_cases = metric(
    notRun,
    'lower',
    'count',
    results.length,
    'Cases the spend cap stopped before they ran.',
  );

  const findings: Finding[] = [];
  let status: LlmSummary['status'] = 'pass';
  const errorRate = evaluated + notRun === 0 ? 0 : errored / (evaluated + notRun);
  if (errored > 0) {
    const over = errorRate > options.maxErrorRate;
    if (over) status = 'fail';
    findings.push({
      code: 'llm-errored-cases',
      severity: over ? 'error' : 'warning',
      message: `${errored} of ${results.length} cases errored (a failed request, or an assertion that could not be evaluated such as a malformed judge reply)${over ? `, above max-error-rate ${options.maxErrorRate}` : ''}.`,
    });
  }
  const passRate = trialsRun === 0 ? null : trialsPassed / trialsRun;
  if (options.minPassRate !== undefined && (passRate === null || passRate < options.minPassRate)) {
    status = 'fail';
    findings.push({
      code: 'llm-pass-rate',
      severity: 'error',
      subject: 'pass_rate',
      message: `Pass rate ${passRate === null ? 'n/a' : passRate.toFixed(4)} is below min-pass-rate ${options.minPassRate}.`,
    });
  }
  if (notRun > 0) {
    if (status === 'pass') status = 'warn';
    findings.push({
      code: 'llm-spend-cap',
      severity: 'warning',
      message: `The spend cap max-cost-usd ${options.maxCostUsd ?? ''} was reached: ${notRun} of ${results.length} cases were not run.`,
    });
  }
  if (flaky.length > 0) {
    findings.push({
      code: 'llm-flaky',
      severity: 'warning',
      message: `${flaky.length} flaky case(s), passing in some repeats and failing in others: ${flaky.slice(0, 10).join(', ')}${flaky.length > 10 ? ', …' : ''}.`,
    });
  }
  if (!options.priced) {
    findings.push({
      code: 'llm-unpriced',
      severity: 'notice',
      message:
        'The model (or the judge) has no price in the price table: cost metrics are null, never $0.',
    });
  }

  const llm: NonNullable<EvaluationBody['llm']> = {
    passRate,
    byAssertion,
    flaky,
    cacheHits: options.cacheHits,
    requests: options.requests,
    repeats: options.repeats,
    costUsd: options.priced ? totalCost : null,
    judgeCostUsd: options.priced ? judgeCost : null,
    tokensEstimated,
    erroredCases: errored,
    notRunCases: notRun,
    ...(options.judge !== undefined && { judge: options.judge }),
    ...(options.maxCostUsd !== undefined && {
      maxCostUsd: options.maxCostUsd,
      capReached: notRun > 0,
    }),
  };

  return {
    metrics: clampFractionMetrics(metrics),
    findings,
    llm,
    slices: sliceMetrics(results, options),
    examples: { total: results.length, evaluated, errored, notRun },
    status,
  };
}

/** Pass rate per slice value, over the trials of that slice's cases. */
function sliceMetrics(
  results: readonly ExampleResult[],
  options: LlmSummaryOptions,
): SliceMetrics[] | undefined {
  const columns = options.sliceBy ?? [];
  if (columns.length === 0) return undefined;
  const minimum = options.minSliceSize ?? 1;
  const out: SliceMetrics[] = [];
  for (const column of columns) {
    const groups = new Map<
      string,
      { cases: number; passed: number; ran: number; scores: number[] }
    >();
    for (const r of results) {
      const value = r.slices?.[column];
      if (value === undefined) continue;
      let g = groups.get(value);
      if (g === undefined) {
        g = { cases: 0, passed: 0, ran: 0, scores: [] };
        groups.set(value, g);
      }
      g.cases++;
      for (const t of trialsOf(r)) {
        if (t.status === 'not-run') continue;
        g.ran++;
        if (t.pass) g.passed++;
        if (t.score !== undefined) g.scores.push(t.score);
      }
    }
    for (const [value, g] of [...groups].sort(([a], [b]) => a.localeCompare(b))) {
      const below = g.cases < minimum;
      out.push({
        column,
        value,
        n: g.cases,
        metrics: below
          ? {}
          : clampFractionValues({
              pass_rate: g.ran === 0 ? null : g.passed / g.ran,
              mean_score: mean(g.scores),
            }),
        ...(below && { belowMinimum: true }),
      });
    }
  }
  return out;
}

/**
 * The warning of a run whose server reported more than one model id (a provider alias moved, or
 * a load balancer mixed deployments), or undefined for one id or none.
 */
export function modelIdsFinding(modelIds: readonly string[]): Finding | undefined {
  if (modelIds.length <= 1) return undefined;
  return {
    code: 'llm-model-ids',
    severity: 'warning',
    message: `The server reported ${modelIds.length} different model ids during the run: ${modelIds.join(', ')}.`,
  };
}
