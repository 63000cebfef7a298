import { canonicalJson } from '../domain/gates/canonical-json.js';
import type { WatchView } from '../domain/watch/watch-view.js';
import type { Watch, WatchState } from './state-store.js';
import { type Params, type Row, text, textOrNull } from './store-rows.js';

// Watches as both adapters store them: the range as two DATE columns, times as ISO text, the last
// view as canonical JSON text, `stalled` as 0 or 1. `seq` is the adapters' own (a sequence on DuckDB,
// a sortable id on BigQuery): it orders watches started at one store-clock time.
export const WATCH_COLUMNS =
  'id, version, state, channel, words, range_start, range_end, range_label, target, every_seconds, started_by, started_by_handle, started_at, expires_at, last_tick_at, last_progress_at, progress, stalled, stalls, last_view, ended_at, stopped_by, stopped_by_handle';

/** What updateWatch may change: the compare-and-set writes these, and only these. */
export const watchChangeParams = (w: Watch): Params => ({
  version: w.version,
  state: w.state,
  last_tick_at: w.lastTickAt,
  last_progress_at: w.lastProgressAt,
  progress: w.progress,
  stalled: w.stalled ? 1 : 0,
  stalls: w.stalls,
  last_view: canonicalJson(w.view),
  ended_at: w.endedAt,
  stopped_by: w.stoppedBy,
  stopped_by_handle: w.stoppedByHandle,
});

/** A whole row but its seq. */
export const watchParams = (w: Watch): Params => ({
  id: w.id,
  channel: w.channel,
  words: w.words,
  range_start: w.range.start,
  range_end: w.range.end,
  range_label: w.rangeLabel,
  target: w.target,
  every_seconds: w.everySeconds,
  started_by: w.startedBy,
  started_by_handle: w.startedByHandle,
  started_at: w.startedAt,
  expires_at: w.expiresAt,
  ...watchChangeParams(w),
});

export const toWatch = (row: Row): Watch => ({
  id: text(row, 'id'),
  version: Number(row.version),
  state: text(row, 'state') as WatchState,
  channel: text(row, 'channel'),
  words: text(row, 'words'),
  range: { start: text(row, 'range_start'), end: text(row, 'range_end') },
  rangeLabel: text(row, 'range_label'),
  target: textOrNull(row, 'target'),
  everySeconds: Number(row.every_seconds),
  startedBy: text(row, 'started_by'),
  startedByHandle: textOrNull(row, 'started_by_handle'),
  startedAt: text(row, 'started_at'),
  expiresAt: text(row, 'expires_at'),
  lastTickAt: textOrNull(row, 'last_tick_at'),
  lastProgressAt: text(row, 'last_progress_at'),
  progress: Number(row.progress),
  stalled: Number(row.stalled) === 1,
  stalls: Number(row.stalls),
  view: JSON.parse(text(row, 'last_view')) as WatchView,
  endedAt: textOrNull(row, 'ended_at'),
  stoppedBy: textOrNull(row, 'stopped_by'),
  stoppedByHandle: textOrNull(row, 'stopped_by_handle'),
});
