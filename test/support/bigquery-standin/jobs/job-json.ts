import { pageEnd, rowsJson, type TimestampFormat } from '../query/result-set.js';
import type { Job } from './job-store.js';

export function jobReference(job: Job) {
  return job.dryRun
    ? { projectId: job.projectId, location: job.location }
    : { projectId: job.projectId, jobId: job.id, location: job.location };
}

const etag = (job: Job) => Buffer.from(`${job.id}:${job.state}`).toString('base64');

/** The Job resource of jobs.insert / jobs.get. */
export function jobResource(job: Job, baseUrl: string) {
  const bytes = String(job.bytes.processed);
  const statistics = {
    creationTime: String(job.createdMs),
    startTime: String(job.startedMs),
    ...(job.endedMs === null ? {} : { endTime: String(job.endedMs) }),
    totalBytesProcessed: bytes,
    query: {
      totalBytesProcessed: bytes,
      // Dry runs and failed jobs bill nothing.
      totalBytesBilled: job.dryRun || job.error ? '0' : String(job.bytes.billed),
      cacheHit: false,
      statementType: job.statementType,
      ...(job.dmlAffectedRows === null ? {} : { numDmlAffectedRows: String(job.dmlAffectedRows) }),
      ...(job.result ? { schema: { fields: job.result.fields } } : {}),
    },
  };
  const error = job.error?.proto();
  return {
    kind: 'bigquery#job',
    etag: etag(job),
    id: `${job.projectId}:${job.location}.${job.id}`,
    selfLink: `${baseUrl}/bigquery/v2/projects/${job.projectId}/jobs/${job.id}?location=${job.location}`,
    user_email: 'standin@bigquery-standin.iam.gserviceaccount.com',
    configuration: { ...job.configuration, jobType: 'QUERY' },
    jobReference: jobReference(job),
    statistics,
    status: { state: job.state, ...(error ? { errorResult: error, errors: [error] } : {}) },
  };
}

// A page token names the job and the first row of the next page; opaque to the client.
export const pageToken = (job: Job, start: number) =>
  Buffer.from(JSON.stringify({ job: job.id, start })).toString('base64url');

export function pageStart(job: Job, token: string): number | null {
  try {
    const parsed = JSON.parse(Buffer.from(token, 'base64url').toString()) as { job?: string; start?: number };
    return parsed.job === job.id && Number.isInteger(parsed.start) ? (parsed.start as number) : null;
  } catch {
    return null;
  }
}

/** Schema, one page of rows, totals: the part jobs.query and getQueryResults share for a finished job. */
export function resultPage(job: Job, start: number, maxResults: number | null, format: TimestampFormat) {
  const result = job.result ?? { fields: [], rows: [] };
  const end = pageEnd(result, start, maxResults);
  const rows = rowsJson(result, start, end, format);
  return {
    schema: { fields: result.fields },
    jobReference: jobReference(job),
    totalRows: String(result.rows.length),
    // BigQuery leaves `rows` out of an empty page.
    ...(rows.length ? { rows } : {}),
    ...(end < result.rows.length ? { pageToken: pageToken(job, end) } : {}),
    totalBytesProcessed: String(job.bytes.processed),
    totalBytesBilled: String(job.bytes.billed),
    ...(job.dmlAffectedRows === null ? {} : { numDmlAffectedRows: String(job.dmlAffectedRows) }),
    jobComplete: true,
    cacheHit: false,
  };
}
