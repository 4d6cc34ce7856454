import { setSecret } from '@actions/core';
import { Redactor, secretForms } from './redactor';

/**
 * The process-wide set of secrets. Every output of an action goes through it: the runner
 * adapter (`io.ts`: log lines, annotations, outputs, job summary), the file writers (`files.ts`,
 * `json-lines.ts`: reports, per-example JSONL, artifacts, caches), the GitHub client (comment
 * bodies) and the error boundary. Inputs add to it when they are parsed
 * ({@link registerSecret}, through `io.setSecret`), so that no action has to remember.
 */
export const processSecrets = new Redactor();

/**
 * Registers a secret: masked in the runner's log (`core.setSecret`, with each of its encoded
 * forms) and replaced by `***` in everything this process writes from now on. An empty value is
 * ignored; a value shorter than 4 characters is masked in the log only (see
 * `MIN_REDACTED_LENGTH`).
 */
export function registerSecret(value: string): void {
  if (value === '') return;
  setSecret(value);
  for (const form of secretForms(value)) if (form !== value) setSecret(form);
  processSecrets.add(value);
}

/** `text` with every registered secret replaced by `***`. */
export function redactSecrets(text: string): string {
  return processSecrets.redact(text);
}
