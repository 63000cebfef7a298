import type { Catalog } from '../config/catalog-schema.js';
import type { Env } from '../config/env.js';
import { BigqueryClient } from './bigquery/bigquery-client.js';
import { DuckdbClient, type DuckdbClientOptions } from './duckdb/duckdb-client.js';
import { SqlWarehouse } from './sql-warehouse.js';
import type { Warehouse } from './warehouse.js';

/** How the warehouse will be used: one query at a time (CLI) or many users at once (the bot). */
export type WarehouseUse = 'single' | 'serve';

// Serving on the embedded default: two connections, one DuckDB thread each, so queries for many
// users run side by side without starving the event loop that acks Slack (bench:slack: ack p99
// ~35 ms vs 30-90 ms with DuckDB's default of a thread per core on 4 connections, 2 cores).
const DUCKDB_SERVE = { connections: 2, threads: 1 };

/** The warehouse the environment asks for: embedded DuckDB by default, BigQuery in production. */
export async function openWarehouse(
  catalog: Catalog,
  env: Env,
  use: WarehouseUse = 'single',
): Promise<Warehouse> {
  if (env.BACKFILL_WAREHOUSE === 'bigquery') {
    const client = new BigqueryClient({
      project: env.BACKFILL_GCP_PROJECT ?? catalog.project ?? '',
      location: env.BACKFILL_BQ_LOCATION,
      maximumBytesBilled: env.BACKFILL_MAX_BYTES_BILLED,
      timeoutMs: env.BACKFILL_QUERY_TIMEOUT_MS,
      ...(env.BACKFILL_BQ_API_ENDPOINT ? { apiEndpoint: env.BACKFILL_BQ_API_ENDPOINT } : {}),
    });
    return new SqlWarehouse(catalog, client);
  }
  return new SqlWarehouse(catalog, await DuckdbClient.open(duckdbClientOptions(env, use)));
}

/** The embedded warehouse's client as the environment and the use ask: its file, time and limits. */
export function duckdbClientOptions(env: Env, use: WarehouseUse): DuckdbClientOptions {
  return {
    path: env.BACKFILL_DUCKDB_PATH,
    timeoutMs: env.BACKFILL_QUERY_TIMEOUT_MS,
    memoryLimit: env.BACKFILL_DUCKDB_MEMORY_LIMIT,
    ...(use === 'serve' ? DUCKDB_SERVE : { connections: 1 }),
  };
}
