import { BigQuery } from '@google-cloud/bigquery';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { failure, PROJECT, type StandinFixture, startFixture, table } from './standin-fixture.js';

const SCHEDULE = table('nba_raw', 'nbac_schedule');

describe('BigQuery stand-in: faults and refusals, as the client surfaces them', () => {
  let f: StandinFixture;
  let bq: BigQuery;
  const query = async (sql: string, params?: Record<string, unknown>) =>
    (await bq.query({ query: sql, ...(params ? { params } : {}) }))[0];

  beforeAll(async () => {
    f = await startFixture();
    bq = f.client();
  });
  afterAll(() => f.close());

  it.each([
    ['unauthenticated', 401, 'authError', 'Invalid Credentials'],
    [
      'permissionDenied',
      403,
      'accessDenied',
      `Access Denied: Project ${PROJECT}: User does not have bigquery.jobs.create permission`,
    ],
    ['quotaExceeded', 403, 'quotaExceeded', 'Quota exceeded: Your project exceeded quota'],
    ['rateLimitExceeded', 403, 'rateLimitExceeded', 'Exceeded rate limits'],
    ['backendError500', 500, 'backendError', 'An internal error occurred'],
    ['serviceUnavailable503', 503, 'backendError', 'Error encountered during execution'],
    ['timeout', 400, 'timeout', 'Operation timed out after 6.0 hours'],
  ] as const)('fails the next request with %s: code %i, reason %s', async (fault, code, reason, message) => {
    f.standin.failNext(fault);
    const error = await failure(query(`SELECT game_id FROM ${SCHEDULE}`));
    expect(error.code).toBe(code);
    expect(error.errors?.[0]).toMatchObject({
      reason,
      domain: 'global',
      message: expect.stringContaining(message),
    });
    expect(error.message).toContain(message);
    // One request failed; the next one runs.
    await expect(query(`SELECT game_id FROM ${SCHEDULE}`)).resolves.toHaveLength(4);
  });

  it('times a job out through jobs.insert: accepted RUNNING, then getQueryResults answers 499 stopped', async () => {
    f.standin.failNext('timeout');
    const error = await failure(bq.query({ query: `SELECT game_id FROM ${SCHEDULE}`, jobTimeoutMs: 5_000 }));
    expect(error).toMatchObject({
      code: 499,
      errors: [{ reason: 'stopped', message: 'Job execution was cancelled: Job timed out after 5 sec' }],
    });
  });

  it('lets the client retry 5xx and rate limits: a fault for fewer requests than its retries goes unseen', async () => {
    const retrying = f.client({ retries: 'fast' });
    const before = f.standin.requests.length;
    f.standin.failNext('serviceUnavailable503', 2);
    const [rows] = await retrying.query(`SELECT game_id FROM ${SCHEDULE}`);
    expect(rows).toHaveLength(4);
    expect(f.standin.requests.slice(before).map((r) => r.method)).toEqual(['POST', 'POST', 'POST']);
    f.standin.failNext('rateLimitExceeded', 10);
    expect((await failure(retrying.query(`SELECT game_id FROM ${SCHEDULE}`))).code).toBe(403);
    f.standin.failNext('rateLimitExceeded', 0);
  });

  it("without credentials, the client hides a 401 behind its own 'Could not load the default credentials'", async () => {
    if (process.env.GOOGLE_APPLICATION_CREDENTIALS) return;
    process.env.METADATA_SERVER_DETECTION = 'none';
    const anonymous = new BigQuery({ projectId: PROJECT, apiEndpoint: f.standin.url, location: 'US' });
    const [rows] = await anonymous.query(`SELECT game_id FROM ${SCHEDULE}`);
    expect(rows).toHaveLength(4);
    f.standin.failNext('unauthenticated');
    const error = await failure(anonymous.query(`SELECT game_id FROM ${SCHEDULE}`));
    expect(error.code).toBeUndefined();
    expect(error.message).toMatch(/^Could not load the default credentials/);
  });

  it.each([
    [
      'a double-quoted name',
      `SELECT "game_id" FROM ${SCHEDULE}`,
      'stand-in: unsupported double-quoted "game_id"',
    ],
    ['a $param', `SELECT game_id FROM ${SCHEDULE} WHERE game_date = $d`, 'stand-in: unsupported $param'],
    [
      'list_contains',
      `SELECT game_id FROM ${SCHEDULE} WHERE list_contains(@ids, game_id)`,
      'stand-in: unsupported function LIST_CONTAINS (DuckDB-only)',
    ],
    [
      'an unqualified table',
      'SELECT game_id FROM nbac_schedule',
      'stand-in: unsupported unqualified table name `nbac_schedule`',
    ],
    [
      'a dataset.table without the project',
      'SELECT game_id FROM `nba_raw.nbac_schedule`',
      'stand-in: unsupported unqualified table name `nba_raw.nbac_schedule`',
    ],
    ['a :: cast', `SELECT game_status::VARCHAR FROM ${SCHEDULE}`, 'stand-in: unsupported :: cast'],
    [
      'a CAST to a DuckDB type',
      `SELECT CAST(game_status AS VARCHAR) FROM ${SCHEDULE}`,
      "stand-in: unsupported CAST(... AS VARCHAR): VARCHAR is DuckDB's name, BigQuery's is STRING",
    ],
    [
      'strftime',
      `SELECT strftime(game_date, '%Y') FROM ${SCHEDULE}`,
      'stand-in: unsupported function STRFTIME',
    ],
    [
      'a typed literal',
      `SELECT game_id FROM ${SCHEDULE} WHERE game_date = DATE '2024-01-01'`,
      "typed literal DATE '2024-01-01'",
    ],
    [
      'a JOIN',
      `SELECT a.game_id FROM ${SCHEDULE} a JOIN ${SCHEDULE} b ON a.game_id = b.game_id`,
      'stand-in: unsupported keyword JOIN',
    ],
    [
      'HAVING',
      `SELECT game_date FROM ${SCHEDULE} GROUP BY 1 HAVING COUNT(*) > 1`,
      'stand-in: unsupported keyword HAVING',
    ],
    ['WITH', `WITH s AS (SELECT 1 AS x) SELECT x FROM s`, 'stand-in: unsupported WITH'],
    ['an INSERT', `INSERT INTO ${SCHEDULE} (game_id) VALUES ('x')`, 'stand-in: unsupported statement INSERT'],
    ['COALESCE', `SELECT COALESCE(game_id, 'x') FROM ${SCHEDULE}`, 'stand-in: unsupported function COALESCE'],
  ])('refuses %s with 400 invalidQuery naming it', async (_, sql, message) => {
    const error = await failure(query(sql, { ids: ['g0'] }));
    expect(error.code).toBe(400);
    expect(error.errors?.[0]?.reason).toBe('invalidQuery');
    expect(error.message).toContain(message);
  });

  it('refuses UNION ALL branches whose column types BigQuery would not unite (DuckDB would coerce)', async () => {
    const sql = `SELECT 1 AS t FROM ${SCHEDULE} UNION ALL SELECT game_id AS t FROM ${SCHEDULE}`;
    const error = await failure(query(sql));
    expect(error).toMatchObject({ code: 400, errors: [{ reason: 'invalidQuery' }] });
    expect(error.message).toContain('Column 1 in UNION ALL has incompatible types: INT64, STRING');
    const numeric = `SELECT 1 AS t FROM ${SCHEDULE} UNION ALL SELECT 2.5 AS t FROM ${SCHEDULE}`;
    await expect(query(numeric)).resolves.toHaveLength(8);
    const withNull = `SELECT NULL AS t FROM ${SCHEDULE} UNION ALL SELECT game_id AS t FROM ${SCHEDULE}`;
    await expect(query(withNull)).resolves.toHaveLength(8);
  });

  it('refuses a DATE parameter sent as a plain string (which BigQuery would quietly run as NULL)', async () => {
    const error = await failure(
      bq.query({
        query: `SELECT game_id FROM ${SCHEDULE} WHERE game_date = @d`,
        params: { d: '2024-01-01' },
        types: { d: 'DATE' },
      }),
    );
    expect(error).toMatchObject({ code: 400, errors: [{ reason: 'invalidQuery' }] });
    expect(error.message).toContain('query parameter @d (DATE) has no value');
  });

  it('answers unknown names like BigQuery: missing parameter, unknown column, other project, missing table', async () => {
    const sql = `SELECT game_id FROM ${SCHEDULE} WHERE game_id = @nope`;
    const param = await failure(query(sql));
    expect(param).toMatchObject({
      code: 400,
      message: `Query parameter 'nope' not found at [1:${sql.indexOf('@') + 1}]`,
    });
    const column = await failure(query(`SELECT nope FROM ${SCHEDULE}`));
    expect(column).toMatchObject({ code: 400, message: 'Unrecognized name: nope at [1:8]' });
    // DuckDB would let WHERE use a SELECT alias; BigQuery does not.
    const alias = await failure(query(`SELECT game_id AS g FROM ${SCHEDULE} WHERE g = 'g0'`));
    expect(alias).toMatchObject({
      code: 400,
      message: expect.stringMatching(/^Unrecognized name: g at \[1:\d+\]$/),
    });
    const project = await failure(query('SELECT x FROM `other-project.nba_raw.nbac_schedule`'));
    expect(project).toMatchObject({ code: 404, errors: [{ reason: 'notFound' }] });
    expect(project.message).toContain('Not found: Project other-project');
    const missing = await failure(query(`SELECT x FROM \`${PROJECT}.nba_raw.nope\``));
    expect(missing).toMatchObject({
      code: 404,
      message: `Not found: Table ${PROJECT}:nba_raw.nope was not found in location US`,
      errors: [{ reason: 'notFound' }],
    });
  });

  it('carries a refusal in the job status when the job came through jobs.insert', async () => {
    const error = await failure(bq.query({ query: `SELECT "x" FROM ${SCHEDULE}`, jobTimeoutMs: 5_000 }));
    expect(error.code).toBeUndefined();
    expect(error.errors?.[0]).toMatchObject({ reason: 'invalidQuery' });
    expect(error.message).toContain('stand-in: unsupported double-quoted "x"');
  });
});
