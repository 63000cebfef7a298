import { AsyncLocalStorage } from 'node:async_hooks';
import type { LogFields } from './logger.js';

/** What one request cost and how it ended, gathered from wherever it happened (see logRequest). */
export interface RequestTally {
  /** The request's own fields (kind, name, user, ...), for lines written while it runs. */
  readonly fields: LogFields;
  roundTrips: number;
  bytesBilled: number;
  failure?: { code: string; ref?: string };
}

// One tally per request, reached through the async context: the warehouse decorator and the error
// paths add to it without a counter threaded through every call.
const current = new AsyncLocalStorage<RequestTally>();

export function runInTally<T>(tally: RequestTally, work: () => Promise<T>): Promise<T> {
  return current.run(tally, work);
}

/** Adds one warehouse answer to the request being handled; outside a request it does nothing. */
export function recordQuery(cost: { roundTrips: number; bytesBilled?: number }): void {
  const tally = current.getStore();
  if (!tally) return;
  tally.roundTrips += cost.roundTrips;
  tally.bytesBilled += cost.bytesBilled ?? 0;
}

/**
 * Notes why the request failed when the failure was answered rather than thrown (a listener turns
 * errors into messages). The first code stands; a ref given later fills in the one missing.
 */
export function noteFailure(code: string, ref?: string): void {
  const tally = current.getStore();
  if (!tally) return;
  const failureRef = tally.failure?.ref ?? ref;
  tally.failure = { code: tally.failure?.code ?? code, ...(failureRef ? { ref: failureRef } : {}) };
}

/** The fields of the request being handled, or none outside one. */
export function requestFields(): LogFields {
  return current.getStore()?.fields ?? {};
}
