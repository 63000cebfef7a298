import { BackfillError } from '../domain/errors.js';
import type { Logger } from './logger.js';
import { type RequestTally, runInTally } from './request-scope.js';

/** What arrived: a slash command, a button, a modal, an Events API event, or an outbox delivery. */
export interface RequestInfo {
  kind: 'command' | 'action' | 'view' | 'event' | 'delivery';
  /** e.g. "/backfill status", "gate:approve", the view's callback id, "app_home_opened". */
  name: string;
  /** Slack user id. */
  user?: string;
  channel?: string;
  /** Slack's redelivery number, when this is one. */
  retry?: number;
}

/**
 * Runs `work` as one request and writes ONE line for it when it ends: who and what, how long, the
 * warehouse round trips and bytes billed it caused (gathered through the request's async context),
 * and `outcome`: "ok" or the error code (with its ref for internal errors). A thrown error is noted
 * and rethrown; failures answered inside `work` count when something noted them (noteFailure).
 */
export async function logRequest<T>(
  logger: Logger,
  request: RequestInfo,
  work: () => Promise<T>,
): Promise<T> {
  const fields = { kind: request.kind, name: request.name, ...who(request) };
  const tally: RequestTally = { fields, roundTrips: 0, bytesBilled: 0 };
  const started = performance.now();
  try {
    return await runInTally(tally, work);
  } catch (error) {
    tally.failure ??= { code: error instanceof BackfillError ? error.code : 'INTERNAL' };
    throw error;
  } finally {
    const ms = Math.round(performance.now() - started);
    const outcome = tally.failure?.code ?? 'ok';
    const line = {
      ...fields,
      duration_ms: ms,
      round_trips: tally.roundTrips,
      bytes_billed: tally.bytesBilled,
      outcome,
      ...(tally.failure?.ref ? { error_ref: tally.failure.ref } : {}),
    };
    const level = outcome === 'ok' ? 'info' : outcome === 'INTERNAL' ? 'error' : 'warn';
    logger[level](line, `${request.kind} ${request.name}: ${outcome} in ${ms} ms`);
  }
}

function who(request: RequestInfo) {
  return {
    ...(request.user ? { user: request.user } : {}),
    ...(request.channel ? { channel: request.channel } : {}),
    ...(request.retry ? { retry: request.retry } : {}),
  };
}
