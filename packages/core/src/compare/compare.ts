import type { ConfidenceInterval, Finding, Metric } from '../report/envelope';
import type { ExampleResult, SliceMetrics } from '../report/evaluation';
import { numberOf } from '../evaluation/task';
import { absolutePercentageError } from '../metrics/regression';
import type { AppliedRule, ComparisonState, MetricComparison } from '../report/regression';
import { isLabelStatistic, pairedLabelBootstrap, pairedMeanBootstrap } from './bootstrap';
import { pairedEquivalence } from './equivalence';
import { mcnemarExact } from './mcnemar';
import { correctness, isScored, labelText } from './paired';
import type { PairedRuns } from './paired';
import type { ResolvedRule } from './policy';
import { twoProportionZTest } from './z-test';

export type GateVerdict = 'pass' | 'warn' | 'fail';

export interface CompareOptions {
  readonly alpha: number;
  readonly resamples: number;
  readonly seed: number;
  /** The verdict of a drop beyond tolerance that is not significant (`noise`). */
  readonly noiseVerdict: GateVerdict;
}

export interface CompareInput {
  readonly candidate: Readonly<Record<string, Metric>>;
  /** Undefined when there is no baseline: only absolute bounds and required metrics gate. */
  readonly baseline: Readonly<Record<string, Metric>> | undefined;
  readonly rules: ReadonlyMap<string, ResolvedRule>;
  readonly paired?: PairedRuns | undefined;
  readonly candidateSlices?: readonly SliceMetrics[] | undefined;
  readonly baselineSlices?: readonly SliceMetrics[] | undefined;
}

export interface CompareOutcome {
  readonly status: GateVerdict;
  readonly comparisons: MetricComparison[];
  readonly findings: Finding[];
}

interface TestResult {
  readonly test: MetricComparison['test'];
  readonly pValue: number | null;
  readonly ci?: ConfidenceInterval;
  readonly n?: number;
  readonly paired: boolean;
  /** The per-example values (baseline, candidate) whose means the test compared. */
  readonly values?: readonly [Float64Array, Float64Array];
}

/** Metrics whose per-example value is one 0/1 outcome: McNemar when paired, z-test when not. */
const BINARY_METRICS = new Set(['accuracy', 'error_rate', 'pass_rate']);

/**
 * Per-example values whose mean over the scored examples is the metric, for the means that get
 * a paired bootstrap: regression's MAE and MAPE (scikit-learn's |y − ŷ| / max(|y|, eps)), and
 * the LLM mean score when every case of a run has the same number of trials (the mean over
 * cases is then the mean over trials). Undefined when some example lacks the value.
 */
function perExampleMean(
  metric: string,
  runs: PairedRuns,
  idx: readonly number[],
): [Float64Array, Float64Array] | undefined {
  let value: ((r: ExampleResult) => number | undefined) | undefined;
  if (metric === 'mae' || metric === 'mape') {
    value = (r) => {
      const y = numberOf(r.expected);
      const yHat = numberOf(r.predicted);
      if (y === undefined || yHat === undefined) return undefined;
      return metric === 'mae' ? Math.abs(y - yHat) : absolutePercentageError(y, yHat);
    };
  } else if (metric === 'mean_score') {
    const sameTrials = (rows: readonly ExampleResult[]) =>
      new Set(idx.map((i) => rows[i]!.repeats ?? 1)).size === 1;
    if (!sameTrials(runs.baseline) || !sameTrials(runs.candidate)) return undefined;
    value = (r) => r.score;
  }
  if (value === undefined) return undefined;
  const a = new Float64Array(idx.length);
  const b = new Float64Array(idx.length);
  for (let k = 0; k < idx.length; k++) {
    const va = value(runs.baseline[idx[k]!]!);
    const vb = value(runs.candidate[idx[k]!]!);
    if (va === undefined || vb === undefined || !Number.isFinite(va) || !Number.isFinite(vb)) {
      return undefined;
    }
    a[k] = va;
    b[k] = vb;
  }
  return [a, b];
}

/**
 * The paired test of a metric from per-example results, or undefined when modelgate has none
 * for it. `accuracy` and `pass_rate` (when every pass rate is 0 or 1) get McNemar's exact test
 * over the examples both runs scored, with a bootstrap interval; `error_rate` the same over all
 * examples; `pass_rate` with repeats, the label statistics (macro, weighted and micro F1,
 * precision and recall, balanced accuracy) and the means (MAE, MAPE, mean score) the paired
 * bootstrap. `keep` restricts to a slice.
 */
export function pairedTest(
  metric: string,
  runs: PairedRuns,
  options: CompareOptions,
  keep: (i: number) => boolean = () => true,
): TestResult | undefined {
  const boot = {
    resamples: options.resamples,
    seed: options.seed,
    alpha: options.alpha,
    label: metric,
  };
  const idx: number[] = [];
  const scoredBoth = metric !== 'error_rate';
  for (let i = 0; i < runs.ids.length; i++) {
    if (!keep(i)) continue;
    if (scoredBoth && !(isScored(runs.baseline[i]!) && isScored(runs.candidate[i]!))) continue;
    idx.push(i);
  }
  if (idx.length === 0) return undefined;
  let a: Float64Array;
  let b: Float64Array;
  if (metric === 'accuracy') {
    a = Float64Array.from(idx, (i) => correctness(runs.baseline[i]!));
    b = Float64Array.from(idx, (i) => correctness(runs.candidate[i]!));
  } else if (metric === 'error_rate') {
    a = Float64Array.from(idx, (i) => (isScored(runs.baseline[i]!) ? 0 : 1));
    b = Float64Array.from(idx, (i) => (isScored(runs.candidate[i]!) ? 0 : 1));
  } else if (metric === 'pass_rate') {
    const rate = (r: PairedRuns['baseline'][number]) => r.passRate ?? correctness(r);
    a = Float64Array.from(idx, (i) => rate(runs.baseline[i]!));
    b = Float64Array.from(idx, (i) => rate(runs.candidate[i]!));
  } else if (isLabelStatistic(metric)) {
    const truth = idx.map((i) => labelText(runs.candidate[i]!.expected));
    const result = pairedLabelBootstrap(
      metric,
      truth,
      idx.map((i) => labelText(runs.baseline[i]!.predicted)),
      idx.map((i) => labelText(runs.candidate[i]!.predicted)),
      boot,
    );
    return {
      test: 'paired-bootstrap',
      pValue: result.pValue,
      ci: result.ci,
      n: idx.length,
      paired: true,
    };
  } else {
    const values = perExampleMean(metric, runs, idx);
    if (values === undefined) return undefined;
    [a, b] = values;
  }
  const boolean = (x: Float64Array) => x.every((v) => v === 0 || v === 1);
  const bootstrap = pairedMeanBootstrap(a, b, boot);
  if (boolean(a) && boolean(b)) {
    // b: baseline good, candidate bad; c: the reverse ("good" is 0 for the error rate).
    const good = metric === 'error_rate' ? 0 : 1;
    let bOnly = 0;
    let cOnly = 0;
    for (let k = 0; k < a.length; k++) {
      if (a[k] === good && b[k] !== good) bOnly += 1;
      else if (a[k] !== good && b[k] === good) cOnly += 1;
    }
    const m = mcnemarExact(bOnly, cOnly);
    return {
      test: 'mcnemar-exact',
      pValue: m.pValue,
      ci: bootstrap.ci,
      n: idx.length,
      paired: true,
      values: [a, b],
    };
  }
  return {
    test: 'paired-bootstrap',
    pValue: bootstrap.pValue,
    ci: bootstrap.ci,
    n: idx.length,
    paired: true,
    values: [a, b],
  };
}

/** The unpaired fallback: the two-proportion z-test for 0/1 metrics whose reports give n. */
function unpairedTest(
  metric: string,
  baseline: Metric,
  candidate: Metric,
  alpha: number,
): TestResult {
  const vb = baseline.value;
  const vc = candidate.value;
  if (
    BINARY_METRICS.has(metric) &&
    vb !== null &&
    vc !== null &&
    vb >= 0 &&
    vb <= 1 &&
    vc >= 0 &&
    vc <= 1 &&
    baseline.n !== undefined &&
    candidate.n !== undefined &&
    baseline.n > 0 &&
    candidate.n > 0
  ) {
    const z = twoProportionZTest(
      Math.round(vb * baseline.n),
      baseline.n,
      Math.round(vc * candidate.n),
      candidate.n,
      alpha,
    );
    return { test: 'two-proportion-z', pValue: z.pValue, ci: z.ci, paired: false };
  }
  return { test: 'none', pValue: null, paired: false };
}

const EPS = 1e-12;

function worseBy(direction: AppliedRule['direction'], baseline: number, candidate: number): number {
  if (direction === 'higher') return baseline - candidate;
  if (direction === 'lower') return candidate - baseline;
  return 0;
}

function lesser(a: GateVerdict, b: GateVerdict): GateVerdict {
  const rank = { pass: 0, warn: 1, fail: 2 } as const;
  return rank[a] <= rank[b] ? a : b;
}

function fmt(x: number): string {
  if (x === 0) return '0';
  const abs = Math.abs(x);
  return abs >= 1000 || abs < 0.001 ? x.toPrecision(4) : String(Number(x.toPrecision(4)));
}

interface Judged {
  readonly state: ComparisonState;
  readonly verdict: GateVerdict;
  readonly message: string;
  readonly requireSignificance: boolean;
}

/**
 * The state and verdict of one metric (or slice) from its two values, rule and test.
 * Absolute bounds first (they hold with or without a baseline); then the drop against the
 * tolerance (`maxDrop`, `maxRelativeDrop`; with neither, any drop counts for a gated rule and
 * only a significant one for the informational default); then significance: a drop beyond
 * tolerance is `regressed` when significant (or when significance is not required), else
 * `noise`. Exported for tests.
 */
export function judge(
  rule: ResolvedRule,
  baseline: number | null,
  candidate: number,
  test: TestResult,
  options: CompareOptions,
  dropLimit: { maxDrop?: number | undefined; maxRelativeDrop?: number | undefined } = rule,
): Judged {
  const hasTest = test.pValue !== null;
  const requireSignificance = rule.requireSignificance ?? hasTest;
  const base = { requireSignificance };
  if (rule.min !== undefined && candidate < rule.min - EPS) {
    return {
      ...base,
      state: 'regressed',
      verdict: rule.tier,
      message: `${fmt(candidate)} is below the minimum ${fmt(rule.min)}`,
    };
  }
  if (rule.max !== undefined && candidate > rule.max + EPS) {
    return {
      ...base,
      state: 'regressed',
      verdict: rule.tier,
      message: `${fmt(candidate)} is above the maximum ${fmt(rule.max)}`,
    };
  }
  if (baseline === null) {
    return { ...base, state: 'new', verdict: 'pass', message: 'no baseline value to compare with' };
  }
  const drop = worseBy(rule.direction, baseline, candidate);
  const relDrop = baseline !== 0 ? drop / Math.abs(baseline) : drop > 0 ? Infinity : 0;
  const significant = hasTest && test.pValue < options.alpha;
  const pText = hasTest ? `p = ${fmt(test.pValue)}` : 'no significance test';
  if (Math.abs(candidate - baseline) <= EPS * Math.max(1, Math.abs(baseline))) {
    return { ...base, state: 'unchanged', verdict: 'pass', message: 'no change' };
  }
  if (rule.direction === 'none') {
    return {
      ...base,
      state: 'unchanged',
      verdict: 'pass',
      message: `changed by ${fmt(candidate - baseline)}; the metric has no better direction`,
    };
  }
  if (drop < 0) {
    if (hasTest && !significant) {
      return {
        ...base,
        state: 'unchanged',
        verdict: 'pass',
        message: `better by ${fmt(-drop)}, not significant (${pText})`,
      };
    }
    return {
      ...base,
      state: 'improved',
      verdict: 'pass',
      message: `better by ${fmt(-drop)} (${pText})`,
    };
  }
  const limits: string[] = [];
  let beyond: boolean;
  if (dropLimit.maxDrop === undefined && dropLimit.maxRelativeDrop === undefined) {
    beyond = true;
  } else {
    beyond = false;
    if (dropLimit.maxDrop !== undefined) {
      limits.push(`max drop ${fmt(dropLimit.maxDrop)}`);
      if (drop > dropLimit.maxDrop + EPS) beyond = true;
    }
    if (dropLimit.maxRelativeDrop !== undefined) {
      limits.push(`max relative drop ${fmt(dropLimit.maxRelativeDrop * 100)}%`);
      if (relDrop > dropLimit.maxRelativeDrop + EPS) beyond = true;
    }
  }
  const dropText = `worse by ${fmt(drop)}${Number.isFinite(relDrop) ? ` (${fmt(relDrop * 100)}%)` : ''}`;
  if (!beyond) {
    return {
      ...base,
      state: 'unchanged',
      verdict: 'pass',
      message: `${dropText}, within the tolerance (${limits.join(', ')})`,
    };
  }
  if (rule.informational) {
    if (significant) {
      return {
        ...base,
        state: 'regressed',
        verdict: 'warn',
        message: `${dropText}, significant (${pText}); no rule names this metric, so it warns`,
      };
    }
    if (hasTest) {
      return {
        ...base,
        state: 'unchanged',
        verdict: 'pass',
        message: `${dropText}, not significant (${pText})`,
      };
    }
    return {
      ...base,
      state: 'regressed',
      verdict: 'pass',
      message: `${dropText}; no rule and no test, so it is not gated`,
    };
  }
  const tolerance =
    limits.length > 0
      ? `beyond the tolerance (${limits.join(', ')})`
      : 'and the rule allows no drop';
  if (requireSignificance && !significant) {
    const why = hasTest
      ? `not significant (${pText} ≥ α = ${fmt(options.alpha)})`
      : 'significance is required but no test applies';
    return {
      ...base,
      state: 'noise',
      verdict: lesser(options.noiseVerdict, rule.tier),
      message: `${dropText}, ${tolerance}, but ${why}`,
    };
  }
  return {
    ...base,
    state: 'regressed',
    verdict: rule.tier,
    message: `${dropText}, ${tolerance}${hasTest ? `, ${significant ? 'significant' : 'not significant'} (${pText})` : ''}`,
  };
}

/**
 * Compares every metric of the candidate with the baseline under its rule, with the paired test
 * when per-example results are paired and the unpaired fallback otherwise, plus one row per
 * slice for rules with a `maxSliceDrop`. The overall status is the worst verdict.
 *
 * Rows: a metric of either run, or a required metric of the policy. `missing`: the candidate
 * lacks a metric the baseline has or the policy requires (required: the rule's tier; otherwise
 * warn). `errored`: the candidate's value is null. `new`: the baseline lacks it.
 */
export function compareMetrics(input: CompareInput, options: CompareOptions): CompareOutcome {
  const comparisons: MetricComparison[] = [];
  const findings: Finding[] = [];
  const names = [...input.rules.keys()].sort();
  for (const name of names) {
    const rule = input.rules.get(name) as ResolvedRule;
    const cand = input.candidate[name];
    const base = input.baseline?.[name];
    const applied = toApplied(rule, rule.requireSignificance ?? false);
    const row = (
      fields: Omit<MetricComparison, 'metric' | 'rule'> & { rule?: AppliedRule },
    ): void => {
      comparisons.push({ metric: name, rule: applied, ...fields });
    };
    if (cand === undefined) {
      if (!rule.required && base === undefined) continue;
      row({
        baseline: base?.value ?? null,
        candidate: null,
        delta: null,
        relativeDelta: null,
        pValue: null,
        test: 'none',
        state: 'missing',
        verdict: rule.required ? rule.tier : 'warn',
        message: rule.required
          ? 'required, but the candidate does not report it'
          : 'the baseline reports it, the candidate does not',
      });
      continue;
    }
    const cv = cand.value;
    if (cv === null || !Number.isFinite(cv)) {
      row({
        baseline: base?.value ?? null,
        candidate: null,
        delta: null,
        relativeDelta: null,
        pValue: null,
        test: 'none',
        state: 'errored',
        verdict: rule.informational ? 'warn' : rule.tier,
        message:
          'the candidate has no value for it (undefined for its data, or its computation failed)',
      });
      continue;
    }
    const bv = base?.value ?? null;
    let test: TestResult = { test: 'none', pValue: null, paired: false };
    if (base !== undefined && bv !== null) {
      test =
        (input.paired && pairedTest(name, input.paired, options)) ||
        unpairedTest(name, base, cand, options.alpha);
    }
    const judged = judge(rule, bv, cv, test, options);
    const delta = bv === null ? null : cv - bv;
    const equivalence = equivalenceOf(rule, test, options, base !== undefined);
    row({
      rule: toApplied(rule, judged.requireSignificance),
      baseline: bv,
      candidate: cv,
      delta,
      relativeDelta: delta !== null && bv !== null && bv !== 0 ? delta / Math.abs(bv) : null,
      ...(test.ci && { ci: test.ci }),
      pValue: test.pValue,
      test: test.test,
      ...(base !== undefined && { paired: test.paired }),
      ...(test.n !== undefined && { n: test.n }),
      state: judged.state,
      verdict: judged.verdict,
      message: equivalence ? `${judged.message}; ${equivalence.text}` : judged.message,
      ...(/latency|duration|_ms$|time/i.test(name) && { noisy: true }),
      ...(equivalence && { equivalence: equivalence.result }),
    });
    if (rule.maxSliceDrop !== undefined)
      comparisons.push(...compareSlices(name, rule, input, options));
  }
  for (const c of comparisons) {
    if (c.verdict === 'pass') continue;
    findings.push({
      code: `regression-${c.state}`,
      severity: c.verdict === 'fail' ? 'error' : 'warning',
      message: `${c.metric}${c.slice ? ` [${c.slice.column}=${c.slice.value}]` : ''}: ${c.state}: ${c.message}`,
      subject: c.metric,
    });
  }
  const status: GateVerdict = comparisons.some((c) => c.verdict === 'fail')
    ? 'fail'
    : comparisons.some((c) => c.verdict === 'warn')
      ? 'warn'
      : 'pass';
  return { status, comparisons, findings };
}

/**
 * The TOST of a metric whose rule has an `equivalenceMargin`, on the paired per-example values
 * its test used, with a phrase for the message; undefined without a margin, a baseline or
 * per-example values (the phrase then says why, when a margin was asked for).
 */
function equivalenceOf(
  rule: ResolvedRule,
  test: TestResult,
  options: CompareOptions,
  hasBaseline: boolean,
): { result: NonNullable<MetricComparison['equivalence']>; text: string } | undefined {
  const margin = rule.equivalenceMargin;
  if (margin === undefined || !hasBaseline || test.values === undefined) return undefined;
  const [a, b] = test.values;
  const r = pairedEquivalence(a, b, margin, options.alpha, rule.direction);
  if (r === undefined) return undefined;
  const result: NonNullable<MetricComparison['equivalence']> = {
    margin: r.margin,
    lower: r.lower,
    upper: r.upper,
    pValue: r.pValue,
    decision: r.decision,
    ...(r.neededN !== undefined && { neededN: r.neededN }),
  };
  const within = `±${fmt(margin)}`;
  const ci = `${fmt(100 * (1 - 2 * options.alpha))}% interval of the change ${fmt(r.lower)} to ${fmt(r.upper)}`;
  const p = `p = ${fmt(r.pValue)}`;
  const text =
    r.decision === 'equivalent'
      ? `equivalent within ${within} (TOST ${p}; ${ci})`
      : r.decision === 'inconclusive'
        ? `inconclusive against the margin ${within} (TOST ${p}; ${ci}); ${
            r.neededN !== undefined
              ? `about ${r.neededN} paired examples would be needed to show equivalence (80% power at α = ${fmt(options.alpha)} if the true change is 0)`
              : `the observed change ${fmt(r.meanDifference)} is too near the margin to decide, not the sample too small`
          }`
        : `${r.decision} by more than the margin ${within} (${p}; ${ci})`;
  return { result, text };
}

function toApplied(rule: ResolvedRule, requireSignificance: boolean): AppliedRule {
  const applied: AppliedRule = {
    direction: rule.direction,
    ...(rule.min !== undefined && { min: rule.min }),
    ...(rule.max !== undefined && { max: rule.max }),
    ...(rule.maxDrop !== undefined && { maxDrop: rule.maxDrop }),
    ...(rule.maxRelativeDrop !== undefined && { maxRelativeDrop: rule.maxRelativeDrop }),
    ...(rule.maxSliceDrop !== undefined && { maxSliceDrop: rule.maxSliceDrop }),
    ...(rule.equivalenceMargin !== undefined && { equivalenceMargin: rule.equivalenceMargin }),
    ...(rule.informational && { informational: true }),
    tier: rule.tier,
    requireSignificance,
    required: rule.required,
    source: rule.source,
  };
  return applied;
}

/** One row per slice (column, value) that both runs scored, held to `maxSliceDrop`. */
function compareSlices(
  name: string,
  rule: ResolvedRule,
  input: CompareInput,
  options: CompareOptions,
): MetricComparison[] {
  const out: MetricComparison[] = [];
  const baseSlices = new Map(
    (input.baselineSlices ?? []).map((s) => [`${s.column}\u0000${s.value}`, s]),
  );
  for (const slice of input.candidateSlices ?? []) {
    const cv = slice.metrics[name];
    if (cv === undefined || cv === null) continue;
    const bv = baseSlices.get(`${slice.column}\u0000${slice.value}`)?.metrics[name] ?? null;
    let test: TestResult = { test: 'none', pValue: null, paired: false };
    if (input.paired && bv !== null) {
      const runs = input.paired;
      test =
        pairedTest(
          name,
          runs,
          options,
          (i) => runs.candidate[i]!.slices?.[slice.column] === slice.value,
        ) ?? test;
    }
    // Slices are held to the slice drop only: no bounds, and gated even under the default rule.
    const sliceRule: ResolvedRule = {
      direction: rule.direction,
      tier: rule.tier,
      requireSignificance: rule.requireSignificance,
      required: false,
      optional: false,
      maxSliceDrop: rule.maxSliceDrop,
      source: rule.source,
    };
    const judged = judge(sliceRule, bv, cv, test, options, { maxDrop: rule.maxSliceDrop });
    const delta = bv === null ? null : cv - bv;
    out.push({
      metric: name,
      slice: { column: slice.column, value: slice.value },
      baseline: bv,
      candidate: cv,
      delta,
      relativeDelta: delta !== null && bv !== null && bv !== 0 ? delta / Math.abs(bv) : null,
      ...(test.ci && { ci: test.ci }),
      pValue: test.pValue,
      test: test.test,
      paired: test.paired,
      ...(test.n !== undefined && { n: test.n }),
      rule: toApplied(sliceRule, judged.requireSignificance),
      state: judged.state,
      verdict: judged.verdict,
      message: `slice ${slice.column}=${slice.value} (n = ${slice.n}): ${judged.message}`,
    });
  }
  return out;
}
