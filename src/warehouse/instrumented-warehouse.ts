import { BackfillError } from '../domain/errors.js';
import { noteFailure, recordQuery } from '../log/request-scope.js';
import type { Measured, QueryStats, Warehouse } from './warehouse.js';

// Bytes billed, where an adapter reports them beside the round trips (BigQuery's job statistics).
type BilledStats = QueryStats & { bytesBilled?: number };

/**
 * The Warehouse port, decorated: each answer's round trips and bytes billed are added to the request
 * being handled (see logRequest), and a failure's code becomes its outcome. Outside a request it
 * only passes calls through.
 */
export class InstrumentedWarehouse implements Warehouse {
  constructor(private readonly inner: Warehouse) {}

  get kind() {
    return this.inner.kind;
  }

  coverage: Warehouse['coverage'] = (...args) => this.count(this.inner.coverage(...args));
  failedRuns: Warehouse['failedRuns'] = (...args) => this.count(this.inner.failedRuns(...args));
  qualityCounts: Warehouse['qualityCounts'] = (...args) => this.count(this.inner.qualityCounts(...args));
  playerCoverage: Warehouse['playerCoverage'] = (...args) => this.count(this.inner.playerCoverage(...args));
  runSummary: Warehouse['runSummary'] = (...args) => this.count(this.inner.runSummary(...args));
  newestModification: Warehouse['newestModification'] = (...args) =>
    this.count(this.inner.newestModification(...args));
  explainCoverage: Warehouse['explainCoverage'] = (...args) =>
    this.count(this.inner.explainCoverage(...args));

  close(): Promise<void> {
    return this.inner.close();
  }

  private async count<T>(answer: Promise<Measured<T>>): Promise<Measured<T>> {
    try {
      const measured = await answer;
      const stats: BilledStats = measured.stats;
      recordQuery({ roundTrips: stats.roundTrips, bytesBilled: stats.bytesBilled ?? 0 });
      return measured;
    } catch (error) {
      noteFailure(error instanceof BackfillError ? error.code : 'INTERNAL');
      throw error;
    }
  }
}
