/**
 * `npm run demo` cannot rot: its pipeline runs here end to end (the five bundles, real data,
 * loopback servers) and the outcomes are held to what the demo promises.
 */
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { VISIBLE_LINE_BUDGET, parseReport } from '@modelgate/core';
import type { DataValidationReport, EvaluationReport, RegressionReport } from '@modelgate/core';
import { MODELS, runDemoPipeline } from '../../scripts/demo/pipeline';
import type { DemoResult } from '../../scripts/demo/pipeline';
import {
  RAW_FLOAT,
  renderGfm,
  shownText,
  tableRows,
  visibleMarkdownLines,
  visibleText,
} from '../helpers/comment-view';

let dir: string;
let result: DemoResult;

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'modelgate-demo-'));
  result = await runDemoPipeline({ workDir: join(dir, 'demo') });
}, 180_000);
afterAll(() => {
  rmSync(dir, { recursive: true, force: true });
});

describe('the demo pipeline', () => {
  it('runs every step, each giving a verdict', () => {
    expect(result.steps.map((s) => s.name)).toEqual([
      'validate-data',
      'evaluate-model (baseline, on main)',
      'evaluate-model (candidate)',
      'check-regression',
      'estimate-cost',
      'pr-summary',
    ]);
    for (const step of result.steps) {
      expect(['pass', 'warn', 'fail']).toContain(step.status);
      // A fail verdict exits 1, as on the runner; anything else is 0.
      expect(step.exitCode).toBe(step.status === 'fail' && step.name !== 'pr-summary' ? 1 : 0);
    }
  });

  it('writes every report, each valid against its schema', () => {
    const kinds = {
      'validate-data': 'data-validation',
      'evaluate-model (baseline, on main)': 'evaluation',
      'evaluate-model (candidate)': 'evaluation',
      'check-regression': 'regression',
      'estimate-cost': 'cost',
    } as const;
    for (const [step, kind] of Object.entries(kinds)) {
      const path = result.steps.find((s) => s.name === step)!.reportPath!;
      expect(existsSync(path)).toBe(true);
      const report = parseReport(JSON.parse(readFileSync(path, 'utf8')), path, [kind]);
      expect(report.schema).toContain(kind);
    }
  });

  it('validates the real weather data: the 2014–2015 labels drifted from 2012–2013', () => {
    const report = result.reports.get('validate-data') as DataValidationReport;
    expect(report.status).toBe('fail');
    expect(report.findings.some((f) => f.message.includes('weather drifted'))).toBe(true);
  });

  it('evaluates both models on the same golden set through their endpoints', () => {
    const baseline = result.reports.get('evaluate-model (baseline, on main)') as EvaluationReport;
    const candidate = result.reports.get('evaluate-model (candidate)') as EvaluationReport;
    expect(result.goldenSetSize).toBeGreaterThan(1000);
    for (const [report, model] of [
      [baseline, MODELS.baseline],
      [candidate, MODELS.candidate],
    ] as const) {
      expect(report.body.examples.total).toBe(result.goldenSetSize);
      expect(report.body.model).toMatchObject({ source: 'endpoint', version: model.name });
      expect(report.metrics.accuracy!.value).toBeGreaterThan(0.85);
      expect(report.body.slices!.map((s) => s.value).sort()).toEqual([
        'easy-ham',
        'hard-ham',
        'spam',
      ]);
    }
    expect(baseline.inputs).toEqual(candidate.inputs);
  });

  it('compares them paired, per example, against the baseline artifact at the merge base', () => {
    const report = result.reports.get('check-regression') as RegressionReport;
    expect(report.body.paired).toBe(true);
    expect(report.body.baseline.artifact).toMatchObject({ exactMergeBase: true });
    const accuracy = report.body.comparisons.find((c) => c.metric === 'accuracy' && !c.slice);
    expect(accuracy?.test).toBe('mcnemar-exact');
  });

  it('uploads each report as an artifact of the PR run and saves them', () => {
    expect(result.artifactNames).toEqual([
      'modelgate-cost',
      'modelgate-data-validation',
      'modelgate-evaluation',
      'modelgate-regression',
    ]);
    for (const name of result.artifactNames) {
      expect(existsSync(join(result.artifactsDir, '4242', `${name}.zip`))).toBe(true);
    }
  });

  it('posts exactly one PR comment, with every section', () => {
    expect(result.comments).toHaveLength(1);
    const comment = result.comments[0]!;
    for (const section of [
      'Data validation',
      'Model evaluation',
      'Regression',
      'Cost',
      MODELS.candidate.name,
    ]) {
      expect(comment).toContain(section);
    }
    expect(result.verdict).toBe('fail');
  });

  it('posts a comment a reviewer reads at a glance: what blocks first, nothing raw, one screen', () => {
    const comment = result.comments[0]!;
    const html = renderGfm(comment);
    const lines = visibleText(html).split('\n');
    expect(lines[0]).toMatch(/^❌ Blocked: \S/);
    expect(lines.findIndex((l) => l.startsWith('Gated metric'))).toBeGreaterThan(0);
    expect(shownText(html).match(RAW_FLOAT)).toBeNull();
    expect(visibleMarkdownLines(comment).length).toBeLessThanOrEqual(VISIBLE_LINE_BUDGET);
    const at = html.indexOf('Not gated:');
    if (at >= 0) {
      const section = html.slice(at, html.indexOf('</details>', at));
      for (const row of tableRows(section).slice(1)) expect(row.join(' ')).not.toMatch(/✅|❌|⚠️/);
    }
  });
});
