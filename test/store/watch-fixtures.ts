import type { WatchView } from '../../src/domain/watch/watch-view.js';
import type { NewWatch } from '../../src/store/state-store.js';

/** A view as watchView draws one: two phases, one done, one behind with an ETA, a failure. Every field set. */
export const VIEW: WatchView = {
  at: '2026-11-23T15:00:00.000Z',
  phases: [
    {
      phase: 2,
      name: 'raw',
      expected: 10,
      complete: 10,
      completedLastHour: 0,
      perHour: null,
      etaMinutes: null,
    },
    {
      phase: 3,
      name: 'analytics',
      expected: 10,
      complete: 4,
      completedLastHour: 2,
      perHour: 2,
      etaMinutes: 180,
    },
  ],
  complete: false,
  expectedDates: 10,
  progress: 54,
  failures: {
    since: '2026-11-23T14:00:00.000Z',
    open: 1,
    latest: [
      {
        processor: 'PlayerGameSummaryProcessor',
        date: '2021-11-02',
        startedAt: '2026-11-23T14:30:00.000Z',
        error: 'ValueError: expected <int> & got "DNP"',
      },
    ],
  },
};

export const newWatch = (over: Partial<NewWatch> = {}): NewWatch => ({
  id: 'w_0123456789ab',
  channel: 'C_OPS',
  words: 'watch 2021-22 3 every 5m',
  range: { start: '2021-10-19', end: '2022-06-16' },
  rangeLabel: 'season 2021-22',
  target: '3',
  everySeconds: 300,
  startedBy: 'U_OPS',
  startedByHandle: 'ops',
  expiresAt: '2026-11-24T03:00:00.000Z',
  progress: 54,
  view: VIEW,
  ...over,
});
