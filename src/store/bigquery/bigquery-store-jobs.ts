import type { BigQuery } from '@google-cloud/bigquery';
import type { Row } from '../store-rows.js';
import { clientParams, type Statement, script } from './bigquery-store-sql.js';
import { isLostRace } from './translate-bigquery-store-error.js';

const plain = (value: unknown): unknown =>
  // DATE and INT64 wrappers (BigQueryDate, BigQueryInt) hold their text in `.value`.
  value !== null && typeof value === 'object' && 'value' in value
    ? String((value as { value: unknown }).value)
    : value;

/** The store's query jobs: every one labelled, time-limited, located, with typed parameters. */
export class StoreJobs {
  constructor(
    private readonly bigquery: BigQuery,
    private readonly location: string,
    private readonly timeoutMs: number,
  ) {}

  async query(statement: Statement): Promise<Row[]> {
    const [rows] = await this.bigquery.query({
      query: statement.sql,
      ...clientParams(statement),
      location: this.location,
      labels: { app: 'backfill-bot', command: 'store' },
      jobTimeoutMs: this.timeoutMs,
      useLegacySql: false,
    });
    return (rows as Row[]).map((row) =>
      Object.fromEntries(Object.entries(row).map(([k, v]) => [k, plain(v)])),
    );
  }

  /** One job: one statement, or BEGIN ... COMMIT as one script (all of it or none). */
  async write(...statements: Statement[]): Promise<void> {
    await this.query(script(...statements));
  }
}

/**
 * Runs `work` (reads, judgement, one transaction) again while its transaction loses a race, at most
 * `maxAttempts` times: a lost race wrote nothing, and the next read sees the winner's writes.
 */
export async function retryLostRaces<T>(work: () => Promise<T>, maxAttempts: number): Promise<T> {
  for (let attempt = 1; ; attempt++) {
    try {
      return await work();
    } catch (error) {
      if (!isLostRace(error) || attempt >= maxAttempts) throw error;
      // Jitter spreads the losers out, so the next round is not the same pile-up.
      await new Promise((r) => setTimeout(r, Math.random() * 10 * Math.min(attempt, 8)));
    }
  }
}
