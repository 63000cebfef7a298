import { canonicalJson } from '../../domain/gates/canonical-json.js';
import type { AuditInput, GateDecision, GateRequest, GateVote } from '../state-store.js';
import { decisionParams, requestParams, voteParams } from '../store-rows.js';
import type { Statement, StoreSql } from './bigquery-store-sql.js';
import { sortableId } from './sortable-id.js';
import { STALE_READ } from './translate-bigquery-store-error.js';

export const BEGIN: Statement = { sql: 'BEGIN TRANSACTION', params: {} };
export const COMMIT: Statement = { sql: 'COMMIT TRANSACTION', params: {} };
/** Fails the transaction as a lost race unless the statement before it changed exactly one row. */
export const assertOneRow: Statement = { sql: `ASSERT @@row_count = 1 AS '${STALE_READ}'`, params: {} };

const str = (value: string) => ({ type: 'STRING' as const, value });

/**
 * The statements of the gate tables' writes, for the state store to put into its transactions.
 * Inserts are MERGE ... WHEN NOT MATCHED on the DuckDB store's keys, so a transaction re-run after a
 * lost answer writes nothing twice.
 */
export class StoreWrites {
  constructor(private readonly sql: StoreSql) {}

  /** A create racing one with the same id inserts nothing, fails its ASSERT and reads the winner's. */
  newRequest(request: GateRequest): Statement[] {
    const row = { ...requestParams(request), version: 0 };
    return [this.sql.mergeInsert('gate_requests', 'r', row, ['id'], 'T.id = S.id'), assertOneRow];
  }

  /** Bumps the request's version only if it is still the one read: the vote transaction's lock. */
  lockVersion(requestId: string, version: number): Statement[] {
    return [
      {
        sql: `UPDATE ${this.sql.table('gate_requests')} SET version = version + 1
              WHERE id = @lock_id AND version = @lock_version`,
        params: { lock_id: str(requestId), lock_version: { type: 'INT64', value: version } },
      },
      assertOneRow,
    ];
  }

  /** `seq` is the vote's position among the request's votes (they are serialised by the lock). */
  vote(vote: GateVote, seq: number): Statement {
    return this.sql.mergeInsert(
      'gate_votes',
      'v',
      { ...voteParams(vote), seq },
      ['request_id', 'voter', 'idempotency_key'],
      'T.request_id = S.request_id AND (T.voter = S.voter OR T.idempotency_key = S.idempotency_key)',
    );
  }

  decision(decision: GateDecision): Statement {
    return this.sql.mergeInsert(
      'gate_decisions',
      'd',
      { ...decisionParams(decision), seq: sortableId() },
      ['request_id'],
      'T.request_id = S.request_id',
    );
  }

  attach(id: string, channel: string, messageTs: string): Statement {
    return {
      sql: `UPDATE ${this.sql.table('gate_requests')} SET channel = @channel, message_ts = @ts WHERE id = @id`,
      params: { id: str(id), channel: str(channel), ts: str(messageTs) },
    };
  }

  /** The audit row, MERGEd on its id so a re-run transaction does not log twice. */
  audit(input: AuditInput, at: string, id = sortableId()): Statement {
    const row = {
      id,
      logged_at: at,
      actor: input.actor,
      action: input.action,
      args: canonicalJson(input.args),
      result: canonicalJson(input.result),
    };
    return this.sql.mergeInsert('audit_log', 'a', row, ['id'], 'T.id = S.id');
  }
}
