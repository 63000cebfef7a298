import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { CommandPorts } from '../../src/commands/command-context.js';
import { runCommand } from '../../src/commands/registry.js';
import type { StatusData } from '../../src/commands/status.js';
import { catalog, duckdbPorts } from '../support/ports.js';
import { buildTinyWarehouse } from '../support/tiny-warehouse.js';

// Season 2023-24 opens 2023-10-24: its bootstrap window is 10-24..10-30.
const FINAL = ['2023-10-24', '2023-10-25', '2023-10-31', '2023-11-01', '2023-11-02', '2023-11-03'];
const PHASE4 = ['2023-10-31', '2023-11-01', '2023-11-02', '2023-11-03'];

describe('status', () => {
  let ports: CommandPorts;
  let cleanup: () => void;
  let data: StatusData;

  beforeAll(async () => {
    const world = await buildTinyWarehouse(catalog, {
      finalDates: FINAL,
      scheduledDates: ['2023-11-04'],
      present: {
        nbac_team_boxscore: FINAL,
        nbac_gamebook_player_stats: FINAL,
        bdl_player_boxscores: FINAL.filter((d) => d !== '2023-11-02'),
        player_game_summary: ['2023-10-24', '2023-10-25', '2023-10-31', '2023-11-03'],
        team_defense_game_summary: FINAL,
        team_offense_game_summary: FINAL,
        upcoming_player_game_context: ['2023-10-24', '2023-11-03'],
        upcoming_team_game_context: FINAL,
        team_defense_zone_analysis: PHASE4,
        player_shot_zone_analysis: PHASE4,
        player_composite_factors: PHASE4,
        player_daily_cache: PHASE4.filter((d) => d !== '2023-11-03'),
        ml_feature_store: PHASE4,
      },
    });
    cleanup = world.cleanup;
    ports = await duckdbPorts(world.path, '2023-11-05');
    data = (await runCommand(['status', '2023-10-24..2023-11-04'], ports, { prefix: '' })).data as StatusData;
  });
  afterAll(async () => {
    await ports.warehouse.close();
    cleanup();
  });

  const table = (name: string) => data.tables.find((t) => t.table === name);

  it('expects only dates with a final game, not scheduled ones', () => {
    expect(data.range).toEqual({ start: '2023-10-24', end: '2023-11-04' });
    expect(data.expected).toBe(6);
  });

  it('counts present and missing dates per table', () => {
    expect(table('player_game_summary')).toMatchObject({
      dataset: 'nba_analytics',
      phase: 3,
      dateColumn: 'game_date',
      critical: true,
      expectedPartial: false,
      expected: 6,
      present: 4,
      pct: 66.7,
      missing: ['2023-11-01', '2023-11-02'],
      bootstrap: [],
    });
    expect(table('nbac_team_boxscore')).toMatchObject({ expected: 6, present: 6, pct: 100, missing: [] });
  });

  it('excludes bootstrap days from Phase 4 and lists them apart', () => {
    expect(table('player_daily_cache')).toMatchObject({
      dateColumn: 'cache_date',
      expected: 4,
      present: 3,
      pct: 75,
      missing: ['2023-11-03'],
      bootstrap: ['2023-10-24', '2023-10-25'],
    });
    expect(table('ml_feature_store')?.missing).toEqual([]);
  });

  it('marks optional and expected-partial tables without counting them against the phase', () => {
    expect(table('bdl_player_boxscores')).toMatchObject({
      critical: false,
      present: 5,
      missing: ['2023-11-02'],
    });
    expect(table('upcoming_player_game_context')).toMatchObject({ expectedPartial: true, present: 2 });
    const phase2 = data.phases.find((p) => p.phase === 2);
    expect(phase2).toMatchObject({ expected: 6, complete: 6, pct: 100, missing: [] });
    const phase3 = data.phases.find((p) => p.phase === 3);
    expect(phase3).toMatchObject({ expected: 6, complete: 4, missing: ['2023-11-01', '2023-11-02'] });
  });

  it('gives a verdict that names the first incomplete phase and its gate', () => {
    expect(data.verdict).toBe('incomplete');
    expect(data.summary).toBe(
      'Phase 2 complete · Phase 3 incomplete: 2 dates missing (66.7%) · Phases 4, 5 wait on it · optional low: bdl_player_boxscores 83.3%',
    );
    expect(data.nextStep).toBe(
      'Backfill Phase 3 (analytics) for 2 dates, then verify Gate 1 before Phase 4, 5. Phase by phase, never date by date.',
    );
  });

  it('answers in one warehouse round trip', () => {
    expect(data.query).toMatchObject({ warehouse: 'duckdb', roundTrips: 1 });
  });

  it('says nothing is expected when the range has no final games', async () => {
    const result = await runCommand(['status', '2023-11-04'], ports, { prefix: '' });
    expect(result.data).toMatchObject({ expected: 0, verdict: 'nothing-expected' });
  });
});
