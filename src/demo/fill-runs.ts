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
