/**
 * The error hierarchy shared by every action. A user error (bad input, bad data, an HTTP
 * failure of a server the user named) is an {@link ActionError}: it becomes one annotation with
 * no stack trace. Anything else is a bug, and keeps its stack in the debug log.
 */

/** Where in a user's file an error points, for annotations. Lines and columns are 1-based. */
export interface SourceLocation {
  readonly file?: string;
  readonly line?: number;
  readonly column?: number;
}

/** A failure the user can fix. `code` is stable and machine-readable; `hint` says the fix. */
export class ActionError extends Error {
  readonly code: string;
  readonly hint: string | undefined;
  readonly location: SourceLocation | undefined;

  constructor(
    code: string,
    message: string,
    options: { hint?: string; location?: SourceLocation; cause?: unknown } = {},
  ) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    this.name = new.target.name;
    this.code = code;
    this.hint = options.hint;
    this.location = options.location;
  }
}

/** An action input with a bad or missing value. The message names the input, value and fix. */
export class InputError extends ActionError {
  constructor(message: string, options: { hint?: string; cause?: unknown } = {}) {
    super('input', message, options);
  }
}

/** A user's file that is missing, malformed or inconsistent. Carries file and line when known. */
export class DataError extends ActionError {
  constructor(
    message: string,
    options: { hint?: string; location?: SourceLocation; cause?: unknown; code?: string } = {},
  ) {
    super(options.code ?? 'data', message, options);
  }
}

/** A GitHub API call that failed after retries, with the HTTP status when there was one. */
export class GitHubApiError extends ActionError {
  readonly status: number | undefined;

  constructor(message: string, options: { status?: number; hint?: string; cause?: unknown } = {}) {
    super('github-api', message, options);
    this.status = options.status;
  }
}

/** A model server or command that failed in a way that stops the whole run (not one example). */
export class ModelError extends ActionError {
  constructor(message: string, options: { hint?: string; cause?: unknown } = {}) {
    super('model', message, options);
  }
}

/** The message of anything thrown, including non-`Error` values such as strings and objects. */
export function getErrorMessage(err: unknown): string {
  // Duck-typed: an Error from another realm (a vm context, a worker) fails `instanceof Error`.
  if (err instanceof Error) return err.message;
  if (
    typeof err === 'object' &&
    err !== null &&
    typeof (err as { message?: unknown }).message === 'string'
  ) {
    return (err as { message: string }).message;
  }
  if (typeof err === 'string') return err;
  try {
    const json = JSON.stringify(err);
    return json === undefined ? String(err) : json;
  } catch {
    return String(err);
  }
}

/** True when `err` is a user error, which is reported without a stack trace. */
export function isUserError(err: unknown): err is ActionError {
  return err instanceof ActionError;
}

/**
 * The one-line text shown to the user for a failure: the location, the message, then the hint.
 * The location is printed once: `file:line:col: ` goes before a message that does not name the
 * file; a message that names the file itself gets the line (and column) added at that name,
 * unless it already gives the line. A bug is marked as such, so that users report it rather
 * than hunt for a mistake of theirs.
 */
export function formatError(err: unknown): string {
  if (err instanceof ActionError) {
    const hint = err.hint ? ` ${err.hint}` : '';
    return `${withLocation(err.message, err.location)}${hint}`;
  }
  return `Internal error (a modelgate bug; please report it with the debug log): ${getErrorMessage(err)}`;
}

function withLocation(message: string, location: SourceLocation | undefined): string {
  const file = location?.file;
  if (!file) return message;
  const line = location.line === undefined ? '' : `:${location.line}`;
  const column =
    location.line !== undefined && location.column !== undefined ? `:${location.column}` : '';
  const at = `${file}${line}${column}`;
  const index = indexOfName(message, file);
  if (index === -1) return `${at}: ${message}`;
  if (location.line === undefined || new RegExp(`\\b${location.line}\\b`).test(message)) {
    return message;
  }
  if (/^:\d/.test(message.slice(index + file.length))) return message;
  return `${message.slice(0, index)}${at}${message.slice(index + file.length)}`;
}

/** Where `file` stands as a name in `message` (not inside a word or a longer path), or -1. */
function indexOfName(message: string, file: string): number {
  for (let i = message.indexOf(file); i !== -1; i = message.indexOf(file, i + 1)) {
    const before = i === 0 ? ' ' : message[i - 1]!;
    const after = message.slice(i + file.length, i + file.length + 2);
    if (/[\s"'(`]/.test(before) && /^($|[\s:,;)"'`]|\.($|\s))/.test(after)) return i;
  }
  return -1;
}
