import { z } from 'zod';
import { Decimal } from './decimal';
import { DataError } from '../errors';

/** One model's list prices, in USD per one million tokens, with where and when they were read. */
export const PriceEntry = z.object({
  /** Lower-case provider id, e.g. `openai`, `anthropic`, `google`, `self-hosted`. */
  provider: z.string().min(1),
  /** The model id as the provider's API names it. */
  model: z.string().min(1),
  /** Other names of the same model at the same price, e.g. dated snapshots. */
  aliases: z.array(z.string().min(1)).optional(),
  inputPer1M: z.number().nonnegative(),
  outputPer1M: z.number().nonnegative(),
  /** The price of an input token served from the provider's prompt cache (a cache hit). */
  cachedInputPer1M: z.number().nonnegative().optional(),
  /** The fraction taken off every token price for batch requests, e.g. 0.5. */
  batchDiscount: z.number().min(0).max(1).optional(),
  /** The date (YYYY-MM-DD) the price was read from `source`. */
  asOf: z.string().min(1),
  /** The URL of the provider's pricing page, or where an override came from. */
  source: z.string().min(1),
});
export type PriceEntry = z.infer<typeof PriceEntry>;

/** A versioned price table. */
export const PriceTable = z.object({
  version: z.string().min(1),
  /** The date of the newest entry's check, YYYY-MM-DD. */
  asOf: z.string().min(1),
  entries: z.array(PriceEntry),
});
export type PriceTable = z.infer<typeof PriceTable>;

function names(entry: PriceEntry): string[] {
  return [entry.model, ...(entry.aliases ?? [])].map((name) => name.toLowerCase());
}

function sameProvider(entry: PriceEntry, provider: string | undefined): boolean {
  return provider === undefined || entry.provider.toLowerCase() === provider.toLowerCase();
}

/**
 * The price of `model` (matched case-insensitively against each entry's model id and aliases),
 * from `provider` when given. Never returns a made-up price: throws a {@link DataError} with
 * code `unknown-model` that lists the nearest known names when nothing matches, and one with
 * code `ambiguous-model` when several providers list the model and no provider was given.
 */
export function lookupPrice(table: PriceTable, model: string, provider?: string): PriceEntry {
  const wanted = model.trim().toLowerCase();
  const matches = table.entries.filter(
    (entry) => sameProvider(entry, provider) && names(entry).includes(wanted),
  );
  const [first] = matches;
  if (first !== undefined && matches.length === 1) return first;
  if (matches.length > 1) {
    const providers = [...new Set(matches.map((entry) => entry.provider))];
    throw new DataError(
      `The model "${model}" has prices from several providers (${providers.join(', ')}).`,
      { code: 'ambiguous-model', hint: 'Set `provider` in the model config to pick one.' },
    );
  }
  const near = nearMatches(table, wanted, provider);
  const from = provider === undefined ? '' : ` from provider "${provider}"`;
  const suggestion = near.length > 0 ? ` Did you mean: ${near.join(', ')}?` : '';
  throw new DataError(
    `Unknown model "${model}"${from}: it is in neither the built-in price table (version ${table.version}) nor the pricing file.${suggestion}`,
    {
      code: 'unknown-model',
      hint: 'Fix the model name, or add its prices to a `pricing` file (input-per-1m, output-per-1m, as-of, source); an unknown model is never priced at $0.',
    },
  );
}

/** Up to five known names closest to `wanted` (edit distance, or one containing the other). */
function nearMatches(table: PriceTable, wanted: string, provider: string | undefined): string[] {
  const scored: { name: string; score: number }[] = [];
  const seen = new Set<string>();
  for (const entry of table.entries) {
    if (!sameProvider(entry, provider)) continue;
    for (const name of [entry.model, ...(entry.aliases ?? [])]) {
      const lower = name.toLowerCase();
      if (seen.has(lower)) continue;
      seen.add(lower);
      const distance = editDistance(wanted, lower);
      const contains = lower.includes(wanted) || wanted.includes(lower);
      const limit = Math.max(2, Math.floor(wanted.length / 3));
      if (distance <= limit || contains) {
        scored.push({
          name: `${entry.provider}/${name}`,
          score: contains ? distance / 2 : distance,
        });
      }
    }
  }
  return scored
    .sort((a, b) => a.score - b.score || a.name.localeCompare(b.name))
    .slice(0, 5)
    .map((s) => s.name);
}

/** Levenshtein distance, in O(|a|·|b|) time and O(|b|) space. */
function editDistance(a: string, b: string): number {
  let previous = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const current = [i];
    for (let j = 1; j <= b.length; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      current.push(
        Math.min((previous[j] ?? 0) + 1, (current[j - 1] ?? 0) + 1, (previous[j - 1] ?? 0) + cost),
      );
    }
    previous = current;
  }
  return previous[b.length] ?? 0;
}

/**
 * The built-in table with `override`'s entries on top. An override entry replaces every entry of
 * the same provider that shares one of its names (model id or alias, case-insensitive), and is
 * added when none does. A replacing entry keeps the names of the entries it replaces as aliases,
 * so that `gpt-4o-mini` still finds an override written for `gpt-4o-mini-2024-07-18`. The result's
 * version says both, e.g. `2025.11.1+pricing.yml`.
 */
export function mergePriceTables(builtIn: PriceTable, override: PriceTable): PriceTable {
  const overlaps = (a: PriceEntry, b: PriceEntry): boolean =>
    a.provider.toLowerCase() === b.provider.toLowerCase() &&
    names(a).some((name) => names(b).includes(name));
  const kept = builtIn.entries.filter((entry) => !override.entries.some((o) => overlaps(o, entry)));
  const added = override.entries.map((o) => {
    const inherited = builtIn.entries
      .filter((entry) => overlaps(o, entry))
      .flatMap((entry) => [entry.model, ...(entry.aliases ?? [])]);
    const own = new Set(names(o));
    const extra = [...new Set(inherited.filter((name) => !own.has(name.toLowerCase())))];
    return extra.length === 0 ? o : { ...o, aliases: [...(o.aliases ?? []), ...extra] };
  });
  return {
    version: `${builtIn.version}+${override.version}`,
    asOf: override.asOf > builtIn.asOf ? override.asOf : builtIn.asOf,
    entries: [...kept, ...added],
  };
}

/** The tokens of one request (or of many, summed). */
export interface RequestTokens {
  /** All input (prompt) tokens, including those served from the cache. */
  readonly inputTokens: number;
  /** The part of `inputTokens` that were prompt-cache hits; 0 when omitted. */
  readonly cachedInputTokens?: number;
  readonly outputTokens: number;
  /** True for a batch-API request, which gets the entry's `batchDiscount`. */
  readonly batch?: boolean;
}

/**
 * The exact cost in USD of a request, as a {@link Decimal}:
 * `((input − cached) × inputPer1M + cached × cachedPrice + output × outputPer1M) / 10^6`,
 * times `(1 − batchDiscount)` for a batch request. `cachedPrice` is `cachedInputPer1M`, or the
 * full input price when the entry has none (never cheaper than the list price).
 * Throws a {@link DataError} on negative tokens or more cached tokens than input tokens.
 */
export function requestCostExact(price: PriceEntry, tokens: RequestTokens): Decimal {
  const cached = tokens.cachedInputTokens ?? 0;
  if (tokens.inputTokens < 0 || tokens.outputTokens < 0 || cached < 0) {
    throw new DataError(
      `Token counts must not be negative (input ${tokens.inputTokens}, cached ${cached}, output ${tokens.outputTokens}).`,
    );
  }
  if (cached > tokens.inputTokens) {
    throw new DataError(
      `Cached input tokens (${cached}) exceed the input tokens (${tokens.inputTokens}); cached tokens are part of the input.`,
    );
  }
  const cachedPrice = price.cachedInputPer1M ?? price.inputPer1M;
  let perMillion = Decimal.from(tokens.inputTokens)
    .sub(cached)
    .mul(price.inputPer1M)
    .add(Decimal.from(cached).mul(cachedPrice))
    .add(Decimal.from(tokens.outputTokens).mul(price.outputPer1M));
  if (tokens.batch === true && price.batchDiscount !== undefined) {
    perMillion = perMillion.mul(Decimal.ONE.sub(price.batchDiscount));
  }
  return perMillion.mul(Decimal.of(1n, 6));
}

/**
 * The cost in USD of a request, unrounded (the nearest double of the exact value; see
 * {@link requestCostExact} for the formula and what it throws). Round only the totals you show.
 */
export function requestCostUsd(price: PriceEntry, tokens: RequestTokens): number {
  return requestCostExact(price, tokens).toNumber();
}
