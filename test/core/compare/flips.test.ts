import { describe, expect, it } from '@jest/globals';
import {
  FLIP_TEXT_CHARS,
  compareEvaluations,
  describeDifferences,
  findFlips,
} from '@modelgate/core';
import type { EvaluationBody, ExampleResult, PairedRuns } from '@modelgate/core';

function runs(rows: [ExampleResult, ExampleResult][]): PairedRuns {
  return {
    ids: rows.map(([a]) => a.id),
    baseline: rows.map(([a]) => a),
    candidate: rows.map(([, b]) => b),
  };
}

describe('findFlips', () => {
  it('lists broken examples first, each kind in eval-set order, with both outputs', () => {
    const flips = findFlips(
      runs([
        [
          { id: 'a', expected: 'rain', predicted: 'sun' },
          { id: 'a', expected: 'rain', predicted: 'rain' },
        ],
        [
          { id: 'b', expected: 'sun', predicted: 'sun' },
          { id: 'b', expected: 'sun', predicted: 'fog' },
        ],
        [
          { id: 'c', expected: 'fog', predicted: 'fog' },
          { id: 'c', expected: 'fog', predicted: 'fog' },
        ],
        [
          { id: 'd', expected: 'snow', predicted: 'snow' },
          { id: 'd', expected: 'snow', status: 'error', error: 'timeout' },
        ],
      ]),
    );
    expect(flips).toEqual({
      fixed: 1,
      broken: 2,
      all: [
        { id: 'b', kind: 'broken', expected: 'sun', baseline: 'sun', candidate: 'fog' },
        {
          id: 'd',
          kind: 'broken',
          expected: 'snow',
          baseline: 'snow',
          candidate: 'error: timeout',
        },
        { id: 'a', kind: 'fixed', expected: 'rain', baseline: 'sun', candidate: 'rain' },
      ],
    });
  });

  it("takes an LLM case's `correct` (every repeat passed) and cuts long outputs", () => {
    const long = 'x'.repeat(FLIP_TEXT_CHARS + 50);
    const flips = findFlips(
      runs([
        [
          { id: 'q1', predicted: long, correct: true, passRate: 1 },
          { id: 'q1', predicted: 'short', correct: false, passRate: 0.5 },
        ],
      ]),
    );
    expect(flips.broken).toBe(1);
    expect(flips.all[0]!.baseline).toBe(`${'x'.repeat(FLIP_TEXT_CHARS)}…`);
    expect(flips.all[0]!.candidate).toBe('short');
  });
});

describe('compareEvaluations', () => {
  const body = (over: Partial<EvaluationBody> = {}): EvaluationBody => ({
    task: 'classification',
    model: { source: 'predictions' },
    dataset: { path: 'eval.csv', sha256: 'a'.repeat(64), rows: 10 },
    examples: {
      total: 10,
      evaluated: 10,
      errored: 0,
      notRun: 0,
      missingPredictions: 0,
      unknownIds: 0,
    },
    labels: ['no', 'yes'],
    slices: [{ column: 'region', value: 'eu', n: 5, metrics: {} }],
    ...over,
  });

  it('finds the same eval set, task, labels (as a set) and slice columns comparable', () => {
    expect(compareEvaluations(body(), body({ labels: ['yes', 'no'] }))).toEqual({
      comparable: true,
      differences: [],
    });
  });

  it('names every difference, both sides', () => {
    const c = compareEvaluations(
      body(),
      body({
        task: 'llm',
        dataset: { path: 'eval.csv', sha256: 'b'.repeat(64), rows: 10 },
        labels: ['no', 'yes', 'maybe'],
        slices: [{ column: 'lang', value: 'en', n: 5, metrics: {} }],
      }),
    );
    expect(c.comparable).toBe(false);
    expect(c.differences.map((d) => d.aspect)).toEqual(['eval-set', 'task', 'labels', 'slices']);
    expect(describeDifferences(c)).toContain(
      'different label set (baseline no, yes, candidate maybe, no, yes)',
    );
    expect(describeDifferences(c)).toContain(
      'different slice columns (baseline region, candidate lang)',
    );
  });
});
