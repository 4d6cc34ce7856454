import { Agent as HttpAgent, request as httpRequest } from 'node:http';
import type { IncomingMessage, OutgoingHttpHeaders } from 'node:http';
import { Agent as HttpsAgent, request as httpsRequest } from 'node:https';
import { promisify } from 'node:util';
import { brotliDecompress, gunzip, inflate, inflateRaw } from 'node:zlib';
import { ModelError, getErrorMessage } from '@modelgate/core';
import { MalformedResponseError } from './malformed-response';

/**
 * The HTTP transport of the model clients (the JSON endpoint and the OpenAI-compatible client):
 * node:http / node:https over keep-alive agents whose `maxSockets` is the client's concurrency,
 * so a run of N requests at concurrency C opens at most C connections per origin and reuses them.
 * It does what the clients relied on global fetch for, and no more:
 *
 * - the request body is sent as UTF-8 with its `content-length`; header names are lower-cased,
 *   and a later duplicate (in any case) replaces an earlier one;
 * - `accept-encoding: gzip, deflate, br` is sent unless set, and a response in gzip, deflate
 *   (zlib or raw) or br is decoded; the text is UTF-8 (a BOM is dropped);
 * - 307 and 308 redirects are followed with the same method and body (at most 20), dropping
 *   `authorization`, `proxy-authorization` and `cookie` when the origin changes, as fetch does.
 *   301, 302 and 303 are not followed: fetch would re-send the POST as a GET without its body,
 *   which no model server answers usefully, so they stop the run with a {@link ModelError}
 *   naming the new location;
 * - a socket failure (refused, reset, closed mid-response, DNS) rejects with a `TypeError`
 *   whose `cause` is the socket error, as fetch does, so {@link isNetworkError} and the retry
 *   policy treat it the same;
 * - an abort of `signal` (e.g. a timeout) destroys the request at any stage, the response body
 *   included, and rejects with the signal's reason;
 * - a response body is read to `maxBodyBytes` at most, before and after decoding (so neither a
 *   huge body nor a small compressed bomb fills the memory): beyond it the connection is dropped
 *   and the send rejects with a {@link MalformedResponseError} saying so.
 *
 * Proxies: neither this transport nor Node's global fetch reads HTTP(S)_PROXY by default, so
 * requests go direct in both.
 */

/** One request. The body is a string, sent as UTF-8. */
export interface HttpRequest {
  readonly url: string;
  readonly method: string;
  readonly headers: Readonly<Record<string, string>>;
  readonly body: string;
  /** Aborting it (e.g. on a timeout) ends the request; the send rejects with its reason. */
  readonly signal?: AbortSignal;
}

/** A whole response: status, headers and the decoded body text. */
export interface HttpResponse {
  readonly status: number;
  /** A response header by name (any case), repeated values joined by ", "; undefined if absent. */
  header(name: string): string | undefined;
  readonly text: string;
}

/** Sends requests; the clients take one to be tested against any fake. */
export interface HttpTransport {
  /**
   * Sends one request and reads the whole response, of any status. Rejects with a TypeError for
   * a network failure, with the signal's reason when aborted, with a {@link ModelError} for a
   * redirect it will not follow, and with a {@link MalformedResponseError} for a body it cannot decode or too large to read.
   */
  send(request: HttpRequest): Promise<HttpResponse>;
  /** Closes the connections it holds. It stays usable: a later send opens new ones. */
  close(): void;
}

export interface HttpTransportOptions {
  /** Connections per origin at most (the client's concurrency); more requests wait for one. */
  readonly maxSockets?: number;
  /** 307/308 redirects followed per request at most (default 20, as fetch). */
  readonly maxRedirects?: number;
  /** Sent when the request has no user-agent (default `modelgate`). */
  readonly userAgent?: string;
  /** The largest response body read, in bytes, encoded or decoded (default 16 MiB). */
  readonly maxBodyBytes?: number;
}

/**
 * The default bound on a response body: 16 MiB, some 30 times the longest chat completion a
 * model returns today (128k output tokens ≈ 0.5 MB of JSON) and far above any prediction.
 */
export const DEFAULT_MAX_BODY_BYTES = 16 * 1024 * 1024;

const FOLLOWED = new Set([307, 308]);
const NOT_FOLLOWED = new Set([301, 302, 303]);
/** Dropped on a redirect to another origin, as fetch does. */
const CROSS_ORIGIN_DROPPED = ['authorization', 'proxy-authorization', 'cookie'];

type Decode = (buf: Buffer, options: { maxOutputLength: number }) => Promise<Buffer>;
const inflateAsync = promisify(inflate) as Decode;
const inflateRawAsync = promisify(inflateRaw) as Decode;
const gunzipAsync = promisify(gunzip) as Decode;
const decoders: Record<string, Decode> = {
  gzip: gunzipAsync,
  'x-gzip': gunzipAsync,
  br: promisify(brotliDecompress),
  // Servers send either zlib-wrapped or raw deflate; a zlib header has 8 in its low nibble.
  deflate: (buf, o) =>
    ((buf[0] ?? 0) & 0x0f) === 0x08 ? inflateAsync(buf, o) : inflateRawAsync(buf, o),
};
const utf8 = new TextDecoder('utf-8');

/**
 * Creates a transport with its own keep-alive agents (one for http, one for https). Throws a
 * RangeError for a maxSockets below 1.
 */
export function createHttpTransport(options: HttpTransportOptions = {}): HttpTransport {
  const maxSockets = options.maxSockets === undefined ? Infinity : Math.floor(options.maxSockets);
  if (!(maxSockets >= 1)) {
    throw new RangeError(`maxSockets must be 1 or more; got ${options.maxSockets}`);
  }
  const maxRedirects = options.maxRedirects ?? 20;
  const userAgent = options.userAgent ?? 'modelgate';
  const maxBodyBytes = options.maxBodyBytes ?? DEFAULT_MAX_BODY_BYTES;
  const agentOptions = { keepAlive: true, maxSockets, scheduling: 'lifo' as const };
  const httpAgent = new HttpAgent(agentOptions);
  const httpsAgent = new HttpsAgent(agentOptions);

  async function send(request: HttpRequest): Promise<HttpResponse> {
    let url = parseUrl(request.url);
    const headers = normalizeHeaders(request.headers, userAgent);
    const body = Buffer.from(request.body, 'utf8');
    headers['content-length'] = body.length;
    for (let redirects = 0; ; redirects++) {
      const agent = url.protocol === 'https:' ? httpsAgent : httpAgent;
      const raw = await exchange(
        url,
        request.method,
        headers,
        body,
        agent,
        request.signal,
        maxBodyBytes,
      );
      const location = raw.headers.location;
      if (location === undefined || !(FOLLOWED.has(raw.status) || NOT_FOLLOWED.has(raw.status))) {
        return {
          status: raw.status,
          header: (name) => joined(raw.headers[name.toLowerCase()]),
          text: utf8.decode(
            await decodeBody(raw.body, raw.headers['content-encoding'], maxBodyBytes),
          ),
        };
      }
      const next = new URL(location, url);
      if (NOT_FOLLOWED.has(raw.status)) {
        throw new ModelError(
          `The server at ${url.href} answered HTTP ${raw.status}, a redirect to ${next.href}; a ${request.method} is not re-sent as a GET to follow it.`,
          { hint: `Use the URL it redirects to (${next.href}) in the input.` },
        );
      }
      if (redirects >= maxRedirects) {
        throw new ModelError(
          `The server at ${request.url} redirected more than ${maxRedirects} times (last to ${next.href}).`,
          { hint: 'Use the final URL in the input, or fix the redirect loop on the server.' },
        );
      }
      if (next.protocol !== 'http:' && next.protocol !== 'https:') {
        throw new ModelError(`The server at ${url.href} redirected to ${next.href}.`, {
          hint: 'Only http and https URLs can be followed.',
        });
      }
      if (next.origin !== url.origin) for (const name of CROSS_ORIGIN_DROPPED) delete headers[name];
      url = next;
    }
  }

  return {
    send,
    close() {
      httpAgent.destroy();
      httpsAgent.destroy();
    },
  };
}

interface RawResponse {
  readonly status: number;
  readonly headers: IncomingMessage['headers'];
  readonly body: Buffer;
}

function parseUrl(text: string): URL {
  let url: URL;
  try {
    url = new URL(text);
  } catch {
    throw new ModelError(`"${text}" is not a valid URL.`, {
      hint: 'Write an absolute http(s) URL, e.g. http://127.0.0.1:8080/predict.',
    });
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') {
    throw new ModelError(`"${text}" is not an http or https URL.`, {
      hint: 'Write an absolute http(s) URL, e.g. http://127.0.0.1:8080/predict.',
    });
  }
  return url;
}

function normalizeHeaders(
  given: Readonly<Record<string, string>>,
  userAgent: string,
): OutgoingHttpHeaders {
  const headers: OutgoingHttpHeaders = {
    'user-agent': userAgent,
    'accept-encoding': 'gzip, deflate, br',
  };
  for (const [name, value] of Object.entries(given)) headers[name.toLowerCase()] = value;
  return headers;
}

function joined(value: string | string[] | undefined): string | undefined {
  return Array.isArray(value) ? value.join(', ') : value;
}

/** A socket failure, shaped as fetch's: a TypeError with the socket error as its cause. */
function networkError(cause: unknown): TypeError {
  return new TypeError(getErrorMessage(cause), { cause });
}

/**
 * The signal's reason when it is an error object (a timeout's DOMException, a caller's Error;
 * told by shape, since it may come from another realm), else an AbortError.
 */
function abortReason(signal: AbortSignal): Error {
  const reason: unknown = signal.reason;
  return typeof reason === 'object' && reason !== null && 'message' in reason
    ? (reason as Error)
    : new DOMException('This operation was aborted', 'AbortError');
}

/** One request and its whole (still encoded) response body. */
function exchange(
  url: URL,
  method: string,
  headers: OutgoingHttpHeaders,
  body: Buffer,
  agent: HttpAgent,
  signal: AbortSignal | undefined,
  maxBodyBytes: number,
): Promise<RawResponse> {
  return new Promise<RawResponse>((resolve, reject) => {
    if (signal?.aborted) {
      reject(abortReason(signal));
      return;
    }
    let settled = false;
    const settle = (): boolean => {
      if (settled) return false;
      settled = true;
      signal?.removeEventListener('abort', onAbort);
      return true;
    };
    const fail = (err: Error): void => {
      if (settle()) reject(err);
    };
    const send = url.protocol === 'https:' ? httpsRequest : httpRequest;
    const req = send(url, { method, headers, agent }, (res) => {
      const chunks: Buffer[] = [];
      let received = 0;
      let complete = false;
      res.on('data', (chunk: Buffer) => {
        received += chunk.length;
        if (received > maxBodyBytes) {
          fail(tooLarge(url, maxBodyBytes));
          req.destroy();
          return;
        }
        chunks.push(chunk);
      });
      res.on('end', () => {
        complete = true;
        if (!settle()) return;
        resolve({
          status: res.statusCode ?? 0,
          headers: res.headers,
          body: chunks.length === 1 ? (chunks[0] as Buffer) : Buffer.concat(chunks),
        });
      });
      res.on('error', (err) => fail(networkError(err)));
      res.on('close', () => {
        if (!complete) fail(networkError(new Error('the connection closed mid-response')));
      });
    });
    const onAbort = (): void => {
      fail(abortReason(signal as AbortSignal));
      req.destroy();
    };
    signal?.addEventListener('abort', onAbort, { once: true });
    req.on('error', (err) => fail(networkError(err)));
    req.end(body);
  });
}

function tooLarge(url: URL, maxBodyBytes: number): MalformedResponseError {
  return new MalformedResponseError(
    `the response body from ${url.origin}${url.pathname} is larger than ${maxBodyBytes} bytes, the most read`,
  );
}

async function decodeBody(
  body: Buffer,
  encoding: string | undefined,
  maxBodyBytes: number,
): Promise<Buffer> {
  if (encoding === undefined) return body;
  const codings = encoding
    .split(',')
    .map((c) => c.trim().toLowerCase())
    .filter((c) => c !== '' && c !== 'identity');
  let out = body;
  // Codings are listed in the order they were applied, so they are undone from the last.
  for (const coding of codings.reverse()) {
    const decode = decoders[coding];
    if (decode === undefined) {
      throw new MalformedResponseError(
        `the response has content-encoding "${encoding}", which cannot be decoded`,
      );
    }
    if (out.length === 0) continue;
    try {
      out = await decode(out, { maxOutputLength: maxBodyBytes });
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code === 'ERR_BUFFER_TOO_LARGE') {
        throw new MalformedResponseError(
          `the response body decodes (content-encoding "${encoding}") to more than ${maxBodyBytes} bytes, the most read`,
          { cause: err },
        );
      }
      throw new MalformedResponseError(
        `the response body is not valid ${coding} (content-encoding "${encoding}"): ${getErrorMessage(err)}`,
        { cause: err },
      );
    }
  }
  return out;
}
