import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { CommandPorts } from '../../src/commands/command-context.js';
import type { PlanData } from '../../src/commands/plan.js';
import { runCommand } from '../../src/commands/registry.js';
import { BadInputError } from '../../src/domain/errors.js';
import { catalog, duckdbPorts } from '../support/ports.js';
import { buildTinyWarehouse } from '../support/tiny-warehouse.js';

// 2024-25 opens 2024-10-22 (bootstrap 10-22..10-28).
const FINAL = [
  '2024-10-22',
  '2024-10-23',
  '2024-10-25',
  '2024-10-28',
  '2024-10-30',
  '2024-11-08',
  '2024-11-09',
  '2024-11-11',
  '2024-11-14',
];
const tablesOfPhase = (phase: number, dates: string[]) =>
  Object.fromEntries(catalog.tables.filter((t) => t.phase === phase).map((t) => [t.table, dates]));

describe('plan', () => {
  let ports: CommandPorts;
  let cleanup: () => void;
  const plan = async (...words: string[]) =>
    (await runCommand(['plan', ...words], ports, { prefix: '' })).data as PlanData;

  beforeAll(async () => {
    const world = await buildTinyWarehouse(catalog, {
      finalDates: FINAL,
      present: {
        ...tablesOfPhase(2, FINAL),
        ...tablesOfPhase(
          3,
          FINAL.filter((d) => d !== '2024-10-23'),
        ),
        ...tablesOfPhase(4, ['2024-11-08', '2024-11-09']),
      },
    });
    cleanup = world.cleanup;
    ports = await duckdbPorts(world.path, '2024-11-20');
  });
  afterAll(async () => {
    await ports.warehouse.close();
    cleanup();
  });

  it("widens Phases 2-3 by the lookback, as the seeds' calculate_range does", async () => {
    const data = await plan('2024-11-08', '2024-11-14', '30');
    expect(data.upstream).toEqual({ start: '2024-10-09', end: '2024-11-14' });
    expect(data.target).toEqual({ start: '2024-11-08', end: '2024-11-14' });
    expect(data.lookbackDays).toBe(30);
    expect(data.query.roundTrips).toBe(1);
  });

  it('says what is already present per phase over the range each phase runs over', async () => {
    const data = await plan('2024-11-08', '2024-11-14', '30');
    const summary = data.phases.map(({ phase, runsOver, expected, present, missing }) => ({
      phase,
      runsOver,
      expected,
      present,
      missing,
    }));
    expect(summary).toEqual([
      { phase: 2, runsOver: 'upstream', expected: 9, present: 9, missing: [] },
      { phase: 3, runsOver: 'upstream', expected: 9, present: 8, missing: ['2024-10-23'] },
      { phase: 4, runsOver: 'target', expected: 4, present: 2, missing: ['2024-11-11', '2024-11-14'] },
      {
        phase: 5,
        runsOver: 'target',
        expected: 4,
        present: 0,
        missing: ['2024-11-08', '2024-11-09', '2024-11-11', '2024-11-14'],
      },
    ]);
    expect(data.phases.find((p) => p.phase === 4)?.stages).toEqual([
      ['TeamDefenseZoneAnalysisProcessor', 'PlayerShotZoneAnalysisProcessor'],
      ['PlayerCompositeFactorsProcessor'],
      ['PlayerDailyCacheProcessor'],
      ['MLFeatureStoreProcessor'],
    ]);
  });

  it('names the missing dates it will run per phase and table, compacted over game days', async () => {
    const result = await runCommand(['plan', '2024-11-08', '2024-11-14', '30'], ports, { prefix: '' });
    const data = result.data as PlanData;
    // No games on 2024-11-12 and 11-13: the missing 11-11 and 11-14 are one run of two game days.
    const phase4 = data.phases.find((p) => p.phase === 4);
    expect(phase4?.runs).toEqual([{ start: '2024-11-11', end: '2024-11-14', count: 2 }]);
    expect(phase4?.tables.map((t) => [t.table, t.runs])).toEqual(
      catalog.tables
        .filter((t) => t.phase === 4 && t.critical && !t.expectedPartial)
        .map((t) => [t.table, [{ start: '2024-11-11', end: '2024-11-14', count: 2 }]]),
    );
    expect(data.phases.find((p) => p.phase === 2)).toMatchObject({ runs: [], tables: [] });
    expect(data.phases.find((p) => p.phase === 3)?.runs).toEqual([
      { start: '2024-10-23', end: '2024-10-23', count: 1 },
    ]);
    const gating = (phase: number) =>
      catalog.tables
        .filter((t) => t.phase === phase && t.critical && !t.expectedPartial)
        .map((t) => t.table)
        .join(', ');
    const dates = result.message.blocks.flatMap((b) =>
      b.kind === 'dates' ? [[b.label, b.runs, b.total]] : [],
    );
    expect(dates).toEqual([
      [`Phase 3 to run · ${gating(3)} · 1 date`, [{ start: '2024-10-23', end: '2024-10-23', count: 1 }], 1],
      [`Phase 4 to run · ${gating(4)} · 2 dates`, [{ start: '2024-11-11', end: '2024-11-14', count: 2 }], 2],
      [`Phase 5 to run · ${gating(5)} · 4 dates`, [{ start: '2024-11-08', end: '2024-11-14', count: 4 }], 4],
    ]);
  });

  it('warns when the lookback reaches before the season opened', async () => {
    const data = await plan('2024-11-08', '2024-11-14');
    expect(data.lookbackDays).toBe(catalog.lookbackDays);
    expect(data.warnings[0]).toMatch(/before 2024-25 opened \(2024-10-22\)/);
    expect(data.bootstrap).toEqual([]);
  });

  it('lists the target dates that fall in a bootstrap window', async () => {
    const data = await plan('2024-10-22', '2024-10-31', '0');
    expect(data.bootstrap).toEqual(['2024-10-22', '2024-10-23', '2024-10-25', '2024-10-28']);
    expect(data.phases.find((p) => p.phase === 4)).toMatchObject({ expected: 1, missing: ['2024-10-30'] });
  });

  it('refuses a lookback that is not a number of days', async () => {
    await expect(plan('2024-11-08', '2024-11-14', 'soon')).rejects.toThrow(BadInputError);
    await expect(plan()).rejects.toThrow(/plan needs a start and an end date/);
  });
});
