import { afterEach, describe, expect, it } from '@jest/globals';
import { brotliCompressSync, gzipSync } from 'node:zlib';
import { compileTemplate, createEndpointSource, createHttpTransport } from '@modelgate/models';
import type { EndpointOptions, EvalRow, Prediction, RequestTemplate } from '@modelgate/models';
import { startModelServer } from '../helpers/model-server';
import type { ModelReply, ModelServer } from '../helpers/model-server';

let server: ModelServer | undefined;
afterEach(async () => {
  await server?.close();
  server = undefined;
});

const rows: EvalRow[] = [0, 1, 2].map((i) => ({
  id: `r${i}`,
  index: i,
  fields: { text: `t${i}`, n: i },
}));

async function runWith(
  handler: (r: { json: unknown; n: number }) => ModelReply,
  options: Partial<EndpointOptions> = {},
  input: readonly EvalRow[] = rows,
) {
  server = await startModelServer(handler);
  const source = createEndpointSource({
    url: server.url,
    template: undefined,
    responsePath: 'label',
    concurrency: 2,
    timeoutMs: 2000,
    retries: 3,
    baseDelayMs: 5,
    ...options,
  });
  const predictions: Prediction[] = [];
  const summary = await source.run(input, { onResult: (i, p) => (predictions[i] = p) });
  return { predictions, summary, requests: server.requests };
}

describe('the HTTP endpoint source', () => {
  it('retries a 500, then succeeds', async () => {
    const { predictions, summary } = await runWith(
      ({ n }) => (n === 0 ? { status: 500, body: 'boom' } : { body: { label: 'ok' } }),
      { concurrency: 1 },
      rows.slice(0, 1),
    );
    expect(predictions[0]).toMatchObject({ predicted: 'ok', attempts: 2 });
    expect(summary).toMatchObject({ requests: 2, retries: 1 });
  });

  it('honours Retry-After on a 429 (seconds) and retries a 503', async () => {
    const started = performance.now();
    const { predictions } = await runWith(
      ({ n }) =>
        n === 0
          ? { status: 429, headers: { 'retry-after': '1' } }
          : n === 1
            ? { status: 503, headers: { 'retry-after': '0' } }
            : { body: { label: 'ok' } },
      { concurrency: 1 },
      rows.slice(0, 1),
    );
    expect(predictions[0]).toMatchObject({ predicted: 'ok', attempts: 3 });
    expect(performance.now() - started).toBeGreaterThanOrEqual(950);
  });

  it('does not retry a 4xx and records the failure with its reason', async () => {
    const { predictions, requests } = await runWith(
      () => ({ status: 400, body: { error: 'bad input' } }),
      {},
      rows.slice(0, 1),
    );
    expect(requests).toHaveLength(1);
    expect(predictions[0]).toMatchObject({ errorCode: 'http', attempts: 1 });
    expect(predictions[0]!.error).toContain('HTTP 400');
    expect(predictions[0]!.error).toContain('bad input');
  });

  it('times out slow calls, retries them, and counts them as timeouts', async () => {
    const { predictions, requests } = await runWith(
      () => ({ delayMs: 300, body: { label: 'late' } }),
      { timeoutMs: 50, retries: 1 },
      rows.slice(0, 1),
    );
    expect(requests).toHaveLength(2);
    expect(predictions[0]).toMatchObject({ errorCode: 'timeout', attempts: 2 });
    expect(predictions[0]!.error).toContain('timed out after 50 ms');
  });

  it('counts a refused connection as a network error', async () => {
    const source = createEndpointSource({
      url: 'http://127.0.0.1:9/predict',
      template: undefined,
      responsePath: 'label',
      concurrency: 1,
      timeoutMs: 1000,
      retries: 1,
      baseDelayMs: 1,
    });
    const got: Prediction[] = [];
    await source.run(rows.slice(0, 1), { onResult: (i, p) => (got[i] = p) });
    expect(got[0]).toMatchObject({ errorCode: 'network', attempts: 2 });
  });

  // One malformed 200 body is that row's error (not retried: the same request gets it again),
  // never the run's; the other rows are read as usual.
  it.each<[string, ModelReply, RegExp, Partial<EndpointOptions>]>([
    [
      'an HTML page',
      { headers: { 'content-type': 'text/html' }, body: '<html>oops</html>' },
      /^the response is not JSON: "<html>oops<\/html>" after 1 attempt$/,
      {},
    ],
    ['an empty body', { body: '' }, /^the response body is empty, not JSON after 1 attempt$/, {}],
    [
      'a body cut in the middle of its JSON',
      { body: '{"label": "x' },
      /not JSON: "\{"label": "x"/,
      {},
    ],
    [
      'a body with nothing at the response path',
      { body: { result: { label: 'x' } } },
      /^the response has nothing at response-path "label" \(set it to where the prediction is\): \{"result":\{"label":"x"\}\}/,
      {},
    ],
    [
      'a body with no probabilities at their path',
      { body: { label: 'x', probs: 'high' } },
      /no probabilities at probabilities-path "probs"/,
      { probabilitiesPath: 'probs' },
    ],
    [
      'a body larger than the bound',
      { body: { label: 'x'.repeat(5000) } },
      /larger than 4096 bytes, the most read/,
      { transport: createHttpTransport({ maxBodyBytes: 4096 }) },
    ],
    [
      'a small gzip body that decodes beyond the bound',
      { headers: { 'content-encoding': 'gzip' }, body: gzipSync(Buffer.alloc(1 << 20, 32)) },
      /decodes \(content-encoding "gzip"\) to more than 65536 bytes/,
      { transport: createHttpTransport({ maxBodyBytes: 65536 }) },
    ],
    [
      'a small br body that decodes beyond the bound',
      {
        headers: { 'content-encoding': 'br' },
        body: brotliCompressSync(Buffer.alloc(1 << 20, 32)),
      },
      /decodes \(content-encoding "br"\) to more than 65536 bytes/,
      { transport: createHttpTransport({ maxBodyBytes: 65536 }) },
    ],
  ])(
    'counts %s as that row’s error, not retried, and reads the other rows',
    async (_, bad, message, options) => {
      const { predictions, requests } = await runWith(
        ({ json }) =>
          (json as { n: number }).n === 1 ? bad : { body: { label: 'ok', probs: { ok: 1 } } },
        { concurrency: 1, ...options },
      );
      expect(predictions[0]).toMatchObject({ predicted: 'ok' });
      expect(predictions[2]).toMatchObject({ predicted: 'ok' });
      expect(predictions[1]).toMatchObject({ errorCode: 'bad-response', attempts: 1 });
      expect(predictions[1]?.error).toMatch(message);
      expect(requests).toHaveLength(3);
    },
  );

  it('retries a body cut short by a reset connection (a network error), and reads the retry', async () => {
    const { predictions, summary } = await runWith(
      ({ n }) =>
        n === 0 ? { body: { label: 'cut' }, cutAfterBytes: 5 } : { body: { label: 'whole' } },
      { concurrency: 1 },
      rows.slice(0, 1),
    );
    expect(predictions[0]).toMatchObject({ predicted: 'whole', attempts: 2 });
    expect(summary).toMatchObject({ requests: 2, retries: 1 });
  });

  it('reads a score or probabilities at probabilities-path, records the version header, sends headers', async () => {
    const { predictions, summary, requests } = await runWith(
      ({ n }) => ({
        headers: { 'x-model-version': 'v7' },
        body: n % 2 === 0 ? { label: 1, p: 0.9 } : { label: 0, p: { '0': 0.8, '1': 0.2 } },
      }),
      { probabilitiesPath: 'p', headers: { authorization: 'Bearer s3cret' }, concurrency: 1 },
    );
    expect(predictions[0]).toMatchObject({ predicted: 1, score: 0.9 });
    expect(predictions[1]).toMatchObject({ predicted: 0, probabilities: { '0': 0.8, '1': 0.2 } });
    expect(summary.modelVersion).toBe('v7');
    expect(requests[0]!.headers.authorization).toBe('Bearer s3cret');
    expect(JSON.parse(requests[0]!.body)).toEqual({ text: 't0', n: 0 });
  });

  // The first row's reply comes last: the versions are listed the same whatever the arrival order.
  it.each([
    ['a', 'b'],
    ['b', 'a'],
  ])(
    'lists the model versions %s, %s in one order whatever order the replies come in',
    async (slow, fast) => {
      const { summary } = await runWith(
        ({ json }) =>
          (json as { n: number }).n === 0
            ? { body: { label: 'x' }, headers: { 'x-model-version': slow }, delayMs: 60 }
            : { body: { label: 'x' }, headers: { 'x-model-version': fast } },
        {},
        rows.slice(0, 2),
      );
      expect(summary.modelVersion).toBe('a, b');
    },
  );

  it('keeps at most `concurrency` requests in flight', async () => {
    let inFlight = 0;
    let peak = 0;
    const many: EvalRow[] = Array.from({ length: 20 }, (_, i) => ({
      id: String(i),
      index: i,
      fields: {},
    }));
    server = await startModelServer(() => {
      inFlight++;
      peak = Math.max(peak, inFlight);
      setTimeout(() => inFlight--, 20);
      return { delayMs: 20, body: { label: 'a' } };
    });
    const source = createEndpointSource({
      url: server.url,
      template: undefined,
      responsePath: 'label',
      concurrency: 4,
      timeoutMs: 2000,
      retries: 0,
    });
    await source.run(many, { onResult: () => undefined });
    expect(peak).toBeLessThanOrEqual(4);
    expect(peak).toBeGreaterThanOrEqual(2);
  });

  it('rejects a malformed response path up front', () => {
    expect(() =>
      createEndpointSource({
        url: 'http://x',
        template: undefined,
        responsePath: 'a[b',
        concurrency: 1,
        timeoutMs: 1,
        retries: 0,
      }),
    ).toThrow(/Input 'response-path' "a\[b" is not a valid path/);
  });
});

describe('compileTemplate', () => {
  const compile = (t: string) => compileTemplate(t) as RequestTemplate;

  it('keeps the type of a whole-string placeholder and interpolates inside strings', () => {
    const t = compile(
      '{"age": "{{age}}", "tags": "{{tags}}", "q": "Age {{age}}: {{ name }}", "k": [1, "{{missing}}"]}',
    );
    expect(t.fields).toEqual(['age', 'tags', 'name', 'missing']);
    expect(JSON.parse(t.render({ age: 42, tags: ['a'], name: 'Zoë' }))).toEqual({
      age: 42,
      tags: ['a'],
      q: 'Age 42: Zoë',
      k: [1, null],
    });
  });

  it('escapes quotes, backslashes, newlines and control characters from the data', () => {
    const t = compile('{"text": "Say: {{text}}", "raw": "{{text}}"}');
    const text = 'He said "hi"\\\n\t\u0001 </script>';
    expect(JSON.parse(t.render({ text }))).toEqual({ text: `Say: ${text}`, raw: text });
  });

  it.each([
    ['{"text": {{text}}}', /not valid JSON.*Placeholders go inside strings/],
    ['{"text": "{{}}"}', /no field name/],
    ['not json', /not valid JSON/],
  ])('rejects %p', (template, message) => {
    const result = compileTemplate(template);
    expect('error' in result && result.error).toMatch(message);
  });
});
