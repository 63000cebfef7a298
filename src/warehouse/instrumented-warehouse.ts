import { BackfillError } from '../domain/errors.js';
import { noteFailure, recordQuery } from '../log/request-scope.js';
import type { Measured, Warehouse } from './warehouse.js';

/**
 * The Warehouse port, decorated: each answer's round trips and bytes billed are added to the request
 * being handled (see logRequest), and a failure's code becomes its outcome. The bytes billed stop
 * here: commands spread the stats into their answers' `query`, whose shape is the same on every
 * warehouse (docs/json.md). Outside a request nothing is recorded.
 */
export class InstrumentedWarehouse implements Warehouse {
  constructor(private readonly inner: Warehouse) {}

  get kind() {
    return this.inner.kind;
  }

  coverage: Warehouse['coverage'] = (...args) => this.count(this.inner.coverage(...args));
  failedRuns: Warehouse['failedRuns'] = (...args) => this.count(this.inner.failedRuns(...args));
  latestRuns: Warehouse['latestRuns'] = (...args) => this.count(this.inner.latestRuns(...args));
  qualityCounts: Warehouse['qualityCounts'] = (...args) => this.count(this.inner.qualityCounts(...args));
  playerCoverage: Warehouse['playerCoverage'] = (...args) => this.count(this.inner.playerCoverage(...args));
  runSummary: Warehouse['runSummary'] = (...args) => this.count(this.inner.runSummary(...args));
  modelMetrics: Warehouse['modelMetrics'] = (...args) => this.count(this.inner.modelMetrics(...args));
  newestModification: Warehouse['newestModification'] = (...args) =>
    this.count(this.inner.newestModification(...args));
  staleRows: Warehouse['staleRows'] = (...args) => this.count(this.inner.staleRows(...args));
  explainCoverage: Warehouse['explainCoverage'] = (...args) =>
    this.count(this.inner.explainCoverage(...args));

  close(): Promise<void> {
    return this.inner.close();
  }

  private async count<T>(answer: Promise<Measured<T>>): Promise<Measured<T>> {
    try {
      const { value, stats } = await answer;
      const { bytesBilled, ...answered } = stats;
      recordQuery({ roundTrips: stats.roundTrips, bytesBilled: bytesBilled ?? 0 });
      return { value, stats: answered };
    } catch (error) {
      noteFailure(error instanceof BackfillError ? error.code : 'INTERNAL');
      throw error;
    }
  }
}
