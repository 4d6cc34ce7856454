import { describe, expect, it } from '@jest/globals';
import { renderEvaluationSummary } from '@modelgate/core';
import type { EvaluationReport } from '@modelgate/core';
import { fixtureReport } from '../../helpers/pr-summary-reports';

const llmReport = () => fixtureReport('evaluation-llm.json') as EvaluationReport;

describe('renderEvaluationSummary in LLM mode', () => {
  it('shows the pass rate, each assertion type, the spend and the flaky cases', () => {
    const markdown = renderEvaluationSummary(llmReport());
    expect(markdown).toContain('| pass_rate |');
    expect(markdown).toContain('| llm-rubric | 97 / 120 |');
    expect(markdown).toContain('360 requests, 240 cache hits, 3 repeat(s), $0.8300 spent.');
    expect(markdown).toContain('Flaky cases (4): <code>refund-policy-3</code>');
    expect(markdown).toMatchSnapshot();
  });

  it('escapes case ids and assertion names that come from data', () => {
    const report = llmReport();
    const llm = report.body.llm!;
    const hostile: EvaluationReport = {
      ...report,
      body: {
        ...report.body,
        llm: {
          ...llm,
          byAssertion: { 'x|<img src=x onerror=alert(1)>': { passed: 1, total: 2 } },
          flaky: ['@octocat #1 <script>'],
        },
      },
    };
    const markdown = renderEvaluationSummary(hostile);
    expect(markdown).not.toContain('<img');
    expect(markdown).not.toContain('<script>');
    expect(markdown).not.toContain('@octocat');
    expect(markdown).not.toMatch(/\| x\|/);
  });

  it('says the cost is unknown rather than $0 when the model has no price', () => {
    const report = llmReport();
    const markdown = renderEvaluationSummary({
      ...report,
      body: { ...report.body, llm: { ...report.body.llm!, costUsd: null } },
    });
    expect(markdown).toContain('cost unknown (no price for the model)');
    expect(markdown).not.toContain('$0');
  });
});
