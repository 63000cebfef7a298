import type { Catalog } from '../config/catalog-schema.js';
import type { Env } from '../config/env.js';
import { BigqueryClient } from './bigquery/bigquery-client.js';
import { DuckdbClient } from './duckdb/duckdb-client.js';
import { SqlWarehouse } from './sql-warehouse.js';
import type { Warehouse } from './warehouse.js';

/** The warehouse the environment asks for: embedded DuckDB by default, BigQuery in production. */
export async function openWarehouse(catalog: Catalog, env: Env): Promise<Warehouse> {
  if (env.BACKFILL_WAREHOUSE === 'bigquery') {
    const client = new BigqueryClient({
      project: env.BACKFILL_GCP_PROJECT ?? catalog.project ?? '',
      location: env.BACKFILL_BQ_LOCATION,
      maximumBytesBilled: env.BACKFILL_MAX_BYTES_BILLED,
      timeoutMs: env.BACKFILL_QUERY_TIMEOUT_MS,
    });
    return new SqlWarehouse(catalog, client);
  }
  const client = await DuckdbClient.open({
    path: env.BACKFILL_DUCKDB_PATH,
    timeoutMs: env.BACKFILL_QUERY_TIMEOUT_MS,
  });
  return new SqlWarehouse(catalog, client);
}
