import { createHash } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { ChatMessage } from '@modelgate/core';
import { writeFileAtomic } from '@modelgate/runner';
import type { ChatClient, ChatCompletion, ChatParams } from './openai';

/**
 * A response cache in a directory, to pair with actions/cache: one JSON file per completion,
 * keyed by the sha256 of everything that determines the reply. Writes are atomic (temp file and
 * rename), so concurrent runs and a killed step never leave a half-written entry; an unreadable
 * entry is a miss.
 */

/** Bumped when the entry format changes; older entries are then misses. */
export const CACHE_FORMAT = 1;

/** What a cache key is made of. */
export interface CacheKeyParts {
  readonly baseUrl: string;
  readonly model: string;
  readonly params: ChatParams;
  /** The prompt template file's sha256 (or a label, e.g. the judge prompt version). */
  readonly promptSha256: string;
  readonly messages: readonly ChatMessage[];
  /** Which repeat this is (0-based), so that `repeats: N` caches N distinct replies. */
  readonly repeat: number;
}

/** The sha256 (hex) of a canonical JSON of the key parts. */
export function cacheKey(parts: CacheKeyParts): string {
  const canonical = JSON.stringify([
    CACHE_FORMAT,
    parts.baseUrl.replace(/\/+$/, ''),
    parts.model,
    parts.params.temperature ?? null,
    parts.params.maxTokens ?? null,
    parts.params.seed ?? null,
    parts.promptSha256,
    parts.messages.map((m) => [m.role, m.content]),
    parts.repeat,
  ]);
  return createHash('sha256').update(canonical).digest('hex');
}

interface Entry {
  readonly format: number;
  readonly key: string;
  readonly completion: ChatCompletion;
}

/** The cache directory. */
export class ResponseCache {
  constructor(readonly dir: string) {}

  private path(key: string): string {
    return join(this.dir, key.slice(0, 2), `${key}.json`);
  }

  /** The cached completion, or undefined on a miss (absent, unreadable or another format). */
  async get(key: string): Promise<ChatCompletion | undefined> {
    let text: string;
    try {
      text = await readFile(this.path(key), 'utf8');
    } catch {
      return undefined;
    }
    try {
      const entry = JSON.parse(text) as Entry;
      if (entry.format !== CACHE_FORMAT || entry.key !== key) return undefined;
      if (typeof entry.completion?.content !== 'string') return undefined;
      return entry.completion;
    } catch {
      return undefined;
    }
  }

  async set(key: string, completion: ChatCompletion): Promise<void> {
    const entry: Entry = { format: CACHE_FORMAT, key, completion };
    await writeFileAtomic(this.path(key), JSON.stringify(entry));
  }
}

/** A completion, and whether it came from the cache. */
export interface CachedResult {
  readonly completion: ChatCompletion;
  readonly cached: boolean;
}

/**
 * Completes through the cache: a hit returns the stored completion and sends nothing; a miss
 * calls `client` and stores the reply. Failures are not cached.
 */
export async function completeCached(
  client: ChatClient,
  cache: ResponseCache | undefined,
  parts: Omit<CacheKeyParts, 'baseUrl' | 'model'>,
  signal?: AbortSignal,
): Promise<CachedResult> {
  if (cache === undefined) {
    return { completion: await client.complete(parts.messages, signal), cached: false };
  }
  const key = cacheKey({ ...parts, baseUrl: client.baseUrl, model: client.model });
  const hit = await cache.get(key);
  if (hit !== undefined) return { completion: hit, cached: true };
  const completion = await client.complete(parts.messages, signal);
  await cache.set(key, completion);
  return { completion, cached: false };
}
