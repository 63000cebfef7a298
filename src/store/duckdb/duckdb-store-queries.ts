import { type DuckDBConnection, type DuckDBValue, VARCHAR } from '@duckdb/node-api';
import { canonicalJson } from '../../domain/gates/canonical-json.js';
import type {
  AuditEntry,
  AuditInput,
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
  type Params,
  REQUEST_COLUMNS,
  type Row,
  toAudit,
  toDecision,
  toRequest,
  toVote,
  VOTE_COLUMNS,
} from '../store-rows.js';
import { stateOf } from '../tally-votes.js';

// The state store's statements, each a function of the connection its caller's transaction runs on.

/** Rows as JSON-friendly objects (DATE as 'YYYY-MM-DD', BIGINT as text). */
export async function queryRows(
  connection: DuckDBConnection,
  sql: string,
  params: Params = {},
): Promise<Row[]> {
  // DuckDB cannot infer a type for a bare NULL parameter; every nullable column here is text.
  const types = Object.fromEntries(
    Object.entries(params)
      .filter(([, v]) => v === null)
      .map(([k]) => [k, VARCHAR]),
  );
  const reader = await connection.runAndReadAll(sql, params as Record<string, DuckDBValue>, types);
  return reader.getRowObjectsJson();
}

/** Inserts one row whose params' keys are the column names. */
export async function insertRow(c: DuckDBConnection, table: string, params: Params): Promise<void> {
  const columns = Object.keys(params);
  const values = columns.map((col) => `$${col}`).join(', ');
  await queryRows(c, `INSERT INTO ${table} (${columns.join(', ')}) VALUES (${values})`, params);
}

export async function loadRequest(c: DuckDBConnection, id: string): Promise<GateRequest | null> {
  const [row] = await queryRows(c, `SELECT ${REQUEST_COLUMNS} FROM gate_requests WHERE id = $id`, { id });
  return row ? toRequest(row) : null;
}

export async function loadGate(c: DuckDBConnection, id: string): Promise<GateRecord | null> {
  const request = await loadRequest(c, id);
  if (!request) return null;
  const votes = await queryRows(
    c,
    `SELECT ${VOTE_COLUMNS} FROM gate_votes WHERE request_id = $id ORDER BY seq`,
    {
      id,
    },
  );
  const [row] = await queryRows(c, `SELECT ${DECISION_COLUMNS} FROM gate_decisions WHERE request_id = $id`, {
    id,
  });
  const decision = row ? toDecision(row) : null;
  return { request, state: stateOf(decision), votes: votes.map(toVote), decision };
}

export async function voteByKey(c: DuckDBConnection, key: string): Promise<GateVote | null> {
  const [row] = await queryRows(c, `SELECT ${VOTE_COLUMNS} FROM gate_votes WHERE idempotency_key = $key`, {
    key,
  });
  return row ? toVote(row) : null;
}

const prefixed = (columns: string, alias: string): string =>
  columns
    .split(', ')
    .map((col) => `${alias}.${col}`)
    .join(', ');

/** Undecided requests among the newest PENDING_SCAN, newest first, with their votes (two reads, one transaction). */
export async function pendingGates(c: DuckDBConnection, limit: number): Promise<GateRecord[]> {
  const newest = `SELECT id FROM gate_requests ORDER BY requested_at DESC, id DESC LIMIT ${PENDING_SCAN}`;
  const pending = `SELECT id FROM gate_requests r
    WHERE id IN (${newest}) AND NOT EXISTS (SELECT 1 FROM gate_decisions d WHERE d.request_id = r.id)
    ORDER BY requested_at DESC, id DESC LIMIT $limit`;
  const requests = await queryRows(
    c,
    `SELECT ${REQUEST_COLUMNS} FROM gate_requests WHERE id IN (${pending}) ORDER BY requested_at DESC, id DESC`,
    { limit },
  );
  const votes = (
    await queryRows(
      c,
      `SELECT ${VOTE_COLUMNS} FROM gate_votes WHERE request_id IN (${pending}) ORDER BY seq`,
      {
        limit,
      },
    )
  ).map(toVote);
  return requests.map((row) => {
    const request = toRequest(row);
    return {
      request,
      state: 'pending',
      votes: votes.filter((v) => v.requestId === request.id),
      decision: null,
    };
  });
}

export async function decisions(
  c: DuckDBConnection,
  { range, gate, limit = 20 }: DecisionFilter,
): Promise<DecidedGate[]> {
  const where: string[] = [];
  const params: Params = { limit };
  if (range) {
    where.push('r.range_start <= $end::DATE AND r.range_end >= $start::DATE');
    Object.assign(params, { start: range.start, end: range.end });
  }
  if (gate) {
    where.push('r.gate = $gate');
    params.gate = gate;
  }
  const rows = await queryRows(
    c,
    `SELECT ${prefixed(REQUEST_COLUMNS, 'r')}, ${prefixed(DECISION_COLUMNS, 'd')}
     FROM gate_decisions d JOIN gate_requests r ON r.id = d.request_id
     ${where.length ? `WHERE ${where.join(' AND ')}` : ''}
     ORDER BY d.decided_at DESC, d.seq DESC LIMIT $limit`,
    params,
  );
  return rows.map((row) => ({ request: toRequest(row), decision: toDecision(row) }));
}

export async function appendAudit(c: DuckDBConnection, input: AuditInput, at: string): Promise<AuditEntry> {
  const [row] = await queryRows(
    c,
    `INSERT INTO audit_log (logged_at, actor, action, args, result)
     VALUES ($at, $actor, $action, $args, $result) RETURNING seq`,
    {
      at,
      actor: input.actor,
      action: input.action,
      args: canonicalJson(input.args),
      result: canonicalJson(input.result),
    },
  );
  return { ...input, id: String(row?.seq), at };
}

export async function latestAudit(c: DuckDBConnection, limit: number): Promise<AuditEntry[]> {
  const rows = await queryRows(c, `SELECT ${AUDIT_COLUMNS} FROM audit_log ORDER BY seq DESC LIMIT $limit`, {
    limit,
  });
  return rows.map(toAudit);
}
