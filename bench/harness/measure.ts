/**
 * Runs one child process under GNU time (`/usr/bin/time -f %e %M`): the wall time from spawn to
 * exit and the peak RSS of the process (the largest of it and its waited-for children), measured
 * the same way for modelgate and for every peer. The child may print `BENCH_RESULT {json}` on
 * stdout with its own numbers (e.g. an in-process time), which the harness reads.
 */
import { spawn } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { cpus, loadavg, totalmem } from 'node:os';
import { join } from 'node:path';
import { parseBenchLine } from './aggregate';
import type { MachineInfo, Sample } from './aggregate';

export const GNU_TIME = '/usr/bin/time';

export interface ChildSpec {
  readonly command: string;
  readonly args: readonly string[];
  /** The whole environment of the child (nothing is inherited but PATH and HOME). */
  readonly env?: Readonly<Record<string, string>>;
  readonly cwd?: string;
  /** Exit codes that count as a successful run (default [0]). */
  readonly okExitCodes?: readonly number[];
  /** Called before each run (e.g. to empty GITHUB_OUTPUT). */
  readonly before?: () => void;
  /** Checks the run's output; throws to reject the run. */
  readonly verify?: (stdout: string) => void;
}

export class RunFailed extends Error {}

export function measure(spec: ChildSpec, scratch: string): Promise<Sample> {
  if (!existsSync(GNU_TIME))
    throw new Error(`${GNU_TIME} is missing: install GNU time (apt-get install time) to bench`);
  mkdirSync(scratch, { recursive: true });
  const timeFile = join(scratch, 'gnu-time.txt');
  writeFileSync(timeFile, '');
  spec.before?.();
  const env = {
    PATH: process.env.PATH ?? '/usr/bin:/bin',
    HOME: process.env.HOME ?? '/tmp',
    ...spec.env,
  };
  return new Promise((resolve, reject) => {
    const started = performance.now();
    const child = spawn(GNU_TIME, ['-f', '%e %M', '-o', timeFile, spec.command, ...spec.args], {
      cwd: spec.cwd,
      env,
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    const out: Buffer[] = [];
    let err = '';
    child.stdout.on('data', (d: Buffer) => out.push(d));
    child.stderr.on('data', (d: Buffer) => (err = (err + d.toString()).slice(-8000)));
    child.on('error', reject);
    child.on('close', (code) => {
      const wallMs = performance.now() - started;
      const stdout = Buffer.concat(out).toString('utf8');
      const ok = spec.okExitCodes ?? [0];
      if (code === null || !ok.includes(code)) {
        reject(
          new RunFailed(
            `${spec.command} ${spec.args.join(' ')} exited ${code}:\n${stdout.slice(-3000)}\n${err}`,
          ),
        );
        return;
      }
      // GNU time writes "Command exited with non-zero status N" first when the exit code is not 0.
      const last = readFileSync(timeFile, 'utf8').trim().split('\n').at(-1) ?? '';
      const rssKb = Number(last.split(/\s+/)[1]);
      try {
        spec.verify?.(stdout);
      } catch (e) {
        reject(new RunFailed(`${spec.command}: output rejected: ${String(e)}`));
        return;
      }
      resolve({
        wallMs,
        peakRssKb: Number.isFinite(rssKb) ? rssKb : undefined,
        metrics: parseBenchLine(stdout),
      });
    });
  });
}

export function loadAverage(): number[] {
  return loadavg().map((x) => Math.round(x * 100) / 100);
}

export function machineInfo(
  nodeVersions: Record<string, string>,
  python: string | null,
): MachineInfo {
  let cpu = cpus()[0]?.model ?? 'unknown';
  try {
    const m = /model name\s*:\s*(.+)/.exec(readFileSync('/proc/cpuinfo', 'utf8'));
    if (m?.[1]) cpu = m[1].trim();
  } catch {
    // not Linux: keep os.cpus()'s model
  }
  let os = `${process.platform} ${process.arch}`;
  try {
    const pretty = /PRETTY_NAME="([^"]+)"/.exec(readFileSync('/etc/os-release', 'utf8'));
    if (pretty?.[1]) os = `${pretty[1]} (${process.arch})`;
  } catch {
    // keep the platform
  }
  return {
    cpu,
    cores: cpus().length,
    memoryGb: Math.round((totalmem() / 2 ** 30) * 10) / 10,
    nodeVersions,
    python,
    os,
  };
}
