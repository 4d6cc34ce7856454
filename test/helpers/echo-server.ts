/**
 * A hostile model server on 127.0.0.1: it echoes every request header and the full request URL
 * (path and query) back, in its error bodies (4xx and 5xx, JSON and plain text) and in fields of
 * its successful answers, as careless servers do. It speaks both protocols the product calls:
 * the HTTP JSON endpoint (`POST /predict…`, answering `{label, echo}`) and OpenAI
 * chat-completions (`POST …/chat/completions`, with OpenAI's error body). Used to show that no
 * secret that went out in a request comes back into anything the product writes.
 */
import { createServer } from 'node:http';
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface EchoServer {
  /** e.g. `http://127.0.0.1:40123` */
  readonly origin: string;
  /** Requests answered, by path kind. */
  readonly counts: { endpoint: number; chat: number };
  close(): Promise<void>;
}

/** The request's URL and headers, and the bare credential of its `Authorization` header. */
function echoOf(req: IncomingMessage): string {
  const credential = (req.headers.authorization ?? '').replace(/^\S+\s+/, '');
  return JSON.stringify({ url: req.url, headers: req.headers, credential });
}

function send(res: ServerResponse, status: number, body: string, type: string): void {
  res.writeHead(status, { 'content-type': type, 'retry-after': '0' });
  res.end(body);
}

/** Answers the endpoint protocol: a 500, a 401, then two answers that carry the echo. */
function endpoint(req: IncomingMessage, n: number, res: ServerResponse): void {
  const echo = echoOf(req);
  switch (n % 4) {
    case 0:
      return send(
        res,
        500,
        JSON.stringify({ error: `upstream failed for ${echo}` }),
        'application/json',
      );
    case 1:
      return send(res, 401, `unauthorized request: ${echo}`, 'text/plain');
    case 2: {
      res.writeHead(200, {
        'content-type': 'application/json',
        // A version header that echoes the caller's credentials.
        'x-model-version': String(req.headers.authorization ?? 'none'),
      });
      res.end(JSON.stringify({ label: 'ham', echo }));
      return;
    }
    default:
      // The prediction itself carries the echo.
      return send(res, 200, JSON.stringify({ label: `spam ${echo}` }), 'application/json');
  }
}

/** Answers chat-completions: a 400 and a 503 with the echo in the message, else a reply. */
function chat(req: IncomingMessage, body: string, n: number, res: ServerResponse): void {
  const echo = echoOf(req);
  const error = (status: number): void =>
    send(
      res,
      status,
      JSON.stringify({ error: { message: `rejected ${echo}`, type: 'invalid_request_error' } }),
      'application/json',
    );
  if (n % 3 === 0) return error(400);
  if (n % 3 === 1) return error(503);
  const model = (JSON.parse(body) as { model?: string }).model ?? 'm';
  const judge = body.includes('impartial');
  const content = judge ? `{"reason": "echo ${echo}", "score": 0.5}` : `Japan ${echo}`;
  send(
    res,
    200,
    JSON.stringify({
      id: `chatcmpl-${n}`,
      object: 'chat.completion',
      created: 0,
      model,
      choices: [{ index: 0, message: { role: 'assistant', content }, finish_reason: 'stop' }],
      usage: { prompt_tokens: 10, completion_tokens: 5, total_tokens: 15 },
    }),
    'application/json',
  );
}

export async function startEchoServer(): Promise<EchoServer> {
  const counts = { endpoint: 0, chat: 0 };
  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const body = Buffer.concat(chunks).toString('utf8');
      if ((req.url ?? '').split('?')[0]!.endsWith('/chat/completions')) {
        chat(req, body, counts.chat++, res);
      } else {
        endpoint(req, counts.endpoint++, res);
      }
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    origin: `http://127.0.0.1:${port}`,
    counts,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
