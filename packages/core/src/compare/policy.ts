import { z } from 'zod';
import { parseConfigDocument } from '../config-document';
import { DataError, InputError } from '../errors';
import type { SourceLocation } from '../errors';
import type { Direction } from '../report/envelope';
import type { AppliedRule } from '../report/regression';

/**
 * The check-regression policy file: per-metric rules, YAML.
 *
 * ```yaml
 * defaults:                # optional, for every rule below
 *   tier: fail             # warn | fail (default fail)
 * metrics:
 *   accuracy:              # a metric name, or a glob: latency_* , *_cost_usd
 *     direction: higher    # higher | lower; default: the direction the report gives
 *     min: 0.80            # absolute bounds of the candidate
 *     max-drop: 0.02       # largest allowed drop, absolute (0.02 = 2 points of a fraction)
 *     max-relative-drop: 0.05   # largest allowed drop relative to the baseline (0.05 = 5%)
 *     require-significance: true   # a drop beyond tolerance must also be significant
 *     max-slice-drop: 0.05 # the bias gate: largest drop in any slice of body.slices
 *     equivalence-margin: 0.01  # TOST: equivalent if the paired change is within ±0.01,
 *                          # absolute on the metric's scale (0.01 = 1 point of accuracy)
 *     required: true       # a missing metric fails (its own `missing` state)
 *     optional: false      # true: no error when no report has the metric
 *     tier: fail
 * ```
 * For a lower-is-better metric a "drop" is an increase. A rule whose name matches no metric of
 * either run is an error (a typo would otherwise disable a gate), unless it is `optional` or
 * `required`.
 */

const Tier = z.enum(['warn', 'fail']);

const RuleShape = z.strictObject({
  direction: z.enum(['higher', 'lower']).optional(),
  min: z.number().optional(),
  max: z.number().optional(),
  'max-drop': z.number().nonnegative().optional(),
  'max-relative-drop': z.number().nonnegative().optional(),
  tier: Tier.optional(),
  'require-significance': z.boolean().optional(),
  'max-slice-drop': z.number().nonnegative().optional(),
  'equivalence-margin': z.number().positive().optional(),
  required: z.boolean().optional(),
  optional: z.boolean().optional(),
});

const PolicyShape = z.strictObject({
  version: z.literal(1).optional(),
  defaults: z
    .strictObject({ tier: Tier.optional(), 'require-significance': z.boolean().optional() })
    .optional(),
  metrics: z.record(z.string().min(1), RuleShape),
});

/** One rule as written, with its key (a name or a glob). */
export interface RegressionRule {
  readonly pattern: string;
  readonly direction?: 'higher' | 'lower';
  readonly min?: number;
  readonly max?: number;
  readonly maxDrop?: number;
  readonly maxRelativeDrop?: number;
  readonly tier?: 'warn' | 'fail';
  readonly requireSignificance?: boolean;
  readonly maxSliceDrop?: number;
  /** The TOST margin, absolute on the metric's scale. */
  readonly equivalenceMargin?: number;
  readonly required?: boolean;
  readonly optional?: boolean;
}

export interface RegressionPolicy {
  readonly source: string;
  readonly defaultTier: 'warn' | 'fail';
  readonly defaultRequireSignificance?: boolean;
  readonly rules: readonly RegressionRule[];
}

const KNOWN_RULE_KEYS = Object.keys(RuleShape.shape);

function suggest(key: string): string {
  const kebab = key
    .replace(/_/g, '-')
    .replace(/([a-z])([A-Z])/g, '$1-$2')
    .toLowerCase();
  return KNOWN_RULE_KEYS.includes(kebab) ? ` (did you mean "${kebab}"?)` : '';
}

/**
 * Parses and validates a policy file. Throws a {@link DataError} naming the file, the line when
 * known, the rule and the fix: YAML syntax, unknown keys (with the kebab-case spelling when
 * that is what was meant), wrong types, `min` above `max`.
 */
export function parseRegressionPolicy(text: string, source: string): RegressionPolicy {
  const doc = parseConfigDocument(text, source, 'policy');
  const value = doc.value;
  const at = (path: readonly PropertyKey[]): SourceLocation => {
    const line = doc.lineOf(path);
    return line === undefined ? { file: source } : { file: source, line };
  };
  if (typeof value !== 'object' || value === null || !('metrics' in value)) {
    const keys = typeof value === 'object' && value !== null ? Object.keys(value) : [];
    throw new DataError(
      `The policy file has no \`metrics:\` mapping${keys.length > 0 ? ` (its keys: ${keys.join(', ')})` : ''}.`,
      {
        hint: 'A policy maps metric names to rules under `metrics:`, e.g. `metrics: {accuracy: {max-drop: 0.02}}`.',
        location: { file: source },
      },
    );
  }
  const result = PolicyShape.safeParse(value);
  if (!result.success) {
    const issue = result.error.issues[0];
    const path = issue?.path ?? [];
    const where =
      path[0] === 'metrics' && path.length >= 2
        ? `rule "${String(path[1])}"`
        : path.length > 0
          ? `"${path.join('.')}"`
          : 'the file';
    let what = issue?.message ?? 'invalid';
    if (issue?.code === 'unrecognized_keys') {
      what = issue.keys.map((k) => `unknown key "${k}"${suggest(k)}`).join('; ');
    } else if (path.length >= 3) {
      what = `"${String(path[2])}": ${what}`;
    }
    throw new DataError(`${where}: ${what}.`, {
      hint:
        'A policy has `metrics:` mapping metric names to rules with keys ' +
        `${KNOWN_RULE_KEYS.join(', ')}; see the check-regression README.`,
      location: at(path),
    });
  }
  const rules: RegressionRule[] = [];
  for (const [pattern, r] of Object.entries(result.data.metrics)) {
    if (r.min !== undefined && r.max !== undefined && r.min > r.max) {
      throw new DataError(`rule "${pattern}": min ${r.min} is above max ${r.max}.`, {
        hint: 'Swap the bounds or remove one.',
        location: at(['metrics', pattern, 'max']),
      });
    }
    rules.push({
      pattern,
      ...(r.direction !== undefined && { direction: r.direction }),
      ...(r.min !== undefined && { min: r.min }),
      ...(r.max !== undefined && { max: r.max }),
      ...(r['max-drop'] !== undefined && { maxDrop: r['max-drop'] }),
      ...(r['max-relative-drop'] !== undefined && { maxRelativeDrop: r['max-relative-drop'] }),
      ...(r.tier !== undefined && { tier: r.tier }),
      ...(r['require-significance'] !== undefined && {
        requireSignificance: r['require-significance'],
      }),
      ...(r['max-slice-drop'] !== undefined && { maxSliceDrop: r['max-slice-drop'] }),
      ...(r['equivalence-margin'] !== undefined && {
        equivalenceMargin: r['equivalence-margin'],
      }),
      ...(r.required !== undefined && { required: r.required }),
      ...(r.optional !== undefined && { optional: r.optional }),
    });
  }
  const defaults = result.data.defaults;
  return {
    source,
    defaultTier: defaults?.tier ?? 'fail',
    ...(defaults?.['require-significance'] !== undefined && {
      defaultRequireSignificance: defaults['require-significance'],
    }),
    rules,
  };
}

/** The seeds' shortcut inputs. Percentages are percent (15 = 15%). */
export interface RegressionShortcuts {
  /** Absolute drop of `accuracy` (0.02 = 2 points). */
  readonly maxAccuracyDrop?: number;
  /** Relative increase of every metric whose name contains `latency`. */
  readonly maxLatencyIncreasePct?: number;
  /** Relative increase of every metric whose name contains `cost`. */
  readonly maxCostIncreasePct?: number;
  /**
   * The TOST margin of the headline metric (see {@link headlineMetric}), absolute on its scale;
   * overrides the policy rule's `equivalence-margin` for that metric.
   */
  readonly equivalenceMargin?: number;
}

/** The metrics that can be the headline, in order of preference. */
export const HEADLINE_METRICS = ['accuracy', 'pass_rate', 'mean_score', 'mae'] as const;

/**
 * The metric the `equivalence-margin` input applies to: the first of {@link HEADLINE_METRICS}
 * that either run reports (accuracy for a classifier, the pass rate for an LLM eval, MAE for a
 * regression), or undefined.
 */
export function headlineMetric(names: Iterable<string>): string | undefined {
  const set = new Set(names);
  return HEADLINE_METRICS.find((m) => set.has(m));
}

/** A rule resolved for one metric; `requireSignificance` undefined means "when a test exists". */
export interface ResolvedRule extends Omit<AppliedRule, 'requireSignificance'> {
  readonly requireSignificance: boolean | undefined;
  readonly optional: boolean;
}

function globToRegExp(glob: string): RegExp {
  const body = glob
    .replace(/[.+^${}()|[\]\\]/g, '\\$&')
    .replace(/\*/g, '.*')
    .replace(/\?/g, '.');
  return new RegExp(`^${body}$`);
}

const isGlob = (pattern: string): boolean => /[*?]/.test(pattern);

/**
 * The rule of every metric: the policy rule whose key is the metric's name, else the first glob
 * rule (in file order) that matches it; then the shortcut inputs, which override the same fields
 * of the policy rule (inputs are the per-run choice). A metric no rule names gets the
 * informational default: warn tier, gated only by a significant drop.
 *
 * `metrics` maps every metric name of either run to the direction its report states.
 * Throws an {@link InputError} when a non-optional, non-required rule names no metric of either
 * run, and when a rule or shortcut needs a direction the metric does not have.
 */
export function resolveRules(
  metrics: ReadonlyMap<string, Direction>,
  policy: RegressionPolicy | undefined,
  shortcuts: RegressionShortcuts,
): { rules: Map<string, ResolvedRule>; notes: string[] } {
  const notes: string[] = [];
  const rules = new Map<string, ResolvedRule>();
  const names = [...metrics.keys()];
  const policyRules = policy?.rules ?? [];
  for (const rule of policyRules) {
    const matched = isGlob(rule.pattern)
      ? names.some((n) => globToRegExp(rule.pattern).test(n))
      : metrics.has(rule.pattern);
    if (matched) continue;
    if (rule.optional || rule.required) {
      if (rule.optional)
        notes.push(`Policy rule "${rule.pattern}" matched no metric; it is optional.`);
      continue;
    }
    const known = names.slice(0, 20).join(', ');
    throw new InputError(
      `${policy?.source ?? 'policy'}: rule "${rule.pattern}" names no metric of the candidate or the baseline (known: ${known}).`,
      {
        hint: 'Fix the metric name, or add `optional: true` to the rule if the metric is not always reported.',
      },
    );
  }
  // Required metrics that neither run has still get a rule (and a `missing` row).
  const allNames = [...names];
  for (const rule of policyRules) {
    if (rule.required && !isGlob(rule.pattern) && !metrics.has(rule.pattern))
      allNames.push(rule.pattern);
  }
  const headline = headlineMetric(names);
  const shortcutFor = (name: string): { fields: Partial<ResolvedRule>; sources: string[] } => {
    const fields: { maxDrop?: number; maxRelativeDrop?: number; equivalenceMargin?: number } = {};
    const sources: string[] = [];
    if (shortcuts.maxAccuracyDrop !== undefined && name === 'accuracy') {
      fields.maxDrop = shortcuts.maxAccuracyDrop;
      sources.push('input max-accuracy-drop');
    }
    if (shortcuts.maxLatencyIncreasePct !== undefined && /latency/i.test(name)) {
      fields.maxRelativeDrop = shortcuts.maxLatencyIncreasePct / 100;
      sources.push('input max-latency-increase-pct');
    }
    if (shortcuts.maxCostIncreasePct !== undefined && /cost/i.test(name)) {
      fields.maxRelativeDrop = shortcuts.maxCostIncreasePct / 100;
      sources.push('input max-cost-increase-pct');
    }
    if (shortcuts.equivalenceMargin !== undefined && name === headline) {
      fields.equivalenceMargin = shortcuts.equivalenceMargin;
      sources.push('input equivalence-margin');
    }
    return { fields, sources };
  };
  for (const name of allNames) {
    const exact = policyRules.find((r) => r.pattern === name);
    const rule =
      exact ?? policyRules.find((r) => isGlob(r.pattern) && globToRegExp(r.pattern).test(name));
    const shortcut = shortcutFor(name);
    const stated = metrics.get(name) ?? 'none';
    const direction: Direction = rule?.direction ?? stated;
    const sources = [
      ...(rule ? [`${policy?.source ?? 'policy'} (${rule.pattern})`] : []),
      ...shortcut.sources,
    ];
    // A margin alone describes the change; it does not gate it.
    const gated =
      rule !== undefined ||
      shortcut.sources.some((source) => source !== 'input equivalence-margin');
    const resolved: ResolvedRule = {
      direction,
      ...(rule?.min !== undefined && { min: rule.min }),
      ...(rule?.max !== undefined && { max: rule.max }),
      ...(rule?.maxDrop !== undefined && { maxDrop: rule.maxDrop }),
      ...(rule?.maxRelativeDrop !== undefined && { maxRelativeDrop: rule.maxRelativeDrop }),
      ...(rule?.maxSliceDrop !== undefined && { maxSliceDrop: rule.maxSliceDrop }),
      ...(rule?.equivalenceMargin !== undefined && {
        equivalenceMargin: rule.equivalenceMargin,
      }),
      ...shortcut.fields,
      tier: gated ? (rule?.tier ?? policy?.defaultTier ?? 'fail') : 'warn',
      requireSignificance: rule?.requireSignificance ?? policy?.defaultRequireSignificance,
      required: rule?.required ?? false,
      optional: rule?.optional ?? false,
      ...(!gated && { informational: true }),
      source: sources.length > 0 ? sources.join(' + ') : 'default (no rule)',
    };
    const needsDirection =
      resolved.maxDrop !== undefined ||
      resolved.maxRelativeDrop !== undefined ||
      resolved.maxSliceDrop !== undefined;
    if (needsDirection && direction === 'none') {
      throw new InputError(
        `The rule of metric "${name}" (${resolved.source}) limits its drop, but the metric has no direction.`,
        {
          hint: `Add \`direction: higher\` or \`direction: lower\` to the policy rule of "${name}".`,
        },
      );
    }
    rules.set(name, resolved);
  }
  for (const [input, value, re] of [
    ['max-accuracy-drop', shortcuts.maxAccuracyDrop, /^accuracy$/],
    ['max-latency-increase-pct', shortcuts.maxLatencyIncreasePct, /latency/i],
    ['max-cost-increase-pct', shortcuts.maxCostIncreasePct, /cost/i],
    [
      'equivalence-margin',
      shortcuts.equivalenceMargin,
      headline === undefined ? /$^/ : new RegExp(`^${headline}$`),
    ],
  ] as const) {
    if (value !== undefined && !names.some((n) => re.test(n))) {
      notes.push(`Input ${input} matched no metric of the candidate or the baseline.`);
    }
  }
  return { rules, notes };
}
