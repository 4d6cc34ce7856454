/**
 * The hostile corpus: every bad-input case runs through the bundle it targets, as the runner
 * runs it, and every case must end the same honest way. Cases are directories under
 * `test/fixtures/hostile/` (a `case.json` and the files it names, copied into the workspace)
 * and, for inputs that are large or cannot be committed (a FIFO, a 5 MB file), the generated
 * table in `hostile-generated.ts`. See `test/fixtures/hostile/README.md` to add one.
 *
 * Each case must: exit 0 or 1 (the one it declares); when it fails, fail with an error
 * annotation that names every word of its `mentions` (the file, line or input) and names the
 * file of its location once, not twice; print no "Internal error" and no stack trace; leave no
 * `*.tmp` file in the workspace or the runner's temp folder; and never print the planted token.
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { cp, mkdir, mkdtemp, readdir, readFile, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { basename, join } from 'node:path';
import { afterAll, describe, expect, it } from '@jest/globals';
import { GENERATED_CASES } from './hostile-generated';
import type { HostileCase } from './hostile-generated';
import { REPO_ROOT, cleanupRuns, runBundle } from './harness';
import type { BundleResult } from './harness';

const CORPUS = join(REPO_ROOT, 'test', 'fixtures', 'hostile');
/** The `github-token` every case runs with: it must never be printed or written. */
const MARKER = 'ghs_hostileCorpusMarker7f3a9c';
const CONCURRENCY = 2;

function committedCases(): HostileCase[] {
  return readdirSync(CORPUS, { withFileTypes: true })
    .filter((entry) => entry.isDirectory())
    .map((entry) => {
      const dir = join(CORPUS, entry.name);
      const spec = JSON.parse(readFileSync(join(dir, 'case.json'), 'utf8')) as Omit<
        HostileCase,
        'name' | 'setup'
      >;
      return {
        ...spec,
        name: entry.name,
        setup: async (workspace: string) => {
          await cp(dir, workspace, {
            recursive: true,
            filter: (source) => basename(source) !== 'case.json',
          });
        },
      };
    });
}

/** `HOSTILE_ONLY=validate-data,pr-summary` runs the cases of those actions only (while working on them). */
const ONLY = process.env.HOSTILE_ONLY?.split(',').filter((name) => name !== '');
const CASES: HostileCase[] = [...committedCases(), ...GENERATED_CASES]
  .filter((c) => ONLY === undefined || ONLY.includes(c.action))
  .sort((a, b) => a.name.localeCompare(b.name));

interface Outcome {
  readonly result: BundleResult;
  readonly leftovers: string[];
  readonly written: string;
}

const outcomes = new Map<string, Promise<Outcome>>();
const roots: string[] = [];

/** Starts every case, CONCURRENCY at a time in order; each test awaits its own outcome. */
function schedule(): void {
  const waiting: Array<() => void> = [];
  let running = 0;
  const slot = async (): Promise<void> => {
    if (running < CONCURRENCY) {
      running++;
      return;
    }
    await new Promise<void>((resolve) => waiting.push(resolve));
  };
  const release = (): void => {
    const next = waiting.shift();
    if (next) next();
    else running--;
  };
  for (const c of CASES) {
    const outcome = slot().then(() => runCase(c).finally(release));
    outcome.catch(() => undefined); // reported by the case's own test
    outcomes.set(c.name, outcome);
  }
}

async function runCase(c: HostileCase): Promise<Outcome> {
  const root = await mkdtemp(join(tmpdir(), 'modelgate-hostile-'));
  roots.push(root);
  const workspace = join(root, 'workspace');
  await mkdir(workspace, { recursive: true });
  await c.setup?.(workspace);
  const result = await runBundle(c.action, {
    inputs: c.inputs,
    cwd: workspace,
    githubToken: MARKER,
    timeoutMs: 60_000,
  });
  const leftovers = [
    ...(await walk(workspace)).filter((f) => f.endsWith('.tmp')),
    ...(await walk(result.runnerTemp)).filter((f) => f.endsWith('.tmp')),
  ];
  let written = '';
  for (const file of [...(await walk(workspace)), ...(await walk(result.runnerTemp))]) {
    const info = await stat(file).catch(() => undefined);
    // Regular files only (a planted FIFO would block), and not the big generated inputs.
    if (info?.isFile() && info.size < 8_000_000) written += await readFile(file, 'latin1');
  }
  return { result, leftovers, written };
}

async function walk(dir: string): Promise<string[]> {
  if (!existsSync(dir)) return [];
  const out: string[] = [];
  for (const entry of await readdir(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) out.push(...(await walk(path)));
    else out.push(path);
  }
  return out;
}

/** How often `name` stands as a file name in `message` (not inside a longer name or path). */
function timesNamed(message: string, name: string): number {
  const escaped = name.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
  return (message.match(new RegExp(`(?<![\\w./-])${escaped}(?![\\w/-]|\\.\\w)`, 'g')) ?? []).length;
}

schedule();
console.log(`hostile corpus: ${CASES.length} cases`);

afterAll(async () => {
  await Promise.allSettled(outcomes.values());
  await cleanupRuns();
  await Promise.all(roots.map((r) => rm(r, { recursive: true, force: true })));
});

describe(`the hostile corpus (${CASES.length} cases)`, () => {
  it.each(CASES.map((c) => [c.name, c] as const))('%s', async (_name, c) => {
    const skip = c.skip?.();
    if (skip !== undefined) {
      console.log(`hostile case ${c.name} skipped: ${skip}`);
      return;
    }
    const { result, leftovers, written } = await outcomes.get(c.name)!;
    const printed = `${result.stdout}\n${result.stderr}`;
    const errors = result.annotations.filter((a) => a.level === 'error');
    const context = `${c.name}: exit ${String(result.exitCode)}\n${printed.slice(0, 4000)}`;

    expect({ context, exitCode: result.exitCode }).toEqual({ context, exitCode: c.exit ?? 1 });
    expect(printed).not.toContain('Internal error');
    expect(printed).not.toMatch(/^\s+at /m);
    expect(leftovers).toEqual([]);
    const unmasked = printed
      .split('\n')
      .filter((line) => !line.startsWith('::add-mask::'))
      .join('\n');
    expect(unmasked).not.toContain(MARKER);
    expect(written).not.toContain(MARKER);
    expect(JSON.stringify(result.outputs) + result.summary).not.toContain(MARKER);

    if ((c.exit ?? 1) === 1) {
      expect({ context, errors: errors.length > 0 }).toEqual({ context, errors: true });
      const message = errors.map((e) => e.message).join('\n');
      for (const word of c.mentions ?? []) {
        expect({ message, mentions: word, found: message.includes(word) }).toEqual({
          message,
          mentions: word,
          found: true,
        });
      }
      for (const forbidden of c.never ?? []) expect(message).not.toContain(forbidden);
      for (const error of errors) {
        if (error.file === undefined) continue;
        const name = error.file;
        const times = timesNamed(error.message, name);
        // formatError prints the location once; a message that names it again repeats it.
        expect({ message: error.message, file: name, times: Math.min(times, 2) }).toEqual({
          message: error.message,
          file: name,
          times: Math.min(times, 1),
        });
      }
    }
  });
});
