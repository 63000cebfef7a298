/**
 * `demo fill`: simulates a backfill on the demo warehouse. For every expected (final-game) date of
 * the range where a target table has no rows, it inserts the rows the generator would have written
 * (the same SQL, rebuilt from the file's schedule) and a success run for the table's processor and
 * date, later than that pair's earlier runs, so an open failure there reads as resolved.
 */
import { existsSync } from 'node:fs';
import { DuckDBInstance } from '@duckdb/node-api';
import type { Catalog, CatalogTable } from '../config/catalog-schema.js';
import type { DateRange, IsoDate } from '../domain/dates.js';
import { BackfillError, BadInputError } from '../domain/errors.js';
import { bootstrapDates } from '../domain/seasons.js';
import { translateDuckdbError } from '../warehouse/duckdb/duckdb-errors.js';
import { deriveDemoRoles, tableKey } from './demo-roles.js';
import { missingDemoTables, NOT_DEMO_HINT, openDemoWriter, referenceTable } from './demo-writer.js';
import { type FilledRun, recordFillRuns } from './fill-runs.js';

export interface FillRequest {
  path: string;
  range: DateRange;
  tables: CatalogTable[];
  /** The seed `demo init` used: the row values derive from it, and it is checked against the file. */
  seed: number;
}

export interface FillSummary {
  /** Distinct dates that got rows in at least one table. */
  dates: number;
  /** 'dataset.table' -> rows added, for every target table (0 when it was complete). */
  rows: Record<string, number>;
  runs: number;
}

async function open(path: string, readOnly: boolean): Promise<DuckDBInstance> {
  try {
    return await DuckDBInstance.create(path, readOnly ? { access_mode: 'READ_ONLY' } : {});
  } catch (error) {
    const translated = translateDuckdbError(error, path);
    if (!/locked by another process/.test(translated.message)) throw translated;
    throw new BackfillError(
      'WAREHOUSE_UNAVAILABLE',
      `${translated.message}; demo fill needs to write to it`,
      'The bot holds the file while it runs: stop `npm start` first, then run demo fill again.',
      { cause: error },
    );
  }
}

/** Refuses files that lack the demo's tables, before anything is opened for writing. */
async function checkDemoTables(path: string, catalog: Catalog, tables: CatalogTable[]): Promise<void> {
  const instance = await open(path, true);
  try {
    const connection = await instance.connect();
    const missing = await missingDemoTables(connection, [catalog.schedule, catalog.runHistory, ...tables]);
    if (missing.length) {
      throw new BadInputError(`${path} is not a demo warehouse: no ${missing.join(', ')}`, NOT_DEMO_HINT);
    }
    connection.closeSync();
  } finally {
    instance.closeSync();
  }
}

export async function fillDemoWarehouse(catalog: Catalog, request: FillRequest): Promise<FillSummary> {
  const { path, range } = request;
  if (!existsSync(path)) {
    throw new BadInputError(`no demo warehouse at ${path}`, 'Create it with `backfill-bot demo init`.');
  }
  const roles = deriveDemoRoles(catalog);
  const predictionPhases = new Set(roles.predictions.map((u) => u.phase.id));
  const refused = request.tables.filter((t) => predictionPhases.has(t.phase));
  if (refused.length) {
    throw new BadInputError(
      `demo fill does not write prediction tables (${refused.map((t) => t.table).join(', ')})`,
      'Fill a raw, analytics or precompute phase or table.',
    );
  }
  await checkDemoTables(path, catalog, [referenceTable(catalog), ...request.tables]);

  const instance = await open(path, false);
  try {
    const connection = await instance.connect();
    try {
      const writer = await openDemoWriter(connection, catalog, request);
      const expected = await writer.finalDates(range);
      const bootstrap = bootstrapDates(expected, catalog.seasons, catalog.bootstrapDays);
      const bootstrapPhases = new Set(catalog.phases.filter((p) => p.bootstrap).map((p) => p.id));

      const summary: FillSummary = { dates: 0, rows: {}, runs: 0 };
      const filledDates = new Set<IsoDate>();
      const runs = new Map<string, FilledRun>();
      await connection.run('BEGIN TRANSACTION');
      for (const table of request.tables) {
        const present = await writer.presentDates(table, range);
        const missing = expected.filter(
          (d) => !present.has(d) && !(bootstrapPhases.has(table.phase) && bootstrap.has(d)),
        );
        summary.rows[tableKey(table)] = await writer.writeRows(table, missing);
        const phase = catalog.phases.find((p) => p.id === table.phase);
        for (const date of missing) {
          filledDates.add(date);
          runs.set(`${table.processor}|${date}`, {
            processor: table.processor,
            phase: phase?.runHistoryPhase ?? '',
            date,
          });
        }
      }
      summary.dates = filledDates.size;
      summary.runs = await recordFillRuns(connection, catalog, [...runs.values()], request.seed);
      await connection.run('COMMIT');
      await connection.run('CHECKPOINT');
      return summary;
    } catch (error) {
      await connection.run('ROLLBACK').catch(() => undefined);
      throw error instanceof BackfillError ? error : translateDuckdbError(error, path, 'demo fill');
    } finally {
      connection.closeSync();
    }
  } finally {
    instance.closeSync();
  }
}
