// Completes package-lock.json with the entries of optional platform packages that npm left out.
//
// Some registries (mirrors that carry only one platform's binaries, like the one this project is
// developed against) answer 404 for the other platforms' optional packages, e.g. the
// `@unrs/resolver-binding-*` builds of jest's resolver. npm then writes a lock without them, and
// `npm ci` refuses that lock as out of sync on every machine. This adds each missing optional
// dependency that names its platform, tagged with that os/cpu/libc, so `npm ci` skips it on
// other platforms and still checks the rest. Run it after `npm install` changes the lock:
//
//   node scripts/complete-lock.mjs
import { readFileSync, writeFileSync } from 'node:fs';

const PLATFORM = /^@unrs\/resolver-binding-([a-z0-9]+)-([a-z0-9]+)(?:-([a-z]+))?$/;
const path = new URL('../package-lock.json', import.meta.url);
const lock = JSON.parse(readFileSync(path, 'utf8'));
const packages = lock.packages;
const added = [];
for (const entry of Object.values(packages)) {
  for (const [dep, version] of Object.entries(entry.optionalDependencies ?? {})) {
    const where = `node_modules/${dep}`;
    const match = PLATFORM.exec(dep);
    if (packages[where] || !match) continue;
    const [, os, cpu, abi] = match;
    const libc = abi?.startsWith('gnu')
      ? ['glibc']
      : abi?.startsWith('musl')
        ? ['musl']
        : undefined;
    packages[where] = {
      version,
      cpu: [cpu],
      ...(entry.dev === true && { dev: true }),
      ...(libc && { libc }),
      license: 'MIT',
      optional: true,
      os: [os],
    };
    added.push(dep);
  }
}
// npm orders the entries by localeCompare in English; keep that order so the diff stays small.
lock.packages = Object.fromEntries(
  Object.entries(packages).sort(([a], [b]) => a.localeCompare(b, 'en')),
);
writeFileSync(path, `${JSON.stringify(lock, null, 2)}\n`);
process.stdout.write(`complete-lock: added ${added.length} platform entries\n`);
