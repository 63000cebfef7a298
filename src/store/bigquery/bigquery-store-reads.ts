import type {
  AuditEntry,
  DecidedGate,
  DecisionFilter,
  GateRecord,
  GateRequest,
  GateVote,
} from '../state-store.js';
import { PENDING_SCAN } from '../state-store.js';
import {
  AUDIT_COLUMNS,
  DECISION_COLUMNS,
  REQUEST_COLUMNS,
  type Row,
  toAudit,
  toDecision,
  toRequest,
  toVote,
  VOTE_COLUMNS,
} from '../store-rows.js';
import { stateOf } from '../tally-votes.js';
import type { Statement, StoreSql } from './bigquery-store-sql.js';

export type RunQuery = (statement: Statement) => Promise<Row[]>;

/** The gate as read, with the version a vote's transaction must still find to commit. */
export interface VersionedGate {
  gate: GateRecord;
  version: number;
  /** The vote already filed under this idempotency key, on any request. */
  prior: GateVote | null;
}

const str = (value: string) => ({ type: 'STRING' as const, value });

/** The store's reads, each one query; row shapes are the DuckDB store's (same columns, same text). */
export class StoreReads {
  constructor(
    private readonly sql: StoreSql,
    private readonly run: RunQuery,
  ) {}

  async request(id: string): Promise<{ request: GateRequest; version: number } | null> {
    const [row] = await this.run({
      sql: `SELECT ${REQUEST_COLUMNS}, version FROM ${this.sql.table('gate_requests')} WHERE id = @id`,
      params: { id: str(id) },
    });
    return row ? { request: toRequest(row), version: Number(row.version) } : null;
  }

  /**
   * The request first, then its votes and decision: whatever those later reads see, a vote that
   * commits only if the version is unchanged has seen exactly the state of that version.
   */
  async gate(id: string, idempotencyKey: string | null = null): Promise<VersionedGate | null> {
    const found = await this.request(id);
    if (!found) return null;
    const votes = await this.run({
      sql: `SELECT ${VOTE_COLUMNS} FROM ${this.sql.table('gate_votes')}
            WHERE request_id = @id OR idempotency_key = @key ORDER BY seq`,
      params: { id: str(id), key: str(idempotencyKey ?? '') },
    });
    const [row] = await this.run({
      sql: `SELECT ${DECISION_COLUMNS} FROM ${this.sql.table('gate_decisions')} WHERE request_id = @id`,
      params: { id: str(id) },
    });
    const all = votes.map(toVote);
    const mine = all.filter((v) => v.requestId === id);
    const decision = row ? toDecision(row) : null;
    return {
      gate: { request: found.request, state: stateOf(decision), votes: mine, decision },
      version: found.version,
      prior: idempotencyKey === null ? null : (all.find((v) => v.idempotencyKey === idempotencyKey) ?? null),
    };
  }

  /**
   * Undecided requests among the newest PENDING_SCAN, newest first, with their votes. No JOIN or
   * subquery: the newest ids, then which of them are decided, then the requests and votes kept.
   */
  async pendingGates(limit: number): Promise<GateRecord[]> {
    const newest = (
      await this.run({
        sql: `SELECT id FROM ${this.sql.table('gate_requests')}
              ORDER BY requested_at DESC, id DESC LIMIT @scan`,
        params: { scan: { type: 'INT64', value: PENDING_SCAN } },
      })
    ).map((r) => String(r.id));
    if (newest.length === 0) return [];
    const decided = new Set(
      (
        await this.run({
          sql: `SELECT request_id FROM ${this.sql.table('gate_decisions')} WHERE request_id IN UNNEST(@ids)`,
          params: { ids: { type: 'ARRAY<STRING>', value: newest } },
        })
      ).map((r) => String(r.request_id)),
    );
    const ids = newest.filter((id) => !decided.has(id)).slice(0, limit);
    if (ids.length === 0) return [];
    const params = { ids: { type: 'ARRAY<STRING>', value: ids } } as const;
    const [requests, votes] = await Promise.all([
      this.run({
        sql: `SELECT ${REQUEST_COLUMNS} FROM ${this.sql.table('gate_requests')} WHERE id IN UNNEST(@ids)`,
        params,
      }),
      this.run({
        sql: `SELECT ${VOTE_COLUMNS} FROM ${this.sql.table('gate_votes')} WHERE request_id IN UNNEST(@ids) ORDER BY seq`,
        params,
      }),
    ]);
    const all = votes.map(toVote);
    return ids.flatMap((id) => {
      const row = requests.find((r) => String(r.id) === id);
      if (!row) return [];
      const request = toRequest(row);
      return [
        { request, state: 'pending' as const, votes: all.filter((v) => v.requestId === id), decision: null },
      ];
    });
  }

  /** No JOIN: the matching requests' ids first (when filtered), then their decisions, then the requests. */
  async decisions({ range, gate, limit = 20 }: DecisionFilter): Promise<DecidedGate[]> {
    let ids: string[] | null = null;
    if (range || gate) {
      const where: string[] = [];
      const params: Statement['params'] = {};
      if (range) {
        where.push('range_start <= @end AND range_end >= @start');
        params.start = { type: 'DATE', value: range.start };
        params.end = { type: 'DATE', value: range.end };
      }
      if (gate) {
        where.push('gate = @gate');
        params.gate = str(gate);
      }
      const rows = await this.run({
        sql: `SELECT id FROM ${this.sql.table('gate_requests')} WHERE ${where.join(' AND ')}`,
        params,
      });
      ids = rows.map((r) => String(r.id));
      if (ids.length === 0) return [];
    }
    const decided = (
      await this.run({
        sql: `SELECT ${DECISION_COLUMNS} FROM ${this.sql.table('gate_decisions')}
              ${ids ? 'WHERE request_id IN UNNEST(@ids)' : ''}
              ORDER BY decided_at DESC, seq DESC LIMIT @limit`,
        params: {
          limit: { type: 'INT64', value: limit },
          ...(ids ? { ids: { type: 'ARRAY<STRING>', value: ids } } : {}),
        },
      })
    ).map(toDecision);
    if (decided.length === 0) return [];
    const requests = (
      await this.run({
        sql: `SELECT ${REQUEST_COLUMNS} FROM ${this.sql.table('gate_requests')} WHERE id IN UNNEST(@ids)`,
        params: { ids: { type: 'ARRAY<STRING>', value: decided.map((d) => d.requestId) } },
      })
    ).map(toRequest);
    return decided.flatMap((decision) => {
      const request = requests.find((r) => r.id === decision.requestId);
      return request ? [{ request, decision }] : [];
    });
  }

  async audit(limit: number): Promise<AuditEntry[]> {
    const columns = AUDIT_COLUMNS.replace(/^seq,/, 'id AS seq,');
    const rows = await this.run({
      sql: `SELECT ${columns} FROM ${this.sql.table('audit_log')} ORDER BY seq DESC LIMIT @limit`,
      params: { limit: { type: 'INT64', value: limit } },
    });
    return rows.map(toAudit);
  }
}
