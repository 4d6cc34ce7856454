import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from '@jest/globals';
import { parseReport } from '@modelgate/core';
import type { RegressionReport } from '@modelgate/core';
import type { EventPayload, RunContext } from '@modelgate/runner';
import { run } from '../../../actions/check-regression/src/main';
import { FakeIO } from '../../helpers/fake-io';
import { MemoryArtifacts } from '../../helpers/memory-artifacts';
import { RunsGitHub } from '../../helpers/runs-github';

const FIXTURES = new URL('../../fixtures/compare/', import.meta.url).pathname;
const BASELINE = join(FIXTURES, 'weather-baseline/evaluation.json');
const CANDIDATE = join(FIXTURES, 'weather-candidate/evaluation.json');
const NOW = new Date('2026-01-20T00:00:00Z');

function context(env: Record<string, string> = {}, event?: EventPayload): RunContext {
  return {
    env,
    event,
    eventName: event ? 'pull_request' : undefined,
    inActions: env.GITHUB_ACTIONS === 'true',
    provenance: (tool) => ({ time: NOW.toISOString(), tool }),
  };
}

interface Setup {
  env?: Record<string, string>;
  event?: EventPayload;
  github?: RunsGitHub;
  artifacts?: MemoryArtifacts;
}

async function check(inputs: Record<string, string>, setup: Setup = {}) {
  const dir = mkdtempSync(join(tmpdir(), 'check-regression-'));
  const reportPath = join(dir, 'regression.json');
  const io = new FakeIO({ 'report-path': reportPath, 'bootstrap-resamples': '1000', ...inputs });
  const tokens: string[] = [];
  await run({
    io,
    context: context(setup.env, setup.event),
    now: () => NOW,
    github: (token) => {
      tokens.push(token);
      return setup.github ?? new RunsGitHub();
    },
    artifacts: () => setup.artifacts ?? new MemoryArtifacts(1, false),
  });
  let report: RegressionReport | undefined;
  try {
    report = parseReport(JSON.parse(readFileSync(reportPath, 'utf8')), reportPath, [
      'regression',
    ]) as RegressionReport;
  } catch {
    report = undefined;
  }
  return { io, report, tokens, dir };
}

describe('check-regression main', () => {
  it('fails on the real accuracy regression, with outputs, report and summary', async () => {
    const { io, report } = await check({
      candidate: CANDIDATE,
      baseline: BASELINE,
      'max-accuracy-drop': '0.02',
      'max-latency-increase-pct': '15',
      'max-cost-increase-pct': '10',
    });
    expect(io.outputs.get('status')).toBe('fail');
    expect(io.failed).toMatch(/^check-regression failed: fail: /);
    const regressions = JSON.parse(io.outputs.get('regressions')!) as { metric: string }[];
    expect(regressions.map((r) => r.metric)).toEqual(['accuracy', 'cost_per_1k_requests_usd']);
    expect(report!.body).toMatchObject({
      paired: true,
      noBaseline: false,
      baseline: { source: 'path' },
      seed: 42,
    });
    expect(report!.inputs.map((i) => i.role)).toEqual(['candidate', 'baseline']);
    expect(io.summary).toContain('| accuracy | 84.7% | 76.7% | −7.9 points |');
    expect(io.summary).toContain('timings are noisy');
  });

  it('passes with warn-tier rules and no-baseline defaults', async () => {
    const policy = join(mkdtempSync(join(tmpdir(), 'policy-')), 'policy.yml');
    writeFileSync(policy, 'defaults: {tier: warn}\nmetrics:\n  accuracy: {max-drop: 0.02}\n');
    const { io, report } = await check({ candidate: CANDIDATE, baseline: BASELINE, policy });
    expect(io.outputs.get('status')).toBe('warn');
    expect(io.failed).toBeUndefined();
    expect(report!.body.policy).toBe(policy);
  });

  it('is a warning, not a failure, when there is no baseline', async () => {
    const { io, report } = await check({ candidate: CANDIDATE });
    expect(io.failed).toBeUndefined();
    expect(io.outputs.get('status')).toBe('warn');
    expect(report!.body.noBaseline).toBe(true);
    expect(report!.findings.map((f) => f.code)).toContain('no-baseline');
    expect(report!.body.comparisons.every((c) => c.state === 'new')).toBe(true);
  });

  it('can fail when there is no baseline (no-baseline: fail)', async () => {
    const { io } = await check({ candidate: CANDIDATE, 'no-baseline': 'fail' });
    expect(io.outputs.get('status')).toBe('fail');
    expect(io.failed).toBeDefined();
  });

  it('fetches the baseline artifact of the merge-base run, not the newest run', async () => {
    const github = new RunsGitHub();
    github.mergeBase = 'b'.repeat(40);
    github.addRun(11, 'b'.repeat(40), '2026-01-18T00:00:00Z', ['modelgate-evaluation']);
    github.addRun(12, 'c'.repeat(40), '2026-01-19T00:00:00Z', ['modelgate-evaluation']);
    const artifacts = new MemoryArtifacts(99);
    const files = {
      'evaluation.json': readFileSync(BASELINE, 'utf8'),
      'examples.jsonl': readFileSync(join(FIXTURES, 'weather-baseline/examples.jsonl'), 'utf8'),
    };
    artifacts.put(11, 'modelgate-evaluation', files);
    artifacts.put(12, 'modelgate-evaluation', { 'evaluation.json': '{"accuracy": 0.1}' });
    const { io, report, tokens } = await check(
      {
        candidate: CANDIDATE,
        'baseline-artifact': 'modelgate-evaluation',
        'github-token': 'ghs_secret',
      },
      {
        env: {
          GITHUB_REPOSITORY: 'octo/weather',
          GITHUB_RUN_ID: '99',
          GITHUB_WORKFLOW_REF: 'octo/weather/.github/workflows/ci.yml@refs/pull/7/merge',
        },
        event: {
          pull_request: { number: 7, head: { sha: 'd'.repeat(40) }, base: { ref: 'main' } },
        },
        github,
        artifacts,
      },
    );
    expect(tokens).toEqual(['ghs_secret']);
    expect(io.secrets).toContain('ghs_secret');
    expect(github.calls[0]).toEqual({
      method: 'getMergeBase',
      args: [{ owner: 'octo', repo: 'weather' }, 'main', 'd'.repeat(40)],
    });
    expect(artifacts.downloads[0]!.fromRun).toMatchObject({
      runId: 11,
      owner: 'octo',
      repo: 'weather',
    });
    expect(report!.body.baseline.artifact).toMatchObject({
      runId: 11,
      exactMergeBase: true,
      ageDays: 2,
      workflow: 'ci.yml',
      branch: 'main',
    });
    expect(report!.body.paired).toBe(true);
    expect(report!.inputs.find((i) => i.role === 'baseline')!.path).toBe(
      'modelgate-evaluation/evaluation.json',
    );
    expect(
      readFileSync(join(FIXTURES, '../compare/weather-baseline/evaluation.json'), 'utf8'),
    ).not.toContain('ghs_secret');
    expect(JSON.stringify(report)).not.toContain('ghs_secret');
  });

  it('falls back to the newest earlier run and says so; respects baseline-max-age-days', async () => {
    const github = new RunsGitHub();
    github.mergeBase = 'e'.repeat(40);
    github.addRun(21, 'f'.repeat(40), '2026-01-10T00:00:00Z', ['modelgate-evaluation']);
    const artifacts = new MemoryArtifacts(99);
    artifacts.put(21, 'modelgate-evaluation', {
      'evaluation.json': readFileSync(BASELINE, 'utf8'),
    });
    const setup = {
      env: {
        GITHUB_REPOSITORY: 'octo/weather',
        GITHUB_WORKFLOW_REF: 'octo/weather/.github/workflows/ci.yml@refs/heads/x',
      },
      event: { pull_request: { head: { sha: 'd'.repeat(40) }, base: { ref: 'main' } } },
      github,
      artifacts,
    };
    const fallback = await check(
      { candidate: CANDIDATE, 'baseline-artifact': 'modelgate-evaluation', 'github-token': 't' },
      setup,
    );
    expect(fallback.report!.body.baseline.artifact).toMatchObject({
      runId: 21,
      exactMergeBase: false,
      ageDays: 10,
    });
    expect(fallback.report!.body.notes.join(' ')).toMatch(
      /The baseline is run 21 at ffffffffffff, 10.0 days old/,
    );
    // The per-example file did not ride along: the comparison is unpaired, and says why.
    expect(fallback.report!.body.pairedRefused).toMatch(
      /The baseline per-example file does not exist/,
    );

    const tooOld = await check(
      {
        candidate: CANDIDATE,
        'baseline-artifact': 'modelgate-evaluation',
        'github-token': 't',
        'baseline-max-age-days': '7',
      },
      setup,
    );
    expect(tooOld.report!.body.noBaseline).toBe(true);
    expect(tooOld.report!.body.notes[0]).toMatch(
      /run 21 is 10.0 days old, older than baseline-max-age-days 7/,
    );
    expect(tooOld.io.outputs.get('status')).toBe('warn');
  });

  it('compares DVC-style flat metrics files', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'dvc-'));
    writeFileSync(join(dir, 'base.json'), '{"test": {"acc": 0.90, "loss": 0.30}}');
    writeFileSync(join(dir, 'cand.yaml'), 'test:\n  acc: 0.85\n  loss: 0.31\n');
    const policy = join(dir, 'p.yml');
    writeFileSync(policy, 'metrics:\n  test.acc: {max-drop: 0.02}\n');
    const { io, report } = await check({
      candidate: join(dir, 'cand.yaml'),
      baseline: join(dir, 'base.json'),
      policy,
    });
    expect(io.outputs.get('status')).toBe('fail');
    expect(report!.body.candidateKind).toBe('flat');
    expect(report!.body.comparisons.find((c) => c.metric === 'test.acc')).toMatchObject({
      state: 'regressed',
      test: 'none',
    });
  });

  it.each([
    [
      'a missing candidate file',
      { candidate: '/nope/evaluation.json' },
      '/nope/evaluation.json: The candidate file does not exist.',
    ],
    [
      'a malformed policy',
      {
        candidate: CANDIDATE,
        baseline: BASELINE,
        policy: 'POLICY:metrics:\n  accuracy: {max_drop: 1}\n',
      },
      'rule "accuracy": unknown key "max_drop" (did you mean "max-drop"?)',
    ],
    [
      'an unknown metric in a rule',
      {
        candidate: CANDIDATE,
        baseline: BASELINE,
        policy: 'POLICY:metrics:\n  acuracy: {max-drop: 0.02}\n',
      },
      'rule "acuracy" names no metric',
    ],
    [
      'a report of the wrong version',
      { candidate: 'FILE:{"schema": "modelgate/evaluation@2"}', baseline: BASELINE },
      'newer than this modelgate reads',
    ],
    [
      'reports of different kinds',
      { candidate: CANDIDATE, baseline: 'FILE:' + JSON.stringify({ schema: 'modelgate/cost@1' }) },
      'is not a valid modelgate/cost@1 report',
    ],
    [
      'both baseline inputs',
      { candidate: CANDIDATE, baseline: BASELINE, 'baseline-artifact': 'x' },
      "Inputs 'baseline' and 'baseline-artifact' are both set",
    ],
    [
      'a bad alpha',
      { candidate: CANDIDATE, alpha: '5%' },
      "Input 'alpha' must be a significance level",
    ],
  ])('fails clearly on %s, with no stack', async (_name, raw, message) => {
    const dir = mkdtempSync(join(tmpdir(), 'bad-'));
    const inputs: Record<string, string> = {};
    for (const [k, v] of Object.entries(raw)) {
      if (v.startsWith('POLICY:') || v.startsWith('FILE:')) {
        const path = join(dir, `${k}.${v.startsWith('POLICY:') ? 'yml' : 'json'}`);
        writeFileSync(path, v.slice(v.indexOf(':') + 1));
        inputs[k] = path;
      } else inputs[k] = v;
    }
    const { io } = await check(inputs);
    expect(io.failed).toContain(message);
    expect(io.failed).not.toMatch(/Internal error|\n\s+at /);
    expect(io.outputs.get('status')).toBeUndefined();
  });

  it('refuses a baseline of another kind than the candidate', async () => {
    // A valid regression report (any modelgate report is a valid candidate) against an
    // evaluation baseline.
    const first = await check({ candidate: CANDIDATE });
    const regressionReport = join(first.dir, 'regression.json');
    const { io } = await check({ candidate: regressionReport, baseline: BASELINE });
    expect(io.failed).toContain(
      `The baseline ${BASELINE} is an evaluation report, but the candidate ${regressionReport} is a regression report.`,
    );
  });
});
