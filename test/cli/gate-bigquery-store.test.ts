import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { fixedClock } from '../../src/clock/clock.js';
import { loadEnv } from '../../src/config/env.js';
import { openStateStore } from '../../src/store/open-state-store.js';
import { newRequest, voteOn } from '../store/store-fixtures.js';
import { partitioningOf, TEST_PROJECT } from '../support/bigquery-adapter.js';
import {
  type BigqueryStandin,
  startBigqueryStandin,
} from '../support/bigquery-standin/start-bigquery-standin.js';
import { cli } from '../support/cli-harness.js';
import { catalog } from '../support/ports.js';
import { buildTinyWarehouse } from '../support/tiny-warehouse.js';

describe('gate status and gate history from the CLI on BACKFILL_WAREHOUSE=bigquery', () => {
  let dir: string;
  let world: Awaited<ReturnType<typeof buildTinyWarehouse>>;
  let standin: BigqueryStandin;
  let env: Record<string, string>;
  let requestId: string;

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'backfill-cli-bq-store-'));
    world = await buildTinyWarehouse(catalog, { finalDates: ['2023-11-01', '2023-11-02'] });
    process.env.METADATA_SERVER_DETECTION = 'none';
    standin = await startBigqueryStandin({
      duckdbPath: world.path,
      project: TEST_PROJECT,
      partitioning: partitioningOf(catalog),
    });
    env = {
      BACKFILL_WAREHOUSE: 'bigquery',
      BACKFILL_GCP_PROJECT: TEST_PROJECT,
      BACKFILL_BQ_API_ENDPOINT: standin.url,
      BACKFILL_STATE_DATASET: 'ops_state',
      // Where a DuckDB state store would go if the CLI wrongly opened one.
      BACKFILL_STATE_PATH: join(dir, 'state.duckdb'),
      BACKFILL_NOW: '2026-11-23',
    };
    // The bot's side: a Gate 1 request decided in the configured dataset.
    const store = await openStateStore(catalog, loadEnv(env), fixedClock(new Date('2026-11-23T15:00:00Z')));
    const { request } = await store.createGateRequest(newRequest({ requestedBy: 'U0OPS' }));
    await store.recordVote(voteOn(request, 'U0LEAD1', { reason: 'checked by hand' }));
    await store.close();
    requestId = request.id;
  });
  afterAll(async () => {
    await standin.close();
    world.cleanup();
    rmSync(dir, { recursive: true, force: true });
  });

  /** Runs the CLI; checks it read the state dataset through the BigQuery API and made no local state file. */
  async function run(args: string[]) {
    const before = standin.jobs.length;
    const result = await cli(args, env);
    expect(result.code, result.stderr).toBe(0);
    expect(standin.jobs.slice(before).some((job) => job.sql.includes('ops_state'))).toBe(true);
    expect(existsSync(env.BACKFILL_STATE_PATH as string)).toBe(false);
    return JSON.parse(result.stdout);
  }

  it('lists the decision kept in the BigQuery state dataset', async () => {
    const { decisions } = (await run(['gate', 'history', '--json'])) as {
      decisions: { id: string; decidedBy: string }[];
    };
    expect(decisions.map((d) => [d.id, d.decidedBy])).toEqual([[requestId, 'U0LEAD1']]);
  });

  it("answers one request's status from the same dataset", async () => {
    expect(await run(['gate', 'status', requestId, '--json'])).toMatchObject({
      id: requestId,
      state: 'approved',
      gate: '1',
    });
  });
});
