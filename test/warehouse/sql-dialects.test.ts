import { describe, expect, it } from 'vitest';
import { coverageSql } from '../../src/warehouse/sql/coverage-sql.js';
import { bigqueryDialect, duckdbDialect } from '../../src/warehouse/sql/dialects.js';
import { failedRunsSql } from '../../src/warehouse/sql/failed-runs-sql.js';
import { latestRunsSql } from '../../src/warehouse/sql/latest-runs-sql.js';
import { modelMetricsSql } from '../../src/warehouse/sql/model-metrics-sql.js';
import { catalog } from '../support/ports.js';

const range = { start: '2023-10-24', end: '2024-06-17' };

describe('SQL generated from the catalog', () => {
  it('qualifies BigQuery tables with the project and passes values as typed @parameters', () => {
    const q = coverageSql(catalog, bigqueryDialect('nba-props-platform'), range, catalog.tables, 'status');
    expect(q.sql).toContain(
      'FROM `nba-props-platform.nba_raw.nbac_schedule` WHERE `game_status` = @final_status',
    );
    expect(q.sql).toContain(
      'FROM `nba-props-platform.nba_raw.bdl_player_boxscores` WHERE `game_date` BETWEEN @range_start AND @range_end',
    );
    expect(q.sql).not.toMatch(/'\d{4}-\d{2}-\d{2}'/);
    expect(q.params).toMatchObject({
      range_start: { type: 'DATE', value: '2023-10-24' },
      range_end: { type: 'DATE', value: '2024-06-17' },
      final_status: { type: 'INT64', value: 3 },
      partition_start: { type: 'STRING', value: '20231024' },
      partition_end: { type: 'STRING', value: '20240617' },
    });
    expect(q.label).toBe('status');
  });

  it('reads day-partitioned tables from partition metadata, one branch per dataset, and scans the rest', () => {
    const q = coverageSql(catalog, bigqueryDialect('nba-props-platform'), range, catalog.tables, 'status');
    const datasets = [...new Set(catalog.tables.filter((t) => t.partitioned).map((t) => t.dataset))];
    expect(q.sql.match(/INFORMATION_SCHEMA\.PARTITIONS/g)).toHaveLength(datasets.length);
    expect(q.sql).toContain("WHEN table_name = 'player_daily_cache' THEN");
    expect(q.sql).not.toContain('`cache_date`');
    const scanned = catalog.tables.filter((t) => !t.partitioned).map((t) => t.table);
    for (const t of scanned) expect(q.sql).toContain(`.${t}\``);
    expect(q.sql.match(/ BETWEEN @range_start AND @range_end/g)).toHaveLength(scanned.length + 1);
    expect(
      q.sql.match(/partition_id BETWEEN @partition_start AND @partition_end AND total_rows > 0/g),
    ).toHaveLength(datasets.length);
  });

  it('quotes DuckDB identifiers as schema.table and casts parameters', () => {
    const q = coverageSql(catalog, duckdbDialect, range, catalog.tables.slice(0, 1), 'status');
    expect(q.sql).toContain(
      'FROM "nba_raw"."nbac_team_boxscore" WHERE "game_date" BETWEEN CAST($range_start AS DATE)',
    );
  });

  it('filters processors with a list parameter, never by splicing names into the SQL', () => {
    const q = failedRunsSql(catalog, bigqueryDialect('p-roject1'), range, ["x' OR 1=1 --"], 'failures');
    expect(q.sql).toContain('`processor_name` IN UNNEST(@processors)');
    expect(q.sql).not.toContain('OR 1=1');
    expect(q.params.processors).toEqual({ type: 'ARRAY<STRING>', value: ["x' OR 1=1 --"] });
  });

  it('reads latest runs from four run-history columns, pruned by the range, since a UTC instant parameter', () => {
    const processors = ['PlayerCompositeFactorsProcessor'];
    const since = '2024-01-05T09:30:00-05:00';
    const q = latestRunsSql(catalog, bigqueryDialect('p-roject1'), range, processors, since, 'rerun');
    expect(q.sql).toContain('FROM `p-roject1.nba_reference.processor_run_history`');
    expect(q.sql).toContain(
      'WHERE `data_date` BETWEEN @range_start AND @range_end AND `processor_name` IN UNNEST(@processors) AND `started_at` >= @since',
    );
    const columns = new Set(q.sql.match(/`[a-z_]+`/g));
    expect(columns).toEqual(new Set(['`processor_name`', '`data_date`', '`status`', '`started_at`']));
    expect(q.params).toEqual({
      range_start: { type: 'DATE', value: range.start },
      range_end: { type: 'DATE', value: range.end },
      processors: { type: 'ARRAY<STRING>', value: processors },
      since: { type: 'TIMESTAMP', value: '2024-01-05T14:30:00.000Z' },
    });
    const d = latestRunsSql(catalog, duckdbDialect, range, processors, since, 'rerun');
    expect(d.sql).toContain('"started_at" >= CAST($since AS TIMESTAMP)');
  });
  it('reads model metrics with the systems, picks and window as parameters, both branches pruned by date', () => {
    const window = { start: '2026-01-17', end: '2026-01-23' };
    const q = modelMetricsSql(catalog, bigqueryDialect('nba-props-platform'), window, 'remind');
    expect(q.sql).not.toMatch(/xgboost|catboost|OVER'|'\d{4}-/);
    expect(q.sql.match(/BETWEEN @window_start AND @window_end/g)).toHaveLength(2);
    expect(q.sql).toContain(
      'FROM `nba-props-platform.nba_predictions.prediction_accuracy` WHERE `game_date`',
    );
    expect(q.sql).toContain(
      'FROM `nba-props-platform.nba_predictions.player_prop_predictions` WHERE `game_date`',
    );
    expect(q.sql).toContain('GROUP BY `game_date`, `player_lookup`');
    expect(q.params).toEqual({
      window_start: { type: 'DATE', value: '2026-01-17' },
      window_end: { type: 'DATE', value: '2026-01-23' },
      challenger: { type: 'STRING', value: 'xgboost_v1' },
      champion: { type: 'STRING', value: 'catboost_v8' },
      picks: { type: 'ARRAY<STRING>', value: ['OVER', 'UNDER'] },
      systems: { type: 'ARRAY<STRING>', value: ['xgboost_v1', 'catboost_v8'] },
    });
    const { models: _, ...withoutModels } = catalog;
    expect(() => modelMetricsSql(withoutModels, duckdbDialect, window, 'remind')).toThrow(
      'the catalog has no models section',
    );
  });
});
