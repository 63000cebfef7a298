import type { IsoDate } from '../domain/dates.js';

export type MilestoneStatus = 'upcoming' | 'due today' | 'past';

/** Where a milestone stands on a day: before its date, on it, or after it. */
export const milestoneStatus = (dueOn: IsoDate, today: IsoDate): MilestoneStatus =>
  today < dueOn ? 'upcoming' : today === dueOn ? 'due today' : 'past';
