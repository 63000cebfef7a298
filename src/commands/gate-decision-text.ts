import { joinRich, type Span, user } from '../domain/message.js';
import type { GateRecord } from '../store/state-store.js';

// Stored times are UTC; say so rather than let a reader guess the zone.
export const utcTime = (iso: string): string => `${iso.slice(11, 16)} UTC`;
export const utcMinute = (iso: string): string => `${iso.slice(0, 16).replace('T', ' ')} UTC`;

/** A voter as a span, with the handle the chat system gave when they voted. */
export const voterSpan = (record: GateRecord, voter: string): Span =>
  user(voter, record.votes.find((v) => v.voter === voter)?.voterHandle ?? null);

export const requesterSpan = (record: GateRecord): Span =>
  user(record.request.requestedBy, record.request.requestedByHandle);

/**
 * Who decided and when, as the card, the thread and `gate status` all say it:
 * "Approved over FAIL by @lead1 and @lead2 at 14:02 UTC — reason". Null while pending.
 */
export function decisionText(record: GateRecord, when: (iso: string) => string = utcTime): Span[] | null {
  const { decision } = record;
  if (!decision) return null;
  const deciders = decision.decision === 'approved' ? decision.approvers : [decision.decidedBy];
  const verb =
    decision.decision === 'rejected'
      ? 'Rejected'
      : decision.verdictAtDecision === 'PASS'
        ? 'Approved'
        : `Approved over ${decision.verdictAtDecision}`;
  return [
    `${verb} by `,
    ...joinRich(
      deciders.map((a) => [voterSpan(record, a)]),
      ' and ',
    ),
    ` at ${when(decision.decidedAt)}`,
    ...(decision.reason ? [` — ${decision.reason}`] : []),
  ];
}
