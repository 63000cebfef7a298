import { BackfillError } from '../../src/domain/errors.js';
import type { Warehouse } from '../../src/warehouse/warehouse.js';

/**
 * A warehouse adapter that fails or hangs on purpose, to prove the app answers anyway. It is a
 * fault injector for the port, not a stand-in for our logic: the commands and listeners are real.
 */
export function faultyWarehouse(fault: 'fail' | 'hang', inner: Warehouse): Warehouse & { calls: number } {
  const w = {
    kind: inner.kind,
    calls: 0,
    async coverage() {
      w.calls++;
      if (fault === 'hang') return new Promise<never>(() => {});
      // What an adapter throws once it has translated a vendor error.
      throw new BackfillError(
        'WAREHOUSE_QUERY_FAILED',
        'BigQuery query (status) failed: connection reset by peer',
      );
    },
    failedRuns: (...args: Parameters<Warehouse['failedRuns']>) => inner.failedRuns(...args),
    qualityCounts: (...args: Parameters<Warehouse['qualityCounts']>) => inner.qualityCounts(...args),
    close: () => inner.close(),
  };
  return w;
}
