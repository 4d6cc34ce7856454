import type { Finding, Metric } from '../report/envelope';
import type { EvaluationBody, ExampleResult, SliceMetrics } from '../report/evaluation';
import { classificationMetrics } from '../metrics/classification';
import { labelOf, sortLabels } from '../metrics/labels';
import {
  brierScore,
  expectedCalibrationError,
  logLoss,
  rocAucBinary,
  rocAucOvrMacro,
  rowsSumToOne,
} from '../metrics/probabilistic';
import { regressionMetrics } from '../metrics/regression';
import { latencySummary } from '../metrics/serving';
import type { ClassicTask } from './task';
import { numberOf } from './task';

/**
 * The evaluation pipeline after the predictions: per-example results → metrics, findings and the
 * report body's tables. Used by a normal run, by the merge of shards (on the merged results),
 * and by the LLM mode for its serving metrics. Pure.
 *
 * Quality metrics are computed over the examples with a prediction (`status: ok`); examples
 * whose call failed or that have no prediction count in `error_rate` (over all examples) and are
 * gated by `max-error-rate`.
 */

export interface EvaluationSpec {
  readonly task: ClassicTask;
  /** Binary: the positive label; default the second of the two labels in sklearn order. */
  readonly positiveLabel?: string;
  /** Per-slice metrics for these slice columns (values are in each result's `slices`). */
  readonly sliceBy?: readonly string[];
  /** Slices with fewer examples are listed with their n but not scored. */
  readonly minSliceSize?: number;
  /** Wall time of the prediction run, for throughput. */
  readonly durationMs?: number;
  /** Throughput given directly (merged shards: the sum of the shards'). Wins over durationMs. */
  readonly throughputRps?: number;
  /** Whether to compute ROC AUC, log loss, Brier and ECE (default true; slices skip them). */
  readonly probabilityMetrics?: boolean;
}

export interface EvaluationSummary {
  /** The report's `metrics`: keys as documented in the evaluate-model README. */
  readonly metrics: Record<string, Metric>;
  readonly findings: Finding[];
  /** The parts of the report body computed from the results. */
  readonly body: Pick<
    EvaluationBody,
    'labels' | 'positiveLabel' | 'confusionMatrix' | 'perClass' | 'slices' | 'errors'
  > & {
    readonly examples: { total: number; evaluated: number; errored: number; notRun: number };
  };
}

const finite = (x: number): number | null => (Number.isFinite(x) ? x : null);

function metric(
  value: number | null,
  direction: Metric['direction'],
  unit: string,
  n: number,
  description?: string,
): Metric {
  const out: Metric = { value: value === null ? null : finite(value), direction, unit, n };
  if (description !== undefined) out.description = description;
  return out;
}

/** Scores per-example results. See the module comment for what is counted where. */
export function summarizeResults(
  results: readonly ExampleResult[],
  spec: EvaluationSpec,
): EvaluationSummary {
  const findings: Finding[] = [];
  const metrics: Record<string, Metric> = {};
  const ok: ExampleResult[] = [];
  const errors: Record<string, number> = {};
  let notRun = 0;
  for (const r of results) {
    if (r.status === 'not-run') notRun++;
    else if (r.status === 'error' || r.error !== undefined) {
      const code = r.errorCode ?? 'error';
      errors[code] = (errors[code] ?? 0) + 1;
    } else ok.push(r);
  }
  const total = results.length;
  const errored = total - ok.length - notRun;
  const body: EvaluationSummary['body'] = {
    examples: { total, evaluated: ok.length, errored, notRun },
  };
  if (errored > 0) body.errors = errors;

  if (spec.task === 'classification') {
    Object.assign(metrics, classificationPart(ok, spec, findings, body));
  } else {
    Object.assign(metrics, regressionPart(ok));
  }
  Object.assign(metrics, servingPart(results, total, errored + notRun, spec));
  if (spec.sliceBy !== undefined && spec.sliceBy.length > 0) {
    body.slices = sliceMetrics(results, spec);
  }
  return { metrics, findings, body };
}

function classificationPart(
  ok: readonly ExampleResult[],
  spec: EvaluationSpec,
  findings: Finding[],
  body: { -readonly [K in keyof EvaluationSummary['body']]: EvaluationSummary['body'][K] },
): Record<string, Metric> {
  const n = ok.length;
  const labelSet = new Set<string>();
  for (const r of ok) {
    const e = labelOf(r.expected);
    const p = labelOf(r.predicted);
    if (e !== undefined) labelSet.add(e);
    if (p !== undefined) labelSet.add(p);
    if (r.probabilities) for (const key of Object.keys(r.probabilities)) labelSet.add(key);
  }
  const labels = sortLabels(labelSet);
  const code = new Map(labels.map((l, i) => [l, i]));
  const expected = new Int32Array(n);
  const predicted = new Int32Array(n);
  for (let i = 0; i < n; i++) {
    const r = ok[i] as ExampleResult;
    expected[i] = code.get(labelOf(r.expected) ?? '') ?? 0;
    predicted[i] = code.get(labelOf(r.predicted) ?? '') ?? 0;
  }
  const m = classificationMetrics(expected, predicted, labels);
  body.labels = labels;
  body.confusionMatrix = { labels, matrix: m.confusion.map((row) => [...row]) };
  body.perClass = { ...m.perClass };
  if (m.zeroDivision.length > 0 && n > 0) {
    findings.push({
      code: 'zero-division',
      severity: 'notice',
      message: `Precision, recall or F1 of ${m.zeroDivision.length} label(s) had a zero denominator and counts as 0 (scikit-learn's zero_division default): ${m.zeroDivision.slice(0, 10).join(', ')}.`,
    });
  }
  const out: Record<string, Metric> = {
    accuracy: {
      ...metric(m.accuracy, 'higher', 'fraction', n),
      ...(n > 0 && {
        ci: { lower: m.accuracyCi.lower, upper: m.accuracyCi.upper, level: 0.95, method: 'wilson' },
      }),
    },
    balanced_accuracy: metric(m.balancedAccuracy, 'higher', 'fraction', n),
    precision_macro: metric(n > 0 ? m.macro.precision : NaN, 'higher', 'fraction', n),
    recall_macro: metric(n > 0 ? m.macro.recall : NaN, 'higher', 'fraction', n),
    f1_macro: metric(n > 0 ? m.macro.f1 : NaN, 'higher', 'fraction', n),
    f1_micro: metric(n > 0 ? m.micro.f1 : NaN, 'higher', 'fraction', n),
    precision_weighted: metric(n > 0 ? m.weighted.precision : NaN, 'higher', 'fraction', n),
    recall_weighted: metric(n > 0 ? m.weighted.recall : NaN, 'higher', 'fraction', n),
    f1_weighted: metric(n > 0 ? m.weighted.f1 : NaN, 'higher', 'fraction', n),
  };
  const binary = labels.length === 2;
  let positive: number | undefined;
  if (binary) {
    positive = spec.positiveLabel !== undefined ? code.get(spec.positiveLabel) : 1;
    if (positive === undefined) {
      findings.push({
        code: 'positive-label-unknown',
        severity: 'warning',
        message: `positive-label "${spec.positiveLabel}" is not one of the labels (${labels.join(', ')}); using "${labels[1]}".`,
      });
      positive = 1;
    }
    const posLabel = labels[positive] as string;
    body.positiveLabel = posLabel;
    const scores = m.perClass[posLabel];
    if (scores && n > 0) {
      out.precision_positive = metric(scores.precision, 'higher', 'fraction', n);
      out.recall_positive = metric(scores.recall, 'higher', 'fraction', n);
      out.f1_positive = metric(scores.f1, 'higher', 'fraction', n);
    }
  } else if (spec.positiveLabel !== undefined && labels.length > 2) {
    findings.push({
      code: 'positive-label-ignored',
      severity: 'notice',
      message: `positive-label "${spec.positiveLabel}" is ignored: the task has ${labels.length} labels, not 2.`,
    });
  }
  if (spec.probabilityMetrics !== false) {
    Object.assign(out, probabilityPart(ok, expected, labels, code, positive, findings));
  }
  return out;
}

/** Probability metrics, when every scored example has probabilities (or a binary score). */
function probabilityPart(
  ok: readonly ExampleResult[],
  expected: Int32Array,
  labels: readonly string[],
  code: ReadonlyMap<string, number>,
  positive: number | undefined,
  findings: Finding[],
): Record<string, Metric> {
  const n = ok.length;
  const k = labels.length;
  let withProbs = 0;
  for (const r of ok) if (r.probabilities !== undefined || r.score !== undefined) withProbs++;
  if (withProbs === 0 || n === 0) return {};
  if (withProbs < n) {
    findings.push({
      code: 'probabilities-incomplete',
      severity: 'warning',
      message: `${n - withProbs} of ${n} predictions have no probabilities or score, so ROC AUC, log loss, Brier score and ECE are not computed.`,
    });
    return {};
  }
  const probs = new Float64Array(n * k);
  for (let i = 0; i < n; i++) {
    const r = ok[i] as ExampleResult;
    if (r.probabilities !== undefined) {
      for (const [label, p] of Object.entries(r.probabilities))
        probs[i * k + (code.get(label) ?? 0)] = p;
    } else if (positive !== undefined && r.score !== undefined) {
      probs[i * k + positive] = r.score;
      probs[i * k + (1 - positive)] = 1 - r.score;
    } else {
      findings.push({
        code: 'score-needs-binary',
        severity: 'warning',
        message: `A lone score is the probability of the positive label, which needs exactly 2 labels; there are ${k}. Give class probabilities instead.`,
      });
      return {};
    }
  }
  const out: Record<string, Metric> = {};
  const sumsToOne = rowsSumToOne(probs, k);
  if (positive !== undefined) {
    const isPos = new Uint8Array(n);
    const scores = new Float64Array(n);
    for (let i = 0; i < n; i++) {
      isPos[i] = expected[i] === positive ? 1 : 0;
      scores[i] = probs[i * k + positive] as number;
    }
    out.roc_auc = metric(rocAucBinary(isPos, scores), 'higher', 'fraction', n);
    out.brier = metric(brierScore(isPos, scores), 'lower', 'ratio', n);
  } else {
    out.roc_auc = metric(
      sumsToOne ? rocAucOvrMacro(expected, probs, k) : null,
      'higher',
      'fraction',
      n,
    );
  }
  if (sumsToOne) {
    out.log_loss = metric(logLoss(expected, probs, k), 'lower', 'nats', n);
  } else {
    findings.push({
      code: 'probabilities-not-normalized',
      severity: 'warning',
      message: `Some predicted probabilities are outside [0, 1] or do not sum to 1, so log loss${positive === undefined ? ' and ROC AUC are' : ' is'} not computed (scikit-learn refuses them too).`,
    });
  }
  out.ece = metric(expectedCalibrationError(expected, probs, k, 15), 'lower', 'fraction', n);
  if (out.roc_auc.value === null) {
    findings.push({
      code: 'roc-auc-undefined',
      severity: 'notice',
      message: 'ROC AUC is undefined: some label has no true example (only one class present).',
    });
  }
  return out;
}

function regressionPart(ok: readonly ExampleResult[]): Record<string, Metric> {
  const n = ok.length;
  const y = new Float64Array(n);
  const yHat = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    const r = ok[i] as ExampleResult;
    y[i] = numberOf(r.expected) ?? Number.NaN;
    yHat[i] = numberOf(r.predicted) ?? Number.NaN;
  }
  const m = regressionMetrics(y, yHat);
  return {
    mae: metric(m.mae, 'lower', 'target', n),
    rmse: metric(m.rmse, 'lower', 'target', n),
    r2: metric(m.r2, 'higher', 'ratio', n),
    mape: metric(m.mape, 'lower', 'fraction', n),
    max_error: metric(m.maxError, 'lower', 'target', n),
  };
}

function servingPart(
  results: readonly ExampleResult[],
  total: number,
  failed: number,
  spec: EvaluationSpec,
): Record<string, Metric> {
  const latencies: number[] = [];
  for (const r of results) {
    if (r.status === 'ok' && r.latencyMs !== undefined) latencies.push(r.latencyMs);
  }
  const out: Record<string, Metric> = {
    error_rate: metric(total === 0 ? NaN : failed / total, 'lower', 'fraction', total),
  };
  if (latencies.length > 0) {
    const s = latencySummary(latencies);
    const n = s.n;
    out.latency_p50_ms = metric(s.p50Ms, 'lower', 'ms', n);
    out.latency_p95_ms = metric(s.p95Ms, 'lower', 'ms', n);
    out.latency_p99_ms = metric(s.p99Ms, 'lower', 'ms', n);
    out.latency_mean_ms = metric(s.meanMs, 'lower', 'ms', n);
    out.latency_max_ms = metric(s.maxMs, 'lower', 'ms', n);
  }
  const throughput =
    spec.throughputRps ??
    (spec.durationMs !== undefined && spec.durationMs > 0
      ? total / (spec.durationMs / 1000)
      : undefined);
  if (throughput !== undefined) out.throughput_rps = metric(throughput, 'higher', 'rps', total);
  return out;
}

function sliceMetrics(results: readonly ExampleResult[], spec: EvaluationSpec): SliceMetrics[] {
  const minSize = spec.minSliceSize ?? 1;
  const out: SliceMetrics[] = [];
  for (const column of spec.sliceBy ?? []) {
    const groups = new Map<string, ExampleResult[]>();
    for (const r of results) {
      const value = r.slices?.[column] ?? '(missing)';
      let group = groups.get(value);
      if (!group) groups.set(value, (group = []));
      group.push(r);
    }
    for (const value of sortLabels(groups.keys())) {
      const group = groups.get(value) as ExampleResult[];
      if (group.length < minSize) {
        out.push({ column, value, n: group.length, metrics: {}, belowMinimum: true });
        continue;
      }
      const part = summarizeResults(group, {
        task: spec.task,
        probabilityMetrics: false,
        ...(spec.positiveLabel !== undefined && { positiveLabel: spec.positiveLabel }),
      });
      const keys =
        spec.task === 'classification'
          ? ['accuracy', 'balanced_accuracy', 'f1_macro', 'error_rate']
          : ['mae', 'rmse', 'r2', 'error_rate'];
      const values: Record<string, number | null> = {};
      for (const key of keys) values[key] = part.metrics[key]?.value ?? null;
      out.push({ column, value, n: group.length, metrics: values });
    }
  }
  return out;
}
