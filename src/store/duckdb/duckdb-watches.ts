import type { DuckDBConnection } from '@duckdb/node-api';
import { applyWatchChange, type WatchUpdate } from '../apply-watch-change.js';
import { auditEntries } from '../audit-entries.js';
import { callEffects } from '../effects-callback.js';
import { buildWatch } from '../new-watch.js';
import type { NewWatch, Watch, WatchFilter } from '../state-store.js';
import { unknownWatch } from '../store-error.js';
import type { Params } from '../store-rows.js';
import { toWatch, WATCH_COLUMNS, watchChangeParams, watchParams } from '../watch-rows.js';
import { insertOutbox } from './duckdb-outbox-queries.js';
import { appendAudit, insertRow, queryRows } from './duckdb-store-queries.js';

// Watches' steps, each run inside the caller's queued transaction (duckdb-state-store.ts) on
// validated input, as duckdb-reruns.ts: the queue orders every writer there is, so a step's read,
// comparison and writes are atomic, and a throw anywhere in it rolls all of it back.

type Effects = WatchUpdate['effects'];

/** A new watch with its rows and audit entry; an id on file is given back as stored, no rows asked. */
export async function createWatch(
  c: DuckDBConnection,
  input: NewWatch,
  effects: Effects,
  now: string,
): Promise<{ created: boolean; watch: Watch }> {
  const existing = await loadWatch(c, input.id);
  const watch = existing ?? buildWatch(input, now);
  if (!existing) {
    await insertRow(c, 'watches', watchParams(watch));
    await insertOutbox(c, callEffects(effects, watch), now);
  }
  await appendAudit(c, auditEntries.watchStart(input, !existing), now);
  return { created: !existing, watch };
}

/** The compare-and-set: applied (with its rows) only at `change.version`; audited either way. */
export async function changeWatch(
  c: DuckDBConnection,
  { id, change, audit, effects }: WatchUpdate,
  now: string,
  where: string,
): Promise<{ changed: boolean; watch: Watch }> {
  const stored = await loadWatch(c, id);
  if (!stored) throw unknownWatch(id, where);
  const changed = stored.version === change.version;
  const watch = changed ? applyWatchChange(stored, change) : stored;
  if (changed) {
    const params = watchChangeParams(watch);
    const set = Object.keys(params).map((col) => `${col} = $${col}`);
    // Read at `from` in this transaction, so it always matches: the condition is the backstop.
    await queryRows(c, `UPDATE watches SET ${set.join(', ')} WHERE id = $id AND version = $from`, {
      ...params,
      id,
      from: change.version,
    });
    await insertOutbox(c, callEffects(effects, watch), now);
  }
  await appendAudit(c, auditEntries.watchUpdate(audit, changed), now);
  return { changed, watch };
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
