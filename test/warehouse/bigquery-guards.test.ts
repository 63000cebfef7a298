import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BackfillError } from '../../src/domain/errors.js';
import type { SqlWarehouse } from '../../src/warehouse/sql-warehouse.js';
import { bigqueryOverStandin } from '../support/bigquery-adapter.js';
import type { BigqueryStandin } from '../support/bigquery-standin/start-bigquery-standin.js';
import { catalog } from '../support/ports.js';
import { buildTinyWarehouse } from '../support/tiny-warehouse.js';

const FOUR_SEASONS = { start: '2021-10-19', end: '2025-06-22' };
const FINAL = ['2021-10-19', '2021-11-02', '2022-11-02', '2023-11-02', '2024-11-02', '2025-06-01'];
const FAST_RETRY = { maxRetries: 2, retryDelayMultiplier: 0.01, maxRetryDelay: 0.05, totalTimeout: 20 };

describe('BigQuery: one guarded job per question, and errors that name their cause', () => {
  let cleanup: () => void;
  let path: string;
  let warehouse: SqlWarehouse;
  let standin: BigqueryStandin;

  beforeAll(async () => {
    const world = await buildTinyWarehouse(catalog, {
      finalDates: FINAL,
      present: Object.fromEntries(catalog.tables.map((t) => [t.table, FINAL.slice(1)])),
    });
    ({ path, cleanup } = world);
    ({ warehouse, standin } = await bigqueryOverStandin(catalog, path, { retry: FAST_RETRY }));
  });
  afterAll(async () => {
    await warehouse.close();
    await standin.close();
    cleanup();
  });

  it('asks coverage for 4 seasons in one job that reads only partition metadata and date columns, within the range', async () => {
    const before = standin.jobs.length;
    const { value } = await warehouse.coverage(FOUR_SEASONS, catalog.tables, 'status');
    expect(value.expected).toEqual(FINAL);
    const jobs = standin.jobs.slice(before);
    expect(jobs).toHaveLength(1);
    const sql = jobs[0]?.sql ?? '';
    const partitioned = catalog.tables.filter((t) => t.partitioned);
    const scanned = catalog.tables.filter((t) => !t.partitioned);
    // Partitioned tables appear only by name in the metadata branch; their date columns are never read.
    for (const t of partitioned) expect(sql).not.toContain(`${t.dataset}.${t.table}\``);
    for (const t of scanned) expect(sql).toContain(`\`${t.dateColumn}\` BETWEEN @range_start AND @range_end`);
    const columns = new Set([...sql.matchAll(/`([a-z_]+)`/g)].map((m) => m[1]));
    expect([...columns].sort()).toEqual(
      [...new Set([...scanned.map((t) => t.dateColumn), 'game_date', 'game_status'])].sort(),
    );
    expect(sql.match(/INFORMATION_SCHEMA\.PARTITIONS/g)?.length).toBe(
      new Set(partitioned.map((t) => t.dataset)).size,
    );
    expect(jobs[0]?.params).toBeDefined();
  });

  it('puts the guards on every job: labels, byte limit, job timeout, location', async () => {
    const before = standin.jobs.length;
    await warehouse.failedRuns(FOUR_SEASONS, null, 'failures');
    const job = standin.jobs[before];
    expect(job?.labels).toEqual({ app: 'backfill-bot', command: 'failures' });
    expect(job?.maximumBytesBilled).toBe('10000000000');
    expect(String(job?.jobTimeoutMs)).toBe('30000');
    expect(job?.location).toBe('US');
  });

  it('explains with dry runs: the path per table and the bytes, reading nothing', async () => {
    const before = standin.jobs.length;
    const { value } = await warehouse.explainCoverage(FOUR_SEASONS, catalog.tables, 'status');
    expect(value.dryRun).toBe(true);
    expect(standin.jobs.slice(before).every((j) => j.dryRun)).toBe(true);
    const byTable = Object.fromEntries(value.tables.map((t) => [t.table, t.path]));
    for (const t of catalog.tables)
      expect(byTable[`${t.dataset}.${t.table}`]).toBe(t.partitioned ? 'partition-metadata' : 'date-scan');
    expect(value.totalBytes).toBeGreaterThan(0);
  });

  it.each([
    ['unauthenticated', /refused \(401/],
    ['permissionDenied', /refused \(403/],
    ['quotaExceeded', /hit a BigQuery quota/],
  ] as const)('turns %s into a one-line error that names it', async (fault, message) => {
    standin.failNext(fault, 5);
    const error = await warehouse.coverage(FOUR_SEASONS, catalog.tables, 'status').catch((e: unknown) => e);
    expect(error).toBeInstanceOf(BackfillError);
    expect((error as Error).message).toMatch(message);
    expect((error as Error).message).not.toContain('\n');
    standin.failNext(fault, 0);
  });

  it('refuses a query over the byte limit before it runs', async () => {
    const { warehouse: capped, standin: cappedStandin } = await bigqueryOverStandin(catalog, path, {
      maximumBytesBilled: 1,
    });
    const error = await capped.coverage(FOUR_SEASONS, catalog.tables, 'status').catch((e: unknown) => e);
    expect((error as BackfillError).message).toMatch(/would scan more than the byte limit/);
    expect((error as BackfillError).hint).toContain('BACKFILL_MAX_BYTES_BILLED');
    await capped.close();
    await cappedStandin.close();
  });

  it('retries 5xx a bounded number of times, then succeeds or says so', async () => {
    const before = standin.requests.length;
    standin.failNext('backendError500', 2);
    await expect(warehouse.runSummary(FOUR_SEASONS, null, 'runs')).resolves.toBeDefined();
    const queries = standin.requests.slice(before).filter((r) => r.method === 'POST');
    expect(queries).toHaveLength(3);

    const again = standin.requests.length;
    standin.failNext('serviceUnavailable503', 10);
    const error = await warehouse.runSummary(FOUR_SEASONS, null, 'runs').catch((e: unknown) => e);
    expect((error as BackfillError).code).toBe('WAREHOUSE_UNAVAILABLE');
    expect((error as BackfillError).message).toMatch(/BigQuery is unavailable \(503/);
    expect(standin.requests.slice(again).filter((r) => r.method === 'POST')).toHaveLength(
      FAST_RETRY.maxRetries + 1,
    );
    standin.failNext('serviceUnavailable503', 0);
  });
});

describe('BigQuery job timeouts', () => {
  it('reports a job cancelled at its timeout as a timeout, with what to do', async () => {
    const world = await buildTinyWarehouse(catalog, { finalDates: ['2023-11-01'] });
    const { warehouse, standin } = await bigqueryOverStandin(catalog, world.path);
    standin.failNext('timeout', 1);
    const error = await warehouse
      .coverage({ start: '2023-11-01', end: '2023-11-01' }, catalog.tables, 'status')
      .catch((e: unknown) => e);
    expect((error as BackfillError).code).toBe('WAREHOUSE_TIMEOUT');
    expect((error as BackfillError).hint).toContain('BACKFILL_QUERY_TIMEOUT_MS');
    await warehouse.close();
    await standin.close();
    world.cleanup();
  });
});
