import { BigqueryError } from './bigquery-error.js';

export type Fault =
  | 'unauthenticated'
  | 'permissionDenied'
  | 'quotaExceeded'
  | 'rateLimitExceeded'
  | 'backendError500'
  | 'serviceUnavailable503'
  | 'timeout';

/**
 * The next `count` requests fail with one fault; a new plan replaces the old one (count 0 clears it).
 * `timeout` is a job's fault: only job requests (jobs.query, jobs.insert, getQueryResults, jobs.get)
 * take it, and the job ends as a job that ran past its time.
 */
export class FaultPlan {
  private fault: Fault | null = null;
  private remaining = 0;

  set(fault: Fault, count: number): void {
    this.fault = fault;
    this.remaining = Math.max(0, Math.floor(count));
  }

  /** The fault for this request, if one is due and `applies` to it (consumed only then). */
  take(applies: (fault: Fault) => boolean): Fault | null {
    if (!this.fault || this.remaining <= 0 || !applies(this.fault)) return null;
    this.remaining--;
    return this.fault;
  }
}

/** How a job that ran past its time ends. With jobTimeoutMs: `stopped`; without: the 6-hour `timeout`. */
export function jobTimedOut(jobTimeoutMs: number | null): BigqueryError {
  if (jobTimeoutMs === null) {
    return new BigqueryError(
      'timeout',
      'Operation timed out after 6.0 hours. Consider reducing the amount of work performed by your operation so that it can complete within this limit.',
    );
  }
  const seconds = Number((jobTimeoutMs / 1000).toFixed(3));
  return new BigqueryError('stopped', `Job execution was cancelled: Job timed out after ${seconds} sec`);
}

/** The error BigQuery answers for a request-level fault, worded as Google words it. */
export function faultError(fault: Exclude<Fault, 'timeout'>, project: string): BigqueryError {
  switch (fault) {
    case 'unauthenticated':
      return new BigqueryError(
        'authError',
        'Request had invalid authentication credentials. Expected OAuth 2 access token, login cookie or other valid authentication credential. See https://developers.google.com/identity/sign-in/web/devconsole-project.',
        { detail: 'Invalid Credentials', location: 'Authorization' },
      );
    case 'permissionDenied':
      return new BigqueryError(
        'accessDenied',
        `Access Denied: Project ${project}: User does not have bigquery.jobs.create permission in project ${project}.`,
      );
    case 'quotaExceeded':
      return new BigqueryError(
        'quotaExceeded',
        'Quota exceeded: Your project exceeded quota for free query bytes scanned. For more information, see https://cloud.google.com/bigquery/docs/troubleshoot-quotas',
      );
    case 'rateLimitExceeded':
      return new BigqueryError(
        'rateLimitExceeded',
        'Exceeded rate limits: too many api requests per user per method for this user_method. For more information, see https://cloud.google.com/bigquery/docs/troubleshoot-quotas',
      );
    case 'backendError500':
      return new BigqueryError(
        'backendError',
        'An internal error occurred and the request could not be completed. This is usually caused by a transient issue. Retrying the job with back-off as described in the BigQuery SLA should solve the problem: https://cloud.google.com/bigquery/sla.',
      );
    case 'serviceUnavailable503':
      return new BigqueryError(
        'backendError',
        'Error encountered during execution. Retrying may solve the problem.',
        {
          httpStatus: 503,
        },
      );
  }
}
