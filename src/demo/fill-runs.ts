import type { DuckDBConnection } from '@duckdb/node-api';
import type { Catalog } from '../config/catalog-schema.js';
import type { IsoDate } from '../domain/dates.js';
import { tableKey } from './demo-roles.js';
import { createRng } from './prng.js';

export interface FilledRun {
  processor: string;
  /** The phase's runHistoryPhase. */
  phase: string;
  date: IsoDate;
}

/**
 * One success run per filled (processor, date). It starts 30 minutes after that pair's latest run
 * (or the morning after the date when there was none), so a failure before it reads as resolved.
 * Run ids come from the seed and the pair: filling the same gaps twice gives the same ids.
 */
export async function recordFillRuns(
  connection: DuckDBConnection,
  catalog: Catalog,
  runs: FilledRun[],
  seed: number,
): Promise<number> {
  if (runs.length === 0) return 0;
  const { columns: c, statuses } = catalog.runHistory;
  const history = tableKey(catalog.runHistory);
  const quote = (v: string) => `'${v.replaceAll("'", "''")}'`;
  const values = runs.map(
    (r) =>
      `(${quote(`run-${createRng(seed, `fill:${r.processor}:${r.date}`).hex(12)}`)}, ${quote(r.processor)}, ` +
      `${quote(r.phase)}, DATE '${r.date}')`,
  );
  const result = await connection.run(
    `INSERT INTO ${history} (run_id, ${c.processor}, ${c.phase}, ${c.date}, ${c.status}, ${c.startedAt})
      SELECT f.run_id, f.processor, f.phase, f.d, ${quote(statuses.success)},
        COALESCE((SELECT max(h.${c.startedAt}) FROM ${history} h
          WHERE h.${c.processor} = f.processor AND h.${c.date} = f.d), CAST(f.d AS TIMESTAMP) + INTERVAL 1 DAY + INTERVAL 5 HOUR)
          + INTERVAL 30 MINUTE
      FROM (VALUES ${values.join(', ')}) f(run_id, processor, phase, d)`,
  );
  return result.rowsChanged;
}

/** A run the pipeline simulator records: its own id, status and error, as the generator words them. */
export interface SimulatedRun extends FilledRun {
  runId: string;
  status: 'success' | 'failed' | 'skipped';
  /** When it started (ISO 8601 UTC); moved to just after the pair's latest run if that is later. */
  startedAt: string;
  errors: string[] | null;
  missingDependencies: string[] | null;
}

/**
 * Inserts simulated runs, each once: a run id already in the history is left alone, so applying a
 * message again after a crash adds nothing. Returns the runs added.
 */
export async function recordSimulatedRuns(
  connection: DuckDBConnection,
  catalog: Catalog,
  runs: SimulatedRun[],
): Promise<number> {
  if (runs.length === 0) return 0;
  const { columns: c, statuses } = catalog.runHistory;
  const history = tableKey(catalog.runHistory);
  const quote = (v: string | null) => (v === null ? 'NULL' : `'${v.replaceAll("'", "''")}'`);
  const json = (v: string[] | null) => quote(v === null ? null : JSON.stringify(v));
  const values = runs.map(
    (r) =>
      `(${quote(r.runId)}, ${quote(r.processor)}, ${quote(r.phase)}, DATE '${r.date}', ${quote(statuses[r.status])}, ` +
      `CAST(${quote(new Date(r.startedAt).toISOString())} AS TIMESTAMP), ${json(r.errors)}, ${json(r.missingDependencies)})`,
  );
  const result = await connection.run(
    `INSERT INTO ${history} (run_id, ${c.processor}, ${c.phase}, ${c.date}, ${c.status}, ${c.startedAt},
        ${c.errors}, ${c.missingDependencies})
      SELECT f.run_id, f.processor, f.phase, f.d, f.status,
        GREATEST(f.started_at, COALESCE((SELECT max(h.${c.startedAt}) FROM ${history} h
          WHERE h.${c.processor} = f.processor AND h.${c.date} = f.d) + INTERVAL 1 SECOND, f.started_at)),
        f.errors, f.missing
      FROM (VALUES ${values.join(', ')}) f(run_id, processor, phase, d, status, started_at, errors, missing)
      WHERE NOT EXISTS (SELECT 1 FROM ${history} h WHERE h.run_id = f.run_id)`,
  );
  return result.rowsChanged;
}
