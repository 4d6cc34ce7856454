import * as core from '@actions/core';

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
  if (props.title !== undefined) out.title = props.title;
  if (props.file !== undefined) out.file = props.file;
  if (props.startLine !== undefined) out.startLine = props.startLine;
  if (props.startColumn !== undefined) out.startColumn = props.startColumn;
  return out;
}

/** The real runner, over `@actions/core`. */
export function actionsIO(): ActionsIO {
  return {
    getInput: (name) => core.getInput(name),
    setOutput: (name, value) => core.setOutput(name, String(value)),
    setFailed: (message, props) => {
      core.error(message, toCore(props));
      process.exitCode = 1;
    },
    setSecret: (value) => core.setSecret(value),
    info: (message) => core.info(message),
    debug: (message) => core.debug(message),
    isDebug: () => core.isDebug(),
    warning: (message, props) => core.warning(message, toCore(props)),
    error: (message, props) => core.error(message, toCore(props)),
    notice: (message, props) => core.notice(message, toCore(props)),
    group: (name, fn) => core.group(name, fn),
    appendSummary: async (markdown) => {
      // Outside a runner there is no summary file; the markdown is still logged by the caller.
      if (!process.env.GITHUB_STEP_SUMMARY) return;
      await core.summary.addRaw(markdown, true).write();
    },
  };
}
