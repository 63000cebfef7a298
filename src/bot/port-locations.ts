import type { Catalog } from '../config/catalog-schema.js';
import type { Env } from '../config/env.js';

/** Where a port is: a file, a BigQuery project (and dataset), or a Pub/Sub project. Never a credential. */
export type PortLocation =
  | { kind: 'duckdb' | 'local'; path: string }
  | { kind: 'bigquery'; project: string; location: string; dataset?: string }
  | { kind: 'pubsub'; project: string; emulator?: string };

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

export function queueLocation(env: Env, catalog: Catalog): PortLocation {
  if (env.BACKFILL_QUEUE !== 'pubsub') return { kind: 'local', path: env.BACKFILL_QUEUE_PATH };
  const emulator = env.PUBSUB_EMULATOR_HOST;
  return { kind: 'pubsub', project: project(env, catalog), ...(emulator ? { emulator } : {}) };
}

/**
 * e.g. "duckdb .data/backfill.duckdb", "bigquery my-project.backfill_bot (US)",
 * "pubsub project my-project", "pubsub project my-project (emulator localhost:8085)".
 */
export function describeLocation(where: PortLocation): string {
  if (where.kind === 'pubsub') {
    return `pubsub project ${where.project}${where.emulator ? ` (emulator ${where.emulator})` : ''}`;
  }
  if (where.kind !== 'bigquery') return `${where.kind} ${where.path}`;
  return `bigquery ${where.project}${where.dataset ? `.${where.dataset}` : ''} (${where.location})`;
}
