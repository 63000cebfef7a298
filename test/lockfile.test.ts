import { copyFileSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { lockfileAdvice, lockfileDrift } from '../scripts/check-lockfile.js';

const root = join(import.meta.dirname, '..');
const dirs: string[] = [];
afterEach(() => {
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
});

/** A copy of the project's package.json and lock, with package.json edited by `edit`. */
function project(edit: (pkg: Record<string, unknown>) => void): string {
  const dir = mkdtempSync(join(tmpdir(), 'backfill-lockfile-test-'));
  dirs.push(dir);
  copyFileSync(join(root, 'package-lock.json'), join(dir, 'package-lock.json'));
  const pkg = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8'));
  edit(pkg);
  writeFileSync(join(dir, 'package.json'), `${JSON.stringify(pkg, null, 2)}\n`);
  return dir;
}

describe('package-lock.json', () => {
  // If this fails: run `npm install` and commit package-lock.json.
  it('is what a clean npm install resolves, so installing never modifies it', () => {
    expect(lockfileDrift(root)).toBeUndefined();
  }, 30_000);

  it('is reported stale, with what to do, when package.json moved on without it', () => {
    let version = '';
    const dir = project((pkg) => {
      version = String(pkg.version);
      pkg.version = `${version}-next`;
    });
    expect(lockfileDrift(dir)).toBe(
      'package-lock.json is out of date with package.json: npm install would change it from line 3 ' +
        `("  \\"version\\": \\"${version}\\"," -> "  \\"version\\": \\"${version}-next\\","); ${lockfileAdvice}.`,
    );
  }, 30_000);
});
