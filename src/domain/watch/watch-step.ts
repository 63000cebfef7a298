import type { Watch, WatchState } from './watch.js';
import type { WatchView } from './watch-view.js';

/** What a tick reads of a watch. */
export type WatchClock = Pick<Watch, 'startedAt' | 'everySeconds' | 'expiresAt' | 'lastTickAt'>;

/**
 * The tick due now, as the ISO instant of its slot, or null when none is: slots fall every
 * `everySeconds` from the start, the last one at `expiresAt`. After downtime only the latest slot
 * is due (a watch is redrawn once, never once per missed slot); one already drawn is not due again.
 */
export function dueTick(watch: WatchClock, now: Date): string | null {
  const start = Date.parse(watch.startedAt);
  const expires = Date.parse(watch.expiresAt);
  const t = now.getTime();
  let slot: number;
  if (t >= expires) slot = expires;
  else {
    const k = Math.floor((t - start) / (watch.everySeconds * 1000));
    if (k < 1) return null;
    slot = start + k * watch.everySeconds * 1000;
  }
  if (watch.lastTickAt !== null && slot <= Date.parse(watch.lastTickAt)) return null;
  return new Date(slot).toISOString();
}

/** A thread reply a tick posts: the stall alert (to whoever started the watch), or that progress resumed. */
export type WatchEvent = 'stalled' | 'resumed';

export type WatchFields = Partial<
  Pick<
    Watch,
    | 'lastTickAt'
    | 'lastProgressAt'
    | 'progress'
    | 'stalled'
    | 'stalls'
    | 'view'
    | 'endedAt'
    | 'stoppedBy'
    | 'stoppedByHandle'
  >
>;

export interface WatchStep {
  state: WatchState;
  fields: WatchFields;
  events: WatchEvent[];
}

/**
 * What one tick makes of a watch, from the view it just drew: complete when every phase is, expired
 * at `expiresAt`, else still active. More table-dates present than at the last progress is progress
 * (it ends a stall); none for `stallMinutes` while incomplete is a stall, alerted once until progress
 * resumes. Fewer present (rows deleted) is not progress, but the next rise counts from there. Pure.
 */
export function stepWatch(
  watch: Watch,
  view: WatchView,
  slot: string,
  now: Date,
  settings: { stallMinutes: number },
): WatchStep {
  const at = now.toISOString();
  const base: WatchFields = { lastTickAt: slot, view };
  if (view.complete)
    return { state: 'complete', fields: { ...base, endedAt: at, progress: view.progress }, events: [] };
  if (now.getTime() >= Date.parse(watch.expiresAt))
    return { state: 'expired', fields: { ...base, endedAt: at }, events: [] };
  if (view.progress > watch.progress) {
    const fields: WatchFields = { ...base, progress: view.progress, lastProgressAt: at };
    return watch.stalled
      ? { state: 'active', fields: { ...fields, stalled: false }, events: ['resumed'] }
      : { state: 'active', fields, events: [] };
  }
  const fields: WatchFields = view.progress < watch.progress ? { ...base, progress: view.progress } : base;
  const quietMs = now.getTime() - Date.parse(watch.lastProgressAt);
  if (!watch.stalled && quietMs >= settings.stallMinutes * 60_000) {
    return {
      state: 'active',
      fields: { ...fields, stalled: true, stalls: watch.stalls + 1 },
      events: ['stalled'],
    };
  }
  return { state: 'active', fields, events: [] };
}
