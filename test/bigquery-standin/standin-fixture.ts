import type { BigQuery } from '@google-cloud/bigquery';
import {
  bigqueryForStandin,
  type StandinClientOptions,
} from '../support/bigquery-standin/bigquery-for-standin.js';
import {
  type BigqueryStandin,
  type BigqueryStandinOptions,
  startBigqueryStandin,
} from '../support/bigquery-standin/start-bigquery-standin.js';
import { catalog } from '../support/ports.js';
import { buildTinyWarehouse, type TinyWorld } from '../support/tiny-warehouse.js';

export const PROJECT = 'standin-test-project';

/** Day-partitioned tables as the catalog declares them. */
export const PARTITIONING: Record<string, string> = Object.fromEntries(
  catalog.tables.filter((t) => t.partitioned).map((t) => [`${t.dataset}.${t.table}`, t.dateColumn]),
);

/**
 * The world the stand-in tests read: three final dates and one scheduled; player_game_summary
 * (partitioned) present on two dates, bdl_player_boxscores (not partitioned) on three; quality
 * scores on one date; three runs of one processor.
 */
export const WORLD: TinyWorld = {
  finalDates: ['2024-01-01', '2024-01-02', '2024-01-03'],
  scheduledDates: ['2024-01-04'],
  present: {
    player_game_summary: ['2024-01-01', '2024-01-03'],
    bdl_player_boxscores: ['2024-01-01', '2024-01-02', '2024-01-03'],
  },
  quality: {
    player_composite_factors: [
      { date: '2024-01-02', score: 95 },
      { date: '2024-01-02', score: 72.5 },
      { date: '2024-01-02', score: null },
    ],
  },
  runs: [
    {
      processor: 'P1',
      phase: 'phase_3_analytics',
      date: '2024-01-02',
      status: 'failed',
      startedAt: '2024-01-02T10:00:00Z',
      errors: 'boom',
    },
    {
      processor: 'P1',
      phase: 'phase_3_analytics',
      date: '2024-01-02',
      status: 'success',
      startedAt: '2024-01-02T11:30:00.250Z',
    },
    {
      processor: 'P2',
      phase: 'phase_3_analytics',
      date: '2024-01-03',
      status: 'failed',
      startedAt: '2024-01-03T09:00:00Z',
    },
  ],
};

export interface StandinFixture {
  path: string;
  standin: BigqueryStandin;
  client(options?: Partial<StandinClientOptions>): BigQuery;
  close(): Promise<void>;
}

export async function startFixture(
  world: TinyWorld = WORLD,
  options: Partial<BigqueryStandinOptions> = {},
): Promise<StandinFixture> {
  const tiny = await buildTinyWarehouse(catalog, world);
  const standin = await startBigqueryStandin({
    duckdbPath: tiny.path,
    project: PROJECT,
    partitioning: PARTITIONING,
    ...options,
  });
  return {
    path: tiny.path,
    standin,
    client: (o = {}) => bigqueryForStandin(standin, { project: PROJECT, ...o }),
    async close() {
      await standin.close();
      tiny.cleanup();
    },
  };
}

/** `project.dataset.table`, quoted as our BigQuery dialect writes it. */
export const table = (dataset: string, name: string) => `\`${PROJECT}.${dataset}.${name}\``;

/** The error a client call failed with, as the client shapes it (the call must fail). */
export interface ClientError {
  code?: number;
  errors?: { reason: string; message: string; domain?: string }[];
  message: string;
}

export const failure = (call: Promise<unknown>): Promise<ClientError> =>
  call.then(
    () => {
      throw new Error('expected the call to fail');
    },
    (e: unknown) => e as ClientError,
  );
