/** BigQuery's error reasons the stand-in produces, with the HTTP status each travels with. */
export const HTTP_STATUS = {
  invalid: 400,
  invalidQuery: 400,
  bytesBilledLimitExceeded: 400,
  timeout: 400,
  authError: 401,
  accessDenied: 403,
  quotaExceeded: 403,
  rateLimitExceeded: 403,
  notFound: 404,
  duplicate: 409,
  // jobTimeoutMs firing and jobs.cancel both end a job as `stopped`; read through the API it is 499.
  stopped: 499,
  backendError: 500,
  internalError: 500,
} as const;

export type ErrorReason = keyof typeof HTTP_STATUS;

// Google's canonical status names, as they appear in `error.status`.
const CANONICAL: Record<number, string> = {
  400: 'INVALID_ARGUMENT',
  401: 'UNAUTHENTICATED',
  403: 'PERMISSION_DENIED',
  404: 'NOT_FOUND',
  409: 'ALREADY_EXISTS',
  499: 'CANCELLED',
  500: 'INTERNAL',
  503: 'UNAVAILABLE',
};

export interface ErrorProto {
  reason: string;
  message: string;
  location?: string;
}

/**
 * One BigQuery error. `message` is the top-level message; `detail` the message inside `errors[0]`
 * when Google words them differently (401: "Request had invalid..." vs "Invalid Credentials").
 */
export class BigqueryError extends Error {
  readonly httpStatus: number;
  readonly detail: string;
  readonly location: string | undefined;

  constructor(
    readonly reason: ErrorReason,
    message: string,
    options: { httpStatus?: number; detail?: string; location?: string } = {},
  ) {
    super(message);
    this.httpStatus = options.httpStatus ?? HTTP_STATUS[reason];
    this.detail = options.detail ?? message;
    this.location = options.location;
  }

  /** The HTTP body: `{error: {code, message, errors: [{message, domain, reason}], status}}`. */
  body(): unknown {
    return {
      error: {
        code: this.httpStatus,
        message: this.message,
        errors: [
          {
            message: this.detail,
            domain: 'global',
            reason: this.reason,
            // Where Google points: the Authorization header for auth, else the field at fault.
            ...(this.location
              ? { location: this.location, locationType: this.reason === 'authError' ? 'header' : 'other' }
              : {}),
          },
        ],
        status: CANONICAL[this.httpStatus] ?? 'UNKNOWN',
      },
    };
  }

  /** The job-status form (`status.errorResult` and `status.errors[0]`). */
  proto(): ErrorProto {
    return {
      reason: this.reason,
      message: this.detail,
      ...(this.location ? { location: this.location } : {}),
    };
  }
}

/** A construct our BigQuery SQL must not use: a 400 that names it, so a dialect slip fails a test. */
export const unsupported = (what: string, position?: string): BigqueryError =>
  new BigqueryError('invalidQuery', `stand-in: unsupported ${what}${position ? ` at ${position}` : ''}`, {
    location: 'query',
  });

export const invalidQuery = (message: string): BigqueryError =>
  new BigqueryError('invalidQuery', message, { location: 'query' });

export const invalidRequest = (message: string): BigqueryError => new BigqueryError('invalid', message);

export const notFound = (message: string): BigqueryError =>
  new BigqueryError('notFound', `Not found: ${message}`);
