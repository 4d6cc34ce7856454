import { ModelError, getErrorMessage } from '@modelgate/core';
import type { ChatMessage } from '@modelgate/core';
import type { Clock, Rng } from './clock';
import { systemClock } from './clock';
import { createHttpTransport } from './http-transport';
import type { HttpResponse, HttpTransport } from './http-transport';
import { MalformedResponseError } from './malformed-response';
import type { RateLimiter } from './rate-limit';
import { unlimited } from './rate-limit';
import {
  HttpStatusError,
  TimeoutError,
  httpRetryDecision,
  parseRetryAfter,
  withRetry,
} from './retry';
import { estimateChatTokens } from './token-count';

/**
 * A client of the OpenAI chat-completions protocol (`POST {base-url}/chat/completions`), which
 * OpenAI, Azure OpenAI, vLLM, Ollama (`/v1`), the llama.cpp server and LiteLLM all speak. Retries
 * go through the shared {@link withRetry} (backoff with full jitter, Retry-After honoured on 429
 * and 503), and every attempt waits for the shared rate limiter. Requests go through the shared
 * {@link createHttpTransport} (node:http keep-alive).
 */

/** The sampling parameters sent with every request; unset ones are left out of the body. */
export interface ChatParams {
  readonly temperature?: number;
  readonly maxTokens?: number;
  readonly seed?: number;
}

/** One completion, with what it cost in tokens and time. */
export interface ChatCompletion {
  /** The reply text ('' when the server sent null content, e.g. a refusal or tool call). */
  readonly content: string;
  /** The model id the server says it ran (`model` in the response). */
  readonly modelId: string | undefined;
  readonly inputTokens: number;
  readonly outputTokens: number;
  /** Input tokens served from the provider's prompt cache (`prompt_tokens_details.cached_tokens`). */
  readonly cachedInputTokens: number | undefined;
  /** True when the server sent no usage and the tokens were counted with js-tiktoken. */
  readonly tokensEstimated: boolean;
  /** Time of the successful attempt, in ms (retry waits and failed attempts left out). */
  readonly latencyMs: number;
  /** HTTP requests sent for it, retries included. */
  readonly attempts: number;
  readonly finishReason: string | undefined;
}

/** Something that completes chats: the HTTP client, or the cache in front of it. */
export interface ChatClient {
  /** The base URL and model, for cache keys and messages. */
  readonly baseUrl: string;
  readonly model: string;
  /**
   * Completes one chat. Rejects with a {@link ModelError} for a failure that will fail every
   * request (bad API key, unknown model or route: 401, 403, 404), which stops the run; with an
   * {@link HttpStatusError}, a {@link MalformedResponseError} (a 2xx body that is not a chat
   * completion: not JSON, empty, no `choices[0]`, too large; not retried) or another Error for a
   * failure of this request only.
   */
  complete(messages: readonly ChatMessage[], signal?: AbortSignal): Promise<ChatCompletion>;
}

export interface OpenAIClientOptions {
  /** e.g. `https://api.openai.com/v1`, `http://localhost:11434/v1`, or an Azure deployment URL. */
  readonly baseUrl: string;
  readonly model: string;
  /** Sent as `Authorization: Bearer …` (or `api-key: …` for Azure). Never logged. */
  readonly apiKey?: string;
  /** Azure OpenAI: sent as the `api-version` query parameter, and the key goes in `api-key`. */
  readonly apiVersion?: string;
  readonly params?: ChatParams;
  readonly timeoutMs: number;
  readonly retries: number;
  readonly rateLimiter?: RateLimiter;
  readonly clock?: Clock;
  readonly rng?: Rng;
  /** Called before each retry wait. */
  readonly onRetry?: (info: { attempt: number; delayMs: number; error: unknown }) => void;
  /**
   * The most requests the caller keeps in flight: the keep-alive connections are capped at it
   * (default: no cap, so the caller's own concurrency bounds them).
   */
  readonly concurrency?: number;
  /**
   * Sends the requests instead of a transport of the client's own; the caller keeps and closes
   * it. For tests and for sharing connections between clients.
   */
  readonly transport?: HttpTransport;
}

/** The HTTP chat client, which holds keep-alive connections until closed. */
export interface OpenAIClient extends ChatClient {
  /**
   * Closes the idle connections of its own transport (not of a given one). Optional to call:
   * idle connections do not keep the process alive. The client stays usable.
   */
  close(): void;
}

/** HTTP statuses that would fail every request alike, so the run stops at the first. */
const FATAL_STATUSES = new Set([401, 403, 404]);

interface OpenAIErrorBody {
  error?: { message?: unknown; type?: unknown; code?: unknown } | string;
  message?: unknown;
}

/** The server's error message from an OpenAI error body (`{error: {message, type, code}}`). */
export function describeErrorBody(text: string): string {
  let parsed: OpenAIErrorBody;
  try {
    parsed = JSON.parse(text) as OpenAIErrorBody;
  } catch {
    return text.trim().slice(0, 300);
  }
  const error = parsed.error;
  if (typeof error === 'string') return error.slice(0, 300);
  if (error !== undefined && typeof error === 'object') {
    const message = typeof error.message === 'string' ? error.message : JSON.stringify(error);
    const parts = [
      typeof error.type === 'string' ? `type ${error.type}` : undefined,
      typeof error.code === 'string' || typeof error.code === 'number'
        ? `code ${error.code}`
        : undefined,
    ].filter((p) => p !== undefined);
    return `${message.slice(0, 300)}${parts.length > 0 ? ` (${parts.join(', ')})` : ''}`;
  }
  if (typeof parsed.message === 'string') return parsed.message.slice(0, 300);
  return text.trim().slice(0, 300);
}

/**
 * The chat-completions URL for a base URL, with the Azure `api-version` when given. The path is
 * appended to the base URL's path; its query (e.g. a gateway's key) and user-info are kept.
 */
export function chatCompletionsUrl(baseUrl: string, apiVersion?: string): string {
  const url = new URL(baseUrl);
  url.pathname = `${url.pathname.replace(/\/+$/, '')}/chat/completions`;
  url.hash = '';
  if (apiVersion !== undefined) url.searchParams.set('api-version', apiVersion);
  return url.toString();
}

interface CompletionBody {
  model?: unknown;
  choices?: { message?: { content?: unknown }; finish_reason?: unknown }[];
  usage?: {
    prompt_tokens?: unknown;
    completion_tokens?: unknown;
    prompt_tokens_details?: { cached_tokens?: unknown } | null;
  } | null;
}

const count = (value: unknown): number | undefined =>
  typeof value === 'number' && Number.isInteger(value) && value >= 0 ? value : undefined;

/** Creates the HTTP client. Nothing is sent until `complete` is called. */
export function createOpenAIClient(options: OpenAIClientOptions): OpenAIClient {
  const url = chatCompletionsUrl(options.baseUrl, options.apiVersion);
  const clock = options.clock ?? systemClock;
  const limiter = options.rateLimiter ?? unlimited;
  const given = options.transport;
  const transport =
    given ??
    createHttpTransport(
      options.concurrency === undefined
        ? {}
        : { maxSockets: Math.max(1, Math.floor(options.concurrency)) },
    );
  const headers: Record<string, string> = { 'content-type': 'application/json' };
  if (options.apiKey !== undefined && options.apiKey !== '') {
    if (options.apiVersion !== undefined) headers['api-key'] = options.apiKey;
    else headers.authorization = `Bearer ${options.apiKey}`;
  }
  const params = options.params ?? {};

  async function attempt(
    body: string,
    signal: AbortSignal | undefined,
  ): Promise<{ json: CompletionBody; latencyMs: number }> {
    await limiter.acquire(signal);
    const timeout = AbortSignal.timeout(options.timeoutMs);
    const combined = signal === undefined ? timeout : AbortSignal.any([signal, timeout]);
    const started = clock.now();
    let response: HttpResponse;
    try {
      response = await transport.send({ url, method: 'POST', headers, body, signal: combined });
    } catch (err) {
      if (timeout.aborted && !signal?.aborted) throw new TimeoutError(options.timeoutMs);
      throw err;
    }
    const latencyMs = clock.now() - started;
    const text = response.text;
    if (response.status < 200 || response.status > 299) {
      const message = describeErrorBody(text);
      if (FATAL_STATUSES.has(response.status)) {
        throw new ModelError(
          `The chat-completions server ${url} answered HTTP ${response.status}: ${message}`,
          {
            hint:
              response.status === 404
                ? `Check 'base-url' (it should end before /chat/completions, e.g. https://api.openai.com/v1) and 'model' ("${options.model}").`
                : "Check 'api-key' (and 'api-version' for Azure OpenAI).",
          },
        );
      }
      const retryAfter = parseRetryAfter(response.header('retry-after'), Date.now());
      throw new HttpStatusError(response.status, message, retryAfter);
    }
    try {
      return { json: JSON.parse(text) as CompletionBody, latencyMs };
    } catch (err) {
      throw new MalformedResponseError(
        text.trim() === ''
          ? 'the response body is empty, not JSON'
          : `the response is not JSON (${getErrorMessage(err)}): ${text.slice(0, 200)}`,
        { cause: err },
      );
    }
  }

  return {
    baseUrl: options.baseUrl,
    model: options.model,
    close() {
      if (given === undefined) transport.close();
    },
    async complete(messages, signal) {
      const body = JSON.stringify({
        model: options.model,
        messages,
        ...(params.temperature !== undefined && { temperature: params.temperature }),
        ...(params.maxTokens !== undefined && { max_tokens: params.maxTokens }),
        ...(params.seed !== undefined && { seed: params.seed }),
      });
      const { value, attempts } = await withRetry(() => attempt(body, signal), {
        retries: options.retries,
        clock,
        ...(options.rng !== undefined && { rng: options.rng }),
        ...(signal !== undefined && { signal }),
        ...(options.onRetry !== undefined && { onRetry: options.onRetry }),
        decide: (err) => (err instanceof ModelError ? { retry: false } : httpRetryDecision(err)),
      });
      const { json, latencyMs } = value;
      const choice = Array.isArray(json.choices) ? json.choices[0] : undefined;
      if (choice === undefined || typeof choice !== 'object' || choice === null) {
        throw new MalformedResponseError(
          'the response has no choices[0]: is the base URL a chat-completions server?',
        );
      }
      const raw = choice.message?.content;
      if (raw !== null && raw !== undefined && typeof raw !== 'string') {
        throw new MalformedResponseError('choices[0].message.content is not a string');
      }
      const content = raw ?? '';
      const usage = json.usage ?? undefined;
      const promptTokens = count(usage?.prompt_tokens);
      const completionTokens = count(usage?.completion_tokens);
      const modelId = typeof json.model === 'string' ? json.model : undefined;
      let tokens: { inputTokens: number; outputTokens: number };
      let tokensEstimated = false;
      if (promptTokens !== undefined && completionTokens !== undefined) {
        tokens = { inputTokens: promptTokens, outputTokens: completionTokens };
      } else {
        tokens = await estimateChatTokens(modelId ?? options.model, messages, content);
        tokensEstimated = true;
      }
      return {
        content,
        modelId,
        ...tokens,
        cachedInputTokens: tokensEstimated
          ? undefined
          : count(usage?.prompt_tokens_details?.cached_tokens),
        tokensEstimated,
        latencyMs,
        attempts,
        finishReason: typeof choice.finish_reason === 'string' ? choice.finish_reason : undefined,
      };
    },
  };
}
