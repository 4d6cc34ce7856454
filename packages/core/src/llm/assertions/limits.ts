import type { Check } from './types';

/** `max-length`: the output has at most `maxChars` characters (Unicode code points). */
export function maxLengthCheck(maxChars: number): Check {
  return ({ output }) => {
    const length = Array.from(output).length;
    const pass = length <= maxChars;
    return { pass, score: pass ? 1 : 0, reason: `${length} characters (max ${maxChars})` };
  };
}

/**
 * `max-latency-ms`: the request took at most `maxMs`. A cache hit is judged on the latency
 * recorded when it was cached. No latency known is an error, never a pass.
 */
export function maxLatencyCheck(maxMs: number): Check {
  return ({ latencyMs }) => {
    if (latencyMs === undefined) {
      return { pass: false, score: 0, error: true, reason: 'no latency was recorded' };
    }
    const pass = latencyMs <= maxMs;
    return { pass, score: pass ? 1 : 0, reason: `${Math.round(latencyMs)} ms (max ${maxMs} ms)` };
  };
}

/**
 * `max-cost-usd`: the request cost at most `maxUsd`. An unknown cost (no price for the model) is
 * an error, never a pass.
 */
export function maxCostCheck(maxUsd: number): Check {
  return ({ costUsd }) => {
    if (costUsd === undefined) {
      return {
        pass: false,
        score: 0,
        error: true,
        reason: 'the cost is unknown: the model has no price in the price table',
      };
    }
    const pass = costUsd <= maxUsd;
    return { pass, score: pass ? 1 : 0, reason: `$${costUsd.toPrecision(3)} (max $${maxUsd})` };
  };
}
