import type { DuckDBConnection } from '@duckdb/node-api';
import { StoreError } from '../store-error.js';
import { queryRows } from './duckdb-store-queries.js';

/** Bump when a table changes, and add what the new version changes to MIGRATIONS. */
export const STORE_SCHEMA_VERSION = 6;

// Times are ISO-8601 UTC text: they sort as text and come back exactly as written. JSON is canonical
// text for the same reason (a stored evidence summary must fingerprint the same after a restart).
// Keys carry the exactly-one guarantees; see state-store.ts.
// No index beyond the key: DuckDB rewrites an indexed row on every update, and claims update.
const OUTBOX_TABLE = `CREATE TABLE IF NOT EXISTS outbox (
    key VARCHAR PRIMARY KEY,
    seq BIGINT NOT NULL DEFAULT nextval('state_seq'),
    kind VARCHAR NOT NULL CHECK (kind IN ('chat.post', 'chat.update', 'chat.reply', 'queue.publish', 'home.publish')),
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
  )`;

const TABLES = [
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
  OUTBOX_TABLE,
  // One row per request, changed in place by compare-and-set on `version` (see updateRerun).
  `CREATE TABLE IF NOT EXISTS rerun_requests (
    id VARCHAR PRIMARY KEY,
    seq BIGINT NOT NULL DEFAULT nextval('state_seq'),
    version INTEGER NOT NULL CHECK (version >= 1),
    state VARCHAR NOT NULL CHECK (state IN ('planned', 'awaiting-approval', 'confirmed', 'cancelled', 'done')),
    requested_by VARCHAR NOT NULL,
    requested_by_handle VARCHAR,
    requested_at VARCHAR NOT NULL,
    channel VARCHAR NOT NULL,
    words VARCHAR NOT NULL,
    plan VARCHAR NOT NULL,
    plan_start DATE,
    plan_end DATE,
    override_by VARCHAR,
    override_reason VARCHAR,
    approved_by VARCHAR,
    confirmed_by VARCHAR,
    confirmed_at VARCHAR,
    released_steps INTEGER NOT NULL CHECK (released_steps >= 0),
    done_at VARCHAR
  )`,
  // A row per claimed slot of a job: the key is what makes a slot post once (see claimSlot).
  `CREATE TABLE IF NOT EXISTS schedule_slots (
    job VARCHAR NOT NULL,
    slot VARCHAR NOT NULL,
    owner VARCHAR NOT NULL,
    late INTEGER NOT NULL CHECK (late IN (0, 1)),
    claimed_at VARCHAR NOT NULL,
    PRIMARY KEY (job, slot)
  )`,
  // A row per milestone once touched; the decision columns are set once (see updateMilestone).
  `CREATE TABLE IF NOT EXISTS milestone_state (
    id VARCHAR PRIMARY KEY,
    snoozed_until VARCHAR,
    decision_choice VARCHAR,
    decided_by VARCHAR,
    decided_by_handle VARCHAR,
    decided_at VARCHAR,
    decision_reason VARCHAR,
    version INTEGER NOT NULL CHECK (version >= 1)
  )`,
  // One row per watch, changed in place by compare-and-set on `version` (see updateWatch); its ticks
  // are claimed in schedule_slots (job `watch:<id>`).
  `CREATE TABLE IF NOT EXISTS watches (
    id VARCHAR PRIMARY KEY,
    seq BIGINT NOT NULL DEFAULT nextval('state_seq'),
    version INTEGER NOT NULL CHECK (version >= 1),
    state VARCHAR NOT NULL CHECK (state IN ('active', 'complete', 'stopped', 'expired')),
    channel VARCHAR NOT NULL,
    words VARCHAR NOT NULL,
    range_start DATE NOT NULL,
    range_end DATE NOT NULL,
    range_label VARCHAR NOT NULL,
    target VARCHAR,
    every_seconds INTEGER NOT NULL CHECK (every_seconds >= 30),
    started_by VARCHAR NOT NULL,
    started_by_handle VARCHAR,
    started_at VARCHAR NOT NULL,
    expires_at VARCHAR NOT NULL,
    last_tick_at VARCHAR,
    last_progress_at VARCHAR NOT NULL,
    progress INTEGER NOT NULL CHECK (progress >= 0),
    stalled INTEGER NOT NULL CHECK (stalled IN (0, 1)),
    stalls INTEGER NOT NULL CHECK (stalls >= 0),
    last_view VARCHAR NOT NULL,
    ended_at VARCHAR,
    stopped_by VARCHAR,
    stopped_by_handle VARCHAR
  )`,
];

// What each version changes in a file of the version before it; tables a version adds come from
// TABLES (CREATE ... IF NOT EXISTS). New columns go last, where TABLES puts them for a new file too.
const MIGRATIONS: Record<number, string[]> = {
  2: [
    'ALTER TABLE gate_requests ADD COLUMN requested_by_handle VARCHAR',
    'ALTER TABLE gate_votes ADD COLUMN voter_handle VARCHAR',
  ],
  // rerun_requests, a new table: TABLES creates it.
  3: [],
  // schedule_slots and milestone_state, new tables: TABLES creates them.
  4: [],
  // watches, a new table: TABLES creates it.
  5: [],
  // outbox takes 'home.publish' rows: DuckDB cannot change a CHECK in place, so the rows step aside,
  // TABLES creates the table anew, and AFTER_TABLES moves them back (same columns, same order).
  // (A file from before the outbox gets one first, so there is always something to move.)
  6: [OUTBOX_TABLE, 'CREATE TABLE outbox_v5 AS SELECT * FROM outbox', 'DROP TABLE outbox'],
};

/** What a migration does once TABLES has created what it dropped. */
const AFTER_TABLES: Record<number, string[]> = {
  6: ['INSERT INTO outbox SELECT * FROM outbox_v5', 'DROP TABLE outbox_v5'],
};

/**
 * Creates what is missing and migrates a file of an earlier version, inside the caller's transaction
 * (a failed migration leaves the file as it was). Refuses a file from a newer version, and a DuckDB
 * file holding other tables: state pointed at the warehouse would be lost to `demo init`.
 */
export async function ensureStoreSchema(connection: DuckDBConnection, path: string): Promise<void> {
  const tables = (
    await queryRows(
      connection,
      `SELECT table_name FROM duckdb_tables()
       WHERE database_name = current_database() AND NOT internal AND NOT temporary`,
    )
  ).map((row) => String(row.table_name));
  if (tables.length > 0 && !tables.includes('store_meta')) {
    throw new StoreError(
      'STORE_UNAVAILABLE',
      `DuckDB state store ${path} is not a backfill-bot state file: it holds ${tables.slice(0, 3).join(', ')}${tables.length > 3 ? ', …' : ''}`,
      'State lives in its own file (default .data/state.duckdb), never in the warehouse, which `demo init` regenerates.',
    );
  }
  await connection.run(
    'CREATE TABLE IF NOT EXISTS store_meta (key VARCHAR PRIMARY KEY, value VARCHAR NOT NULL)',
  );
  const [row] = await queryRows(connection, `SELECT value FROM store_meta WHERE key = 'schema_version'`);
  const version = row ? Number(row.value) : null;
  if (version !== null && version > STORE_SCHEMA_VERSION) {
    throw new StoreError(
      'STORE_UNAVAILABLE',
      `DuckDB state store ${path} has schema version ${version}; this backfill-bot knows up to ${STORE_SCHEMA_VERSION}`,
      'Run the newer backfill-bot, or give this one another state file.',
    );
  }
  if (version !== null) {
    for (let v = version + 1; v <= STORE_SCHEMA_VERSION; v++) {
      for (const ddl of MIGRATIONS[v] ?? []) await connection.run(ddl);
    }
  }
  for (const ddl of TABLES) await connection.run(ddl);
  if (version !== null) {
    for (let v = version + 1; v <= STORE_SCHEMA_VERSION; v++) {
      for (const ddl of AFTER_TABLES[v] ?? []) await connection.run(ddl);
    }
  }
  if (version === null) {
    await connection.run(`INSERT INTO store_meta VALUES ('schema_version', '${STORE_SCHEMA_VERSION}')`);
  } else if (version < STORE_SCHEMA_VERSION) {
    await connection.run(
      `UPDATE store_meta SET value = '${STORE_SCHEMA_VERSION}' WHERE key = 'schema_version'`,
    );
  }
}
