import { canonicalJson } from '../../domain/gates/canonical-json.js';
import {
  type CardAttachment,
  cardAttachment,
  heldBy,
  newOutboxParams,
  OUTBOX_COLUMNS,
  toOutbox,
} from '../outbox-rows.js';
import {
  type JsonValue,
  type OutboxClaim,
  type OutboxEffect,
  type OutboxFilter,
  type OutboxRow,
  REPLACING_KINDS,
  SUPERSEDED,
} from '../state-store.js';
import type { StoreJobs } from './bigquery-store-jobs.js';
import type { Statement, StoreSql } from './bigquery-store-sql.js';
import { BEGIN, COMMIT } from './bigquery-store-writes.js';
import { sortableId } from './sortable-id.js';
import { isNotHeld, NOT_HELD } from './translate-bigquery-store-error.js';

const str = (value: string) => ({ type: 'STRING' as const, value });

// The row is still claimable: the same test in the candidates' read and in the UPDATE that takes
// them, so a row another owner took between the two no longer matches.
const CLAIMABLE =
  'state = @c_pending AND next_attempt_at <= @c_now AND (claimed_until IS NULL OR claimed_until <= @c_now)';

/**
 * The outbox on BigQuery: the statements that write it (run by the state store, inside the
 * transactions it already makes) and the jobs that claim and read it.
 *
 * Claims without a lock. Two replicas share the dataset, and a read then a write could hand both
 * the same row, so a claim is: (1) read the candidates (due, unleased heads of their streams,
 * oldest first); (2) one UPDATE ... WHERE key IN UNNEST(@keys) AND <still claimable> that sets a
 * token unique to this call; (3) read back the rows carrying the token. A DML statement is atomic
 * and evaluates its WHERE on the table as it commits (BigQuery serialises or retries conflicting
 * DML), so of two UPDATEs naming one row only the first matches it: the second finds it leased.
 * The head test is left to the read: it cannot turn between the read and the UPDATE, because a row
 * leaves `pending` only for good (delivered, failed) and new rows join a stream behind its head
 * (seq grows; across replicas as far as their clocks agree, see sortableId).
 * Completing and failing are one transaction each: an UPDATE on the key and owner, then an ASSERT
 * that it changed the row (else `false`: someone else holds it now, or it is no longer pending).
 * Callers run every method under retryLostRaces: an aborted transaction is read and tried again.
 * Jobs: a claim is 3 (1 when nothing is due), a completion or failure 2 and 1. Through the REST
 * stand-in a claim-and-complete cycle takes ~55-60 ms; on BigQuery count ~1 s or more per job.
 */
export class BigqueryOutbox {
  constructor(
    private readonly sql: StoreSql,
    private readonly jobs: StoreJobs,
  ) {}

  private run(statement: Statement) {
    return this.jobs.query(statement);
  }

  /** One MERGE per row, keyed on `key` (a key already written is left as it is), seq in order written. */
  inserts(effects: OutboxEffect[], now: string): Statement[] {
    return effects.map((effect, i) =>
      this.sql.mergeInsert(
        'outbox',
        `o${i}`,
        { ...newOutboxParams(effect, now), seq: sortableId() },
        ['key'],
        'T.key = S.key',
      ),
    );
  }

  async row(key: string): Promise<OutboxRow | null> {
    const [row] = await this.run({
      sql: `SELECT ${OUTBOX_COLUMNS} FROM ${this.sql.table('outbox')} WHERE key = @key`,
      params: { key: str(key) },
    });
    return row ? toOutbox(row) : null;
  }

  async list({ stream, state, limit = 200 }: OutboxFilter): Promise<OutboxRow[]> {
    const where: string[] = [];
    const params: Statement['params'] = { limit: { type: 'INT64', value: limit } };
    if (stream !== undefined) {
      where.push('stream = @stream');
      params.stream = str(stream);
    }
    if (state !== undefined) {
      where.push('state = @state');
      params.state = str(state);
    }
    const rows = await this.run({
      sql: `SELECT ${OUTBOX_COLUMNS} FROM ${this.sql.table('outbox')}
            ${where.length ? `WHERE ${where.join(' AND ')}` : ''} ORDER BY seq LIMIT @limit`,
      params,
    });
    return rows.map(toOutbox);
  }

  /**
   * See the class comment: read, take with a conditional UPDATE, read back by token. The read also
   * names the rows a newer row of their stream replaces (REPLACING_KINDS); when there are any, they
   * are completed with one UPDATE (as conditional as the claim's) and the heads read again, so a
   * claim costs two jobs more only when it supersedes.
   */
  async claim({ owner, limit, leaseMs }: OutboxClaim, now: string, token: string): Promise<OutboxRow[]> {
    const table = this.sql.table('outbox');
    const claimable = { c_pending: str('pending'), c_now: str(now) };
    const read = () =>
      this.run({
        sql: `SELECT key, superseded FROM (
                SELECT key, seq, state, next_attempt_at, claimed_until,
                  FIRST_VALUE(seq) OVER (PARTITION BY stream ORDER BY seq) AS head,
                  kind IN UNNEST(@replacing) AND seq < MAX(seq) OVER (PARTITION BY stream, kind) AS superseded
                FROM ${table} WHERE state = @c_pending
              ) WHERE (seq = head OR superseded) AND ${CLAIMABLE} ORDER BY seq LIMIT @limit`,
        params: {
          ...claimable,
          limit: { type: 'INT64', value: limit },
          replacing: { type: 'ARRAY<STRING>', value: [...REPLACING_KINDS] },
        },
      });
    let candidates = await read();
    const superseded = candidates.filter((r) => r.superseded === true).map((r) => String(r.key));
    if (superseded.length > 0) {
      await this.run({
        sql: `UPDATE ${table} SET state = @delivered, result = @result, delivered_at = @c_now
              WHERE key IN UNNEST(@keys) AND ${CLAIMABLE}`,
        params: {
          ...claimable,
          delivered: str('delivered'),
          result: str(canonicalJson(SUPERSEDED)),
          keys: { type: 'ARRAY<STRING>', value: superseded },
        },
      });
      candidates = (await read()).filter((r) => r.superseded !== true);
    }
    if (candidates.length === 0) return [];
    const until = new Date(Date.parse(now) + leaseMs).toISOString();
    await this.run({
      sql: `UPDATE ${table} SET claimed_by = @owner, claimed_until = @until, claim_token = @token,
              attempts = attempts + 1
            WHERE key IN UNNEST(@keys) AND ${CLAIMABLE}`,
      params: {
        ...claimable,
        owner: str(owner),
        until: str(until),
        token: str(token),
        keys: { type: 'ARRAY<STRING>', value: candidates.map((r) => String(r.key)) },
      },
    });
    const rows = await this.run({
      sql: `SELECT ${OUTBOX_COLUMNS} FROM ${table} WHERE claim_token = @token ORDER BY seq`,
      params: { token: str(token) },
    });
    return rows.map(toOutbox);
  }

  /**
   * Delivered with `result`, if `owner` holds it; a card post's `attach` statements (the gate
   * request's card and its audit entry) go into the same transaction.
   */
  async complete(
    key: string,
    owner: string,
    result: JsonValue,
    now: string,
    attach: (card: CardAttachment) => Statement[],
  ): Promise<boolean> {
    // Read first: the payload says whether this is a card, and a row not held needs no transaction.
    const row = await this.row(key);
    if (!heldBy(row, owner)) return false;
    const card = cardAttachment(row, result);
    const set = 'state = @o_delivered, result = @o_result, delivered_at = @o_now';
    return this.release(
      key,
      owner,
      set,
      { o_delivered: str('delivered'), o_result: str(canonicalJson(result)), o_now: str(now) },
      card ? attach(card) : [],
    );
  }

  /** Pending again from `retryAt`, or failed for good when it is null, if `owner` holds it. */
  fail(key: string, owner: string, error: string, retryAt: string | null): Promise<boolean> {
    return retryAt === null
      ? this.release(key, owner, 'state = @o_failed, last_error = @o_error', {
          o_failed: str('failed'),
          o_error: str(error),
        })
      : this.release(key, owner, 'next_attempt_at = @o_retry, last_error = @o_error', {
          o_retry: str(retryAt),
          o_error: str(error),
        });
  }

  private async release(
    key: string,
    owner: string,
    set: string,
    params: Statement['params'],
    more: Statement[] = [],
  ): Promise<boolean> {
    const update: Statement = {
      sql: `UPDATE ${this.sql.table('outbox')}
            SET ${set}, claimed_by = NULL, claimed_until = NULL, claim_token = NULL
            WHERE key = @o_key AND claimed_by = @o_owner AND state = @o_pending`,
      params: { ...params, o_key: str(key), o_owner: str(owner), o_pending: str('pending') },
    };
    const held: Statement = { sql: `ASSERT @@row_count = 1 AS '${NOT_HELD}'`, params: {} };
    try {
      await this.jobs.write(BEGIN, update, held, ...more, COMMIT);
      return true;
    } catch (error) {
      if (isNotHeld(error)) return false;
      throw error;
    }
  }
}
