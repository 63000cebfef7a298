import { randomBytes } from 'node:crypto';
import { BackfillError, type ErrorCode } from '../domain/errors.js';
import { noteFailure } from '../log/request-scope.js';

export interface ErrorDescription {
  code: ErrorCode;
  /** What happened, one line. */
  title: string;
  /** What to do about it. */
  hint?: string;
  /** Set for errors we did not foresee: the id under which the details were logged. */
  ref?: string;
  /** Reads and runs failed before anything changed: say so, so nobody wonders. */
  nothingChanged: boolean;
}

/**
 * The one place an error becomes what a user reads, for every front. Unknown errors are logged
 * with a reference id and shown only as "internal error, ref <id>". An error described here was
 * answered, not thrown: the request being handled (if any) is noted as failed with its code and
 * ref, so its log line says how it ended rather than "ok".
 */
export function describeError(error: unknown, log: (line: string) => void): ErrorDescription {
  if (error instanceof BackfillError) {
    noteFailure(error.code);
    return {
      code: error.code,
      title: error.message,
      ...(error.hint ? { hint: error.hint } : {}),
      // A failed read changed nothing; a store that could not be used took no write either.
      nothingChanged: error.code.startsWith('WAREHOUSE_') || error.code === 'STORE_UNAVAILABLE',
    };
  }
  const ref = randomBytes(4).toString('hex');
  noteFailure('INTERNAL', ref);
  log(
    `internal error ref ${ref}: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`,
  );
  return { code: 'INTERNAL', title: `internal error, ref ${ref}`, ref, nothingChanged: true };
}
