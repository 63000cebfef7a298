import { BigQuery } from '@google-cloud/bigquery';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { failure, PROJECT, type StandinFixture, startFixture, table } from './standin-fixture.js';

const SCHEDULE = table('nba_raw', 'nbac_schedule');
const RUNS = table('nba_reference', 'processor_run_history');

/** Plain values of the client's rows (BigQueryDate / BigQueryTimestamp unwrapped). */
const plain = (rows: Record<string, unknown>[]) =>
  rows.map((row) =>
    Object.fromEntries(
      Object.entries(row).map(([k, v]) => [
        k,
        v !== null && typeof v === 'object' && 'value' in v ? v.value : v,
      ]),
    ),
  );

describe('BigQuery stand-in: queries through the real client', () => {
  let f: StandinFixture;
  let bq: BigQuery;

  beforeAll(async () => {
    f = await startFixture();
    bq = f.client();
  });
  afterAll(() => f.close());

  it('answers jobs.query with DATE, INT64, STRING and ARRAY<STRING> parameters', async () => {
    const before = f.standin.requests.length;
    const [rows] = await bq.query({
      query:
        `SELECT game_id, \`game_date\` FROM ${SCHEDULE} WHERE game_date BETWEEN @start AND @end` +
        ' AND game_status = @final AND game_id IN UNNEST(@ids) AND game_id <> @skip ORDER BY game_date DESC',
      params: {
        start: BigQuery.date('2024-01-01'),
        end: BigQuery.date('2024-01-04'),
        final: 3,
        ids: ['g0', 'g1', 'g2', 's0'],
        skip: 'g1',
      },
      types: { start: 'DATE', end: 'DATE', final: 'INT64', ids: ['STRING'], skip: 'STRING' },
    });
    expect(plain(rows)).toEqual([
      { game_id: 'g2', game_date: '2024-01-03' },
      { game_id: 'g0', game_date: '2024-01-01' },
    ]);
    expect(f.standin.requests.slice(before).map((r) => `${r.method} ${r.path}`)).toEqual([
      `POST /bigquery/v2/projects/${PROJECT}/queries`,
    ]);
    expect(f.standin.jobs.at(-1)?.params).toEqual({
      start: { type: 'DATE', value: '2024-01-01' },
      end: { type: 'DATE', value: '2024-01-04' },
      final: { type: 'INT64', value: '3' },
      ids: { type: 'ARRAY<STRING>', value: ['g0', 'g1', 'g2', 's0'] },
      skip: { type: 'STRING', value: 'g1' },
    });
  });

  it('sends values as BigQuery does, and the client parses them: DATE, TIMESTAMP, INT64, FLOAT64, BOOL, NULL', async () => {
    const sql =
      `SELECT processor_name, data_date, started_at, errors, 1.5 AS ratio, TRUE AS flag, COUNT(*) AS n FROM ${RUNS}` +
      ' WHERE processor_name = @p GROUP BY 1, 2, 3, 4 ORDER BY started_at';
    const [rows] = await bq.query({ query: sql, params: { p: 'P1' } });
    expect(plain(rows)).toEqual([
      {
        processor_name: 'P1',
        data_date: '2024-01-02',
        started_at: '2024-01-02T10:00:00.000Z',
        errors: 'boom',
        ratio: 1.5,
        flag: true,
        n: 1,
      },
      {
        processor_name: 'P1',
        data_date: '2024-01-02',
        started_at: '2024-01-02T11:30:00.250Z',
        errors: null,
        ratio: 1.5,
        flag: true,
        n: 1,
      },
    ]);
    // On the wire: every value a string (or null); TIMESTAMP as the client asked (int64 micros) or,
    // by default, float seconds.
    const post = async (formatOptions?: object) => {
      const res = await fetch(`${f.standin.url}/bigquery/v2/projects/${PROJECT}/queries`, {
        method: 'POST',
        body: JSON.stringify({
          query: sql,
          useLegacySql: false,
          parameterMode: 'NAMED',
          queryParameters: [
            { name: 'p', parameterType: { type: 'STRING' }, parameterValue: { value: 'P1' } },
          ],
          ...(formatOptions ? { formatOptions } : {}),
        }),
      });
      return (await res.json()) as {
        schema: { fields: { type: string }[] };
        rows: { f: { v: unknown }[] }[];
      };
    };
    const asMicros = await post({ useInt64Timestamp: true });
    expect(asMicros.schema.fields.map((x) => x.type)).toEqual([
      'STRING',
      'DATE',
      'TIMESTAMP',
      'STRING',
      'FLOAT',
      'BOOLEAN',
      'INTEGER',
    ]);
    expect(asMicros.rows[1]?.f.map((c) => c.v)).toEqual([
      'P1',
      '2024-01-02',
      '1704195000250000',
      null,
      '1.5',
      'true',
      '1',
    ]);
    const asFloat = await post();
    expect(asFloat.rows[1]?.f[2]?.v).toBe('1.70419500025E9');
    expect(asFloat.rows[0]?.f[2]?.v).toBe('1.7041896E9');
  });

  it("keeps GoogleSQL's meaning where DuckDB's differs: NULL order, unnamed columns, windows over a subquery", async () => {
    const [asc] = await bq.query(`SELECT errors FROM ${RUNS} ORDER BY errors`);
    expect(asc.map((r) => r.errors)).toEqual([null, null, 'boom']);
    const [desc] = await bq.query(`SELECT errors FROM ${RUNS} ORDER BY errors DESC`);
    expect(desc.map((r) => r.errors)).toEqual(['boom', null, null]);
    const [unnamed] = await bq.query(`SELECT COUNT(*), MAX(data_date) FROM ${RUNS}`);
    expect(Object.keys(unnamed[0] ?? {})).toEqual(['f0_', 'f1_']);
    // The failed-runs shape: each failure with the status of the latest run for its processor and date.
    const [failed] = await bq.query({
      query:
        'SELECT processor, run_date, latest_status FROM (' +
        ` SELECT \`processor_name\` AS processor, \`data_date\` AS run_date, \`status\` AS status,` +
        ' FIRST_VALUE(`status`) OVER (PARTITION BY `processor_name`, `data_date` ORDER BY `started_at` DESC) AS latest_status' +
        ` FROM ${RUNS} WHERE \`data_date\` BETWEEN @start AND @end AND \`processor_name\` IN UNNEST(@processors)` +
        ') runs WHERE status = @failed ORDER BY processor, run_date',
      params: {
        start: BigQuery.date('2024-01-01'),
        end: BigQuery.date('2024-01-31'),
        processors: ['P1', 'P2'],
        failed: 'failed',
      },
    });
    expect(plain(failed)).toEqual([
      { processor: 'P1', run_date: '2024-01-02', latest_status: 'success' },
      { processor: 'P2', run_date: '2024-01-03', latest_status: 'failed' },
    ]);
  });

  it('pages results: maxResults 2 over 4 rows gives two pages, and the client follows the token', async () => {
    const sql = `SELECT game_id FROM ${SCHEDULE} ORDER BY game_id`;
    const [job] = await bq.createQueryJob({ query: sql });
    const seen: string[] = [];
    let pageToken: string | undefined;
    let pages = 0;
    do {
      const [rows, next] = await job.getQueryResults({ maxResults: 2, autoPaginate: false, pageToken });
      seen.push(...rows.map((r) => r.game_id as string));
      pages++;
      pageToken = (next as { pageToken?: string } | null)?.pageToken;
    } while (pageToken);
    expect(pages).toBe(2);
    expect(seen).toEqual(['g0', 'g1', 'g2', 's0']);

    // jobs.query with maxResults: the first page comes with the reply, the client fetches the rest.
    const before = f.standin.requests.length;
    const [all] = await bq.query({ query: sql, maxResults: 3 });
    expect(all.map((r) => r.game_id)).toEqual(['g0', 'g1', 'g2', 's0']);
    const calls = f.standin.requests.slice(before);
    expect(calls.map((r) => r.method)).toEqual(['POST', 'GET']);
    expect(calls[1]?.query.pageToken).toBeTruthy();
  });

  it('answers jobComplete:false for a slow query, and the client polls getQueryResults until it is done', async () => {
    const slow = await startFixture(undefined, { slowQueryMs: 30 });
    try {
      slow.standin.setQueryDelay(250);
      const client = slow.client();
      const [rows] = await client.query({ query: `SELECT COUNT(*) AS n FROM ${SCHEDULE}` });
      expect(rows).toEqual([{ n: 4 }]);
      expect(slow.standin.requests.map((r) => r.method)).toEqual(['POST', 'GET']);
      expect(slow.standin.requests[1]?.path).toMatch(/\/queries\/job_/);

      const res = await fetch(`${slow.standin.url}/bigquery/v2/projects/${PROJECT}/queries`, {
        method: 'POST',
        body: JSON.stringify({
          query: `SELECT 1 AS x FROM ${SCHEDULE}`,
          useLegacySql: false,
          location: 'US',
        }),
      });
      const reply = (await res.json()) as Record<string, unknown>;
      expect(reply).toEqual({
        kind: 'bigquery#queryResponse',
        jobReference: { projectId: PROJECT, jobId: expect.stringMatching(/^job_/), location: 'US' },
        jobComplete: false,
      });
      // A client-side timeoutMs makes the client give up instead of polling.
      await expect(
        client.query({ query: `SELECT 1 AS x FROM ${SCHEDULE}` }, { timeoutMs: 20 }),
      ).rejects.toThrow('The query did not complete before 20ms');
    } finally {
      await slow.close();
    }
  });

  it('runs jobTimeoutMs queries as jobs.insert + getQueryResults, recording labels, byte limit, timeout, location', async () => {
    const before = f.standin.requests.length;
    const [rows] = await bq.query({
      query: `SELECT COUNT(DISTINCT game_date) AS days FROM ${SCHEDULE} WHERE game_status = @s`,
      params: { s: 3 },
      labels: { app: 'backfill-bot', command: 'status' },
      maximumBytesBilled: '1000000000',
      jobTimeoutMs: 30_000,
      location: 'US',
    });
    expect(rows).toEqual([{ days: 3 }]);
    // The path segment after the project: jobs.insert, then getQueryResults on the client's job id.
    expect(f.standin.requests.slice(before).map((r) => `${r.method} ${r.path.split('/')[5]}`)).toEqual([
      'POST jobs',
      'GET queries',
    ]);
    expect(f.standin.jobs.at(-1)).toEqual({
      id: expect.any(String),
      sql: expect.stringContaining('COUNT(DISTINCT game_date)'),
      params: { s: { type: 'INT64', value: '3' } },
      labels: { app: 'backfill-bot', command: 'status' },
      maximumBytesBilled: '1000000000',
      jobTimeoutMs: '30000',
      location: 'US',
      dryRun: false,
      // game_status INTEGER (8) + game_date DATE (8), 4 rows: the table is not partitioned.
      totalBytesProcessed: 64,
    });
  });

  it('stops a job that runs past jobTimeoutMs, as BigQuery does (reason stopped, HTTP 499)', async () => {
    f.standin.setQueryDelay(400);
    try {
      const error = await failure(bq.query({ query: `SELECT game_id FROM ${SCHEDULE}`, jobTimeoutMs: 100 }));
      expect(error).toMatchObject({
        code: 499,
        errors: [{ reason: 'stopped', domain: 'global' }],
        message: 'Job execution was cancelled: Job timed out after 0.1 sec',
      });
    } finally {
      f.standin.setQueryDelay(0);
    }
  });

  it('dry-runs: bytes and schema, status DONE, and nothing runs', async () => {
    const before = f.standin.requests.length;
    f.standin.setQueryDelay(5_000);
    try {
      const [job] = await bq.createQueryJob({
        query: `SELECT game_id, game_date FROM ${SCHEDULE} WHERE game_date = @d`,
        params: { d: BigQuery.date('2024-01-01') },
        dryRun: true,
      });
      expect(job.metadata.status).toEqual({ state: 'DONE' });
      // game_id STRING (2 + 2) + game_date DATE (8) over 4 rows.
      expect(job.metadata.statistics.totalBytesProcessed).toBe('48');
      expect(job.metadata.statistics.query).toMatchObject({
        totalBytesProcessed: '48',
        totalBytesBilled: '0',
        schema: {
          fields: [
            { name: 'game_id', type: 'STRING', mode: 'NULLABLE' },
            { name: 'game_date', type: 'DATE', mode: 'NULLABLE' },
          ],
        },
      });
      const [rows] = await bq.query({ query: `SELECT game_id FROM ${SCHEDULE}`, dryRun: true });
      expect(rows).toEqual([]);
    } finally {
      f.standin.setQueryDelay(0);
    }
    expect(f.standin.requests.slice(before).map((r) => `${r.method} ${r.path.split('/').at(-1)}`)).toEqual([
      'POST jobs',
      'POST jobs',
    ]);
    expect(f.standin.jobs.slice(-2).map((j) => [j.dryRun, j.totalBytesProcessed])).toEqual([
      [true, 48],
      [true, 16],
    ]);
  });
});
