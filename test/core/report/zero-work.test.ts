import { readFileSync } from 'node:fs';
import { describe, expect, it } from '@jest/globals';
import { parseReport, zeroWorkFinding, zeroWorkReason } from '@modelgate/core';
import type {
  AnyReport,
  CostReport,
  DataValidationReport,
  EvaluationReport,
  RegressionReport,
} from '@modelgate/core';

const fixture = <R extends AnyReport>(file: string): R =>
  parseReport(
    JSON.parse(readFileSync(new URL(`../../fixtures/pr-summary/${file}`, import.meta.url), 'utf8')),
    file,
  ) as R;

describe('zeroWorkReason: a report that checked nothing', () => {
  it('is undefined for every realistic fixture', () => {
    for (const f of ['data-validation', 'evaluation', 'evaluation-llm', 'regression', 'cost']) {
      expect(zeroWorkReason(fixture(`${f}.json`))).toBeUndefined();
    }
  });

  it('names a data validation of zero rows', () => {
    const r = fixture<DataValidationReport>('data-validation.json');
    r.body.data.rows = 0;
    expect(zeroWorkReason(r)).toMatch(/^the data validation read 0 rows from /);
  });

  it('names an evaluation with no example, or whose every example errored', () => {
    const r = fixture<EvaluationReport>('evaluation.json');
    const total = r.body.examples.total;
    r.body.examples = { ...r.body.examples, evaluated: 0, errored: total };
    expect(zeroWorkReason(r)).toContain(`scored 0 of ${total} examples`);
    expect(zeroWorkReason(r)).toContain(`${total} errored`);
    r.body.examples = { ...r.body.examples, total: 0 };
    expect(zeroWorkReason(r)).toMatch(/^the evaluation had 0 examples/);
  });

  it('names a regression check with no candidate value, and a cost of 0 requests', () => {
    const r = fixture<RegressionReport>('regression.json');
    r.body.comparisons = r.body.comparisons.map((c) => ({ ...c, candidate: null }));
    expect(zeroWorkReason(r)).toContain('compared no metric');
    const c = fixture<CostReport>('cost.json');
    c.body.candidate.monthlyRequests = 0;
    expect(zeroWorkReason(c)).toContain('is for 0 requests');
  });

  it('takes the reason a report already states in its zero_work finding', () => {
    const r = fixture<RegressionReport>('regression.json');
    r.findings = [zeroWorkFinding('the candidate x.json: empty'), ...r.findings];
    expect(zeroWorkReason(r)).toBe(
      'Nothing was checked: the candidate x.json: empty. A gate that checked nothing does not pass.',
    );
  });
});
