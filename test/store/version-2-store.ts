import { DuckDBInstance, VARCHAR } from '@duckdb/node-api';
import { BigQuery } from '@google-cloud/bigquery';
import { canonicalJson } from '../../src/domain/gates/canonical-json.js';
import type { AuditEntry, GateRequest, OutboxRow } from '../../src/store/state-store.js';
import { cardPost, EVIDENCE, newRequest } from './store-fixtures.js';

// A store as the release before re-runs (schema version 2) left it: its tables exactly as that
// release made them (copied from it, not derived from today's schema), holding a gate request with
// its card still to post and the request's audit entry. Opening it with this release must add
// rerun_requests and lose nothing.

export const V2_REQUEST: GateRequest = {
  ...newRequest({ id: 'g_version2' }),
  id: 'g_version2',
  requestedAt: '2026-11-10T09:00:00.000Z',
  requestedByHandle: 'req',
  channel: null,
  messageTs: null,
};

const card = cardPost('gate:g_version2:card', 'gate:g_version2', 'g_version2');

/** The card post, as this release reads it back (seq is the store's own). */
export const V2_OUTBOX: Omit<OutboxRow, 'seq'> = {
  ...card,
  state: 'pending',
  attempts: 0,
  createdAt: V2_REQUEST.requestedAt,
  nextAttemptAt: V2_REQUEST.requestedAt,
  claimedBy: null,
  claimedUntil: null,
  lastError: null,
  result: null,
  deliveredAt: null,
};

export const V2_AUDIT: Omit<AuditEntry, 'id'> = {
  at: V2_REQUEST.requestedAt,
  actor: V2_REQUEST.requestedBy,
  action: 'gate.request',
  args: { id: 'g_version2', gate: '1' },
  result: { id: 'g_version2', created: true },
};

const requestRow = {
  id: V2_REQUEST.id,
  gate: V2_REQUEST.gate,
  range_start: V2_REQUEST.range.start,
  range_end: V2_REQUEST.range.end,
  range_label: V2_REQUEST.rangeLabel,
  requested_by: V2_REQUEST.requestedBy,
  requested_at: V2_REQUEST.requestedAt,
  channel: null,
  message_ts: null,
  verdict: V2_REQUEST.verdict,
  evidence: canonicalJson(EVIDENCE),
  fingerprint: V2_REQUEST.fingerprint,
  required_approvals: V2_REQUEST.requiredApprovals,
  requested_by_handle: V2_REQUEST.requestedByHandle,
};

const outboxRow = {
  key: card.key,
  kind: card.kind,
  stream: card.stream,
  payload: canonicalJson(card.payload),
  state: 'pending',
  attempts: 0,
  created_at: V2_OUTBOX.createdAt,
  next_attempt_at: V2_OUTBOX.nextAttemptAt,
};

const auditRow = {
  logged_at: V2_AUDIT.at,
  actor: V2_AUDIT.actor,
  action: V2_AUDIT.action,
  args: canonicalJson(V2_AUDIT.args),
  result: canonicalJson(V2_AUDIT.result),
};

type Row = Record<string, string | number | null>;
const ROWS: [string, Row][] = [
  ['gate_requests', requestRow],
  ['outbox', outboxRow],
  ['audit_log', auditRow],
];

const V2_DUCKDB_TABLES = [
  `CREATE SEQUENCE IF NOT EXISTS state_seq`,
  `CREATE TABLE IF NOT EXISTS gate_requests (
    id VARCHAR PRIMARY KEY,
    gate VARCHAR NOT NULL,
    range_start DATE NOT NULL,
    range_end DATE NOT NULL,
    range_label VARCHAR NOT NULL,
    requested_by VARCHAR NOT NULL,
    requested_at VARCHAR NOT NULL,
    channel VARCHAR,
    message_ts VARCHAR,
    verdict VARCHAR NOT NULL,
    evidence VARCHAR NOT NULL,
    fingerprint VARCHAR NOT NULL,
    required_approvals INTEGER NOT NULL CHECK (required_approvals >= 1),
    requested_by_handle VARCHAR
  )`,
  `CREATE TABLE IF NOT EXISTS gate_votes (
    request_id VARCHAR NOT NULL,
    voter VARCHAR NOT NULL,
    vote VARCHAR NOT NULL CHECK (vote IN ('approve', 'reject')),
    reason VARCHAR,
    idempotency_key VARCHAR NOT NULL UNIQUE,
    verdict VARCHAR NOT NULL,
    fingerprint VARCHAR NOT NULL,
    evidence VARCHAR NOT NULL,
    voted_at VARCHAR NOT NULL,
    seq BIGINT NOT NULL DEFAULT nextval('state_seq'),
    voter_handle VARCHAR,
    PRIMARY KEY (request_id, voter)
  )`,
  `CREATE TABLE IF NOT EXISTS gate_decisions (
    request_id VARCHAR PRIMARY KEY,
    decision VARCHAR NOT NULL CHECK (decision IN ('approved', 'rejected')),
    decided_by VARCHAR NOT NULL,
    approvers VARCHAR NOT NULL,
    decided_at VARCHAR NOT NULL,
    decision_reason VARCHAR,
    verdict_at_decision VARCHAR NOT NULL,
    fingerprint_at_decision VARCHAR NOT NULL,
    evidence_at_decision VARCHAR NOT NULL,
    seq BIGINT NOT NULL DEFAULT nextval('state_seq')
  )`,
  `CREATE TABLE IF NOT EXISTS audit_log (
    seq BIGINT PRIMARY KEY DEFAULT nextval('state_seq'),
    logged_at VARCHAR NOT NULL,
    actor VARCHAR NOT NULL,
    action VARCHAR NOT NULL,
    args VARCHAR NOT NULL,
    result VARCHAR NOT NULL
  )`,
  // No index beyond the key: DuckDB rewrites an indexed row on every update, and claims update.
  `CREATE TABLE IF NOT EXISTS outbox (
    key VARCHAR PRIMARY KEY,
    seq BIGINT NOT NULL DEFAULT nextval('state_seq'),
    kind VARCHAR NOT NULL CHECK (kind IN ('chat.post', 'chat.update', 'chat.reply', 'queue.publish')),
    stream VARCHAR NOT NULL,
    payload VARCHAR NOT NULL,
    state VARCHAR NOT NULL CHECK (state IN ('pending', 'delivered', 'failed')),
    attempts INTEGER NOT NULL,
    created_at VARCHAR NOT NULL,
    next_attempt_at VARCHAR NOT NULL,
    claimed_by VARCHAR,
    claimed_until VARCHAR,
    claim_token VARCHAR,
    last_error VARCHAR,
    result VARCHAR,
    delivered_at VARCHAR
  )`,
  'CREATE TABLE IF NOT EXISTS store_meta (key VARCHAR PRIMARY KEY, value VARCHAR NOT NULL)',
  `INSERT INTO store_meta VALUES ('schema_version', '2')`,
];

/** A DuckDB state file as version 2 made it. */
export async function writeVersion2File(path: string): Promise<void> {
  const instance = await DuckDBInstance.create(path);
  const c = await instance.connect();
  try {
    for (const ddl of V2_DUCKDB_TABLES) await c.run(ddl);
    for (const [table, row] of ROWS) {
      const columns = Object.keys(row);
      const nulls = Object.fromEntries(columns.filter((k) => row[k] === null).map((k) => [k, VARCHAR]));
      await c.run(
        `INSERT INTO ${table} (${columns.join(', ')}) VALUES (${columns.map((k) => `$${k}`).join(', ')})`,
        row,
        nulls,
      );
    }
  } finally {
    c.closeSync();
    instance.closeSync();
  }
}

const V2_BIGQUERY_TABLES: Record<string, Record<string, string>> = {
  gate_requests: {
    id: 'STRING',
    gate: 'STRING',
    range_start: 'DATE',
    range_end: 'DATE',
    range_label: 'STRING',
    requested_by: 'STRING',
    requested_at: 'STRING',
    channel: 'STRING',
    message_ts: 'STRING',
    verdict: 'STRING',
    evidence: 'STRING',
    fingerprint: 'STRING',
    required_approvals: 'INT64',
    version: 'INT64',
    requested_by_handle: 'STRING',
  },
  gate_votes: {
    request_id: 'STRING',
    voter: 'STRING',
    vote: 'STRING',
    reason: 'STRING',
    idempotency_key: 'STRING',
    verdict: 'STRING',
    fingerprint: 'STRING',
    evidence: 'STRING',
    voted_at: 'STRING',
    /** Position among the request's votes: votes on one request are serialised, so it is exact. */
    seq: 'INT64',
    voter_handle: 'STRING',
  },
  gate_decisions: {
    request_id: 'STRING',
    decision: 'STRING',
    decided_by: 'STRING',
    approvers: 'STRING',
    decided_at: 'STRING',
    decision_reason: 'STRING',
    verdict_at_decision: 'STRING',
    fingerprint_at_decision: 'STRING',
    evidence_at_decision: 'STRING',
    seq: 'STRING',
  },
  audit_log: {
    /** sortableId(): orders entries that share a timestamp. */
    id: 'STRING',
    logged_at: 'STRING',
    actor: 'STRING',
    action: 'STRING',
    args: 'STRING',
    result: 'STRING',
  },
  outbox: {
    key: 'STRING',
    /** sortableId(): rows of one transaction in the order written. */
    seq: 'STRING',
    kind: 'STRING',
    stream: 'STRING',
    payload: 'STRING',
    state: 'STRING',
    attempts: 'INT64',
    created_at: 'STRING',
    next_attempt_at: 'STRING',
    claimed_by: 'STRING',
    claimed_until: 'STRING',
    /** Names the claim call that holds the row: a claim reads back what carries its token. */
    claim_token: 'STRING',
    last_error: 'STRING',
    result: 'STRING',
    delivered_at: 'STRING',
  },
  /** schema_version: absent from datasets of version 1, which had no such table. */
  store_meta: {
    key: 'STRING',
    value: 'STRING',
  },
};

/** A BigQuery state dataset as version 2 made it: its six tables, schema_version 2. */
export async function writeVersion2Dataset(
  bigquery: BigQuery,
  project: string,
  datasetId: string,
): Promise<void> {
  const [dataset] = await bigquery.dataset(datasetId).create();
  for (const [name, columns] of Object.entries(V2_BIGQUERY_TABLES)) {
    const fields = Object.entries(columns).map(([column, type]) => ({
      name: column,
      type,
      mode: 'NULLABLE',
    }));
    await dataset.createTable(name, { schema: { fields } });
  }
  const insert = async (table: string, row: Row) => {
    const columns = Object.keys(row);
    const values = columns.map((k) => (row[k] === null ? 'NULL' : `@${k}`));
    const params = Object.fromEntries(
      Object.entries(row)
        .filter(([, v]) => v !== null)
        .map(([k, v]) => [k, V2_BIGQUERY_TABLES[table]?.[k] === 'DATE' ? BigQuery.date(String(v)) : v]),
    );
    await bigquery.query({
      query: `INSERT INTO \`${project}.${datasetId}.${table}\` (${columns.join(', ')}) VALUES (${values.join(', ')})`,
      params,
    });
  };
  // Version 2 wrote the request at version 0 (no vote yet), seq and ids as sortable text.
  await insert('gate_requests', { ...requestRow, version: 0 });
  await insert('outbox', { ...outboxRow, seq: '001762765200000.000000.aaaaaa' });
  await insert('audit_log', { ...auditRow, id: '001762765200000.000001.aaaaaa' });
  await insert('store_meta', { key: 'schema_version', value: '2' });
}
