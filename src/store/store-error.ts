import { BackfillError, type ErrorCode, type PlainWords } from '../domain/errors.js';

/**
 * The store's code for a code said of it. The adapters borrow the warehouse's translations of DuckDB
 * and BigQuery errors (locked, cannot be opened, unreachable, a query refused or timed out): all
 * mean the store cannot be used now, STORE_UNAVAILABLE. BAD_INPUT (input the port refuses),
 * NOT_FOUND and INTERNAL stand.
 */
export const storeCode = (code: ErrorCode): ErrorCode =>
  code.startsWith('WAREHOUSE_') ? 'STORE_UNAVAILABLE' : code;

/**
 * A failure of the state store itself (file, dataset, unknown request). Its own class so fronts can
 * say "approvals are unavailable" while read-only commands still work; codes are the shared ones,
 * never a warehouse code (see storeCode): the store is not the warehouse.
 */
export class StoreError extends BackfillError {
  constructor(
    code: ErrorCode,
    message: string,
    hint?: string,
    options?: { cause?: unknown; plain?: PlainWords },
  ) {
    super(storeCode(code), message, hint, options);
    this.name = 'StoreError';
  }
}

/** A vote or update for a request this store never saw (`where` names the file or dataset). */
export const unknownGateRequest = (id: string, where: string): StoreError =>
  unknownThing(
    `gate request ${id}`,
    where,
    'The card may predate a state file that was moved aside: request the gate again for a fresh one.',
  );

/** A change for a re-run request this store never saw (`where` names the file or dataset). */
export const unknownRerunRequest = (id: string, where: string): StoreError =>
  unknownThing(
    `re-run request ${id}`,
    where,
    'Its buttons may predate a state file that was moved aside: ask for the re-run again for a fresh plan.',
  );

/** A change for a watch this store never saw (`where` names the file or dataset). */
export const unknownWatch = (id: string, where: string): StoreError =>
  unknownThing(
    `watch ${id}`,
    where,
    'Its Stop button may predate a state file that was moved aside: the watch is no longer running.',
  );

// The server's reader is told which file or dataset was asked; a Slack user only that it is not there.
const unknownThing = (what: string, where: string, hint: string): StoreError =>
  new StoreError('NOT_FOUND', `No ${what} in the state store ${where}`, hint, {
    plain: { message: `No ${what} in the state store`, hint },
  });
