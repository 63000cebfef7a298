import { BackfillError } from '../../domain/errors.js';
import { translateBigqueryError } from '../../warehouse/bigquery/bigquery-errors.js';
import { StoreError } from '../store-error.js';

interface ApiError {
  message?: string;
  errors?: { message?: string }[];
}

const textOf = (error: unknown): string => {
  const e = (error ?? {}) as ApiError;
  return `${e.errors?.[0]?.message ?? ''}\n${e.message ?? ''}`;
};

/** Raised by ASSERT in our own transactions when the row read before it has changed. */
export const STALE_READ = 'backfill-bot: state changed since it was read';

/** Raised by ASSERT when an outbox row is no longer claimed by the owner completing or failing it. */
export const NOT_HELD = 'backfill-bot: outbox row not held by this owner';

export const isNotHeld = (error: unknown): boolean => textOf(error).includes(NOT_HELD);

/**
 * A transaction that lost a race: BigQuery aborted it for a concurrent update of the same table
 * (400 invalidQuery, "Transaction is aborted due to concurrent update against table ..."), a DML
 * statement could not be serialised, or our version check failed. Nothing was written: read again.
 */
export const isLostRace = (error: unknown): boolean =>
  /Transaction is aborted due to concurrent update|Could not serialize access to table/.test(textOf(error)) ||
  textOf(error).includes(STALE_READ);

/**
 * A BigQuery failure on the store's dataset, as a StoreError: unreachable, refused or timed out is
 * STORE_UNAVAILABLE there (see storeCode), not the warehouse's code. Our own errors pass through.
 */
export function translateBigqueryStoreError(error: unknown, where: string, label: string): BackfillError {
  if (error instanceof BackfillError) return error;
  const t = translateBigqueryError(error, label, 'state store');
  const message = t.message.replace(/^BigQuery query \(([^)]*)\)/, `BigQuery state store ${where} ($1)`);
  return new StoreError(t.code, message, t.hint, { cause: error, ...(t.plain ? { plain: t.plain } : {}) });
}
