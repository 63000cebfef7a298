import { DuckDBInstance } from '@duckdb/node-api';
import { BigQuery } from '@google-cloud/bigquery';
import { buildRerunRequest } from '../../src/store/new-rerun-request.js';
import { rerunParams } from '../../src/store/rerun-rows.js';
import type { RerunRequest } from '../../src/store/state-store.js';
import { newRerun } from './rerun-fixtures.js';
import { writeVersion2Dataset, writeVersion2File } from './version-2-store.js';

// A store as the release before schedules (schema version 3) left it: version 2's tables and rows,
// plus rerun_requests exactly as version 3 made it (copied from it, not derived from today's schema)
// holding one planned request. Opening it with this release must add schedule_slots and
// milestone_state and lose nothing.

export const V3_RERUN: RerunRequest = buildRerunRequest(
  newRerun({ id: 'r_version3' }),
  '2026-11-12T10:00:00.000Z',
);

const V3_DUCKDB_RERUNS = `CREATE TABLE rerun_requests (
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
  )`;

const rerunRow = () => Object.entries(rerunParams(V3_RERUN)).filter(([, v]) => v !== null);

/** A DuckDB state file as version 3 made it. */
export async function writeVersion3File(path: string): Promise<void> {
  await writeVersion2File(path);
  const instance = await DuckDBInstance.create(path);
  const c = await instance.connect();
  try {
    await c.run(V3_DUCKDB_RERUNS);
    const row = rerunRow();
    await c.run(
      `INSERT INTO rerun_requests (${row.map(([k]) => k).join(', ')}) VALUES (${row.map(([k]) => `$${k}`).join(', ')})`,
      Object.fromEntries(row) as Record<string, string | number>,
    );
    await c.run(`UPDATE store_meta SET value = '3' WHERE key = 'schema_version'`);
  } finally {
    c.closeSync();
    instance.closeSync();
  }
}

const V3_BIGQUERY_RERUNS: Record<string, string> = {
  id: 'STRING',
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
};

/** A BigQuery state dataset as version 3 made it: its seven tables, schema_version 3. */
export async function writeVersion3Dataset(
  bigquery: BigQuery,
  project: string,
  datasetId: string,
): Promise<void> {
  await writeVersion2Dataset(bigquery, project, datasetId);
  const fields = Object.entries(V3_BIGQUERY_RERUNS).map(([name, type]) => ({ name, type, mode: 'NULLABLE' }));
  await bigquery.dataset(datasetId).createTable('rerun_requests', { schema: { fields } });
  const row = [...rerunRow(), ['seq', '001762941600000.000000.aaaaaa'] as const];
  await bigquery.query({
    query: `INSERT INTO \`${project}.${datasetId}.rerun_requests\` (${row.map(([k]) => k).join(', ')}) VALUES (${row.map(([k]) => `@${k}`).join(', ')})`,
    params: Object.fromEntries(
      row.map(([k, v]) => [k, V3_BIGQUERY_RERUNS[k] === 'DATE' ? BigQuery.date(String(v)) : v]),
    ),
  });
  await bigquery.query({
    query: `UPDATE \`${project}.${datasetId}.store_meta\` SET value = @v WHERE key = @k`,
    params: { v: '3', k: 'schema_version' },
  });
}
