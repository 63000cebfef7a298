import { execFileSync, spawn } from 'node:child_process';
import { copyFileSync, existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { cli } from '../support/cli-harness.js';
import { catalog } from '../support/ports.js';
import { buildTinyWarehouse } from '../support/tiny-warehouse.js';

const FINAL = ['2023-10-24', '2023-10-31', '2023-11-01', '2023-11-02'];

describe('the backfill-bot CLI', () => {
  let path: string;
  let cleanup: () => void;
  let env: Record<string, string>;

  beforeAll(async () => {
    const world = await buildTinyWarehouse(catalog, {
      finalDates: FINAL,
      present: Object.fromEntries(catalog.tables.filter((t) => t.phase === 2).map((t) => [t.table, FINAL])),
      runs: [
        {
          processor: 'PlayerGameSummaryProcessor',
          phase: 'phase_3_analytics',
          date: '2023-11-01',
          status: 'failed',
          startedAt: '2023-11-02 07:00:00',
          errors: 'ValueError: bad row 17',
        },
      ],
    });
    path = world.path;
    cleanup = world.cleanup;
    env = { BACKFILL_DUCKDB_PATH: path, BACKFILL_NOW: '2023-11-05' };
  });
  afterAll(() => cleanup());

  it('prints status with a text bar per phase and table, and a verdict', async () => {
    const run = await cli(['status', '2023-10-24..2023-11-02'], env);
    expect(run.code).toBe(0);
    // The verdict comes first, right under the header, then the table.
    expect(run.stdout.split('\n').slice(0, 3)).toEqual([
      'Backfill status · 2023-10-24..2023-11-02',
      'Phase 2 complete · Phase 3 not started: 4 dates expected · Phases 4, 5 wait on it · optional low:',
      '  upcoming_team_game_context 0%',
    ]);
    expect(run.stdout).toMatch(/Phase 2 raw\s+\[=+\] 100\.0%\s+4\/4/);
    expect(run.stdout).toMatch(/ {2}player_game_summary\s+\[-+\]\s+0\.0%\s+0\/4/);
    expect(run.stdout).toContain('1 bootstrap day excluded: 2023-10-24');
    expect(run.stdout).toContain('Next: backfill-bot gaps 2023-10-24..2023-11-02');
  });

  it('colours only a terminal, and never with NO_COLOR or --no-color', async () => {
    const words = ['status', '2023-10-24..2023-11-02'];
    // biome-ignore lint/suspicious/noControlCharactersInRegex: ANSI escape codes
    const ansi = /\x1b\[/;
    expect((await cli(words, env, { tty: true })).stdout).toMatch(ansi);
    expect((await cli(words, env)).stdout).not.toMatch(ansi);
    expect((await cli(words, { ...env, NO_COLOR: '1' }, { tty: true })).stdout).not.toMatch(ansi);
    expect((await cli([...words, '--no-color'], env, { tty: true })).stdout).not.toMatch(ansi);
  });

  it('keeps every line within 100 columns, and within COLUMNS when the terminal is narrower', async () => {
    const widest = (text: string) => Math.max(...text.split('\n').map((line) => line.length));
    for (const words of [
      ['help'],
      ['status', '2023-10-24..2023-11-02'],
      ['plan', '2023-11-01', '2023-11-02'],
    ]) {
      expect(widest((await cli(words, env)).stdout), words.join(' ')).toBeLessThanOrEqual(100);
      expect(
        widest((await cli(words, { ...env, COLUMNS: '80' })).stdout),
        words.join(' '),
      ).toBeLessThanOrEqual(80);
    }
    // Help puts each form of a command on its own line: no line breaks inside an example.
    const help = (await cli(['help'], env)).stdout.split('\n');
    for (const line of help.filter((l) => l.includes('e.g.'))) {
      expect(line).toMatch(/e\.g\. backfill-bot [a-z]+.*\S$/);
    }
    expect(help.some((l) => /^ {2}\S/.test(l) && l.includes('backfill-bot') && !l.includes('e.g.'))).toBe(
      false,
    );
  });

  it('prints the documented JSON shape with --json', async () => {
    const run = await cli(['status', '2023-10-24..2023-11-02', '--json'], env);
    expect(run.code).toBe(0);
    const data = JSON.parse(run.stdout);
    expect(Object.keys(data)).toEqual(expect.arrayContaining(['range', 'expected', 'verdict', 'tables']));
    expect(Object.keys(data.tables[0]).sort()).toEqual(
      [
        'bootstrap',
        'critical',
        'dataset',
        'dateColumn',
        'expected',
        'expectedPartial',
        'missing',
        'pct',
        'phase',
        'present',
        'table',
      ].sort(),
    );
    const failures = JSON.parse((await cli(['failures', '2023-11-01', '--json'], env)).stdout);
    expect(Object.keys(failures.groups[0])).toEqual(
      expect.arrayContaining([
        'processor',
        'phase',
        'class',
        'signature',
        'runs',
        'openDates',
        'resolvedDates',
        'errorPreview',
      ]),
    );
    const quality = JSON.parse((await cli(['quality', '2023-11-01', '--json'], env)).stdout);
    expect(quality.tables[0]).toMatchObject({
      table: 'team_defense_zone_analysis',
      counts: { good: 0, ok: 0, degraded: 0, poor: 0 },
    });
  });

  it('explains what status would scan per table instead of running it', async () => {
    const run = await cli(['status', '2023-10-24..2023-11-02', '--explain', '--json'], env);
    expect(run.code).toBe(0);
    const data = JSON.parse(run.stdout);
    expect(data).toMatchObject({
      command: 'status',
      dryRun: false,
      range: { start: '2023-10-24', end: '2023-11-02' },
    });
    // The schedule (4 final games: date + status, 8 bytes each) and one row per present date in Phase 2 (4 bytes).
    expect(data.tables[0]).toEqual({ table: 'nba_raw.nbac_schedule', path: 'date-scan', bytes: 32 });
    expect(data.tables.find((t: { table: string }) => t.table === 'nba_raw.nbac_team_boxscore')).toEqual({
      table: 'nba_raw.nbac_team_boxscore',
      path: 'date-scan',
      bytes: 16,
    });
    const plan = await cli(['plan', '2023-10-24', '2023-11-02', '--explain'], env);
    expect(plan.code).toBe(2);
    expect(plan.stderr).toContain('--explain is not available for plan');
  });

  it('refuses a bad range with exit code 2 and the accepted forms', async () => {
    for (const range of ['2024-02-30', '2019-20', '2024-11-14..2024-11-08', '2000-01-01..2020-01-01']) {
      const run = await cli(['status', range], env);
      expect(run.code, range).toBe(2);
      expect(run.stderr, range).toMatch(/^error: .*Accepted ranges:/s);
      expect(run.stdout).toBe('');
    }
  });

  it('refuses an unknown table naming the closest table', async () => {
    const run = await cli(['gaps', '2023-11-01', 'player_game_sumary'], env);
    expect(run.code).toBe(2);
    expect(run.stderr).toBe(
      'error: unknown phase or table "player_game_sumary"\n  Did you mean player_game_summary?\n',
    );
  });

  it('answers an unknown command with one line naming the closest command and the hint to help, exit 2', async () => {
    const unknown = await cli(['stauts'], env);
    expect(unknown.code).toBe(2);
    expect(unknown.stdout).toBe('');
    expect(unknown.stderr).toBe(
      'error: unknown command "stauts", did you mean status?\n  Run backfill-bot help for the commands.\n',
    );
    const far = await cli(['frobnicate', '2023-24'], env);
    expect(far.code).toBe(2);
    expect(far.stderr).toBe(
      'error: unknown command "frobnicate"\n  Run backfill-bot help for the commands.\n',
    );
  });

  it('names an unknown flag, the closest one when there is one, and lists the accepted flags', async () => {
    const flag = await cli(['status', '--jsn'], env);
    expect(flag.code).toBe(2);
    expect(flag.stderr.split('\n')[0]).toBe('error: unknown option --jsn, did you mean --json?');
    expect(flag.stderr).toContain('Accepted flags: --json (stable JSON on stdout)');
    const frob = await cli(['status', '--frob'], env);
    expect(frob.code).toBe(2);
    expect(frob.stderr.split('\n')[0]).toBe('error: unknown option --frob');
    expect(frob.stderr).not.toContain('positional argument');
  });

  it('prints errors as JSON on stderr with --json', async () => {
    const run = await cli(['status', 'someday', '--json'], env);
    expect(run.code).toBe(2);
    expect(JSON.parse(run.stderr)).toMatchObject({ error: { code: 'BAD_INPUT' } });
  });

  it('names a corrupt warehouse file and leaves it untouched', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'backfill-corrupt-'));
    const corrupt = join(dir, 'corrupt.duckdb');
    writeFileSync(corrupt, 'this is not a database'.repeat(300));
    const before = readFileSync(corrupt);
    const run = await cli(['status', '2023-11-01'], { ...env, BACKFILL_DUCKDB_PATH: corrupt });
    expect(run.code).toBe(1);
    expect(run.stderr).toContain(`DuckDB warehouse ${corrupt} cannot be opened`);
    expect(run.stderr).not.toMatch(/\n\s+at /);
    expect(readFileSync(corrupt).equals(before)).toBe(true);
    rmSync(dir, { recursive: true, force: true });
  });

  it('names a warehouse file locked by another process', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'backfill-locked-'));
    const locked = join(dir, 'locked.duckdb');
    copyFileSync(path, locked);
    // Another process opens the file for writing and holds it.
    const holder = spawn(
      process.execPath,
      [
        '-e',
        `import('@duckdb/node-api').then(async (d) => { await d.DuckDBInstance.create(${JSON.stringify(locked)}); console.log('ready'); setInterval(() => {}, 1000); })`,
      ],
      { stdio: ['ignore', 'pipe', 'inherit'] },
    );
    await new Promise<void>((resolve) => holder.stdout?.once('data', () => resolve()));
    try {
      const run = await cli(['status', '2023-11-01'], { ...env, BACKFILL_DUCKDB_PATH: locked });
      expect(run.code).toBe(1);
      expect(run.stderr).toContain(
        `DuckDB warehouse ${locked} is locked by another process (PID ${holder.pid})`,
      );
      expect(existsSync(locked)).toBe(true);
    } finally {
      holder.kill();
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('creates a missing demo warehouse with one line saying so, and never overwrites it', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'backfill-missing-'));
    const missing = join(dir, 'nested', 'demo.duckdb');
    const first = await cli(['status', '2023-24', '--json'], {
      BACKFILL_DUCKDB_PATH: missing,
      BACKFILL_NOW: '2026-11-23',
    });
    expect(first.code).toBe(0);
    expect(first.stderr.trim().split('\n')).toHaveLength(1);
    expect(first.stderr).toMatch(
      /^No warehouse found: created demo warehouse .*demo\.duckdb: seasons 2021-22, .* as of 2026-11-23\)/,
    );
    expect(JSON.parse(first.stdout).verdict).toBeDefined();
    const second = await cli(['status', '2023-24', '--json'], {
      BACKFILL_DUCKDB_PATH: missing,
      BACKFILL_NOW: '2026-11-23',
    });
    expect(second.stderr).toBe('');
    const init = await cli(['demo', 'init', '--path', missing], {});
    expect(init.code).toBe(2);
    expect(init.stderr).toContain('already exists; it was left untouched');
    rmSync(dir, { recursive: true, force: true });
  });

  it('refuses bad demo init options with what is accepted', async () => {
    const run = await cli(['demo', 'init', '--scale', 'huge'], env);
    expect(run.code).toBe(2);
    expect(run.stderr).toContain('--scale huge is not a number from 0.05 to 100');
  });

  it('runs as the installed bin, with the exit code of the answer', () => {
    const out = execFileSync(process.execPath, ['bin/backfill-bot.js', 'status', '2023-11-01', '--json'], {
      env: { ...process.env, ...env },
      encoding: 'utf8',
    });
    expect(JSON.parse(out).expected).toBe(1);
  });
});
