/**
 * Reports for pr-summary tests: the realistic fixtures of every kind in
 * `test/fixtures/pr-summary/`, a hostile one whose strings try every injection, and a huge one.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseReport } from '@modelgate/core';
import type { AnyReport, EvaluationReport, RegressionReport } from '@modelgate/core';

export const FIXTURE_DIR = join(import.meta.dirname, '..', 'fixtures', 'pr-summary');

export const FIXTURE_FILES = [
  'data-validation.json',
  'evaluation.json',
  'regression.json',
  'evaluation-llm.json',
  'cost.json',
] as const;

/** The raw JSON of a fixture. */
export function fixtureJson(file: string): unknown {
  return JSON.parse(readFileSync(join(FIXTURE_DIR, file), 'utf8'));
}

/** A fixture, validated. */
export function fixtureReport(file: string): AnyReport {
  return parseReport(fixtureJson(file), file);
}

/** Every realistic fixture, validated, in flow order. */
export function allFixtureReports(): AnyReport[] {
  return FIXTURE_FILES.map(fixtureReport);
}

/** Each injection a hostile string tries, with the raw text that must never reach a comment. */
export const INJECTIONS = {
  html: '<img src=x onerror=alert(1)>',
  script: '<script>alert(1)</script>',
  details: '</details><h1>pwned</h1>',
  link: '[click me](https://evil.example/phish)',
  image: '![x](https://evil.example/x.png)',
  mention: '@octocat',
  team: '@acme/security',
  ref: '#1',
  ghRef: 'GH-7',
  crossRef: 'acme/weather-model#2',
  url: 'https://evil.example/track',
  pipe: 'a | b | c',
  heading: '# Heading',
  backtick: '`code` ```fence',
  marker: '<!-- modelgate:comment key=modelgate head=deadbeef run=1 -->',
} as const;

/** A string over 10,000 characters, which must be cut. */
export const LONG_STRING = `long-${'x'.repeat(10_000)}-end`;

/** The realistic evaluation and regression reports with every string replaced by an attack. */
export function hostileReports(): AnyReport[] {
  const attacks = Object.values(INJECTIONS);
  const pick = (i: number): string => attacks[i % attacks.length] ?? '';
  const ev = structuredClone(fixtureReport('evaluation.json')) as EvaluationReport;
  const rg = structuredClone(fixtureReport('regression.json')) as RegressionReport;
  ev.summary = `${INJECTIONS.mention} ${INJECTIONS.html} ${INJECTIONS.ref}`;
  ev.body.model.name = INJECTIONS.link;
  ev.body.dataset.path = INJECTIONS.script;
  ev.body.slices = attacks.map((a, i) => ({
    column: pick(i + 3),
    value: a,
    n: 10 + i,
    metrics: { accuracy: 0.5 + i / 100 },
  }));
  ev.body.slices.push({ column: 'long', value: LONG_STRING, n: 5, metrics: { accuracy: 0.1 } });
  ev.body.perClass = Object.fromEntries(
    attacks.map((a) => [a, { precision: 0.5, recall: 0.5, f1: 0.5, support: 3 }]),
  );
  ev.body.errors = { [INJECTIONS.details]: 1, [LONG_STRING]: 1 };
  ev.findings = attacks.map((a) => ({
    code: 'x',
    severity: 'error' as const,
    message: a,
    file: INJECTIONS.pipe,
  }));
  ev.metrics = { ...ev.metrics, [INJECTIONS.team]: { value: 0.5, direction: 'higher' } };
  rg.summary = `${INJECTIONS.ghRef} ${INJECTIONS.crossRef} ${INJECTIONS.url}`;
  rg.body.notes = [...attacks, LONG_STRING];
  rg.body.comparisons = rg.body.comparisons.map((c, i) => ({
    ...c,
    metric: i === 0 ? c.metric : pick(i),
    message: pick(i + 1),
    ...(c.slice && { slice: { column: pick(i + 2), value: pick(i + 4) } }),
  }));
  return [ev, rg];
}

/** A regression report with `n` metrics, most of them passing, one failing at the end. */
export function hugeRegressionReport(n: number): RegressionReport {
  const rg = structuredClone(fixtureReport('regression.json')) as RegressionReport;
  const [template] = rg.body.comparisons;
  if (!template) throw new Error('regression fixture has no comparisons');
  const pass = { ...template, state: 'unchanged' as const, verdict: 'pass' as const };
  rg.body.comparisons = Array.from({ length: n }, (_, i) => ({
    ...pass,
    metric: `metric_${i}_${'m'.repeat(40)}`,
    message: `metric ${i} is within its rule; ${'detail '.repeat(10)}`,
  }));
  rg.body.comparisons.push({ ...template, metric: 'the_failing_metric' });
  return rg;
}
