import { describe, expect, it } from 'vitest';
import type { Watch } from '../../../src/domain/watch/watch.js';
import { dueTick, stepWatch } from '../../../src/domain/watch/watch-step.js';
import type { WatchView } from '../../../src/domain/watch/watch-view.js';
import { VIEW } from '../../store/watch-fixtures.js';

// A watch started at 13:00 UTC, every 5 minutes, for 12 hours; 30 quiet minutes are a stall.
const WATCH: Watch = {
  id: 'w_0123456789ab',
  version: 1,
  state: 'active',
  channel: 'C_OPS',
  words: 'watch 2021-22 every 5m',
  range: { start: '2021-10-19', end: '2022-06-16' },
  rangeLabel: 'season 2021-22',
  target: null,
  everySeconds: 300,
  startedBy: 'U_OPS',
  startedByHandle: 'ops',
  startedAt: '2026-11-23T13:00:00.000Z',
  expiresAt: '2026-11-24T01:00:00.000Z',
  lastTickAt: null,
  lastProgressAt: '2026-11-23T13:00:00.000Z',
  progress: 100,
  stalled: false,
  stalls: 0,
  view: VIEW,
  endedAt: null,
  stoppedBy: null,
  stoppedByHandle: null,
};
const at = (hhmm: string, day = '2026-11-23') => new Date(`${day}T${hhmm}:00.000Z`);
const viewWith = (progress: number, complete = false): WatchView => ({ ...VIEW, progress, complete });
const SETTINGS = { stallMinutes: 30 };

describe('which tick of a watch is due', () => {
  it('falls every `every` from the start, none before the first', () => {
    expect(dueTick(WATCH, at('13:04'))).toBeNull();
    expect(dueTick(WATCH, at('13:05'))).toBe('2026-11-23T13:05:00.000Z');
    expect(dueTick(WATCH, at('13:09'))).toBe('2026-11-23T13:05:00.000Z');
  });

  it('is not due again once drawn, and after downtime only the latest slot is due', () => {
    const drawn = { ...WATCH, lastTickAt: '2026-11-23T13:05:00.000Z' };
    expect(dueTick(drawn, at('13:09'))).toBeNull();
    expect(dueTick(drawn, at('13:10'))).toBe('2026-11-23T13:10:00.000Z');
    expect(dueTick(drawn, at('15:47'))).toBe('2026-11-23T15:45:00.000Z');
  });

  it('is the expiry itself once the watch has run its hours', () => {
    expect(dueTick(WATCH, at('01:00', '2026-11-24'))).toBe('2026-11-24T01:00:00.000Z');
    expect(
      dueTick({ ...WATCH, lastTickAt: '2026-11-24T01:00:00.000Z' }, at('02:00', '2026-11-24')),
    ).toBeNull();
  });
});

describe('what one tick makes of a watch', () => {
  const tick = (watch: Watch, view: WatchView, now: Date) =>
    stepWatch(watch, view, dueTick(watch, now) ?? 'none', now, SETTINGS);

  it('records progress when more table-dates are present, and keeps the rest', () => {
    expect(tick(WATCH, viewWith(103), at('13:05'))).toEqual({
      state: 'active',
      fields: {
        lastTickAt: '2026-11-23T13:05:00.000Z',
        view: viewWith(103),
        progress: 103,
        lastProgressAt: '2026-11-23T13:05:00.000Z',
      },
      events: [],
    });
  });

  it('alerts a stall once, after stallMinutes without progress, and says when progress resumes', () => {
    expect(tick(WATCH, viewWith(100), at('13:25')).events).toEqual([]);
    const stall = tick(WATCH, viewWith(100), at('13:30'));
    expect(stall).toMatchObject({
      state: 'active',
      fields: { stalled: true, stalls: 1 },
      events: ['stalled'],
    });
    const stalled = { ...WATCH, stalled: true, stalls: 1 };
    expect(tick(stalled, viewWith(100), at('14:30'))).toEqual({
      state: 'active',
      fields: { lastTickAt: '2026-11-23T14:30:00.000Z', view: viewWith(100) },
      events: [],
    });
    expect(tick(stalled, viewWith(101), at('14:35'))).toMatchObject({
      state: 'active',
      fields: { stalled: false, progress: 101, lastProgressAt: '2026-11-23T14:35:00.000Z' },
      events: ['resumed'],
    });
  });

  it('counts fewer present table-dates as no progress, but counts the next rise from there', () => {
    const fell = tick(WATCH, viewWith(90), at('13:05'));
    expect(fell.fields).toMatchObject({ progress: 90 });
    expect(fell.fields.lastProgressAt).toBeUndefined();
  });

  it('completes when every phase is, and expires at its hours if not', () => {
    expect(tick({ ...WATCH, stalled: true }, viewWith(140, true), at('16:12'))).toEqual({
      state: 'complete',
      fields: {
        lastTickAt: '2026-11-23T16:10:00.000Z',
        view: viewWith(140, true),
        endedAt: '2026-11-23T16:12:00.000Z',
        progress: 140,
      },
      events: [],
    });
    expect(tick(WATCH, viewWith(120), at('01:00', '2026-11-24'))).toMatchObject({
      state: 'expired',
      fields: { endedAt: '2026-11-24T01:00:00.000Z', lastTickAt: '2026-11-24T01:00:00.000Z' },
      events: [],
    });
  });
});
