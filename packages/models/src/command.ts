import { spawn } from 'node:child_process';
import type { ChildProcess } from 'node:child_process';
import { ModelError } from '@modelgate/core';
import { onCancel } from '@modelgate/runner';
import type { Clock } from './clock';
import { systemClock } from './clock';
import type { EvalRow, Prediction, PredictionSource, SourceHooks, SourceSummary } from './source';

/**
 * The command source: a local model run as a shell command, one process per batch.
 *
 * Protocol. The command is run with `sh -c` once per batch of up to `batchSize` rows. Its stdin
 * gets one JSON object per line: the row's fields, plus `"id"` when the row has none (stdin is
 * then closed). It must write one line per input line to stdout and exit 0. Each output line is
 *  - a JSON object with `prediction` (the label or number) and optionally `probabilities` (an
 *    object label → number), `score` (a number), `input_tokens`, `output_tokens`, or `error` (a
 *    message: that row failed, the others count); or
 *  - a bare JSON value (`"spam"`, `0.73`, `1`), the prediction itself.
 * Lines are matched to rows in order, or by `id` when every object line has one. A non-zero exit,
 * a line that is not JSON, or the wrong number of lines stops the run with a ModelError that
 * shows the end of stderr. Latency per row is the batch's wall time divided by its rows.
 */

export interface CommandOptions {
  readonly command: string;
  readonly batchSize: number;
  /** Per batch; the command (with every process it started) is killed after it. */
  readonly timeoutMs: number;
  /** The column that holds row ids (added as `id` to stdin objects when absent). */
  readonly idColumn?: string;
  readonly cwd?: string;
  readonly env?: NodeJS.ProcessEnv;
  readonly clock?: Clock;
}

const STDERR_TAIL = 2000;

/** POSIX: each command runs in a process group of its own (see {@link killAll}). */
const GROUPS = process.platform !== 'win32';

/**
 * Signals the command's shell and every process it started (its process group). Killing the
 * shell alone would leave `sleep 60; …` or a model server it spawned running, holding stdout open,
 * so a timed-out batch would wait for them and a cancelled step would leave them behind.
 */
function killAll(child: ChildProcess, signal: NodeJS.Signals): void {
  try {
    if (GROUPS && child.pid !== undefined) process.kill(-child.pid, signal);
    else child.kill(signal);
  } catch {
    // Already gone.
  }
}

/** Creates the source. */
export function createCommandSource(options: CommandOptions): PredictionSource {
  const clock = options.clock ?? systemClock;
  return {
    kind: 'command',
    describe: options.command,
    async run(rows: readonly EvalRow[], hooks: SourceHooks): Promise<SourceSummary> {
      const started = clock.now();
      let requests = 0;
      for (let from = 0; from < rows.length; from += options.batchSize) {
        if (hooks.signal?.aborted) break;
        const batch = rows.slice(from, from + options.batchSize);
        const input = batch
          .map((row) => {
            const idColumn = options.idColumn ?? 'id';
            const fields = Object.hasOwn(row.fields, idColumn)
              ? row.fields
              : { ...row.fields, id: row.id };
            return JSON.stringify(fields);
          })
          .join('\n');
        const t0 = clock.now();
        const stdout = await runOnce(options, `${input}\n`, from, batch.length);
        requests++;
        const perRow = (clock.now() - t0) / batch.length;
        const predictions = parseOutput(stdout, batch, options.command, from);
        predictions.forEach((p, i) => hooks.onResult(from + i, { ...p, latencyMs: perRow }));
      }
      return { durationMs: clock.now() - started, requests };
    },
  };
}

function runOnce(
  options: CommandOptions,
  input: string,
  from: number,
  count: number,
): Promise<string> {
  return new Promise((resolve, reject) => {
    const child = spawn('sh', ['-c', options.command], {
      cwd: options.cwd,
      env: options.env ?? process.env,
      stdio: ['pipe', 'pipe', 'pipe'],
      // Its own process group, so that a kill reaches what the shell started, not the shell alone.
      detached: GROUPS,
    });
    // A cancelled step (SIGINT/SIGTERM) exits at once: the command must not outlive it.
    const forget = onCancel(() => killAll(child, 'SIGTERM'));
    const out: Buffer[] = [];
    let err = '';
    let timedOut = false;
    const timer = setTimeout(() => {
      timedOut = true;
      killAll(child, 'SIGKILL');
    }, options.timeoutMs);
    child.stdout.on('data', (chunk: Buffer) => out.push(chunk));
    child.stderr.on('data', (chunk: Buffer) => {
      err = (err + chunk.toString('utf8')).slice(-STDERR_TAIL);
    });
    // A command that exits without reading stdin closes the pipe: its exit code tells the story.
    child.stdin.on('error', () => undefined);
    child.on('error', (e) => {
      clearTimeout(timer);
      forget();
      reject(
        new ModelError(`The command could not start: ${e.message}.`, {
          hint: "Check the 'command' input.",
        }),
      );
    });
    child.on('close', (code, signal) => {
      clearTimeout(timer);
      forget();
      const rowsText = `rows ${from + 1}–${from + count}`;
      const tail = err.trim() === '' ? '' : ` stderr (end): ${err.trim()}`;
      if (timedOut) {
        reject(
          new ModelError(
            `The command timed out after ${options.timeoutMs} ms on ${rowsText}.${tail}`,
            {
              hint: "Raise 'timeout-ms' or lower 'batch-size'.",
            },
          ),
        );
      } else if (code !== 0) {
        reject(
          new ModelError(
            `The command exited with ${code === null ? `signal ${signal}` : `code ${code}`} on ${rowsText}.${tail}`,
            { hint: 'Run the command locally with the same JSONL on stdin to see why.' },
          ),
        );
      } else {
        resolve(Buffer.concat(out).toString('utf8'));
      }
    });
    child.stdin.end(input);
  });
}

function parseOutput(
  stdout: string,
  batch: readonly EvalRow[],
  command: string,
  from: number,
): Prediction[] {
  const lines = stdout.split('\n');
  if (lines.length > 0 && lines[lines.length - 1]?.trim() === '') lines.pop();
  if (lines.length !== batch.length) {
    throw new ModelError(
      `The command wrote ${lines.length} line(s) for a batch of ${batch.length} row(s) (rows ${from + 1}–${from + batch.length}); it must write exactly one JSON line per input line.`,
      {
        hint: `Check that "${command}" prints one prediction per line and nothing else (log to stderr).`,
      },
    );
  }
  const parsed = lines.map((line, i) => {
    try {
      return JSON.parse(line) as unknown;
    } catch {
      throw new ModelError(
        `The command's output line ${i + 1} for rows ${from + 1}–${from + batch.length} is not JSON: "${line.slice(0, 120)}".`,
        { hint: 'Print one JSON value or object per line; log to stderr.' },
      );
    }
  });
  const byId =
    parsed.length > 0 && parsed.every((v) => isObject(v) && v.id !== undefined && v.id !== null);
  if (!byId) return parsed.map(toPrediction);
  const found = new Map<string, unknown>();
  for (const v of parsed) found.set(String((v as { id: unknown }).id), v);
  return batch.map((row) => {
    const v = found.get(row.id);
    return v === undefined
      ? {
          error: `the command's output has no line with id ${JSON.stringify(row.id)}`,
          errorCode: 'command',
        }
      : toPrediction(v);
  });
}

function isObject(value: unknown): value is Record<string, unknown> {
  return value !== null && typeof value === 'object' && !Array.isArray(value);
}

function toPrediction(value: unknown): Prediction {
  if (!isObject(value)) return { predicted: value };
  if (typeof value.error === 'string' && value.error !== '')
    return { error: value.error, errorCode: 'command' };
  const out: { -readonly [K in keyof Prediction]: Prediction[K] } = {
    predicted: value.prediction ?? value.predicted ?? value.label,
  };
  if (isObject(value.probabilities))
    out.probabilities = value.probabilities as Record<string, number>;
  if (typeof value.score === 'number') out.score = value.score;
  if (typeof value.input_tokens === 'number') out.inputTokens = value.input_tokens;
  if (typeof value.output_tokens === 'number') out.outputTokens = value.output_tokens;
  return out;
}
