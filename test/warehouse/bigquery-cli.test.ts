import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { generateDemoWarehouse } from '../../src/demo/generate-demo.js';
import { partitioningOf, TEST_PROJECT } from '../support/bigquery-adapter.js';
import {
  type BigqueryStandin,
  startBigqueryStandin,
} from '../support/bigquery-standin/start-bigquery-standin.js';
import { cli } from '../support/cli-harness.js';
import { catalog } from '../support/ports.js';

describe('an operator pointing the CLI at BigQuery with the documented env', () => {
  let dir: string;
  let path: string;
  let standin: BigqueryStandin;

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'backfill-bq-cli-'));
    path = join(dir, 'demo.duckdb');
    await generateDemoWarehouse(catalog, { path, scale: 0.2, seed: 9, asOf: '2026-11-23' });
    process.env.METADATA_SERVER_DETECTION = 'none';
    standin = await startBigqueryStandin({
      duckdbPath: path,
      project: TEST_PROJECT,
      partitioning: partitioningOf(catalog),
    });
  });
  afterAll(async () => {
    await standin.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('gets the same status and gaps as the embedded warehouse, from one guarded job each', async () => {
    const bigqueryEnv = {
      BACKFILL_WAREHOUSE: 'bigquery',
      BACKFILL_GCP_PROJECT: TEST_PROJECT,
      BACKFILL_BQ_LOCATION: 'US',
      BACKFILL_BQ_API_ENDPOINT: standin.url,
      BACKFILL_NOW: '2026-11-23',
    };
    const duckdbEnv = { BACKFILL_DUCKDB_PATH: path, BACKFILL_NOW: '2026-11-23' };
    for (const words of [
      ['status', '2021-22'],
      ['gaps', '2024-25', 'precompute'],
    ]) {
      const before = standin.jobs.length;
      const [bq, local] = await Promise.all([
        cli([...words, '--json'], bigqueryEnv),
        cli([...words, '--json'], duckdbEnv),
      ]);
      expect(bq.code, bq.stderr).toBe(0);
      const strip = (text: string) => ({ ...JSON.parse(text), query: undefined });
      expect(strip(bq.stdout)).toEqual(strip(local.stdout));
      expect(JSON.parse(bq.stdout).query).toMatchObject({ warehouse: 'bigquery', roundTrips: 1 });
      const jobs = standin.jobs.slice(before);
      expect(jobs).toHaveLength(1);
      expect(jobs[0]?.labels).toEqual({ app: 'backfill-bot', command: words[0] });
      expect(jobs[0]?.location).toBe('US');
    }
  });

  it('explains the BigQuery paths with a dry run', async () => {
    const run = await cli(['status', '2023-24', '--explain', '--json'], {
      BACKFILL_WAREHOUSE: 'bigquery',
      BACKFILL_GCP_PROJECT: TEST_PROJECT,
      BACKFILL_BQ_API_ENDPOINT: standin.url,
      BACKFILL_NOW: '2026-11-23',
    });
    const data = JSON.parse(run.stdout);
    expect(data.dryRun).toBe(true);
    expect(data.tables.find((t: { table: string }) => t.table === 'nba_raw.bdl_player_boxscores').path).toBe(
      'date-scan',
    );
    expect(
      data.tables.find((t: { table: string }) => t.table === 'nba_precompute.player_daily_cache').path,
    ).toBe('partition-metadata');
  });
});
