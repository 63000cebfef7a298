import type { DuckDBConnection } from '@duckdb/node-api';
import type { DemoPlan } from './demo-plan.js';
import { tableKey } from './demo-roles.js';
import { ACCURACY_TABLE, predictionStatements } from './prediction-sql.js';
import { macroStatements } from './row-sql.js';
import { scheduleStatements } from './schedule-sql.js';
import { createTableSql, insertRowsSql, type RowShape, slotsPerGame, tableColumns } from './table-columns.js';
import { writePlayerCoverage } from './write-coverage.js';
import { writeRunHistory } from './write-run-history.js';
import { writeStaging } from './write-staging.js';

export interface DemoStep {
  name: string;
  run(connection: DuckDBConnection): Promise<void>;
}

async function runAll(connection: DuckDBConnection, statements: string[]): Promise<void> {
  for (const sql of statements) await connection.run(sql);
}

/** The generation as progress-sized steps, plus the 'dataset.table' names they create. */
export function demoSteps(plan: DemoPlan, shape: RowShape): { steps: DemoStep[]; tables: string[] } {
  const { world } = plan;
  const { catalog } = world;
  const predictionPhases = new Set(world.roles.predictions.map((u) => u.phase.id));
  const datasets = new Set([
    catalog.schedule.dataset,
    ...catalog.tables.map((t) => t.dataset),
    catalog.runHistory.dataset,
    catalog.playerCoverage.dataset,
  ]);
  const tables = [`${catalog.schedule.dataset}.${catalog.schedule.table}`];
  const steps: DemoStep[] = [
    {
      name: 'schemas and staging',
      run: async (c) => {
        await runAll(c, [
          ...[...datasets].map((d) => `CREATE SCHEMA IF NOT EXISTS ${d}`),
          ...macroStatements(world.seed),
        ]);
        await writeStaging(c, plan);
      },
    },
    { name: tables[0] as string, run: (c) => runAll(c, scheduleStatements(catalog)) },
  ];
  let graded = false;
  catalog.tables.forEach((table, index) => {
    const qualified = tableKey(table);
    tables.push(qualified);
    if (predictionPhases.has(table.phase)) {
      const withAccuracy = !graded;
      if (withAccuracy) tables.push(`${table.dataset}.${ACCURACY_TABLE}`);
      graded = true;
      steps.push({
        name: qualified,
        run: (c) => runAll(c, predictionStatements(world, table, index, shape, withAccuracy)),
      });
      return;
    }
    const columns = tableColumns(world, table, index, shape);
    const slots = slotsPerGame(table, shape);
    steps.push({
      name: qualified,
      run: (c) =>
        runAll(c, [createTableSql(qualified, columns), insertRowsSql(qualified, columns, index, slots)]),
    });
  });
  tables.push(tableKey(catalog.runHistory), tableKey(catalog.playerCoverage));
  steps.push(
    {
      name: tableKey(catalog.runHistory),
      run: (c) => writeRunHistory(c, catalog, plan.recorder.runs, world.seed),
    },
    { name: tableKey(catalog.playerCoverage), run: (c) => writePlayerCoverage(c, catalog, plan.coverage) },
  );
  return { steps, tables };
}
