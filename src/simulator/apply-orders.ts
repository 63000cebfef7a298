import type { DuckDBConnection } from '@duckdb/node-api';
import type { Catalog } from '../config/catalog-schema.js';
import { tableKey } from '../demo/demo-roles.js';
import {
  type DemoWriter,
  missingDemoTables,
  NOT_DEMO_HINT,
  openDemoWriter,
  referenceTable,
} from '../demo/demo-writer.js';
import { recordSimulatedRuns, type SimulatedRun } from '../demo/fill-runs.js';
import type { RowShape } from '../demo/table-columns.js';
import type { IsoDate } from '../domain/dates.js';
import { BadInputError } from '../domain/errors.js';
import { bootstrapDates } from '../domain/seasons.js';
import type { RerunOrder } from './rerun-order.js';
import { simulatedOutcome, simulatedRunId } from './simulated-outcome.js';
import { stageIndex, upstreamTables } from './upstream-tables.js';

export interface AppliedOrder {
  key: string;
  processor: string;
  success: IsoDate[];
  failed: IsoDate[];
  skipped: IsoDate[];
  /** Rows written over the processor's tables. */
  rows: number;
}

export interface ApplyOptions {
  path: string;
  seed: number;
  /** The file's row shape once an earlier window checked it (skips reading it again). */
  shape?: RowShape;
  failureRate: number;
  /** When the simulated runs start. */
  now: Date;
}

/**
 * Carries out due re-runs on a read-write connection, in one transaction: per date the generator's
 * rows (where the date has none) and a success run, or a failed or skipped run. Orders run in chain
 * order (phase, then stage), so a later stage in the same batch sees an earlier one's rows.
 */
export async function applyOrders(
  connection: DuckDBConnection,
  catalog: Catalog,
  orders: RerunOrder[],
  options: ApplyOptions,
): Promise<{ applied: AppliedOrder[]; shape: RowShape }> {
  const touched = orders.flatMap((o) => [...o.tables, ...upstreamTables(catalog, o.processor)]);
  const missing = await missingDemoTables(connection, [
    catalog.schedule,
    catalog.runHistory,
    referenceTable(catalog),
    ...touched,
  ]);
  if (missing.length) {
    throw new BadInputError(
      `${options.path} is not a demo warehouse: no ${[...new Set(missing)].join(', ')}`,
      NOT_DEMO_HINT,
    );
  }
  const writer = await openDemoWriter(connection, catalog, options);
  const sorted = [...orders].sort(
    (a, b) =>
      a.phase.id - b.phase.id ||
      stageIndex(catalog, a.processor) - stageIndex(catalog, b.processor) ||
      a.dueAt - b.dueAt,
  );
  await connection.run('BEGIN TRANSACTION');
  try {
    const applied: AppliedOrder[] = [];
    for (const order of sorted) applied.push(await applyOrder(connection, catalog, writer, order, options));
    await connection.run('COMMIT');
    return { applied, shape: writer.shape };
  } catch (error) {
    await connection.run('ROLLBACK').catch(() => undefined);
    throw error;
  }
}

async function applyOrder(
  connection: DuckDBConnection,
  catalog: Catalog,
  writer: DemoWriter,
  order: RerunOrder,
  options: ApplyOptions,
): Promise<AppliedOrder> {
  const { dates, processor, key } = order;
  const range = { start: dates[0] as IsoDate, end: dates[dates.length - 1] as IsoDate };
  const games = await writer.firstGames(dates);
  const bootstrap = order.phase.bootstrap
    ? bootstrapDates(dates, catalog.seasons, catalog.bootstrapDays)
    : new Set<IsoDate>();
  const upstream = await Promise.all(
    upstreamTables(catalog, processor).map(async (t) => ({
      key: tableKey(t),
      present: await writer.presentDates(t, range),
    })),
  );
  const result: AppliedOrder = { key, processor, success: [], failed: [], skipped: [], rows: 0 };
  const runs: SimulatedRun[] = dates.map((date) => {
    const outcome = simulatedOutcome(
      {
        gameId: games.get(date),
        bootstrap: bootstrap.has(date),
        missingUpstream: upstream.filter((u) => !u.present.has(date)).map((u) => u.key),
      },
      { seed: options.seed, key, date, failureRate: options.failureRate },
    );
    result[outcome.status].push(date);
    return {
      runId: simulatedRunId(options.seed, key, date),
      processor,
      phase: order.phase.runHistoryPhase,
      date,
      status: outcome.status,
      startedAt: options.now.toISOString(),
      errors: outcome.status === 'success' ? null : [outcome.error],
      missingDependencies: outcome.status === 'failed' ? outcome.missing : null,
    };
  });
  if (result.success.length) {
    const span = { start: result.success[0] as IsoDate, end: result.success.at(-1) as IsoDate };
    for (const table of order.tables) {
      const present = await writer.presentDates(table, span);
      result.rows += await writer.writeRows(
        table,
        result.success.filter((d) => !present.has(d)),
      );
    }
  }
  await recordSimulatedRuns(connection, catalog, runs);
  return result;
}
