import { Tiktoken } from 'js-tiktoken/lite';
import type { ChatMessage } from '@modelgate/core';

/** The BPE encodings used for estimates: OpenAI's current one, and the one before it. */
export type TokenEncoding = 'o200k_base' | 'cl100k_base';

/**
 * The encoding to estimate `model`'s tokens with: o200k_base for the GPT-4o, GPT-4.1, GPT-5 and
 * o-series families, cl100k_base for everything else (older OpenAI models, and as a proxy for
 * other vendors' models, whose own tokenizers are not bundled).
 */
export function encodingFor(model: string): TokenEncoding {
  const m = model.toLowerCase().replace(/^.*\//, '');
  return /^(gpt-4o|chatgpt-4o|gpt-4\.1|gpt-4\.5|gpt-5|gpt-oss|o1|o3|o4)/.test(m)
    ? 'o200k_base'
    : 'cl100k_base';
}

const encoders = new Map<TokenEncoding, Promise<Tiktoken>>();

/** The encoder, loaded once on first use (the rank tables are megabytes; most runs never need them). */
function encoder(encoding: TokenEncoding): Promise<Tiktoken> {
  let loaded = encoders.get(encoding);
  if (loaded === undefined) {
    loaded = (
      encoding === 'o200k_base'
        ? import('js-tiktoken/ranks/o200k_base')
        : import('js-tiktoken/ranks/cl100k_base')
    ).then((ranks) => new Tiktoken(ranks.default));
    encoders.set(encoding, loaded);
  }
  return loaded;
}

/** The number of tokens of `text` in `encoding` (special-token text counted as plain text). */
export async function countTokens(text: string, encoding: TokenEncoding): Promise<number> {
  if (text === '') return 0;
  return (await encoder(encoding)).encode(text, [], []).length;
}

/**
 * Estimates a chat completion's tokens when the server sent no `usage`, with js-tiktoken and the
 * chat format overhead of OpenAI's cookbook: 3 tokens per message plus its role and content, and
 * 3 to prime the reply. An estimate: servers with other tokenizers count differently.
 */
export async function estimateChatTokens(
  model: string,
  messages: readonly ChatMessage[],
  output: string,
): Promise<{ inputTokens: number; outputTokens: number }> {
  const encoding = encodingFor(model);
  let inputTokens = 3;
  for (const m of messages) {
    inputTokens +=
      3 + (await countTokens(m.role, encoding)) + (await countTokens(m.content, encoding));
  }
  return { inputTokens, outputTokens: await countTokens(output, encoding) };
}
