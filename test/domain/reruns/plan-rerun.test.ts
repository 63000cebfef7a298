import { describe, expect, it } from 'vitest';
import type { Catalog } from '../../../src/config/catalog-schema.js';
import { eachDay } from '../../../src/domain/dates.js';
import { BadInputError } from '../../../src/domain/errors.js';
import { planRerun } from '../../../src/domain/reruns/plan-rerun.js';
import { rerunFactsRange } from '../../../src/domain/reruns/rerun-facts-range.js';
import { ask, catalog, each, facts, firstGameDays, gameDays, PHASE_4, withReruns } from './rerun-world.js';

// Rules 1, 2, 5 and 6 of the re-run plan, and the facts it needs. The upstream check (rule 3) and
// the downstream impact (rule 4) have files of their own.

const P4_TOPIC = 'nba-phase4-precompute-trigger';
const P3_TOPIC = 'nba-phase3-analytics-trigger';

describe('rule 1: expected dates only', () => {
  it('skips bootstrap days of Phase 4 and dates without games', () => {
    const plan = planRerun(
      catalog,
      ask({
        PlayerCompositeFactorsProcessor: eachDay('2023-10-23', '2023-11-03'),
        PlayerGameSummaryProcessor: ['2023-10-24', '2023-11-03'],
      }),
      facts(),
    );
    expect(plan.skipped).toEqual([
      { processor: 'PlayerGameSummaryProcessor', dates: ['2023-11-03'], why: 'no-game' },
      { processor: 'PlayerCompositeFactorsProcessor', dates: ['2023-10-23', '2023-11-03'], why: 'no-game' },
      {
        processor: 'PlayerCompositeFactorsProcessor',
        dates: eachDay('2023-10-24', '2023-10-30'),
        why: 'bootstrap',
      },
    ]);
    // Phase 3 is not a bootstrap phase: its opening night runs.
    expect(plan.steps).toEqual([
      { index: 0, phase: 3, processors: { PlayerGameSummaryProcessor: ['2023-10-24'] }, dependsOn: null },
      {
        index: 1,
        phase: 4,
        processors: { PlayerCompositeFactorsProcessor: ['2023-10-31', '2023-11-01', '2023-11-02'] },
        dependsOn: 0,
      },
    ]);
  });

  it("takes a season's own bootstrapDays over the catalog default", () => {
    const threeDays: Catalog = {
      ...catalog,
      seasons: catalog.seasons.map((s) => (s.id === '2023-24' ? { ...s, bootstrapDays: 3 } : s)),
    };
    const plan = planRerun(
      threeDays,
      ask({ MLFeatureStoreProcessor: gameDays('2023-10-24', '2023-10-28') }),
      facts(),
    );
    expect(plan.skipped).toEqual([
      {
        processor: 'MLFeatureStoreProcessor',
        dates: ['2023-10-24', '2023-10-25', '2023-10-26'],
        why: 'bootstrap',
      },
    ]);
    expect(plan.steps.map((s) => s.processors)).toEqual([
      { MLFeatureStoreProcessor: ['2023-10-27', '2023-10-28'] },
    ]);
  });

  it('plans nothing when nothing asked is expected', () => {
    expect(planRerun(catalog, ask({ PlayerGameSummaryProcessor: ['2023-11-23'] }), facts())).toEqual({
      steps: [],
      messages: [],
      skipped: [{ processor: 'PlayerGameSummaryProcessor', dates: ['2023-11-23'], why: 'no-game' }],
      missingUpstream: [],
      downstream: [],
      processorDates: 0,
      needsApproval: false,
      refused: false,
    });
  });
});

describe('rule 2: order', () => {
  it('runs the Phase 4 chain step by step: zone analyses together, then composite factors, then daily cache, then the feature store', () => {
    const days = ['2023-11-14', '2023-11-15', '2023-11-16'];
    const plan = planRerun(catalog, ask(each([...PHASE_4].reverse(), days)), facts());
    expect(plan).toEqual({
      steps: [
        {
          index: 0,
          phase: 4,
          processors: { TeamDefenseZoneAnalysisProcessor: days, PlayerShotZoneAnalysisProcessor: days },
          dependsOn: null,
        },
        { index: 1, phase: 4, processors: { PlayerCompositeFactorsProcessor: days }, dependsOn: 0 },
        { index: 2, phase: 4, processors: { PlayerDailyCacheProcessor: days }, dependsOn: 1 },
        { index: 3, phase: 4, processors: { MLFeatureStoreProcessor: days }, dependsOn: 2 },
      ],
      messages: PHASE_4.map((processor, i) => ({
        id: `${processor}:2023-11-14:2023-11-16`,
        step: Math.max(0, i - 1),
        processor,
        phase: 4,
        topic: P4_TOPIC,
        dates: days,
      })),
      skipped: [],
      missingUpstream: [],
      downstream: [{ processor: 'PredictionWorkerProcessor', phase: 5, dates: days, included: false }],
      processorDates: 15,
      needsApproval: false,
      refused: false,
    });
    // Processors within a step in catalog order, whatever order they were asked in.
    expect(plan.steps.map((s) => Object.keys(s.processors))).toEqual([
      ['TeamDefenseZoneAnalysisProcessor', 'PlayerShotZoneAnalysisProcessor'],
      ['PlayerCompositeFactorsProcessor'],
      ['PlayerDailyCacheProcessor'],
      ['MLFeatureStoreProcessor'],
    ]);
  });

  it("runs phase by phase, a phase's processors side by side, and emits no empty step", () => {
    const day = ['2023-11-20'];
    const plan = planRerun(
      catalog,
      ask(
        each(
          [
            'PredictionWorkerProcessor',
            'TeamDefenseGameSummaryProcessor',
            'PlayerGameSummaryProcessor',
            'NbacGamebookProcessor',
            'NbacTeamBoxscoreProcessor',
          ],
          day,
        ),
      ),
      facts(),
    );
    expect(plan.steps).toEqual([
      {
        index: 0,
        phase: 2,
        processors: { NbacTeamBoxscoreProcessor: day, NbacGamebookProcessor: day },
        dependsOn: null,
      },
      {
        index: 1,
        phase: 3,
        processors: { PlayerGameSummaryProcessor: day, TeamDefenseGameSummaryProcessor: day },
        dependsOn: 0,
      },
      { index: 2, phase: 5, processors: { PredictionWorkerProcessor: day }, dependsOn: 1 },
    ]);
    expect(plan.steps.map((s) => Object.keys(s.processors))).toEqual([
      ['NbacTeamBoxscoreProcessor', 'NbacGamebookProcessor'],
      ['PlayerGameSummaryProcessor', 'TeamDefenseGameSummaryProcessor'],
      ['PredictionWorkerProcessor'],
    ]);
  });

  it('de-duplicates and sorts the dates asked', () => {
    const plan = planRerun(
      catalog,
      ask({ PlayerGameSummaryProcessor: ['2023-11-21', '2023-11-20', '2023-11-21'] }),
      facts(),
    );
    expect(plan.steps[0]?.processors).toEqual({ PlayerGameSummaryProcessor: ['2023-11-20', '2023-11-21'] });
    expect(plan.processorDates).toBe(2);
  });

  it('refuses a processor outside every phase, listing the ones it knows', () => {
    expect(() => planRerun(catalog, ask({ NoSuchProcessor: ['2023-11-20'] }), facts())).toThrow(
      BadInputError,
    );
    expect(() => planRerun(catalog, ask({ NoSuchProcessor: ['2023-11-20'] }), facts())).toThrow(
      'unknown processor "NoSuchProcessor" (not part of any phase)',
    );
  });
});

describe('rule 5: messages', () => {
  it("cuts a processor's dates into messages of consecutive game days, at most batchDates each (a no-game day does not split, a left-out game day does)", () => {
    // 2023-11-03 has no game; 2023-11-06 is a game day left out of the ask.
    const asked = [
      '2023-11-01',
      '2023-11-02',
      '2023-11-03',
      '2023-11-04',
      '2023-11-05',
      '2023-11-07',
      '2023-11-08',
    ];
    const plan = planRerun(catalog, ask({ PlayerGameSummaryProcessor: asked }), facts());
    const message = (dates: string[]) => ({
      id: `PlayerGameSummaryProcessor:${dates[0]}:${dates[dates.length - 1]}`,
      step: 0,
      processor: 'PlayerGameSummaryProcessor',
      phase: 3,
      topic: P3_TOPIC,
      dates,
    });
    expect(plan.messages).toEqual([
      message(['2023-11-01', '2023-11-02', '2023-11-04', '2023-11-05']),
      message(['2023-11-07', '2023-11-08']),
    ]);

    const byThree = planRerun(
      withReruns({ batchDates: 3 }),
      ask({ PlayerGameSummaryProcessor: gameDays('2023-11-01', '2023-11-08') }),
      facts(),
    );
    expect(byThree.messages).toEqual([
      message(['2023-11-01', '2023-11-02', '2023-11-04']),
      message(['2023-11-05', '2023-11-06', '2023-11-07']),
      message(['2023-11-08']),
    ]);
  });

  it("cuts at the catalog's 31 dates a message", () => {
    const days = gameDays('2023-12-01', '2024-01-15');
    expect(days).toHaveLength(45);
    const plan = planRerun(catalog, ask({ TeamDefenseGameSummaryProcessor: days }), facts());
    expect(plan.messages.map((m) => [m.id, m.dates.length])).toEqual([
      ['TeamDefenseGameSummaryProcessor:2023-12-01:2024-01-01', 31],
      ['TeamDefenseGameSummaryProcessor:2024-01-02:2024-01-15', 14],
    ]);
  });

  it("joins a bootstrap phase's dates across the bootstrap days it never runs", () => {
    // The last game of 2023-24's regular season, then 2024-25's opening night, a bootstrap day and
    // Phase 4's first day (the bootstrap window is 2024-10-22..2024-10-28).
    const expected = ['2024-04-14', '2024-10-22', '2024-10-28', '2024-10-29'];
    const plan = planRerun(catalog, ask({ PlayerDailyCacheProcessor: ['2024-04-14', '2024-10-29'] }), {
      expected,
      present: facts().present,
    });
    expect(plan.messages.map((m) => m.dates)).toEqual([['2024-04-14', '2024-10-29']]);
  });
});

describe('rule 6: limits', () => {
  it('asks an approver above maxDatesPerRequest', () => {
    const days = firstGameDays(100, '2023-11-01');
    const atLimit = ask(each(['PlayerGameSummaryProcessor', 'TeamDefenseGameSummaryProcessor'], days));
    expect(planRerun(catalog, atLimit, facts())).toMatchObject({ processorDates: 200, needsApproval: false });

    const overLimit = ask({ ...atLimit.dates, TeamOffenseGameSummaryProcessor: ['2023-11-01'] });
    expect(planRerun(catalog, overLimit, facts())).toMatchObject({
      processorDates: 201,
      needsApproval: true,
    });
  });

  it('counts the downstream dates it includes toward the limit', () => {
    const asked = { PlayerGameSummaryProcessor: ['2023-12-20', '2023-12-27'] };
    expect(planRerun(catalog, ask(asked), facts())).toMatchObject({
      processorDates: 2,
      needsApproval: false,
    });
    // Phase 4's five processors and Phase 5 on the 37 game days 2023-12-20..2024-01-26.
    expect(gameDays('2023-12-20', '2024-01-26')).toHaveLength(37);
    expect(planRerun(catalog, ask(asked, { withDownstream: true }), facts())).toMatchObject({
      processorDates: 2 + 6 * 37,
      needsApproval: true,
    });
  });
});

describe('rerunFactsRange', () => {
  it('widens the asked dates by the lookback window both ways', () => {
    expect(
      rerunFactsRange(
        catalog,
        ask({
          PlayerGameSummaryProcessor: ['2023-12-20', '2023-11-05'],
          MLFeatureStoreProcessor: ['2023-11-20'],
        }),
      ),
    ).toEqual({ start: '2023-10-06', end: '2024-01-19' });
  });

  it('refuses an ask with no dates', () => {
    expect(() => rerunFactsRange(catalog, ask({ PlayerGameSummaryProcessor: [] }))).toThrow(BadInputError);
  });
});
