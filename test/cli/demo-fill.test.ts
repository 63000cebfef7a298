import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { cli } from '../support/cli-harness.js';

interface StatusTable {
  table: string;
  phase: number;
  critical: boolean;
  expected: number;
  present: number;
  missing: string[] | number;
}
interface FailureGroup {
  processor: string;
  phase: string;
  openDates: string[];
  resolvedDates: string[];
}

describe('backfill-bot demo fill', () => {
  let dir: string;
  let path: string;
  let env: Record<string, string>;

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'backfill-demo-fill-'));
    path = join(dir, 'demo.duckdb');
    env = { BACKFILL_DUCKDB_PATH: path, BACKFILL_NOW: '2026-11-23' };
    const init = await cli(['demo', 'init', '--scale', '0.1', '--as-of', '2026-11-23'], env);
    expect(init.code, init.stderr).toBe(0);
  }, 120_000);
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  const critical = async (season: string, phase: number) => {
    const run = await cli(['status', season, '--json'], env);
    expect(run.code, run.stderr).toBe(0);
    return (JSON.parse(run.stdout).tables as StatusTable[]).filter((t) => t.phase === phase && t.critical);
  };
  const failures = async (season: string, runHistoryPhase: string) => {
    const run = await cli(['failures', season, '--json'], env);
    expect(run.code, run.stderr).toBe(0);
    return (JSON.parse(run.stdout).groups as FailureGroup[]).filter((g) => g.phase === runHistoryPhase);
  };

  /** Fills, then checks the phase's critical tables are complete and its open failures resolved. */
  const fillAndCheck = async (season: string, phase: number, runHistoryPhase: string) => {
    const before = await critical(season, phase);
    expect(before.some((t) => t.present < t.expected)).toBe(true);
    const openBefore = (await failures(season, runHistoryPhase)).flatMap((g) =>
      g.openDates.map((d) => `${g.processor} ${d}`),
    );

    const fill = await cli(['demo', 'fill', season, String(phase)], env);
    expect(fill.code, fill.stderr).toBe(0);
    expect(fill.stdout.trim().split('\n')).toHaveLength(1);
    expect(fill.stdout).toMatch(new RegExp(`^Filled [1-9]\\d* dates in season ${season} of .* \\+[1-9]`));

    for (const table of await critical(season, phase))
      expect(table.present, table.table).toBe(table.expected);
    const after = await failures(season, runHistoryPhase);
    expect(after.flatMap((g) => g.openDates)).toEqual([]);
    const resolved = new Set(after.flatMap((g) => g.resolvedDates.map((d) => `${g.processor} ${d}`)));
    for (const pair of openBefore) expect(resolved.has(pair), pair).toBe(true);
    return openBefore;
  };

  it('fills the missing Phase 3 dates of 2021-22 and adds nothing the second time', async () => {
    await fillAndCheck('2021-22', 3, 'phase_3_analytics');
    const again = await cli(['demo', 'fill', '2021-22', '3'], env);
    expect(again.code, again.stderr).toBe(0);
    expect(again.stdout).toMatch(/^Filled 0 dates in season 2021-22 .*; 0 success runs recorded\n$/);
    expect(again.stdout).not.toMatch(/\+[1-9]/);
  }, 120_000);

  it('resolves the open Phase 4 failures of the dates it fills', async () => {
    const openBefore = await fillAndCheck('2022-23', 4, 'phase_4_precompute');
    expect(openBefore.length).toBeGreaterThan(0);
  }, 120_000);

  it('refuses an unknown phase or table with the valid names', async () => {
    const run = await cli(['demo', 'fill', '2021-22', 'phase9'], env);
    expect(run.code).toBe(2);
    expect(run.stderr).toContain('unknown phase or table "phase9"');
    expect(run.stderr).toContain('3 (analytics)');
    expect(run.stderr).toContain('player_game_summary');
    const missing = await cli(['demo', 'fill', '2021-22'], env);
    expect(missing.code).toBe(2);
    expect(missing.stderr).toContain('demo fill needs a phase or table after the range');
    const range = await cli(['demo', 'fill', '2021-13', '3'], env);
    expect(range.code).toBe(2);
    expect(range.stderr).toContain('Accepted ranges:');
  });

  it('refuses a file locked by another process, naming it and saying to stop npm start', async () => {
    const holder = spawn(
      process.execPath,
      [
        '-e',
        `import('@duckdb/node-api').then(async (d) => { await d.DuckDBInstance.create(${JSON.stringify(path)}); console.log('ready'); setInterval(() => {}, 1000); })`,
      ],
      { stdio: ['ignore', 'pipe', 'inherit'] },
    );
    await new Promise<void>((resolve) => holder.stdout?.once('data', () => resolve()));
    try {
      const before = readFileSync(path);
      const run = await cli(['demo', 'fill', '2022-23', '3'], env);
      expect(run.code).toBe(1);
      expect(run.stderr).toContain(
        `DuckDB warehouse ${path} is locked by another process (PID ${holder.pid})`,
      );
      expect(run.stderr).toContain('stop `npm start` first');
      expect(readFileSync(path).equals(before)).toBe(true);
    } finally {
      holder.kill();
      await new Promise((resolve) => holder.once('exit', resolve));
    }
  });
});
