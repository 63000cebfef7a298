import type { DuckDBConnection } from '@duckdb/node-api';
import { applyRerunChange, type RerunUpdate } from '../apply-rerun-change.js';
import { auditEntries } from '../audit-entries.js';
import { callEffects } from '../effects-callback.js';
import { buildRerunRequest } from '../new-rerun-request.js';
import { RERUN_COLUMNS, rerunChangeParams, rerunParams, toRerun } from '../rerun-rows.js';
import type { NewRerunRequest, RerunFilter, RerunRequest } from '../state-store.js';
import { unknownRerunRequest } from '../store-error.js';
import type { Params } from '../store-rows.js';
import { insertOutbox } from './duckdb-outbox-queries.js';
import { appendAudit, insertRow, queryRows } from './duckdb-store-queries.js';

// Re-run requests' steps and statements, each run inside the caller's queued transaction
// (duckdb-state-store.ts) on validated input: the queue orders every writer there is, so a step's
// read, comparison and writes are atomic, and a throw anywhere in it rolls all of it back. Measured
// (2 cores): an update ~15 ms, one that finds the version moved ~6 ms, a create ~10 ms.

type Effects = RerunUpdate['effects'];

/** A new request with its rows and audit entry; an id on file is given back as stored, no rows asked. */
export async function createRerun(
  c: DuckDBConnection,
  req: NewRerunRequest,
  effects: Effects,
  now: string,
): Promise<{ created: boolean; request: RerunRequest }> {
  const existing = await loadRerun(c, req.id);
  const request = existing ?? buildRerunRequest(req, now);
  if (!existing) {
    await insertRerun(c, request);
    await insertOutbox(c, callEffects(effects, request), now);
  }
  await appendAudit(c, auditEntries.rerunRequest(req, !existing), now);
  return { created: !existing, request };
}

/** The compare-and-set: applied (with its rows) only at `change.version`; audited either way. */
export async function changeRerun(
  c: DuckDBConnection,
  { id, change, audit, effects }: RerunUpdate,
  now: string,
  where: string,
): Promise<{ changed: boolean; request: RerunRequest }> {
  const stored = await loadRerun(c, id);
  if (!stored) throw unknownRerunRequest(id, where);
  const changed = stored.version === change.version;
  const request = changed ? applyRerunChange(stored, change) : stored;
  if (changed) {
    await setRerun(c, request, change.version);
    await insertOutbox(c, callEffects(effects, request), now);
  }
  await appendAudit(c, auditEntries.rerunUpdate(audit, changed), now);
  return { changed, request };
}

export async function loadRerun(c: DuckDBConnection, id: string): Promise<RerunRequest | null> {
  const [row] = await queryRows(c, `SELECT ${RERUN_COLUMNS} FROM rerun_requests WHERE id = $id`, { id });
  return row ? toRerun(row) : null;
}

const insertRerun = (c: DuckDBConnection, request: RerunRequest): Promise<void> =>
  insertRow(c, 'rerun_requests', rerunParams(request));

/**
 * Writes the changed columns where the row is still at `from`. The caller read it at `from` in the
 * same transaction, so this always matches; the condition is the backstop the comparison stands on.
 */
async function setRerun(c: DuckDBConnection, request: RerunRequest, from: number): Promise<void> {
  const params = rerunChangeParams(request);
  const set = Object.keys(params).map((col) => `${col} = $${col}`);
  await queryRows(c, `UPDATE rerun_requests SET ${set.join(', ')} WHERE id = $id AND version = $from`, {
    ...params,
    id: request.id,
    from,
  });
}

export async function listReruns(
  c: DuckDBConnection,
  { states, range, limit = 20 }: RerunFilter,
): Promise<RerunRequest[]> {
  const where: string[] = [];
  const params: Params = { limit };
  if (states) {
    if (states.length === 0) return [];
    states.forEach((state, i) => {
      params[`state${i}`] = state;
    });
    where.push(`state IN (${states.map((_, i) => `$state${i}`).join(', ')})`);
  }
  if (range) {
    where.push('plan_start <= $end::DATE AND plan_end >= $start::DATE');
    Object.assign(params, { start: range.start, end: range.end });
  }
  const rows = await queryRows(
    c,
    `SELECT ${RERUN_COLUMNS} FROM rerun_requests ${where.length ? `WHERE ${where.join(' AND ')}` : ''}
     ORDER BY requested_at DESC, seq DESC LIMIT $limit`,
    params,
  );
  return rows.map(toRerun);
}
