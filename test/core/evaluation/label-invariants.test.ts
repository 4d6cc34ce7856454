import { describe, expect, it } from '@jest/globals';
import fc from 'fast-check';
import {
  buildEvaluationReport,
  isFractionMetric,
  mergeShardRuns,
  shardOf,
  summarizeResults,
} from '@modelgate/core';
import type { EvaluationSummary, ExampleResult, ShardRun } from '@modelgate/core';

/**
 * Invariants of the classification metrics, whatever the data: a perfect predictor scores 1
 * whatever its probability objects hold; one slice holding every row scores as the whole set;
 * the order of the rows changes nothing; shards merged score as the whole; a value bounded by
 * definition stays within [0, 1].
 */

const POOLS = [
  ['ham', 'spam'],
  ['0', '1', '2', '10'],
  ['bird', 'cat', 'dog'],
  ['a', '10', '2'],
] as const;
const EXTRA_KEYS = ['unsure', 'other', '99'];

interface Row {
  expected: number;
  predicted: number;
  slice: number;
  /** [key index in pool + extras, weight]; order kept as the object's key order. */
  probs: [number, number][] | null;
  score: number | null;
  /** The call failed: no prediction (counts in error_rate only). */
  failed: boolean;
}

const rowArb = (k: number) =>
  fc.record({
    expected: fc.nat({ max: k - 1 }),
    predicted: fc.nat({ max: k - 1 }),
    slice: fc.nat({ max: 2 }),
    probs: fc.option(
      fc.uniqueArray(
        fc.tuple(
          fc.nat({ max: k + EXTRA_KEYS.length - 1 }),
          fc.double({ min: 0, max: 1, noNaN: true }),
        ),
        {
          selector: ([key]) => key,
          minLength: 1,
          maxLength: k + 2,
        },
      ),
      { nil: null },
    ),
    score: fc.constant(null),
    failed: fc.boolean().chain((b) => (b ? fc.boolean() : fc.constant(false))),
  });

const caseArb = fc.nat({ max: POOLS.length - 1 }).chain((p) => {
  const k = Math.min(POOLS[p]!.length, 4);
  return fc.record({
    pool: fc.constant(p),
    rows: fc.array(rowArb(k), { minLength: 1, maxLength: 40 }),
    normalize: fc.boolean(),
  });
});

type Case = { pool: number; rows: Row[]; normalize: boolean };

function toResults(c: Case, perfect = false): ExampleResult[] {
  const pool = POOLS[c.pool]!;
  const keys = [...pool, ...EXTRA_KEYS];
  return c.rows.map((row, i) => {
    const expected = pool[row.expected]!;
    const r: ExampleResult = {
      id: `r${i}`,
      index: i,
      expected,
      predicted: perfect ? expected : pool[row.predicted]!,
      status: 'ok',
      slices: { s: ['x', 'y', 'z'][row.slice]! },
    };
    if (row.failed && !perfect) {
      delete r.predicted;
      return { ...r, status: 'error', error: 'HTTP 500', errorCode: 'http' };
    }
    if (row.probs !== null) {
      const total = row.probs.reduce((a, [, w]) => a + w, 0);
      r.probabilities = Object.fromEntries(
        row.probs.map(([key, w]) => [keys[key]!, c.normalize && total > 0 ? w / total : w]),
      );
    }
    return r;
  });
}

const LABEL_KEYS = [
  'accuracy',
  'balanced_accuracy',
  'precision_macro',
  'recall_macro',
  'f1_macro',
  'f1_micro',
  'precision_weighted',
  'recall_weighted',
  'f1_weighted',
] as const;

const spec = { task: 'classification' as const, sliceBy: ['s'], minSliceSize: 1 };

describe('classification metric invariants (fast-check)', () => {
  it('a perfect predictor scores 1 whatever the probability objects hold, whole set and slices', () => {
    fc.assert(
      fc.property(caseArb, (c) => {
        const s = summarizeResults(toResults(c, true), spec);
        for (const key of LABEL_KEYS) expect(s.metrics[key]?.value).toBe(1);
        for (const slice of s.body.slices ?? []) {
          expect(slice.metrics.accuracy).toBe(1);
          expect(slice.metrics.balanced_accuracy).toBe(1);
          expect(slice.metrics.f1_macro).toBe(1);
        }
        expect(s.findings.map((f) => f.code)).not.toContain('zero-division');
      }),
      { numRuns: 300 },
    );
  });

  it('one slice holding every row scores as the whole set', () => {
    fc.assert(
      fc.property(caseArb, fc.boolean(), (c, listed) => {
        const results = toResults(c).map((r) => ({ ...r, slices: { s: 'all' } }));
        const labels = listed ? [...POOLS[c.pool]!].reverse() : undefined;
        const s = summarizeResults(results, { ...spec, ...(labels && { labels }) });
        const slice = s.body.slices![0]!;
        expect(slice.n).toBe(results.length);
        for (const key of ['accuracy', 'balanced_accuracy', 'f1_macro'] as const)
          expect(slice.metrics[key]).toBe(s.metrics[key]?.value);
      }),
      { numRuns: 300 },
    );
  });

  it('permuting the rows changes nothing', () => {
    fc.assert(
      fc.property(
        caseArb.chain((c) =>
          fc.tuple(
            fc.constant(c),
            fc.shuffledSubarray(
              c.rows.map((_, i) => i),
              {
                minLength: c.rows.length,
                maxLength: c.rows.length,
              },
            ),
          ),
        ),
        ([c, order]) => {
          const results = toResults(c);
          const a = summarizeResults(results, spec);
          const b = summarizeResults(
            order.map((i) => results[i]!),
            spec,
          );
          expect(b.body.labels).toEqual(a.body.labels);
          expect(b.body.confusionMatrix).toEqual(a.body.confusionMatrix);
          expect(b.body.perClass).toEqual(a.body.perClass);
          expect(b.body.slices).toEqual(a.body.slices);
          expect(Object.keys(b.metrics).sort()).toEqual(Object.keys(a.metrics).sort());
          for (const [key, m] of Object.entries(a.metrics)) {
            const v = b.metrics[key]!.value;
            // Sums of probabilities (log loss, ECE, Brier) may differ in the last bits with order.
            if (m.value === null || v === null) expect(v).toBe(m.value);
            else
              expect(Math.abs(v - m.value)).toBeLessThanOrEqual(
                1e-12 * Math.max(1, Math.abs(m.value)),
              );
          }
          expect(b.findings.map((f) => f.code).sort()).toEqual(
            a.findings.map((f) => f.code).sort(),
          );
        },
      ),
      { numRuns: 200 },
    );
  });

  it('shards merged score as the whole set', () => {
    const dataset = { path: 'eval.jsonl', sha256: 'f'.repeat(64), rows: 0 };
    const shardRun = (
      summary: EvaluationSummary,
      results: ExampleResult[],
      index: number,
      count: number,
      rows: number,
    ): ShardRun => ({
      source: `shard-${index}/evaluation.json`,
      results,
      report: buildEvaluationReport(summary, {
        provenance: {
          time: '2026-01-01T00:00:00Z',
          tool: { name: 'evaluate-model', version: '0' },
        },
        inputs: [],
        task: 'classification',
        model: { source: 'predictions' },
        dataset: { ...dataset, rows },
        shard: { index, count },
        missingPredictions: 0,
        unknownIds: [],
        maxErrorRate: 1,
      }),
    });
    fc.assert(
      fc.property(caseArb, fc.integer({ min: 2, max: 4 }), (c, count) => {
        const results = toResults(c);
        const whole = summarizeResults(results, spec);
        const runs: ShardRun[] = [];
        for (let index = 1; index <= count; index++) {
          const part = results.filter((r) => shardOf(r.id, count) === index);
          runs.push(shardRun(summarizeResults(part, spec), part, index, count, results.length));
        }
        const merged = mergeShardRuns(runs);
        const again = summarizeResults(merged.results, spec);
        expect(again.metrics).toEqual(whole.metrics);
        expect(again.body).toEqual(whole.body);
      }),
      { numRuns: 100 },
    );
  });

  it('keeps every value bounded by definition within [0, 1], even from values that are not probabilities', () => {
    const outOfRange = fc.record({
      expected: fc.constantFrom('ham', 'spam'),
      predicted: fc.constantFrom('ham', 'spam'),
      score: fc.double({ min: -2, max: 3, noNaN: true }),
      spam: fc.option(fc.double({ min: -1, max: 2, noNaN: true }), { nil: undefined }),
    });
    fc.assert(
      fc.property(fc.array(outOfRange, { minLength: 1, maxLength: 30 }), (rows) => {
        const results: ExampleResult[] = rows.map((r, i) => ({
          id: String(i),
          expected: r.expected,
          predicted: r.predicted,
          status: 'ok',
          ...(r.spam === undefined
            ? { score: r.score }
            : { probabilities: { spam: r.spam, ham: 1 - r.spam } }),
          slices: { s: 'x' },
        }));
        const s = summarizeResults(results, { ...spec, positiveLabel: 'spam' });
        for (const [key, m] of Object.entries(s.metrics)) {
          if (!isFractionMetric(key) || m.value === null) continue;
          expect(m.value).toBeGreaterThanOrEqual(0);
          expect(m.value).toBeLessThanOrEqual(1);
        }
      }),
      { numRuns: 300 },
    );
  });
});
