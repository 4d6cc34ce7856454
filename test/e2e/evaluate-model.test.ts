import { mkdtemp, readFile, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from '@jest/globals';
import { GitHubServer } from '../helpers/github-server';
import { startModelServer } from '../helpers/model-server';
import type { ModelServer } from '../helpers/model-server';
import { cleanupRuns, runBundle } from './harness';

// The evaluate-model bundle (dist/), run as the runner runs it: two shards against a loopback
// model server, each uploading its artifact to the loopback results service, then a merge step.
describe('the evaluate-model bundle', () => {
  let github: GitHubServer;
  let model: ModelServer;
  let workspace: string;
  const rows = Array.from({ length: 60 }, (_, i) => ({
    id: `e${i}`,
    text: i % 3 === 0 ? `win money ${i}` : `hello ${i}`,
    label: i % 3 === 0 || i % 10 === 1 ? 'spam' : 'ham',
  }));

  beforeAll(async () => {
    github = await GitHubServer.start();
    model = await startModelServer(({ json, n }) => {
      if (n === 5) return { status: 503, headers: { 'retry-after': '0' } };
      const text = (json as { text: string }).text;
      const p = text.startsWith('win') ? 0.9 : 0.2;
      return {
        headers: { 'x-model-version': 'e2e-1' },
        body: { label: p >= 0.5 ? 'spam' : 'ham', probs: { spam: p, ham: 1 - p } },
      };
    });
    workspace = await mkdtemp(join(tmpdir(), 'mg-e2e-eval-'));
    await writeFile(
      join(workspace, 'eval.jsonl'),
      rows.map((r) => JSON.stringify(r)).join('\n') + '\n',
    );
  });
  afterEach(() => github.assertConformant());
  afterAll(async () => {
    await model.close();
    await github.close();
    await cleanupRuns();
  });

  it('evaluates two shards with artifacts, then merges them into one report', async () => {
    const runId = 7100;
    for (const i of [1, 2]) {
      const result = await runBundle('evaluate-model', {
        inputs: {
          dataset: 'eval.jsonl',
          endpoint: model.url,
          'request-template': '{"text": "{{text}}"}',
          'response-path': 'label',
          'probabilities-path': 'probs',
          headers: 'Authorization: Bearer e2e-secret-token',
          shard: `${i}/2`,
          'report-path': `shards/s${i}/evaluation.json`,
        },
        github,
        runId,
        cwd: workspace,
      });
      if (result.exitCode !== 0) throw new Error(`${result.stdout}\n${result.stderr}`);
      expect(result.outputs.status).toBe('pass');
      expect(result.masks).toContain('Bearer e2e-secret-token');
      const logged = result.stdout
        .split('\n')
        .filter((line) => !line.startsWith('::add-mask::'))
        .join('\n');
      expect(logged).not.toContain('e2e-secret-token');
      expect(result.summary).toContain('evaluate-model');
      const report = await readFile(join(workspace, `shards/s${i}/evaluation.json`), 'utf8');
      expect(report).not.toContain('e2e-secret-token');
      expect(JSON.parse(report).body.model.version).toBe('e2e-1');
    }
    const names = github
      .artifacts(runId)
      .map((a) => a.name)
      .sort();
    expect(names).toEqual([
      'modelgate-evaluation-shard-1-of-2',
      'modelgate-evaluation-shard-2-of-2',
    ]);

    const merged = await runBundle('evaluate-model', {
      inputs: { merge: 'shards/**/evaluation.json', 'report-path': 'merged/evaluation.json' },
      github,
      runId,
      cwd: workspace,
    });
    if (merged.exitCode !== 0) throw new Error(`${merged.stdout}\n${merged.stderr}`);
    expect(merged.outputs.examples).toBe('60');
    // Wrong exactly on i % 10 === 1 with i % 3 !== 0: 1, 11, 31, 41 → 56/60.
    expect(Number(merged.outputs.accuracy)).toBeCloseTo(56 / 60, 12);
    expect(github.artifacts(runId).map((a) => a.name)).toContain('modelgate-evaluation');
  });

  it('fails with exit code 1 and one annotation, no stack, on a bad input', async () => {
    const result = await runBundle('evaluate-model', {
      inputs: { dataset: 'eval.jsonl', endpoint: model.url, 'label-column': 'target' },
      cwd: workspace,
    });
    expect(result.exitCode).toBe(1);
    const errors = result.annotations.filter((a) => a.level === 'error');
    expect(errors).toHaveLength(1);
    expect(errors[0]!.message).toContain(`has no column "target" (input 'label-column')`);
    expect(result.stdout).not.toMatch(/\n\s+at /);
  });
});
