import { BigQuery, BigQueryTimestamp, type Job, type JobMetadata, type Query } from '@google-cloud/bigquery';
import { BackfillError } from '../../domain/errors.js';
import { bigqueryDialect } from '../sql/dialects.js';
import type {
  Dialect,
  SqlClient,
  SqlParam,
  SqlQuery,
  SqlResult,
  SqlRow,
  SqlValue,
} from '../sql/sql-query.js';
import { translateBigqueryError } from './bigquery-errors.js';

export interface BigqueryClientOptions {
  project: string;
  location: string;
  maximumBytesBilled: number;
  timeoutMs: number;
  /** A local REST endpoint (tests); unset for Google's. */
  apiEndpoint?: string;
  /** Retries of 5xx and rate-limit answers, by the client library, with exponential backoff. */
  retry?: { maxRetries: number; retryDelayMultiplier: number; maxRetryDelay: number; totalTimeout: number };
}

// 5xx and rate limits are retried at most 3 times, 1 s, 2 s, 4 s apart (plus jitter), 60 s in all.
const DEFAULT_RETRY = { maxRetries: 3, retryDelayMultiplier: 2, maxRetryDelay: 16, totalTimeout: 60 };

function toParamValue(param: SqlParam): unknown {
  // A DATE given as a plain string is sent as NULL by the client, silently: wrap it.
  if (param.type === 'DATE') return BigQuery.date(String(param.value));
  if (param.type === 'TIMESTAMP') return BigQuery.timestamp(String(param.value));
  return param.value;
}

function toParamType(param: SqlParam): string | string[] {
  return param.type === 'ARRAY<STRING>' ? ['STRING'] : param.type;
}

function toSqlValue(value: unknown): SqlValue {
  if (value === null || value === undefined) return null;
  if (typeof value === 'string' || typeof value === 'number' || typeof value === 'boolean') return value;
  // BigQuery keeps microseconds; the port's timestamps are ISO 8601 at milliseconds on every adapter.
  if (value instanceof BigQueryTimestamp) return new Date(value.value).toISOString();
  // BigQueryDate / BigQueryTimestamp / BigQueryInt wrap their text in `.value`.
  if (typeof value === 'object' && 'value' in value) return String((value as { value: unknown }).value);
  return String(value);
}

function toSqlRow(row: Record<string, unknown>): SqlRow {
  const out: SqlRow = {};
  for (const [key, value] of Object.entries(row)) out[key] = toSqlValue(value);
  return out;
}

/**
 * The finished job's totalBytesBilled. The answer is already in hand: when the statistics cannot be
 * read, the bill is unknown (the request line then counts 0) rather than the answer lost.
 */
async function billedBytes(job: Job): Promise<{ bytesBilled?: number }> {
  try {
    const [metadata] = await job.getMetadata();
    const billed = (metadata as JobMetadata).statistics?.query?.totalBytesBilled;
    return billed === undefined ? {} : { bytesBilled: Number(billed) };
  } catch {
    return {};
  }
}

/** The Google client as every BigQuery adapter uses it: project, location, endpoint, bounded retries. */
export function createBigQuery(
  options: Pick<BigqueryClientOptions, 'project' | 'location' | 'apiEndpoint' | 'retry'>,
): BigQuery {
  return new BigQuery({
    projectId: options.project,
    location: options.location,
    retryOptions: { autoRetry: true, ...(options.retry ?? DEFAULT_RETRY) },
    ...(options.apiEndpoint ? { apiEndpoint: options.apiEndpoint } : {}),
  });
}

/** Executes neutral queries through the real BigQuery client, with the cost guards on every job. */
export class BigqueryClient implements SqlClient {
  readonly dialect: Dialect;
  private readonly bigquery: BigQuery;

  constructor(private readonly options: BigqueryClientOptions) {
    if (!options.project) {
      throw new BackfillError(
        'BAD_INPUT',
        'no BigQuery project configured',
        "Set BACKFILL_GCP_PROJECT or the catalog's `project`.",
      );
    }
    this.dialect = bigqueryDialect(options.project);
    this.bigquery = createBigQuery(options);
  }

  /** The job request with the guards every query carries: labels, byte limit, timeout, location. */
  private request(query: SqlQuery): Query {
    const entries = Object.entries(query.params);
    return {
      query: query.sql,
      params: Object.fromEntries(entries.map(([name, p]) => [name, toParamValue(p)])),
      types: Object.fromEntries(entries.map(([name, p]) => [name, toParamType(p)])),
      location: this.options.location,
      labels: {
        app: 'backfill-bot',
        command: query.label
          .toLowerCase()
          .replace(/[^a-z0-9_-]/g, '_')
          .slice(0, 63),
      },
      maximumBytesBilled: String(this.options.maximumBytesBilled),
      jobTimeoutMs: this.options.timeoutMs,
      useLegacySql: false,
    };
  }

  async query(query: SqlQuery): Promise<SqlRow[]> {
    return (await this.runJob(query)).rows;
  }

  /**
   * The rows and the job's bytes billed. Neither `bigquery.query()` nor the rows carry the bill: on
   * the jobs.insert path (which jobTimeoutMs forces; jobs.query would answer totalBytesBilled, but the
   * library refuses it for a job timeout) the rows come from getQueryResults, whose answer has no
   * totalBytesBilled, and the jobs.insert answer describes a job still running. So once the rows are
   * in, one jobs.get reads the finished job's statistics: a metadata read, no second job, nothing billed.
   */
  async queryBilled(query: SqlQuery): Promise<SqlResult> {
    const { job, rows } = await this.runJob(query);
    return { rows, ...(await billedBytes(job)) };
  }

  /** One guarded job, as `bigquery.query()` runs it: jobs.insert, then getQueryResults until it is done. */
  private async runJob(query: SqlQuery): Promise<{ job: Job; rows: SqlRow[] }> {
    try {
      const [job] = await this.bigquery.createQueryJob(this.request(query));
      const [rows] = await job.getQueryResults();
      return { job, rows: (rows as Record<string, unknown>[]).map(toSqlRow) };
    } catch (error) {
      throw translateBigqueryError(error, query.label);
    }
  }

  async dryRun(query: SqlQuery): Promise<number> {
    try {
      const [job] = await this.bigquery.createQueryJob({ ...this.request(query), dryRun: true });
      return Number(job.metadata?.statistics?.totalBytesProcessed ?? 0);
    } catch (error) {
      throw translateBigqueryError(error, query.label);
    }
  }

  async close(): Promise<void> {}
}
