/**
 * `npm run actionlint [-- --root <dir>]` (second half): shellcheck over the `run:` scripts of the workflows, as the
 * actionlint binary does through its shellcheck integration. The actionlint on npm is a
 * WebAssembly build, which cannot start shellcheck, so this does that part: each bash or sh script
 * with every `${{ ... }}` replaced by underscores of the same length (actionlint's placeholder),
 * checked with actionlint's shellcheck options, and each finding printed at the workflow's own
 * `file:line:col`. Exits 1 on a finding, and when shellcheck is not installed (Debian:
 * `apt-get install shellcheck`).
 */
import { spawnSync } from 'node:child_process';
import { readFileSync, readdirSync } from 'node:fs';
import { join, relative, resolve } from 'node:path';
import { LineCounter, isMap, isScalar, isSeq, parseDocument } from 'yaml';
import type { YAMLMap } from 'yaml';

/** The codes actionlint turns off: they misfire on placeholders and on variables the runner sets. */
const EXCLUDED = 'SC1091,SC2194,SC2050,SC2154,SC2157';

interface ShellcheckComment {
  line: number;
  column: number;
  level: string;
  code: number;
  message: string;
}

interface Script {
  readonly file: string;
  readonly shell: string;
  readonly text: string;
  /** The workflow line of the script's first line. */
  readonly firstLine: number;
  /** The workflow column of the script's first column. */
  readonly firstCol: number;
}

const shellOf = (node: unknown): string | undefined => {
  if (!isMap(node)) return undefined;
  const run = (node.get('defaults') as YAMLMap | undefined)?.get?.('run');
  const shell = isMap(run) ? run.get('shell') : undefined;
  return typeof shell === 'string' ? shell : undefined;
};

/** The `run:` scripts of a workflow, with the shell each runs in (bash unless it says). */
function runScripts(file: string, source: string): Script[] {
  const lines = new LineCounter();
  const doc = parseDocument(source, { lineCounter: lines, keepSourceTokens: true });
  const scripts: Script[] = [];
  const jobs = doc.get('jobs');
  if (!isMap(jobs)) return scripts;
  const workflowShell = shellOf(doc.contents) ?? 'bash';
  for (const job of jobs.items) {
    const jobShell = shellOf(job.value) ?? workflowShell;
    const steps = isMap(job.value) ? job.value.get('steps') : undefined;
    if (!isSeq(steps)) continue;
    for (const step of steps.items) {
      if (!isMap(step)) continue;
      const run = step.get('run', true);
      if (!isScalar(run) || typeof run.value !== 'string' || !run.range) continue;
      const shell = (step.get('shell') as string | undefined) ?? jobShell;
      const block = run.type === 'BLOCK_LITERAL' || run.type === 'BLOCK_FOLDED';
      const start = lines.linePos(run.range[0]);
      // A block scalar's text starts on the line under its `|`, at the block's indentation.
      const firstLine = block ? start.line + 1 : start.line;
      const firstCol = block
        ? /^ */.exec(source.split('\n')[firstLine - 1] ?? '')![0].length + 1
        : start.col;
      scripts.push({ file, shell, text: run.value, firstLine, firstCol });
    }
  }
  return scripts;
}

const args = process.argv.slice(2);
const root =
  args[0] === '--root' && args[1] !== undefined
    ? resolve(args[1])
    : join(import.meta.dirname, '..', '..');
if (args.length > 0 && (args[0] !== '--root' || args.length !== 2)) {
  console.error(`shellcheck-runs: usage: shellcheck-runs [--root <dir>]; got ${args.join(' ')}`);
  process.exit(1);
}
const workflowsDir = join(root, '.github', 'workflows');
const probe = spawnSync('shellcheck', ['--version'], { encoding: 'utf8' });
if (probe.error || probe.status !== 0) {
  console.error(
    'shellcheck is not installed: install it (Debian/Ubuntu: `apt-get install shellcheck`) and run again',
  );
  process.exit(1);
}

let checked = 0;
let findings = 0;
for (const name of readdirSync(workflowsDir)
  .filter((f) => /\.ya?ml$/.test(f))
  .sort()) {
  const path = join(workflowsDir, name);
  const file = relative(root, path);
  for (const script of runScripts(file, readFileSync(path, 'utf8'))) {
    if (script.shell !== 'bash' && script.shell !== 'sh') continue;
    checked++;
    const text = script.text.replace(/\$\{\{[\s\S]*?\}\}/g, (m) => m.replace(/[^\n]/g, '_'));
    const result = spawnSync(
      'shellcheck',
      ['--norc', '-f', 'json', '-x', '--shell', script.shell, '-e', EXCLUDED, '-'],
      { input: text, encoding: 'utf8' },
    );
    const comments = JSON.parse(result.stdout || '[]') as ShellcheckComment[];
    for (const c of comments) {
      findings++;
      const line = script.firstLine + c.line - 1;
      const col = script.firstCol + c.column - 1;
      console.log(`${file}:${line}:${col} shellcheck SC${c.code} (${c.level}): ${c.message}`);
    }
  }
}
console.log(
  `shellcheck: ${checked} run scripts checked, ${findings} finding${findings === 1 ? '' : 's'}`,
);
process.exitCode = findings === 0 ? 0 : 1;
