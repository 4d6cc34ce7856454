import { spawn, spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { createServer } from 'node:http';
import type { IncomingHttpHeaders, IncomingMessage, Server, ServerResponse } from 'node:http';
import { createServer as createHttpsServer } from 'node:https';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { brotliCompressSync, deflateRawSync, deflateSync, gzipSync } from 'node:zlib';
import { afterEach, describe, expect, it } from '@jest/globals';
import { ModelError } from '@modelgate/core';
import {
  createEndpointSource,
  createHttpTransport,
  createOpenAIClient,
  isNetworkError,
  runPool,
} from '@modelgate/models';
import type { EvalRow, HttpTransport, Prediction } from '@modelgate/models';

const ROOT = join(fileURLToPath(import.meta.url), '..', '..', '..');

interface Received {
  readonly method: string;
  readonly url: string;
  readonly headers: IncomingHttpHeaders;
  readonly body: string;
}

/** A loopback server that counts its connections and records each request. */
interface CountingServer {
  readonly url: string;
  readonly origin: string;
  readonly requests: Received[];
  /** Connections accepted so far. */
  connections(): number;
  /** Connections still open. */
  open(): number;
  close(): Promise<void>;
}

type Handler = (req: IncomingMessage, res: ServerResponse, body: Buffer, n: number) => void;

const servers: CountingServer[] = [];
const transports: HttpTransport[] = [];
afterEach(async () => {
  for (const t of transports.splice(0)) t.close();
  await Promise.all(servers.splice(0).map((s) => s.close()));
});

async function start(
  handler: Handler,
  server: Server = createServer(),
  scheme: 'http' | 'https' = 'http',
): Promise<CountingServer> {
  const requests: Received[] = [];
  let accepted = 0;
  let open = 0;
  let n = 0;
  server.on('connection', (socket) => {
    accepted++;
    open++;
    socket.on('close', () => open--);
  });
  server.on('request', (req: IncomingMessage, res: ServerResponse) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const body = Buffer.concat(chunks);
      requests.push({
        method: req.method ?? '',
        url: req.url ?? '',
        headers: req.headers,
        body: body.toString('utf8'),
      });
      handler(req, res, body, n++);
    });
  });
  server.keepAliveTimeout = 30_000;
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  const origin = `${scheme}://127.0.0.1:${port}`;
  const counting: CountingServer = {
    url: `${origin}/predict`,
    origin,
    requests,
    connections: () => accepted,
    open: () => open,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
  servers.push(counting);
  return counting;
}

function json(res: ServerResponse, value: unknown, status = 200): void {
  res.writeHead(status, { 'content-type': 'application/json' });
  res.end(JSON.stringify(value));
}

function transport(options: Parameters<typeof createHttpTransport>[0] = {}): HttpTransport {
  const t = createHttpTransport(options);
  transports.push(t);
  return t;
}

const post = (url: string, body = '{}', headers: Record<string, string> = {}) => ({
  url,
  method: 'POST',
  headers: { 'content-type': 'application/json', ...headers },
  body,
});

async function until(condition: () => boolean, timeoutMs = 2000): Promise<void> {
  const end = Date.now() + timeoutMs;
  while (!condition()) {
    if (Date.now() > end) throw new Error('condition not met in time');
    await new Promise((r) => setTimeout(r, 5));
  }
}

const rowsOf = (count: number): EvalRow[] =>
  Array.from({ length: count }, (_, i) => ({ id: `r${i}`, index: i, fields: { i } }));

describe('createHttpTransport', () => {
  it('keeps connections alive and opens at most maxSockets for many requests', async () => {
    const server = await start((_req, res, body) =>
      setTimeout(() => json(res, { echo: JSON.parse(body.toString()) as unknown }), 2),
    );
    const t = transport({ maxSockets: 4 });
    const texts: string[] = [];
    // Twice as many in flight as sockets: the extra requests wait for a free connection.
    await runPool(200, { concurrency: 8 }, async (i) => {
      const res = await t.send(post(server.url, JSON.stringify({ i })));
      expect(res.status).toBe(200);
      texts[i] = res.text;
    });
    expect(texts.map((s) => (JSON.parse(s) as { echo: { i: number } }).echo.i)).toEqual(
      Array.from({ length: 200 }, (_, i) => i),
    );
    expect(server.requests).toHaveLength(200);
    expect(server.connections()).toBeLessThanOrEqual(4);
    expect(server.connections()).toBeGreaterThanOrEqual(1);
    expect(server.requests[0]!.headers.connection).toBe('keep-alive');
  });

  it('closes its connections on close() and stays usable', async () => {
    const server = await start((_req, res) => json(res, { ok: true }));
    const t = transport({ maxSockets: 2 });
    await Promise.all([t.send(post(server.url)), t.send(post(server.url))]);
    expect(server.open()).toBe(2);
    t.close();
    await until(() => server.open() === 0);
    expect((await t.send(post(server.url))).status).toBe(200);
    expect(server.connections()).toBe(3);
  });

  it('sends the body as UTF-8 with its byte length; header names are case-insensitive, the later wins', async () => {
    const server = await start((_req, res) => json(res, {}));
    const body = JSON.stringify({ text: 'Zoë paid 5 € — 日本' });
    const res = await transport().send({
      url: server.url,
      method: 'POST',
      headers: { 'Content-Type': 'text/plain', 'content-type': 'application/json', 'X-Key': 'k' },
      body,
    });
    expect(res.status).toBe(200);
    const [got] = server.requests;
    expect(got!.body).toBe(body);
    expect(got!.headers['content-length']).toBe(String(Buffer.byteLength(body, 'utf8')));
    expect(Buffer.byteLength(body, 'utf8')).toBeGreaterThan(body.length);
    expect(got!.headers['content-type']).toBe('application/json');
    expect(got!.headers['x-key']).toBe('k');
    expect(got!.headers['accept-encoding']).toBe('gzip, deflate, br');
    expect(got!.headers['user-agent']).toBe('modelgate');
  });

  it('returns any status with its headers and text, repeated headers joined', async () => {
    const server = await start((_req, res) => {
      res.setHeader('retry-after', '7');
      res.setHeader('x-model-version', 'v3');
      res.setHeader('x-tag', ['a', 'b']);
      res.writeHead(429, { 'content-type': 'application/json' });
      res.end('\uFEFF{"error":"slow down"}');
    });
    const res = await transport().send(post(server.url));
    expect(res.status).toBe(429);
    expect(res.header('Retry-After')).toBe('7');
    expect(res.header('x-model-version')).toBe('v3');
    expect(res.header('x-tag')).toBe('a, b');
    expect(res.header('x-absent')).toBeUndefined();
    // The BOM is dropped, as fetch's text() does.
    expect(res.text).toBe('{"error":"slow down"}');
  });

  const payload = JSON.stringify({ label: 'spam', note: 'ü'.repeat(500) });
  it.each([
    ['gzip', gzipSync(payload)],
    ['x-gzip', gzipSync(payload)],
    ['deflate', deflateSync(payload)],
    ['deflate', deflateRawSync(payload)],
    ['br', brotliCompressSync(payload)],
    ['gzip, br', brotliCompressSync(gzipSync(payload))],
    ['identity', Buffer.from(payload)],
  ])('decodes a response with content-encoding %p', async (encoding, encoded) => {
    const server = await start((_req, res) => {
      res.writeHead(200, { 'content-type': 'application/json', 'content-encoding': encoding });
      res.end(encoded);
    });
    const res = await transport().send(post(server.url));
    expect(res.text).toBe(payload);
  });

  it('rejects a content-encoding it cannot decode, and a corrupt body, saying which', async () => {
    const server = await start((_req, res, _body, n) => {
      res.writeHead(200, { 'content-encoding': n === 0 ? 'zstd' : 'gzip' });
      res.end('not compressed');
    });
    const t = transport();
    await expect(t.send(post(server.url))).rejects.toThrow(
      'the response has content-encoding "zstd", which cannot be decoded',
    );
    await expect(t.send(post(server.url))).rejects.toThrow(
      /the response body is not valid gzip \(content-encoding "gzip"\)/,
    );
  });

  it('aborts a response that stalls mid-body, with the signal reason, and drops the connection', async () => {
    const server = await start((_req, res) => {
      res.writeHead(200, { 'content-type': 'application/json' });
      res.write('{"label":');
    });
    const started = Date.now();
    const err = await transport()
      .send({ ...post(server.url), signal: AbortSignal.timeout(150) })
      .catch((e: unknown) => e);
    expect((err as Error).name).toBe('TimeoutError');
    expect(Date.now() - started).toBeGreaterThanOrEqual(140);
    expect(Date.now() - started).toBeLessThan(2000);
    await until(() => server.open() === 0);
  });

  it('rejects at once for a signal already aborted, sending nothing', async () => {
    const server = await start((_req, res) => json(res, {}));
    const controller = new AbortController();
    controller.abort(new Error('stopped'));
    await expect(
      transport().send({ ...post(server.url), signal: controller.signal }),
    ).rejects.toThrow('stopped');
    expect(server.requests).toHaveLength(0);
  });

  it('turns a connection reset mid-response into a network error (a TypeError with the cause)', async () => {
    const server = await start((_req, res) => {
      res.writeHead(200, { 'content-type': 'application/json', 'content-length': '100' });
      res.write('{"label":');
      setTimeout(() => res.socket?.destroy(), 10);
    });
    const err = await transport()
      .send(post(server.url))
      .catch((e: unknown) => e);
    expect(err).toBeInstanceOf(TypeError);
    expect(isNetworkError(err)).toBe(true);
    expect(((err as Error).cause as { code?: string }).code).toBe('ECONNRESET');
  });

  it('turns a refused connection into a network error naming the socket error', async () => {
    const closed = await start(() => undefined);
    const url = closed.url;
    await closed.close();
    const err = await transport()
      .send(post(url))
      .catch((e: unknown) => e);
    expect(isNetworkError(err)).toBe(true);
    expect((err as Error).message).toContain('ECONNREFUSED');
    expect(((err as Error).cause as { code?: string }).code).toBe('ECONNREFUSED');
  });

  it('follows 307 and 308 with the method and body, dropping credentials on another origin', async () => {
    const other = await start((_req, res) => json(res, { from: 'other' }));
    const server = await start((req, res) => {
      if (req.url === '/predict') {
        res.writeHead(307, { location: '/v2/predict' });
        res.end();
      } else {
        res.writeHead(308, { location: `${other.origin}/final` });
        res.end();
      }
    });
    const body = '{"text":"hello"}';
    const res = await transport().send(
      post(server.url, body, { authorization: 'Bearer s3cret', 'x-team': 'ml' }),
    );
    expect(JSON.parse(res.text)).toEqual({ from: 'other' });
    expect(server.requests.map((r) => [r.method, r.url, r.body])).toEqual([
      ['POST', '/predict', body],
      ['POST', '/v2/predict', body],
    ]);
    expect(server.requests[1]!.headers.authorization).toBe('Bearer s3cret');
    const [final] = other.requests;
    expect([final!.method, final!.url, final!.body]).toEqual(['POST', '/final', body]);
    expect(final!.headers.authorization).toBeUndefined();
    expect(final!.headers['x-team']).toBe('ml');
  });

  it.each([301, 302, 303])(
    'does not re-send a POST as a GET on %p: a ModelError names the new location',
    async (status) => {
      const server = await start((_req, res) => {
        res.writeHead(status, { location: 'https://models.example/predict' });
        res.end();
      });
      const err = await transport()
        .send(post(server.url))
        .catch((e: unknown) => e);
      expect(err).toBeInstanceOf(ModelError);
      expect((err as Error).message).toContain(
        `answered HTTP ${status}, a redirect to https://models.example/predict`,
      );
      expect(server.requests).toHaveLength(1);
    },
  );

  it('stops a redirect loop after maxRedirects', async () => {
    const server = await start((_req, res) => {
      res.writeHead(307, { location: '/predict' });
      res.end();
    });
    await expect(transport({ maxRedirects: 3 }).send(post(server.url))).rejects.toThrow(
      /redirected more than 3 times/,
    );
    expect(server.requests).toHaveLength(4);
  });

  it('rejects a URL that is not http(s) with a ModelError', async () => {
    await expect(transport().send(post('ftp://127.0.0.1/x'))).rejects.toThrow(
      '"ftp://127.0.0.1/x" is not an http or https URL.',
    );
    await expect(transport().send(post('127.0.0.1:8080/predict'))).rejects.toThrow(
      /is not a valid URL/,
    );
  });
});

const hasOpenssl = spawnSync('openssl', ['version']).status === 0;

describe('https', () => {
  // A certificate made at run time (nothing committed), for 127.0.0.1.
  function makeCert(dir: string): { key: string; cert: string; certPath: string } {
    const keyPath = join(dir, 'key.pem');
    const certPath = join(dir, 'cert.pem');
    const made = spawnSync(
      'openssl',
      [
        'req',
        '-x509',
        '-newkey',
        'ec',
        '-pkeyopt',
        'ec_paramgen_curve:prime256v1',
        '-nodes',
        '-keyout',
        keyPath,
        '-out',
        certPath,
        '-days',
        '1',
        '-subj',
        '/CN=127.0.0.1',
        '-addext',
        'subjectAltName=IP:127.0.0.1',
      ],
      { encoding: 'utf8' },
    );
    if (made.status !== 0) throw new Error(`openssl failed: ${made.stderr}`);
    return { key: readFileSync(keyPath, 'utf8'), cert: readFileSync(certPath, 'utf8'), certPath };
  }

  (hasOpenssl ? it : it.skip)(
    'speaks TLS: rejects an untrusted certificate, and succeeds when the CA is trusted',
    async () => {
      const dir = mkdtempSync(join(tmpdir(), 'modelgate-tls-'));
      try {
        const { key, cert, certPath } = makeCert(dir);
        const server = await start(
          (_req, res, body) => json(res, { got: body.toString() }),
          createHttpsServer({ key, cert }),
          'https',
        );
        expect(server.url.startsWith('https://')).toBe(true);

        // Verification is on: a self-signed certificate is a network error, as with fetch.
        const err = await transport()
          .send(post(server.url))
          .catch((e: unknown) => e);
        expect(isNetworkError(err)).toBe(true);
        expect(((err as Error).cause as { code?: string }).code).toBe(
          'DEPTH_ZERO_SELF_SIGNED_CERT',
        );

        // Trusted the way a user trusts an internal CA (NODE_EXTRA_CA_CERTS, read at start).
        const script = `
          const { createHttpTransport } = await import(${JSON.stringify(join(ROOT, 'packages/models/src/http-transport.ts'))});
          const t = createHttpTransport({ maxSockets: 2 });
          const out = [];
          for (const i of [1, 2, 3]) {
            const r = await t.send({ url: ${JSON.stringify(server.url)}, method: 'POST', headers: {}, body: JSON.stringify({ i }) });
            out.push([r.status, r.text]);
          }
          t.close();
          process.stdout.write(JSON.stringify(out));`;
        const child = spawn(
          process.execPath,
          ['--import', 'tsx', '--input-type=module', '-e', script],
          { cwd: ROOT, env: { ...process.env, NODE_EXTRA_CA_CERTS: certPath, NODE_OPTIONS: '' } },
        );
        let stdout = '';
        let stderr = '';
        child.stdout.on('data', (c: Buffer) => (stdout += c.toString()));
        child.stderr.on('data', (c: Buffer) => (stderr += c.toString()));
        const code = await new Promise<number | null>((resolve) => child.on('close', resolve));
        expect({ code, stderr }).toEqual({ code: 0, stderr: '' });
        expect(JSON.parse(stdout)).toEqual([1, 2, 3].map((i) => [200, `{"got":"{\\"i\\":${i}}"}`]));
        // The rejected attempt's connection, then one kept-alive TLS connection for all three.
        expect(server.connections()).toBe(2);
      } finally {
        rmSync(dir, { recursive: true, force: true });
      }
    },
  );
});

describe('the clients over the transport', () => {
  it('endpoint: at most `concurrency` connections for a run, all closed when it ends', async () => {
    const server = await start((_req, res) => setTimeout(() => json(res, { label: 'a' }), 3));
    const source = createEndpointSource({
      url: server.url,
      template: undefined,
      responsePath: 'label',
      concurrency: 3,
      timeoutMs: 5000,
      retries: 0,
    });
    const got: Prediction[] = [];
    const summary = await source.run(rowsOf(90), { onResult: (i, p) => (got[i] = p) });
    expect(summary.requests).toBe(90);
    expect(got.filter((p) => p.predicted === 'a')).toHaveLength(90);
    expect(server.connections()).toBeLessThanOrEqual(3);
    await until(() => server.open() === 0);
  });

  it('endpoint: retries a response cut off by a connection reset', async () => {
    const server = await start((_req, res, _body, n) => {
      if (n === 0) {
        res.writeHead(200, { 'content-type': 'application/json', 'content-length': '40' });
        res.write('{"label":"par');
        setTimeout(() => res.socket?.destroy(), 10);
      } else json(res, { label: 'ok' });
    });
    const source = createEndpointSource({
      url: server.url,
      template: undefined,
      responsePath: 'label',
      concurrency: 1,
      timeoutMs: 5000,
      retries: 2,
      baseDelayMs: 1,
    });
    const got: Prediction[] = [];
    const summary = await source.run(rowsOf(1), { onResult: (i, p) => (got[i] = p) });
    expect(got[0]).toMatchObject({ predicted: 'ok', attempts: 2 });
    expect(summary).toMatchObject({ requests: 2, retries: 1 });
    expect(server.connections()).toBe(2);
  });

  it('endpoint: a body that stalls past timeout-ms is a timeout, and a reset with no retries left is a network error', async () => {
    const server = await start((_req, res, _body, n) => {
      res.writeHead(200, { 'content-type': 'application/json' });
      res.write('{"label":');
      if (n > 0) setTimeout(() => res.socket?.destroy(), 5);
    });
    const options = {
      url: server.url,
      template: undefined,
      responsePath: 'label',
      concurrency: 1,
      retries: 0,
    };
    const got: Prediction[] = [];
    await createEndpointSource({ ...options, timeoutMs: 100 }).run(rowsOf(1), {
      onResult: (i, p) => (got[i] = p),
    });
    expect(got[0]).toMatchObject({ errorCode: 'timeout', attempts: 1 });
    await createEndpointSource({ ...options, timeoutMs: 5000 }).run(rowsOf(1), {
      onResult: (i, p) => (got[i] = p),
    });
    expect(got[0]).toMatchObject({ errorCode: 'network', attempts: 1 });
    expect(got[0]!.error).toMatch(/^network error: /);
  });

  it('endpoint: a redirect it will not follow stops the run with the location', async () => {
    const server = await start((_req, res) => {
      res.writeHead(301, { location: 'https://models.example/predict' });
      res.end();
    });
    const source = createEndpointSource({
      url: server.url,
      template: undefined,
      responsePath: 'label',
      concurrency: 2,
      timeoutMs: 5000,
      retries: 3,
    });
    await expect(source.run(rowsOf(4), { onResult: () => undefined })).rejects.toThrow(
      /redirect to https:\/\/models\.example\/predict/,
    );
  });

  it('OpenAI client: `concurrency` caps its keep-alive connections, and close() closes them', async () => {
    const server = await start((_req, res) =>
      setTimeout(
        () =>
          json(res, {
            model: 'm',
            choices: [{ message: { content: 'hi' }, finish_reason: 'stop' }],
            usage: { prompt_tokens: 3, completion_tokens: 1 },
          }),
        3,
      ),
    );
    const client = createOpenAIClient({
      baseUrl: `${server.origin}/v1`,
      model: 'm',
      timeoutMs: 5000,
      retries: 0,
      concurrency: 2,
    });
    const replies = await Promise.all(
      Array.from({ length: 12 }, () => client.complete([{ role: 'user', content: 'hello' }])),
    );
    expect(replies.map((r) => r.content)).toEqual(Array(12).fill('hi'));
    expect(server.requests).toHaveLength(12);
    expect(server.requests[0]!.url).toBe('/v1/chat/completions');
    expect(server.connections()).toBe(2);
    client.close();
    await until(() => server.open() === 0);
  });
});
