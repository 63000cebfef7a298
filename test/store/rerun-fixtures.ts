import type { RerunPlan } from '../../src/domain/reruns/rerun-plan.js';
import type { AuditInput, NewRerunRequest } from '../../src/store/state-store.js';

/**
 * A two-step plan as planRerun gives one: Phase 4 over six game days (two messages, 2024-01-02 is a
 * no-game day inside the first run), then Phase 5 over the same days. Every field set, nested.
 */
export const PLAN: RerunPlan = {
  steps: [
    {
      index: 0,
      phase: 4,
      processors: { PlayerDailyCacheProcessor: ['2024-01-01', '2024-01-03', '2024-01-05', '2024-01-06'] },
      dependsOn: null,
    },
    { index: 1, phase: 5, processors: { PredictionCoordinator: ['2024-01-05', '2024-01-06'] }, dependsOn: 0 },
  ],
  messages: [
    {
      id: 'PlayerDailyCacheProcessor:2024-01-01:2024-01-03',
      step: 0,
      processor: 'PlayerDailyCacheProcessor',
      phase: 4,
      topic: 'phase-4-rerun',
      dates: ['2024-01-01', '2024-01-03'],
    },
    {
      id: 'PlayerDailyCacheProcessor:2024-01-05:2024-01-06',
      step: 0,
      processor: 'PlayerDailyCacheProcessor',
      phase: 4,
      topic: 'phase-4-rerun',
      dates: ['2024-01-05', '2024-01-06'],
    },
    {
      id: 'PredictionCoordinator:2024-01-05:2024-01-06',
      step: 1,
      processor: 'PredictionCoordinator',
      phase: 5,
      topic: 'phase-5-rerun',
      dates: ['2024-01-05', '2024-01-06'],
    },
  ],
  skipped: [{ processor: 'PlayerDailyCacheProcessor', dates: ['2024-01-02'], why: 'no-game' }],
  missingUpstream: [],
  downstream: [
    { processor: 'PredictionCoordinator', phase: 5, dates: ['2024-01-05', '2024-01-06'], included: true },
  ],
  processorDates: 6,
  needsApproval: false,
  refused: false,
};

/** A plan over other dates: its messages run `first` and `last` only. */
export const planOver = (first: string, last: string): RerunPlan => ({
  ...PLAN,
  steps: [{ index: 0, phase: 4, processors: { PlayerDailyCacheProcessor: [first, last] }, dependsOn: null }],
  messages: [
    {
      id: `PlayerDailyCacheProcessor:${first}:${last}`,
      step: 0,
      processor: 'PlayerDailyCacheProcessor',
      phase: 4,
      topic: 'phase-4-rerun',
      dates: [first, last],
    },
  ],
  processorDates: 2,
});

/** Refused for missing upstream data: nothing to publish, so no dates. */
export const REFUSED_PLAN: RerunPlan = {
  ...PLAN,
  steps: [],
  messages: [],
  missingUpstream: [
    {
      table: 'nba_analytics.player_game_summary',
      dates: ['2024-01-05'],
      neededBy: { PlayerDailyCacheProcessor: ['2024-01-05'] },
    },
  ],
  processorDates: 0,
  refused: true,
};

export const newRerun = (over: Partial<NewRerunRequest> = {}): NewRerunRequest => ({
  id: 'r_0123456789ab',
  requestedBy: 'U_OPS',
  requestedByHandle: 'ops',
  channel: 'C_OPS',
  words: 'rerun precompute 2024-01-01..2024-01-06 --with-downstream',
  plan: PLAN,
  ...over,
});

/** What a Confirm click audits (the store merges `changed` into the result). */
export const confirmAudit = (id: string, actor = 'U_OPS'): AuditInput => ({
  actor,
  action: 'rerun.confirm',
  args: { id, idempotencyKey: `${id}:${actor}:confirm` },
  result: { state: 'confirmed' },
});
