import { describe, expect, it } from 'vitest';
import { type CoverageFacts, tableKey } from '../../../src/domain/coverage.js';
import { eachDay, type IsoDate } from '../../../src/domain/dates.js';
import type { FailedRun } from '../../../src/domain/failures.js';
import { CELL_STATES, worstState } from '../../../src/domain/heatmap/cell-state.js';
import { ALT_TEXT_MAX, heatmapAltText } from '../../../src/domain/heatmap/heatmap-alt-text.js';
import {
  DAILY_COLUMNS_UP_TO,
  heatmapColumns,
  seasonSpans,
} from '../../../src/domain/heatmap/heatmap-columns.js';
import {
  buildHeatmapGrid,
  type HeatmapGrid,
  type HeatmapRow,
} from '../../../src/domain/heatmap/heatmap-grid.js';
import { heatmapTotals, heatmapVerdict } from '../../../src/domain/heatmap/heatmap-totals.js';
import { openFailureDates } from '../../../src/domain/heatmap/open-failures.js';
import { rerunGaps } from '../../../src/domain/heatmap/rerun-gaps.js';
import { catalog } from '../../support/ports.js';

// Early 2023-24: opening night 2023-10-24, bootstrap days 10-24..10-30; today is 2023-11-05.
const RANGE = { start: '2023-10-24', end: '2023-11-10' };
const TODAY = '2023-11-05';
const FINAL = ['2023-10-24', '2023-10-25', '2023-10-31', '2023-11-01', '2023-11-02', '2023-11-03'];
const SCHEDULED = ['2023-11-06', '2023-11-08'];

const tables = (phase: number) => catalog.tables.filter((t) => t.phase === phase);

function facts(present: Record<string, IsoDate[]>, expected = FINAL): CoverageFacts {
  return {
    expected,
    present: new Map(catalog.tables.map((t) => [tableKey(t), present[t.table] ?? []])),
    scheduled: SCHEDULED,
  };
}

const run = (processor: string, date: IsoDate, errors: string, latestStatus = 'failed'): FailedRun => ({
  processor,
  phase: 'x',
  date,
  startedAt: `${date} 08:00:00`,
  errors,
  missingDependencies: null,
  latestStatus,
});

function grid(present: Record<string, IsoDate[]>, runs: FailedRun[] = []): HeatmapGrid {
  return buildHeatmapGrid({
    catalog,
    range: RANGE,
    tables: catalog.tables,
    facts: facts(present),
    failed: openFailureDates(catalog, runs),
    today: TODAY,
  });
}

const rowOf = (g: HeatmapGrid, name: string): HeatmapRow => {
  const row = g.groups.flatMap((x) => x.rows).find((r) => r.table === name);
  if (!row) throw new Error(`no row ${name}`);
  return row;
};

const all = (dates: IsoDate[]) => Object.fromEntries(catalog.tables.map((t) => [t.table, dates]));

describe('cell states', () => {
  it('orders worst first: failed, missing, expected-partial, bootstrap, present, then future', () => {
    expect(CELL_STATES).toEqual(['failed', 'missing', 'expected-partial', 'bootstrap', 'present', 'future']);
    expect(worstState(['present', 'bootstrap', 'future'])).toBe('bootstrap');
    expect(worstState(['present', 'missing', 'failed'])).toBe('failed');
    expect(worstState(['future', 'present'])).toBe('present');
    expect(worstState([])).toBe('future');
  });
});

describe('heatmap columns', () => {
  it('gives each game day a column up to the daily limit, and a week per column past it', () => {
    const season = eachDay('2022-10-18', '2023-06-12');
    expect(season.length).toBeLessThanOrEqual(DAILY_COLUMNS_UP_TO);
    expect(heatmapColumns(season, catalog.seasons).bucket).toBe('day');
    const two = [...season, ...eachDay('2023-10-24', '2023-11-05')];
    const { bucket, columns } = heatmapColumns(two, catalog.seasons);
    expect(bucket).toBe('week');
    // 2022-10-18 is a Tuesday: its week runs to Sunday 10-23; the next one starts Monday 10-24.
    expect(columns[0]).toMatchObject({ start: '2022-10-18', end: '2022-10-23', season: '2022-23' });
    expect(columns[1]).toMatchObject({ start: '2022-10-24', end: '2022-10-30' });
    expect(columns.every((c) => c.dates.length <= 7)).toBe(true);
    expect(seasonSpans(columns).map((s) => s.season)).toEqual(['2022-23', '2023-24']);
  });

  it('never lets a week span two seasons', () => {
    // A made-up pair of seasons that meet mid-week (Wednesday 2023-06-14 / Thursday 06-15).
    const seasons = [
      { id: 'A', start: '2023-01-01', end: '2023-06-14', regularSeasonEnd: '2023-06-14' },
      { id: 'B', start: '2023-06-15', end: '2023-12-31', regularSeasonEnd: '2023-12-31' },
    ];
    const { columns } = heatmapColumns(eachDay('2023-01-01', '2023-12-31'), seasons);
    const split = columns.filter((c) => c.start >= '2023-06-12' && c.end <= '2023-06-18');
    expect(split.map((c) => [c.start, c.end, c.season])).toEqual([
      ['2023-06-12', '2023-06-14', 'A'],
      ['2023-06-15', '2023-06-18', 'B'],
    ]);
  });
});

describe('the heatmap grid', () => {
  it('has a column per game day, the scheduled days after today as future', () => {
    const g = grid(all(FINAL));
    expect(g.bucket).toBe('day');
    expect(g.columns.map((c) => c.start)).toEqual([...FINAL, ...SCHEDULED]);
    expect(g.groups.map((x) => x.phase)).toEqual([2, 3, 4, 5]);
    expect(rowOf(g, 'nbac_team_boxscore').cells).toEqual([...FINAL.map(() => 'present'), 'future', 'future']);
  });

  it('draws bootstrap days of Phases 4-5 as bootstrap, missing dates as gaps, expected-partial apart', () => {
    const g = grid({
      ...all(FINAL),
      player_game_summary: FINAL.filter((d) => d !== '2023-11-02'),
      upcoming_player_game_context: ['2023-10-24'],
      player_composite_factors: ['2023-11-01'],
    });
    expect(rowOf(g, 'player_game_summary').cells.slice(0, 6)).toEqual([
      'present',
      'present',
      'present',
      'present',
      'missing',
      'present',
    ]);
    expect(rowOf(g, 'player_game_summary').gaps).toEqual(['2023-11-02']);
    expect(rowOf(g, 'upcoming_player_game_context').cells.slice(0, 3)).toEqual([
      'present',
      'expected-partial',
      'expected-partial',
    ]);
    expect(rowOf(g, 'upcoming_player_game_context').gaps).toEqual([]);
    expect(rowOf(g, 'player_composite_factors').cells).toEqual([
      'bootstrap',
      'bootstrap',
      'missing',
      'present',
      'missing',
      'missing',
      'future',
      'future',
    ]);
    expect(rowOf(g, 'player_composite_factors').states).toEqual({
      failed: 0,
      missing: 3,
      'expected-partial': 0,
      bootstrap: 2,
      present: 1,
      future: 2,
    });
  });

  it('draws open failures as failed, but not resolved ones, nor early-season ones on bootstrap days', () => {
    const g = grid(all(FINAL), [
      run('TeamOffenseGameSummaryProcessor', '2023-11-01', 'ValueError: bad row'),
      run('PlayerGameSummaryProcessor', '2023-11-02', 'ValueError: bad row', 'success'),
      run('PlayerCompositeFactorsProcessor', '2023-10-25', 'INSUFFICIENT_DATA: 3 of 10 games'),
      run('PlayerDailyCacheProcessor', '2023-10-25', 'PROCESSING_ERROR: disk full'),
    ]);
    expect(rowOf(g, 'team_offense_game_summary').cells[3]).toBe('failed');
    expect(rowOf(g, 'team_offense_game_summary').failed).toEqual(['2023-11-01']);
    expect(rowOf(g, 'player_game_summary').cells[4]).toBe('present');
    expect(rowOf(g, 'player_composite_factors').cells[1]).toBe('bootstrap');
    // Another class on a bootstrap day is a real failure.
    expect(rowOf(g, 'player_daily_cache').cells[1]).toBe('failed');
  });

  it('takes the worst state of a week’s days, and counts each day once', () => {
    const season = eachDay('2022-10-18', '2023-06-12');
    const expected = [...season, ...eachDay('2023-10-24', '2023-11-03')];
    const g = buildHeatmapGrid({
      catalog,
      range: { start: '2022-10-18', end: '2023-11-10' },
      tables: tables(3),
      facts: facts(
        {
          ...all(expected),
          player_game_summary: expected.filter((d) => d !== '2022-11-16'),
          team_defense_game_summary: expected.filter((d) => d !== '2022-11-16'),
        },
        expected,
      ),
      failed: openFailureDates(catalog, [
        run('TeamDefenseGameSummaryProcessor', '2022-11-17', 'ValueError: bad row'),
      ]),
      today: TODAY,
    });
    expect(g.bucket).toBe('week');
    const week = g.columns.findIndex((c) => c.start === '2022-11-14');
    expect(g.columns[week]?.dates).toHaveLength(7);
    expect(rowOf(g, 'team_offense_game_summary').cells[week]).toBe('present');
    expect(rowOf(g, 'player_game_summary').cells[week]).toBe('missing');
    expect(rowOf(g, 'team_defense_game_summary').cells[week]).toBe('failed');
    expect(rowOf(g, 'team_defense_game_summary').states).toMatchObject({ failed: 1, missing: 1 });
    expect(rowOf(g, 'team_offense_game_summary').cells.at(-1)).toBe('future');
  });
});

describe('what the heatmap adds up to', () => {
  const g = grid(
    {
      ...all(FINAL),
      player_game_summary: ['2023-10-24', '2023-10-25'],
      team_defense_game_summary: FINAL.filter((d) => d !== '2023-11-03'),
      player_prop_predictions: [],
    },
    [run('TeamOffenseGameSummaryProcessor', '2023-11-01', 'ValueError: bad row')],
  );

  it('says in one line how many tables have gaps and how many dates failed', () => {
    const totals = heatmapTotals(g);
    expect(totals).toEqual({
      tables: 14,
      tablesWithGaps: 3,
      gapDates: 4,
      tablesWithFailures: 1,
      failedDates: 1,
    });
    expect(heatmapVerdict(totals)).toBe('Coverage heatmap: 3 tables with gaps · 1 failed date');
    expect(heatmapVerdict({ ...totals, tablesWithGaps: 0, failedDates: 0 })).toBe(
      'Coverage heatmap: no gaps · no failed dates',
    );
  });

  it('re-runs exactly the gaps of the earliest phase with any (rerun gaps), a table when it is the only one', () => {
    expect(rerunGaps(g)).toEqual({
      words: 'rerun gaps 2023-10-31..2023-11-03 analytics',
      label: 'Re-run gaps: Phase 3 (4 dates)',
    });
    const onlyPredictions = grid({ ...all(FINAL), player_prop_predictions: ['2023-10-31'] });
    expect(rerunGaps(onlyPredictions)).toEqual({
      words: 'rerun gaps 2023-11-01..2023-11-03 player_prop_predictions',
      label: 'Re-run gaps: player_prop_predictions (3 dates)',
    });
    expect(rerunGaps(grid(all(FINAL)))).toBeNull();
  });

  it('says in words which tables have how many gaps and failures', () => {
    expect(heatmapAltText(g, { label: 'season 2023-24', drawnAt: '2023-11-05 12:00 UTC' })).toBe(
      'Coverage heatmap of season 2023-24, 2023-10-24 to 2023-11-10, drawn 2023-11-05 12:00 UTC: ' +
        '14 tables by 8 game days, one column each. Gaps or failures in 4 tables: ' +
        'player_game_summary 4 missing; team_defense_game_summary 1 missing; team_offense_game_summary 1 failed; ' +
        'player_prop_predictions 4 missing. Complete: 10 tables. 2 scheduled game days still to come.',
    );
  });

  it('keeps the alt text within Slack’s limit however many tables have gaps', () => {
    const many = {
      ...g,
      groups: g.groups.map((x) => ({ ...x, rows: [...Array(40)].flatMap(() => x.rows) })),
    };
    const text = heatmapAltText(many, { label: 'all', drawnAt: 'now' });
    expect(text.length).toBeLessThanOrEqual(ALT_TEXT_MAX);
    expect(text).toMatch(/and \d+ more tables\./);
  });
});
