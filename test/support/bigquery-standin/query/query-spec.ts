import { z } from 'zod';
import { invalidRequest, unsupported } from '../bigquery-error.js';
import { decodeParameters, type QueryParam } from './query-parameters.js';
import type { TimestampFormat } from './result-set.js';

/** One query job's request, from jobs.query or jobs.insert: the same checks for both. */
export interface QuerySpec {
  sql: string;
  params: Map<string, QueryParam>;
  labels: Record<string, string>;
  maximumBytesBilled?: string;
  jobTimeoutMs?: string;
  /** As sent (the job itself defaults to US). */
  location?: string;
  dryRun: boolean;
}

const Labels = z.record(z.string(), z.string()).optional();
const Int64 = z.union([z.string(), z.number()]).optional();
const QueryFields = {
  query: z.string(),
  useLegacySql: z.boolean().optional(),
  parameterMode: z.string().optional(),
  queryParameters: z.unknown().optional(),
  maximumBytesBilled: Int64,
};
// Options that change what a query reads or writes; our SQL never sets them.
const REFUSED_OPTIONS = [
  'destinationTable',
  'writeDisposition',
  'createDisposition',
  'defaultDataset',
  'tableDefinitions',
  'timePartitioning',
  'rangePartitioning',
  'clustering',
  'connectionProperties',
  'createSession',
];

const QueryRequestSchema = z.looseObject({
  ...QueryFields,
  location: z.string().optional(),
  labels: Labels,
  dryRun: z.boolean().optional(),
  jobTimeoutMs: Int64,
  timeoutMs: z.number().optional(),
  maxResults: z.number().optional(),
  formatOptions: z
    .object({ useInt64Timestamp: z.boolean().optional(), timestampOutputFormat: z.string().optional() })
    .optional(),
});

const JobInsertSchema = z.object({
  jobReference: z
    .object({
      projectId: z.string().optional(),
      jobId: z.string().optional(),
      location: z.string().optional(),
    })
    .optional(),
  configuration: z.looseObject({
    query: z.looseObject(QueryFields).optional(),
    dryRun: z.boolean().optional(),
    jobTimeoutMs: Int64,
    labels: Labels,
  }),
});

// BigQuery's label rules: keys start with a lowercase letter; both use lowercase letters, digits, _ and -.
const LABEL_KEY = /^[\p{Ll}\p{Lo}][\p{Ll}\p{Lo}\p{N}_-]{0,62}$/u;
const LABEL_VALUE = /^[\p{Ll}\p{Lo}\p{N}_-]{0,63}$/u;

function parse<T>(schema: z.ZodType<T>, body: unknown, what: string): T {
  const parsed = schema.safeParse(body);
  if (parsed.success) return parsed.data;
  const issue = parsed.error.issues[0];
  throw invalidRequest(
    `stand-in: malformed ${what}: ${issue?.path.join('.') ?? ''} ${issue?.message ?? ''}`.trim(),
  );
}

function checkCommon(fields: Record<string, unknown>, labels: Record<string, string>, maxBytes: unknown) {
  if (fields.useLegacySql !== false) throw unsupported('legacy SQL (send useLegacySql: false)');
  for (const option of REFUSED_OPTIONS) {
    if (fields[option] !== undefined) throw unsupported(`query option ${option}`);
  }
  for (const [k, v] of Object.entries(labels)) {
    if (!LABEL_KEY.test(k)) throw invalidRequest(`Label key "${k}" has invalid characters or length.`);
    if (!LABEL_VALUE.test(v)) throw invalidRequest(`Label value "${v}" has invalid characters or length.`);
  }
  if (maxBytes !== undefined && !/^\d+$/.test(String(maxBytes))) {
    throw invalidRequest(`Invalid value for maximumBytesBilled: ${String(maxBytes)}`);
  }
}

/** `{ [key]: String(value) }`, or nothing when the request left the field out. */
const given = <K extends string>(key: K, value: unknown): Partial<Record<K, string>> =>
  value === undefined ? {} : ({ [key]: String(value) } as Record<K, string>);

/** jobs.query: the spec plus how long to wait, the first page size and the timestamp format. */
export function specFromQueryRequest(body: unknown) {
  const req = parse(QueryRequestSchema, body, 'QueryRequest');
  const labels = req.labels ?? {};
  checkCommon(req, labels, req.maximumBytesBilled);
  const spec: QuerySpec = {
    sql: req.query,
    params: decodeParameters(req.queryParameters, req.parameterMode),
    labels,
    dryRun: req.dryRun ?? false,
    ...given('maximumBytesBilled', req.maximumBytesBilled),
    ...given('jobTimeoutMs', req.jobTimeoutMs),
    ...given('location', req.location),
  };
  const f = req.formatOptions;
  const format: TimestampFormat =
    f?.timestampOutputFormat === 'ISO8601_STRING'
      ? 'iso'
      : f?.useInt64Timestamp || f?.timestampOutputFormat === 'INT64'
        ? 'int64'
        : 'float';
  return { spec, timeoutMs: req.timeoutMs ?? null, maxResults: req.maxResults ?? null, format };
}

/** jobs.insert: the spec plus the job's id and the configuration to echo. */
export function specFromJobInsert(body: unknown) {
  const req = parse(JobInsertSchema, body, 'Job');
  const config = req.configuration;
  if (!config.query) throw unsupported('job type (only configuration.query jobs)');
  const labels = config.labels ?? {};
  checkCommon(config.query, labels, config.query.maximumBytesBilled);
  const spec: QuerySpec = {
    sql: config.query.query,
    params: decodeParameters(config.query.queryParameters, config.query.parameterMode),
    labels,
    dryRun: config.dryRun ?? false,
    ...given('maximumBytesBilled', config.query.maximumBytesBilled),
    ...given('jobTimeoutMs', config.jobTimeoutMs),
    ...given('location', req.jobReference?.location),
  };
  return { spec, jobId: req.jobReference?.jobId ?? null, configuration: config as Record<string, unknown> };
}
