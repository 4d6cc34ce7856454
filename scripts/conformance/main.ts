/**
 * `npm run conformance [-- --root <dir>]`: reads every action.yml, workflow and documentation
 * snippet of the repository with GitHub's own parsers and prints one `file:line:col message` line
 * per problem, then what it read and skipped. Exits 1 when there is a problem.
 *
 * The repository's GitHub name (to tell `<owner>/<name>/actions/x@v1` from a third-party action)
 * is the `name` of `<root>/package.json`.
 */
import { existsSync, readFileSync } from 'node:fs';
import { register } from 'node:module';
import { join, resolve } from 'node:path';

function fail(message: string): never {
  console.error(message);
  process.exit(1);
}

function parseArgs(argv: readonly string[]): { root: string } {
  let root = join(import.meta.dirname, '..', '..');
  for (let i = 0; i < argv.length; i++) {
    if (argv[i] === '--root' && argv[i + 1] !== undefined) root = resolve(argv[++i]!);
    else fail(`conformance: unknown argument '${argv[i]}'; usage: conformance [--root <dir>]`);
  }
  return { root };
}

const { root } = parseArgs(process.argv.slice(2));
const manifest = join(root, 'package.json');
if (!existsSync(manifest)) {
  fail(`conformance: ${manifest} is missing; --root must be a repository root with a package.json`);
}
const repoName = (JSON.parse(readFileSync(manifest, 'utf8')) as { name?: unknown }).name;
if (typeof repoName !== 'string' || repoName === '') {
  fail(`${manifest}: "name" must be the repository's name on GitHub (e.g. "modelgate")`);
}

// GitHub's parsers import JSON without import attributes; see json-modules.mjs. The check is
// loaded only after the hook is in place.
register('./json-modules.mjs', import.meta.url);
const { runConformance } = await import('./check.js');
const result = await runConformance(root, repoName);

for (const f of result.findings) console.log(`${f.file}:${f.line}:${f.col} ${f.message}`);
const { actions, workflows, snippets } = result.checked;
console.log(
  `checked ${actions} action.yml, ${workflows} workflows, ${snippets} documentation and example yaml blocks ` +
    `(${result.skippedBlocks.length} skipped: not a workflow or steps)`,
);
if (result.skippedBlocks.length > 0) {
  console.log(`skipped: ${result.skippedBlocks.map((b) => `${b.file}:${b.line}`).join(', ')}`);
}
console.log(
  `uses: ${result.ownUses} steps of this repository's actions resolved to their action.yml, ` +
    `${result.skippedUses} third-party actions and reusable workflows skipped (not resolvable offline)`,
);
console.log(
  result.findings.length === 0
    ? 'conformance: no problems'
    : `conformance: ${result.findings.length} problem${result.findings.length === 1 ? '' : 's'}`,
);
process.exitCode = result.findings.length === 0 ? 0 : 1;
