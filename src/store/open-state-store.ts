import type { Clock } from '../clock/clock.js';
import type { Catalog } from '../config/catalog-schema.js';
import type { Env } from '../config/env.js';
import { createBigQuery } from '../warehouse/bigquery/bigquery-client.js';
import { BigqueryStateStore } from './bigquery/bigquery-state-store.js';
import { DuckdbStateStore } from './duckdb/duckdb-state-store.js';
import type { StateStore } from './state-store.js';

/** The state store beside the warehouse the environment asks for: its own DuckDB file, or a BigQuery dataset. */
export async function openStateStore(catalog: Catalog, env: Env, clock: Clock): Promise<StateStore> {
  if (env.BACKFILL_WAREHOUSE === 'bigquery') {
    const project = env.BACKFILL_GCP_PROJECT ?? catalog.project ?? '';
    const bigquery = createBigQuery({
      project,
      location: env.BACKFILL_BQ_LOCATION,
      ...(env.BACKFILL_BQ_API_ENDPOINT ? { apiEndpoint: env.BACKFILL_BQ_API_ENDPOINT } : {}),
    });
    return BigqueryStateStore.open({
      bigquery,
      project,
      dataset: env.BACKFILL_STATE_DATASET,
      location: env.BACKFILL_BQ_LOCATION,
      clock,
      timeoutMs: env.BACKFILL_QUERY_TIMEOUT_MS,
    });
  }
  return DuckdbStateStore.open({
    path: env.BACKFILL_STATE_PATH,
    clock,
    memoryLimit: env.BACKFILL_DUCKDB_MEMORY_LIMIT,
  });
}
