import { mkdtempSync, readdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from '@jest/globals';
import { ResponseCache, cacheKey, completeCached } from '@modelgate/models';
import type { CacheKeyParts, ChatClient, ChatCompletion } from '@modelgate/models';

const parts: CacheKeyParts = {
  baseUrl: 'http://127.0.0.1:1/v1',
  model: 'm',
  params: { temperature: 0 },
  promptSha256: 'abc',
  messages: [{ role: 'user', content: 'hi' }],
  repeat: 0,
};
const completion: ChatCompletion = {
  content: 'hello',
  modelId: 'm-1',
  inputTokens: 3,
  outputTokens: 1,
  cachedInputTokens: undefined,
  tokensEstimated: false,
  latencyMs: 12,
  attempts: 1,
  finishReason: 'stop',
};

describe('cacheKey', () => {
  it('is a sha256 that changes with every part', () => {
    const key = cacheKey(parts);
    expect(key).toMatch(/^[0-9a-f]{64}$/);
    expect(cacheKey({ ...parts, baseUrl: 'http://127.0.0.1:1/v1/' })).toBe(key);
    for (const changed of [
      { baseUrl: 'http://127.0.0.1:2/v1' },
      { model: 'n' },
      { params: { temperature: 0.1 } },
      { params: { temperature: 0, seed: 1 } },
      { promptSha256: 'abd' },
      { messages: [{ role: 'system' as const, content: 'hi' }] },
      { repeat: 1 },
    ]) {
      expect(cacheKey({ ...parts, ...changed })).not.toBe(key);
    }
  });
});

describe('ResponseCache', () => {
  it('stores and returns completions, and treats unreadable entries as misses', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'mg-cache-'));
    const cache = new ResponseCache(dir);
    const key = cacheKey(parts);
    expect(await cache.get(key)).toBeUndefined();
    await cache.set(key, completion);
    expect(await cache.get(key)).toEqual(completion);
    const sub = join(dir, key.slice(0, 2));
    expect(readdirSync(sub)).toEqual([`${key}.json`]); // no temp file left behind
    writeFileSync(join(sub, `${key}.json`), '{"format": 1, "key": "');
    expect(await cache.get(key)).toBeUndefined();
    writeFileSync(join(sub, `${key}.json`), JSON.stringify({ format: 99, key, completion }));
    expect(await cache.get(key)).toBeUndefined();
  });

  it('calls the client only on a miss', async () => {
    const cache = new ResponseCache(mkdtempSync(join(tmpdir(), 'mg-cache-')));
    let calls = 0;
    const client: ChatClient = {
      baseUrl: parts.baseUrl,
      model: parts.model,
      complete: () => {
        calls++;
        return Promise.resolve(completion);
      },
    };
    const rest = { params: parts.params, promptSha256: 'abc', messages: parts.messages, repeat: 0 };
    expect(await completeCached(client, cache, rest)).toEqual({ completion, cached: false });
    expect(await completeCached(client, cache, rest)).toEqual({ completion, cached: true });
    expect(calls).toBe(1);
  });
});
