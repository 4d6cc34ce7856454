import type { ColumnDrift } from '../report/data-validation';

/** One phrase for a drift result, e.g. `ks p = 0.0003 < 0.05` or `wasserstein 0.31 ≥ 0.1`. */
export function driftDisplay(d: ColumnDrift): string {
  if (d.pValue !== null) {
    return `${d.method} p = ${num(d.pValue)} ${d.drifted ? '<' : '≥'} ${d.threshold}`;
  }
  const stat = d.statistic === null ? 'n/a' : num(d.statistic);
  return `${d.method} ${stat} ${d.drifted ? '≥' : '<'} ${d.threshold}`;
}

function num(x: number): string {
  if (x === 0) return '0';
  const abs = Math.abs(x);
  return abs < 0.001 || abs >= 1e6 ? x.toExponential(2) : String(Number(x.toPrecision(3)));
}
