/**
 * `npm run validate:workflows` (scripts/validate-workflows.mjs, @action-validator/cli) over every
 * workflow and action.yml, so that a broken workflow fails the suite, and over a broken one, so
 * that this test can fail.
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from '@jest/globals';

const ROOT = join(import.meta.dirname, '..', '..');
const SCRIPT = join(ROOT, 'scripts', 'validate-workflows.mjs');
const scratch = mkdtempSync(join(tmpdir(), 'validate-workflows-test-'));
afterAll(() => rmSync(scratch, { recursive: true, force: true }));

function validate(files: string[] = []): { status: number | null; stdout: string } {
  const r = spawnSync(process.execPath, [SCRIPT, ...files], { encoding: 'utf8', cwd: ROOT });
  return { status: r.status, stdout: r.stdout };
}

describe('workflow and action.yml validation', () => {
  it('passes every workflow and every action.yml of the repository', () => {
    const { status, stdout } = validate();
    const workflows = readdirSync(join(ROOT, '.github', 'workflows')).filter((f) =>
      f.endsWith('.yml'),
    );
    const actions = readdirSync(join(ROOT, 'actions'));
    for (const f of workflows) expect(stdout).toContain(`ok      .github/workflows/${f}`);
    for (const a of actions) expect(stdout).toContain(`ok      actions/${a}/action.yml`);
    expect(stdout).toContain(
      `${workflows.length + actions.length} of ${workflows.length + actions.length} valid`,
    );
    expect(status).toBe(0);
  });

  it('fails a workflow with an unknown key and names the file', () => {
    const file = join(scratch, 'broken.yml');
    writeFileSync(
      file,
      'name: broken\non: [push]\njobs:\n  a:\n    runs-on: ubuntu-latest\n    stepz:\n      - run: echo hi\n',
    );
    const { status, stdout } = validate([file]);
    expect(status).toBe(1);
    expect(stdout).toContain('INVALID');
    expect(stdout).toContain('broken.yml');
  });

  it('fails an action.yml with an unknown runtime, and accepts node24', () => {
    const action = (using: string): string => {
      const dir = mkdtempSync(join(scratch, 'action-'));
      const file = join(dir, 'action.yml');
      writeFileSync(file, `name: x\ndescription: x\nruns:\n  using: ${using}\n  main: index.js\n`);
      return file;
    };
    expect(validate([action('node24')]).status).toBe(0);
    expect(validate([action('node99')]).status).toBe(1);
  });
});
