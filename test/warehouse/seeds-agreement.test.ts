import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { QualityData } from '../../src/commands/quality.js';
import type { StatusData } from '../../src/commands/status.js';
import { generateDemoWarehouse } from '../../src/demo/generate-demo.js';
import { DuckdbClient } from '../../src/warehouse/duckdb/duckdb-client.js';
import { SqlWarehouse } from '../../src/warehouse/sql-warehouse.js';
import { cli } from '../support/cli-harness.js';
import { CountingClient } from '../support/counting-client.js';
import { catalog } from '../support/ports.js';

// The seeds' SQL, with the one dialect change DuckDB needs: `project.dataset.table` -> dataset.table.
const seedsSql = (file: string) =>
  readFileSync(join('test/fixtures/seeds', file), 'utf8').replace(
    /`nba-props-platform\.([a-z_]+\.[a-z_]+)`/g,
    '$1',
  );

describe('answers agree with the seeds and with independent counts on the demo warehouse', () => {
  let dir: string;
  let path: string;
  let sql: DuckdbClient;
  const env = () => ({ BACKFILL_DUCKDB_PATH: path, BACKFILL_NOW: '2026-11-23' });
  const query = async (text: string) => sql.query({ sql: text, params: {}, label: 'test' });

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'backfill-seeds-'));
    path = join(dir, 'demo.duckdb');
    await generateDemoWarehouse(catalog, { path, scale: 0.3, seed: 7, asOf: '2026-11-23' });
    sql = await DuckdbClient.open({ path });
  });
  afterAll(async () => {
    await sql.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it("agrees with the seeds' Phase 2 validation query (runbook step 1.1)", async () => {
    const seeds = await query(seedsSql('phase2-validation.sql'));
    const run = await cli(['status', '2021-10-01..2024-11-29', '--json'], env());
    const ours = JSON.parse(run.stdout) as StatusData;
    const expected = seeds.find((r) => r.table_name === 'nbac_schedule');
    expect(ours.expected).toBe(expected?.actual_dates);
    for (const row of seeds.filter((r) => r.table_name !== 'nbac_schedule')) {
      const table = ours.tables.find((t) => t.table === row.table_name);
      expect({
        table: row.table_name,
        present: table?.present,
        expected: table?.expected,
        pct: table?.pct,
      }).toEqual({
        table: row.table_name,
        present: row.actual_dates,
        expected: row.expected,
        pct: row.pct,
      });
    }
  });

  it('agrees table by table with independent counts for status 2021-22', async () => {
    const run = await cli(['status', '2021-22', '--json'], env());
    expect(run.code).toBe(0);
    const ours = JSON.parse(run.stdout) as StatusData;
    const s = catalog.schedule;
    const season = catalog.seasons.find((x) => x.id === '2021-22');
    const expectedCte = `WITH exp AS (SELECT DISTINCT ${s.dateColumn} AS d FROM ${s.dataset}.${s.table} WHERE ${s.statusColumn} = ${s.finalStatus} AND ${s.dateColumn} BETWEEN DATE '${season?.start}' AND DATE '${season?.end}')`;
    const [expected] = await query(`${expectedCte} SELECT COUNT(*) AS n FROM exp`);
    expect(ours.expected).toBe(expected?.n);
    expect(ours.expected).toBeGreaterThan(150);
    const bootstrapEnd = `DATE '${season?.start}' + INTERVAL ${catalog.bootstrapDays - 1} DAY`;
    for (const t of catalog.tables) {
      const bootstrap = catalog.phases.find((p) => p.id === t.phase)?.bootstrap;
      const notBootstrap = bootstrap ? `WHERE exp.d > ${bootstrapEnd}` : '';
      const [counts] = await query(
        `${expectedCte} SELECT (SELECT COUNT(*) FROM exp ${notBootstrap}) AS expected, ` +
          `(SELECT COUNT(DISTINCT x.${t.dateColumn}) FROM ${t.dataset}.${t.table} x JOIN exp ON x.${t.dateColumn} = exp.d ${notBootstrap}) AS present`,
      );
      const table = ours.tables.find((x) => x.table === t.table);
      expect({ table: t.table, expected: table?.expected, present: table?.present }).toEqual({
        table: t.table,
        expected: counts?.expected,
        present: counts?.present,
      });
    }
    // The demo's shape: Phase 3 about half missing in 2021-22, Phase 2 complete.
    const pgs = ours.tables.find((t) => t.table === 'player_game_summary');
    expect(pgs?.pct).toBeGreaterThan(35);
    expect(pgs?.pct).toBeLessThan(65);
    expect(ours.phases.find((p) => p.phase === 2)?.pct).toBe(100);
  });

  it("agrees with the seeds' quality-bucket query (runbook step 3.3, on a season with Phase 4)", async () => {
    const seeds = await query(
      seedsSql('quality-buckets.sql')
        .replaceAll("'2021-10-19'", "'2023-10-24'")
        .replaceAll("'2022-04-10'", "'2024-04-14'"),
    );
    const run = await cli(
      ['quality', '2023-10-24..2024-04-14', 'player_shot_zone_analysis', '--json'],
      env(),
    );
    const ours = (JSON.parse(run.stdout) as QualityData).tables[0];
    expect(seeds.length).toBe(4);
    for (const row of seeds) {
      const bucket = ours?.buckets.find((b) => b.label === row.quality_bucket);
      expect({ bucket: row.quality_bucket, records: bucket?.records, pct: bucket?.pct }).toEqual({
        bucket: row.quality_bucket,
        records: row.records,
        pct: row.pct,
      });
    }
  });

  it('reads coverage for every table in one round trip that touches only date columns and the range', async () => {
    const client = new CountingClient(await DuckdbClient.open({ path }));
    const warehouse = new SqlWarehouse(catalog, client);
    await warehouse.coverage({ start: '2021-10-19', end: '2026-11-23' }, catalog.tables, 'status');
    expect(client.queries).toHaveLength(1);
    const text = client.queries[0]?.sql ?? '';
    const identifiers = new Set([...text.matchAll(/"([a-z_]+)"/g)].map((m) => m[1]));
    const allowed = new Set([
      ...catalog.tables.flatMap((t) => [t.dataset, t.table, t.dateColumn]),
      catalog.schedule.dataset,
      catalog.schedule.table,
      catalog.schedule.dateColumn,
      catalog.schedule.statusColumn,
    ]);
    expect([...identifiers].filter((id) => id && !allowed.has(id))).toEqual([]);
    expect(text.match(/BETWEEN/g)).toHaveLength(catalog.tables.length + 1);
    expect(client.queries[0]?.params).toMatchObject({
      range_start: { type: 'DATE', value: '2021-10-19' },
      range_end: { type: 'DATE', value: '2026-11-23' },
    });
    await warehouse.close();
  });
});
