import { translateBigqueryError } from '../../src/warehouse/bigquery/bigquery-errors.js';
import type { Warehouse } from '../../src/warehouse/warehouse.js';

export type WarehouseFault = 'fail' | 'hang' | 'bug';

/**
 * A warehouse adapter whose coverage fails, hangs or hits a bug on purpose, to prove the app
 * answers anyway. It injects faults at the port; the commands and listeners under test are real.
 */
export function faultyWarehouse(fault: WarehouseFault, inner: Warehouse): Warehouse & { calls: number } {
  const w = {
    kind: inner.kind,
    calls: 0,
    async coverage(): Promise<never> {
      w.calls++;
      if (fault === 'hang') return new Promise<never>(() => {});
      // What the adapter throws once it has translated the vendor's error (no HTTP status: a socket).
      if (fault === 'fail') throw translateBigqueryError(new Error('connection reset by peer'), 'status');
      throw new TypeError("Cannot read properties of undefined (reading 'rows')");
    },
    failedRuns: inner.failedRuns.bind(inner),
    latestRuns: inner.latestRuns.bind(inner),
    qualityCounts: inner.qualityCounts.bind(inner),
    playerCoverage: inner.playerCoverage.bind(inner),
    runSummary: inner.runSummary.bind(inner),
    explainCoverage: inner.explainCoverage.bind(inner),
    newestModification: inner.newestModification.bind(inner),
    modelMetrics: inner.modelMetrics.bind(inner),
    staleRows: inner.staleRows.bind(inner),
    close: async () => {},
  };
  return w;
}
