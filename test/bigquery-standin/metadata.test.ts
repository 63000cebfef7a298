import type { BigQuery } from '@google-cloud/bigquery';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DuckdbClient } from '../../src/warehouse/duckdb/duckdb-client.js';
import { bigqueryForStandin } from '../support/bigquery-standin/bigquery-for-standin.js';
import { startBigqueryStandin } from '../support/bigquery-standin/start-bigquery-standin.js';
import {
  failure,
  PARTITIONING,
  PROJECT,
  type StandinFixture,
  startFixture,
  table,
} from './standin-fixture.js';

describe('BigQuery stand-in: datasets, tables, and the served file', () => {
  let f: StandinFixture;
  let bq: BigQuery;

  beforeAll(async () => {
    f = await startFixture();
    bq = f.client();
  });
  afterAll(() => f.close());

  it('gets datasets and tables, with day partitioning as configured', async () => {
    const [datasets] = await bq.getDatasets();
    expect(datasets.map((d) => d.id)).toEqual([
      'nba_analytics',
      'nba_orchestration',
      'nba_precompute',
      'nba_predictions',
      'nba_raw',
      'nba_reference',
    ]);
    const [pgs] = await bq.dataset('nba_analytics').table('player_game_summary').get();
    expect(pgs.metadata).toMatchObject({
      id: `${PROJECT}:nba_analytics.player_game_summary`,
      type: 'TABLE',
      timePartitioning: { type: 'DAY', field: 'game_date' },
      numRows: '2',
      schema: {
        fields: [
          { name: 'game_date', type: 'DATE', mode: 'NULLABLE' },
          { name: 'player_lookup', type: 'STRING', mode: 'NULLABLE' },
          { name: 'processed_at', type: 'TIMESTAMP', mode: 'NULLABLE' },
        ],
      },
    });
    const [bdl] = await bq.dataset('nba_raw').table('bdl_player_boxscores').get();
    expect(bdl.metadata.timePartitioning).toBeUndefined();
    expect(bdl.metadata.numRows).toBe('3');
    const [tables] = await bq.dataset('nba_reference').getTables();
    expect(tables.map((t) => t.id)).toEqual(['processor_run_history']);
  });

  it('answers 404 notFound for a missing dataset or table', async () => {
    const missing = await failure(bq.dataset('nope').get());
    expect(missing).toMatchObject({
      code: 404,
      message: `Not found: Dataset ${PROJECT}:nope was not found in location US`,
      errors: [{ reason: 'notFound' }],
    });
    const [exists] = await bq.dataset('nba_raw').table('nope').exists();
    expect(exists).toBe(false);
  });

  it('creates datasets and day-partitioned tables in memory, queryable at once', async () => {
    await bq.createDataset('backfill_state');
    const [created] = await bq.dataset('backfill_state').createTable('gate_decisions', {
      schema: 'gate:STRING, decided_on:DATE, approved:BOOLEAN, decided_at:TIMESTAMP',
      timePartitioning: { type: 'DAY', field: 'decided_on' },
    });
    expect(created.metadata).toMatchObject({
      timePartitioning: { type: 'DAY', field: 'decided_on' },
      numRows: '0',
      schema: {
        fields: [{ name: 'gate' }, { name: 'decided_on' }, { name: 'approved' }, { name: 'decided_at' }],
      },
    });
    const [rows] = await bq.query(`SELECT COUNT(*) AS n FROM ${table('backfill_state', 'gate_decisions')}`);
    expect(rows).toEqual([{ n: 0 }]);
    const [partitions] = await bq.query(
      `SELECT table_name FROM \`${PROJECT}.backfill_state.INFORMATION_SCHEMA.PARTITIONS\``,
    );
    expect(partitions).toEqual([]);
    const duplicate = await failure(bq.createDataset('backfill_state'));
    expect(duplicate.code).toBe(409);
    // A table may also be added to a dataset of the served (read-only) file: it lives in memory.
    await bq.dataset('nba_raw').createTable('scratch', { schema: 'x:INTEGER' });
    const [scratch] = await bq.query(`SELECT COUNT(*) AS n FROM ${table('nba_raw', 'scratch')}`);
    expect(scratch).toEqual([{ n: 0 }]);
  });

  it('shares the file with another READ_ONLY opener in the same process, before and after it closes', async () => {
    const other = await DuckdbClient.open({ path: f.path });
    const sql = { sql: 'SELECT count(*) AS n FROM "nba_raw"."nbac_schedule"', params: {}, label: 'test' };
    try {
      expect(await other.query(sql)).toEqual([{ n: 4 }]);
      const second = await startBigqueryStandin({
        duckdbPath: f.path,
        project: PROJECT,
        partitioning: PARTITIONING,
      });
      const client = bigqueryForStandin(second, { project: PROJECT });
      const [rows] = await client.query(`SELECT COUNT(*) AS n FROM ${table('nba_raw', 'nbac_schedule')}`);
      expect(rows).toEqual([{ n: 4 }]);
      await second.close();
      const [again] = await bq.query(`SELECT COUNT(*) AS n FROM ${table('nba_raw', 'nbac_schedule')}`);
      expect(again).toEqual([{ n: 4 }]);
      expect(await other.query(sql)).toEqual([{ n: 4 }]);
    } finally {
      await other.close();
    }
  });
});
