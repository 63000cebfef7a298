import { describe, expect, it } from 'vitest';
import { eachDay } from '../../../src/domain/dates.js';
import type { FailedRun } from '../../../src/domain/failures.js';
import { type WatchFacts, watchView } from '../../../src/domain/watch/watch-view.js';
import { catalog } from '../../support/ports.js';

// Phase 3 over ten game days after the 2021-22 bootstrap week. Its gating tables are the three
// critical ones; team_offense_game_summary is done, the other two are behind.
const RANGE = { start: '2021-11-01', end: '2021-11-10' };
const DATES = eachDay(RANGE.start, RANGE.end);
const TABLES = catalog.tables.filter((t) => t.phase === 3);
const NOW = new Date('2026-11-23T15:00:00.000Z');
const key = (table: string) => `nba_analytics.${table}`;
const success = (processor: string, date: string) => ({ processor, date, status: 'success' });
const failed = (processor: string, date: string, startedAt: string, latestStatus = 'failed'): FailedRun => ({
  processor,
  phase: 'phase_3_analytics',
  date,
  startedAt,
  errors: `ValueError: no boxscore for game on ${date}`,
  missingDependencies: null,
  latestStatus,
});
const PGS = 'PlayerGameSummaryProcessor';
const TDGS = 'TeamDefenseGameSummaryProcessor';

const facts = (recentRuns: WatchFacts['recentRuns'], failedRuns: FailedRun[] = []): WatchFacts => ({
  coverage: {
    expected: DATES,
    present: new Map([
      [key('player_game_summary'), DATES.slice(0, 4)],
      [key('team_defense_game_summary'), DATES.slice(0, 8)],
      [key('team_offense_game_summary'), DATES],
    ]),
  },
  recentRuns,
  failedRuns,
  failuresSince: '2026-11-23T12:00:00.000Z',
});

describe('the watch view', () => {
  it('gives a phase the ETA of its slowest table: missing dates over its successful dates in the last hour', () => {
    const view = watchView(
      catalog,
      TABLES,
      RANGE,
      facts([
        success(PGS, '2021-11-03'),
        success(PGS, '2021-11-04'),
        success(TDGS, '2021-11-08'),
        success('TeamOffenseGameSummaryProcessor', '2021-11-01'),
        { processor: TDGS, date: '2021-11-09', status: 'failed' },
      ]),
      NOW,
    );
    // player_game_summary: 6 missing at 2 a hour = 3 h; team_defense_game_summary: 2 at 1 = 2 h.
    expect(view.phases).toEqual([
      {
        phase: 3,
        name: 'analytics',
        expected: 10,
        complete: 4,
        completedLastHour: 3,
        perHour: 2,
        etaMinutes: 180,
      },
    ]);
    expect(view).toMatchObject({ at: NOW.toISOString(), complete: false, expectedDates: 10, progress: 22 });
  });

  it('says no recent progress (no ETA) when a table with gaps had no successful run in the last hour', () => {
    const view = watchView(catalog, TABLES, RANGE, facts([success(PGS, '2021-11-04')]), NOW);
    expect(view.phases[0]).toMatchObject({ completedLastHour: 1, perHour: 0, etaMinutes: null });
  });

  it('shows each processor-date still failing once, by its newest failed run, newest first', () => {
    const view = watchView(
      catalog,
      TABLES,
      RANGE,
      facts(
        [],
        [
          failed(PGS, '2021-11-05', '2026-11-23T14:10:00.000Z'),
          failed(PGS, '2021-11-05', '2026-11-23T14:40:00.000Z'),
          failed(PGS, '2021-11-06', '2026-11-23T13:00:00.000Z'),
          failed(TDGS, '2021-11-09', '2026-11-23T14:50:00.000Z', 'success'),
        ],
      ),
      NOW,
    );
    expect(view.failures).toEqual({
      since: '2026-11-23T12:00:00.000Z',
      open: 2,
      latest: [
        {
          processor: PGS,
          date: '2021-11-05',
          startedAt: '2026-11-23T14:40:00.000Z',
          error: 'ValueError: no boxscore for game on 2021-11-05',
        },
        {
          processor: PGS,
          date: '2021-11-06',
          startedAt: '2026-11-23T13:00:00.000Z',
          error: 'ValueError: no boxscore for game on 2021-11-06',
        },
      ],
    });
  });

  it('is complete when every phase is, with no ETA to give', () => {
    const done: WatchFacts = {
      ...facts([]),
      coverage: { expected: DATES, present: new Map(TABLES.map((t) => [key(t.table), DATES])) },
    };
    const view = watchView(catalog, TABLES, RANGE, done, NOW);
    expect(view.complete).toBe(true);
    expect(view.phases[0]).toMatchObject({ complete: 10, expected: 10, perHour: null, etaMinutes: null });
  });
});
