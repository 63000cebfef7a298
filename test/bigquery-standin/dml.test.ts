import type { BigQuery } from '@google-cloud/bigquery';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { failure, PROJECT, type StandinFixture, startFixture, table } from './standin-fixture.js';

// The write slice the state store needs: INSERT, UPDATE, MERGE ... WHEN NOT MATCHED THEN INSERT, ASSERT,
// ALTER TABLE ... ADD COLUMN, one BEGIN ... COMMIT TRANSACTION script per job, and BigQuery's abort of
// overlapping transactions.
describe('BigQuery stand-in: DML and transactions', () => {
  let f: StandinFixture;
  let bq: BigQuery;
  let n = 0;
  let T: string;
  const rows = async () =>
    (await bq.query({ query: `SELECT id, v, note FROM ${T} ORDER BY id` }))[0] as Record<string, unknown>[];
  const run = (sql: string, params: Record<string, unknown> = {}) =>
    bq.query({ query: sql, params, jobTimeoutMs: 10_000 });

  beforeAll(async () => {
    f = await startFixture();
    bq = f.client();
    await bq.dataset('state').create();
  });
  afterAll(() => f.close());
  beforeEach(async () => {
    n += 1;
    await bq.dataset('state').createTable(`t${n}`, {
      schema: {
        fields: [
          { name: 'id', type: 'STRING' },
          { name: 'v', type: 'INT64' },
          { name: 'note', type: 'STRING' },
        ],
      },
    });
    T = table('state', `t${n}`);
  });

  it('inserts, updates and merges with @params, reporting numDmlAffectedRows', async () => {
    const [job] = await bq.createQueryJob({
      query: `INSERT INTO ${T} (id, v, note) VALUES (@id, @v, NULL)`,
      params: { id: 'a', v: 1 },
    });
    await job.getQueryResults();
    const [meta] = await job.getMetadata();
    expect(meta.statistics.query).toMatchObject({ statementType: 'INSERT', numDmlAffectedRows: '1' });
    await run(`UPDATE ${T} SET v = v + 1, note = @note WHERE id = @id`, { id: 'a', note: 'x' });
    const merge = `MERGE ${T} T USING (SELECT @id AS id) S ON T.id = S.id
      WHEN NOT MATCHED THEN INSERT (id, v, note) VALUES (@id, @v, NULL)`;
    await run(merge, { id: 'a', v: 9 });
    await run(merge, { id: 'b', v: 9 });
    expect(await rows()).toEqual([
      { id: 'a', v: 2, note: 'x' },
      { id: 'b', v: 9, note: null },
    ]);
  });

  it('runs a transaction script all or nothing: a failed ASSERT rolls back what ran before it', async () => {
    await run(`INSERT INTO ${T} (id, v) VALUES (@id, @v)`, { id: 'a', v: 1 });
    const script = (version: number) =>
      run(
        `BEGIN TRANSACTION;
         UPDATE ${T} SET v = v + 1 WHERE id = @id AND v = @version;
         ASSERT @@row_count = 1 AS 'moved since read';
         INSERT INTO ${T} (id, v) VALUES (@other, @version);
         COMMIT TRANSACTION;`,
        { id: 'a', version, other: `b${version}` },
      );
    await script(1);
    const error = await failure(script(1));
    expect(error).toMatchObject({
      code: 400,
      errors: [{ reason: 'invalidQuery', message: 'moved since read' }],
    });
    expect(await rows()).toEqual([
      { id: 'a', v: 2, note: null },
      { id: 'b1', v: 1, note: null },
    ]);
  });

  it('aborts the later of two overlapping transactions that update one table, as BigQuery does', async () => {
    await run(`INSERT INTO ${T} (id, v) VALUES (@id, @v)`, { id: 'a', v: 0 });
    f.standin.setQueryDelay(50);
    const bump = () =>
      run(`BEGIN TRANSACTION; UPDATE ${T} SET v = v + 1 WHERE id = @id; COMMIT TRANSACTION`, { id: 'a' });
    const results = await Promise.allSettled([bump(), bump()]);
    f.standin.setQueryDelay(0);
    expect(results.map((r) => r.status).sort()).toEqual(['fulfilled', 'rejected']);
    const lost = results.find((r) => r.status === 'rejected') as PromiseRejectedResult;
    expect(lost.reason).toMatchObject({ code: 400, errors: [{ reason: 'invalidQuery' }] });
    expect(lost.reason.message).toMatch(
      new RegExp(
        `^Transaction is aborted due to concurrent update against table ${PROJECT}:state\\.t${n}\\. Transaction ID: `,
      ),
    );
    expect(await rows()).toEqual([{ id: 'a', v: 1, note: null }]);
    await bump();
    expect(await rows()).toEqual([{ id: 'a', v: 2, note: null }]);
  });

  it('holds the next matching job before it is submitted: one committed meanwhile is seen, not a conflict', async () => {
    await run(`INSERT INTO ${T} (id, v) VALUES (@id, @v)`, { id: 'a', v: 1 });
    const bump = (note: string) =>
      run(
        `BEGIN TRANSACTION;
         UPDATE ${T} SET v = v + 1, note = @note WHERE id = @id AND v = @version;
         ASSERT @@row_count = 1 AS 'moved since read';
         COMMIT TRANSACTION;`,
        { id: 'a', version: 1, note },
      );
    const hold = f.standin.holdNext(/^BEGIN TRANSACTION/);
    const jobs = f.standin.jobs.length;
    const held = failure(bump('held'));
    await hold.held;
    expect(f.standin.jobs).toHaveLength(jobs);
    await bump('first');
    hold.release();
    expect(await held).toMatchObject({ errors: [{ reason: 'invalidQuery', message: 'moved since read' }] });
    expect(await rows()).toEqual([{ id: 'a', v: 2, note: 'first' }]);
    // The hold is spent: the next transaction goes straight through.
    await run(`BEGIN TRANSACTION; UPDATE ${T} SET v = v + 1 WHERE id = @id; COMMIT TRANSACTION`, { id: 'a' });
    expect(await rows()).toEqual([{ id: 'a', v: 3, note: 'first' }]);
  });

  it('updates the rows a WHERE of the SELECT slice matches (IN UNNEST, IS NULL, OR), setting NULL too', async () => {
    for (const [id, v, note] of [
      ['a', 1, null],
      ['b', 1, 'held'],
      ['c', 2, null],
      ['d', 1, null],
    ] as const) {
      await run(`INSERT INTO ${T} (id, v, note) VALUES (@id, @v, ${note ? '@note' : 'NULL'})`, {
        id,
        v,
        ...(note ? { note } : {}),
      });
    }
    // The shape of an outbox claim: only rows still free, among those named, are taken.
    const [job] = await bq.createQueryJob({
      query: `UPDATE ${T} SET note = @token, v = v + 1
              WHERE id IN UNNEST(@ids) AND v = @one AND (note IS NULL OR note = @expired)`,
      params: { token: 'mine', ids: ['a', 'b', 'c'], one: 1, expired: 'gone' },
    });
    await job.getQueryResults();
    const [meta] = await job.getMetadata();
    expect(meta.statistics.query).toMatchObject({ statementType: 'UPDATE', numDmlAffectedRows: '1' });
    await run(`UPDATE ${T} SET note = NULL WHERE id = @id`, { id: 'b' });
    expect(await rows()).toEqual([
      { id: 'a', v: 2, note: 'mine' },
      { id: 'b', v: 1, note: null },
      { id: 'c', v: 2, note: null },
      { id: 'd', v: 1, note: null },
    ]);
  });

  it('adds a column with ALTER TABLE ... ADD COLUMN, IF NOT EXISTS making a second one a no-op', async () => {
    await run(`INSERT INTO ${T} (id, v) VALUES (@id, @v)`, { id: 'a', v: 1 });
    const [job] = await bq.createQueryJob({
      query: `ALTER TABLE ${T} ADD COLUMN IF NOT EXISTS handle STRING`,
    });
    await job.getQueryResults();
    const [meta] = await job.getMetadata();
    expect(meta.statistics.query.statementType).toBe('ALTER_TABLE');
    expect(meta.statistics.query.numDmlAffectedRows).toBeUndefined();
    await run(`ALTER TABLE ${T} ADD COLUMN IF NOT EXISTS handle STRING`);
    await run(`UPDATE ${T} SET handle = @h WHERE id = @id`, { h: 'ann', id: 'a' });
    expect((await bq.query({ query: `SELECT id, handle FROM ${T}` }))[0]).toEqual([
      { id: 'a', handle: 'ann' },
    ]);
    const [table] = await bq.dataset('state').table(`t${n}`).get();
    expect(table.metadata.schema.fields.map((f: { name: string }) => f.name)).toEqual([
      'id',
      'v',
      'note',
      'handle',
    ]);
    const twice = await failure(run(`ALTER TABLE ${T} ADD COLUMN handle STRING`));
    expect(twice).toMatchObject({
      errors: [{ reason: 'invalidQuery', message: 'Column already exists: handle' }],
    });
  });

  it('takes LIMIT as an INT64 @param, as the store pages its audit log, and refuses another type', async () => {
    for (const id of ['a', 'b', 'c']) await run(`INSERT INTO ${T} (id, v) VALUES (@id, @v)`, { id, v: 1 });
    const sql = `SELECT id FROM ${T} ORDER BY id DESC LIMIT @n`;
    expect((await bq.query({ query: sql, params: { n: 2 } }))[0]).toEqual([{ id: 'c' }, { id: 'b' }]);
    const error = await failure(bq.query({ query: sql, params: { n: '2' } }));
    expect(error).toMatchObject({ code: 400, errors: [{ reason: 'invalidQuery' }] });
    expect(error.message).toContain('LIMIT expects an integer literal or parameter');
  });

  it.each([
    ['a literal value', (t: string) => `INSERT INTO ${t} (id) VALUES ('x')`, 'unsupported statement INSERT'],
    ['DELETE', (t: string) => `DELETE FROM ${t} WHERE id = @id`, 'unsupported statement DELETE'],
    [
      'a MERGE with WHEN MATCHED',
      (t: string) => `MERGE ${t} T USING (SELECT @id AS id) S ON T.id = S.id WHEN MATCHED THEN DELETE`,
      'unsupported statement MERGE',
    ],
    [
      'an UPDATE setting an expression',
      (t: string) => `UPDATE ${t} SET v = v * 2 WHERE id = @id`,
      'unsupported statement UPDATE',
    ],
    [
      'DML outside a transaction script',
      (t: string) => `INSERT INTO ${t} (id) VALUES (@id); INSERT INTO ${t} (id) VALUES (@id)`,
      'script without BEGIN TRANSACTION',
    ],
    [
      'a transaction left open',
      (t: string) => `BEGIN TRANSACTION; INSERT INTO ${t} (id) VALUES (@id)`,
      'not committed or rolled back',
    ],
    [
      'an UPDATE whose WHERE holds a subquery',
      (t: string) => `UPDATE ${t} SET v = @id WHERE id IN (SELECT id FROM ${t})`,
      'unsupported IN (subquery)',
    ],
    [
      'an UPDATE whose WHERE compares with a literal',
      (t: string) => `UPDATE ${t} SET note = @id WHERE note = 'x'`,
      'literal',
    ],
    [
      'an UPDATE whose WHERE names an unknown column',
      (t: string) => `UPDATE ${t} SET note = @id WHERE missing IS NULL`,
      'Unrecognized name: missing',
    ],
    [
      'ALTER TABLE ... DROP COLUMN',
      (t: string) => `ALTER TABLE ${t} DROP COLUMN note`,
      'unsupported statement ALTER',
    ],
    [
      'ALTER TABLE inside a transaction',
      (t: string) => `BEGIN TRANSACTION; ALTER TABLE ${t} ADD COLUMN x STRING; COMMIT TRANSACTION`,
      'ALTER TABLE inside a transaction',
    ],
    [
      'a write to the served file',
      () => `INSERT INTO ${table('nba_raw', 'nbac_schedule')} (game_id) VALUES (@id)`,
      'the served warehouse file is read-only',
    ],
  ])('refuses %s with 400 invalidQuery naming it, changing nothing', async (_, sql, message) => {
    // Refused at submission: jobs.query answers 400; run() goes through jobs.insert, so the job's status carries it.
    const error = await failure(run(sql(T), { id: 'x' }));
    expect(error).toMatchObject({ errors: [{ reason: 'invalidQuery' }] });
    const direct = await failure(bq.query({ query: sql(T), params: { id: 'x' } }));
    expect(direct).toMatchObject({ code: 400, errors: [{ reason: 'invalidQuery' }] });
    expect(error.message).toContain(message);
    expect(await rows()).toEqual([]);
  });
});
