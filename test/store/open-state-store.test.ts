import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { fixedClock } from '../../src/clock/clock.js';
import { loadEnv } from '../../src/config/env.js';
import { openStateStore } from '../../src/store/open-state-store.js';
import { partitioningOf, TEST_PROJECT } from '../support/bigquery-adapter.js';
import { startBigqueryStandin } from '../support/bigquery-standin/start-bigquery-standin.js';
import { catalog } from '../support/ports.js';
import { buildTinyWarehouse } from '../support/tiny-warehouse.js';

const clock = fixedClock(new Date('2026-11-23T12:00:00Z'));

describe('the state store the environment asks for', () => {
  it('is a DuckDB file on the embedded default', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'backfill-open-store-'));
    const store = await openStateStore(
      catalog,
      loadEnv({ BACKFILL_STATE_PATH: join(dir, 'state.duckdb') }),
      clock,
    );
    expect(store.kind).toBe('duckdb');
    await store.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('is the configured BigQuery dataset beside a BigQuery warehouse, created if missing', async () => {
    const world = await buildTinyWarehouse(catalog, { finalDates: ['2023-11-01'] });
    process.env.METADATA_SERVER_DETECTION = 'none';
    const standin = await startBigqueryStandin({
      duckdbPath: world.path,
      project: TEST_PROJECT,
      partitioning: partitioningOf(catalog),
    });
    const env = loadEnv({
      BACKFILL_WAREHOUSE: 'bigquery',
      BACKFILL_GCP_PROJECT: TEST_PROJECT,
      BACKFILL_BQ_API_ENDPOINT: standin.url,
      BACKFILL_STATE_DATASET: 'ops_state',
    });
    const store = await openStateStore(catalog, env, clock);
    expect(store.kind).toBe('bigquery');
    await store.audit({ actor: 'U0OPS', action: 'test.ping', args: {}, result: { ok: true } });
    expect((await store.listAudit(5)).map((a) => a.action)).toContain('test.ping');
    expect(standin.requests.some((r) => r.method === 'POST' && r.path.endsWith('/datasets'))).toBe(true);
    expect(JSON.stringify(standin.requests.map((r) => r.body))).toContain('ops_state');
    await store.close();
    await standin.close();
    world.cleanup();
  });
});
