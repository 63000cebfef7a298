import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { fixedClock } from '../../src/clock/clock.js';
import { runCommand } from '../../src/commands/registry.js';
import { createLogger } from '../../src/log/create-logger.js';
import { logRequest } from '../../src/log/log-request.js';
import { InstrumentedWarehouse } from '../../src/warehouse/instrumented-warehouse.js';
import type { SqlWarehouse } from '../../src/warehouse/sql-warehouse.js';
import { bigqueryOverStandin, TEST_PROJECT } from '../support/bigquery-adapter.js';
import type { BigqueryStandin } from '../support/bigquery-standin/start-bigquery-standin.js';
import { cli } from '../support/cli-harness.js';
import { catalog } from '../support/ports.js';
import { buildTinyWarehouse } from '../support/tiny-warehouse.js';

// What a BigQuery job billed reaches the request's log line, and only the log line: the answers keep
// the `query` shape docs/json.md documents.

const FINAL = ['2023-10-24', '2023-11-01', '2023-11-02'];
const SEASON = ['2023-24'];

describe('bytes billed on BigQuery, through the REST stand-in', () => {
  let cleanup: () => void;
  let path: string;
  let warehouse: SqlWarehouse;
  let standin: BigqueryStandin;

  /** What the stand-in says the job billed, read from its jobs.get answer. */
  const billedBy = async (jobId: string) => {
    const url = `${standin.url}/bigquery/v2/projects/${TEST_PROJECT}/jobs/${jobId}?location=US`;
    const job = (await (await fetch(url)).json()) as { statistics: { query: { totalBytesBilled: string } } };
    return Number(job.statistics.query.totalBytesBilled);
  };

  beforeAll(async () => {
    const world = await buildTinyWarehouse(catalog, {
      finalDates: FINAL,
      present: Object.fromEntries(catalog.tables.map((t) => [t.table, FINAL.slice(1)])),
    });
    ({ path, cleanup } = world);
    ({ warehouse, standin } = await bigqueryOverStandin(catalog, path));
  });
  afterAll(async () => {
    await warehouse.close();
    await standin.close();
    cleanup();
  });

  it("writes the bytes the stand-in billed for a status request's one job into its log line", async () => {
    let raw = '';
    const logger = createLogger({
      destination: {
        write: (t: string) => {
          raw += t;
        },
      },
    });
    const ports = {
      catalog,
      warehouse: new InstrumentedWarehouse(warehouse),
      clock: fixedClock(new Date('2026-11-23T12:00:00Z')),
    };
    const before = standin.jobs.length;
    const { data } = await logRequest(logger, { kind: 'command', name: '/backfill status' }, () =>
      runCommand(['status', ...SEASON], ports, { prefix: '/backfill ', explain: false }),
    );
    const jobs = standin.jobs.slice(before);
    expect(jobs).toHaveLength(1);
    const billed = await billedBy(jobs[0]?.id ?? '');
    // Partition metadata alone bills 10 MiB per dataset read: the number is the job's, not a default.
    expect(billed).toBeGreaterThanOrEqual(10 * 1024 * 1024);
    const line = JSON.parse(raw.trim()) as Record<string, unknown>;
    expect(line).toMatchObject({ outcome: 'ok', round_trips: 1, bytes_billed: billed });
    // The answer the command built has the documented query shape, without the bill.
    expect(Object.keys((data as { query: object }).query).sort()).toEqual([
      'millis',
      'roundTrips',
      'warehouse',
    ]);
  });

  it('reports the bill beside the rows from the adapter, as a metadata read after the rows (no second job)', async () => {
    const before = { jobs: standin.jobs.length, requests: standin.requests.length };
    const { stats } = await warehouse.coverage(
      { start: FINAL[0] ?? '', end: '2023-11-02' },
      catalog.tables,
      'status',
    );
    const requests = standin.requests.slice(before.requests);
    const [job, ...others] = standin.jobs.slice(before.jobs);
    expect(others).toEqual([]);
    expect(stats).toMatchObject({ roundTrips: 1, bytesBilled: await billedBy(job?.id ?? '') });
    // jobs.insert and getQueryResults, as bigquery.query() sends them, then one jobs.get of that job.
    const id = job?.id ?? '';
    expect(requests.map((r) => `${r.method} ${r.path.replace(/^.*\/projects\/[^/]+/, '')}`)).toEqual([
      'POST /jobs',
      `GET /queries/${id}`,
      `GET /jobs/${id}`,
    ]);
  });

  it('keeps the --json shapes of docs/json.md: query is {warehouse, roundTrips, millis} on BigQuery too', async () => {
    const env = {
      BACKFILL_WAREHOUSE: 'bigquery',
      BACKFILL_GCP_PROJECT: TEST_PROJECT,
      BACKFILL_BQ_LOCATION: 'US',
      BACKFILL_BQ_API_ENDPOINT: standin.url,
      BACKFILL_NOW: '2026-11-23',
    };
    for (const words of [
      ['status', ...SEASON],
      ['gaps', ...SEASON],
      ['runs', ...SEASON],
    ]) {
      const run = await cli([...words, '--json'], env);
      expect(run.code, run.stderr).toBe(0);
      expect(Object.keys(JSON.parse(run.stdout).query).sort()).toEqual(['millis', 'roundTrips', 'warehouse']);
    }
  });
});
