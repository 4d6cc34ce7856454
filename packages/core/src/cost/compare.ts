import { Decimal } from './decimal';
import { formatDeltaPct, formatUsd } from './format';
import type { CostEstimate, Finding, ReportStatus } from '../report/index';

/** The cost gates; each is off when undefined. */
export interface CostGates {
  /** Fail when the candidate costs more than this many percent above the baseline. */
  readonly maxCostIncreasePct?: number;
  /** Fail when the candidate's monthly cost is above this. */
  readonly monthlyBudgetUsd?: number;
}

export interface CostComparison {
  /** Candidate minus baseline, from the cent totals; null without a baseline. */
  readonly deltaUsd: number | null;
  /** deltaUsd / baseline × 100, rounded half-even to 2 places; null without one or at $0. */
  readonly deltaPct: number | null;
  readonly findings: Finding[];
}

/**
 * The delta of the candidate over the baseline and the gates' findings. The delta is computed
 * from the cent totals shown, so that `candidate − baseline = delta` holds in the report; the
 * increase gate compares that exact ratio (not its rounded display) with the limit. A gate that
 * needs a baseline and has none gives a warning; a baseline at $0 with a candidate above it is
 * an unbounded increase, which fails the increase gate.
 */
export function compareCosts(
  candidate: CostEstimate,
  baseline: CostEstimate | undefined,
  gates: CostGates,
): CostComparison {
  const findings: Finding[] = [];
  const cost = Decimal.from(candidate.monthlyCostUsd);
  if (gates.monthlyBudgetUsd !== undefined && cost.cmp(gates.monthlyBudgetUsd) > 0) {
    findings.push({
      code: 'over-budget',
      severity: 'error',
      subject: candidate.model,
      message: `${candidate.model} would cost ${formatUsd(candidate.monthlyCostUsd)} a month, over the budget of ${formatUsd(gates.monthlyBudgetUsd)} (monthly-budget-usd).`,
    });
  }
  if (baseline === undefined) {
    if (gates.maxCostIncreasePct !== undefined) {
      findings.push({
        code: 'no-baseline',
        severity: 'warning',
        message:
          'max-cost-increase-pct is set but there is no baseline to compare with: pass baseline-model, baseline-config, baseline-report or baseline-artifact.',
      });
    }
    return { deltaUsd: null, deltaPct: null, findings };
  }
  const base = Decimal.from(baseline.monthlyCostUsd);
  const delta = cost.sub(base);
  const deltaPct = base.isZero() ? null : delta.mul(100).div(base, 2).toNumber();
  const limit = gates.maxCostIncreasePct;
  if (limit !== undefined && delta.cmp(0) > 0) {
    const over = base.isZero() || delta.mul(100).cmp(base.mul(limit)) > 0;
    if (over) {
      const by = deltaPct === null ? 'from $0' : `by ${formatDeltaPct(deltaPct)}`;
      findings.push({
        code: 'cost-increase',
        severity: 'error',
        subject: candidate.model,
        message: `The monthly cost rises ${by} (${formatUsd(baseline.monthlyCostUsd)} → ${formatUsd(candidate.monthlyCostUsd)}), over the limit of ${limit}% (max-cost-increase-pct).`,
      });
    }
  }
  return { deltaUsd: delta.toNumber(), deltaPct, findings };
}

/** fail when a finding is an error, warn when one is a warning, else pass. */
export function statusOf(findings: readonly Finding[]): ReportStatus {
  if (findings.some((f) => f.severity === 'error')) return 'fail';
  if (findings.some((f) => f.severity === 'warning')) return 'warn';
  return 'pass';
}
