import { createServer } from 'node:http';
import type { IncomingHttpHeaders } from 'node:http';
import type { AddressInfo } from 'node:net';

/** What the loopback model server answers to one request. */
export interface ModelReply {
  readonly status?: number;
  readonly headers?: Readonly<Record<string, string>>;
  /** A value is sent as JSON; a string or a Buffer as it is. */
  readonly body?: unknown;
  /**
   * Sends only this many bytes of the body (with the whole body's content-length), then resets
   * the connection: a body cut short mid-way.
   */
  readonly cutAfterBytes?: number;
  /** Wait this long before answering. */
  readonly delayMs?: number;
}

export interface ReceivedRequest {
  readonly body: string;
  readonly headers: IncomingHttpHeaders;
}

export interface ModelServer {
  readonly url: string;
  readonly requests: ReceivedRequest[];
  close(): Promise<void>;
}

/**
 * A model server on 127.0.0.1 (a free port) that answers each POST with `handler`'s reply.
 * `n` counts requests from 0, across all of them.
 */
export async function startModelServer(
  handler: (request: { body: string; json: unknown; n: number }) => ModelReply,
): Promise<ModelServer> {
  const requests: ReceivedRequest[] = [];
  let n = 0;
  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const body = Buffer.concat(chunks).toString('utf8');
      requests.push({ body, headers: req.headers });
      let json: unknown;
      try {
        json = JSON.parse(body);
      } catch {
        json = undefined;
      }
      const reply = handler({ body, json, n: n++ });
      const send = () => {
        const bytes = Buffer.isBuffer(reply.body)
          ? reply.body
          : Buffer.from(
              typeof reply.body === 'string' ? reply.body : JSON.stringify(reply.body ?? {}),
            );
        res.writeHead(reply.status ?? 200, {
          'content-type': 'application/json',
          'content-length': bytes.length,
          ...reply.headers,
        });
        if (reply.cutAfterBytes === undefined) res.end(bytes);
        else res.write(bytes.subarray(0, reply.cutAfterBytes), () => res.socket?.resetAndDestroy());
      };
      if (reply.delayMs) setTimeout(send, reply.delayMs);
      else send();
    });
  });
  server.keepAliveTimeout = 30_000;
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}/predict`,
    requests,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
