import { describe, expect, it } from 'vitest';
import { planRerun } from '../../../src/domain/reruns/plan-rerun.js';
import { ask, catalog, each, facts, gameDays, PHASE_4 } from './rerun-world.js';

// Rule 4: a re-run makes stale the later stages of its phase on its date, and the next phase on its
// date or, at the Phase 3 -> 4 boundary, on every date whose lookback window contains it. With
// `withDownstream` those join the plan, and what they make stale too.

const stale = (processors: string[], phase: number, dates: string[], included: boolean) =>
  processors.map((processor) => ({ processor, phase, dates, included }));

describe('rule 4: downstream impact', () => {
  it('lists the Phase 4 dates a Phase 3 re-run makes stale, and includes them in order with downstream', () => {
    // Every game day whose 30-day window holds 2023-12-20 (2023-12-24 has no game).
    const window = gameDays('2023-12-20', '2024-01-19');
    expect(window).toHaveLength(30);
    const asked = { PlayerGameSummaryProcessor: ['2023-12-20'] };

    const alone = planRerun(catalog, ask(asked), facts());
    // Phase 5 is not stale: it agrees with the Phase 4 it read, which this plan does not change.
    expect(alone.downstream).toEqual(stale(PHASE_4, 4, window, false));
    expect(alone.steps).toEqual([
      { index: 0, phase: 3, processors: { PlayerGameSummaryProcessor: ['2023-12-20'] }, dependsOn: null },
    ]);
    expect(alone.processorDates).toBe(1);

    const withDownstream = planRerun(catalog, ask(asked, { withDownstream: true }), facts());
    expect(withDownstream.downstream).toEqual([
      ...stale(PHASE_4, 4, window, true),
      ...stale(['PredictionWorkerProcessor'], 5, window, true),
    ]);
    expect(withDownstream.steps).toEqual([
      { index: 0, phase: 3, processors: { PlayerGameSummaryProcessor: ['2023-12-20'] }, dependsOn: null },
      {
        index: 1,
        phase: 4,
        processors: { TeamDefenseZoneAnalysisProcessor: window, PlayerShotZoneAnalysisProcessor: window },
        dependsOn: 0,
      },
      { index: 2, phase: 4, processors: { PlayerCompositeFactorsProcessor: window }, dependsOn: 1 },
      { index: 3, phase: 4, processors: { PlayerDailyCacheProcessor: window }, dependsOn: 2 },
      { index: 4, phase: 4, processors: { MLFeatureStoreProcessor: window }, dependsOn: 3 },
      { index: 5, phase: 5, processors: { PredictionWorkerProcessor: window }, dependsOn: 4 },
    ]);
    expect(withDownstream.processorDates).toBe(1 + 6 * 30);
    expect(withDownstream.messages.map((m) => [m.step, m.id])).toEqual([
      [0, 'PlayerGameSummaryProcessor:2023-12-20:2023-12-20'],
      [1, 'TeamDefenseZoneAnalysisProcessor:2023-12-20:2024-01-19'],
      [1, 'PlayerShotZoneAnalysisProcessor:2023-12-20:2024-01-19'],
      [2, 'PlayerCompositeFactorsProcessor:2023-12-20:2024-01-19'],
      [3, 'PlayerDailyCacheProcessor:2023-12-20:2024-01-19'],
      [4, 'MLFeatureStoreProcessor:2023-12-20:2024-01-19'],
      [5, 'PredictionWorkerProcessor:2023-12-20:2024-01-19'],
    ]);
  });

  it('leaves bootstrap days out of the Phase 4 dates it makes stale', () => {
    const plan = planRerun(catalog, ask({ PlayerGameSummaryProcessor: ['2023-10-26'] }), facts());
    // 2023-10-26..2023-11-25, without the bootstrap days to 2023-10-30 and the days without games.
    expect(plan.downstream).toEqual(stale(PHASE_4, 4, gameDays('2023-10-31', '2023-11-25'), false));
    expect(gameDays('2023-10-31', '2023-11-25')).toHaveLength(24);
  });

  it('makes the rest of the chain and Phase 5 stale on the same date after a zone analysis re-run', () => {
    const day = ['2023-11-20'];
    const asked = { TeamDefenseZoneAnalysisProcessor: day };
    expect(planRerun(catalog, ask(asked), facts()).downstream).toEqual([
      // The shot zone analysis runs beside it, not after it: not stale.
      ...stale(
        ['PlayerCompositeFactorsProcessor', 'PlayerDailyCacheProcessor', 'MLFeatureStoreProcessor'],
        4,
        day,
        false,
      ),
      ...stale(['PredictionWorkerProcessor'], 5, day, false),
    ]);
    expect(
      planRerun(catalog, ask(asked, { withDownstream: true }), facts()).steps.map((s) => s.processors),
    ).toEqual([
      { TeamDefenseZoneAnalysisProcessor: day },
      { PlayerCompositeFactorsProcessor: day },
      { PlayerDailyCacheProcessor: day },
      { MLFeatureStoreProcessor: day },
      { PredictionWorkerProcessor: day },
    ]);
  });

  it('does not list as stale what the plan already runs', () => {
    const day = ['2023-11-20'];
    const plan = planRerun(
      catalog,
      ask(each(['PlayerCompositeFactorsProcessor', 'PlayerDailyCacheProcessor'], day)),
      facts(),
    );
    expect(plan.downstream).toEqual([
      ...stale(['MLFeatureStoreProcessor'], 4, day, false),
      ...stale(['PredictionWorkerProcessor'], 5, day, false),
    ]);
  });

  it('checks the downstream dates it includes like asked ones', () => {
    const missing = facts({ team_defense_game_summary: ['2023-12-22'] });
    const asked = { PlayerGameSummaryProcessor: ['2023-12-20'] };
    expect(planRerun(catalog, ask(asked), missing)).toMatchObject({ missingUpstream: [], refused: false });

    const plan = planRerun(catalog, ask(asked, { withDownstream: true }), missing);
    // Phase 4 on every included date whose window holds 2023-12-22; Phase 5 reads Phase 4, which the
    // plan writes first.
    const readers = gameDays('2023-12-22', '2024-01-19');
    expect(plan.missingUpstream).toEqual([
      {
        table: 'nba_analytics.team_defense_game_summary',
        dates: ['2023-12-22'],
        neededBy: Object.fromEntries(PHASE_4.map((p) => [p, readers])),
      },
    ]);
    expect(plan.refused).toBe(true);
  });
});
