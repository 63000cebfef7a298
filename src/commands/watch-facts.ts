import type { Catalog, CatalogTable } from '../config/catalog-schema.js';
import type { DateRange } from '../domain/dates.js';
import { BackfillError } from '../domain/errors.js';
import { FAILURES_BEFORE_START_MS, RATE_WINDOW_MS, type WatchFacts } from '../domain/watch/watch-view.js';
import type { CommandPorts } from './command-context.js';

const LABEL = 'watch';

/** The tables a watch covers: a phase's (target "3"), one table (its name), or every table (null). */
export function watchTables(catalog: Catalog, target: string | null): CatalogTable[] {
  if (target === null) return catalog.tables;
  const tables = /^\d+$/.test(target)
    ? catalog.tables.filter((t) => t.phase === Number(target))
    : catalog.tables.filter((t) => t.table === target);
  if (tables.length === 0) {
    throw new BackfillError(
      'BAD_INPUT',
      `The catalog has no phase or table "${target}" any more`,
      'Stop this watch and start one on what the catalog has now.',
    );
  }
  return tables;
}

/**
 * One tick's facts, asked side by side (one round trip): coverage of the watched tables over the
 * range, the latest run per processor-date started in the last hour (the rates), and the failed runs
 * started since the watch began and the hour before it.
 */
export async function readWatchFacts(
  scope: { range: DateRange; tables: CatalogTable[]; startedAt: string },
  ports: Pick<CommandPorts, 'warehouse'>,
  now: Date,
): Promise<{ facts: WatchFacts; query: { roundTrips: number; queries: number; millis: number } }> {
  const { range, tables } = scope;
  const processors = [...new Set(tables.map((t) => t.processor))].sort();
  const failuresSince = new Date(Date.parse(scope.startedAt) - FAILURES_BEFORE_START_MS).toISOString();
  const recentSince = new Date(now.getTime() - RATE_WINDOW_MS).toISOString();
  const { warehouse } = ports;
  const [coverage, recent, failed] = await Promise.all([
    warehouse.coverage(range, tables, LABEL),
    warehouse.latestRuns(range, processors, recentSince, LABEL),
    warehouse.failedRuns(range, processors, LABEL, { startedSince: failuresSince }),
  ]);
  const answers = [coverage, recent, failed];
  return {
    facts: {
      coverage: coverage.value,
      recentRuns: recent.value,
      failedRuns: failed.value,
      failuresSince,
    },
    query: {
      roundTrips: 1,
      queries: answers.reduce((n, m) => n + m.stats.roundTrips, 0),
      // Side by side, the round trip takes as long as its slowest query.
      millis: Math.max(...answers.map((m) => m.stats.millis)),
    },
  };
}
