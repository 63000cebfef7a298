import { execFileSync } from 'node:child_process';
import { copyFileSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';

export const lockfileAdvice = 'run `npm install` and commit package-lock.json';

/**
 * Whether a clean `npm install` in `dir` would rewrite package-lock.json. npm resolves the lock
 * again in a scratch copy (lock only, no scripts, no node_modules), so the check touches neither
 * the tree nor the network when the lock already satisfies package.json, and compares the bytes:
 * a changed root version or a stale range shows up too, not only added or removed packages.
 */
export function lockfileDrift(dir: string): string | undefined {
  const scratch = mkdtempSync(join(tmpdir(), 'backfill-lockfile-'));
  try {
    for (const file of ['package.json', 'package-lock.json'])
      copyFileSync(join(dir, file), join(scratch, file));
    execFileSync(
      'npm',
      ['install', '--package-lock-only', '--ignore-scripts', '--no-audit', '--no-fund', '--loglevel=error'],
      { cwd: scratch, stdio: ['ignore', 'ignore', 'pipe'] },
    );
    const committed = readFileSync(join(dir, 'package-lock.json'), 'utf8').split('\n');
    const resolved = readFileSync(join(scratch, 'package-lock.json'), 'utf8').split('\n');
    const line = resolved.findIndex((text, i) => text !== committed[i]);
    if (line === -1 && resolved.length === committed.length) return undefined;
    const at = line === -1 ? Math.min(resolved.length, committed.length) : line;
    return (
      `package-lock.json is out of date with package.json: npm install would change it from line ${at + 1} ` +
      `(${JSON.stringify(committed[at] ?? '')} -> ${JSON.stringify(resolved[at] ?? '')}); ${lockfileAdvice}.`
    );
  } finally {
    rmSync(scratch, { recursive: true, force: true });
  }
}

if (import.meta.url === pathToFileURL(resolve(process.argv[1] ?? '')).href) {
  const drift = lockfileDrift(process.cwd());
  if (drift) {
    process.stderr.write(`${drift}\n`);
    process.exitCode = 1;
  } else process.stdout.write('package-lock.json is up to date\n');
}
