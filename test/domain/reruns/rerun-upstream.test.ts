import { describe, expect, it } from 'vitest';
import { compactDates } from '../../../src/domain/compact-dates.js';
import { planRerun } from '../../../src/domain/reruns/plan-rerun.js';
import { ask, catalog, EXPECTED, facts, gameDays } from './rerun-world.js';

// Rule 3: a processor-date needs the phase before its own (over the lookback window at the Phase 3
// -> 4 boundary, else on its date) and, in a chain, the stage before it on its date; present in the
// facts, or written by an earlier step of the same plan.

const novemberGameDays = gameDays('2023-11-01', '2023-11-30');

describe('rule 3: upstream check', () => {
  it('refuses a Phase 4 re-run when Phase 3 is missing in the 30 days before, naming the tables and compacted dates', () => {
    const plan = planRerun(
      catalog,
      ask({ PlayerCompositeFactorsProcessor: ['2023-11-20', '2023-12-10'] }),
      facts({
        // 2023-11-03 has no game: the gap is one run of four game days.
        player_game_summary: ['2023-11-01', '2023-11-02', '2023-11-04', '2023-11-05'],
        team_defense_game_summary: ['2023-11-15'],
        // After both dates: read by neither.
        team_offense_game_summary: ['2023-12-11'],
      }),
    );
    expect(plan.missingUpstream).toEqual([
      {
        table: 'nba_analytics.player_game_summary',
        dates: ['2023-11-01', '2023-11-02', '2023-11-04', '2023-11-05'],
        // 2023-12-10 reads 2023-11-10..2023-12-10 only.
        neededBy: { PlayerCompositeFactorsProcessor: ['2023-11-20'] },
      },
      {
        table: 'nba_analytics.team_defense_game_summary',
        dates: ['2023-11-15'],
        neededBy: { PlayerCompositeFactorsProcessor: ['2023-11-20', '2023-12-10'] },
      },
    ]);
    expect(plan.missingUpstream.map((m) => compactDates(m.dates, EXPECTED))).toEqual([
      [{ start: '2023-11-01', end: '2023-11-05', count: 4 }],
      [{ start: '2023-11-15', end: '2023-11-15', count: 1 }],
    ]);
    expect(plan.refused).toBe(true);
    // The plan is still built: what would run, had the override been given.
    expect(plan.steps.map((s) => s.processors)).toEqual([
      { PlayerCompositeFactorsProcessor: ['2023-11-20', '2023-12-10'] },
    ]);
  });

  it('reads the window [D - 30, D]: both ends count, the day before it does not', () => {
    const plan = planRerun(
      catalog,
      ask({ PlayerCompositeFactorsProcessor: ['2023-12-10'] }),
      facts({ player_game_summary: ['2023-11-09', '2023-11-10', '2023-12-10', '2023-12-11'] }),
    );
    expect(plan.missingUpstream).toEqual([
      {
        table: 'nba_analytics.player_game_summary',
        dates: ['2023-11-10', '2023-12-10'],
        neededBy: { PlayerCompositeFactorsProcessor: ['2023-12-10'] },
      },
    ]);
  });

  it('does not let optional or expected-partial Phase 3 tables block Phase 4', () => {
    const plan = planRerun(
      catalog,
      ask({ PlayerCompositeFactorsProcessor: ['2023-11-20'] }),
      facts({ upcoming_player_game_context: novemberGameDays, upcoming_team_game_context: ['2023-11-19'] }),
    );
    expect(plan).toMatchObject({ missingUpstream: [], refused: false });
  });

  it('counts a Phase 3 date in the same plan as present for Phase 4', () => {
    const missing = facts({ player_game_summary: ['2023-11-05'] });
    const alone = planRerun(catalog, ask({ PlayerCompositeFactorsProcessor: ['2023-11-20'] }), missing);
    expect(alone.missingUpstream.map((m) => [m.table, m.dates])).toEqual([
      ['nba_analytics.player_game_summary', ['2023-11-05']],
    ]);

    const together = planRerun(
      catalog,
      ask({ PlayerCompositeFactorsProcessor: ['2023-11-20'], PlayerGameSummaryProcessor: ['2023-11-05'] }),
      missing,
    );
    expect(together).toMatchObject({ missingUpstream: [], refused: false });
    expect(together.steps).toEqual([
      { index: 0, phase: 3, processors: { PlayerGameSummaryProcessor: ['2023-11-05'] }, dependsOn: null },
      { index: 1, phase: 4, processors: { PlayerCompositeFactorsProcessor: ['2023-11-20'] }, dependsOn: 0 },
    ]);
  });

  it('needs the stage before in the chain on the same date, unless it runs earlier in the plan', () => {
    const missing = facts({
      player_composite_factors: ['2023-11-20', '2023-11-21'],
      // Two stages before: the daily cache reads the composite factors, not the zone analyses.
      team_defense_zone_analysis: ['2023-11-20'],
    });
    expect(
      planRerun(catalog, ask({ PlayerDailyCacheProcessor: ['2023-11-20'] }), missing).missingUpstream,
    ).toEqual([
      {
        table: 'nba_precompute.player_composite_factors',
        dates: ['2023-11-20'],
        neededBy: { PlayerDailyCacheProcessor: ['2023-11-20'] },
      },
    ]);
    expect(
      planRerun(
        catalog,
        ask({ PlayerDailyCacheProcessor: ['2023-11-20'], PlayerCompositeFactorsProcessor: ['2023-11-20'] }),
        missing,
      ).missingUpstream,
    ).toEqual([
      {
        table: 'nba_precompute.team_defense_zone_analysis',
        dates: ['2023-11-20'],
        neededBy: { PlayerCompositeFactorsProcessor: ['2023-11-20'] },
      },
    ]);
  });

  it("checks Phase 3 against Phase 2's critical tables and Phase 5 against Phase 4 on the same date only", () => {
    const plan = planRerun(
      catalog,
      ask({ PlayerGameSummaryProcessor: ['2023-11-20'], PredictionWorkerProcessor: ['2023-11-20'] }),
      facts({
        nbac_gamebook_player_stats: ['2023-11-19', '2023-11-20'],
        // Optional in Phase 2: never blocks.
        bdl_player_boxscores: ['2023-11-20'],
        ml_feature_store: ['2023-11-19', '2023-11-20'],
      }),
    );
    expect(plan.missingUpstream).toEqual([
      {
        table: 'nba_raw.nbac_gamebook_player_stats',
        dates: ['2023-11-20'],
        neededBy: { PlayerGameSummaryProcessor: ['2023-11-20'] },
      },
      {
        table: 'nba_precompute.ml_feature_store',
        dates: ['2023-11-20'],
        neededBy: { PredictionWorkerProcessor: ['2023-11-20'] },
      },
    ]);
  });

  it('checks nothing upstream of the first phase', () => {
    const plan = planRerun(catalog, ask({ NbacTeamBoxscoreProcessor: ['2023-11-20'] }), {
      expected: EXPECTED,
      present: new Map(),
    });
    expect(plan).toMatchObject({ missingUpstream: [], refused: false });
  });

  it('lets an override through, still listing what is missing', () => {
    const missing = facts({ player_game_summary: ['2023-11-05'] });
    const asked = { PlayerCompositeFactorsProcessor: ['2023-11-20'] };
    const refused = planRerun(catalog, ask(asked), missing);
    const overridden = planRerun(catalog, ask(asked, { override: true }), missing);
    expect(refused.refused).toBe(true);
    expect(overridden).toEqual({ ...refused, refused: false });
    expect(overridden.missingUpstream).toEqual([
      {
        table: 'nba_analytics.player_game_summary',
        dates: ['2023-11-05'],
        neededBy: { PlayerCompositeFactorsProcessor: ['2023-11-20'] },
      },
    ]);
  });
});
