import type { Catalog } from '../../config/catalog-schema.js';
import type { IsoDate } from '../dates.js';
import { classifyFailure, type FailedRun } from '../failures.js';
import { bootstrapDates } from '../seasons.js';

/**
 * Per processor, the dates whose latest run did not succeed (open failures, as `failures` counts
 * them), without the early-season classes (INSUFFICIENT_DATA) on bootstrap days: that is the
 * pipeline working as designed, and the heatmap shows those days as bootstrap.
 */
export function openFailureDates(catalog: Catalog, runs: FailedRun[]): Map<string, Set<IsoDate>> {
  const success = catalog.runHistory.statuses.success;
  const open = runs.filter((run) => run.latestStatus !== success);
  const bootstrap = bootstrapDates(
    open.map((run) => run.date),
    catalog.seasons,
    catalog.bootstrapDays,
  );
  const dates = new Map<string, Set<IsoDate>>();
  for (const run of open) {
    if (bootstrap.has(run.date) && classifyFailure(run.errors, catalog.failureClasses).expectedEarlySeason)
      continue;
    const set = dates.get(run.processor) ?? new Set<IsoDate>();
    dates.set(run.processor, set.add(run.date));
  }
  return dates;
}
