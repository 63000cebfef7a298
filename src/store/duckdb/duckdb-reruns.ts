import type { DuckDBConnection } from '@duckdb/node-api';
import type { RerunUpdate } from '../apply-rerun-change.js';
import { RERUN_COLUMNS, toRerun } from '../rerun-rows.js';
import type { NewRerunRequest, RerunFilter, RerunRequest } from '../state-store.js';
import type { Params } from '../store-rows.js';
import { RERUNS } from '../versioned-kind.js';
import { queryRows } from './duckdb-store-queries.js';
import { changeVersioned, createVersioned } from './duckdb-versioned.js';

// Re-run requests on DuckDB, each step inside the caller's queued transaction: the create and the
// compare-and-set are duckdb-versioned.ts's (shared with watches); the reads are these.

type Effects = RerunUpdate['effects'];

/** A new request with its rows and audit entry; an id on file is given back as stored, no rows asked. */
export async function createRerun(
  c: DuckDBConnection,
  req: NewRerunRequest,
  effects: Effects,
  now: string,
): Promise<{ created: boolean; request: RerunRequest }> {
  const { created, row } = await createVersioned(c, RERUNS, loadRerun, req, effects, now);
  return { created, request: row };
}

/** The compare-and-set: applied (with its rows) only at `change.version`; audited either way. */
export async function changeRerun(
  c: DuckDBConnection,
  update: RerunUpdate,
  now: string,
  where: string,
): Promise<{ changed: boolean; request: RerunRequest }> {
  const { changed, row } = await changeVersioned(c, RERUNS, loadRerun, update, now, where);
  return { changed, request: row };
}

export async function loadRerun(c: DuckDBConnection, id: string): Promise<RerunRequest | null> {
  const [row] = await queryRows(c, `SELECT ${RERUN_COLUMNS} FROM rerun_requests WHERE id = $id`, { id });
  return row ? toRerun(row) : null;
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
