import type { Watch } from '../../src/domain/watch/watch.js';
import type { WatchView } from '../../src/domain/watch/watch-view.js';

// A watch of season 2021-22 in each state its message is drawn in, for the renderer fixtures: started
// at 13:00 UTC by @ops, every 5m for 12h; Phase 2 done, Phase 3 catching up, Phase 4 not moving.

const VIEW: WatchView = {
  at: '2026-11-23T14:05:00.000Z',
  phases: [
    {
      phase: 2,
      name: 'raw',
      expected: 165,
      complete: 165,
      completedLastHour: 0,
      perHour: null,
      etaMinutes: null,
    },
    {
      phase: 3,
      name: 'analytics',
      expected: 165,
      complete: 96,
      completedLastHour: 14,
      perHour: 12,
      etaMinutes: 345,
    },
    {
      phase: 4,
      name: 'precompute',
      expected: 158,
      complete: 40,
      completedLastHour: 0,
      perHour: 0,
      etaMinutes: null,
    },
  ],
  complete: false,
  expectedDates: 165,
  progress: 2140,
  failures: {
    since: '2026-11-23T12:00:00.000Z',
    open: 4,
    latest: [
      {
        processor: 'PlayerCompositeFactorsProcessor',
        date: '2021-12-02',
        startedAt: '2026-11-23T13:58:00.000Z',
        error: 'ValueError: expected <int> minutes & got "DNP" at row 17',
      },
      {
        processor: 'PlayerDailyCacheProcessor',
        date: '2021-12-01',
        startedAt: '2026-11-23T13:40:00.000Z',
        error: 'DependencyError: upstream nba_precompute.player_composite_factors missing',
      },
      {
        processor: 'PlayerGameSummaryProcessor',
        date: '2021-11-14',
        startedAt: '2026-11-23T13:12:00.000Z',
        error: 'TimeoutError: boxscore request timed out after 30 s',
      },
    ],
  },
};

const RUNNING: Watch = {
  id: 'w_0123456789ab',
  version: 13,
  state: 'active',
  channel: 'C0OPS',
  words: 'watch 2021-22 every 5m',
  range: { start: '2021-10-19', end: '2022-06-16' },
  rangeLabel: 'season 2021-22',
  target: null,
  everySeconds: 300,
  startedBy: 'U0OPS',
  startedByHandle: 'ops',
  startedAt: '2026-11-23T13:00:00.000Z',
  expiresAt: '2026-11-24T01:00:00.000Z',
  lastTickAt: '2026-11-23T14:05:00.000Z',
  lastProgressAt: '2026-11-23T14:05:00.000Z',
  progress: 2140,
  stalled: false,
  stalls: 0,
  view: VIEW,
  endedAt: null,
  stoppedBy: null,
  stoppedByHandle: null,
};

const stalledView: WatchView = {
  ...VIEW,
  at: '2026-11-23T14:45:00.000Z',
  phases: VIEW.phases.map((p) =>
    p.phase === 3 ? { ...p, completedLastHour: 0, perHour: 0, etaMinutes: null } : p,
  ),
};

const completeView: WatchView = {
  ...VIEW,
  at: '2026-11-23T16:12:00.000Z',
  complete: true,
  phases: VIEW.phases.map((p) => ({ ...p, complete: p.expected, perHour: null, etaMinutes: null })),
  failures: { ...VIEW.failures, open: 0, latest: [] },
};

export const WATCH_STATES: Record<'running' | 'stalled' | 'complete' | 'stopped', Watch> = {
  running: RUNNING,
  stalled: {
    ...RUNNING,
    stalled: true,
    stalls: 1,
    lastProgressAt: '2026-11-23T14:05:00.000Z',
    lastTickAt: '2026-11-23T14:45:00.000Z',
    view: stalledView,
  },
  complete: {
    ...RUNNING,
    state: 'complete',
    lastTickAt: '2026-11-23T16:10:00.000Z',
    endedAt: '2026-11-23T16:12:00.000Z',
    view: completeView,
  },
  stopped: {
    ...RUNNING,
    state: 'stopped',
    endedAt: '2026-11-23T14:20:00.000Z',
    stoppedBy: 'U0LEAD1',
    stoppedByHandle: 'lead1',
  },
};
