import type { DuckDBConnection } from '@duckdb/node-api';
import type { Catalog, CatalogTable } from '../config/catalog-schema.js';
import type { DateRange, IsoDate } from '../domain/dates.js';
import { BackfillError, BadInputError } from '../domain/errors.js';
import { deriveDemoRoles, tableKey } from './demo-roles.js';
import { macroStatements } from './row-sql.js';
import { stageScheduleGames } from './stage-schedule-games.js';
import { insertRowsSql, type RowShape, selectRowsSql, slotsPerGame, tableColumns } from './table-columns.js';

// What writes into an existing demo file (`demo fill`, the pipeline simulator) shares with the
// generator: the same row SQL over the same staged games, so a written date is byte-for-byte the
// date the generator would have written.

export const NOT_DEMO_HINT =
  'demo fill only writes to files made by `backfill-bot demo init`; the file was left untouched.';

/** Writes the generator's rows into a demo file, on a connection that may write to it. */
export interface DemoWriter {
  /** Players per game, as read from the file: pass it to the next openDemoWriter on the file to skip the checks. */
  shape: RowShape;
  /** Dates with a final game in the range, ascending. */
  finalDates(range: DateRange): Promise<IsoDate[]>;
  /** One game id per final-game date among `dates` (the first by id), for error texts that name one. */
  firstGames(dates: IsoDate[]): Promise<Map<IsoDate, string>>;
  /** Dates in the range on which the table has rows. */
  presentDates(table: CatalogTable, range: DateRange): Promise<Set<IsoDate>>;
  /** Inserts the generator's rows of `dates` into the table; returns the rows added. */
  writeRows(table: CatalogTable, dates: IsoDate[]): Promise<number>;
}

type Rows = Record<string, unknown>[];
const rows = async (connection: DuckDBConnection, sql: string): Promise<Rows> =>
  (await connection.runAndReadAll(sql)).getRowObjectsJS();

export const dateText = (value: unknown): IsoDate =>
  (value instanceof Date ? value.toISOString() : String(value)).slice(0, 10);

const dateList = (dates: IsoDate[]) => dates.map((d) => `DATE '${d}'`).join(', ');

/** The demo's tables among `needed` that the file lacks ('dataset.table'). */
export async function missingDemoTables(
  connection: DuckDBConnection,
  needed: { dataset: string; table: string }[],
): Promise<string[]> {
  const found = new Set(
    (await rows(connection, 'SELECT table_schema, table_name FROM information_schema.tables')).map(
      (r) => `${r.table_schema}.${r.table_name}`,
    ),
  );
  return needed.map(tableKey).filter((t) => !found.has(t));
}

/** The raw player-grain table the file's shape and seed are read from (the raw phase is complete). */
export function referenceTable(catalog: Catalog): CatalogTable {
  const reference = deriveDemoRoles(catalog)
    .raw.flatMap((u) => u.tables)
    .find((t) => t.grain === 'player');
  if (!reference) throw new BackfillError('CATALOG_INVALID', 'demo writer: no raw player-grain table');
  return reference;
}

/** Players per game, read back from the reference table. */
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
  file: { path: string; seed: number },
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
      `${file.path} does not hold the demo rows of seed ${file.seed}`,
      `Pass the --seed given to demo init (default 42). ${NOT_DEMO_HINT}`,
    );
  }
}

/**
 * Stages the generator's games and macros on the connection (temp objects: nothing is written to
 * the file yet) and checks the file holds the demo rows of `seed`, unless `shape` says an earlier
 * writer on the same file checked. The connection's transaction is the caller's.
 */
export async function openDemoWriter(
  connection: DuckDBConnection,
  catalog: Catalog,
  file: { path: string; seed: number; shape?: RowShape },
): Promise<DemoWriter> {
  const roles = deriveDemoRoles(catalog);
  const reference = referenceTable(catalog);
  await stageScheduleGames(connection, catalog);
  for (const sql of macroStatements(file.seed)) await connection.run(sql);
  const shape = file.shape ?? (await rowShape(connection, catalog, file.path, reference));
  if (!file.shape) await checkSeed(connection, catalog, reference, shape, file);
  const s = catalog.schedule;
  const final = `${s.statusColumn} = ${s.finalStatus}`;
  return {
    shape,
    finalDates: async (range) =>
      (
        await rows(
          connection,
          `SELECT DISTINCT ${s.dateColumn} AS d FROM ${tableKey(s)} WHERE ${final}
            AND ${s.dateColumn} BETWEEN DATE '${range.start}' AND DATE '${range.end}' ORDER BY d`,
        )
      ).map((r) => dateText(r.d)),
    firstGames: async (dates) => {
      if (dates.length === 0) return new Map();
      const found = await rows(
        connection,
        `SELECT ${s.dateColumn} AS d, min(${s.gameIdColumn}) AS g FROM ${tableKey(s)}
          WHERE ${final} AND ${s.dateColumn} IN (${dateList(dates)}) GROUP BY 1`,
      );
      return new Map(found.map((r) => [dateText(r.d), String(r.g)]));
    },
    presentDates: async (table, range) =>
      new Set(
        (
          await rows(
            connection,
            `SELECT DISTINCT ${table.dateColumn} AS d FROM ${tableKey(table)}
              WHERE ${table.dateColumn} BETWEEN DATE '${range.start}' AND DATE '${range.end}'`,
          )
        ).map((r) => dateText(r.d)),
      ),
    writeRows: async (table, dates) => {
      if (dates.length === 0) return 0;
      const index = catalog.tables.indexOf(table);
      await connection.run('DELETE FROM demo_present');
      await connection.run(
        `INSERT INTO demo_present VALUES ${dates.map((d) => `(${index}, DATE '${d}')`).join(', ')}`,
      );
      const columns = tableColumns({ catalog, roles }, table, index, shape);
      const result = await connection.run(
        insertRowsSql(tableKey(table), columns, index, slotsPerGame(table, shape)),
      );
      return result.rowsChanged;
    },
  };
}
