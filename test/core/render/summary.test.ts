import { describe, expect, it } from '@jest/globals';
import {
  COMMENT_LIMIT_CHARS,
  combinedStatus,
  formatMarker,
  parseReport,
  renderJobSummary,
  renderPrComment,
} from '@modelgate/core';
import { utf8Bytes } from '../../../packages/core/src/render/summary-budget';
import type { DataValidationReport, SummaryOptions } from '@modelgate/core';
import {
  FIXTURE_FILES,
  INJECTIONS,
  LONG_STRING,
  allFixtureReports,
  fixtureJson,
  fixtureReport,
  hostileReports,
  hugeRegressionReport,
} from '../../helpers/pr-summary-reports';

const options: SummaryOptions = {
  title: 'ML gate',
  now: new Date('2025-06-02T12:00:00Z'),
  marker: formatMarker({ key: 'ml-gate', headSha: 'a'.repeat(40), runId: 9001 }),
  links: {
    runUrl: 'https://github.com/acme/weather-model/actions/runs/9001',
    artifactsUrl: 'https://github.com/acme/weather-model/actions/runs/9001#artifacts',
    fullReportArtifact: 'modelgate-comment',
  },
};

describe('pr-summary fixtures', () => {
  it.each(FIXTURE_FILES)('%s is a valid report', (file) => {
    expect(() => parseReport(fixtureJson(file), file)).not.toThrow();
  });
});

describe('renderPrComment', () => {
  it('renders every kind of report', () => {
    const out = renderPrComment(allFixtureReports(), options);
    expect(out.status).toBe('fail');
    expect(out.truncated).toBe(false);
    expect(out.markdown).toMatchSnapshot();
  });

  it.each(FIXTURE_FILES)('renders %s alone', (file) => {
    const out = renderPrComment([fixtureReport(file)], options);
    expect(out.markdown).toMatchSnapshot();
  });

  it('starts with the marker, then the verdict and what blocks it in words', () => {
    const { markdown } = renderPrComment(allFixtureReports(), options);
    const lines = markdown.split('\n');
    expect(lines[0]).toBe(options.marker);
    expect(lines[2]).toBe('## ❌ Blocked: accuracy −2.2 points (max −2 points)');
    expect(lines[4]).toContain('⚠️ Also: ');
    expect(lines[4]).toContain('latency\\_p95\\_ms +13.9% (max +15%)');
  });

  it('draws a mermaid chart of the slices', () => {
    const { markdown } = renderPrComment(allFixtureReports(), options);
    expect(markdown).toContain('```mermaid\nxychart-beta');
    expect(markdown).toContain('x-axis ["winter", "spring", "summer", "autumn"]');
  });

  it('counts schema violations apart from the findings of checks against the reference', () => {
    const report = fixtureReport('data-validation.json') as DataValidationReport;
    const { markdown } = renderPrComment(
      [
        {
          ...report,
          body: {
            ...report.body,
            violations: { total: 6, byCode: { range: 3, drift: 2, 'label-drift': 1 } },
          },
        },
      ],
      options,
    );
    expect(markdown).toContain('**Schema violations:** 3 (range 3).');
    expect(markdown).toContain('**Reference check findings:** 3 (drift 2, label-drift 1).');
  });

  it('shows the evaluation alone with its confidence intervals when there is no regression report', () => {
    const { markdown } = renderPrComment([fixtureReport('evaluation.json')], options);
    expect(markdown).toContain('| Metric | Value | Interval | n |');
    expect(markdown).toContain('| <code>accuracy</code> | 87.1% | 95% CI 84.9% to 89.0% | 998 |');
  });

  it('tolerates a report with only the required fields', () => {
    // eslint-disable-next-line @typescript-eslint/no-explicit-any
    const ev = fixtureJson('evaluation.json') as any;
    delete ev.body.slices;
    delete ev.body.perClass;
    delete ev.body.errors;
    delete ev.body.labels;
    delete ev.body.model.name;
    ev.metrics = {};
    ev.findings = [];
    const out = renderPrComment([parseReport(ev, 'minimal')], options);
    expect(out.markdown).toContain('Model evaluation');
  });

  it('escapes every injection in hostile reports', () => {
    const { markdown } = renderPrComment(hostileReports(), options);
    const body = markdown.slice(markdown.indexOf('\n'));
    for (const [name, raw] of Object.entries(INJECTIONS)) {
      expect([name, body.includes(raw)]).toEqual([name, false]);
    }
    expect(body).not.toMatch(/<(img|script|h1)\b/);
    expect(body).not.toMatch(/(^|[^&\w])@\w/m);
    expect(body).not.toMatch(/(^|[^&])#\d/m);
    expect(body).not.toMatch(/https:\/\/evil/);
    expect(body).not.toContain(LONG_STRING.slice(0, 400));
    expect(body.match(/<!-- modelgate:comment/g)).toBeNull();
  });

  it('stays within the limit when a report is huge, keeping verdicts and the failing metric', () => {
    const reports = [...allFixtureReports(), hugeRegressionReport(5000)];
    const out = renderPrComment(reports, options);
    expect(out.markdown.length).toBeLessThanOrEqual(COMMENT_LIMIT_CHARS);
    expect(out.markdown).toContain('## ❌ Blocked: ');
    expect(out.markdown.split('\n')[2]).toContain('the\\_failing\\_metric');
    // The long tables are capped, the rest named as being in the full report.
    expect(out.markdown).toMatch(/… and [\d,]+ more (comparisons|gated metrics)/);
    expect(out.markdown).toContain(
      '[run](https://github.com/acme/weather-model/actions/runs/9001)',
    );
    for (const r of reports)
      expect(out.markdown).toContain(r.status === 'fail' ? '❌ fail' : r.status);
  });

  it('cuts details first under a small limit', () => {
    const full = renderPrComment(allFixtureReports(), options);
    const out = renderPrComment(allFixtureReports(), options, 6000);
    expect(full.markdown).toContain('<details>');
    expect(full.markdown.length).toBeGreaterThan(6000);
    expect(out.markdown.length).toBeLessThanOrEqual(6000);
    expect(out.markdown).toContain(
      '| Gated metric | Baseline | Candidate | Change | Rule | Verdict |',
    );
    expect(out.markdown).toContain('the full reports are in');
  });

  it('never exceeds any limit down to a tiny one', () => {
    for (const limit of [3000, 5000, 20_000]) {
      const out = renderPrComment(
        [...allFixtureReports(), hugeRegressionReport(500)],
        options,
        limit,
      );
      expect(out.markdown.length).toBeLessThanOrEqual(limit);
    }
  });
});

describe('renderJobSummary', () => {
  it('fits in 1 MiB of UTF-8 with a huge report', () => {
    const out = renderJobSummary([...allFixtureReports(), hugeRegressionReport(20_000)], options);
    expect(utf8Bytes(out.markdown)).toBeLessThanOrEqual(1024 * 1024);
    expect(out.markdown).toContain('the\\_failing\\_metric');
    expect(out.markdown).toMatch(/… and [\d,]+ more (comparisons|gated metrics)/);
  });
});

describe('combinedStatus', () => {
  it.each([
    [['pass', 'pass'], 'pass'],
    [['pass', 'warn'], 'warn'],
    [['warn', 'fail', 'pass'], 'fail'],
    [['fail', 'error'], 'error'],
    [[], 'pass'],
  ] as const)('of %j is %s', (statuses, expected) => {
    const base = fixtureReport('cost.json');
    expect(combinedStatus(statuses.map((status) => ({ ...base, status })))).toBe(expected);
  });
});

describe('utf8Bytes', () => {
  it.each(['abc', 'é', '€', '😀', 'a😀é€', '\ud800x'])('matches Buffer for %j', (s) => {
    expect(utf8Bytes(s)).toBe(Buffer.byteLength(s, 'utf8'));
  });
});
