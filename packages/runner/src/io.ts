import * as core from '@actions/core';
import { redactSecrets, registerSecret } from './secrets';

/** Where an annotation points. Lines are 1-based. */
export interface AnnotationProps {
  readonly title?: string;
  readonly file?: string;
  readonly startLine?: number;
  readonly startColumn?: number;
}

/**
 * The runner, as the actions see it: inputs, outputs, the log, annotations, the job summary and
 * secret masking. The real one wraps `@actions/core`; tests pass a recording fake.
 */
export interface ActionsIO {
  /** The raw value of an input, '' when unset. Only an action's `inputs.ts` calls this. */
  getInput(name: string): string;
  setOutput(name: string, value: string | number | boolean): void;
  /** Marks the step failed (exit code 1) with one error annotation. */
  setFailed(message: string, props?: AnnotationProps): void;
  /**
   * Registers a secret: masked in the log, and replaced by `***` in every output, file and
   * message of the process (the real runner; a fake records it).
   */
  setSecret(value: string): void;
  info(message: string): void;
  debug(message: string): void;
  isDebug(): boolean;
  warning(message: string, props?: AnnotationProps): void;
  error(message: string, props?: AnnotationProps): void;
  notice(message: string, props?: AnnotationProps): void;
  group<T>(name: string, fn: () => Promise<T>): Promise<T>;
  /** Appends markdown to the job summary. The caller keeps it within {@link SUMMARY_LIMIT_BYTES}. */
  appendSummary(markdown: string): Promise<void>;
}

/** GitHub's limit on one step's job summary. */
export const SUMMARY_LIMIT_BYTES = 1024 * 1024;

function toCore(props: AnnotationProps | undefined): core.AnnotationProperties | undefined {
  if (!props) return undefined;
  const out: core.AnnotationProperties = {};
  if (props.title !== undefined) out.title = redactSecrets(props.title);
  if (props.file !== undefined) out.file = redactSecrets(props.file);
  if (props.startLine !== undefined) out.startLine = props.startLine;
  if (props.startColumn !== undefined) out.startColumn = props.startColumn;
  return out;
}

/**
 * Cuts markdown so that `used` bytes already written plus the result stay within `limit` bytes of
 * UTF-8, ending with a note that says so. Returns '' when nothing more fits. Cuts at a line end
 * where it can, and never inside a UTF-8 sequence.
 */
export function fitSummary(markdown: string, used: number, limit = SUMMARY_LIMIT_BYTES): string {
  const bytes = Buffer.byteLength(markdown, 'utf8');
  if (used + bytes <= limit) return markdown;
  const note =
    "\n\n> The job summary was cut at GitHub's 1 MiB limit; the full report is in the artifact.\n";
  const room = limit - used - Buffer.byteLength(note, 'utf8');
  if (room <= 0) return '';
  let cut = Buffer.from(markdown, 'utf8').subarray(0, room).toString('utf8');
  if (cut.endsWith('\uFFFD')) cut = cut.slice(0, -1);
  const lineEnd = cut.lastIndexOf('\n');
  if (lineEnd > cut.length / 2) cut = cut.slice(0, lineEnd);
  return cut + note;
}

/**
 * The real runner, over `@actions/core`. The job summary is kept within GitHub's limit. Every
 * string that leaves through it (log lines, annotations, outputs, the summary, group names) has
 * the registered secrets replaced by `***` (`secrets.ts`); `setSecret` registers one.
 */
export function actionsIO(): ActionsIO {
  let summaryBytes = 0;
  const r = redactSecrets;
  return {
    getInput: (name) => core.getInput(name),
    setOutput: (name, value) => core.setOutput(name, r(String(value))),
    setFailed: (message, props) => {
      core.error(r(message), toCore(props));
      process.exitCode = 1;
    },
    setSecret: (value) => registerSecret(value),
    info: (message) => core.info(r(message)),
    debug: (message) => core.debug(r(message)),
    isDebug: () => core.isDebug(),
    warning: (message, props) => core.warning(r(message), toCore(props)),
    error: (message, props) => core.error(r(message), toCore(props)),
    notice: (message, props) => core.notice(r(message), toCore(props)),
    group: (name, fn) => core.group(r(name), fn),
    appendSummary: async (markdown) => {
      // Outside a runner there is no summary file; the markdown is still logged by the caller.
      if (!process.env.GITHUB_STEP_SUMMARY) return;
      const fitted = fitSummary(r(markdown), summaryBytes);
      if (fitted === '') return;
      summaryBytes += Buffer.byteLength(fitted, 'utf8');
      await core.summary.addRaw(fitted, true).write();
    },
  };
}
