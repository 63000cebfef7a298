import type { BigQuery } from '@google-cloud/bigquery';
import { StoreError } from '../store-error.js';
import type { StoreJobs } from './bigquery-store-jobs.js';
import type { StoreSql } from './bigquery-store-sql.js';

export type ColumnType = 'STRING' | 'INT64' | 'DATE';

/** Bump when a table changes, and list what the new version adds in ADDED_COLUMNS (new tables add themselves). */
export const STORE_SCHEMA_VERSION = 5;

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
  /** Changed in place by compare-and-set on `version` (see updateRerun). */
  rerun_requests: {
    id: 'STRING',
    /** sortableId(): orders requests made at one store-clock time. */
    seq: 'STRING',
    version: 'INT64',
    state: 'STRING',
    requested_by: 'STRING',
    requested_by_handle: 'STRING',
    requested_at: 'STRING',
    channel: 'STRING',
    words: 'STRING',
    plan: 'STRING',
    plan_start: 'DATE',
    plan_end: 'DATE',
    override_by: 'STRING',
    override_reason: 'STRING',
    approved_by: 'STRING',
    confirmed_by: 'STRING',
    confirmed_at: 'STRING',
    released_steps: 'INT64',
    done_at: 'STRING',
  },
  /** One row per claimed (job, slot), inserted by the claim's transaction (see bigquery-schedules.ts). */
  schedule_slots: {
    job: 'STRING',
    slot: 'STRING',
    owner: 'STRING',
    late: 'INT64',
    claimed_at: 'STRING',
    /** Names the claim call that inserted the row: its transaction checks the row is its own. */
    claim_token: 'STRING',
  },
  /** Changed in place by compare-and-set on `version`, as rerun_requests. */
  milestone_state: {
    id: 'STRING',
    snoozed_until: 'STRING',
    decision_choice: 'STRING',
    decided_by: 'STRING',
    decided_by_handle: 'STRING',
    decided_at: 'STRING',
    decision_reason: 'STRING',
    version: 'INT64',
  },
  /** Changed in place by compare-and-set on `version`, as rerun_requests; ticks claim schedule_slots. */
  watches: {
    id: 'STRING',
    /** sortableId(): orders watches started at one store-clock time. */
    seq: 'STRING',
    version: 'INT64',
    state: 'STRING',
    channel: 'STRING',
    words: 'STRING',
    range_start: 'DATE',
    range_end: 'DATE',
    range_label: 'STRING',
    target: 'STRING',
    every_seconds: 'INT64',
    started_by: 'STRING',
    started_by_handle: 'STRING',
    started_at: 'STRING',
    expires_at: 'STRING',
    last_tick_at: 'STRING',
    last_progress_at: 'STRING',
    progress: 'INT64',
    stalled: 'INT64',
    stalls: 'INT64',
    last_view: 'STRING',
    ended_at: 'STRING',
    stopped_by: 'STRING',
    stopped_by_handle: 'STRING',
  },
  /** schema_version: absent from datasets of version 1, which had no such table. */
  store_meta: {
    key: 'STRING',
    value: 'STRING',
  },
};

// Columns a version added to tables an earlier release created (new tables are created whole:
// version 3's rerun_requests, version 4's schedule_slots and milestone_state, version 5's watches are).
const ADDED_COLUMNS: { version: number; table: keyof typeof STORE_TABLES & string; column: string }[] = [
  { version: 2, table: 'gate_requests', column: 'requested_by_handle' },
  { version: 2, table: 'gate_votes', column: 'voter_handle' },
];

const isStatus = (error: unknown, code: number): boolean => (error as { code?: unknown })?.code === code;

/** What opening needs besides the client: the store's labelled jobs and its table names. */
export interface SchemaContext {
  bigquery: BigQuery;
  jobs: StoreJobs;
  sql: StoreSql;
  dataset: string;
  location: string;
  /** project.dataset, for messages. */
  where: string;
}

/**
 * Brings the dataset to STORE_SCHEMA_VERSION: creates it and the tables that are missing
 * (datasets.insert, tables.insert; a 409 from another replica doing the same is fine), adds the
 * columns later versions added (ALTER TABLE ... ADD COLUMN IF NOT EXISTS, so a replica migrating at
 * the same time is harmless), and writes the version last, so a migration cut short runs again.
 * A dataset without store_meta but with gate_requests was made by version 1. Refuses a newer one.
 */
export async function ensureStoreSchema(ctx: SchemaContext): Promise<void> {
  const dataset = ctx.bigquery.dataset(ctx.dataset, { location: ctx.location });
  const [exists] = await dataset.exists();
  if (!exists) {
    await dataset.create({ location: ctx.location }).catch((error: unknown) => {
      if (!isStatus(error, 409)) throw error;
    });
  }
  const [tables] = await dataset.getTables();
  const present = new Set(tables.map((t) => t.id));
  const recorded = present.has('store_meta') ? await storedVersion(ctx) : null;
  const version = recorded ?? (present.has('gate_requests') ? 1 : null);
  if (version !== null && version > STORE_SCHEMA_VERSION) {
    throw new StoreError(
      'STORE_UNAVAILABLE',
      `BigQuery state store ${ctx.where} has schema version ${version}; this backfill-bot knows up to ${STORE_SCHEMA_VERSION}`,
      'Run the newer backfill-bot, or give this one another dataset (BACKFILL_STATE_DATASET).',
    );
  }
  for (const [name, columns] of Object.entries(STORE_TABLES)) {
    if (present.has(name)) continue;
    const fields = Object.entries(columns).map(([column, type]) => ({
      name: column,
      type,
      mode: 'NULLABLE',
    }));
    await dataset.createTable(name, { schema: { fields } }).catch((error: unknown) => {
      if (!isStatus(error, 409)) throw error;
    });
  }
  for (const added of ADDED_COLUMNS) {
    if (version === null || added.version <= version || !present.has(added.table)) continue;
    const type = STORE_TABLES[added.table]?.[added.column];
    await ctx.jobs.write({
      sql: `ALTER TABLE ${ctx.sql.table(added.table)} ADD COLUMN IF NOT EXISTS ${added.column} ${type}`,
      params: {},
    });
  }
  if (version !== STORE_SCHEMA_VERSION) await writeVersion(ctx, recorded);
}

const VERSION_KEY = 'schema_version';

async function storedVersion(ctx: SchemaContext): Promise<number | null> {
  const [row] = await ctx.jobs.query({
    sql: `SELECT value FROM ${ctx.sql.table('store_meta')} WHERE key = @key`,
    params: { key: { type: 'STRING', value: VERSION_KEY } },
  });
  return row ? Number(row.value) : null;
}

async function writeVersion(ctx: SchemaContext, recorded: number | null): Promise<void> {
  const row = { key: VERSION_KEY, value: String(STORE_SCHEMA_VERSION) };
  if (recorded === null) {
    await ctx.jobs.write(ctx.sql.mergeInsert('store_meta', 'm', row, ['key'], 'T.key = S.key'));
    return;
  }
  await ctx.jobs.write({
    sql: `UPDATE ${ctx.sql.table('store_meta')} SET value = @value WHERE key = @key`,
    params: { key: { type: 'STRING', value: row.key }, value: { type: 'STRING', value: row.value } },
  });
}
