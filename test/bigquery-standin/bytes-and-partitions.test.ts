import { BigQuery } from '@google-cloud/bigquery';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { failure, PROJECT, type StandinFixture, startFixture, table } from './standin-fixture.js';

const PGS = table('nba_analytics', 'player_game_summary');
const BDL = table('nba_raw', 'bdl_player_boxscores');
const ANALYTICS_PARTITIONS = `\`${PROJECT}.nba_analytics.INFORMATION_SCHEMA.PARTITIONS\``;
const TEN_MIB = 10 * 1024 * 1024;
const DAY = { start: BigQuery.date('2024-01-01'), end: BigQuery.date('2024-01-01') };

describe('BigQuery stand-in: byte estimates and partition metadata', () => {
  let f: StandinFixture;
  let bq: BigQuery;

  beforeAll(async () => {
    f = await startFixture();
    bq = f.client();
  });
  afterAll(() => f.close());

  const dryRunBytes = async (query: string, params: Record<string, unknown> = {}) => {
    const [job] = await bq.createQueryJob({ query, params, dryRun: true });
    return Number(job.metadata.statistics.totalBytesProcessed);
  };

  it('counts only the partitions a filter on the partition column selects', async () => {
    // player_game_summary: day-partitioned on game_date, one row on 2024-01-01 and one on 2024-01-03.
    const filtered = `SELECT game_date FROM ${PGS} WHERE game_date BETWEEN @start AND @end`;
    expect(await dryRunBytes(filtered, DAY)).toBe(8);
    expect(await dryRunBytes(`SELECT game_date FROM ${PGS}`)).toBe(16);
    // A term that also reads another column does not prune; the column it reads is counted.
    const mixed = `SELECT game_date FROM ${PGS} WHERE game_date = @start OR player_lookup = 'x'`;
    expect(await dryRunBytes(mixed, { start: DAY.start })).toBe(16 + 2 * (2 + 2));
  });

  it('counts every row of a table that is not partitioned, whatever the filter', async () => {
    // bdl_player_boxscores: three rows, not partitioned.
    expect(
      await dryRunBytes(`SELECT game_date FROM ${BDL} WHERE game_date BETWEEN @start AND @end`, DAY),
    ).toBe(24);
  });

  it('counts STRING as 2 + length, and every column the query references', async () => {
    const sql = `SELECT player_lookup FROM ${PGS} WHERE game_date = @start ORDER BY player_lookup`;
    expect(await dryRunBytes(sql, { start: DAY.start })).toBe(8 + 2 + 2);
  });

  it('charges an INFORMATION_SCHEMA read 10 MiB', async () => {
    expect(await dryRunBytes(`SELECT table_name FROM ${ANALYTICS_PARTITIONS}`)).toBe(TEN_MIB);
  });

  it('refuses a query over maximumBytesBilled without running it (10 MiB minimum per table read)', async () => {
    const sql = `SELECT game_date FROM ${BDL}`;
    const before = f.standin.requests.length;
    const viaQuery = await failure(bq.query({ query: sql, maximumBytesBilled: String(TEN_MIB - 1) }));
    const message = `Query exceeded limit for bytes billed: ${TEN_MIB - 1}. ${TEN_MIB} or higher required.`;
    expect(viaQuery).toMatchObject({
      code: 400,
      message,
      errors: [{ reason: 'bytesBilledLimitExceeded', message }],
    });
    // Through jobs.insert the job exists and failed: the client raises its status errors (no HTTP code).
    const viaJob = await failure(
      bq.query({ query: sql, maximumBytesBilled: String(TEN_MIB - 1), jobTimeoutMs: 10_000 }),
    );
    expect(viaJob).toMatchObject({ message, errors: [{ reason: 'bytesBilledLimitExceeded', message }] });
    expect(viaJob.code).toBeUndefined();
    expect(f.standin.requests.slice(before).map((r) => r.method)).toEqual(['POST', 'POST']);
    const [rows] = await bq.query({ query: sql, maximumBytesBilled: String(TEN_MIB) });
    expect(rows).toHaveLength(3);
  });

  it('lists day partitions with their row counts, and a table that is not partitioned as partition_id NULL', async () => {
    const [rows] = await bq.query(
      `SELECT table_catalog, table_schema, table_name, partition_id, total_rows FROM ${ANALYTICS_PARTITIONS}` +
        ' WHERE total_rows > 0 OR partition_id IS NULL ORDER BY table_name, partition_id',
    );
    const at = { table_catalog: PROJECT, table_schema: 'nba_analytics' };
    expect(rows).toEqual([
      { ...at, table_name: 'player_game_summary', partition_id: '20240101', total_rows: 1 },
      { ...at, table_name: 'player_game_summary', partition_id: '20240103', total_rows: 1 },
      { ...at, table_name: 'upcoming_player_game_context', partition_id: null, total_rows: 0 },
    ]);
    const [[modified]] = await bq.query(
      `SELECT last_modified_time, storage_tier FROM ${ANALYTICS_PARTITIONS} WHERE partition_id = '20240101'`,
    );
    expect(modified.last_modified_time.value).toBe('2020-01-01T00:00:00.000Z');
    expect(modified.storage_tier).toBe('ACTIVE');
  });

  it("answers the coverage query's metadata branch: PARSE_DATE over partition ids, tagged by CASE", async () => {
    const [rows] = await bq.query({
      query:
        `SELECT CASE WHEN table_name = 'player_game_summary' THEN 4 WHEN table_name = 'team_defense_game_summary' THEN 5 END AS t,` +
        ` PARSE_DATE('%Y%m%d', partition_id) AS d FROM ${ANALYTICS_PARTITIONS}` +
        ' WHERE table_name IN UNNEST(@names) AND partition_id BETWEEN @ps AND @pe AND total_rows > 0 ORDER BY d',
      params: { names: ['player_game_summary', 'team_defense_game_summary'], ps: '20240101', pe: '20240131' },
    });
    expect(rows.map((r) => [r.t, r.d.value])).toEqual([
      [4, '2024-01-01'],
      [4, '2024-01-03'],
    ]);
  });
});
