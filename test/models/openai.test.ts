import { afterEach, describe, expect, it } from '@jest/globals';
import { ModelError } from '@modelgate/core';
import {
  HttpStatusError,
  MalformedResponseError,
  TimeoutError,
  chatCompletionsUrl,
  createHttpTransport,
  countTokens,
  createOpenAIClient,
  describeErrorBody,
  encodingFor,
} from '@modelgate/models';
import type { Clock, OpenAIClientOptions } from '@modelgate/models';
import { startOpenAIServer } from '../helpers/openai-server';
import type { OpenAIServer, OpenAIServerOptions } from '../helpers/openai-server';

/** Real time for latencies; sleeps are recorded and skipped, so retry waits cost nothing. */
function instantClock(): Clock & { sleeps: number[] } {
  const sleeps: number[] = [];
  return {
    sleeps,
    now: () => performance.now(),
    sleep: (ms) => (sleeps.push(ms), Promise.resolve()),
  };
}

let server: OpenAIServer | undefined;
afterEach(async () => {
  await server?.close();
  server = undefined;
});

async function setup(
  serverOptions: OpenAIServerOptions = {},
  clientOptions: Partial<OpenAIClientOptions> = {},
) {
  server = await startOpenAIServer(serverOptions);
  const clock = instantClock();
  const client = createOpenAIClient({
    baseUrl: server.baseUrl,
    model: 'gpt-4o-mini',
    timeoutMs: 5000,
    retries: 3,
    clock,
    rng: () => 0.5,
    ...clientOptions,
  });
  return { server, client, clock };
}

const ask = [{ role: 'user' as const, content: 'What is the capital of France?' }];

describe('createOpenAIClient', () => {
  it('sends the chat-completions request and reads the reply, usage and model id', async () => {
    const { server, client } = await setup(
      {
        apiKey: 'sk-test',
        modelId: 'gpt-4o-mini-2024-07-18',
        answer: () => 'Paris is the capital.',
      },
      { apiKey: 'sk-test', params: { temperature: 0, maxTokens: 64, seed: 7 } },
    );
    const out = await client.complete(ask);
    expect(out).toMatchObject({
      content: 'Paris is the capital.',
      modelId: 'gpt-4o-mini-2024-07-18',
      inputTokens: 3 + 6 + 3,
      outputTokens: 4,
      tokensEstimated: false,
      attempts: 1,
      finishReason: 'stop',
    });
    expect(out.cachedInputTokens).toBeUndefined();
    expect(out.latencyMs).toBeGreaterThanOrEqual(0);
    const [req] = server.requests;
    expect(req?.url).toBe('/v1/chat/completions');
    expect(req?.headers.authorization).toBe('Bearer sk-test');
    expect(req?.body).toEqual({
      model: 'gpt-4o-mini',
      messages: ask,
      temperature: 0,
      max_tokens: 64,
      seed: 7,
    });
  });

  it('leaves unset params out of the body', async () => {
    const { server, client } = await setup();
    await client.complete(ask);
    expect(Object.keys(server.requests[0]!.body!)).toEqual(['model', 'messages']);
  });

  it('speaks Azure OpenAI: api-version query and api-key header', async () => {
    server = await startOpenAIServer({ apiKey: 'azure-key' });
    const client = createOpenAIClient({
      baseUrl: `${server.origin}/openai/deployments/my-gpt4o/`,
      model: 'gpt-4o',
      apiKey: 'azure-key',
      apiVersion: '2024-10-21',
      timeoutMs: 5000,
      retries: 0,
    });
    await client.complete(ask);
    const [req] = server.requests;
    expect(req?.url).toBe('/openai/deployments/my-gpt4o/chat/completions?api-version=2024-10-21');
    expect(req?.headers['api-key']).toBe('azure-key');
    expect(req?.headers.authorization).toBeUndefined();
  });

  it('reads cached prompt tokens', async () => {
    const { client } = await setup({ answer: () => ({ content: 'ok', cachedTokens: 5 }) });
    expect((await client.complete(ask)).cachedInputTokens).toBe(5);
  });

  it('counts tokens with js-tiktoken and marks them estimated when usage is missing', async () => {
    const { client } = await setup(
      { omitUsage: true, answer: () => 'hello world' },
      { model: 'gpt-4' },
    );
    const out = await client.complete([{ role: 'user', content: 'hello world' }]);
    // cl100k_base: "hello world" is 2 tokens, "user" 1; 3 per message and 3 to prime the reply.
    expect(out).toMatchObject({
      tokensEstimated: true,
      outputTokens: 2,
      inputTokens: 3 + 3 + 1 + 2,
    });
    expect(out.cachedInputTokens).toBeUndefined();
  });

  it('treats null content as an empty reply', async () => {
    const { client } = await setup({ answer: () => ({ content: null }) });
    expect((await client.complete(ask)).content).toBe('');
  });

  it('honours Retry-After on 429 through the shared retry', async () => {
    const { server, client, clock } = await setup({ answer: () => 'ok' });
    server.failNext({ status: 429, retryAfter: '2' }, { status: 429, retryAfter: '0.5' });
    const out = await client.complete(ask);
    expect(out.content).toBe('ok');
    expect(out.attempts).toBe(3);
    expect(server.count()).toBe(3);
    expect(clock.sleeps).toEqual([2000, 500]);
  });

  it('retries 5xx with backoff and surfaces the error body when retries run out', async () => {
    const { server, client, clock } = await setup();
    server.failNext(
      ...Array.from({ length: 4 }, () => ({
        status: 500,
        message: 'The server had an error',
        type: 'server_error',
        code: 'boom',
      })),
    );
    const err = await client.complete(ask).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(HttpStatusError);
    expect((err as HttpStatusError).status).toBe(500);
    expect((err as Error).message).toBe(
      'HTTP 500: The server had an error (type server_error, code boom)',
    );
    expect(server.count()).toBe(4);
    // Full jitter with rng 0.5: half of 250·2^attempt.
    expect(clock.sleeps).toEqual([125, 250, 500]);
  });

  it('does not retry a 400, and says why', async () => {
    const { server, client } = await setup({
      answer: () => ({
        status: 400,
        error: {
          message: "This model's maximum context length is 128000 tokens.",
          type: 'invalid_request_error',
          code: 'context_length_exceeded',
        },
      }),
    });
    await expect(client.complete(ask)).rejects.toThrow(
      /HTTP 400: This model's maximum context length .*code context_length_exceeded/,
    );
    expect(server.count()).toBe(1);
  });

  it.each([401, 403, 404])('stops at a %d with a ModelError and a hint', async (status) => {
    const { server, client } = await setup({
      answer: () => ({ status, error: { message: 'nope', type: 'invalid_request_error' } }),
    });
    const err = await client.complete(ask).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(ModelError);
    expect((err as ModelError).hint).toMatch(status === 404 ? /base-url/ : /api-key/);
    expect(server.count()).toBe(1);
  });

  it('reports a wrong API key as a ModelError', async () => {
    const { client } = await setup({ apiKey: 'right' }, { apiKey: 'wrong' });
    await expect(client.complete(ask)).rejects.toThrow(/HTTP 401: Incorrect API key provided/);
  });

  it('times out a slow reply and retries it', async () => {
    const { server, client } = await setup({ latencyMs: 300 }, { timeoutMs: 50, retries: 1 });
    await expect(client.complete(ask)).rejects.toBeInstanceOf(TimeoutError);
    expect(server.count()).toBe(2);
  });

  // A 2xx body that is not a chat completion is a MalformedResponseError, sent once: the same
  // request would get it again (as the OpenAI SDKs and promptfoo treat it).
  it.each([
    ['not a chat completion', '{"ok": true}', /no choices\[0\]/],
    ['an empty choices list', '{"choices": []}', /no choices\[0\]/],
    ['not JSON', 'not json', /not JSON/],
    ['an HTML page', '<html><body>Bad gateway</body></html>', /not JSON/],
    ['empty', '', /^the response body is empty, not JSON$/],
    ['cut mid-JSON', '{"choices": [{"message": {"content": "Par', /not JSON/],
    [
      'a content that is not a string',
      '{"choices": [{"message": {"content": 42}}]}',
      /not a string/,
    ],
  ])(
    'rejects a reply that is %s with a MalformedResponseError, not retried',
    async (_, body, message) => {
      const { client, server } = await setup({ answer: () => ({ rawBody: body }) });
      const err = await client.complete(ask).catch((e: unknown) => e);
      expect(err).toBeInstanceOf(MalformedResponseError);
      expect((err as Error).message).toMatch(message);
      expect(server.count()).toBe(1);
    },
  );

  it('rejects a reply larger than the transport reads, not retried', async () => {
    const transport = createHttpTransport({ maxBodyBytes: 1000 });
    const { client, server } = await setup(
      { answer: () => ({ content: 'x'.repeat(2000) }) },
      { transport },
    );
    await expect(client.complete(ask)).rejects.toThrow(/larger than 1000 bytes/);
    expect(server.count()).toBe(1);
    transport.close();
  });
});

describe('helpers', () => {
  it.each([
    ['https://api.openai.com/v1', undefined, 'https://api.openai.com/v1/chat/completions'],
    ['http://localhost:11434/v1/', undefined, 'http://localhost:11434/v1/chat/completions'],
    [
      'https://r.openai.azure.com/openai/deployments/d',
      '2024-10-21',
      'https://r.openai.azure.com/openai/deployments/d/chat/completions?api-version=2024-10-21',
    ],
    // A gateway key in the query stays in the query; the path goes on the base path.
    [
      'https://u:p@gw.example/v1/?key=k%2F1',
      undefined,
      'https://u:p@gw.example/v1/chat/completions?key=k%2F1',
    ],
  ])('the URL for %s', (base, version, url) => {
    expect(chatCompletionsUrl(base, version)).toBe(url);
  });
  it.each([
    ['{"error": {"message": "m", "type": "t", "code": "c"}}', 'm (type t, code c)'],
    ['{"error": "plain"}', 'plain'],
    ['{"message": "litellm style"}', 'litellm style'],
    ['<html>bad gateway</html>', '<html>bad gateway</html>'],
  ])('describes the error body %s', (body, text) => {
    expect(describeErrorBody(body)).toBe(text);
  });
  it.each([
    ['gpt-4o-mini', 'o200k_base'],
    ['openai/gpt-4.1', 'o200k_base'],
    ['o3-mini', 'o200k_base'],
    ['gpt-3.5-turbo', 'cl100k_base'],
    ['llama3.1:8b', 'cl100k_base'],
  ])('estimates %s with %s', (model, encoding) => {
    expect(encodingFor(model)).toBe(encoding);
  });
  it('counts tokens with the published encodings', async () => {
    expect(await countTokens('hello world', 'cl100k_base')).toBe(2);
    expect(await countTokens('', 'o200k_base')).toBe(0);
    expect(await countTokens('<|endoftext|>', 'cl100k_base')).toBeGreaterThan(1);
  });
});
