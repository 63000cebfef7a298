import { BackfillError } from '../../domain/errors.js';

interface GoogleApiError {
  code?: number | string;
  message?: string;
  errors?: { reason?: string; message?: string }[];
}

/** BigQuery API errors as one line that names the cause and says what to do. */
export function translateBigqueryError(error: unknown, label: string): BackfillError {
  if (error instanceof BackfillError) return error;
  const e = (error ?? {}) as GoogleApiError;
  const reason = e.errors?.[0]?.reason ?? '';
  const text = (e.errors?.[0]?.message ?? e.message ?? String(error)).split('\n')[0] ?? '';
  const where = `BigQuery query (${label})`;
  if (reason === 'bytesBilledLimitExceeded' || /bytes billed/i.test(text)) {
    return new BackfillError(
      'WAREHOUSE_QUERY_FAILED',
      `${where} would scan more than the byte limit: ${text}`,
      'Narrow the range or raise BACKFILL_MAX_BYTES_BILLED.',
    );
  }
  if (reason === 'quotaExceeded' || reason === 'rateLimitExceeded') {
    return new BackfillError(
      'WAREHOUSE_UNAVAILABLE',
      `${where} hit a BigQuery quota: ${text}`,
      'Wait and retry; nothing was changed.',
    );
  }
  // A 401 makes the client try to refresh credentials; where there are none, that is what it reports.
  if (/default credentials|invalid_grant|unauthenticated|refresh access token/i.test(text)) {
    return new BackfillError(
      'WAREHOUSE_UNAVAILABLE',
      `${where} was refused (401): no usable Google credentials: ${text.split('. ')[0]}`,
      'Set GOOGLE_APPLICATION_CREDENTIALS or run on a service account with BigQuery Data Viewer + Job User.',
      { cause: error },
    );
  }
  if (e.code === 401 || e.code === 403) {
    return new BackfillError(
      'WAREHOUSE_UNAVAILABLE',
      `${where} was refused (${e.code} ${reason || 'permission'}): ${text}`,
      'Check the service account roles in the README (BigQuery Data Viewer + Job User).',
    );
  }
  if (typeof e.code === 'number' && e.code >= 500) {
    return new BackfillError(
      'WAREHOUSE_UNAVAILABLE',
      `${where}: BigQuery is unavailable (${e.code}${reason ? ` ${reason}` : ''}) after retries: ${text}`,
      'A Google-side fault; try again in a minute. Nothing was changed.',
      { cause: error },
    );
  }
  // A job past jobTimeoutMs is cancelled: BigQuery reports reason `stopped` (HTTP 499).
  if (reason === 'timeout' || reason === 'stopped' || /timed? ?out|deadline/i.test(text)) {
    return new BackfillError(
      'WAREHOUSE_TIMEOUT',
      `${where} timed out: ${text}`,
      'Narrow the range or raise BACKFILL_QUERY_TIMEOUT_MS.',
    );
  }
  return new BackfillError('WAREHOUSE_QUERY_FAILED', `${where} failed: ${text}`, undefined, { cause: error });
}
