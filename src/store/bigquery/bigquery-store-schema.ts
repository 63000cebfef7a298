import type { BigQuery } from '@google-cloud/bigquery';

export type ColumnType = 'STRING' | 'INT64' | 'DATE';

// The DuckDB store's tables without its keys (BigQuery has none to enforce): uniqueness comes from the
// vote transaction instead (see bigquery-state-store.ts). Times and JSON are text, as in DuckDB, so a
// row reads back exactly as written. `version` is bumped by every vote: the transaction's lock row.
export const STORE_TABLES: Record<string, Record<string, ColumnType>> = {
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
    /** Position among the request's votes: votes on one request are serialised, so it is exact. */
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
    /** sortableId(): orders entries that share a timestamp. */
    id: 'STRING',
    logged_at: 'STRING',
    actor: 'STRING',
    action: 'STRING',
    args: 'STRING',
    result: 'STRING',
  },
};

const isStatus = (error: unknown, code: number): boolean => (error as { code?: unknown })?.code === code;

/**
 * Creates the dataset and the tables that are missing (datasets.insert, tables.insert); one that
 * another instance created meanwhile (409) is fine. Existing tables are left as they are.
 */
export async function ensureStoreTables(
  bigquery: BigQuery,
  datasetId: string,
  location: string,
): Promise<void> {
  const dataset = bigquery.dataset(datasetId, { location });
  const [exists] = await dataset.exists();
  if (!exists) {
    await dataset.create({ location }).catch((error: unknown) => {
      if (!isStatus(error, 409)) throw error;
    });
  }
  for (const [name, columns] of Object.entries(STORE_TABLES)) {
    const table = dataset.table(name);
    const [present] = await table.exists();
    if (present) continue;
    const fields = Object.entries(columns).map(([column, type]) => ({
      name: column,
      type,
      mode: 'NULLABLE',
    }));
    await dataset.createTable(name, { schema: { fields } }).catch((error: unknown) => {
      if (!isStatus(error, 409)) throw error;
    });
  }
}
