import type { PriceTable } from './price-table';

const OPENAI = 'https://openai.com/api/pricing/';
const ANTHROPIC = 'https://www.anthropic.com/pricing#api';
const GOOGLE = 'https://ai.google.dev/gemini-api/docs/pricing';
const MISTRAL = 'https://mistral.ai/pricing#api-pricing';
const DEEPSEEK = 'https://api-docs.deepseek.com/quick_start/pricing';
const COHERE = 'https://cohere.com/pricing';
const GROQ = 'https://groq.com/pricing/';
const TOGETHER = 'https://www.together.ai/pricing';
const XAI = 'https://docs.x.ai/docs/models';

/**
 * The built-in price table: list prices in USD per one million tokens for the main hosted
 * providers, as their public pricing pages showed them on each entry's `asOf` date. Prices
 * change; a `pricing` file overrides and extends this table (see {@link mergePriceTables}), and
 * users should use one for current or negotiated rates. Bump `version` on every change.
 *
 * Conventions: `inputPer1M` is the standard (uncached, text) input price, for the smallest
 * context tier when a provider tiers by prompt length; `cachedInputPer1M` is the price of a cache
 * hit (cache writes are not modelled); `batchDiscount` is the fraction taken off every token
 * price for batch requests, only where the provider documents a batch API discount.
 */
export const BUILT_IN_PRICE_TABLE: PriceTable = {
  version: '2025.11.1',
  asOf: '2025-11-01',
  // prettier-ignore
  entries: [
    // OpenAI. Batch API: 50% off input and output.
    { provider: 'openai', model: 'gpt-5', aliases: ['gpt-5-2025-08-07'], inputPer1M: 1.25, cachedInputPer1M: 0.125, outputPer1M: 10, batchDiscount: 0.5, asOf: '2025-08-07', source: OPENAI },
    { provider: 'openai', model: 'gpt-5-mini', aliases: ['gpt-5-mini-2025-08-07'], inputPer1M: 0.25, cachedInputPer1M: 0.025, outputPer1M: 2, batchDiscount: 0.5, asOf: '2025-08-07', source: OPENAI },
    { provider: 'openai', model: 'gpt-5-nano', aliases: ['gpt-5-nano-2025-08-07'], inputPer1M: 0.05, cachedInputPer1M: 0.005, outputPer1M: 0.4, batchDiscount: 0.5, asOf: '2025-08-07', source: OPENAI },
    { provider: 'openai', model: 'gpt-4.1', aliases: ['gpt-4.1-2025-04-14'], inputPer1M: 2, cachedInputPer1M: 0.5, outputPer1M: 8, batchDiscount: 0.5, asOf: '2025-04-14', source: OPENAI },
    { provider: 'openai', model: 'gpt-4.1-mini', aliases: ['gpt-4.1-mini-2025-04-14'], inputPer1M: 0.4, cachedInputPer1M: 0.1, outputPer1M: 1.6, batchDiscount: 0.5, asOf: '2025-04-14', source: OPENAI },
    { provider: 'openai', model: 'gpt-4.1-nano', aliases: ['gpt-4.1-nano-2025-04-14'], inputPer1M: 0.1, cachedInputPer1M: 0.025, outputPer1M: 0.4, batchDiscount: 0.5, asOf: '2025-04-14', source: OPENAI },
    { provider: 'openai', model: 'gpt-4o', aliases: ['gpt-4o-2024-08-06', 'gpt-4o-2024-11-20'], inputPer1M: 2.5, cachedInputPer1M: 1.25, outputPer1M: 10, batchDiscount: 0.5, asOf: '2024-10-01', source: OPENAI },
    { provider: 'openai', model: 'gpt-4o-mini', aliases: ['gpt-4o-mini-2024-07-18'], inputPer1M: 0.15, cachedInputPer1M: 0.075, outputPer1M: 0.6, batchDiscount: 0.5, asOf: '2024-10-01', source: OPENAI },
    { provider: 'openai', model: 'o3', aliases: ['o3-2025-04-16'], inputPer1M: 2, cachedInputPer1M: 0.5, outputPer1M: 8, batchDiscount: 0.5, asOf: '2025-06-10', source: OPENAI },
    { provider: 'openai', model: 'o4-mini', aliases: ['o4-mini-2025-04-16'], inputPer1M: 1.1, cachedInputPer1M: 0.275, outputPer1M: 4.4, batchDiscount: 0.5, asOf: '2025-04-16', source: OPENAI },
    { provider: 'openai', model: 'o3-mini', aliases: ['o3-mini-2025-01-31'], inputPer1M: 1.1, cachedInputPer1M: 0.55, outputPer1M: 4.4, batchDiscount: 0.5, asOf: '2025-01-31', source: OPENAI },
    { provider: 'openai', model: 'o1', aliases: ['o1-2024-12-17'], inputPer1M: 15, cachedInputPer1M: 7.5, outputPer1M: 60, batchDiscount: 0.5, asOf: '2024-12-17', source: OPENAI },
    { provider: 'openai', model: 'gpt-4-turbo', aliases: ['gpt-4-turbo-2024-04-09'], inputPer1M: 10, outputPer1M: 30, batchDiscount: 0.5, asOf: '2024-10-01', source: OPENAI },
    { provider: 'openai', model: 'gpt-3.5-turbo', aliases: ['gpt-3.5-turbo-0125'], inputPer1M: 0.5, outputPer1M: 1.5, batchDiscount: 0.5, asOf: '2024-10-01', source: OPENAI },
    { provider: 'openai', model: 'text-embedding-3-small', inputPer1M: 0.02, outputPer1M: 0, batchDiscount: 0.5, asOf: '2024-10-01', source: OPENAI },
    { provider: 'openai', model: 'text-embedding-3-large', inputPer1M: 0.13, outputPer1M: 0, batchDiscount: 0.5, asOf: '2024-10-01', source: OPENAI },

    // Anthropic. Cache hits at 10% of the input price; Message Batches: 50% off.
    { provider: 'anthropic', model: 'claude-opus-4-5', aliases: ['claude-opus-4-5-20251101'], inputPer1M: 5, cachedInputPer1M: 0.5, outputPer1M: 25, batchDiscount: 0.5, asOf: '2025-11-24', source: ANTHROPIC },
    { provider: 'anthropic', model: 'claude-opus-4-1', aliases: ['claude-opus-4-1-20250805'], inputPer1M: 15, cachedInputPer1M: 1.5, outputPer1M: 75, batchDiscount: 0.5, asOf: '2025-08-05', source: ANTHROPIC },
    { provider: 'anthropic', model: 'claude-opus-4', aliases: ['claude-opus-4-20250514', 'claude-opus-4-0'], inputPer1M: 15, cachedInputPer1M: 1.5, outputPer1M: 75, batchDiscount: 0.5, asOf: '2025-05-22', source: ANTHROPIC },
    { provider: 'anthropic', model: 'claude-sonnet-4-5', aliases: ['claude-sonnet-4-5-20250929'], inputPer1M: 3, cachedInputPer1M: 0.3, outputPer1M: 15, batchDiscount: 0.5, asOf: '2025-09-29', source: ANTHROPIC },
    { provider: 'anthropic', model: 'claude-sonnet-4', aliases: ['claude-sonnet-4-20250514', 'claude-sonnet-4-0'], inputPer1M: 3, cachedInputPer1M: 0.3, outputPer1M: 15, batchDiscount: 0.5, asOf: '2025-05-22', source: ANTHROPIC },
    { provider: 'anthropic', model: 'claude-3-7-sonnet', aliases: ['claude-3-7-sonnet-20250219', 'claude-3-7-sonnet-latest', 'claude-3.7-sonnet'], inputPer1M: 3, cachedInputPer1M: 0.3, outputPer1M: 15, batchDiscount: 0.5, asOf: '2025-02-24', source: ANTHROPIC },
    { provider: 'anthropic', model: 'claude-3-5-sonnet', aliases: ['claude-3-5-sonnet-20241022', 'claude-3-5-sonnet-20240620', 'claude-3-5-sonnet-latest', 'claude-3.5-sonnet'], inputPer1M: 3, cachedInputPer1M: 0.3, outputPer1M: 15, batchDiscount: 0.5, asOf: '2024-10-22', source: ANTHROPIC },
    { provider: 'anthropic', model: 'claude-haiku-4-5', aliases: ['claude-haiku-4-5-20251001'], inputPer1M: 1, cachedInputPer1M: 0.1, outputPer1M: 5, batchDiscount: 0.5, asOf: '2025-10-15', source: ANTHROPIC },
    { provider: 'anthropic', model: 'claude-3-5-haiku', aliases: ['claude-3-5-haiku-20241022', 'claude-3-5-haiku-latest', 'claude-3.5-haiku'], inputPer1M: 0.8, cachedInputPer1M: 0.08, outputPer1M: 4, batchDiscount: 0.5, asOf: '2024-12-01', source: ANTHROPIC },
    { provider: 'anthropic', model: 'claude-3-haiku', aliases: ['claude-3-haiku-20240307'], inputPer1M: 0.25, cachedInputPer1M: 0.03, outputPer1M: 1.25, batchDiscount: 0.5, asOf: '2024-10-01', source: ANTHROPIC },
    { provider: 'anthropic', model: 'claude-3-opus', aliases: ['claude-3-opus-20240229', 'claude-3-opus-latest'], inputPer1M: 15, cachedInputPer1M: 1.5, outputPer1M: 75, batchDiscount: 0.5, asOf: '2024-10-01', source: ANTHROPIC },

    // Google Gemini API (paid tier, prompts up to 200k tokens; text input). Batch: 50% off.
    { provider: 'google', model: 'gemini-2.5-pro', inputPer1M: 1.25, cachedInputPer1M: 0.31, outputPer1M: 10, batchDiscount: 0.5, asOf: '2025-06-17', source: GOOGLE },
    { provider: 'google', model: 'gemini-2.5-flash', inputPer1M: 0.3, cachedInputPer1M: 0.075, outputPer1M: 2.5, batchDiscount: 0.5, asOf: '2025-06-17', source: GOOGLE },
    { provider: 'google', model: 'gemini-2.5-flash-lite', inputPer1M: 0.1, cachedInputPer1M: 0.025, outputPer1M: 0.4, batchDiscount: 0.5, asOf: '2025-07-22', source: GOOGLE },
    { provider: 'google', model: 'gemini-2.0-flash', aliases: ['gemini-2.0-flash-001'], inputPer1M: 0.1, cachedInputPer1M: 0.025, outputPer1M: 0.4, batchDiscount: 0.5, asOf: '2025-02-05', source: GOOGLE },
    { provider: 'google', model: 'gemini-2.0-flash-lite', aliases: ['gemini-2.0-flash-lite-001'], inputPer1M: 0.075, outputPer1M: 0.3, batchDiscount: 0.5, asOf: '2025-02-25', source: GOOGLE },
    { provider: 'google', model: 'gemini-1.5-pro', aliases: ['gemini-1.5-pro-002'], inputPer1M: 1.25, outputPer1M: 5, asOf: '2024-10-01', source: GOOGLE },
    { provider: 'google', model: 'gemini-1.5-flash', aliases: ['gemini-1.5-flash-002'], inputPer1M: 0.075, outputPer1M: 0.3, asOf: '2024-10-01', source: GOOGLE },

    // Mistral (La Plateforme). Batch API: 50% off.
    { provider: 'mistral', model: 'mistral-large-latest', aliases: ['mistral-large-2411', 'mistral-large'], inputPer1M: 2, outputPer1M: 6, batchDiscount: 0.5, asOf: '2025-01-15', source: MISTRAL },
    { provider: 'mistral', model: 'mistral-medium-latest', aliases: ['mistral-medium-2505', 'mistral-medium-3', 'mistral-medium'], inputPer1M: 0.4, outputPer1M: 2, batchDiscount: 0.5, asOf: '2025-05-07', source: MISTRAL },
    { provider: 'mistral', model: 'mistral-small-latest', aliases: ['mistral-small-2503', 'mistral-small'], inputPer1M: 0.1, outputPer1M: 0.3, batchDiscount: 0.5, asOf: '2025-03-17', source: MISTRAL },
    { provider: 'mistral', model: 'codestral-latest', aliases: ['codestral-2501', 'codestral'], inputPer1M: 0.3, outputPer1M: 0.9, batchDiscount: 0.5, asOf: '2025-01-15', source: MISTRAL },
    { provider: 'mistral', model: 'ministral-8b-latest', aliases: ['ministral-8b-2410', 'ministral-8b'], inputPer1M: 0.1, outputPer1M: 0.1, batchDiscount: 0.5, asOf: '2024-10-16', source: MISTRAL },
    { provider: 'mistral', model: 'ministral-3b-latest', aliases: ['ministral-3b-2410', 'ministral-3b'], inputPer1M: 0.04, outputPer1M: 0.04, batchDiscount: 0.5, asOf: '2024-10-16', source: MISTRAL },
    { provider: 'mistral', model: 'open-mistral-nemo', aliases: ['mistral-nemo', 'open-mistral-nemo-2407'], inputPer1M: 0.15, outputPer1M: 0.15, batchDiscount: 0.5, asOf: '2024-10-01', source: MISTRAL },

    // DeepSeek API (DeepSeek-V3.2-Exp prices; cachedInput is the "cache hit" price).
    { provider: 'deepseek', model: 'deepseek-chat', aliases: ['deepseek-v3'], inputPer1M: 0.28, cachedInputPer1M: 0.028, outputPer1M: 0.42, asOf: '2025-09-29', source: DEEPSEEK },
    { provider: 'deepseek', model: 'deepseek-reasoner', aliases: ['deepseek-r1'], inputPer1M: 0.28, cachedInputPer1M: 0.028, outputPer1M: 0.42, asOf: '2025-09-29', source: DEEPSEEK },

    // Cohere.
    { provider: 'cohere', model: 'command-a-03-2025', aliases: ['command-a'], inputPer1M: 2.5, outputPer1M: 10, asOf: '2025-03-13', source: COHERE },
    { provider: 'cohere', model: 'command-r-plus-08-2024', aliases: ['command-r-plus'], inputPer1M: 2.5, outputPer1M: 10, asOf: '2024-10-01', source: COHERE },
    { provider: 'cohere', model: 'command-r-08-2024', aliases: ['command-r'], inputPer1M: 0.15, outputPer1M: 0.6, asOf: '2024-10-01', source: COHERE },
    { provider: 'cohere', model: 'command-r7b-12-2024', aliases: ['command-r7b'], inputPer1M: 0.0375, outputPer1M: 0.15, asOf: '2024-12-13', source: COHERE },

    // xAI.
    { provider: 'xai', model: 'grok-4', aliases: ['grok-4-0709'], inputPer1M: 3, cachedInputPer1M: 0.75, outputPer1M: 15, asOf: '2025-07-10', source: XAI },
    { provider: 'xai', model: 'grok-3', inputPer1M: 3, cachedInputPer1M: 0.75, outputPer1M: 15, asOf: '2025-04-10', source: XAI },
    { provider: 'xai', model: 'grok-3-mini', inputPer1M: 0.3, cachedInputPer1M: 0.075, outputPer1M: 0.5, asOf: '2025-04-10', source: XAI },

    // Open models served by Groq and Together AI (their model ids).
    { provider: 'groq', model: 'llama-3.3-70b-versatile', inputPer1M: 0.59, outputPer1M: 0.79, asOf: '2025-01-15', source: GROQ },
    { provider: 'groq', model: 'llama-3.1-8b-instant', inputPer1M: 0.05, outputPer1M: 0.08, asOf: '2025-01-15', source: GROQ },
    { provider: 'groq', model: 'openai/gpt-oss-120b', inputPer1M: 0.15, outputPer1M: 0.75, asOf: '2025-08-05', source: GROQ },
    { provider: 'groq', model: 'openai/gpt-oss-20b', inputPer1M: 0.1, outputPer1M: 0.5, asOf: '2025-08-05', source: GROQ },
    { provider: 'together', model: 'meta-llama/Llama-3.3-70B-Instruct-Turbo', inputPer1M: 0.88, outputPer1M: 0.88, asOf: '2025-01-15', source: TOGETHER },
    { provider: 'together', model: 'meta-llama/Meta-Llama-3.1-8B-Instruct-Turbo', inputPer1M: 0.18, outputPer1M: 0.18, asOf: '2025-01-15', source: TOGETHER },
    { provider: 'together', model: 'meta-llama/Meta-Llama-3.1-405B-Instruct-Turbo', inputPer1M: 3.5, outputPer1M: 3.5, asOf: '2025-01-15', source: TOGETHER },
    { provider: 'together', model: 'Qwen/Qwen2.5-72B-Instruct-Turbo', inputPer1M: 1.2, outputPer1M: 1.2, asOf: '2025-01-15', source: TOGETHER },
    { provider: 'together', model: 'deepseek-ai/DeepSeek-V3', inputPer1M: 1.25, outputPer1M: 1.25, asOf: '2025-03-01', source: TOGETHER },
  ],
};
