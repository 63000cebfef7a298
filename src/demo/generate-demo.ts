/**
 * The demo warehouse: a DuckDB file shaped like the seeds' BigQuery pipeline, mid-backfill.
 * Everything named comes from the catalog; the same seed and options give the same data.
 *
 * Layout: one schema per dataset, tables and columns named as in the catalog, so the runbooks'
 * SQL runs with dialect changes only. Seasons are the catalog's seasons that started by `asOf`.
 * - Schedule: 30 teams, ~1230 regular-season games on ~93% of days (none on Thanksgiving,
 *   Christmas Eve, a 5-day All-Star break), 1-4 playoff games a day; ~210 final dates a season.
 *   Games before `asOf` are final, the rest of the current season is scheduled (status 1).
 * - Per catalog table, rows on its present dates: 1 (game), 2 (team) or playersPerGame*scale
 *   (player) rows per game; game_id, the date column, team_abbr, opponent_team_abbr,
 *   [player_lookup, stable per team slot], metrics, processed_at, [the quality column].
 *   The coverage table also has the coverage date column (the runbook joins on it).
 * - Phase 2 complete. Analytics: `phase3HalfMissingSeason` ~half missing in multi-day blocks;
 *   other past seasons a few missing dates (shared, or one table with an open error); the
 *   season after `phase4FromSeason` complete; the current season complete but yesterday
 *   missing for one table (lag). expectedPartial tables ~42% of dates, all of the last 30 days.
 * - Precompute: from `phase4FromSeason` (its first 60% of dates only), none in bootstrap windows
 *   (skipped runs), none where critical analytics tables are missing (DependencyError), early
 *   season INSUFFICIENT_DATA (mostly resolved), a few open PROCESSING_ERRORs; a failure blocks
 *   every later stage of the chain. completeness_pct is poor early, ok in weeks 3-4, then good.
 * - Predictions: from the first model system's `since`, on dates Phase 4 is complete, one row
 *   per player per active system; `prediction_accuracy` beside it (MAE 4.4, 4.2, ... by system).
 * - Run history: one row per run (never scales with `scale`); open failures are exactly the
 *   (processor, date) pairs whose tables are missing. Player coverage: one row per date of
 *   the coverage table, ~3% of dates below the alert threshold.
 */
import { mkdirSync, renameSync, rmSync } from 'node:fs';
import { dirname } from 'node:path';
import { DuckDBInstance } from '@duckdb/node-api';
import type { Catalog } from '../config/catalog-schema.js';
import { type IsoDate, isIsoDate } from '../domain/dates.js';
import { BackfillError, BadInputError } from '../domain/errors.js';
import { countRows } from './count-rows.js';
import { planDemo } from './demo-plan.js';
import { demoSteps } from './demo-steps.js';

export interface DemoOptions {
  path: string;
  /** Multiplies players per game (the large tables); run history and dates do not scale. */
  scale: number;
  seed: number;
  asOf: IsoDate;
  onProgress?: (done: number, total: number, step: string) => void;
}

export interface DemoSummary {
  path: string;
  seasons: string[];
  finalGameDates: number;
  /** Final (played) games; the schedule also holds the current season's scheduled games. */
  games: number;
  /** 'dataset.table' -> row count, for every table written. */
  rows: Record<string, number>;
  /** 'dataset.table' -> rows older than its staleAfterDays (what a stale-rows check reports). */
  staleRows: Record<string, number>;
  millis: number;
}

export const MAX_DEMO_SCALE = 100;

function validate(options: DemoOptions): void {
  if (!(options.scale > 0 && options.scale <= MAX_DEMO_SCALE)) {
    throw new BadInputError(
      `demo scale ${options.scale} is out of range`,
      `Use a number in (0, ${MAX_DEMO_SCALE}].`,
    );
  }
  if (!Number.isInteger(options.seed) || options.seed < 0 || options.seed > 0xffffffff) {
    throw new BadInputError(
      `demo seed ${options.seed} is not accepted`,
      'Use an integer from 0 to 4294967295.',
    );
  }
  if (!isIsoDate(options.asOf))
    throw new BadInputError(`as-of date ${options.asOf} is not a date`, 'Use YYYY-MM-DD.');
}

function removeDatabase(file: string): void {
  for (const f of [file, `${file}.wal`]) rmSync(f, { force: true });
  rmSync(`${file}.tmp`, { recursive: true, force: true });
}

/** Generates the demo warehouse into `options.path`, replacing it atomically (caller checks overwrite). */
export async function generateDemoWarehouse(catalog: Catalog, options: DemoOptions): Promise<DemoSummary> {
  const started = performance.now();
  validate(options);
  const players = Math.max(1, Math.round(catalog.demo.playersPerGame * options.scale));
  const plan = planDemo(catalog, options.asOf, options.seed, players);
  const { steps, tables } = demoSteps(plan, { players, playersPerTeam: Math.ceil(players / 2) });
  const total = steps.length + 2;
  options.onProgress?.(1, total, 'plan');

  // Written beside the target and renamed at the end: a crash never leaves a half-written file.
  mkdirSync(dirname(options.path), { recursive: true });
  const temp = `${options.path}.tmp-${process.pid}`;
  removeDatabase(temp);
  let instance: DuckDBInstance | undefined;
  try {
    instance = await DuckDBInstance.create(temp).catch((error: unknown) => {
      throw new BackfillError(
        'WAREHOUSE_UNAVAILABLE',
        `cannot create the demo warehouse at ${temp}: ${(error as Error).message}`,
        'Check that the directory is writable.',
        { cause: error },
      );
    });
    const connection = await instance.connect();
    for (const [i, step] of steps.entries()) {
      await step.run(connection);
      options.onProgress?.(i + 2, total, step.name);
    }
    const staleTables = catalog.tables.filter((t) => t.staleAfterDays !== undefined);
    const { rows, staleRows } = await countRows(connection, tables, staleTables, options.asOf);
    await connection.run('CHECKPOINT');
    connection.closeSync();
    instance.closeSync();
    instance = undefined;
    // A log left by an earlier file at the target would be replayed onto the new one.
    rmSync(`${options.path}.wal`, { force: true });
    renameSync(temp, options.path);
    removeDatabase(temp);
    options.onProgress?.(total, total, 'done');
    const finalGames = plan.world.games.filter((g) => g.final).length;
    return {
      path: options.path,
      seasons: plan.world.seasons.map((s) => s.id),
      finalGameDates: plan.world.finalDates.length,
      games: finalGames,
      rows,
      staleRows,
      millis: Math.round(performance.now() - started),
    };
  } catch (error) {
    instance?.closeSync();
    removeDatabase(temp);
    throw error;
  }
}
