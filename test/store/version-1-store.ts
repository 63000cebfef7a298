import { DuckDBInstance } from '@duckdb/node-api';
import { BigQuery } from '@google-cloud/bigquery';
import { canonicalJson } from '../../src/domain/gates/canonical-json.js';
import type { GateRequest, GateVote } from '../../src/store/state-store.js';
import { EVIDENCE, newRequest } from './store-fixtures.js';

// A store as the previous release (schema version 1) left it: its tables exactly as that release
// made them (copied from it, not derived from today's schema), holding a two-approver request with
// one approval. Opening it with this release must migrate it in place and lose nothing.

/** What version 1 stored, as this release reads it back (no handles: version 1 had none). */
export const V1_REQUEST: GateRequest = {
  ...newRequest({ id: 'g_version1', gate: '3', requiredApprovals: 2 }),
  id: 'g_version1',
  requestedAt: '2026-11-01T10:00:00.000Z',
  requestedByHandle: null,
  channel: 'C_OPS',
  messageTs: '1761991200.000100',
};

export const V1_VOTE: GateVote = {
  requestId: V1_REQUEST.id,
  voter: 'U_ANN',
  voterHandle: null,
  vote: 'approve',
  reason: 'looks right',
  idempotencyKey: 'g_version1:U_ANN:1',
  verdict: 'PASS',
  fingerprint: V1_REQUEST.fingerprint,
  evidence: EVIDENCE,
  votedAt: '2026-11-01T10:05:00.000Z',
};

const requestRow = {
  id: V1_REQUEST.id,
  gate: V1_REQUEST.gate,
  range_start: V1_REQUEST.range.start,
  range_end: V1_REQUEST.range.end,
  range_label: V1_REQUEST.rangeLabel,
  requested_by: V1_REQUEST.requestedBy,
  requested_at: V1_REQUEST.requestedAt,
  channel: V1_REQUEST.channel,
  message_ts: V1_REQUEST.messageTs,
  verdict: V1_REQUEST.verdict,
  evidence: canonicalJson(EVIDENCE),
  fingerprint: V1_REQUEST.fingerprint,
  required_approvals: V1_REQUEST.requiredApprovals,
};

const voteRow = {
  request_id: V1_VOTE.requestId,
  voter: V1_VOTE.voter,
  vote: V1_VOTE.vote,
  reason: V1_VOTE.reason,
  idempotency_key: V1_VOTE.idempotencyKey,
  verdict: V1_VOTE.verdict,
  fingerprint: V1_VOTE.fingerprint,
  evidence: canonicalJson(EVIDENCE),
  voted_at: V1_VOTE.votedAt,
};

const V1_DUCKDB_TABLES = [
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
    required_approvals INTEGER NOT NULL CHECK (required_approvals >= 1)
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
  'CREATE TABLE IF NOT EXISTS store_meta (key VARCHAR PRIMARY KEY, value VARCHAR NOT NULL)',
  `INSERT INTO store_meta VALUES ('schema_version', '1')`,
];

const placeholders = (row: Record<string, unknown>, mark: (column: string) => string) =>
  Object.keys(row).map(mark).join(', ');

/** A DuckDB state file as version 1 made it. */
export async function writeVersion1File(path: string): Promise<void> {
  const instance = await DuckDBInstance.create(path);
  const c = await instance.connect();
  try {
    for (const ddl of V1_DUCKDB_TABLES) await c.run(ddl);
    for (const [table, row] of [
      ['gate_requests', requestRow],
      ['gate_votes', voteRow],
    ] as const) {
      await c.run(
        `INSERT INTO ${table} (${Object.keys(row).join(', ')}) VALUES (${placeholders(row, (k) => `$${k}`)})`,
        row as Record<string, string | number | null>,
      );
    }
  } finally {
    c.closeSync();
    instance.closeSync();
  }
}

const V1_BIGQUERY_TABLES: Record<string, Record<string, string>> = {
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
    seq: 'INT64',
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
    id: 'STRING',
    logged_at: 'STRING',
    actor: 'STRING',
    action: 'STRING',
    args: 'STRING',
    result: 'STRING',
  },
};

/** A BigQuery state dataset as version 1 made it: its four tables, no store_meta. */
export async function writeVersion1Dataset(
  bigquery: BigQuery,
  project: string,
  datasetId: string,
): Promise<void> {
  const [dataset] = await bigquery.dataset(datasetId).create();
  for (const [name, columns] of Object.entries(V1_BIGQUERY_TABLES)) {
    const fields = Object.entries(columns).map(([column, type]) => ({
      name: column,
      type,
      mode: 'NULLABLE',
    }));
    await dataset.createTable(name, { schema: { fields } });
  }
  const insert = async (table: string, row: Record<string, string | number | null>) => {
    const columns = Object.keys(row);
    const values = columns.map((k) => (row[k] === null ? 'NULL' : `@${k}`));
    const params = Object.fromEntries(
      Object.entries(row)
        .filter(([, v]) => v !== null)
        .map(([k, v]) => [k, V1_BIGQUERY_TABLES[table]?.[k] === 'DATE' ? BigQuery.date(String(v)) : v]),
    );
    await bigquery.query({
      query: `INSERT INTO \`${project}.${datasetId}.${table}\` (${columns.join(', ')}) VALUES (${values.join(', ')})`,
      params,
    });
  };
  // The vote bumped the request's version, as version 1's vote transaction did.
  await insert('gate_requests', { ...requestRow, version: 1 });
  await insert('gate_votes', { ...voteRow, seq: 1 });
}
