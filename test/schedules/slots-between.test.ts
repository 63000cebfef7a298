import { describe, expect, it } from 'vitest';
import { latestSlot, slotsBetween } from '../../src/schedules/slots-between.js';
import { NEW_YORK } from './schedule-fixtures.js';

const iso = (slots: Date[]) => slots.map((s) => s.toISOString());
const between = (cron: string, from: string, to: string) =>
  iso(slotsBetween(cron, NEW_YORK, new Date(from), new Date(to)));

describe('slotsBetween, America/New_York', () => {
  it('fires a 09:00 job once a day across the spring-forward day, at 09:00 EST then EDT', () => {
    expect(between('0 9 * * *', '2026-03-07T00:00:00Z', '2026-03-10T00:00:00Z')).toEqual([
      '2026-03-07T14:00:00.000Z',
      '2026-03-08T13:00:00.000Z',
      '2026-03-09T13:00:00.000Z',
    ]);
  });

  it('fires a 09:00 job once a day across the fall-back day, at 09:00 EDT then EST', () => {
    expect(between('0 9 * * *', '2026-10-31T00:00:00Z', '2026-11-03T00:00:00Z')).toEqual([
      '2026-10-31T13:00:00.000Z',
      '2026-11-01T14:00:00.000Z',
      '2026-11-02T14:00:00.000Z',
    ]);
  });

  it('fires a 02:30 job once on 2026-03-08, at 03:00 EDT, where 02:30 does not exist', () => {
    expect(between('30 2 * * *', '2026-03-07T00:00:00Z', '2026-03-10T00:00:00Z')).toEqual([
      '2026-03-07T07:30:00.000Z', // 02:30 EST
      '2026-03-08T07:00:00.000Z', // 03:00 EDT, the transition
      '2026-03-09T06:30:00.000Z', // 02:30 EDT
    ]);
  });

  it('finds the moved 02:30 slot in a window that ends before 02:30 would have been (03:30 EDT)', () => {
    expect(between('30 2 * * *', '2026-03-08T06:59:00Z', '2026-03-08T07:10:00Z')).toEqual([
      '2026-03-08T07:00:00.000Z',
    ]);
    expect(between('30 2 * * *', '2026-03-08T07:00:00Z', '2026-03-08T08:00:00Z')).toEqual([]);
  });

  it('fires a 02:30 job once on 2026-11-01 (02:30 happens once there: the clocks go back at 02:00)', () => {
    expect(between('30 2 * * *', '2026-10-31T00:00:00Z', '2026-11-03T00:00:00Z')).toEqual([
      '2026-10-31T06:30:00.000Z',
      '2026-11-01T07:30:00.000Z', // 02:30 EST
      '2026-11-02T07:30:00.000Z',
    ]);
  });

  it('fires a 01:30 job, whose time happens twice on 2026-11-01, once: the first (EDT)', () => {
    expect(between('30 1 * * *', '2026-10-31T00:00:00Z', '2026-11-03T00:00:00Z')).toEqual([
      '2026-10-31T05:30:00.000Z',
      '2026-11-01T05:30:00.000Z', // 01:30 EDT; 01:30 EST (06:30Z) is not a slot
      '2026-11-02T06:30:00.000Z',
    ]);
    // A window that opens between the two 01:30s (a tick) does not find the second.
    expect(between('30 1 * * *', '2026-11-01T05:45:00Z', '2026-11-01T07:00:00Z')).toEqual([]);
  });

  it('is exclusive of the start and inclusive of the end, to the minute', () => {
    expect(between('0 8 * * *', '2026-03-09T12:00:00Z', '2026-03-10T12:00:00Z')).toEqual([
      '2026-03-10T12:00:00.000Z',
    ]);
    expect(between('0 8 * * *', '2026-03-10T12:00:00Z', '2026-03-10T12:00:59Z')).toEqual([]);
  });

  it('refuses a cron expression it cannot read, as a catalog error', () => {
    expect(() => slotsBetween('0 25 * * *', NEW_YORK, new Date(0), new Date(86_400_000))).toThrow(
      expect.objectContaining({ code: 'CATALOG_INVALID' }),
    );
  });
});

describe('latestSlot', () => {
  it('is the newest slot at or before the instant, however far back', () => {
    expect(latestSlot('0 9 * * *', NEW_YORK, new Date('2026-03-08T12:59:00Z'))?.toISOString()).toBe(
      '2026-03-07T14:00:00.000Z',
    );
    expect(latestSlot('0 9 1 1 *', NEW_YORK, new Date('2026-11-01T00:00:00Z'))?.toISOString()).toBe(
      '2026-01-01T14:00:00.000Z',
    );
  });

  it('never answers the repeated 01:30 of 2026-11-01', () => {
    expect(latestSlot('30 1 * * *', NEW_YORK, new Date('2026-11-01T07:00:00Z'))?.toISOString()).toBe(
      '2026-11-01T05:30:00.000Z',
    );
  });
});
