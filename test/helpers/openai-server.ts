/**
 * A loopback server that speaks the OpenAI chat-completions protocol: `POST …/chat/completions`
 * under any base path (`/v1`, an Azure deployment path, …). It answers deterministically (from a
 * rule given by the test, by default an echo of the last user message), with `usage`, OpenAI's
 * error bodies (`{error: {message, type, code}}`), scripted failures (e.g. 429 with
 * Retry-After), optional missing usage, a fixed latency and a request counter.
 *
 * Listens on 127.0.0.1 only, on an ephemeral port. Used by the unit tests, the e2e tests and
 * the bench (which runs promptfoo against it).
 */
import { createServer } from 'node:http';
import type { IncomingMessage, Server, ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface ChatRequestBody {
  readonly model?: string;
  readonly messages?: readonly { role: string; content: string }[];
  readonly temperature?: number;
  readonly max_tokens?: number;
  readonly seed?: number;
  readonly [key: string]: unknown;
}

/** A request as received, for the test to inspect. */
export interface RecordedRequest {
  readonly method: string;
  readonly url: string;
  readonly headers: IncomingMessage['headers'];
  readonly body: ChatRequestBody | undefined;
}

/** What the rule answers: a reply text, or a reply with options, or a failure. */
export type Answer =
  | string
  | {
      readonly content?: string | null;
      /** Leave `usage` out of the response. */
      readonly omitUsage?: boolean;
      readonly cachedTokens?: number;
      /** Answer with this HTTP status and an OpenAI error body. */
      readonly status?: number;
      readonly error?: { message: string; type?: string; code?: string | null };
      readonly retryAfter?: string;
      /** Send this raw text as the body (e.g. malformed JSON). */
      readonly rawBody?: string;
      /** Extra delay for this answer, in ms. */
      readonly delayMs?: number;
    };

export interface OpenAIServerOptions {
  /** The answer for a request: by default the last user message, echoed. */
  readonly answer?: (body: ChatRequestBody, n: number) => Answer;
  /** When set, requests must carry `Authorization: Bearer <key>` or `api-key: <key>`. */
  readonly apiKey?: string;
  /** The model id the server says it ran; by default the requested model. */
  readonly modelId?: string;
  /** Fixed latency of every answer, in ms. */
  readonly latencyMs?: number;
  /** Leave `usage` out of every response. */
  readonly omitUsage?: boolean;
}

/** A failure to send for the next request(s), ahead of the rule. */
export interface ScriptedFailure {
  readonly status: number;
  readonly retryAfter?: string;
  readonly message?: string;
  readonly type?: string;
  readonly code?: string;
}

export interface OpenAIServer {
  /** e.g. `http://127.0.0.1:43121/v1` */
  readonly baseUrl: string;
  readonly origin: string;
  /** Chat-completions requests received (failed ones included). */
  readonly requests: RecordedRequest[];
  /** Requests received so far. */
  count(): number;
  /** The next requests fail with these, in order, before the rule is used again. */
  failNext(...failures: ScriptedFailure[]): void;
  close(): Promise<void>;
}

/** Whitespace-separated words: the server's stand-in for a tokenizer, deterministic. */
export function countWords(text: string): number {
  const trimmed = text.trim();
  return trimmed === '' ? 0 : trimmed.split(/\s+/).length;
}

function send(
  res: ServerResponse,
  status: number,
  body: string,
  headers: Record<string, string> = {},
): void {
  res.writeHead(status, { 'content-type': 'application/json', ...headers });
  res.end(body);
}

function errorBody(message: string, type: string, code: string | null): string {
  return JSON.stringify({ error: { message, type, param: null, code } });
}

const sleep = (ms: number): Promise<void> =>
  ms > 0 ? new Promise((resolve) => setTimeout(resolve, ms)) : Promise.resolve();

/** Starts the server on 127.0.0.1 and an ephemeral port. */
export async function startOpenAIServer(options: OpenAIServerOptions = {}): Promise<OpenAIServer> {
  const requests: RecordedRequest[] = [];
  const queued: ScriptedFailure[] = [];
  let served = 0;
  const server: Server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      void handle(req, Buffer.concat(chunks).toString('utf8'), res);
    });
  });

  async function handle(req: IncomingMessage, text: string, res: ServerResponse): Promise<void> {
    const url = new URL(req.url ?? '/', 'http://127.0.0.1');
    let body: ChatRequestBody | undefined;
    try {
      body = JSON.parse(text) as ChatRequestBody;
    } catch {
      body = undefined;
    }
    requests.push({ method: req.method ?? '', url: req.url ?? '', headers: req.headers, body });
    const n = served++;
    if (req.method !== 'POST' || !url.pathname.endsWith('/chat/completions')) {
      send(
        res,
        404,
        errorBody(
          `Unknown route ${req.method} ${url.pathname}`,
          'invalid_request_error',
          'not_found',
        ),
      );
      return;
    }
    if (options.apiKey !== undefined) {
      const bearer = req.headers.authorization;
      const apiKey = req.headers['api-key'];
      if (bearer !== `Bearer ${options.apiKey}` && apiKey !== options.apiKey) {
        send(
          res,
          401,
          errorBody('Incorrect API key provided.', 'invalid_request_error', 'invalid_api_key'),
        );
        return;
      }
    }
    if (body === undefined || !Array.isArray(body.messages)) {
      send(res, 400, errorBody("'messages' is a required property", 'invalid_request_error', null));
      return;
    }
    await sleep(options.latencyMs ?? 0);
    const failure = queued.shift();
    if (failure !== undefined) {
      send(
        res,
        failure.status,
        errorBody(
          failure.message ??
            (failure.status === 429
              ? 'Rate limit reached for requests'
              : 'The server had an error'),
          failure.type ?? (failure.status === 429 ? 'requests' : 'server_error'),
          failure.code ?? null,
        ),
        failure.retryAfter === undefined ? {} : { 'retry-after': failure.retryAfter },
      );
      return;
    }
    const lastUser = [...body.messages].reverse().find((m) => m.role === 'user')?.content ?? '';
    const raw = options.answer ? options.answer(body, n) : lastUser;
    const answer = typeof raw === 'string' ? { content: raw } : raw;
    await sleep(answer.delayMs ?? 0);
    if (answer.rawBody !== undefined) {
      send(res, answer.status ?? 200, answer.rawBody);
      return;
    }
    if (answer.status !== undefined && answer.status >= 400) {
      const error = answer.error ?? { message: `HTTP ${answer.status}` };
      send(
        res,
        answer.status,
        errorBody(error.message, error.type ?? 'server_error', error.code ?? null),
        answer.retryAfter === undefined ? {} : { 'retry-after': answer.retryAfter },
      );
      return;
    }
    const content = answer.content === undefined ? lastUser : answer.content;
    const promptTokens = body.messages.reduce((sum, m) => sum + countWords(m.content) + 3, 3);
    const completionTokens = countWords(content ?? '');
    const response = {
      id: `chatcmpl-${n}`,
      object: 'chat.completion',
      created: 1_700_000_000,
      model: options.modelId ?? body.model ?? 'unknown',
      choices: [
        {
          index: 0,
          message: { role: 'assistant', content },
          finish_reason: 'stop',
          logprobs: null,
        },
      ],
      ...(options.omitUsage || answer.omitUsage
        ? {}
        : {
            usage: {
              prompt_tokens: promptTokens,
              completion_tokens: completionTokens,
              total_tokens: promptTokens + completionTokens,
              ...(answer.cachedTokens !== undefined && {
                prompt_tokens_details: { cached_tokens: answer.cachedTokens },
              }),
            },
          }),
    };
    send(res, 200, JSON.stringify(response));
  }

  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  const origin = `http://127.0.0.1:${port}`;
  return {
    baseUrl: `${origin}/v1`,
    origin,
    requests,
    count: () => requests.length,
    failNext: (...failures) => queued.push(...failures),
    close: () =>
      new Promise<void>((resolve, reject) => {
        server.closeAllConnections();
        server.close((err) => (err ? reject(err) : resolve()));
      }),
  };
}
