/**
 * The repository's own actions as workflows use them: a step's `uses:` of `./<path>` or
 * `<owner>/<repo>/<path>@<ref>` (with <repo> this repository) resolved to `<path>/action.yml` on
 * disk, its `with:` checked against the declared inputs, and its `steps.<id>.outputs.<name>`
 * references against the declared outputs.
 *
 * Why not the language service's `actionsMetadataProvider`: it skips `./` references
 * (`parseActionReference` returns undefined for them, and our workflows use `./actions/<name>`),
 * and it leaves `steps.<id>.outputs` open ("outputs are dynamic"). One resolution here covers
 * both forms and the outputs, on the template GitHub's parser produced.
 */
import { Lexer, Parser } from '@actions/expressions';
import type { Expr } from '@actions/expressions';
import { isBasicExpression, isMapping, isSequence, isString } from '@actions/workflow-parser';
import type { ActionTemplate } from '@actions/workflow-parser/actions/index';
import { splitAllowedContext } from '@actions/workflow-parser/templates/allowed-context';
import type { MappingToken } from '@actions/workflow-parser/templates/tokens/mapping-token';
import { TemplateToken } from '@actions/workflow-parser/templates/tokens/template-token';
import type { Position } from './sources.js';

/** A problem at a position of the parsed text (not yet mapped to the user's file). */
export interface RawFinding {
  readonly at: Position;
  readonly message: string;
}

/** What the step checks counted. */
export interface UsesCount {
  /** Steps that use one of the repository's actions, resolved to its action.yml. */
  readonly ours: number;
  /** Steps that use an action this check cannot read offline (third-party, docker://). */
  readonly skipped: number;
}

/**
 * Resolves a `uses:` value to the repository's action template, if it names one.
 * `undefined`: not ours (third-party). `'missing'`: ours, but no action.yml there.
 * `'unreadable'`: ours, but its action.yml does not parse (reported on its own).
 */
export type ResolveAction = (uses: string) => ActionTemplate | 'missing' | 'unreadable' | undefined;

const startOf = (token: TemplateToken): Position => ({
  line: token.range?.start.line ?? 1,
  col: token.range?.start.column ?? 1,
});

function pairs(mapping: MappingToken): Map<string, { key: TemplateToken; value: TemplateToken }> {
  const out = new Map<string, { key: TemplateToken; value: TemplateToken }>();
  for (const { key, value } of mapping) out.set(key.toString(), { key, value });
  return out;
}

/** `a.b['c'].d` as ['a', 'b', 'c', 'd'], or undefined when a part is computed. */
function accessPath(expr: Expr): string[] | undefined {
  const node = expr as unknown as {
    name?: { lexeme: string };
    expr?: Expr;
    index?: { literal?: { coerceString(): string } };
  };
  if (node.name && node.expr === undefined) return [node.name.lexeme];
  if (node.expr && node.index?.literal) {
    const head = accessPath(node.expr);
    return head ? [...head, node.index.literal.coerceString()] : undefined;
  }
  return undefined;
}

/** Every access path in an expression tree. */
function accessPaths(expr: Expr): string[][] {
  const out: string[][] = [];
  const visit = (node: unknown): void => {
    if (!node || typeof node !== 'object') return;
    const path = accessPath(node as Expr);
    if (path && path.length > 1) out.push(path);
    for (const child of Object.values(node as Record<string, unknown>)) {
      if (Array.isArray(child)) child.forEach(visit);
      else if (child && typeof child === 'object' && ('accept' in child || 'expr' in child)) {
        visit(child);
      }
    }
  };
  visit(expr);
  return out;
}

/** Where `text` first appears inside the token's range of `source`, else the token's start. */
function locate(source: string, token: TemplateToken, text: string): Position {
  const lines = source.split('\n');
  const start = token.range?.start ?? { line: 1, column: 1 };
  const end = token.range?.end ?? start;
  for (let line = start.line; line <= end.line && line <= lines.length; line++) {
    const from = line === start.line ? start.column - 1 : 0;
    const col = lines[line - 1]!.indexOf(text, from);
    if (col >= 0) return { line, col: col + 1 };
  }
  return { line: start.line, col: start.column };
}

/** The `steps.<id>.outputs.<name>` references of every expression under `token`. */
function outputReferences(
  token: TemplateToken,
): { id: string; output: string; token: TemplateToken }[] {
  const refs: { id: string; output: string; token: TemplateToken }[] = [];
  for (const [parent, node, key] of TemplateToken.traverse(token)) {
    const holder = key ?? parent ?? node;
    const allowed = holder.definitionInfo?.allowedContext ?? [];
    const expressions: { text: string; token: TemplateToken }[] = [];
    if (isBasicExpression(node)) {
      for (const e of node.originalExpressions ?? [node]) {
        expressions.push({ text: e.expression, token: e });
      }
    } else if (isString(node) && /^(job|step)-if$/.test(node.definition?.key ?? '')) {
      expressions.push({ text: node.value, token: node });
    }
    for (const { text, token: at } of expressions) {
      let expr: Expr;
      try {
        const { namedContexts, functions } = splitAllowedContext(allowed);
        expr = new Parser(new Lexer(text).lex().tokens, namedContexts, functions).parse();
      } catch {
        continue; // GitHub's parser reports an expression that does not parse
      }
      for (const path of accessPaths(expr)) {
        if (path[0] === 'steps' && path[2] === 'outputs' && path[1] && path[3]) {
          refs.push({ id: path[1], output: path[3], token: at });
        }
      }
    }
  }
  return refs;
}

/**
 * Checks every step of every job in a parsed workflow (`root`, the token tree of `source`) that
 * uses one of the repository's actions: each `with:` key is a declared input, each required input
 * without a default is given, and each `steps.<id>.outputs.<name>` in the job that names such a
 * step is a declared output. Positions are in `source`.
 */
export function checkOwnActionUses(
  root: TemplateToken,
  source: string,
  resolve: ResolveAction,
): { findings: RawFinding[]; count: UsesCount } {
  const findings: RawFinding[] = [];
  let ours = 0;
  let skipped = 0;
  if (!isMapping(root)) return { findings, count: { ours, skipped } };
  const jobs = pairs(root).get('jobs')?.value;
  if (!jobs || !isMapping(jobs)) return { findings, count: { ours, skipped } };

  for (const { value: job } of jobs) {
    if (!isMapping(job)) continue;
    const steps = pairs(job).get('steps')?.value;
    if (!steps || !isSequence(steps)) continue;
    const byId = new Map<string, { uses: string; action: ActionTemplate }>();
    for (const step of steps) {
      if (!isMapping(step)) continue;
      const fields = pairs(step);
      const uses = fields.get('uses')?.value;
      if (!uses || !isString(uses)) continue;
      const action = resolve(uses.value);
      if (action === undefined) {
        skipped++;
        continue;
      }
      if (action === 'unreadable') {
        ours++;
        continue;
      }
      if (action === 'missing') {
        findings.push({
          at: startOf(uses),
          message: `'${uses.value}' names an action of this repository that has no action.yml`,
        });
        continue;
      }
      ours++;
      const id = fields.get('id')?.value;
      if (id && isString(id)) byId.set(id.value, { uses: uses.value, action });

      const declared = new Set((action.inputs ?? []).map((i) => i.id));
      const withToken = fields.get('with');
      const given = new Set<string>();
      if (withToken && isMapping(withToken.value)) {
        for (const { key } of withToken.value) {
          const name = key.toString();
          given.add(name);
          if (!declared.has(name)) {
            findings.push({
              at: startOf(key),
              message: `'${uses.value}' has no input '${name}'; its inputs are: ${[...declared].join(', ')}`,
            });
          }
        }
      }
      const missing = (action.inputs ?? [])
        .filter((i) => i.required === true && i.default === undefined && !given.has(i.id))
        .map((i) => i.id);
      if (missing.length > 0) {
        findings.push({
          at: startOf(withToken?.key ?? uses),
          message: `'${uses.value}' requires input${missing.length > 1 ? 's' : ''} ${missing.map((m) => `'${m}'`).join(', ')}; add ${missing.length > 1 ? 'them' : 'it'} under with:`,
        });
      }
    }

    for (const ref of outputReferences(job)) {
      const step = byId.get(ref.id);
      if (!step) continue;
      const outputs = (step.action.outputs ?? []).map((o) => o.id);
      if (!outputs.includes(ref.output)) {
        findings.push({
          at: locate(source, ref.token, `steps.${ref.id}.outputs.${ref.output}`),
          message: `steps.${ref.id}.outputs.${ref.output}: step '${ref.id}' (${step.uses}) has no output '${ref.output}'; its outputs are: ${outputs.join(', ')}`,
        });
      }
    }
  }
  return { findings, count: { ours, skipped } };
}
