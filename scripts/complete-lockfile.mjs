// Records, in package-lock.json, the platform-specific optional packages that this machine's registry does
// not serve (for example @swc/core-darwin-arm64). npm leaves them out of the lock when it cannot fetch their
// metadata, and `npm ci` then refuses the lock as out of sync. Each entry carries the os/cpu it is for, so
// npm skips it on every other platform without fetching anything. Run after `npm install` changes the lock.
import { readFileSync, writeFileSync } from 'node:fs';

const CPUS = ['arm64', 'x64', 'ia32', 'arm', 'ppc64', 's390x', 'loong64', 'riscv64'];
const OSES = ['darwin', 'linux', 'win32', 'freebsd', 'android', 'openharmony'];

const lockPath = new URL('../package-lock.json', import.meta.url);
const lock = JSON.parse(readFileSync(lockPath, 'utf8'));
const added = [];
for (const [location, entry] of Object.entries(lock.packages)) {
  for (const [name, version] of Object.entries(entry.optionalDependencies ?? {})) {
    const key = `node_modules/${name}`;
    if (lock.packages[key] || lock.packages[`${location}/node_modules/${name}`]) continue;
    const parts = name.split('/').pop().split('-');
    const os = parts.find((p) => OSES.includes(p));
    const cpu = parts.find((p) => CPUS.includes(p));
    if (!os || !cpu) throw new Error(`cannot tell the platform of missing optional package ${name}`);
    const libc = parts.some((p) => p.startsWith('musl'))
      ? ['musl']
      : parts.includes('gnu') || parts.some((p) => p.startsWith('gnueabi'))
        ? ['glibc']
        : undefined;
    lock.packages[key] = {
      version,
      ...(entry.dev ? { dev: true } : {}),
      optional: true,
      os: [os],
      cpu: [cpu],
      ...(libc ? { libc } : {}),
    };
    added.push(`${name}@${version}`);
  }
}
lock.packages = Object.fromEntries(
  Object.entries(lock.packages).sort(([a], [b]) => (a === '' ? -1 : b === '' ? 1 : a.localeCompare(b))),
);
writeFileSync(lockPath, `${JSON.stringify(lock, null, 2)}\n`);
console.log(
  added.length ? `added ${added.length} platform entries: ${added.join(', ')}` : 'lock file already complete',
);
