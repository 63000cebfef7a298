import type { DateRange } from '../dates.js';
import type { WatchView } from './watch-view.js';

/** Where a watch stands: active until its range is complete, it is stopped, or its hours run out. */
export type WatchState = 'active' | 'complete' | 'stopped' | 'expired';

/**
 * A live backfill watch: one message in a channel, redrawn in place each tick from the warehouse,
 * and the state its ticks carry from one to the next (the last progress, a stall). Stored by the
 * state store, changed by compare-and-set on `version`.
 */
export interface Watch {
  /** `w_` and 12 hex digits; follows from the front's key, so a re-delivered command finds it. */
  id: string;
  /** Bumped by every change; updateWatch compares it. */
  version: number;
  state: WatchState;
  /** Where its message is posted. */
  channel: string;
  /** The words as typed after the command prefix, e.g. "watch 2021-22 analytics every 5m". */
  words: string;
  range: DateRange;
  /** As the range parser named it, e.g. "season 2021-22". */
  rangeLabel: string;
  /** The phase id or table name watched, as the catalog names it; null for every table. */
  target: string | null;
  /** Seconds between ticks (30 at least). */
  everySeconds: number;
  /** Slack user id, or `cli:<os user>`. */
  startedBy: string;
  startedByHandle: string | null;
  startedAt: string;
  /** When it stops itself if still incomplete (started + the catalog's watch.maxHours). */
  expiresAt: string;
  /** The slot of the last tick that redrew it; null before the first. */
  lastTickAt: string | null;
  /** When progress was last seen (the start, at first). */
  lastProgressAt: string;
  /** Table-dates present at the last progress: what a tick compares to tell progress. */
  progress: number;
  /** True from a stall alert until progress resumes. */
  stalled: boolean;
  /** Stall alerts posted so far (each stall's reply is keyed by its number). */
  stalls: number;
  /** The last view drawn: a stop redraws it without a warehouse round trip, App Home shows it. */
  view: WatchView;
  endedAt: string | null;
  stoppedBy: string | null;
  stoppedByHandle: string | null;
}

export const WATCH_STATES: readonly WatchState[] = ['active', 'complete', 'stopped', 'expired'];
