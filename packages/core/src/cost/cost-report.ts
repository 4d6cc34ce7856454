import { compareCosts, statusOf } from './compare';
import type { CostGates } from './compare';
import { formatDeltaPct, formatDeltaUsd, formatUsd } from './format';
import type {
  CostBody,
  CostEstimate,
  CostReport,
  Finding,
  InputFingerprint,
  Metric,
  Provenance,
} from '../report/index';
import { schemaId } from '../report/index';

/** How the report rounds money, as the report states it. */
export const COST_ROUNDING =
  'Exact decimal arithmetic; totals rounded to the cent half to even; parts apportioned by largest remainder so they add up to the total shown; per-request figures to 6 places.';

export interface CostReportRequest {
  readonly candidate: CostEstimate;
  readonly baseline?: CostEstimate;
  readonly baselineSource?: CostBody['baselineSource'];
  readonly gates: CostGates;
  /** Findings from the estimates and the action (assumptions, notices). */
  readonly findings?: readonly Finding[];
  readonly provenance: Provenance;
  readonly inputs: readonly InputFingerprint[];
}

const usd = (value: number | null, description: string): Metric => ({
  value,
  unit: 'usd',
  direction: 'lower',
  description,
});

/**
 * A `modelgate/cost@1` report: the candidate's estimate, the baseline's, the delta, the gates'
 * findings (after the given ones) and the status (fail on an error finding, warn on a warning).
 */
export function buildCostReport(request: CostReportRequest): CostReport {
  const { candidate, baseline, gates } = request;
  const comparison = compareCosts(candidate, baseline, gates);
  const findings = [...(request.findings ?? []), ...comparison.findings];
  const status = statusOf(findings);
  const metrics: Record<string, Metric> = {
    monthly_cost_usd: usd(candidate.monthlyCostUsd, 'Projected monthly inference cost.'),
    cost_per_1k_requests_usd: usd(candidate.costPer1kRequestsUsd, 'Cost per 1,000 requests.'),
    monthly_requests: {
      value: candidate.monthlyRequests,
      unit: 'count',
      direction: 'none',
      description: 'Requests in the projected month.',
    },
  };
  if (baseline !== undefined) {
    metrics.baseline_monthly_cost_usd = usd(
      baseline.monthlyCostUsd,
      'The baseline model, same traffic.',
    );
    metrics.delta_usd = usd(comparison.deltaUsd, 'Candidate minus baseline, per month.');
    metrics.delta_pct = {
      value: comparison.deltaPct,
      unit: 'pct',
      direction: 'lower',
      description: 'The change in monthly cost over the baseline, in percent.',
    };
  }
  const body: CostBody = {
    currency: 'USD',
    candidate,
    ...(baseline !== undefined && { baseline }),
    ...(request.baselineSource !== undefined &&
      baseline !== undefined && { baselineSource: request.baselineSource }),
    deltaUsd: comparison.deltaUsd,
    deltaPct: comparison.deltaPct,
    gates: {
      ...(gates.maxCostIncreasePct !== undefined && {
        maxCostIncreasePct: gates.maxCostIncreasePct,
      }),
      ...(gates.monthlyBudgetUsd !== undefined && { monthlyBudgetUsd: gates.monthlyBudgetUsd }),
    },
    rounding: COST_ROUNDING,
  };
  return {
    schema: schemaId('cost'),
    status,
    summary: summaryLine(candidate, baseline, comparison.deltaUsd, comparison.deltaPct, status),
    provenance: request.provenance,
    inputs: [...request.inputs],
    metrics,
    findings,
    body,
  };
}

function summaryLine(
  candidate: CostEstimate,
  baseline: CostEstimate | undefined,
  deltaUsd: number | null,
  deltaPct: number | null,
  status: string,
): string {
  const cost = `${candidate.model}: ${formatUsd(candidate.monthlyCostUsd)}/month`;
  if (baseline === undefined || deltaUsd === null) return `${cost} (${status})`;
  const pct = deltaPct === null ? '' : `, ${formatDeltaPct(deltaPct)}`;
  return `${cost} (${formatDeltaUsd(deltaUsd)}${pct} vs ${baseline.model}) (${status})`;
}
