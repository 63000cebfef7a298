import { BackfillError } from '../../domain/errors.js';

interface GoogleApiError {
  code?: number | string;
  message?: string;
  errors?: { reason?: string; message?: string }[];
}

const TRY_LATER = 'Try again in a minute; if it keeps failing, tell whoever runs the bot the ref below.';

/**
 * BigQuery API errors as one line that names the cause and says what to do. The message quotes
 * BigQuery's own text (for the CLI and the log); the plain words, for a Slack user, do not.
 * `subject` is what a Slack user knows the dataset as.
 */
export function translateBigqueryError(
  error: unknown,
  label: string,
  subject: 'warehouse' | 'state store' = 'warehouse',
): BackfillError {
  if (error instanceof BackfillError) return error;
  const e = (error ?? {}) as GoogleApiError;
  const reason = e.errors?.[0]?.reason ?? '';
  const text = (e.errors?.[0]?.message ?? e.message ?? String(error)).split('\n')[0] ?? '';
  const where = `BigQuery query (${label})`;
  const the = `The ${subject}`;
  const cause = { cause: error };
  if (reason === 'bytesBilledLimitExceeded' || /bytes billed/i.test(text)) {
    return new BackfillError(
      'WAREHOUSE_QUERY_FAILED',
      `${where} would scan more than the byte limit: ${text}`,
      'Narrow the range or raise BACKFILL_MAX_BYTES_BILLED.',
      {
        ...cause,
        plain: {
          message: `${the} query (${label}) would scan more than the bot may spend on one query.`,
          hint: 'Narrow the range; whoever runs the bot can raise BACKFILL_MAX_BYTES_BILLED.',
        },
      },
    );
  }
  if (reason === 'quotaExceeded' || reason === 'rateLimitExceeded') {
    return new BackfillError(
      'WAREHOUSE_UNAVAILABLE',
      `${where} hit a BigQuery quota: ${text}`,
      'Wait and retry; nothing was changed.',
      {
        ...cause,
        plain: { message: `${the} is over its BigQuery quota for now (${label}).`, hint: TRY_LATER },
      },
    );
  }
  // A 401 makes the client try to refresh credentials; where there are none, that is what it reports.
  if (/default credentials|invalid_grant|unauthenticated|refresh access token/i.test(text)) {
    return new BackfillError(
      'WAREHOUSE_UNAVAILABLE',
      `${where} was refused (401): no usable Google credentials: ${text.split('. ')[0]}`,
      'Set GOOGLE_APPLICATION_CREDENTIALS or run on a service account with BigQuery Data Viewer + Job User.',
      {
        ...cause,
        plain: { message: `${the} refused the bot: its Google credentials are missing or invalid.` },
      },
    );
  }
  if (e.code === 401 || e.code === 403) {
    return new BackfillError(
      'WAREHOUSE_UNAVAILABLE',
      `${where} was refused (${e.code} ${reason || 'permission'}): ${text}`,
      'Check the service account roles in the README (BigQuery Data Viewer + Job User).',
      { ...cause, plain: { message: `${the} refused the bot: its service account lacks a permission.` } },
    );
  }
  if (typeof e.code === 'number' && e.code >= 500) {
    return new BackfillError(
      'WAREHOUSE_UNAVAILABLE',
      `${where}: BigQuery is unavailable (${e.code}${reason ? ` ${reason}` : ''}) after retries: ${text}`,
      'A Google-side fault; try again in a minute. Nothing was changed.',
      {
        ...cause,
        plain: {
          message: `${the} is unavailable: BigQuery did not answer (${label}).`,
          hint: 'A Google-side fault; try again in a minute.',
        },
      },
    );
  }
  // A job past jobTimeoutMs is cancelled: BigQuery reports reason `stopped` (HTTP 499).
  if (reason === 'timeout' || reason === 'stopped' || /timed? ?out|deadline/i.test(text)) {
    return new BackfillError(
      'WAREHOUSE_TIMEOUT',
      `${where} timed out: ${text}`,
      'Narrow the range or raise BACKFILL_QUERY_TIMEOUT_MS.',
      {
        ...cause,
        plain: {
          message: `${the} took too long to answer (${label}).`,
          hint: 'Try a narrower range, or again in a minute.',
        },
      },
    );
  }
  return new BackfillError('WAREHOUSE_QUERY_FAILED', `${where} failed: ${text}`, undefined, {
    ...cause,
    plain: { message: `${the} could not run this (${label}).`, hint: TRY_LATER },
  });
}
