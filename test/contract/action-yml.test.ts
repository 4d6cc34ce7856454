/**
 * The contract of every action (STYLE.md): its action.yml, its `Input` constant and its README
 * tables agree. Actions are discovered at run time under `actions/`, plus the e2e fixture action,
 * so a new action is checked the moment it exists. Nothing is skipped: an action folder without
 * action.yml, inputs.ts or README.md fails.
 */
import { describe, expect, it } from '@jest/globals';
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { parse as parseYaml } from 'yaml';
import { REPO_ROOT } from '../e2e/harness';

interface ActionUnderTest {
  readonly name: string;
  readonly dir: string;
  /** What `runs.main` must be. */
  readonly main: string;
}

interface ActionYml {
  name?: unknown;
  description?: unknown;
  inputs?: Record<
    string,
    { description?: unknown; required?: unknown; default?: string | number | boolean | null } | null
  >;
  outputs?: Record<string, { description?: unknown } | null>;
  runs?: { using?: unknown; main?: unknown };
}

const actionsDir = join(REPO_ROOT, 'actions');
const published: ActionUnderTest[] = existsSync(actionsDir)
  ? readdirSync(actionsDir)
      .filter((name) => statSync(join(actionsDir, name)).isDirectory())
      .sort()
      .map((name) => ({
        name,
        dir: join(actionsDir, name),
        main: `../../dist/${name}/index.js`,
      }))
  : [];
const fixture: ActionUnderTest = {
  name: 'fixture-action (test/fixture-action)',
  dir: join(REPO_ROOT, 'test', 'fixture-action'),
  main: 'dist/index.js',
};
const all = [...published, fixture];

function readActionYml(dir: string): ActionYml {
  return parseYaml(readFileSync(join(dir, 'action.yml'), 'utf8')) as ActionYml;
}

/**
 * The rows of the table under the README heading that matches `heading` (e.g. "Inputs"), as
 * first-column backticked name → the rest of the row. Undefined when there is no such heading.
 */
function tableRows(readme: string, heading: RegExp): Map<string, string> | undefined {
  const lines = readme.split(/\r?\n/);
  const start = lines.findIndex(
    (l) => /^#{1,6}\s/.test(l) && heading.test(l.replace(/^#+\s*/, '')),
  );
  if (start < 0) return undefined;
  const rows = new Map<string, string>();
  for (const line of lines.slice(start + 1)) {
    if (/^#{1,6}\s/.test(line)) break;
    const row = /^\|\s*`([^`]+)`\s*\|(.*)$/.exec(line);
    if (row) rows.set(row[1]!, row[2]!);
  }
  return rows;
}

const tableNames = (readme: string, heading: RegExp): string[] | undefined => {
  const rows = tableRows(readme, heading);
  return rows && [...rows.keys()];
};

const sorted = (names: Iterable<string>): string[] => [...names].sort();

describe('action contracts', () => {
  it('covers every folder under actions/ and the fixture action', () => {
    // With no published action yet, the fixture action alone is checked; say so in the count.
    expect(all.length).toBe(published.length + 1);
    expect(existsSync(join(fixture.dir, 'action.yml'))).toBe(true);
  });

  describe.each(all)('$name', (action) => {
    it('has action.yml, README.md and src/inputs.ts', () => {
      for (const file of ['action.yml', 'README.md', join('src', 'inputs.ts')]) {
        expect({ file, exists: existsSync(join(action.dir, file)) }).toEqual({
          file,
          exists: true,
        });
      }
    });

    it('runs on node24 from its bundle', () => {
      const yml = readActionYml(action.dir);
      expect(yml.runs?.using).toBe('node24');
      expect(yml.runs?.main).toBe(action.main);
      expect(typeof yml.name).toBe('string');
      expect(typeof yml.description).toBe('string');
    });

    it('describes every input and output', () => {
      const yml = readActionYml(action.dir);
      const undocumented = [
        ...Object.entries(yml.inputs ?? {}).map(([n, v]) => ['input', n, v?.description] as const),
        ...Object.entries(yml.outputs ?? {}).map(
          ([n, v]) => ['output', n, v?.description] as const,
        ),
      ]
        .filter(([, , description]) => typeof description !== 'string' || description.trim() === '')
        .map(([kind, name]) => `${kind} ${name}`);
      expect(undocumented).toEqual([]);
    });

    it('uses kebab-case input and output names', () => {
      const yml = readActionYml(action.dir);
      const names = [...Object.keys(yml.inputs ?? {}), ...Object.keys(yml.outputs ?? {})];
      expect(names.filter((n) => !/^[a-z][a-z0-9]*(-[a-z0-9]+)*$/.test(n))).toEqual([]);
    });

    it('declares exactly the inputs of its Input constant (and Output, when exported)', async () => {
      const yml = readActionYml(action.dir);
      const mod = (await import(pathToFileURL(join(action.dir, 'src', 'inputs.ts')).href)) as {
        Input?: Record<string, string>;
        Output?: Record<string, string>;
      };
      expect(mod.Input).toBeDefined();
      expect(sorted(Object.values(mod.Input!))).toEqual(sorted(Object.keys(yml.inputs ?? {})));
      if (mod.Output !== undefined) {
        expect(sorted(Object.values(mod.Output))).toEqual(sorted(Object.keys(yml.outputs ?? {})));
      }
    });

    it('lists the same inputs and outputs in its README tables', () => {
      const yml = readActionYml(action.dir);
      const readme = readFileSync(join(action.dir, 'README.md'), 'utf8');
      const inputs = Object.keys(yml.inputs ?? {});
      const outputs = Object.keys(yml.outputs ?? {});
      const readmeInputs = tableNames(readme, /^inputs\b/i);
      const readmeOutputs = tableNames(readme, /^outputs\b/i);
      if (inputs.length > 0 || readmeInputs !== undefined) {
        expect({ inputs: sorted(readmeInputs ?? ['<no "## Inputs" table>']) }).toEqual({
          inputs: sorted(inputs),
        });
      }
      if (outputs.length > 0 || readmeOutputs !== undefined) {
        expect({ outputs: sorted(readmeOutputs ?? ['<no "## Outputs" table>']) }).toEqual({
          outputs: sorted(outputs),
        });
      }
    });

    it('shows each input default in the README as in action.yml', () => {
      const yml = readActionYml(action.dir);
      const readme = readFileSync(join(action.dir, 'README.md'), 'utf8');
      const rows = tableRows(readme, /^inputs\b/i) ?? new Map<string, string>();
      const missing = Object.entries(yml.inputs ?? {})
        .filter(
          ([, v]) => v?.default !== undefined && v.default !== null && String(v.default) !== '',
        )
        .filter(([name, v]) => !(rows.get(name) ?? '').includes(String(v!.default)))
        .map(([name, v]) => `${name} (default ${String(v!.default)})`);
      expect(missing).toEqual([]);
    });
  });
});
