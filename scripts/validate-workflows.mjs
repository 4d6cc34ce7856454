#!/usr/bin/env node
/**
 * Validates every workflow (`.github/workflows/*.yml`) and every action metadata file
 * (`actions/*\/action.yml`) with @action-validator/cli (offline; the JSON schemas of
 * SchemaStore). Files may be given as arguments instead. Exits 1 when any file is invalid.
 *
 * One adjustment: @action-validator 0.6.0's action schema predates the `node24` runtime (its
 * `runs.using` enum is node12/node16/node20), which GitHub runners have run since 2025. An
 * action.yml that says `using: node24` is validated as `node20`, everything else as it is.
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync, mkdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('..', import.meta.url));
const cli = join(root, 'node_modules', '@action-validator', 'cli', 'cli.mjs');

function defaultFiles() {
  const workflows = join(root, '.github', 'workflows');
  const actions = join(root, 'actions');
  return [
    ...readdirSync(workflows)
      .filter((f) => /\.ya?ml$/.test(f))
      .map((f) => join(workflows, f)),
    ...readdirSync(actions, { withFileTypes: true })
      .filter((d) => d.isDirectory())
      .map((d) => join(actions, d.name, 'action.yml')),
  ].sort();
}

const files = process.argv.length > 2 ? process.argv.slice(2) : defaultFiles();
const scratch = mkdtempSync(join(tmpdir(), 'validate-workflows-'));
let failed = 0;
try {
  files.forEach((file, i) => {
    let target = file;
    const name = basename(file);
    if (name === 'action.yml' || name === 'action.yaml') {
      const text = readFileSync(file, 'utf8');
      const adjusted = text.replace(/^(\s*using:\s*['"]?)node24(['"]?\s*(#.*)?)$/m, '$1node20$2');
      if (adjusted !== text) {
        // The CLI tells an action from a workflow by the file name, so keep it.
        mkdirSync(join(scratch, String(i)));
        target = join(scratch, String(i), name);
        writeFileSync(target, adjusted);
      }
    }
    const result = spawnSync(process.execPath, [cli, target], { encoding: 'utf8' });
    const shown = relative(root, file) || file;
    if (result.status === 0) {
      console.log(`ok      ${shown}`);
    } else {
      failed += 1;
      console.log(`INVALID ${shown}`);
      console.log((result.stderr || result.stdout).trim().replaceAll(target, shown));
    }
  });
} finally {
  rmSync(scratch, { recursive: true, force: true });
}
console.log(`${files.length - failed} of ${files.length} valid`);
process.exitCode = failed === 0 ? 0 : 1;
