/**
 * No secret leaks, end to end on the bundles. A distinct marker is planted in each place a
 * secret can enter (the endpoint URL's query and user-info, each `headers` value, `api-key`,
 * `judge-api-key`, the LLM `base-url`'s user-info and query, the judge's query, `github-token`);
 * evaluate-model (endpoint mode, LLM mode with a judge and a response cache), pr-summary and
 * check-regression run against a hostile server that echoes every header and the full URL into
 * its error bodies and its answers, with debug logging on. Then every file written (workspace,
 * runner temp, GITHUB_OUTPUT, GITHUB_STEP_SUMMARY, the artifacts as uploaded, downloaded back
 * with the real artifact client), the posted comments, and every byte of stdout and stderr are
 * searched for each marker and its encoded forms. The one place a marker may appear is the
 * runner's own `::add-mask::` command, and there it must (the log is masked too).
 */
import { mkdtemp, readFile, readdir, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { DefaultArtifactClient } from '@actions/artifact';
import { startEchoServer } from '../helpers/echo-server';
import type { EchoServer } from '../helpers/echo-server';
import { GitHubServer, Route } from '../helpers/github-server';
import { cleanupRuns, pullRequestEvent, runBundle } from './harness';
import type { BundleResult } from './harness';

const MARKERS = {
  endpointQuery: 'mgQ1-endpoint/query',
  endpointSig: 'mgQ2-endpoint/sig',
  endpointUser: 'mgU3-endpoint-user',
  endpointPassword: 'mgP4-endpoint/pass',
  headerAuthorization: 'mgH5-header/authorization',
  headerApiKey: 'mgH6-header/api-key',
  apiKey: 'mgK7-llm/api-key',
  judgeApiKey: 'mgK8-judge/api-key',
  llmUser: 'mgU9-llm-user',
  llmPassword: 'mgP10-llm/pass',
  llmQuery: 'mgQ11-llm/query',
  judgeQuery: 'mgQ12-judge/query',
  githubToken: 'ghs_mgT13GithubToken/x',
} as const;
type Marker = keyof typeof MARKERS;

const enc = encodeURIComponent;
const event = pullRequestEvent();
const REPO = event.payload.repository.full_name;
const PR = event.payload.pull_request.number;
const RUN_ID = 9100;

/** A marker as it may appear: as is, URL-encoded, form-encoded. */
function formsOf(marker: string): string[] {
  return [
    ...new Set([marker, enc(marker), new URLSearchParams({ s: marker }).toString().slice(2)]),
  ];
}

async function filesUnder(dir: string): Promise<string[]> {
  const entries = await readdir(dir, { withFileTypes: true, recursive: true }).catch(() => []);
  return entries.filter((e) => e.isFile()).map((e) => join(e.parentPath, e.name));
}

/** Every artifact of the run, downloaded with the real client from the loopback service. */
async function downloadArtifacts(github: GitHubServer): Promise<string[]> {
  const dest = await mkdtemp(join(tmpdir(), 'mg-secrets-artifacts-'));
  const saved = { ...process.env };
  Object.assign(process.env, github.runtimeEnv(REPO, RUN_ID), {
    GITHUB_SERVER_URL: github.serverUrl,
  });
  try {
    const client = new DefaultArtifactClient();
    for (const artifact of github.artifacts(RUN_ID)) {
      await client.downloadArtifact(artifact.id, { path: join(dest, artifact.name) });
    }
  } finally {
    for (const key of ['ACTIONS_RUNTIME_TOKEN', 'ACTIONS_RESULTS_URL', 'GITHUB_SERVER_URL']) {
      if (saved[key] === undefined) delete process.env[key];
      else process.env[key] = saved[key];
    }
  }
  return filesUnder(dest);
}

/** Where each marker was found: `marker → [place, …]`, empty when nothing leaked. */
function leaks(places: ReadonlyMap<string, string>, markers: readonly Marker[]): string[] {
  const found: string[] = [];
  for (const name of markers) {
    for (const form of formsOf(MARKERS[name])) {
      for (const [place, text] of places) {
        if (text.includes(form)) found.push(`${name} (${form}) in ${place}`);
      }
    }
  }
  return found;
}

describe('no secret leaks from the bundles', () => {
  let echo: EchoServer;
  let github: GitHubServer;
  let workspace: string;
  const runs: BundleResult[] = [];

  beforeAll(async () => {
    echo = await startEchoServer();
    github = await GitHubServer.start();
    github.addPull(REPO, {
      number: PR,
      state: 'open',
      headSha: event.payload.pull_request.head.sha,
      headRef: event.payload.pull_request.head.ref,
      headRepo: REPO,
      baseSha: event.payload.pull_request.base.sha,
      baseRef: event.payload.pull_request.base.ref,
    });
    workspace = await mkdtemp(join(tmpdir(), 'mg-secrets-'));
    const rows = Array.from({ length: 12 }, (_, i) => ({
      id: `r${i}`,
      text: `message ${i}`,
      label: i % 2 === 0 ? 'ham' : 'spam',
      // Distinct prompts: each case is a request (the response cache answers none of them).
      name: `car model ${i}`,
    }));
    await writeFile(join(workspace, 'eval.jsonl'), rows.map((r) => JSON.stringify(r)).join('\n'));
    await writeFile(
      join(workspace, 'prompt.yaml'),
      'system: Answer with one word.\nuser: "Where is the {{name}} from?"\n',
    );
    await writeFile(
      join(workspace, 'asserts.yaml'),
      '- type: icontains\n  value: japan\n- type: llm-rubric\n  value: names a country\n',
    );
  });
  afterAll(async () => {
    await echo.close();
    await github.close();
    await cleanupRuns();
  });

  const debug = { RUNNER_DEBUG: '1' };

  it('evaluate-model, endpoint mode: URL query, user-info and every header', async () => {
    const m = MARKERS;
    const host = echo.origin.replace('http://', '');
    const result = await runBundle('evaluate-model', {
      inputs: {
        dataset: 'eval.jsonl',
        endpoint: `http://${enc(m.endpointUser)}:${enc(m.endpointPassword)}@${host}/predict?api_key=${enc(m.endpointQuery)}&sig=${enc(m.endpointSig)}`,
        'request-template': '{"text": "{{text}}"}',
        'response-path': 'label',
        headers: `Authorization: Bearer ${m.headerAuthorization}\nX-Api-Key: ${m.headerApiKey}`,
        retries: '1',
        concurrency: '2',
        'max-error-rate': '1',
        'report-path': 'endpoint/evaluation.json',
        'artifact-name': 'secrets-endpoint',
      },
      env: debug,
      github,
      runId: RUN_ID,
      cwd: workspace,
    });
    runs.push(result);
    if (result.exitCode !== 0) throw new Error(`${result.stdout}\n${result.stderr}`);
    expect(echo.counts.endpoint).toBeGreaterThan(12);
    const report = JSON.parse(await readFile(join(workspace, 'endpoint/evaluation.json'), 'utf8'));
    expect(report.body.model.endpoint).toBe(`${echo.origin}/predict`);
    // The hostile answers did reach the product: errors and echoed predictions are recorded.
    expect(report.body.examples.errored).toBeGreaterThan(0);
    const examples = await readFile(join(workspace, 'endpoint/evaluation.examples.jsonl'), 'utf8');
    expect(examples).toContain('***');
  });

  it('evaluate-model, LLM mode: api-key, judge-api-key, base-url user-info and query', async () => {
    const m = MARKERS;
    const host = echo.origin.replace('http://', '');
    const result = await runBundle('evaluate-model', {
      inputs: {
        provider: 'openai-compatible',
        'base-url': `http://${enc(m.llmUser)}:${enc(m.llmPassword)}@${host}/v1?tenant=${enc(m.llmQuery)}`,
        model: 'gpt-4o-mini',
        'api-key': m.apiKey,
        'judge-model': 'gpt-4o',
        'judge-base-url': `${echo.origin}/judge/v1?key=${enc(m.judgeQuery)}`,
        'judge-api-key': m.judgeApiKey,
        dataset: 'eval.jsonl',
        prompt: 'prompt.yaml',
        assertions: 'asserts.yaml',
        'cache-dir': '.llm-cache',
        retries: '1',
        concurrency: '2',
        'max-error-rate': '1',
        'report-path': 'llm/evaluation.json',
        'artifact-name': 'secrets-llm',
      },
      env: debug,
      github,
      runId: RUN_ID,
      cwd: workspace,
    });
    runs.push(result);
    if (result.exitCode !== 0) throw new Error(`${result.stdout}\n${result.stderr}`);
    expect(echo.counts.chat).toBeGreaterThan(12);
    const report = JSON.parse(await readFile(join(workspace, 'llm/evaluation.json'), 'utf8'));
    expect(report.body.model.endpoint).toBe(`${echo.origin}/v1`);
  });

  it('pr-summary and check-regression: github-token, echoed back by GitHub', async () => {
    const token = MARKERS.githubToken;
    // A report whose text holds the token (as an echoed answer might): the comment must not.
    const planted = JSON.parse(await readFile(join(workspace, 'endpoint/evaluation.json'), 'utf8'));
    planted.summary = `${planted.summary} (model said ${token})`;
    await writeFile(join(workspace, 'planted.json'), JSON.stringify(planted));
    const summary = await runBundle('pr-summary', {
      inputs: { reports: 'planted.json\nllm/evaluation.json', 'github-token': token },
      env: debug,
      github,
      runId: RUN_ID,
      cwd: workspace,
    });
    runs.push(summary);
    if (summary.exitCode !== 0) throw new Error(`${summary.stdout}\n${summary.stderr}`);
    expect(github.commentsOf(REPO, PR)).toHaveLength(1);

    // GitHub refuses, quoting the token in its error message.
    github.failNext(Route.ListComments, { status: 403, message: `Bad credentials: ${token}` });
    const refused = await runBundle('pr-summary', {
      inputs: { reports: 'planted.json', 'github-token': token },
      env: debug,
      github,
      runId: RUN_ID,
      cwd: workspace,
    });
    runs.push(refused);
    expect(refused.stdout).toContain('Bad credentials: ***');

    github.failNext(Route.ListWorkflowRuns, { status: 403, message: `Bad credentials: ${token}` });
    const regression = await runBundle('check-regression', {
      inputs: {
        candidate: 'endpoint/evaluation.json',
        'baseline-artifact': 'modelgate-evaluation',
        'baseline-workflow': 'ci.yml',
        'github-token': token,
        'report-path': 'regression/regression.json',
      },
      env: debug,
      github,
      runId: RUN_ID,
      cwd: workspace,
    });
    runs.push(regression);
    expect(`${regression.stdout}${regression.stderr}`).toContain('Bad credentials: ***');
    github.resetFaults();
  });

  it('leaves no marker in any file written, any artifact, the comment, stdout or stderr', async () => {
    expect(runs).toHaveLength(5);
    const places = new Map<string, string>();
    const roots = new Set([workspace]);
    for (const run of runs) {
      roots.add(run.runnerTemp);
      roots.add(dirname(run.env.GITHUB_OUTPUT!));
    }
    for (const root of roots) {
      for (const file of await filesUnder(root)) {
        places.set(`file ${file}`, await readFile(file, 'latin1'));
      }
    }
    const artifacts = await downloadArtifacts(github);
    expect(artifacts.map((f) => f.split('/').at(-1))).toEqual(
      expect.arrayContaining(['evaluation.json', 'evaluation.examples.jsonl']),
    );
    for (const file of artifacts) {
      places.set(`artifact ${file}`, await readFile(file, 'latin1'));
    }
    for (const comment of github.commentsOf(REPO, PR)) {
      places.set(`comment ${comment.id}`, comment.body);
    }
    runs.forEach((run, i) => {
      const logged = run.stdout
        .split('\n')
        .filter((line) => !line.startsWith('::add-mask::'))
        .join('\n');
      places.set(`stdout of run ${i + 1}`, logged);
      places.set(`stderr of run ${i + 1}`, run.stderr);
    });
    // The workspace files planted by the test itself hold a marker on purpose.
    places.delete(`file ${join(workspace, 'planted.json')}`);
    console.log(`searched ${places.size} places for ${Object.keys(MARKERS).length} markers`);

    expect(leaks(places, Object.keys(MARKERS) as Marker[])).toEqual([]);

    // Every secret was registered with the runner, so its log is masked too.
    const masks = new Set(runs.flatMap((run) => run.masks));
    for (const marker of Object.values(MARKERS)) expect(masks).toContain(marker);
  });
});
