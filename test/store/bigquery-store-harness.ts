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
import { writeVersion1Dataset } from './version-1-store.js';
import { writeVersion2Dataset } from './version-2-store.js';
import { writeVersion3Dataset } from './version-3-store.js';
import { writeVersion4Dataset } from './version-4-store.js';

export const STATE_DATASET = 'backfill_bot';

/**
 * The BigQuery store through the real client against the stand-in, over an empty warehouse file: the
 * dataset and tables are created by the store (or, with a seed, by an earlier release first).
 * Each open() is a restart: a new client and a new store on the same stand-in, whose memory keeps
 * what was written; replica() is another bot replica beside the current one, on the same dataset.
 */
export async function bigqueryStoreHarness(
  clock: Clock,
  seed?: 'version-1' | 'version-2' | 'version-3' | 'version-4',
) {
  const dir = mkdtempSync(join(tmpdir(), 'backfill-bq-state-'));
  const duckdbPath = join(dir, 'empty.duckdb');
  (await DuckDBInstance.create(duckdbPath)).closeSync();
  const standin: BigqueryStandin = await startBigqueryStandin({
    duckdbPath,
    project: TEST_PROJECT,
    partitioning: {},
  });
  const seeds = {
    'version-1': writeVersion1Dataset,
    'version-2': writeVersion2Dataset,
    'version-3': writeVersion3Dataset,
    'version-4': writeVersion4Dataset,
  };
  if (seed)
    await seeds[seed](bigqueryForStandin(standin, { project: TEST_PROJECT }), TEST_PROJECT, STATE_DATASET);
  const open = () =>
    BigqueryStateStore.open({
      bigquery: bigqueryForStandin(standin, { project: TEST_PROJECT }),
      project: TEST_PROJECT,
      dataset: STATE_DATASET,
      clock,
    });
  return {
    standin,
    open,
    replica: open,
    dispose: async () => {
      await standin.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
