import { ModelError, getErrorMessage } from '@modelgate/core';
import { endpointLabel } from '@modelgate/runner';
import type { Clock, Rng } from './clock';
import { systemClock } from './clock';
import { createHttpTransport } from './http-transport';
import type { HttpResponse, HttpTransport } from './http-transport';
import { getAtPath, parseJsonPath } from './json-path';
import { MalformedResponseError } from './malformed-response';
import type { PathSegment } from './json-path';
import { runPool } from './pool';
import { createTokenBucket, unlimited } from './rate-limit';
import type { RequestTemplate } from './request-template';
import { HttpStatusError, TimeoutError, isNetworkError, parseRetryAfter, withRetry } from './retry';
import type { EvalRow, Prediction, PredictionSource, SourceHooks, SourceSummary } from './source';

/**
 * The HTTP JSON endpoint source: one POST per row, with bounded concurrency, an optional rate
 * limit, a per-attempt timeout and retries (exponential backoff with full jitter, honouring
 * Retry-After on 429 and 503; 5xx, 408, timeouts and network errors are retried, other 4xx are
 * not). A 2xx response whose body cannot be used (not JSON, nothing at the response path, no
 * probabilities at their path, too large) is that row's error, code `bad-response`, not retried
 * (see {@link MalformedResponseError}); the run goes on. Sends through the shared {@link createHttpTransport} (node:http keep-alive, at most
 * `concurrency` connections), made for each run and closed at its end.
 */

export interface EndpointOptions {
  readonly url: string;
  /** The request body per row; undefined posts the row's fields as a JSON object. */
  readonly template: RequestTemplate | undefined;
  /** Where the prediction is in the response JSON, e.g. `predictions[0].label`. */
  readonly responsePath: string;
  /** Where the class probabilities (an object label → number) or a score (a number) are. */
  readonly probabilitiesPath?: string | undefined;
  readonly headers?: Readonly<Record<string, string>>;
  /** A response header naming the model version (default `x-model-version`). */
  readonly versionHeader?: string;
  readonly concurrency: number;
  readonly timeoutMs: number;
  /** Requests started per second at most; undefined for no limit. */
  readonly maxRps?: number | undefined;
  readonly retries: number;
  readonly baseDelayMs?: number;
  readonly clock?: Clock;
  readonly rng?: Rng;
  /** Epoch ms, for Retry-After dates. */
  readonly wallNow?: () => number;
  /**
   * Sends the requests instead of a transport made for the run (which the run then closes);
   * the caller keeps and closes it. For tests and for sharing connections.
   */
  readonly transport?: HttpTransport;
}

/** The names of the options, for messages that point at the action's inputs. */
export interface EndpointInputNames {
  readonly responsePath: string;
  readonly probabilitiesPath: string;
}

const DEFAULT_NAMES: EndpointInputNames = {
  responsePath: 'response-path',
  probabilitiesPath: 'probabilities-path',
};

function compilePath(path: string, input: string): PathSegment[] {
  const parsed = parseJsonPath(path);
  if ('error' in parsed) {
    throw new ModelError(`Input '${input}' "${path}" is not a valid path: ${parsed.error}.`, {
      hint: 'Write a path like predictions[0].label or data.scores["not spam"].',
    });
  }
  return parsed;
}

/** Creates the source. Throws a ModelError for a malformed response or probabilities path. */
export function createEndpointSource(
  options: EndpointOptions,
  names: EndpointInputNames = DEFAULT_NAMES,
): PredictionSource {
  const responseSegments = compilePath(options.responsePath, names.responsePath);
  const probSegments =
    options.probabilitiesPath === undefined
      ? undefined
      : compilePath(options.probabilitiesPath, names.probabilitiesPath);
  const clock = options.clock ?? systemClock;
  const wallNow = options.wallNow ?? Date.now;
  const versionHeader = (options.versionHeader ?? 'x-model-version').toLowerCase();
  const headers = {
    'content-type': 'application/json',
    accept: 'application/json',
    ...options.headers,
  };

  return {
    kind: 'endpoint',
    describe: endpointLabel(options.url),
    async run(rows: readonly EvalRow[], hooks: SourceHooks): Promise<SourceSummary> {
      const given = options.transport;
      const transport =
        given ?? createHttpTransport({ maxSockets: Math.max(1, Math.floor(options.concurrency)) });
      try {
        return await runWith(transport, rows, hooks);
      } finally {
        if (given === undefined) transport.close();
      }
    },
  };

  async function runWith(
    transport: HttpTransport,
    rows: readonly EvalRow[],
    hooks: SourceHooks,
  ): Promise<SourceSummary> {
    const limiter =
      options.maxRps === undefined
        ? unlimited
        : createTokenBucket({ ratePerSecond: options.maxRps, clock });
    const versions = new Set<string>();
    let requests = 0;
    let retries = 0;
    const started = clock.now();

    /** One attempt: the parsed prediction, or a thrown HTTP/timeout/network error. */
    const attempt = async (body: string): Promise<Prediction> => {
      await limiter.acquire(hooks.signal);
      requests++;
      const controller = new AbortController();
      const timer = setTimeout(() => controller.abort(), options.timeoutMs);
      const t0 = clock.now();
      let response: HttpResponse;
      try {
        response = await transport.send({
          url: options.url,
          method: 'POST',
          headers,
          body,
          signal: controller.signal,
        });
      } catch (err) {
        if (controller.signal.aborted) throw new TimeoutError(options.timeoutMs);
        throw err;
      } finally {
        clearTimeout(timer);
      }
      const latencyMs = clock.now() - t0;
      const text = response.text;
      if (response.status < 200 || response.status > 299) {
        const retryAfter =
          response.status === 429 || response.status === 503
            ? parseRetryAfter(response.header('retry-after'), wallNow())
            : undefined;
        throw new HttpStatusError(response.status, snippet(text), retryAfter);
      }
      const version = response.header(versionHeader);
      if (version) versions.add(version);
      return parseResponse(text, latencyMs);
    };

    const parseResponse = (text: string, latencyMs: number): Prediction => {
      let json: unknown;
      try {
        json = JSON.parse(text);
      } catch {
        throw new MalformedResponseError(
          text.trim() === ''
            ? 'the response body is empty, not JSON'
            : `the response is not JSON: "${snippet(text)}"`,
        );
      }
      const predicted = getAtPath(json, responseSegments);
      if (predicted === undefined) {
        throw new MalformedResponseError(
          `the response has nothing at ${names.responsePath} "${options.responsePath}" (set it to where the prediction is): ${snippet(text)}`,
        );
      }
      const out: { -readonly [K in keyof Prediction]: Prediction[K] } = { predicted, latencyMs };
      if (probSegments !== undefined) {
        const probs = getAtPath(json, probSegments);
        if (typeof probs === 'number') out.score = probs;
        else if (isProbabilities(probs)) out.probabilities = probs;
        else {
          throw new MalformedResponseError(
            `the response has no probabilities at ${names.probabilitiesPath} "${options.probabilitiesPath}" (an object of label → number, or a number): ${snippet(text)}`,
          );
        }
      }
      return out;
    };

    await runPool(
      rows.length,
      { concurrency: options.concurrency, ...(hooks.signal && { signal: hooks.signal }) },
      async (position) => {
        const row = rows[position] as EvalRow;
        const body = options.template
          ? options.template.render(row.fields)
          : JSON.stringify(row.fields);
        try {
          const result = await withRetry(() => attempt(body), {
            retries: options.retries,
            clock,
            ...(options.rng && { rng: options.rng }),
            ...(options.baseDelayMs !== undefined && { baseDelayMs: options.baseDelayMs }),
            ...(hooks.signal && { signal: hooks.signal }),
            onRetry: () => {
              retries++;
            },
          });
          hooks.onResult(position, { ...result.value, attempts: result.attempts });
        } catch (err) {
          if (err instanceof ModelError) throw err;
          const attempts = (err as { attempts?: number }).attempts ?? 1;
          hooks.onResult(position, {
            error: `${describeError(err)} after ${attempts} attempt${attempts === 1 ? '' : 's'}`,
            errorCode: errorCode(err),
            attempts,
          });
        }
      },
    );
    const summary: { -readonly [K in keyof SourceSummary]: SourceSummary[K] } = {
      durationMs: clock.now() - started,
      requests,
      retries,
    };
    // Sorted: the order replies arrive in is not the same from run to run.
    if (versions.size > 0) summary.modelVersion = [...versions].sort().join(', ');
    return summary;
  }
}

function isProbabilities(value: unknown): value is Record<string, number> {
  if (value === null || typeof value !== 'object' || Array.isArray(value)) return false;
  return Object.values(value).every((v) => typeof v === 'number' && Number.isFinite(v));
}

function errorCode(err: unknown): string {
  if (err instanceof HttpStatusError) return 'http';
  if (err instanceof TimeoutError) return 'timeout';
  if (err instanceof MalformedResponseError) return 'bad-response';
  if (isNetworkError(err)) return 'network';
  return 'error';
}

function describeError(err: unknown): string {
  if (isNetworkError(err)) {
    const cause = (err as { cause?: unknown }).cause;
    return `network error: ${getErrorMessage(cause === undefined ? err : cause)}`;
  }
  return getErrorMessage(err);
}

/** The start of a text, on one line, for messages. */
export function snippet(text: string, max = 200): string {
  const line = text.replace(/\s+/g, ' ').trim();
  return line.length > max ? `${line.slice(0, max)}…` : line;
}
