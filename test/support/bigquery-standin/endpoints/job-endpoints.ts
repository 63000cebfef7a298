import { invalidRequest, notFound } from '../bigquery-error.js';
import { jobTimedOut } from '../fault-plan.js';
import { jobReference, jobResource, pageStart, resultPage } from '../jobs/job-json.js';
import type { Job } from '../jobs/job-store.js';
import { specFromJobInsert, specFromQueryRequest } from '../query/query-spec.js';
import type { TimestampFormat } from '../query/result-set.js';
import type { Endpoint, RequestContext } from './request-context.js';

// BigQuery answers jobs.query and getQueryResults within 10 s by default, done or not.
const DEFAULT_WAIT_MS = 10_000;

function findJob(ctx: RequestContext, jobId: string): Job {
  ctx.state.checkProject(ctx.project);
  const job = ctx.state.jobs.get(jobId);
  if (!job || job.dryRun) throw notFound(`Job ${ctx.project}:${ctx.query.location ?? 'US'}.${jobId}`);
  return job;
}

/** POST /queries: run, wait up to timeoutMs (and slowQueryMs), answer the first page or jobComplete:false. */
export const jobsQuery: Endpoint = async (ctx) => {
  ctx.state.checkProject(ctx.project);
  const { spec, timeoutMs, maxResults, format } = specFromQueryRequest(ctx.body);
  const configuration = { query: { query: spec.sql, useLegacySql: false }, labels: spec.labels };
  const job = await ctx.state.submit(spec, null, configuration, ctx.timesOut);
  const kind = 'bigquery#queryResponse';
  if (spec.dryRun) {
    if (job.error) throw job.error;
    const fields = job.result?.fields ?? [];
    return {
      kind,
      jobReference: jobReference(job),
      schema: { fields },
      totalBytesProcessed: String(job.bytes.processed),
      jobComplete: true,
      cacheHit: false,
    };
  }
  await ctx.state.jobs.waitFor(
    job,
    Math.min(timeoutMs ?? DEFAULT_WAIT_MS, ctx.state.slowQueryMs ?? Infinity),
  );
  if (job.state !== 'DONE') return { kind, jobReference: jobReference(job), jobComplete: false };
  if (job.error) throw job.error;
  return { kind, ...resultPage(job, 0, maxResults, format), queryId: job.id };
};

/** GET /queries/{jobId}: wait up to timeoutMs, then a page of rows (or jobComplete:false, or the job's error). */
export const getQueryResults: Endpoint = async (ctx, jobId = '') => {
  const job = findJob(ctx, jobId);
  if (ctx.timesOut) {
    job.finish({ error: jobTimedOut(job.jobTimeoutMs) });
    throw job.error ?? jobTimedOut(job.jobTimeoutMs);
  }
  const wait = ctx.query.timeoutMs === undefined ? DEFAULT_WAIT_MS : Number(ctx.query.timeoutMs);
  await ctx.state.jobs.waitFor(job, Math.min(wait, DEFAULT_WAIT_MS));
  const head = { kind: 'bigquery#getQueryResultsResponse', etag: Buffer.from(job.id).toString('base64') };
  if (job.state !== 'DONE') return { ...head, jobReference: jobReference(job), jobComplete: false };
  if (job.error) throw job.error;
  let start = Number(ctx.query.startIndex ?? 0);
  if (ctx.query.pageToken !== undefined) {
    const fromToken = pageStart(job, ctx.query.pageToken);
    if (fromToken === null) throw invalidRequest(`Invalid page token: ${ctx.query.pageToken}`);
    start = fromToken;
  }
  const maxResults = ctx.query.maxResults === undefined ? null : Number(ctx.query.maxResults);
  const format: TimestampFormat =
    ctx.query['formatOptions.timestampOutputFormat'] === 'ISO8601_STRING'
      ? 'iso'
      : ctx.query['formatOptions.useInt64Timestamp'] === 'true' ||
          ctx.query['formatOptions.timestampOutputFormat'] === 'INT64'
        ? 'int64'
        : 'float';
  return { ...head, ...resultPage(job, start, maxResults, format) };
};

/** POST /jobs: a query job; a dry run answers its error over HTTP, a real job carries it in its status. */
export const jobsInsert: Endpoint = async (ctx) => {
  ctx.state.checkProject(ctx.project);
  const { spec, jobId, configuration } = specFromJobInsert(ctx.body);
  const job = await ctx.state.submit(spec, jobId, configuration, ctx.timesOut);
  if (job.dryRun && job.error) throw job.error;
  return jobResource(job, ctx.state.url);
};

export const jobsGet: Endpoint = async (ctx, jobId = '') => {
  const job = findJob(ctx, jobId);
  if (ctx.timesOut) job.finish({ error: jobTimedOut(job.jobTimeoutMs) });
  return jobResource(job, ctx.state.url);
};

export const jobsCancel: Endpoint = async (ctx, jobId = '') => {
  const job = findJob(ctx, jobId);
  ctx.state.jobs.cancel(job);
  return { kind: 'bigquery#jobCancelResponse', job: jobResource(job, ctx.state.url) };
};
