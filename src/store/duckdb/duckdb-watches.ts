import type { DuckDBConnection } from '@duckdb/node-api';
import type { WatchUpdate } from '../apply-watch-change.js';
import type { NewWatch, Watch, WatchFilter } from '../state-store.js';
import type { Params } from '../store-rows.js';
import { WATCHES } from '../versioned-kind.js';
import { toWatch, WATCH_COLUMNS } from '../watch-rows.js';
import { queryRows } from './duckdb-store-queries.js';
import { changeVersioned, createVersioned } from './duckdb-versioned.js';

// Watches on DuckDB, each step inside the caller's queued transaction: the create and the
// compare-and-set are duckdb-versioned.ts's (shared with re-run requests); the reads are these.

type Effects = WatchUpdate['effects'];

/** A new watch with its rows and audit entry; an id on file is given back as stored, no rows asked. */
export async function createWatch(
  c: DuckDBConnection,
  input: NewWatch,
  effects: Effects,
  now: string,
): Promise<{ created: boolean; watch: Watch }> {
  const { created, row } = await createVersioned(c, WATCHES, loadWatch, input, effects, now);
  return { created, watch: row };
}

/** The compare-and-set: applied (with its rows) only at `change.version`; audited either way. */
export async function changeWatch(
  c: DuckDBConnection,
  update: WatchUpdate,
  now: string,
  where: string,
): Promise<{ changed: boolean; watch: Watch }> {
  const { changed, row } = await changeVersioned(c, WATCHES, loadWatch, update, now, where);
  return { changed, watch: row };
}

export async function loadWatch(c: DuckDBConnection, id: string): Promise<Watch | null> {
  const [row] = await queryRows(c, `SELECT ${WATCH_COLUMNS} FROM watches WHERE id = $id`, { id });
  return row ? toWatch(row) : null;
}

export async function listWatches(
  c: DuckDBConnection,
  { states, channel, limit = 20 }: WatchFilter,
): Promise<Watch[]> {
  const where: string[] = [];
  const params: Params = { limit };
  if (states) {
    if (states.length === 0) return [];
    states.forEach((state, i) => {
      params[`state${i}`] = state;
    });
    where.push(`state IN (${states.map((_, i) => `$state${i}`).join(', ')})`);
  }
  if (channel) {
    where.push('channel = $channel');
    params.channel = channel;
  }
  const rows = await queryRows(
    c,
    `SELECT ${WATCH_COLUMNS} FROM watches ${where.length ? `WHERE ${where.join(' AND ')}` : ''}
     ORDER BY started_at DESC, seq DESC LIMIT $limit`,
    params,
  );
  return rows.map(toWatch);
}
