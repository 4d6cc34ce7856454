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
  const total = results.length;
  // Each result's place among the scored ones (ok), or −1 when it failed or did not run.
  const okAt = new Int32Array(total);
  const ok: ExampleResult[] = [];
  const errors: Record<string, number> = {};
  let notRun = 0;
  for (let i = 0; i < total; i++) {
    const r = results[i] as ExampleResult;
    okAt[i] = -1;
    if (r.status === 'not-run') notRun++;
    else if (r.status === 'error' || r.error !== undefined) {
      const code = r.errorCode ?? 'error';
      errors[code] = (errors[code] ?? 0) + 1;
    } else {
      okAt[i] = ok.length;
      ok.push(r);
    }
  }
  const errored = total - ok.length - notRun;
  const body: EvaluationSummary['body'] = {
    examples: { total, evaluated: ok.length, errored, notRun },
  };
  if (errored > 0) body.errors = errors;

  let scored: Scored;
  if (spec.task === 'classification') {
    const coded = codeLabels(ok);
    scored = { task: 'classification', coded };
    Object.assign(metrics, classificationPart(ok, coded, spec, findings, body));
  } else {
    const values = regressionValues(ok);
    scored = { task: 'regression', ...values };
    Object.assign(metrics, regressionPart(values.y, values.yHat));
  }
  Object.assign(metrics, servingPart(results, total, errored + notRun, spec));
  if (spec.sliceBy !== undefined && spec.sliceBy.length > 0) {
    body.slices = sliceMetrics(results, okAt, scored, spec);
  }
  return { metrics, findings, body };
}

/**
 * The labels of the scored examples as integer codes. Labels get a provisional code in order of
 * appearance (expected, predicted, then probability keys); `labels` is their sorted order and
 * `expected` / `predicted` hold the sorted codes (0 for an example without a label).
 */
interface CodedLabels {
  /** Every label, in {@link sortLabels} order. */
  readonly labels: string[];
  readonly expected: Int32Array;
  readonly predicted: Int32Array;
  /** Provisional code → label, and → its index in `labels`. */
  readonly names: readonly string[];
  readonly final: Int32Array;
  /** Provisional codes of each scored example's labels, −1 where it has none. */
  readonly provExpected: Int32Array;
  readonly provPredicted: Int32Array;
  /**
   * The distinct key lists of the examples' probabilities (as provisional codes, in the objects'
   * own key order), and which one each example has (−1: none). Most examples share one.
   */
  readonly keysets: readonly Int32Array[];
  readonly keysetOf: Int32Array;
}

/** One pass over the scored examples; the only per-example map lookups are for their labels. */
function codeLabels(ok: readonly ExampleResult[]): CodedLabels {
  const n = ok.length;
  const provisional = new Map<string, number>();
  const names: string[] = [];
  const provExpected = new Int32Array(n);
  const provPredicted = new Int32Array(n);
  const keysetOf = new Int32Array(n);
  const keysets: Int32Array[] = [];
  const keysetIds = new Map<string, number>();
  let lastKeys: string[] | undefined;
  let lastKeyset = -1;
  const codeOf = (label: string | undefined): number => {
    if (label === undefined) return -1;
    let code = provisional.get(label);
    if (code === undefined) {
      code = names.length;
      provisional.set(label, code);
      names.push(label);
    }
    return code;
  };
  for (let i = 0; i < n; i++) {
    const r = ok[i] as ExampleResult;
    provExpected[i] = codeOf(labelOf(r.expected));
    provPredicted[i] = codeOf(labelOf(r.predicted));
    const probs = r.probabilities;
    if (probs === undefined) {
      keysetOf[i] = -1;
      continue;
    }
    // The same keys in the same order as the previous example's: the same key set.
    let j = 0;
    let same = lastKeys !== undefined;
    if (lastKeys !== undefined) {
      for (const key in probs) {
        if (lastKeys[j] !== key) {
          same = false;
          break;
        }
        j++;
      }
    }
    if (!same || j !== lastKeys?.length) {
      const keys = Object.keys(probs);
      const joined = keys.join('\u0000');
      let id = keysetIds.get(joined);
      if (id === undefined) {
        id = keysets.length;
        keysetIds.set(joined, id);
        keysets.push(Int32Array.from(keys, (key) => codeOf(key)));
      }
      lastKeys = keys;
      lastKeyset = id;
    }
    keysetOf[i] = lastKeyset;
  }
  const labels = sortLabels(names);
  const position = new Map(labels.map((l, c) => [l, c]));
  const final = Int32Array.from(names, (name) => position.get(name) as number);
  const expected = new Int32Array(n);
  const predicted = new Int32Array(n);
  for (let i = 0; i < n; i++) {
    const e = provExpected[i] as number;
    const p = provPredicted[i] as number;
    expected[i] = e < 0 ? 0 : (final[e] as number);
    predicted[i] = p < 0 ? 0 : (final[p] as number);
  }
  return {
    labels,
    expected,
    predicted,
    names,
    final,
    provExpected,
    provPredicted,
    keysets,
    keysetOf,
  };
}

function classificationPart(
  ok: readonly ExampleResult[],
  coded: CodedLabels,
  spec: EvaluationSpec,
  findings: Finding[],
  body: { -readonly [K in keyof EvaluationSummary['body']]: EvaluationSummary['body'][K] },
): Record<string, Metric> {
  const n = ok.length;
  const { labels, expected, predicted } = coded;
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
    positive = spec.positiveLabel !== undefined ? labels.indexOf(spec.positiveLabel) : 1;
    if (positive === -1) {
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
    Object.assign(out, probabilityPart(ok, coded, positive, findings));
  }
  return out;
}

/** Probability metrics, when every scored example has probabilities (or a binary score). */
function probabilityPart(
  ok: readonly ExampleResult[],
  coded: CodedLabels,
  positive: number | undefined,
  findings: Finding[],
): Record<string, Metric> {
  const { labels, expected, keysets, keysetOf, final } = coded;
  const n = ok.length;
  const k = labels.length;
  let withProbs = 0;
  for (let i = 0; i < n; i++) {
    const r = ok[i] as ExampleResult;
    if (r.probabilities !== undefined || r.score !== undefined) withProbs++;
  }
  if (withProbs === 0 || n === 0) return {};
  if (withProbs < n) {
    findings.push({
      code: 'probabilities-incomplete',
      severity: 'warning',
      message: `${n - withProbs} of ${n} predictions have no probabilities or score, so ROC AUC, log loss, Brier score and ECE are not computed.`,
    });
    return {};
  }
  // Each key set's keys as columns of the matrix.
  const columns = keysets.map((keyset) => Int32Array.from(keyset, (c) => final[c] as number));
  const probs = new Float64Array(n * k);
  for (let i = 0; i < n; i++) {
    const r = ok[i] as ExampleResult;
    const p = r.probabilities;
    if (p !== undefined) {
      const column = columns[keysetOf[i] as number] as Int32Array;
      const row = i * k;
      let j = 0;
      for (const label in p) probs[row + (column[j++] as number)] = p[label] as number;
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

/** Expected and predicted values of the scored examples as numbers (NaN when not a number). */
function regressionValues(ok: readonly ExampleResult[]): { y: Float64Array; yHat: Float64Array } {
  const n = ok.length;
  const y = new Float64Array(n);
  const yHat = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    const r = ok[i] as ExampleResult;
    y[i] = numberOf(r.expected) ?? Number.NaN;
    yHat[i] = numberOf(r.predicted) ?? Number.NaN;
  }
  return { y, yHat };
}

function regressionPart(y: Float64Array, yHat: Float64Array): Record<string, Metric> {
  const n = y.length;
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
  for (let i = 0; i < total; i++) {
    const r = results[i] as ExampleResult;
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

/** What the whole-set pass computed, reused per slice. */
type Scored =
  | { readonly task: 'classification'; readonly coded: CodedLabels }
  | { readonly task: 'regression'; readonly y: Float64Array; readonly yHat: Float64Array };

/**
 * Per-slice metrics. Each slice is scored as {@link summarizeResults} would score its examples
 * alone (its own labels, in its own sorted order; error rate over all its examples), from the
 * label codes and values of the whole-set pass, without scoring anything twice.
 */
function sliceMetrics(
  results: readonly ExampleResult[],
  okAt: Int32Array,
  scored: Scored,
  spec: EvaluationSpec,
): SliceMetrics[] {
  const minSize = spec.minSliceSize ?? 1;
  const total = results.length;
  const out: SliceMetrics[] = [];
  const groupOf = new Int32Array(total);
  for (const column of spec.sliceBy ?? []) {
    const groupIds = new Map<string, number>();
    const sizes: number[] = [];
    const okCounts: number[] = [];
    for (let i = 0; i < total; i++) {
      const value = (results[i] as ExampleResult).slices?.[column] ?? '(missing)';
      let g = groupIds.get(value);
      if (g === undefined) {
        g = sizes.length;
        groupIds.set(value, g);
        sizes.push(0);
        okCounts.push(0);
      }
      groupOf[i] = g;
      sizes[g]!++;
      if ((okAt[i] as number) >= 0) okCounts[g]!++;
    }
    // The scored examples of each group, contiguous (a counting sort by group).
    const starts = new Int32Array(sizes.length + 1);
    for (let g = 0; g < sizes.length; g++) starts[g + 1] = starts[g]! + okCounts[g]!;
    const fill = starts.slice(0, sizes.length);
    const members = new Int32Array(starts[sizes.length] as number);
    for (let i = 0; i < total; i++) {
      const at = okAt[i] as number;
      if (at >= 0) members[fill[groupOf[i] as number]!++] = at;
    }
    for (const value of sortLabels(groupIds.keys())) {
      const g = groupIds.get(value) as number;
      const n = sizes[g] as number;
      if (n < minSize) {
        out.push({ column, value, n, metrics: {}, belowMinimum: true });
        continue;
      }
      const group = members.subarray(starts[g], starts[g + 1]);
      const errorRate = finite((n - group.length) / n);
      const values =
        scored.task === 'classification'
          ? { ...sliceClassification(scored.coded, group), error_rate: errorRate }
          : { ...sliceRegression(scored.y, scored.yHat, group), error_rate: errorRate };
      out.push({ column, value, n, metrics: values });
    }
  }
  return out;
}

/** accuracy, balanced_accuracy and f1_macro of the scored examples at `group`, over the labels
 * that occur among them (expected, predicted or a probability key). */
function sliceClassification(coded: CodedLabels, group: Int32Array): Record<string, number | null> {
  const { names, provExpected, provPredicted, keysets, keysetOf } = coded;
  const present = new Uint8Array(names.length);
  const keysetSeen = new Uint8Array(keysets.length);
  for (let j = 0; j < group.length; j++) {
    const i = group[j] as number;
    const e = provExpected[i] as number;
    const p = provPredicted[i] as number;
    if (e >= 0) present[e] = 1;
    if (p >= 0) present[p] = 1;
    const ks = keysetOf[i] as number;
    if (ks >= 0) keysetSeen[ks] = 1;
  }
  for (let ks = 0; ks < keysets.length; ks++) {
    if (keysetSeen[ks] === 1) for (const c of keysets[ks] as Int32Array) present[c] = 1;
  }
  const local: string[] = [];
  for (let c = 0; c < names.length; c++) if (present[c] === 1) local.push(names[c] as string);
  const labels = sortLabels(local);
  const position = new Map(labels.map((l, c) => [l, c]));
  const localCode = Int32Array.from(names, (name) => position.get(name) ?? 0);
  const expected = new Int32Array(group.length);
  const predicted = new Int32Array(group.length);
  for (let j = 0; j < group.length; j++) {
    const i = group[j] as number;
    const e = provExpected[i] as number;
    const p = provPredicted[i] as number;
    expected[j] = e < 0 ? 0 : (localCode[e] as number);
    predicted[j] = p < 0 ? 0 : (localCode[p] as number);
  }
  const m = classificationMetrics(expected, predicted, labels);
  const n = group.length;
  return {
    accuracy: finite(m.accuracy),
    balanced_accuracy: finite(m.balancedAccuracy),
    f1_macro: n > 0 ? finite(m.macro.f1) : null,
  };
}

/** mae, rmse and r2 of the scored examples at `group`. */
function sliceRegression(
  y: Float64Array,
  yHat: Float64Array,
  group: Int32Array,
): Record<string, number | null> {
  const gy = new Float64Array(group.length);
  const gHat = new Float64Array(group.length);
  for (let j = 0; j < group.length; j++) {
    gy[j] = y[group[j] as number] as number;
    gHat[j] = yHat[group[j] as number] as number;
  }
  const m = regressionMetrics(gy, gHat);
  return { mae: finite(m.mae), rmse: finite(m.rmse), r2: finite(m.r2) };
}
