import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DuckDBInstance } from '@duckdb/node-api';
import type { Clock } from '../../src/clock/clock.js';
import { BigqueryStateStore } from '../../src/store/bigquery/bigquery-state-store.js';
import { TEST_PROJECT } from '../support/bigquery-adapter.js';
import { bigqueryForStandin } from '../support/bigquery-standin/bigquery-for-standin.js';
import {
  type BigqueryStandin,
  startBigqueryStandin,
} from '../support/bigquery-standin/start-bigquery-standin.js';

export const STATE_DATASET = 'backfill_bot';

/**
 * The BigQuery store through the real client against the stand-in, over an empty warehouse file: the
 * dataset and tables are created by the store. Each open() is a restart: a new client and a new store
 * on the same stand-in, whose memory keeps what was written.
 */
export async function bigqueryStoreHarness(clock: Clock) {
  const dir = mkdtempSync(join(tmpdir(), 'backfill-bq-state-'));
  const duckdbPath = join(dir, 'empty.duckdb');
  (await DuckDBInstance.create(duckdbPath)).closeSync();
  const standin: BigqueryStandin = await startBigqueryStandin({
    duckdbPath,
    project: TEST_PROJECT,
    partitioning: {},
  });
  return {
    standin,
    open: () =>
      BigqueryStateStore.open({
        bigquery: bigqueryForStandin(standin, { project: TEST_PROJECT }),
        project: TEST_PROJECT,
        dataset: STATE_DATASET,
        clock,
      }),
    dispose: async () => {
      await standin.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
