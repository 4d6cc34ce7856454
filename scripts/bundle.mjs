// Bundles each action with ncc into dist/<name>/, and the e2e fixture action into its own dist.
// Usage: node scripts/bundle.mjs [name ...]   (default: all)
import { execFileSync } from 'node:child_process';
import { existsSync, readdirSync, renameSync, rmSync } from 'node:fs';
import { join } from 'node:path';

const root = new URL('..', import.meta.url).pathname;
const targets = [];
for (const name of readdirSync(join(root, 'actions')).sort()) {
  const entry = join(root, 'actions', name, 'src', 'index.ts');
  if (existsSync(entry)) targets.push({ name, entry, out: join(root, 'dist', name) });
}
const fixture = join(root, 'test', 'fixture-action', 'src', 'index.ts');
if (existsSync(fixture)) {
  targets.push({
    name: 'fixture-action',
    entry: fixture,
    out: join(root, 'test', 'fixture-action', 'dist'),
  });
}

const wanted = process.argv.slice(2);
const ncc = join(root, 'node_modules', '.bin', 'ncc');
for (const target of targets) {
  if (wanted.length > 0 && !wanted.includes(target.name)) continue;
  rmSync(target.out, { recursive: true, force: true });
  execFileSync(
    ncc,
    [
      'build',
      target.entry,
      '-o',
      target.out,
      '--license',
      'licenses.txt',
      '--target',
      'es2022',
      '--quiet',
      // ncc's persistent cache (~/.cache/ncc/<sha1 of the folder>) can outlive the code it was
      // built from: a folder reused by another checkout then got a licenses.txt without the
      // packages whose modules came from the cache. Building without it gives the same bytes
      // on every machine, which the dist freshness check in .ci/run relies on.
      '--no-cache',
    ],
    { stdio: 'inherit', cwd: root },
  );
  process.stdout.write(`bundled ${target.name} -> ${target.out.slice(root.length)}\n`);
}
