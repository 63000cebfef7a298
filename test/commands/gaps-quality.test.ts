import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { CommandPorts } from '../../src/commands/command-context.js';
import type { GapsData } from '../../src/commands/gaps.js';
import type { QualityData } from '../../src/commands/quality.js';
import { runCommand } from '../../src/commands/registry.js';
import { catalog, duckdbPorts } from '../support/ports.js';
import { buildTinyWarehouse } from '../support/tiny-warehouse.js';

// No game on 2023-11-06: a gap over 11-05 and 11-07 is one run of two game days.
const FINAL = ['2023-11-01', '2023-11-02', '2023-11-03', '2023-11-05', '2023-11-07', '2023-11-08'];

describe('gaps and quality', () => {
  let ports: CommandPorts;
  let cleanup: () => void;

  beforeAll(async () => {
    const world = await buildTinyWarehouse(catalog, {
      finalDates: FINAL,
      present: { player_game_summary: ['2023-11-01', '2023-11-03', '2023-11-08'] },
      quality: {
        player_shot_zone_analysis: [95, 90, 89.9, 70, 69, 50, 49.9, null].map((score) => ({
          date: '2023-11-02',
          score,
        })),
        player_daily_cache: [{ date: '2023-10-01', score: 99 }],
      },
      playerCoverage: [
        { date: '2023-11-01', expected: 200, actual: 200 },
        { date: '2023-11-02', expected: 200, actual: 150 },
        { date: '2023-11-03', expected: 100, actual: 90 },
        { date: '2023-10-01', expected: 100, actual: 10 },
      ],
    });
    cleanup = world.cleanup;
    ports = await duckdbPorts(world.path, '2023-11-09');
  });
  afterAll(async () => {
    await ports.warehouse.close();
    cleanup();
  });

  it('compacts missing game days to runs that days without games do not split', async () => {
    const data = (
      await runCommand(['gaps', '2023-11-01..2023-11-08', 'player_game_summary'], ports, { prefix: '' })
    ).data as GapsData;
    expect(data.filter).toBe('player_game_summary');
    expect(data.tables).toHaveLength(1);
    expect(data.tables[0]).toMatchObject({
      missing: ['2023-11-02', '2023-11-05', '2023-11-07'],
      runs: [
        { start: '2023-11-02', end: '2023-11-02', count: 1 },
        { start: '2023-11-05', end: '2023-11-07', count: 2 },
      ],
    });
  });

  it('limits gaps to a phase, listing tables that miss the same dates together', async () => {
    const result = await runCommand(['gaps', '2023-11-01..2023-11-08', 'phase3'], ports, { prefix: '' });
    const data = result.data as GapsData;
    expect(data.tables.map((t) => t.table)).toEqual(
      catalog.tables.filter((t) => t.phase === 3).map((t) => t.table),
    );
    const labels = result.message.blocks.flatMap((b) => (b.kind === 'dates' ? [b.label] : []));
    expect(labels).toEqual([
      'Phase 3 · player_game_summary · 3 of 6 missing',
      'Phase 3 · team_defense_game_summary, team_offense_game_summary, upcoming_team_game_context (optional) · 6 of 6 missing',
    ]);
  });

  it('buckets quality scores as the seeds do, NULL in the last bucket, only inside the range', async () => {
    const data = (await runCommand(['quality', '2023-11-01..2023-11-08'], ports, { prefix: '' }))
      .data as QualityData;
    const psza = data.tables.find((t) => t.table === 'player_shot_zone_analysis');
    expect(psza?.counts).toEqual({ good: 2, ok: 2, degraded: 2, poor: 2 });
    expect(psza?.buckets.map((b) => b.pct)).toEqual([25, 25, 25, 25]);
    expect(data.tables.find((t) => t.table === 'player_daily_cache')?.total).toBe(0);
  });

  it('lists the dates whose player-level coverage is under the alert line, inside the range', async () => {
    const data = (await runCommand(['quality', '2023-11-01..2023-11-08'], ports, { prefix: '' }))
      .data as QualityData;
    expect(data.playerCoverage).toEqual({
      days: 3,
      minPct: 90,
      below: [{ date: '2023-11-02', expected: 200, actual: 150, pct: 75 }],
    });
    expect(data.query.roundTrips).toBe(2);
  });
});
