import { BigQuery, BigQueryTimestamp, type Query } from '@google-cloud/bigquery';
import { BackfillError } from '../../domain/errors.js';
import { bigqueryDialect } from '../sql/dialects.js';
import type { Dialect, SqlClient, SqlParam, SqlQuery, SqlRow, SqlValue } from '../sql/sql-query.js';
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
    try {
      const [rows] = await this.bigquery.query(this.request(query));
      return (rows as Record<string, unknown>[]).map((row) => {
        const out: SqlRow = {};
        for (const [key, value] of Object.entries(row)) out[key] = toSqlValue(value);
        return out;
      });
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
