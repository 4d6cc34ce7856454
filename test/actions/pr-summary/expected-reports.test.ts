import { describe, expect, it } from '@jest/globals';
import { InputError } from '@modelgate/core';
import type { EvaluationReport } from '@modelgate/core';
import {
  markZeroWork,
  missingReports,
  pendingReports,
} from '../../../actions/pr-summary/src/collect';
import { parseExpectedReports } from '../../../actions/pr-summary/src/inputs';
import { allFixtureReports, fixtureReport } from '../../helpers/pr-summary-reports';

describe('expected-reports', () => {
  it('reads report kinds (or schema ids), once each, or a count', () => {
    expect(parseExpectedReports('')).toBeUndefined();
    expect(
      parseExpectedReports('data-validation, evaluation\nmodelgate/cost@1, evaluation'),
    ).toEqual({
      kinds: ['data-validation', 'evaluation', 'cost'],
    });
    expect(parseExpectedReports(' 4 ')).toEqual({ count: 4 });
  });

  it('refuses an unknown kind and a count of 0, naming the value', () => {
    expect(() => parseExpectedReports('evaluation, evals')).toThrow(
      new InputError(
        "Input 'expected-reports' names 'evals', which is not a report kind (data-validation, evaluation, regression, cost).",
      ),
    );
    expect(() => parseExpectedReports('0')).toThrow(/a count must be from 1 to 10000/);
  });

  it('says which kinds are missing, or how many reports', () => {
    const reports = [fixtureReport('evaluation.json'), fixtureReport('cost.json')];
    expect(missingReports(reports, { kinds: ['data-validation', 'evaluation', 'cost'] })).toEqual([
      'data-validation',
    ]);
    expect(missingReports(reports, { count: 3 })).toEqual(['1 of 3 reports']);
    expect(missingReports(allFixtureReports(), { count: 3 })).toEqual([]);
    expect(missingReports(reports, undefined)).toEqual([]);
  });

  it('tells the headline what it waits for, by kind or by count', () => {
    const reports = [fixtureReport('evaluation.json'), fixtureReport('cost.json')];
    expect(pendingReports(reports, { kinds: ['data-validation', 'evaluation', 'cost'] })).toEqual({
      missing: ['data-validation'],
      expected: 3,
    });
    expect(pendingReports(reports, { count: 3 })).toEqual({ missing: [], expected: 3, found: 2 });
    expect(pendingReports(reports, { count: 2 })).toBeUndefined();
    expect(pendingReports(reports, { kinds: ['evaluation'] })).toBeUndefined();
    expect(pendingReports(reports, undefined)).toBeUndefined();
  });
});

describe('markZeroWork', () => {
  it('fails a report that checked nothing and leaves the others and the input alone', () => {
    const evaluation = fixtureReport('evaluation.json') as EvaluationReport;
    const empty: EvaluationReport = {
      ...evaluation,
      body: { ...evaluation.body, examples: { ...evaluation.body.examples, evaluated: 0 } },
    };
    const cost = fixtureReport('cost.json');
    const collected = { reports: [cost, empty], sources: ['cost.json', 'eval.json'] };
    const { reports, zeroWork } = markZeroWork(collected);
    expect(reports[0]).toBe(cost);
    expect(reports[1]!.status).toBe('fail');
    expect(reports[1]!.findings[0]).toMatchObject({ code: 'zero_work', severity: 'error' });
    expect(zeroWork).toEqual([
      { source: 'eval.json', reason: expect.stringContaining('scored 0 of') as unknown as string },
    ]);
    expect(empty.status).toBe(evaluation.status);
  });
});
