import type { Catalog } from '../../config/catalog-schema.js';
import { isOperator } from '../reruns/rerun-policy.js';

export interface WatchStopAttempt {
  actor: string;
  /** The catalog groups (operators' and approvers') the actor is a member of. */
  actorGroups: readonly string[];
  startedBy: string;
}

export type WatchStopVerdict = { allowed: true } | { allowed: false; refusal: 'not-permitted' };

/**
 * Who may stop a watch, on every path (its Stop button, typed words, the CLI, a forged or replayed
 * payload): whoever started it, operators and approvers (a CLI user is an operator, see isOperator).
 * Anyone may start one: like a gate card, a watch is a message for everyone in the channel.
 */
export function judgeWatchStop(catalog: Catalog, attempt: WatchStopAttempt): WatchStopVerdict {
  if (attempt.actor === attempt.startedBy || isOperator(catalog, attempt.actor, attempt.actorGroups)) {
    return { allowed: true };
  }
  return { allowed: false, refusal: 'not-permitted' };
}
