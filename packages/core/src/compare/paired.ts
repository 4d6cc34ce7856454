import type { ExampleResult } from '../report/evaluation';

/** The per-example results of two runs over the same eval set, aligned by id. */
export interface PairedRuns {
  readonly ids: readonly string[];
  readonly baseline: readonly ExampleResult[];
  readonly candidate: readonly ExampleResult[];
}

/** The eval set a run used: the dataset's sha256 and row count. */
export interface EvalSetIdentity {
  readonly sha256: string;
  readonly rows: number;
}

/**
 * Pairs the per-example results of two runs, or says why they cannot be paired: a paired test
 * needs the same eval set (same dataset sha256 and row count) and the same example ids, each
 * once. The result is `{ paired }` or `{ refused }` with a message for the report.
 */
export function pairExamples(
  baselineSet: EvalSetIdentity,
  candidateSet: EvalSetIdentity,
  baseline: readonly ExampleResult[],
  candidate: readonly ExampleResult[],
): { paired: PairedRuns; refused?: undefined } | { paired?: undefined; refused: string } {
  if (baselineSet.sha256 !== candidateSet.sha256 || baselineSet.rows !== candidateSet.rows) {
    return {
      refused: `the runs used different eval sets (baseline ${baselineSet.sha256.slice(0, 12)}… with ${baselineSet.rows} rows, candidate ${candidateSet.sha256.slice(0, 12)}… with ${candidateSet.rows} rows)`,
    };
  }
  const index = new Map<string, ExampleResult>();
  for (const row of baseline) {
    if (index.has(row.id)) return { refused: `the baseline has example id "${row.id}" twice` };
    index.set(row.id, row);
  }
  const seen = new Set<string>();
  const ids: string[] = [];
  const a: ExampleResult[] = [];
  const b: ExampleResult[] = [];
  for (const row of candidate) {
    if (seen.has(row.id)) return { refused: `the candidate has example id "${row.id}" twice` };
    seen.add(row.id);
    const match = index.get(row.id);
    if (!match)
      return { refused: `example id "${row.id}" is in the candidate but not the baseline` };
    ids.push(row.id);
    a.push(match);
    b.push(row);
  }
  if (ids.length !== index.size) {
    const missing = [...index.keys()].find((id) => !seen.has(id)) ?? '';
    return { refused: `example id "${missing}" is in the baseline but not the candidate` };
  }
  return { paired: { ids, baseline: a, candidate: b } };
}

/** True when the example has a prediction (evaluate-model scores quality over these). */
export function isScored(row: ExampleResult): boolean {
  return (row.status ?? (row.error === undefined ? 'ok' : 'error')) === 'ok';
}

/** A label as evaluate-model compares it: strings as they are, anything else as JSON. */
export function labelText(value: unknown): string {
  if (value === undefined || value === null) return '';
  return typeof value === 'string' ? value : JSON.stringify(value);
}

/** 1 when the example is right, else 0: `correct` when given, else expected = predicted. */
export function correctness(row: ExampleResult): number {
  if (row.correct !== undefined) return row.correct ? 1 : 0;
  return labelText(row.expected) === labelText(row.predicted) ? 1 : 0;
}
