import type { ValidateFunction } from 'ajv';
import { containsCheck, containsSetCheck, startsWithCheck } from './contains';
import { equalsCheck, NORMALIZE_STEPS } from './equals';
import type { NormalizeStep } from './equals';
import { compileJsonSchema, isJsonCheck } from './is-json';
import { levenshteinCheck } from './levenshtein';
import { maxCostCheck, maxLatencyCheck, maxLengthCheck } from './limits';
import { llmRubricCheck } from './llm-rubric';
import { pairwiseCheck } from './pairwise';
import { compileRegex, regexCheck } from './regex';
import { rougeLCheck } from './rouge-l';
import { assertionError, describeSource, parseAssertionType } from './spec';
import type { AssertionSpec, SpecSource } from './spec';
import { tokenF1Check } from './token-f1';
import type {
  AssertionContext,
  AssertionResult,
  BaseAssertionType,
  Check,
  CompiledAssertion,
} from './types';
import { renderTemplate, stringifyCell } from '../template';
import type { TemplateRow } from '../template';

/** The default pass threshold of each assertion that gives a score rather than pass/fail. */
export const DEFAULT_ASSERTION_THRESHOLDS: Partial<Record<BaseAssertionType, number>> = {
  'token-f1': 0.75,
  'rouge-l': 0.75,
  levenshtein: 0.8,
  'llm-rubric': 0.5,
  pairwise: 0.5,
};

/** The assertion types that call the judge model. */
export const JUDGE_TYPES: ReadonlySet<BaseAssertionType> = new Set(['llm-rubric', 'pairwise']);

/** What the run offers the assertions, checked when they are compiled. */
export interface CompileOptions {
  /** A judge model is configured (`judge-model`). */
  readonly hasJudge: boolean;
}

class SpecProblem extends Error {}

/**
 * Compiles assertions for one case: renders `{{field}}` placeholders in their values from the
 * row, checks each value's shape, and compiles regexes and JSON Schemas (cached across cases).
 * Throws a {@link DataError} naming the file, the case and the assertion for any configuration
 * problem (an invalid regex, a missing value, a threshold on a pass/fail type, an llm-rubric
 * without a judge), so that it is found before any request is sent.
 */
export class AssertionCompiler {
  private readonly regexes = new Map<string, RegExp | { error: string }>();
  private readonly schemas = new Map<string, ValidateFunction | { error: string }>();

  constructor(private readonly options: CompileOptions) {}

  compile(
    specs: readonly AssertionSpec[],
    row: TemplateRow,
    source: SpecSource,
  ): CompiledAssertion[] {
    return specs.map((spec, index) => {
      const parsed = parseAssertionType(spec.type);
      if (parsed === undefined) {
        throw assertionError(
          source,
          `${describeSource(source, index)} has an unknown type "${spec.type}".`,
        );
      }
      const where = describeSource(source, index, spec.type);
      let check: Check;
      try {
        check = this.check(parsed.base, spec, row, source, where);
      } catch (err) {
        if (err instanceof SpecProblem) throw assertionError(source, `${where}: ${err.message}`);
        throw err;
      }
      const weight = spec.weight ?? 1;
      return {
        type: spec.type,
        base: parsed.base,
        negate: parsed.negate,
        weight,
        evaluate: async (ctx: AssertionContext): Promise<AssertionResult> => {
          const outcome = await check(ctx);
          if (outcome.error) return { ...outcome, pass: false, type: spec.type, weight };
          if (!parsed.negate) return { ...outcome, type: spec.type, weight };
          return {
            pass: !outcome.pass,
            score: 1 - outcome.score,
            reason: `not: ${outcome.reason}`,
            type: spec.type,
            weight,
          };
        },
      };
    });
  }

  private check(
    base: BaseAssertionType,
    spec: AssertionSpec,
    row: TemplateRow,
    source: SpecSource,
    where: string,
  ): Check {
    const defaultThreshold = DEFAULT_ASSERTION_THRESHOLDS[base];
    if (defaultThreshold === undefined && spec.threshold !== undefined) {
      throw new SpecProblem(
        `a threshold applies only to scored types (${Object.keys(DEFAULT_ASSERTION_THRESHOLDS).join(', ')}).`,
      );
    }
    if (spec.normalize !== undefined && base !== 'equals') {
      throw new SpecProblem('`normalize` applies only to equals.');
    }
    if (spec.flags !== undefined && base !== 'regex') {
      throw new SpecProblem('`flags` applies only to regex.');
    }
    if (spec.maxDistance !== undefined && base !== 'levenshtein') {
      throw new SpecProblem('`maxDistance` applies only to levenshtein.');
    }
    if (JUDGE_TYPES.has(base) && !this.options.hasJudge) {
      throw new SpecProblem('it needs a judge model: set the `judge-model` input.');
    }
    const threshold = spec.threshold ?? defaultThreshold ?? 1;
    const site = {
      caseId: source.caseId ?? '(all cases)',
      what: where,
      file: source.file,
      ...(source.line !== undefined && { line: source.line }),
    };
    const text = (): string => {
      if (spec.value === undefined || spec.value === null)
        throw new SpecProblem('it needs a `value`.');
      if (typeof spec.value === 'object') throw new SpecProblem('its `value` must be a string.');
      return renderTemplate(stringifyCell(spec.value), row, site);
    };
    const list = (what: string): string[] => {
      const raw = spec.value;
      let items: string[];
      if (Array.isArray(raw)) {
        items = raw.map((item) => renderTemplate(stringifyCell(item), row, site));
      } else if (typeof raw === 'string' && /^\s*\{\{[^{}]*\}\}\s*$/.test(raw)) {
        // One placeholder: a column holding a list (e.g. SQuAD's several answers) gives a list.
        const field = raw.trim().slice(2, -2).trim();
        const cell = row[field];
        items = Array.isArray(cell) ? cell.map(stringifyCell) : [renderTemplate(raw, row, site)];
      } else if (typeof raw === 'string' || typeof raw === 'number') {
        items = [renderTemplate(String(raw), row, site)];
      } else {
        throw new SpecProblem(`its \`value\` must be ${what}.`);
      }
      if (items.length === 0) throw new SpecProblem(`its \`value\` must be ${what}, not empty.`);
      return items;
    };
    const positive = (what: string): number => {
      const n = typeof spec.value === 'number' ? spec.value : Number(text());
      if (!Number.isFinite(n) || n < 0) throw new SpecProblem(`its \`value\` must be ${what}.`);
      return n;
    };

    switch (base) {
      case 'equals': {
        const steps: NormalizeStep[] =
          spec.normalize === true
            ? [...NORMALIZE_STEPS]
            : spec.normalize === false
              ? []
              : (spec.normalize ?? []);
        return equalsCheck(text(), new Set(steps));
      }
      case 'contains':
      case 'icontains':
        return containsCheck(text(), base === 'icontains');
      case 'contains-any':
      case 'contains-all':
      case 'icontains-any':
      case 'icontains-all': {
        const needles =
          typeof spec.value === 'string' && !spec.value.includes('{{')
            ? spec.value
                .split(',')
                .map((s) => s.trim())
                .filter((s) => s !== '')
            : list('a list of strings');
        if (needles.length === 0) throw new SpecProblem('its `value` must be a non-empty list.');
        return containsSetCheck(
          needles,
          base.endsWith('-any') ? 'any' : 'all',
          base.startsWith('i'),
        );
      }
      case 'starts-with':
        return startsWithCheck(text());
      case 'regex': {
        const pattern = text();
        const key = `${spec.flags ?? ''}/${pattern}`;
        let re = this.regexes.get(key);
        if (re === undefined) {
          re = compileRegex(pattern, spec.flags ?? '');
          this.regexes.set(key, re);
        }
        if (!(re instanceof RegExp))
          throw new SpecProblem(`invalid regular expression: ${re.error}`);
        return regexCheck(re);
      }
      case 'is-json': {
        if (spec.value === undefined || spec.value === null) return isJsonCheck(undefined);
        if (typeof spec.value !== 'object' || Array.isArray(spec.value)) {
          throw new SpecProblem('its `value`, when set, must be a JSON Schema object.');
        }
        const key = JSON.stringify(spec.value);
        let validate = this.schemas.get(key);
        if (validate === undefined) {
          validate = compileJsonSchema(spec.value);
          this.schemas.set(key, validate);
        }
        if ('error' in validate) throw new SpecProblem(`invalid JSON Schema: ${validate.error}`);
        return isJsonCheck(validate);
      }
      case 'token-f1':
        return tokenF1Check(list('a reference string or a list of them'), threshold);
      case 'rouge-l':
        return rougeLCheck(list('a reference string or a list of them'), threshold);
      case 'levenshtein':
        return levenshteinCheck(
          list('a reference string or a list of them'),
          threshold,
          spec.maxDistance,
        );
      case 'max-length': {
        const n = positive('a whole number of characters');
        if (!Number.isInteger(n))
          throw new SpecProblem('its `value` must be a whole number of characters.');
        return maxLengthCheck(n);
      }
      case 'max-latency-ms':
        return maxLatencyCheck(positive('a number of milliseconds'));
      case 'max-cost-usd':
        return maxCostCheck(positive('a cost in USD'));
      case 'llm-rubric':
        return llmRubricCheck(text(), threshold);
      case 'pairwise':
        return pairwiseCheck(spec.value === undefined ? undefined : text(), threshold);
    }
  }
}
