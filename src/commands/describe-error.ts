import { randomBytes } from 'node:crypto';
import { BackfillError, type ErrorCode } from '../domain/errors.js';

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
 * with a reference id and shown only as "internal error, ref <id>".
 */
export function describeError(error: unknown, log: (line: string) => void): ErrorDescription {
  if (error instanceof BackfillError) {
    return {
      code: error.code,
      title: error.message,
      ...(error.hint ? { hint: error.hint } : {}),
      nothingChanged: error.code.startsWith('WAREHOUSE_'),
    };
  }
  const ref = randomBytes(4).toString('hex');
  log(
    `internal error ref ${ref}: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`,
  );
  return { code: 'INTERNAL', title: `internal error, ref ${ref}`, ref, nothingChanged: true };
}
