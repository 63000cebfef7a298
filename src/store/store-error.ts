import { BackfillError, type ErrorCode } from '../domain/errors.js';

/**
 * A failure of the state store itself (file, dataset, unknown request). Its own class so fronts can
 * say "approvals are unavailable" while read-only commands still work; codes are the shared ones.
 */
export class StoreError extends BackfillError {
  constructor(code: ErrorCode, message: string, hint?: string, options?: { cause?: unknown }) {
    super(code, message, hint, options);
    this.name = 'StoreError';
  }
}

/** A vote or update for a request this store never saw (`where` names the file or dataset). */
export const unknownGateRequest = (id: string, where: string): StoreError =>
  new StoreError(
    'BAD_INPUT',
    `No gate request ${id} in the state store ${where}`,
    'The card may predate a state file that was moved aside: run `/backfill gate` again for a fresh one.',
  );
