import type { EvaluationBody } from '../report/evaluation';
import type { RegressionBody } from '../report/regression';

/** Whether two evaluations measured the same thing, and where they differ. */
export type Comparability = NonNullable<RegressionBody['comparability']>;

const list = (values: readonly string[]): string =>
  values.length === 0 ? '(none)' : values.join(', ');

/**
 * Compares what two evaluation reports measured: the eval set (its sha256 and row count, the
 * fingerprint evaluate-model records), the task, the label set (the labels the metrics were
 * computed over, as a set) and the slice definition (the slice columns, as a set). Each
 * difference names both sides. Pure.
 */
export function compareEvaluations(
  baseline: EvaluationBody,
  candidate: EvaluationBody,
): Comparability {
  const differences: Comparability['differences'] = [];
  const b = baseline.dataset;
  const c = candidate.dataset;
  if (b.sha256 !== c.sha256 || b.rows !== c.rows) {
    differences.push({
      aspect: 'eval-set',
      baseline: `${b.path} (sha256 ${b.sha256.slice(0, 12)}…, ${b.rows} rows)`,
      candidate: `${c.path} (sha256 ${c.sha256.slice(0, 12)}…, ${c.rows} rows)`,
    });
  }
  if (baseline.task !== candidate.task) {
    differences.push({ aspect: 'task', baseline: baseline.task, candidate: candidate.task });
  }
  const labels = (body: EvaluationBody) => [...new Set(body.labels ?? [])].sort();
  const bl = labels(baseline);
  const cl = labels(candidate);
  if (bl.join('\u0000') !== cl.join('\u0000')) {
    differences.push({ aspect: 'labels', baseline: list(bl), candidate: list(cl) });
  }
  const columns = (body: EvaluationBody) =>
    [...new Set((body.slices ?? []).map((s) => s.column))].sort();
  const bs = columns(baseline);
  const cs = columns(candidate);
  if (bs.join('\u0000') !== cs.join('\u0000')) {
    differences.push({ aspect: 'slices', baseline: list(bs), candidate: list(cs) });
  }
  return { comparable: differences.length === 0, differences };
}

/** The differences in one sentence, e.g. for a refused paired test. */
export function describeDifferences(comparability: Comparability): string {
  const names = {
    'eval-set': 'eval set',
    task: 'task',
    labels: 'label set',
    slices: 'slice columns',
  };
  return comparability.differences
    .map((d) => `different ${names[d.aspect]} (baseline ${d.baseline}, candidate ${d.candidate})`)
    .join('; ');
}
