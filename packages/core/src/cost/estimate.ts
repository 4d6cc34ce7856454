/**
 * The monthly cost projection. All arithmetic is exact (see {@link Decimal}); only the figures
 * shown are rounded, once, at the end.
 *
 * Per segment, in the projected month N (1 = the traffic as written):
 *
 *   requests  = requests-per-month × (1 + growth-pct-per-month / 100)^(N − 1)
 *   input     = requests × input-tokens           cached = input × cached-input-share
 *   output    = requests × output-tokens
 *   m         = 1 − batch-share × batch-discount  (the batch share pays the discounted price)
 *   inputUsd  = (input − cached) × inputPer1M × m / 10^6
 *   cachedUsd = cached × (cachedInputPer1M, or inputPer1M when unknown) × m / 10^6
 *   outputUsd = output × outputPer1M × m / 10^6
 *
 * Self-hosted, the bill is the GPUs': instances × hourly-usd × hours-per-month (730 by default).
 * With a measured throughput instead of a count:
 *
 *   average tokens/s = Σ basis tokens / (hours-per-month × 3600)   (basis: input + output, or output)
 *   instances        = max(min-count, ⌈average tokens/s × peak-factor / throughput per instance⌉)
 *
 * and each segment carries the share of the GPU bill in proportion to its basis tokens.
 */
import { Decimal, allocate, apportion, sumDecimals } from './decimal';
import type { GpuConfig, ModelConfig, TrafficProfile, TrafficSegment } from './config';
import type { PriceEntry } from './price-table';
import type { CostEstimate, Finding, GpuCost, SegmentCost } from '../report/index';
import { DataError } from '../errors';

/** Tokens per request measured for a model, used where a segment gives none. */
export interface TokensPerRequest {
  readonly inputTokens: number;
  readonly outputTokens: number;
  /** The measured share of input tokens that were cache hits, when known. */
  readonly cachedInputShare?: number;
}

export interface EstimateRequest {
  readonly model: ModelConfig;
  /** The price of an API-hosted model; unused for self-hosted. */
  readonly price?: PriceEntry;
  /** The version of the table the price came from, for the report. */
  readonly tableVersion?: string;
  readonly traffic: TrafficProfile;
  /** Measured tokens per request, for segments that give none. */
  readonly tokens?: TokensPerRequest;
  readonly tokensSource: CostEstimate['tokensSource'];
}

/** The exact (unrounded) USD amounts of an estimate. */
export interface ExactCost {
  readonly totalUsd: Decimal;
  readonly inputUsd: Decimal;
  readonly cachedInputUsd: Decimal;
  readonly outputUsd: Decimal;
  readonly gpuUsd: Decimal;
  readonly requests: Decimal;
}

export interface EstimateResult {
  /** The estimate as the report shows it: cents, apportioned. */
  readonly estimate: CostEstimate;
  readonly exact: ExactCost;
  /** Notices about assumptions, e.g. a cached share billed at the full input price. */
  readonly findings: Finding[];
}

const MILLIONTH = Decimal.of(1n, 6);
const HUNDREDTH = Decimal.of(1n, 2);

interface SegmentExact {
  readonly segment: TrafficSegment;
  readonly requests: Decimal;
  readonly inputTokensPerRequest: number;
  readonly outputTokensPerRequest: number;
  readonly cachedInputShare: number;
  readonly batchShare: number;
  readonly inputTokens: Decimal;
  readonly cachedTokens: Decimal;
  readonly outputTokens: Decimal;
  inputUsd: Decimal;
  cachedInputUsd: Decimal;
  outputUsd: Decimal;
  gpuUsd: Decimal;
}

/** `requests × (1 + growthPct/100)^(month − 1)`, exactly. */
export function projectRequests(
  requestsPerMonth: number,
  growthPctPerMonth: number,
  month: number,
): Decimal {
  const factor = Decimal.ONE.add(Decimal.from(growthPctPerMonth).mul(HUNDREDTH));
  let requests = Decimal.from(requestsPerMonth);
  for (let i = 1; i < month; i++) requests = requests.mul(factor);
  return requests;
}

/**
 * Projects one model's monthly cost over a traffic profile. Throws a {@link DataError} when a
 * segment has no token counts and none were measured, when an API model has no price, or on
 * negative traffic.
 */
export function estimateMonthlyCost(request: EstimateRequest): EstimateResult {
  const { model, traffic } = request;
  const findings: Finding[] = [];
  const segments = traffic.segments.map((segment) => segmentTokens(segment, request));
  const price = request.price;
  const isSelfHosted = model.hosting === 'self-hosted';
  if (!isSelfHosted && price === undefined) {
    throw new DataError(`No price for ${model.model}.`, { code: 'unknown-model' });
  }
  let gpu: GpuCost | undefined;
  if (isSelfHosted) {
    if (model.gpu === undefined) {
      throw new DataError(`The self-hosted model ${model.model} has no gpu section.`);
    }
    gpu = priceGpus(model.gpu, segments);
  } else if (price !== undefined) {
    priceTokens(price, segments, model.model, findings);
  }

  const exactOf = (pick: (s: SegmentExact) => Decimal) => sumDecimals(segments.map(pick));
  const exact: ExactCost = {
    inputUsd: exactOf((s) => s.inputUsd),
    cachedInputUsd: exactOf((s) => s.cachedInputUsd),
    outputUsd: exactOf((s) => s.outputUsd),
    gpuUsd: exactOf((s) => s.gpuUsd),
    totalUsd: exactOf((s) => s.inputUsd.add(s.cachedInputUsd).add(s.outputUsd).add(s.gpuUsd)),
    requests: exactOf((s) => s.requests),
  };
  const breakdown = apportion(
    [exact.inputUsd, exact.cachedInputUsd, exact.outputUsd, exact.gpuUsd],
    2,
  );
  const segmentTotals = apportion(
    segments.map((s) => s.inputUsd.add(s.cachedInputUsd).add(s.outputUsd).add(s.gpuUsd)),
    2,
  );
  const segmentCosts = segments.map((s, i): SegmentCost => {
    const target = segmentTotals.parts[i] ?? Decimal.ZERO;
    const parts = apportion([s.inputUsd, s.cachedInputUsd, s.outputUsd, s.gpuUsd], 2, {
      target,
    }).parts;
    const [inputUsd, cachedInputUsd, outputUsd, gpuUsd] = parts.map((p) => p.toNumber());
    return {
      name: s.segment.name,
      monthlyRequests: s.requests.round(0).toNumber(),
      inputTokensPerRequest: s.inputTokensPerRequest,
      outputTokensPerRequest: s.outputTokensPerRequest,
      inputUsd: inputUsd ?? 0,
      cachedInputUsd: cachedInputUsd ?? 0,
      outputUsd: outputUsd ?? 0,
      totalUsd: target.toNumber(),
      ...(isSelfHosted && { gpuUsd: gpuUsd ?? 0 }),
      baseMonthlyRequests: s.segment.requestsPerMonth,
      growthPctPerMonth: s.segment.growthPctPerMonth,
      cachedInputShare: s.cachedInputShare,
      batchShare: s.batchShare,
    };
  });
  const [inputUsd, cachedInputUsd, outputUsd, gpuUsd] = breakdown.parts.map((p) => p.toNumber());
  const perRequest = (multiplier: number) =>
    exact.requests.isZero() ? 0 : exact.totalUsd.mul(multiplier).div(exact.requests, 6).toNumber();
  const estimate: CostEstimate = {
    model: model.model,
    provider: price?.provider ?? model.provider ?? 'self-hosted',
    hosting: model.hosting,
    monthlyRequests: exact.requests.round(0).toNumber(),
    monthlyCostUsd: breakdown.total.toNumber(),
    costPer1kRequestsUsd: perRequest(1000),
    costPerRequestUsd: perRequest(1),
    breakdown: {
      inputUsd: inputUsd ?? 0,
      cachedInputUsd: cachedInputUsd ?? 0,
      outputUsd: outputUsd ?? 0,
      gpuUsd: gpuUsd ?? 0,
    },
    tokens: {
      input: exactOf((s) => s.inputTokens)
        .round(0)
        .toNumber(),
      cachedInput: exactOf((s) => s.cachedTokens)
        .round(0)
        .toNumber(),
      output: exactOf((s) => s.outputTokens)
        .round(0)
        .toNumber(),
    },
    segments: segmentCosts,
    ...(price !== undefined &&
      !isSelfHosted && {
        prices: {
          provider: price.provider,
          model: price.model,
          inputPer1M: price.inputPer1M,
          outputPer1M: price.outputPer1M,
          ...(price.cachedInputPer1M !== undefined && { cachedInputPer1M: price.cachedInputPer1M }),
          ...(price.batchDiscount !== undefined && { batchDiscount: price.batchDiscount }),
          asOf: price.asOf,
          source: price.source,
          ...(request.tableVersion !== undefined && { tableVersion: request.tableVersion }),
        },
      }),
    ...(gpu !== undefined && { gpu }),
    tokensSource: request.tokensSource,
    month: traffic.month,
  };
  return { estimate, exact, findings };
}

function segmentTokens(segment: TrafficSegment, request: EstimateRequest): SegmentExact {
  const { model, traffic, tokens } = request;
  if (segment.requestsPerMonth < 0 || !Number.isFinite(segment.requestsPerMonth)) {
    throw new DataError(
      `The traffic of segment "${segment.name}" is ${segment.requestsPerMonth} requests per month; it must be 0 or more.`,
      { code: 'negative-traffic' },
    );
  }
  const inputTokensPerRequest = segment.inputTokens ?? tokens?.inputTokens;
  const outputTokensPerRequest = segment.outputTokens ?? tokens?.outputTokens;
  if (inputTokensPerRequest === undefined || outputTokensPerRequest === undefined) {
    throw new DataError(
      `The segment "${segment.name}" has no tokens per request for ${model.model}, and none were measured.`,
      {
        code: 'no-tokens',
        hint: 'Pass an evaluation report (evaluation), avg-input-tokens and avg-output-tokens, or input-tokens and output-tokens in the traffic profile.',
      },
    );
  }
  if (inputTokensPerRequest < 0 || outputTokensPerRequest < 0) {
    throw new DataError(`Tokens per request must not be negative (segment "${segment.name}").`);
  }
  const cachedInputShare =
    segment.cachedInputShare ?? model.cachedInputShare ?? tokens?.cachedInputShare ?? 0;
  const batchShare = segment.batchShare ?? model.batchShare ?? 0;
  const requests = projectRequests(
    segment.requestsPerMonth,
    segment.growthPctPerMonth,
    traffic.month,
  );
  const inputTokens = requests.mul(inputTokensPerRequest);
  return {
    segment,
    requests,
    inputTokensPerRequest,
    outputTokensPerRequest,
    cachedInputShare,
    batchShare,
    inputTokens,
    cachedTokens: inputTokens.mul(cachedInputShare),
    outputTokens: requests.mul(outputTokensPerRequest),
    inputUsd: Decimal.ZERO,
    cachedInputUsd: Decimal.ZERO,
    outputUsd: Decimal.ZERO,
    gpuUsd: Decimal.ZERO,
  };
}

function priceTokens(
  price: PriceEntry,
  segments: SegmentExact[],
  modelName: string,
  findings: Finding[],
): void {
  const usesCache = segments.some((s) => s.cachedInputShare > 0);
  const usesBatch = segments.some((s) => s.batchShare > 0);
  if (usesCache && price.cachedInputPer1M === undefined) {
    findings.push({
      code: 'no-cached-price',
      severity: 'warning',
      subject: modelName,
      message: `No cached-input price is known for ${price.provider}/${price.model}: its cached input tokens are priced at the full input price. Add cached-input-per-1m to the pricing.`,
    });
  }
  if (usesBatch && price.batchDiscount === undefined) {
    findings.push({
      code: 'no-batch-discount',
      severity: 'warning',
      subject: modelName,
      message: `No batch discount is known for ${price.provider}/${price.model}: its batch requests are priced at the full price. Add batch-discount to the pricing.`,
    });
  }
  const cachedPrice = price.cachedInputPer1M ?? price.inputPer1M;
  for (const s of segments) {
    const multiplier = Decimal.ONE.sub(Decimal.from(s.batchShare).mul(price.batchDiscount ?? 0));
    const scale = multiplier.mul(MILLIONTH);
    s.inputUsd = s.inputTokens.sub(s.cachedTokens).mul(price.inputPer1M).mul(scale);
    s.cachedInputUsd = s.cachedTokens.mul(cachedPrice).mul(scale);
    s.outputUsd = s.outputTokens.mul(price.outputPer1M).mul(scale);
  }
}

function priceGpus(gpu: GpuConfig, segments: SegmentExact[]): GpuCost {
  const basisTokens = segments.map((s) =>
    gpu.throughputBasis === 'output' ? s.outputTokens : s.inputTokens.add(s.outputTokens),
  );
  const seconds = Decimal.from(gpu.hoursPerMonth).mul(3600);
  let instances: number;
  let derived: Partial<GpuCost> = {};
  if (gpu.count !== undefined) {
    instances = gpu.count;
  } else {
    const throughput = gpu.throughputTokensPerSecond;
    if (throughput === undefined || throughput <= 0) {
      throw new DataError('gpu needs count or a positive throughput-tokens-per-second.');
    }
    const total = sumDecimals(basisTokens);
    const needed = total.mul(gpu.peakFactor).div(seconds.mul(throughput), 0, 'ceiling').toNumber();
    instances = Math.max(gpu.minCount, needed);
    const average = total.div(seconds, 6);
    derived = {
      throughputTokensPerSecond: throughput,
      throughputBasis: gpu.throughputBasis,
      peakFactor: gpu.peakFactor,
      averageTokensPerSecond: average.round(2).toNumber(),
      peakTokensPerSecond: total.mul(gpu.peakFactor).div(seconds, 2).toNumber(),
      minCount: gpu.minCount,
    };
  }
  const gpuUsd = Decimal.from(instances).mul(gpu.hourlyUsd).mul(gpu.hoursPerMonth);
  // Exact shares would need division; the bill is split to the cent instead, and the sum of the
  // segments' exact amounts is the cent-rounded bill (exact whenever hourly-usd has ≤ 2 places).
  const shares = allocate(gpuUsd.round(2), basisTokens, 2);
  if (shares.length > 0 && !gpuUsd.round(2).sub(gpuUsd).isZero()) {
    // Keep the exact total: the remainder below a cent goes to the first segment.
    shares[0] = (shares[0] ?? Decimal.ZERO).add(gpuUsd.sub(gpuUsd.round(2)));
  }
  segments.forEach((s, i) => {
    s.gpuUsd = shares[i] ?? Decimal.ZERO;
  });
  return {
    hourlyUsd: gpu.hourlyUsd,
    instances,
    hoursPerMonth: gpu.hoursPerMonth,
    derivedFrom: gpu.count !== undefined ? 'count' : 'throughput',
    ...derived,
  };
}
