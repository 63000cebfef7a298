import type { DuckDBConnection } from '@duckdb/node-api';
import type { Catalog } from '../config/catalog-schema.js';
import { appendRows, type Cell, date, epochDay, text, timestamp } from './append-rows.js';
import type { PlannedRun } from './plan-recorder.js';
import { createRng } from './prng.js';

const MINUTE_US = 60_000_000n;
const DAY_US = 1440n * MINUTE_US;

/**
 * The run log, one row per planned run (per processor and date: it never scales with `scale`).
 * A date's runs start the next morning, each phase later than the one before and each chain
 * stage a few minutes after the previous; a re-run that resolved a failure comes 1-3 days later.
 */
export async function writeRunHistory(
  connection: DuckDBConnection,
  catalog: Catalog,
  runs: PlannedRun[],
  seed: number,
): Promise<void> {
  const { dataset, table, columns: c, statuses } = catalog.runHistory;
  await connection.run(
    `CREATE TABLE ${dataset}.${table} (run_id VARCHAR, ${c.processor} VARCHAR, ${c.phase} VARCHAR,
      ${c.date} DATE, ${c.status} VARCHAR, ${c.startedAt} TIMESTAMP, ${c.errors} VARCHAR,
      ${c.missingDependencies} VARCHAR)`,
  );
  const rng = createRng(seed, 'run-history');
  const phaseOrder = [...catalog.phases].sort((a, b) => a.id - b.id).map((p) => p.runHistoryPhase);
  const rows = runs.map((run): Cell[] => {
    const phaseMinutes =
      300 + 50 * Math.max(0, phaseOrder.indexOf(run.phase)) + 8 * run.stage + rng.int(0, 6);
    const retryMinutes = run.attempt ? rng.int(1, 3) * 1440 + rng.int(0, 600) : 0;
    const micros =
      BigInt(epochDay(run.date) + 1) * DAY_US +
      BigInt(phaseMinutes + retryMinutes) * MINUTE_US +
      BigInt(rng.int(0, 59_999_999));
    return [
      text(`run-${rng.hex(12)}`),
      text(run.processor),
      text(run.phase),
      date(run.date),
      text(statuses[run.status]),
      timestamp(micros),
      text(run.errors ? JSON.stringify(run.errors) : null),
      text(run.missingDependencies ? JSON.stringify(run.missingDependencies) : null),
    ];
  });
  await appendRows(connection, table, rows, dataset);
}
