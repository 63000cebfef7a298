import type { Catalog } from '../config/catalog-schema.js';
import type { Env } from '../config/env.js';

/** Where a port is: a file, or a BigQuery project (and dataset). Never a credential. */
export type PortLocation =
  | { kind: 'duckdb' | 'local'; path: string }
  | { kind: 'bigquery'; project: string; location: string; dataset?: string };

export interface PortLocations {
  warehouse: PortLocation;
  store?: PortLocation;
  queue?: PortLocation;
}

const project = (env: Env, catalog: Catalog) => env.BACKFILL_GCP_PROJECT ?? catalog.project ?? '';

export function warehouseLocation(env: Env, catalog: Catalog): PortLocation {
  return env.BACKFILL_WAREHOUSE === 'bigquery'
    ? { kind: 'bigquery', project: project(env, catalog), location: env.BACKFILL_BQ_LOCATION }
    : { kind: 'duckdb', path: env.BACKFILL_DUCKDB_PATH };
}

export function storeLocation(env: Env, catalog: Catalog): PortLocation {
  return env.BACKFILL_WAREHOUSE === 'bigquery'
    ? {
        kind: 'bigquery',
        project: project(env, catalog),
        location: env.BACKFILL_BQ_LOCATION,
        dataset: env.BACKFILL_STATE_DATASET,
      }
    : { kind: 'duckdb', path: env.BACKFILL_STATE_PATH };
}

export function queueLocation(env: Env): PortLocation {
  return { kind: 'local', path: env.BACKFILL_QUEUE_PATH };
}

/** e.g. "duckdb .data/backfill.duckdb", "bigquery my-project.backfill_bot (US)". */
export function describeLocation(where: PortLocation): string {
  if (where.kind !== 'bigquery') return `${where.kind} ${where.path}`;
  return `bigquery ${where.project}${where.dataset ? `.${where.dataset}` : ''} (${where.location})`;
}
