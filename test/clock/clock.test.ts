import { describe, expect, it } from 'vitest';
import { clockFromEnv, startedClock } from '../../src/clock/clock.js';

describe('the clock from BACKFILL_NOW', () => {
  it('starts at the given day (noon UTC for a date) and runs on at real speed', () => {
    let real = 1_000_000;
    const clock = startedClock(new Date('2026-01-24T15:00:00Z'), () => real);
    expect(clock.now().toISOString()).toBe('2026-01-24T15:00:00.000Z');
    real += 90_000;
    expect(clock.now().toISOString()).toBe('2026-01-24T15:01:30.000Z');
    const fromDate = clockFromEnv('2026-11-23').now().getTime();
    expect(fromDate - Date.parse('2026-11-23T12:00:00Z')).toBeLessThan(1_000);
    expect(clockFromEnv('2026-01-24T10:00:00-05:00').now().toISOString().slice(0, 16)).toBe(
      '2026-01-24T15:00',
    );
  });

  it('refuses what is not a date, saying what is accepted', () => {
    expect(() => clockFromEnv('next tuesday')).toThrow('BACKFILL_NOW=next tuesday is not a date');
  });
});
