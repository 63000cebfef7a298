import { BackfillError } from '../domain/errors.js';

/** The clock port: everything that asks "what day is it" goes through here, so demos and tests can pin it. */
export interface Clock {
  now(): Date;
}

export const systemClock: Clock = { now: () => new Date() };

export function fixedClock(instant: Date): Clock {
  return { now: () => new Date(instant) };
}

/** A clock that reads `start` at the moment it is made and runs on from there at real speed. */
export function startedClock(start: Date, realNow: () => number = Date.now): Clock {
  const offset = start.getTime() - realNow();
  return { now: () => new Date(realNow() + offset) };
}

/**
 * BACKFILL_NOW: an ISO date (taken as 12:00 UTC, the same calendar day in every US zone) or an ISO
 * date-time, from which the clock runs on: the day is pinned for demos, while leases, backoff and
 * durations still pass (a stopped clock would never retry an outbox row). Unset: the real clock.
 */
export function clockFromEnv(value: string | undefined): Clock {
  if (!value) return systemClock;
  const text = /^\d{4}-\d{2}-\d{2}$/.test(value) ? `${value}T12:00:00Z` : value;
  const instant = new Date(text);
  if (Number.isNaN(instant.getTime())) {
    throw new BackfillError(
      'BAD_INPUT',
      `BACKFILL_NOW=${value} is not a date`,
      'Use an ISO date (2026-11-23) or date-time (2026-11-23T09:00:00-05:00), or unset it for the real clock.',
    );
  }
  return startedClock(instant);
}
