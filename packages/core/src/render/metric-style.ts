/**
 * How a metric's numbers read: which {@link NumberStyle} its values and changes take (a
 * fraction as a percent and its changes in points, a latency in ms or s, money in dollars), and
 * the words of a comparison's change, interval and rule. Pure.
 */
import { isFractionMetric } from '../report/bounded-metrics';
import type { AppliedRule, MetricComparison } from '../report/regression';
import { MINUS, formatNumber } from './number-format';
import type { NumberFormatOptions, NumberStyle } from './number-format';

/** The kind of number a metric is, which decides its styles. */
export type MetricKind = 'fraction' | 'latency' | 'usd' | 'count' | 'plain';

/** The metric's unit as a report states it, when one does. */
export type UnitLookup = (metric: string) => string | undefined;

/** The kind of the metric `name` with the stated `unit` (or none): by unit first, then name. */
export function metricKind(name: string, unit: string | undefined): MetricKind {
  switch (unit) {
    case 'ms':
      return 'latency';
    case 'usd':
      return 'usd';
    case 'count':
    case 'tokens':
      return 'count';
    case 'fraction':
      return isFractionMetric(name) ? 'fraction' : 'plain';
    case undefined:
      break;
    default:
      return 'plain';
  }
  if (isFractionMetric(name) || /(^|_)(f1|precision|recall|rate|auc)(_|$)/i.test(name)) {
    return 'fraction';
  }
  if (/(_|\b)ms$/i.test(name) || /latency/i.test(name)) return 'latency';
  if (/usd|cost/i.test(name)) return 'usd';
  return 'plain';
}

const VALUE_STYLE: Readonly<Record<MetricKind, NumberStyle>> = {
  fraction: 'percent',
  latency: 'latency',
  usd: 'usd',
  count: 'count',
  plain: 'plain',
};

/** The style of the metric's absolute changes: points for fractions, else the value's own. */
export function changeStyle(kind: MetricKind): NumberStyle {
  return kind === 'fraction' ? 'points' : VALUE_STYLE[kind];
}

/** A value of a metric of `kind`, e.g. `87.1%`, `182 ms`, `$0.42`; `—` for null. */
export function formatMetricValue(
  value: number | null | undefined,
  kind: MetricKind,
  options: NumberFormatOptions = {},
): string {
  return formatNumber(value, VALUE_STYLE[kind], options);
}

/** A signed change of a metric of `kind`, e.g. `−2.2 points`, `+22.3 ms`. */
export function formatMetricChange(
  delta: number | null | undefined,
  kind: MetricKind,
  options: NumberFormatOptions = {},
): string {
  return formatNumber(delta, changeStyle(kind), { ...options, signed: true });
}

/** The precision hint of a comparison: its interval's half-width, else its example count. */
export function precisionOf(c: MetricComparison): NumberFormatOptions {
  if (c.ci) return { halfWidth: Math.abs(c.ci.upper - c.ci.lower) / 2 };
  return c.n === undefined ? {} : { n: c.n };
}

/**
 * A comparison's change in words: the absolute change, and the relative one for a metric that
 * is not a fraction, e.g. `−2.2 points`, `+22.3 ms (+13.9%)`.
 */
export function comparisonChange(c: MetricComparison, kind: MetricKind): string {
  if (c.delta === null) return '—';
  const abs = formatMetricChange(c.delta, kind, precisionOf(c));
  if (kind === 'fraction' || c.relativeDelta === null || !Number.isFinite(c.relativeDelta)) {
    return abs;
  }
  return `${abs} (${formatNumber(c.relativeDelta, 'ratio')})`;
}

/** The change in the unit its rule is written in: relative when the rule is, else absolute. */
export function changeAgainstRule(c: MetricComparison, kind: MetricKind): string {
  if (c.rule.maxRelativeDrop !== undefined && c.relativeDelta !== null) {
    return formatNumber(c.relativeDelta, 'ratio');
  }
  return c.delta === null ? '—' : formatMetricChange(c.delta, kind, precisionOf(c));
}

/** A change's interval, e.g. `95% CI −3.7 to −0.7 points`; empty without one. */
export function comparisonInterval(c: MetricComparison, kind: MetricKind): string {
  if (!c.ci) return '';
  const style = changeStyle(kind);
  const options = { ...precisionOf(c), signed: true };
  const unit = style === 'points' ? ' points' : '';
  const strip = (s: string): string => (unit === '' ? s : s.replace(/ points?$/, ''));
  return `${Math.round(c.ci.level * 100)}% CI ${strip(formatNumber(c.ci.lower, style, options))} to ${strip(formatNumber(c.ci.upper, style, options))}${unit}`;
}

/**
 * A limit or margin on a change, unsigned, as written (no more digits than it has): `2 points`,
 * `0.5 points`, `20 ms`.
 */
export function formatLimit(limit: number, kind: MetricKind): string {
  const abs = Math.abs(limit);
  if (kind !== 'fraction') return formatMetricValue(abs, kind);
  const text = formatNumber(abs * 100, 'plain');
  return `${text} ${text === '1' ? 'point' : 'points'}`;
}

/**
 * The limits of a rule in words, the worse way signed, e.g. `max −2 points`, `max +15%`,
 * `min 85.0%`; empty for a rule without limits (informational, or significance only).
 */
export function ruleLimits(
  rule: Pick<
    AppliedRule,
    'direction' | 'maxDrop' | 'maxRelativeDrop' | 'min' | 'max' | 'maxSliceDrop'
  >,
  kind: MetricKind,
): string {
  const worse = rule.direction === 'lower' ? '+' : MINUS;
  const parts: string[] = [];
  if (rule.maxDrop !== undefined) parts.push(`max ${worse}${formatLimit(rule.maxDrop, kind)}`);
  if (rule.maxRelativeDrop !== undefined) {
    parts.push(`max ${worse}${formatNumber(Math.abs(rule.maxRelativeDrop), 'ratio').slice(1)}`);
  }
  if (rule.min !== undefined) parts.push(`min ${formatMetricValue(rule.min, kind)}`);
  if (rule.max !== undefined) parts.push(`max ${formatMetricValue(rule.max, kind)}`);
  if (rule.maxSliceDrop !== undefined) {
    parts.push(`max ${worse}${formatLimit(rule.maxSliceDrop, kind)} in a slice`);
  }
  return parts.join(', ');
}

/** Whether a comparison is held to a rule of its own (not only shown). */
export function isGated(c: MetricComparison): boolean {
  return c.rule.informational !== true;
}

/** The direction of a change in words and arrow, e.g. `▲ better`, `▼ worse`, `= same`. */
export function changeDirection(c: MetricComparison): string {
  if (c.delta === null || c.delta === 0) {
    return c.state === 'missing' ? 'missing' : c.state === 'new' ? 'new' : '= same';
  }
  const better = c.rule.direction === 'lower' ? c.delta < 0 : c.delta > 0;
  const arrow = c.delta > 0 ? '▲' : '▼';
  const noise = c.state === 'noise' || c.state === 'unchanged' ? ', within noise' : '';
  return `${arrow} ${better ? 'better' : 'worse'}${noise}`;
}
