import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { parse, stringify } from 'yaml';
import { loadCatalog, parseCatalog } from '../../src/config/load-catalog.js';
import { BackfillError } from '../../src/domain/errors.js';

const text = readFileSync('config/pipeline.yml', 'utf8');
// biome-ignore lint/suspicious/noExplicitAny: tests edit the parsed YAML freely to break it.
const edited = (edit: (raw: any) => void) => {
  const raw = parse(text);
  edit(raw);
  return stringify(raw);
};

describe('the pipeline catalog', () => {
  it('loads the NBA pipeline from the seeds', () => {
    const catalog = loadCatalog('config/pipeline.yml');
    expect(catalog.phases.map((p) => p.id)).toEqual([2, 3, 4, 5]);
    expect(catalog.seasons.map((s) => s.id)).toEqual([
      '2021-22',
      '2022-23',
      '2023-24',
      '2024-25',
      '2025-26',
      '2026-27',
    ]);
    expect(catalog.tables.find((t) => t.table === 'player_daily_cache')?.dateColumn).toBe('cache_date');
    expect(catalog.tables.find((t) => t.table === 'upcoming_player_game_context')?.expectedPartial).toBe(
      true,
    );
    expect(catalog.phases.find((p) => p.id === 4)?.stages?.[0]).toEqual([
      'TeamDefenseZoneAnalysisProcessor',
      'PlayerShotZoneAnalysisProcessor',
    ]);
  });

  it('stops with the path of a bad field and what was expected', () => {
    const bad = edited((raw) => {
      raw.tables[3].dateColumn = 'game date; DROP TABLE x';
    });
    expect(() => parseCatalog(bad, 'bad.yml')).toThrow(
      /bad\.yml is invalid:\n {2}tables\.3\.dateColumn: a SQL identifier/,
    );
  });

  it('refuses references to phases and processors that are not declared', () => {
    const bad = edited((raw) => {
      raw.tables[0].phase = 9;
      raw.phases[2].stages[1] = ['NoSuchProcessor'];
    });
    let error: unknown;
    try {
      parseCatalog(bad, 'bad.yml');
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(BackfillError);
    expect((error as BackfillError).code).toBe('CATALOG_INVALID');
    expect((error as BackfillError).message).toContain('tables.0.phase: a phase id declared in phases');
    expect((error as BackfillError).message).toContain(
      'phases.2.stages.1.0: a processor declared in processors',
    );
  });

  it('refuses overlapping seasons and unreal dates', () => {
    const bad = edited((raw) => {
      raw.seasons[1].start = '2022-02-30';
    });
    expect(() => parseCatalog(bad, 'bad.yml')).toThrow(/seasons\.1\.start: a real calendar date/);
  });

  it('says which file could not be read', () => {
    expect(() => loadCatalog('/nonexistent/pipeline.yml')).toThrow(
      /cannot read catalog \/nonexistent\/pipeline\.yml: ENOENT/,
    );
  });

  it('reports YAML syntax errors with the file name', () => {
    expect(() => parseCatalog('tables: [', 'broken.yml')).toThrow(/catalog broken\.yml is not valid YAML/);
  });
});
