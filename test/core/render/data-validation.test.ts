import { describe, expect, it } from '@jest/globals';
import { renderDataValidation, schemaId } from '@modelgate/core';
import type { DataValidationReport } from '@modelgate/core';

const hostile = 'x|y <img src=x> @admin `rm` \n# title';

const report: DataValidationReport = {
  schema: schemaId('data-validation'),
  status: 'warn',
  summary: '3 rows, 1 columns',
  provenance: {
    time: '2026-01-01T00:00:00.000Z',
    tool: { name: 'validate-data', version: '0.1.0' },
  },
  inputs: [],
  metrics: {},
  findings: [
    {
      code: 'unseen-category',
      severity: 'warning',
      message: `value ${hostile}`,
      file: 'd.csv',
      line: 3,
    },
  ],
  body: {
    data: { path: 'd.csv', format: 'csv', files: 1, rows: 3, columns: [hostile] },
    columns: [
      {
        name: hostile,
        inferredType: 'category',
        data: {
          count: 3,
          nulls: 0,
          nullFraction: 0,
          distinct: 1,
          topValues: [{ value: hostile, count: 3 }],
        },
        violations: 1,
      },
    ],
    violations: { total: 1, byCode: { 'unseen-category': 1 } },
  },
};

describe('renderDataValidation', () => {
  it('escapes untrusted column names, values and messages', () => {
    const md = renderDataValidation(report);
    expect(md).not.toContain('<img');
    expect(md).not.toContain('@admin');
    expect(md).not.toContain('x|y');
    expect(md).not.toMatch(/^# title/m);
    // Each table row stays one line with its 9 cells.
    const row = md.split('\n').find((l) => l.includes('category'))!;
    expect(row.split(/(?<!\\)\|/).length).toBe(11);
  });

  it('renders the findings with file and line', () => {
    expect(renderDataValidation(report)).toContain('(d.csv:3)');
  });
});
