import { DuckDBInstance } from '@duckdb/node-api';
import type { BigQuery } from '@google-cloud/bigquery';
import type { ScheduledSlot } from '../../src/store/state-store.js';
import { writeVersion3Dataset, writeVersion3File } from './version-3-store.js';

// A store as the release before watches (schema version 4) left it: version 3's tables and rows,
// plus schedule_slots and milestone_state exactly as version 4 made them (copied from it, not derived
// from today's schema) holding one claimed report slot. Opening it with this release must add
// watches and lose nothing.

export const V4_SLOT: ScheduledSlot = {
  job: 'report',
  slot: '2026-11-20T13:00:00.000Z',
  owner: 'replica-v4',
  late: false,
  claimedAt: '2026-11-20T13:00:05.000Z',
};

const V4_DUCKDB_TABLES = [
  `CREATE TABLE schedule_slots (
    job VARCHAR NOT NULL,
    slot VARCHAR NOT NULL,
    owner VARCHAR NOT NULL,
    late INTEGER NOT NULL CHECK (late IN (0, 1)),
    claimed_at VARCHAR NOT NULL,
    PRIMARY KEY (job, slot)
  )`,
  `CREATE TABLE milestone_state (
    id VARCHAR PRIMARY KEY,
    snoozed_until VARCHAR,
    decision_choice VARCHAR,
    decided_by VARCHAR,
    decided_by_handle VARCHAR,
    decided_at VARCHAR,
    decision_reason VARCHAR,
    version INTEGER NOT NULL CHECK (version >= 1)
  )`,
];

const slotRow = {
  job: V4_SLOT.job,
  slot: V4_SLOT.slot,
  owner: V4_SLOT.owner,
  late: 0,
  claimed_at: V4_SLOT.claimedAt,
};

/** A DuckDB state file as version 4 made it. */
export async function writeVersion4File(path: string): Promise<void> {
  await writeVersion3File(path);
  const instance = await DuckDBInstance.create(path);
  const c = await instance.connect();
  try {
    for (const ddl of V4_DUCKDB_TABLES) await c.run(ddl);
    await c.run('INSERT INTO schedule_slots VALUES ($job, $slot, $owner, $late, $claimed_at)', slotRow);
    await c.run(`UPDATE store_meta SET value = '4' WHERE key = 'schema_version'`);
  } finally {
    c.closeSync();
    instance.closeSync();
  }
}

const V4_BIGQUERY_TABLES: Record<string, Record<string, string>> = {
  schedule_slots: {
    job: 'STRING',
    slot: 'STRING',
    owner: 'STRING',
    late: 'INT64',
    claimed_at: 'STRING',
    claim_token: 'STRING',
  },
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
};

/** A BigQuery state dataset as version 4 made it: its nine tables, schema_version 4. */
export async function writeVersion4Dataset(
  bigquery: BigQuery,
  project: string,
  datasetId: string,
): Promise<void> {
  await writeVersion3Dataset(bigquery, project, datasetId);
  for (const [table, columns] of Object.entries(V4_BIGQUERY_TABLES)) {
    const fields = Object.entries(columns).map(([name, type]) => ({ name, type, mode: 'NULLABLE' }));
    await bigquery.dataset(datasetId).createTable(table, { schema: { fields } });
  }
  await bigquery.query({
    query: `INSERT INTO \`${project}.${datasetId}.schedule_slots\` (job, slot, owner, late, claimed_at, claim_token) VALUES (@job, @slot, @owner, @late, @claimed_at, @claim_token)`,
    params: { ...slotRow, claim_token: 'v4token' },
  });
  await bigquery.query({
    query: `UPDATE \`${project}.${datasetId}.store_meta\` SET value = @v WHERE key = @k`,
    params: { v: '4', k: 'schema_version' },
  });
}
