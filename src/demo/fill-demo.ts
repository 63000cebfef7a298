/**
 * `demo fill`: simulates a backfill on the demo warehouse. For every expected (final-game) date of
 * the range where a target table has no rows, it inserts the rows the generator would have written
 * (the same SQL, rebuilt from the file's schedule) and a success run for the table's processor and
 * date, later than that pair's earlier runs, so an open failure there reads as resolved.
 */
import { existsSync } from 'node:fs';
import { type DuckDBConnection, DuckDBInstance } from '@duckdb/node-api';
import type { Catalog, CatalogTable } from '../config/catalog-schema.js';
import type { DateRange, IsoDate } from '../domain/dates.js';
import { BackfillError, BadInputError } from '../domain/errors.js';
import { bootstrapDates } from '../domain/seasons.js';
import { translateDuckdbError } from '../warehouse/duckdb/duckdb-errors.js';
import { deriveDemoRoles, tableKey } from './demo-roles.js';
import { type FilledRun, recordFillRuns } from './fill-runs.js';
import { macroStatements } from './row-sql.js';
import { stageScheduleGames } from './stage-schedule-games.js';
import { insertRowsSql, type RowShape, selectRowsSql, slotsPerGame, tableColumns } from './table-columns.js';

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

const NOT_DEMO_HINT =
  'demo fill only writes to files made by `backfill-bot demo init`; the file was left untouched.';

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

async function rows(connection: DuckDBConnection, sql: string): Promise<Record<string, unknown>[]> {
  return (await connection.runAndReadAll(sql)).getRowObjectsJS();
}

const dateText = (value: unknown): IsoDate =>
  (value instanceof Date ? value.toISOString() : String(value)).slice(0, 10);

/** Refuses files that lack the demo's tables, before anything is opened for writing. */
async function checkDemoTables(path: string, catalog: Catalog, tables: CatalogTable[]): Promise<void> {
  const instance = await open(path, true);
  try {
    const connection = await instance.connect();
    const found = new Set(
      (await rows(connection, 'SELECT table_schema, table_name FROM information_schema.tables')).map(
        (r) => `${r.table_schema}.${r.table_name}`,
      ),
    );
    const needed = [catalog.schedule, catalog.runHistory, ...tables].map(tableKey);
    const missing = needed.filter((t) => !found.has(t));
    if (missing.length) {
      throw new BadInputError(`${path} is not a demo warehouse: no ${missing.join(', ')}`, NOT_DEMO_HINT);
    }
    connection.closeSync();
  } finally {
    instance.closeSync();
  }
}

/** Players per game, read back from the first raw player table (the raw phase is complete). */
async function rowShape(
  connection: DuckDBConnection,
  catalog: Catalog,
  path: string,
  reference: CatalogTable,
): Promise<RowShape> {
  const [r] = await rows(
    connection,
    `SELECT count(*)::INTEGER AS n, count(DISTINCT ${catalog.schedule.gameIdColumn})::INTEGER AS games
      FROM ${tableKey(reference)}`,
  );
  const players = Number(r?.n) / Number(r?.games);
  if (!Number.isInteger(players) || players < 1) {
    throw new BadInputError(
      `${path} is not a demo warehouse: ${tableKey(reference)} has uneven games`,
      NOT_DEMO_HINT,
    );
  }
  return { players, playersPerTeam: Math.ceil(players / 2) };
}

/** The generator's rows for the reference table's first date must equal the file's: same seed, same shape. */
async function checkSeed(
  connection: DuckDBConnection,
  catalog: Catalog,
  reference: CatalogTable,
  shape: RowShape,
  request: FillRequest,
): Promise<void> {
  const index = catalog.tables.indexOf(reference);
  const columns = tableColumns({ catalog, roles: deriveDemoRoles(catalog) }, reference, index, shape);
  const qualified = tableKey(reference);
  await connection.run(
    `INSERT INTO demo_present SELECT ${index}, min(${reference.dateColumn}) FROM ${qualified}`,
  );
  const [r] = await rows(
    connection,
    `SELECT count(*)::INTEGER AS n FROM (
      (${selectRowsSql(columns, index, slotsPerGame(reference, shape))})
      EXCEPT ALL
      (SELECT ${columns.map((c) => c.name).join(', ')} FROM ${qualified}
        WHERE ${reference.dateColumn} = (SELECT d FROM demo_present)))`,
  );
  await connection.run('DELETE FROM demo_present');
  if (Number(r?.n) !== 0) {
    throw new BadInputError(
      `${request.path} does not hold the demo rows of seed ${request.seed}`,
      `Pass the --seed given to demo init (default 42). ${NOT_DEMO_HINT}`,
    );
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
  const reference = roles.raw.flatMap((u) => u.tables).find((t) => t.grain === 'player');
  if (!reference) throw new BackfillError('CATALOG_INVALID', 'demo fill: no raw player-grain table');
  await checkDemoTables(path, catalog, [reference, ...request.tables]);

  const instance = await open(path, false);
  try {
    const connection = await instance.connect();
    try {
      await stageScheduleGames(connection, catalog);
      for (const sql of macroStatements(request.seed)) await connection.run(sql);
      const shape = await rowShape(connection, catalog, path, reference);
      await checkSeed(connection, catalog, reference, shape, request);

      const s = catalog.schedule;
      const expected = (
        await rows(
          connection,
          `SELECT DISTINCT ${s.dateColumn} AS d FROM ${tableKey(s)} WHERE ${s.statusColumn} = ${s.finalStatus}
            AND ${s.dateColumn} BETWEEN DATE '${range.start}' AND DATE '${range.end}' ORDER BY d`,
        )
      ).map((r) => dateText(r.d));
      const bootstrap = bootstrapDates(expected, catalog.seasons, catalog.bootstrapDays);
      const bootstrapPhases = new Set(catalog.phases.filter((p) => p.bootstrap).map((p) => p.id));

      const summary: FillSummary = { dates: 0, rows: {}, runs: 0 };
      const filledDates = new Set<IsoDate>();
      const runs = new Map<string, FilledRun>();
      await connection.run('BEGIN TRANSACTION');
      for (const table of request.tables) {
        const key = tableKey(table);
        const present = new Set(
          (
            await rows(
              connection,
              `SELECT DISTINCT ${table.dateColumn} AS d FROM ${key}
                WHERE ${table.dateColumn} BETWEEN DATE '${range.start}' AND DATE '${range.end}'`,
            )
          ).map((r) => dateText(r.d)),
        );
        const missing = expected.filter(
          (d) => !present.has(d) && !(bootstrapPhases.has(table.phase) && bootstrap.has(d)),
        );
        summary.rows[key] = 0;
        if (missing.length === 0) continue;
        const index = catalog.tables.indexOf(table);
        await connection.run('DELETE FROM demo_present');
        await connection.run(
          `INSERT INTO demo_present VALUES ${missing.map((d) => `(${index}, DATE '${d}')`).join(', ')}`,
        );
        const columns = tableColumns({ catalog, roles }, table, index, shape);
        const result = await connection.run(insertRowsSql(key, columns, index, slotsPerGame(table, shape)));
        summary.rows[key] = result.rowsChanged;
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
