import type { DuckDBConnection } from '@duckdb/node-api';
import { canonicalJson } from '../../domain/gates/canonical-json.js';
import { newOutboxParams, OUTBOX_COLUMNS, toOutbox } from '../outbox-rows.js';
import {
  type JsonValue,
  type OutboxClaim,
  type OutboxEffect,
  type OutboxFilter,
  type OutboxRow,
  REPLACING_KINDS,
  SUPERSEDED,
} from '../state-store.js';
import type { Params } from '../store-rows.js';
import { queryRows } from './duckdb-store-queries.js';

// The outbox's statements, each run inside the caller's queued transaction (duckdb-state-store.ts):
// the queue is why a claim's read and update need no more than one statement to be atomic.

/** Inserts the rows in order (the sequence orders them); a key already written is left as it is. */
export async function insertOutbox(c: DuckDBConnection, effects: OutboxEffect[], now: string): Promise<void> {
  for (const effect of effects) {
    const params = newOutboxParams(effect, now);
    const columns = Object.keys(params);
    await queryRows(
      c,
      `INSERT INTO outbox (${columns.join(', ')}) VALUES (${columns.map((col) => `$${col}`).join(', ')})
       ON CONFLICT (key) DO NOTHING`,
      params,
    );
  }
}

export async function outboxRow(c: DuckDBConnection, key: string): Promise<OutboxRow | null> {
  const [row] = await queryRows(c, `SELECT ${OUTBOX_COLUMNS} FROM outbox WHERE key = $key`, { key });
  return row ? toOutbox(row) : null;
}

export async function listOutbox(
  c: DuckDBConnection,
  { stream, state, limit = 200 }: OutboxFilter,
): Promise<OutboxRow[]> {
  const where: string[] = [];
  const params: Params = { limit };
  if (stream !== undefined) {
    where.push('stream = $stream');
    params.stream = stream;
  }
  if (state !== undefined) {
    where.push('state = $state');
    params.state = state;
  }
  const rows = await queryRows(
    c,
    `SELECT ${OUTBOX_COLUMNS} FROM outbox ${where.length ? `WHERE ${where.join(' AND ')}` : ''}
     ORDER BY seq LIMIT $limit`,
    params,
  );
  return rows.map(toOutbox);
}

/**
 * Takes the due, unleased heads of their streams, oldest first: a row whose stream has an older
 * pending row (leased, backing off, or not yet due) waits for it. Marks them with `token`, then reads
 * back what carries it, in seq order (RETURNING would not say the order).
 */
export async function claimOutbox(
  c: DuckDBConnection,
  { owner, limit, leaseMs }: OutboxClaim,
  now: string,
  token: string,
): Promise<OutboxRow[]> {
  const until = new Date(Date.parse(now) + leaseMs).toISOString();
  await supersede(c, now);
  await queryRows(
    c,
    `UPDATE outbox SET claimed_by = $owner, claimed_until = $until, claim_token = $token,
       attempts = attempts + 1
     WHERE key IN (
       SELECT key FROM (
         SELECT key, seq, next_attempt_at, claimed_until,
           first_value(seq) OVER (PARTITION BY stream ORDER BY seq) AS head
         FROM outbox WHERE state = 'pending'
       )
       WHERE seq = head AND next_attempt_at <= $now AND (claimed_until IS NULL OR claimed_until <= $now)
       ORDER BY seq LIMIT $limit
     )`,
    { owner, until, token, now, limit },
  );
  const rows = await queryRows(
    c,
    `SELECT ${OUTBOX_COLUMNS} FROM outbox WHERE claim_token = $token ORDER BY seq`,
    { token },
  );
  return rows.map(toOutbox);
}

// The kinds as SQL literals: they are our constants, never input.
const replacing = REPLACING_KINDS.map((kind) => `'${kind}'`).join(', ');

/**
 * Completes the due, unclaimed rows of a replacing kind that a newer pending row of the same stream
 * and kind replaces (see REPLACING_KINDS): the newest becomes its stream's head. A row in delivery
 * (claimed) or backing off is left, so its lease and backoff hold.
 */
async function supersede(c: DuckDBConnection, now: string): Promise<void> {
  await queryRows(
    c,
    `UPDATE outbox SET state = 'delivered', result = $result, delivered_at = $now
     WHERE key IN (
       SELECT key FROM (
         SELECT key, seq, next_attempt_at, claimed_until,
           max(seq) OVER (PARTITION BY stream, kind) AS newest
         FROM outbox WHERE state = 'pending' AND kind IN (${replacing})
       )
       WHERE seq < newest AND next_attempt_at <= $now AND (claimed_until IS NULL OR claimed_until <= $now)
     )`,
    { result: canonicalJson(SUPERSEDED), now },
  );
}

export async function markDelivered(
  c: DuckDBConnection,
  key: string,
  result: JsonValue,
  now: string,
): Promise<void> {
  await queryRows(
    c,
    `UPDATE outbox SET state = 'delivered', result = $result, delivered_at = $now,
       claimed_by = NULL, claimed_until = NULL, claim_token = NULL
     WHERE key = $key`,
    { key, result: canonicalJson(result), now },
  );
}

/** Releases the claim: pending again from `retryAt`, or failed for good when it is null. */
export async function markFailed(
  c: DuckDBConnection,
  key: string,
  error: string,
  retryAt: string | null,
): Promise<void> {
  await queryRows(
    c,
    `UPDATE outbox SET ${retryAt === null ? `state = 'failed'` : 'next_attempt_at = $retry'},
       last_error = $error, claimed_by = NULL, claimed_until = NULL, claim_token = NULL
     WHERE key = $key`,
    { key, error, ...(retryAt === null ? {} : { retry: retryAt }) },
  );
}

/**
 * At open: DuckDB's lock admits one process, so a claim held now belongs to a process that died
 * mid-delivery. Its rows are claimable again at once (and their backoff restarts: a restart is as
 * good a moment to retry as any), instead of waiting out a lease set by a clock that is gone.
 */
export async function releaseDeadClaims(c: DuckDBConnection, now: string): Promise<void> {
  await queryRows(
    c,
    `UPDATE outbox SET claimed_by = NULL, claimed_until = NULL, claim_token = NULL,
       next_attempt_at = CASE WHEN next_attempt_at > $now THEN $now ELSE next_attempt_at END
     WHERE state = 'pending'`,
    { now },
  );
}
