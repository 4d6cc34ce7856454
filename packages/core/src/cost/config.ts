/**
 * The user-facing cost files, in YAML or JSON with kebab-case keys: a model config, a pricing
 * file and a traffic profile. See `examples/` and the estimate-cost README for the formats.
 */
import { z } from 'zod';
import { parseConfigFile } from './config-file';
import { Decimal } from './decimal';
import type { PriceEntry, PriceTable } from './price-table';
import { DataError } from '../errors';

const numberError =
  (what: string) =>
  (issue: { input?: unknown }): string =>
    issue.input === undefined ? `${what} is required` : `${what} must be a number`;
const share = (what: string) =>
  z
    .number({ error: numberError(what) })
    .min(0, `${what} must be a fraction between 0 and 1, e.g. 0.25`)
    .max(1, `${what} must be a fraction between 0 and 1, e.g. 0.25 (not a percentage)`);
const nonNegative = (what: string) =>
  z
    .number({ error: numberError(what) })
    .min(0, `${what} must not be negative`)
    .refine(Number.isFinite, `${what} must be finite`);
const positive = (what: string) =>
  z
    .number({ error: numberError(what) })
    .gt(0, `${what} must be greater than 0`)
    .refine(Number.isFinite, `${what} must be finite`);
// YAML 1.2 reads 2025-01-01 as a string; a YAML 1.1 timestamp or a JSON date is accepted too.
const date = z.union([
  z.string().regex(/^\d{4}-\d{2}-\d{2}$/, 'as-of must be a date, YYYY-MM-DD'),
  z.date().transform((d) => d.toISOString().slice(0, 10)),
]);
/** Currencies are refused early; the check itself is in {@link assertUsd}. */
const currency = z.string().min(1).optional();

/** Prices of one model in a pricing file or a model config's `pricing`, per 1M or per 1K tokens. */
const PriceFields = z.strictObject({
  'input-per-1m': nonNegative('input-per-1m').optional(),
  'output-per-1m': nonNegative('output-per-1m').optional(),
  'cached-input-per-1m': nonNegative('cached-input-per-1m').optional(),
  'input-per-1k': nonNegative('input-per-1k').optional(),
  'output-per-1k': nonNegative('output-per-1k').optional(),
  'cached-input-per-1k': nonNegative('cached-input-per-1k').optional(),
  'batch-discount': share('batch-discount').optional(),
  'as-of': date.optional(),
  source: z.string().min(1).optional(),
});
type PriceFields = z.infer<typeof PriceFields>;

const PricingFileEntry = PriceFields.extend({
  provider: z.string().min(1, 'provider must not be empty'),
  model: z.string().min(1, 'model must not be empty'),
  aliases: z.array(z.string().min(1)).optional(),
});

const PricingFileSchema = z.strictObject({
  version: z.union([z.string().min(1), z.number()]).optional(),
  currency,
  'as-of': date.optional(),
  source: z.string().min(1).optional(),
  prices: z.array(PricingFileEntry).min(1, 'prices must list at least one model'),
});

/** Self-hosted serving: a fixed GPU count, or a count derived from measured throughput. */
const GpuSchema = z
  .strictObject({
    'hourly-usd': nonNegative('gpu.hourly-usd'),
    count: z.number().int('gpu.count must be a whole number').min(1).optional(),
    'throughput-tokens-per-second': positive('gpu.throughput-tokens-per-second').optional(),
    'throughput-basis': z.enum(['total', 'output']).optional(),
    'peak-factor': z.number().min(1, 'gpu.peak-factor must be 1 or more').optional(),
    'min-count': z.number().int().min(0).optional(),
    'hours-per-month': positive('gpu.hours-per-month').max(744).optional(),
  })
  .refine(
    (gpu) => (gpu.count === undefined) !== (gpu['throughput-tokens-per-second'] === undefined),
    'gpu needs exactly one of count (a fixed number of GPUs) or throughput-tokens-per-second (to derive it)',
  );

const ModelConfigSchema = z
  .strictObject({
    provider: z.string().min(1).optional(),
    model: z.string().min(1, 'model must not be empty'),
    currency,
    hosting: z.enum(['api', 'self-hosted']).optional(),
    'cached-input-share': share('cached-input-share').optional(),
    'batch-share': share('batch-share').optional(),
    pricing: PriceFields.optional(),
    gpu: GpuSchema.optional(),
  })
  .refine((c) => (c.hosting === 'self-hosted') === (c.gpu !== undefined), {
    message:
      'hosting: self-hosted needs a gpu section, and a gpu section needs hosting: self-hosted',
    path: ['hosting'],
  });

const TrafficSegmentSchema = z.strictObject({
  name: z.string().min(1, 'name must not be empty'),
  'requests-per-month': nonNegative('requests-per-month'),
  'input-tokens': nonNegative('input-tokens').optional(),
  'output-tokens': nonNegative('output-tokens').optional(),
  'growth-pct-per-month': z.number().gt(-100, 'growth-pct-per-month must be above -100').optional(),
  'cached-input-share': share('cached-input-share').optional(),
  'batch-share': share('batch-share').optional(),
});

const TrafficProfileSchema = z.strictObject({
  month: z.number().int('month must be a whole number').min(1).max(120).optional(),
  segments: z
    .array(TrafficSegmentSchema)
    .min(1, 'segments must list at least one segment')
    .refine(
      (segments) => new Set(segments.map((s) => s.name)).size === segments.length,
      'segment names must be unique',
    ),
});

/** Self-hosted GPU serving, resolved. */
export interface GpuConfig {
  /** The price of one GPU instance per hour. */
  readonly hourlyUsd: number;
  /** A fixed instance count; absent when derived from throughput. */
  readonly count?: number;
  /** Measured tokens per second that one instance sustains. */
  readonly throughputTokensPerSecond?: number;
  /** Which tokens the throughput counts: input + output (`total`) or only `output`. */
  readonly throughputBasis: 'total' | 'output';
  /** Peak traffic over average traffic, ≥ 1. */
  readonly peakFactor: number;
  readonly minCount: number;
  readonly hoursPerMonth: number;
}

/** One side of the comparison: which model, how it is served and priced. */
export interface ModelConfig {
  readonly provider?: string;
  readonly model: string;
  readonly hosting: 'api' | 'self-hosted';
  readonly cachedInputShare?: number;
  readonly batchShare?: number;
  /** Prices given in the config itself; they override the table for this model. */
  readonly pricing?: PriceEntry;
  readonly gpu?: GpuConfig;
}

/** One traffic segment as written. Token counts absent here come from the measurements. */
export interface TrafficSegment {
  readonly name: string;
  readonly requestsPerMonth: number;
  readonly inputTokens?: number;
  readonly outputTokens?: number;
  readonly growthPctPerMonth: number;
  readonly cachedInputShare?: number;
  readonly batchShare?: number;
}

export interface TrafficProfile {
  /** The month projected: 1 is the traffic as written; growth compounds for month − 1 months. */
  readonly month: number;
  readonly segments: readonly TrafficSegment[];
}

/** The hours in an average month: 365 × 24 / 12. */
export const HOURS_PER_MONTH = 730;

/**
 * Throws a {@link DataError} with code `currency-mismatch` unless `currency` is absent or USD
 * (case-insensitive). `where` names the input or file that gave it.
 */
export function assertUsd(currency: string | undefined, where: string): void {
  if (currency === undefined || currency.trim().toUpperCase() === 'USD') return;
  throw new DataError(
    `Currency mismatch: ${where} is in ${currency}, but estimate-cost works in USD only.`,
    {
      code: 'currency-mismatch',
      hint: 'Convert the prices to USD (and set currency: USD, or leave it out).',
    },
  );
}

function per1M(
  fields: PriceFields,
  name: 'input' | 'output' | 'cached-input',
  file: string,
): number | undefined {
  const m = fields[`${name}-per-1m`];
  const k = fields[`${name}-per-1k`];
  if (m !== undefined && k !== undefined) {
    throw new DataError(`Give ${name}-per-1m or ${name}-per-1k, not both.`, {
      location: { file },
    });
  }
  // Exact: 0.00015 per 1K is 0.15 per 1M, not 0.15000000000000002.
  return k === undefined ? m : Decimal.from(k).mul(1000).toNumber();
}

function priceEntry(
  fields: PriceFields,
  ids: { provider: string; model: string; aliases?: string[] },
  defaults: { asOf?: string; source: string },
  file: string,
): PriceEntry {
  const inputPer1M = per1M(fields, 'input', file);
  const outputPer1M = per1M(fields, 'output', file);
  const cachedInputPer1M = per1M(fields, 'cached-input', file);
  const asOf = fields['as-of'] ?? defaults.asOf;
  const missing = [
    inputPer1M === undefined && 'input-per-1m (or input-per-1k)',
    outputPer1M === undefined && 'output-per-1m (or output-per-1k)',
    asOf === undefined && 'as-of',
  ].filter((m): m is string => m !== false);
  if (missing.length > 0 || inputPer1M === undefined || outputPer1M === undefined) {
    throw new DataError(`The prices of ${ids.provider}/${ids.model} lack ${missing.join(', ')}.`, {
      hint: 'Every price needs input, output and the date it was read.',
      location: { file },
    });
  }
  return {
    provider: ids.provider.toLowerCase(),
    model: ids.model,
    ...(ids.aliases !== undefined && { aliases: ids.aliases }),
    inputPer1M,
    outputPer1M,
    ...(cachedInputPer1M !== undefined && { cachedInputPer1M }),
    ...(fields['batch-discount'] !== undefined && { batchDiscount: fields['batch-discount'] }),
    asOf: asOf ?? '',
    source: fields.source ?? defaults.source,
  };
}

/**
 * Parses a pricing file (see `examples/pricing.yml`) into a table to merge over the built-in
 * one. Entries without `as-of` or `source` take the file's; the source defaults to the file
 * name. Throws a {@link DataError} naming the file, line and key on a malformed file, and one
 * with code `currency-mismatch` for a currency other than USD.
 */
export function parsePricingFile(text: string, file: string): PriceTable {
  const raw = parseConfigFile(text, file, PricingFileSchema, 'pricing');
  assertUsd(raw.currency, `the pricing file ${file}`);
  const entries = raw.prices.map((entry) =>
    priceEntry(
      entry,
      {
        provider: entry.provider,
        model: entry.model,
        ...(entry.aliases && { aliases: entry.aliases }),
      },
      { ...(raw['as-of'] !== undefined && { asOf: raw['as-of'] }), source: raw.source ?? file },
      file,
    ),
  );
  const dates = entries.map((e) => e.asOf).sort();
  return {
    version: raw.version === undefined ? file : String(raw.version),
    asOf: raw['as-of'] ?? dates[dates.length - 1] ?? '',
    entries,
  };
}

/**
 * Parses a model config file (see `examples/model-config.yml`). Throws a {@link DataError}
 * naming the file, line and key on a malformed file, or a currency other than USD.
 */
export function parseModelConfig(text: string, file: string): ModelConfig {
  const raw = parseConfigFile(text, file, ModelConfigSchema, 'model config');
  assertUsd(raw.currency, `the model config ${file}`);
  const hosting = raw.hosting ?? 'api';
  const provider = raw.provider ?? (hosting === 'self-hosted' ? 'self-hosted' : undefined);
  if (raw.pricing !== undefined && provider === undefined) {
    throw new DataError(`pricing needs a provider to say whose prices they are.`, {
      hint: 'Add provider: (e.g. openai) next to model:.',
      location: { file },
    });
  }
  const gpu = raw.gpu;
  return {
    ...(provider !== undefined && { provider: provider.toLowerCase() }),
    model: raw.model,
    hosting,
    ...(raw['cached-input-share'] !== undefined && { cachedInputShare: raw['cached-input-share'] }),
    ...(raw['batch-share'] !== undefined && { batchShare: raw['batch-share'] }),
    ...(raw.pricing !== undefined &&
      provider !== undefined && {
        pricing: priceEntry(raw.pricing, { provider, model: raw.model }, { source: file }, file),
      }),
    ...(gpu !== undefined && {
      gpu: {
        hourlyUsd: gpu['hourly-usd'],
        ...(gpu.count !== undefined && { count: gpu.count }),
        ...(gpu['throughput-tokens-per-second'] !== undefined && {
          throughputTokensPerSecond: gpu['throughput-tokens-per-second'],
        }),
        throughputBasis: gpu['throughput-basis'] ?? 'total',
        peakFactor: gpu['peak-factor'] ?? 1,
        minCount: gpu['min-count'] ?? 1,
        hoursPerMonth: gpu['hours-per-month'] ?? HOURS_PER_MONTH,
      },
    }),
  };
}

/**
 * Parses a traffic profile (see `examples/traffic-profile.yml`). Throws a {@link DataError}
 * naming the file, line and key on a malformed file, e.g. negative requests.
 */
export function parseTrafficProfile(text: string, file: string): TrafficProfile {
  const raw = parseConfigFile(text, file, TrafficProfileSchema, 'traffic profile');
  return {
    month: raw.month ?? 1,
    segments: raw.segments.map((s) => ({
      name: s.name,
      requestsPerMonth: s['requests-per-month'],
      ...(s['input-tokens'] !== undefined && { inputTokens: s['input-tokens'] }),
      ...(s['output-tokens'] !== undefined && { outputTokens: s['output-tokens'] }),
      growthPctPerMonth: s['growth-pct-per-month'] ?? 0,
      ...(s['cached-input-share'] !== undefined && { cachedInputShare: s['cached-input-share'] }),
      ...(s['batch-share'] !== undefined && { batchShare: s['batch-share'] }),
    })),
  };
}
