/**
 * Every step that uses one of the repository's actions (`./actions/<name>` or
 * `<owner>/modelgate/actions/<name>@ref`), in the workflows and in the README's YAML snippets,
 * passes only inputs that the action's action.yml declares, and every required input.
 */
import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from '@jest/globals';
import { parse as parseYaml, parseAllDocuments } from 'yaml';

const ROOT = join(import.meta.dirname, '..', '..');
const ACTIONS = readdirSync(join(ROOT, 'actions'));

interface ActionSpec {
  inputs?: Record<string, { required?: boolean; default?: unknown } | null>;
}
const specs = new Map(
  ACTIONS.map((name) => [
    name,
    parseYaml(readFileSync(join(ROOT, 'actions', name, 'action.yml'), 'utf8')) as ActionSpec,
  ]),
);

interface Step {
  uses?: string;
  with?: Record<string, unknown>;
}
interface UsedStep {
  readonly source: string;
  readonly action: string;
  readonly keys: string[];
}

/** The steps of a workflow (or of a snippet holding `jobs:` or a `steps:` list) that use our actions. */
function usedSteps(doc: unknown, source: string): UsedStep[] {
  const out: UsedStep[] = [];
  const visit = (node: unknown): void => {
    if (Array.isArray(node)) node.forEach(visit);
    else if (node && typeof node === 'object') {
      const step = node as Step;
      const match =
        typeof step.uses === 'string'
          ? /(?:^\.\/|\/modelgate\/)actions\/([a-z-]+)/.exec(step.uses)
          : null;
      if (match) out.push({ source, action: match[1]!, keys: Object.keys(step.with ?? {}) });
      Object.values(node).forEach(visit);
    }
  };
  visit(doc);
  return out;
}

const workflowDir = join(ROOT, '.github', 'workflows');
const workflowSteps = readdirSync(workflowDir)
  .filter((f) => f.endsWith('.yml'))
  .flatMap((f) =>
    usedSteps(parseYaml(readFileSync(join(workflowDir, f), 'utf8')), `.github/workflows/${f}`),
  );

/** The YAML code blocks of a markdown file. */
function yamlBlocks(markdown: string): string[] {
  return [...markdown.matchAll(/```ya?ml\n([\s\S]*?)```/g)].map((m) => m[1]!);
}
const readmeSteps = ['README.md', ...ACTIONS.map((a) => `actions/${a}/README.md`)].flatMap((file) =>
  yamlBlocks(readFileSync(join(ROOT, file), 'utf8')).flatMap((block, i) =>
    parseAllDocuments(block).flatMap((d) => usedSteps(d.toJS(), `${file} (yaml block ${i + 1})`)),
  ),
);

describe('uses of the actions', () => {
  it('finds the steps it checks', () => {
    expect(new Set(workflowSteps.map((s) => s.action))).toEqual(new Set(ACTIONS));
    expect(readmeSteps.filter((s) => s.source.startsWith('README.md')).length).toBeGreaterThan(4);
  });

  it.each([...workflowSteps, ...readmeSteps].map((s) => [s.source, s.action, s] as const))(
    '%s: %s passes only declared inputs',
    (_source, action, step) => {
      const spec = specs.get(action);
      expect(spec).toBeDefined();
      const declared = Object.keys(spec!.inputs ?? {});
      expect(step.keys.filter((k) => !declared.includes(k))).toEqual([]);
      const required = Object.entries(spec!.inputs ?? {})
        .filter(([, v]) => v?.required === true && v.default === undefined)
        .map(([k]) => k);
      expect(required.filter((k) => !step.keys.includes(k))).toEqual([]);
    },
  );
});
