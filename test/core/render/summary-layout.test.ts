/**
 * The PR comment read as a reviewer reads it: rendered as GitHub-flavoured markdown, its visible
 * part (before any collapsed section is opened) must say the verdict and what blocks first, show
 * the gated metrics before anything else, fit one screen, carry no raw floats, and never put the
 * gate's marks beside a metric no rule gates.
 */
import { describe, expect, it } from '@jest/globals';
import { VISIBLE_LINE_BUDGET, formatMarker, renderPrComment } from '@modelgate/core';
import type { AnyReport, RegressionReport, SummaryOptions } from '@modelgate/core';
import { allFixtureReports, fixtureReport } from '../../helpers/pr-summary-reports';
import {
  RAW_FLOAT,
  renderGfm,
  shownText,
  tableRows,
  visibleHtml,
  visibleMarkdownLines,
  visibleText,
} from '../../helpers/comment-view';

const options: SummaryOptions = {
  title: 'ML gate',
  now: new Date('2025-06-02T12:00:00Z'),
  marker: formatMarker({ key: 'ml-gate', headSha: 'a'.repeat(40), runId: 9001 }),
  links: {
    runUrl: 'https://github.com/acme/weather-model/actions/runs/9001',
    artifactsUrl: 'https://github.com/acme/weather-model/actions/runs/9001#artifacts',
  },
};

type Comparison = RegressionReport['body']['comparisons'][number];

/** The fixture regression report, with `edit` applied to its body. */
function regression(edit: (body: RegressionReport['body']) => void): RegressionReport {
  const r = structuredClone(fixtureReport('regression.json')) as RegressionReport;
  edit(r.body);
  return r;
}

/** Ungated metrics, two of them worse, and a raw throughput, as check-regression reports them. */
function withUngated(body: RegressionReport['body']): void {
  const base = body.comparisons.find((c) => c.metric === 'f1_macro')!;
  const ungated = (over: Partial<Comparison>): Comparison => ({
    ...base,
    rule: { ...base.rule, informational: true, source: 'default' },
    verdict: 'pass',
    ...over,
  });
  body.comparisons.push(
    ungated({ metric: 'recall_macro', baseline: 0.8, candidate: 0.74, delta: -0.06 }),
    ungated({
      metric: 'throughput_rps',
      baseline: 801.12345,
      candidate: 762.4067,
      delta: -38.71675,
      relativeDelta: -0.0483,
      state: 'regressed',
      ci: undefined,
      rule: { ...base.rule, informational: true, direction: 'higher', source: 'default' },
    }),
    ungated({ metric: 'precision_macro', baseline: 0.8, candidate: 0.83, delta: 0.03 }),
  );
}

function reviewerReports(): AnyReport[] {
  return allFixtureReports().map((r) =>
    r.schema.includes('regression') ? regression(withUngated) : r,
  );
}

describe('the PR comment as a reviewer sees it', () => {
  const { markdown } = renderPrComment(reviewerReports(), options);
  const html = renderGfm(markdown);
  const text = visibleText(html);

  it('opens with the verdict and what blocks, in words', () => {
    const first = text.split('\n')[0];
    expect(first).toBe('❌ Blocked: accuracy −2.2 points (max −2 points)');
    expect(text.split('\n')[1]).toMatch(/^⚠️ Also: .*latency_p95_ms \+13\.9% \(max \+15%\)/);
  });

  it('shows the gated metrics before any other section, and collapses the ungated ones', () => {
    const visible = visibleHtml(html);
    const headings = [...visible.matchAll(/<h3>([\s\S]*?)<\/h3>/g)];
    expect(headings.map((h) => h[1]!.replace(/<[^>]+>/g, '').split(' · ')[0])).toEqual([
      '❌ Regression vs baseline',
      '✅ Model evaluation',
      '⚠️ Model evaluation',
      '⚠️ Data validation',
      '⚠️ LLM assertions',
      '✅ Cost',
    ]);
    const gated = visible.indexOf('Gated metric');
    expect(gated).toBeGreaterThan(headings[0]!.index);
    expect(gated).toBeLessThan(headings[1]!.index);
    expect(gated).toBeLessThan(visible.indexOf('<summary>'));
    // The ungated metrics are inside a collapsed section, not in the visible part.
    expect(visible).not.toContain('throughput');
    expect(visible).toContain('Not gated: 3 metrics shown for information (2 worse)');
  });

  it('never puts a gate mark beside an ungated metric, and says worse or better in words', () => {
    const section = html.slice(html.indexOf('Not gated:'));
    const rows = tableRows(section.slice(0, section.indexOf('</details>'))).slice(1);
    expect(rows.map((r) => r[0])).toEqual(['recall_macro', 'throughput_rps', 'precision_macro']);
    for (const row of rows) expect(row.join(' ')).not.toMatch(/✅|❌|⚠️/);
    expect(rows.map((r) => r[4])).toEqual([
      '▼ worse, within noise',
      '▼ worse',
      '▲ better, within noise',
    ]);
  });

  it('prints no raw floats anywhere, visible or collapsed', () => {
    const all = shownText(html);
    expect(all.match(RAW_FLOAT)).toBeNull();
    expect(all).toContain('762'); // the throughput, as 3 significant digits
  });

  it(`fits one screen: at most ${VISIBLE_LINE_BUDGET} visible lines`, () => {
    expect(visibleMarkdownLines(markdown).length).toBeLessThanOrEqual(VISIBLE_LINE_BUDGET);
  });

  it('links each section to the run and to the artifacts holding its full report', () => {
    for (const what of ['regression', 'evaluation', 'data', 'cost']) {
      expect(markdown).toContain(
        `full ${what} report: [the run's artifacts](https://github.com/acme/weather-model/actions/runs/9001#artifacts)`,
      );
    }
  });
});

describe('the comment says what a comparison could not establish', () => {
  it('says at the top when the runs were not comparable, and marks the unpaired rows', () => {
    const report = regression((b) => {
      b.paired = false;
      b.pairedRefused = 'the eval sets differ';
      b.comparability = {
        comparable: false,
        differences: [
          {
            aspect: 'eval-set',
            baseline: 'golden.jsonl (1,000 rows)',
            candidate: 'golden.jsonl (900 rows)',
          },
        ],
      };
      for (const c of b.comparisons) c.paired = false;
    });
    const { markdown } = renderPrComment([report], options);
    const text = visibleText(renderGfm(markdown)).split('\n');
    expect(text[1]).toBe(
      '⚠️ Also: latency_p95_ms +13.9% (max +15%) · accuracy on season=winter −5.0 points.',
    );
    expect(text.find((l) => l.includes('Not a like-for-like'))).toBe(
      'Not a like-for-like comparison: the baseline and the candidate differ in eval set (baseline golden.jsonl (1,000 rows), candidate golden.jsonl (900 rows)). 6 comparisons are unpaired (marked unpaired below).',
    );
    expect(markdown).toContain('95% CI −3.7 to −0.7 points *unpaired*');
  });

  it('says equivalent within the margin, or how many examples an inconclusive test needs', () => {
    const report = regression((b) => {
      const f1 = b.comparisons.find((c) => c.metric === 'f1_macro')!;
      f1.equivalence = {
        margin: 0.01,
        lower: -0.02,
        upper: 0.004,
        pValue: 0.3,
        decision: 'inconclusive',
        neededN: 2400,
      };
      const cost = b.comparisons.find((c) => c.metric === 'cost_usd')!;
      cost.equivalence = {
        margin: 0.05,
        lower: 0.01,
        upper: 0.03,
        pValue: 0.01,
        decision: 'equivalent',
      };
    });
    const { markdown } = renderPrComment([report], options);
    expect(markdown).toContain('<sub>inconclusive: about 2,400 examples needed to tell</sub>');
    expect(markdown).toContain('<sub>equivalent within $0.05</sub>');
  });

  it('lists the changed examples collapsed, broken first, capped, outputs cut and escaped', () => {
    const listed = Array.from({ length: 30 }, (_, i) => ({
      id: `ex-${i}`,
      kind: i % 2 === 0 ? ('fixed' as const) : ('broken' as const),
      expected: 'yes',
      baseline: i % 2 === 0 ? 'no' : 'yes',
      candidate: `<script>alert(${i})</script> ${'long answer '.repeat(20)}`,
    }));
    const report = regression((b) => {
      b.flips = { fixed: 40, broken: 33, listed, truncated: true, path: 'regression.flips.jsonl' };
    });
    const { markdown } = renderPrComment([report], options);
    const html = renderGfm(markdown);
    expect(visibleHtml(html)).toContain('<summary>Changed examples: 40 fixed, 33 broken</summary>');
    const section = html.slice(html.indexOf('Changed examples:'));
    const rows = tableRows(section.slice(0, section.indexOf('</details>'))).slice(1);
    expect(rows).toHaveLength(20);
    expect(rows.slice(0, 15).every((r) => r[0] === '▼ broken')).toBe(true);
    expect(rows[15]![0]).toBe('▲ fixed');
    expect(section).not.toContain('<script>');
    for (const r of rows) expect(r[4]!.length).toBeLessThanOrEqual(120);
    expect(section).toContain('… and 53 more changed examples.');
    expect(markdown).toContain('<code>regression.flips.jsonl</code> in the regression artifact');
  });

  it('says what is missing while reports are pending, with no green mark', () => {
    const reports = allFixtureReports()
      .filter((r) => r.schema.includes('cost') || r.schema.includes('data-validation'))
      .map((r) => ({ ...r, status: 'pass' as const }));
    const { markdown } = renderPrComment(reports, {
      ...options,
      pending: { missing: ['evaluation', 'regression'], expected: 4 },
    });
    const visible = visibleText(visibleHtml(renderGfm(markdown)));
    expect(visible.split('\n')[0]).toBe(
      '⏳ Pending: waiting for the evaluation report · the regression report (2 of 4 reports)',
    );
    expect(visible).not.toContain('✅');
  });

  it('says how many more reports a count waits for', () => {
    const reports = allFixtureReports()
      .filter((r) => r.schema.includes('cost'))
      .map((r) => ({ ...r, status: 'pass' as const }));
    const { markdown } = renderPrComment(reports, {
      ...options,
      pending: { missing: [], expected: 3, found: 1 },
    });
    const visible = visibleText(visibleHtml(renderGfm(markdown)));
    expect(visible.split('\n')[0]).toBe('⏳ Pending: waiting for 2 more reports (1 of 3 reports)');
    expect(visible).not.toContain('✅');
  });
});
