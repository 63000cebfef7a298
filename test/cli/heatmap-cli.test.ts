import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { PNG } from 'pngjs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { cli } from '../support/cli-harness.js';
import { catalog } from '../support/ports.js';
import { buildTinyWarehouse } from '../support/tiny-warehouse.js';

const FINAL = ['2023-10-24', '2023-10-31', '2023-11-01', '2023-11-02'];

describe('backfill-bot heatmap', () => {
  let dir: string;
  let cleanup: () => void;
  let env: Record<string, string>;

  beforeAll(async () => {
    const world = await buildTinyWarehouse(catalog, {
      finalDates: FINAL,
      present: Object.fromEntries(catalog.tables.filter((t) => t.phase === 2).map((t) => [t.table, FINAL])),
    });
    cleanup = world.cleanup;
    dir = mkdtempSync(join(tmpdir(), 'backfill-heatmap-cli-'));
    env = {
      BACKFILL_DUCKDB_PATH: world.path,
      BACKFILL_NOW: '2023-11-05',
      BACKFILL_CATALOG: resolve('config/pipeline.yml'),
    };
  });
  afterAll(() => {
    cleanup();
    rmSync(dir, { recursive: true, force: true });
  });

  it('writes the PNG where --out says and prints the words, verdict first', async () => {
    const out = join(dir, 'coverage.png');
    const run = await cli(['heatmap', '2023-10-24..2023-11-02', '--out', out], env);
    expect(run.code).toBe(0);
    expect(run.stdout.split('\n').slice(0, 2)).toEqual([
      'Coverage heatmap · 2023-10-24..2023-11-02',
      'Coverage heatmap: 10 tables with gaps · no failed dates',
    ]);
    expect(run.stdout).toMatch(
      new RegExp(`Wrote ${out} \\(Coverage heatmap · 2023-10-24\\.\\.2023-11-02, \\d+ kB\\)\\n$`),
    );
    const png = PNG.sync.read(readFileSync(out));
    expect(png.width).toBeGreaterThanOrEqual(820);
    expect(png.height).toBeGreaterThan(300);
  });

  it('writes coverage-heatmap.png in the current directory without --out', async () => {
    const here = process.cwd();
    process.chdir(dir);
    try {
      const run = await cli(['heatmap', '2023-10-24..2023-11-02', 'raw'], env);
      expect(run.code).toBe(0);
      expect(run.stdout).toContain('Wrote coverage-heatmap.png');
      expect(existsSync(join(dir, 'coverage-heatmap.png'))).toBe(true);
    } finally {
      process.chdir(here);
    }
  });

  it('keeps stdout to the JSON with --json, and says where the file went on stderr', async () => {
    const out = join(dir, 'json.png');
    const run = await cli(['heatmap', '2023-10-24..2023-11-02', '--json', '--out', out], env);
    expect(run.code).toBe(0);
    const data = JSON.parse(run.stdout);
    expect(data.image).toMatchObject({ filename: 'coverage-heatmap-2023-10-24-to-2023-11-02.png' });
    expect(data.totals.tablesWithGaps).toBe(10);
    expect(run.stderr).toContain(`Wrote ${out}`);
    expect(existsSync(out)).toBe(true);
  });

  it('refuses --out on a command that writes no file, and unknown flags, saying what is accepted', async () => {
    const status = await cli(['status', '2023-10-24..2023-11-02', '--out', join(dir, 'x.png')], env);
    expect(status.code).toBe(2);
    expect(status.stderr).toContain('--out is for heatmap: status writes no file');
    const typo = await cli(['heatmap', '--output', 'x.png'], env);
    expect(typo.code).toBe(2);
    expect(typo.stderr).toContain('unknown option --output');
    expect(typo.stderr).toContain('heatmap: --out FILE (the PNG, default coverage-heatmap.png)');
  });

  it('says it cannot write into a directory that is not there, with exit code 2', async () => {
    const run = await cli(['heatmap', '2023-10-24..2023-11-02', '--out', join(dir, 'nope', 'x.png')], env);
    expect(run.code).toBe(2);
    expect(run.stderr).toContain('cannot write');
    expect(run.stderr).toContain('ENOENT');
  });

  it('refuses a bad range and an unknown target with what it accepts', async () => {
    const range = await cli(['heatmap', '2023-02-30'], env);
    expect(range.code).toBe(2);
    expect(range.stderr).toContain('2023-02-30 is not a real calendar date');
    expect(range.stderr).toContain('Accepted ranges:');
    const target = await cli(['heatmap', '2023-10-24..2023-11-02', 'nonsense'], env);
    expect(target.code).toBe(2);
    expect(target.stderr).toContain('unknown phase or table "nonsense"');
  });
});
