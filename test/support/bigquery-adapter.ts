import type { Catalog } from '../../src/config/catalog-schema.js';
import { BigqueryClient } from '../../src/warehouse/bigquery/bigquery-client.js';
import { SqlWarehouse } from '../../src/warehouse/sql-warehouse.js';
import { type BigqueryStandin, startBigqueryStandin } from './bigquery-standin/start-bigquery-standin.js';

export const TEST_PROJECT = 'backfill-test-project';

/** Day-partitioned tables as the catalog declares them: what the stand-in reports as partitioned. */
export const partitioningOf = (catalog: Catalog): Record<string, string> =>
  Object.fromEntries(
    catalog.tables.filter((t) => t.partitioned).map((t) => [`${t.dataset}.${t.table}`, t.dateColumn]),
  );

/** The production adapter, through the real Google client, against the BigQuery REST stand-in. */
export async function bigqueryOverStandin(
  catalog: Catalog,
  duckdbPath: string,
  options: {
    retry?: { maxRetries: number; retryDelayMultiplier: number; maxRetryDelay: number; totalTimeout: number };
    maximumBytesBilled?: number;
  } = {},
): Promise<{ warehouse: SqlWarehouse; client: BigqueryClient; standin: BigqueryStandin }> {
  process.env.METADATA_SERVER_DETECTION = 'none';
  const standin = await startBigqueryStandin({
    duckdbPath,
    project: TEST_PROJECT,
    partitioning: partitioningOf(catalog),
  });
  const client = new BigqueryClient({
    project: TEST_PROJECT,
    location: 'US',
    maximumBytesBilled: options.maximumBytesBilled ?? 10_000_000_000,
    timeoutMs: 30_000,
    apiEndpoint: standin.url,
    ...(options.retry ? { retry: options.retry } : {}),
  });
  return { warehouse: new SqlWarehouse(catalog, client), client, standin };
}
