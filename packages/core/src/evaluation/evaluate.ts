import { clampFractionMetrics, clampFractionValues } from '../report/bounded-metrics';
import type { Finding, Metric } from '../report/envelope';
import { clampFraction } from '../stats/fraction';
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
  /**
   * The labels that enter the confusion matrix, per-class scores and macro / micro / weighted
   * averages, whole set and slices, in this order (scikit-learn's `labels=`). Default: the labels
   * that occur as expected or predicted values, sorted (scikit-learn's `unique_labels(y_true,
   * y_pred)`). Labels that occur only as probability keys never enter them by default; they are
   * columns of the probability metrics (log loss, ECE, multiclass ROC AUC).
   */
  readonly labels?: readonly string[];
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
    const coded = codeLabels(ok, spec.labels);
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
  return { metrics: clampFractionMetrics(metrics), findings, body };
}

/**
 * The labels of the scored examples as integer codes. Labels get a provisional code in order of
 * appearance (listed, expected, predicted, then probability keys); `classes` is their sorted
 * order and `expected` / `predicted` hold the sorted codes (0 for an example without a label).
 */
interface CodedLabels {
  /**
   * Every label (listed, expected, predicted or a probability key), in {@link sortLabels} order:
   * the columns of the probability matrix.
   */
  readonly classes: string[];
  /** Label → its code in `classes`. */
  readonly position: ReadonlyMap<string, number>;
  /** The labels that are scored ({@link EvaluationSpec.labels}), as codes in `classes`. */
  readonly selected: Int32Array;
  /** Whether `selected` is the user's list (else the labels present, per slice too). */
  readonly listed: boolean;
  readonly expected: Int32Array;
  readonly predicted: Int32Array;
  /** Provisional code → its index in `classes`. */
  readonly final: Int32Array;
  /**
   * The distinct key lists of the examples' probabilities (as provisional codes, in the objects'
   * own key order), and which one each example has (−1: none). Most examples share one.
   */
  readonly keysets: readonly Int32Array[];
  readonly keysetOf: Int32Array;
}

/** One pass over the scored examples; the only per-example map lookups are for their labels. */
function codeLabels(ok: readonly ExampleResult[], labels?: readonly string[]): CodedLabels {
  // A label listed twice is one label; an empty list lists nothing.
  const listed = labels !== undefined && labels.length > 0 ? [...new Set(labels)] : undefined;
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
  for (const label of listed ?? []) codeOf(label);
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
  const classes = sortLabels(names);
  const position = new Map(classes.map((l, c) => [l, c]));
  const final = Int32Array.from(names, (name) => position.get(name) as number);
  const expected = new Int32Array(n);
  const predicted = new Int32Array(n);
  for (let i = 0; i < n; i++) {
    const e = provExpected[i] as number;
    const p = provPredicted[i] as number;
    expected[i] = e < 0 ? 0 : (final[e] as number);
    predicted[i] = p < 0 ? 0 : (final[p] as number);
  }
  const selected =
    listed !== undefined
      ? Int32Array.from(listed, (label) => position.get(label) as number)
      : presentLabels(classes, position, expected, predicted, undefined);
  return {
    classes,
    position,
    selected,
    listed: listed !== undefined,
    expected,
    predicted,
    final,
    keysets,
    keysetOf,
  };
}

/**
 * The codes of the classes that occur as expected or predicted labels of the examples (all, or
 * those at `group`), in their own {@link sortLabels} order: scikit-learn's
 * `unique_labels(y_true, y_pred)`. Their own order, not the classes': with a probability-only
 * key such as "x" the classes sort as text, while the labels "2" and "10" alone sort as numbers
 * (and the order of a macro average's sum decides its last bits).
 */
function presentLabels(
  classes: readonly string[],
  position: ReadonlyMap<string, number>,
  expected: Int32Array,
  predicted: Int32Array,
  group: Int32Array | undefined,
): Int32Array {
  const present = new Uint8Array(classes.length);
  const m = group === undefined ? expected.length : group.length;
  for (let j = 0; j < m; j++) {
    const i = group === undefined ? j : (group[j] as number);
    present[expected[i] as number] = 1;
    present[predicted[i] as number] = 1;
  }
  const labels: string[] = [];
  for (let c = 0; c < classes.length; c++) if (present[c] === 1) labels.push(classes[c] as string);
  return Int32Array.from(sortLabels(labels), (label) => position.get(label) as number);
}

function classificationPart(
  ok: readonly ExampleResult[],
  coded: CodedLabels,
  spec: EvaluationSpec,
  findings: Finding[],
  body: { -readonly [K in keyof EvaluationSummary['body']]: EvaluationSummary['body'][K] },
): Record<string, Metric> {
  const n = ok.length;
  const { classes, selected, expected, predicted } = coded;
  const m = classificationMetrics(expected, predicted, classes, selected);
  const labels = m.labels;
  body.labels = [...labels];
  body.confusionMatrix = { labels: [...labels], matrix: m.confusion.map((row) => [...row]) };
  body.perClass = {};
  for (const [label, s] of Object.entries(m.perClass)) {
    body.perClass[label] = {
      precision: clampFraction(s.precision),
      recall: clampFraction(s.recall),
      f1: clampFraction(s.f1),
      support: s.support,
    };
  }
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
  // The positive and negative labels as class codes, for binary tasks.
  let pair: { positive: number; negative: number } | undefined;
  if (binary) {
    let positive = spec.positiveLabel !== undefined ? labels.indexOf(spec.positiveLabel) : 1;
    if (positive === -1) {
      findings.push({
        code: 'positive-label-unknown',
        severity: 'warning',
        message: `positive-label "${spec.positiveLabel}" is not one of the labels (${labels.join(', ')}); using "${labels[1]}".`,
      });
      positive = 1;
    }
    pair = {
      positive: selected[positive] as number,
      negative: selected[1 - positive] as number,
    };
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
  } else if (classes.length === 2) {
    // One label scored, but the probabilities have two columns: still a binary probability task
    // (sklearn's roc_auc_score / brier_score_loss on the positive column).
    const at = spec.positiveLabel !== undefined ? classes.indexOf(spec.positiveLabel) : -1;
    const positive = at === -1 ? 1 : at;
    pair = { positive, negative: 1 - positive };
  }
  if (coded.listed) {
    const outside = classes.filter((label, c) => !labels.includes(label) && occurs(coded, c));
    if (outside.length > 0) {
      findings.push({
        code: 'labels-outside-list',
        severity: 'notice',
        message: `${outside.length} label(s) occur in the expected or predicted values but are not in the listed labels, so they enter no per-class score or average (accuracy still counts them): ${outside.slice(0, 10).join(', ')}.`,
      });
    }
  }
  if (spec.probabilityMetrics !== false) {
    Object.assign(out, probabilityPart(ok, coded, pair, findings));
  }
  return out;
}

/** Whether class `c` occurs as an expected or predicted label. */
function occurs(coded: CodedLabels, c: number): boolean {
  const { expected, predicted } = coded;
  for (let i = 0; i < expected.length; i++)
    if (expected[i] === c || predicted[i] === c) return true;
  return false;
}

/**
 * Probability metrics, when every scored example has probabilities (or a binary score). The
 * matrix has a column for every class (a key missing from an example's object is 0 there), as
 * scikit-learn's `log_loss(labels=classes)` takes the model's classes. A binary task (`pair`)
 * scores the positive column: `roc_auc_score(y == pos, P[:, pos])` and `brier_score_loss`, so a
 * probability-only key does not make it multiclass; otherwise ROC AUC is one-vs-rest over every
 * column, which scikit-learn refuses (here null) when a column's class is never a true label.
 */
function probabilityPart(
  ok: readonly ExampleResult[],
  coded: CodedLabels,
  pair: { positive: number; negative: number } | undefined,
  findings: Finding[],
): Record<string, Metric> {
  const { classes, expected, keysets, keysetOf, final } = coded;
  const positive = pair?.positive;
  const n = ok.length;
  const k = classes.length;
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
    } else if (pair !== undefined && r.score !== undefined) {
      probs[i * k + pair.positive] = r.score;
      probs[i * k + pair.negative] = 1 - r.score;
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
  // Not computed from values that are not probabilities (scikit-learn refuses them): log loss
  // and ECE need rows that sum to 1, the Brier score a positive column within [0, 1].
  const refused: string[] = [];
  if (positive !== undefined) {
    const isPos = new Uint8Array(n);
    const scores = new Float64Array(n);
    let inRange = true;
    for (let i = 0; i < n; i++) {
      isPos[i] = expected[i] === positive ? 1 : 0;
      const p = probs[i * k + positive] as number;
      scores[i] = p;
      if (!(p >= 0 && p <= 1)) inRange = false;
    }
    out.roc_auc = metric(rocAucBinary(isPos, scores), 'higher', 'fraction', n);
    if (inRange) out.brier = metric(brierScore(isPos, scores), 'lower', 'ratio', n);
    else refused.push('the Brier score');
  } else {
    out.roc_auc = metric(
      sumsToOne ? rocAucOvrMacro(expected, probs, k) : null,
      'higher',
      'fraction',
      n,
    );
    if (!sumsToOne) refused.push('ROC AUC');
  }
  if (sumsToOne) {
    out.log_loss = metric(logLoss(expected, probs, k), 'lower', 'nats', n);
    out.ece = metric(expectedCalibrationError(expected, probs, k, 15), 'lower', 'fraction', n);
  } else {
    refused.unshift('log loss', 'ECE');
  }
  if (refused.length > 0) {
    const list = `${refused.slice(0, -1).join(', ')} and ${refused[refused.length - 1] as string}`;
    findings.push({
      code: 'probabilities-not-normalized',
      severity: 'warning',
      message: `Some predicted probabilities are outside [0, 1] or do not sum to 1, so ${list} ${refused.length === 1 ? 'is' : 'are'} not computed (scikit-learn refuses them too).`,
    });
  }
  if (out.roc_auc.value === null && (positive !== undefined || sumsToOne)) {
    const seen = new Uint8Array(k);
    for (let i = 0; i < n; i++) seen[expected[i] as number] = 1;
    const never = classes.filter((_, c) => seen[c] === 0);
    findings.push({
      code: 'roc-auc-undefined',
      severity: 'notice',
      message:
        positive !== undefined
          ? `ROC AUC is undefined: ${seen[positive] === 1 ? 'every' : 'no'} true label is the positive label "${classes[positive] as string}" (only one class present).`
          : `ROC AUC is undefined: ${never.map((l) => `"${l}"`).join(', ')} ${never.length === 1 ? 'has' : 'have'} a probability column but no true example (scikit-learn's one-vs-rest roc_auc_score refuses that too).`,
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
      out.push({ column, value, n, metrics: clampFractionValues(values) });
    }
  }
  return out;
}

/**
 * accuracy, balanced_accuracy and f1_macro of the scored examples at `group`, over the listed
 * labels or else the labels that occur among them as expected or predicted values (what
 * scikit-learn's f1_score gives on the slice alone; probability keys are not labels).
 */
function sliceClassification(coded: CodedLabels, group: Int32Array): Record<string, number | null> {
  const { classes, expected, predicted } = coded;
  const selected = coded.listed
    ? coded.selected
    : presentLabels(classes, coded.position, expected, predicted, group);
  const gExpected = new Int32Array(group.length);
  const gPredicted = new Int32Array(group.length);
  for (let j = 0; j < group.length; j++) {
    gExpected[j] = expected[group[j] as number] as number;
    gPredicted[j] = predicted[group[j] as number] as number;
  }
  const m = classificationMetrics(gExpected, gPredicted, classes, selected);
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
