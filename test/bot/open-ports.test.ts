import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openPorts } from '../../src/bot/open-ports.js';
import { describeLocation, storeLocation, warehouseLocation } from '../../src/bot/port-locations.js';
import { loadEnv } from '../../src/config/env.js';
import { lineLogger } from '../../src/log/line-logger.js';
import { catalog } from '../support/ports.js';
import { buildTinyWarehouse } from '../support/tiny-warehouse.js';

describe('openPorts, the composition root', () => {
  let dir: string;
  let world: Awaited<ReturnType<typeof buildTinyWarehouse>>;
  let said: string;
  const logger = lineLogger({
    write: (text: string) => {
      said += text;
    },
  });
  const env = () =>
    loadEnv({
      BACKFILL_DUCKDB_PATH: world.path,
      BACKFILL_STATE_PATH: join(dir, 'state.duckdb'),
      BACKFILL_QUEUE_PATH: join(dir, 'queue.jsonl'),
      BACKFILL_NOW: '2026-11-23',
    });

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'backfill-open-ports-'));
    world = await buildTinyWarehouse(catalog, { finalDates: ['2023-11-01'] });
  });
  afterAll(() => {
    world.cleanup();
    rmSync(dir, { recursive: true, force: true });
  });

  it('opens the warehouse and leaves the state file alone unless the store is asked for', async () => {
    said = '';
    const ports = await openPorts(env(), logger);
    expect(ports.warehouse.kind).toBe('duckdb');
    expect([ports.store, ports.queue, ports.where]).toEqual([
      undefined,
      undefined,
      { warehouse: { kind: 'duckdb', path: world.path } },
    ]);
    await ports.close();
    expect(existsSync(join(dir, 'state.duckdb'))).toBe(false);
    expect(said).toBe('');
  });

  it('opens the store and the queue when asked, and close() releases them for the next opener', async () => {
    const needs = { use: 'serve', store: true, queue: true } as const;
    const first = await openPorts(env(), logger, needs);
    expect([first.store.kind, first.queue.kind]).toEqual(['duckdb', 'local']);
    expect(first.where).toEqual({
      warehouse: { kind: 'duckdb', path: world.path },
      store: { kind: 'duckdb', path: join(dir, 'state.duckdb') },
      queue: { kind: 'local', path: join(dir, 'queue.jsonl') },
    });
    await first.close();
    // DuckDB admits one holder of the state file: opening it again proves the first let go.
    const second = await openPorts(env(), logger, needs);
    expect(await second.store.listDecisions()).toEqual([]);
    await second.close();
  });

  it('says where BigQuery ports are by project, dataset and location', () => {
    const bigquery = loadEnv({
      BACKFILL_WAREHOUSE: 'bigquery',
      BACKFILL_GCP_PROJECT: 'ops-prod',
      BACKFILL_STATE_DATASET: 'ops_state',
    });
    expect(describeLocation(warehouseLocation(bigquery, catalog))).toBe('bigquery ops-prod (US)');
    expect(describeLocation(storeLocation(bigquery, catalog))).toBe('bigquery ops-prod.ops_state (US)');
    expect(describeLocation(storeLocation(env(), catalog))).toBe(`duckdb ${join(dir, 'state.duckdb')}`);
  });
});
