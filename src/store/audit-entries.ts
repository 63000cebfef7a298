import type { AuditInput, NewGateRequest, VoteInput, VoteOutcome } from './state-store.js';
import { SYSTEM_ACTOR } from './state-store.js';

// The entries the port's own writes leave, built once so every adapter logs the same facts. Evidence
// is stored with the request or the vote and named here by its fingerprint: the log stays readable.
export const auditEntries = {
  gateRequest: (r: NewGateRequest, id: string, created: boolean): AuditInput => ({
    actor: r.requestedBy,
    action: 'gate.request',
    args: {
      id: r.id ?? null,
      gate: r.gate,
      range: { start: r.range.start, end: r.range.end },
      rangeLabel: r.rangeLabel,
      verdict: r.verdict,
      fingerprint: r.fingerprint,
      requiredApprovals: r.requiredApprovals,
    },
    result: { id, created },
  }),

  gateMessage: (requestId: string, channel: string, messageTs: string): AuditInput => ({
    actor: SYSTEM_ACTOR,
    action: 'gate.message',
    args: { requestId, channel, messageTs },
    result: { attached: true },
  }),

  gateVote: (v: VoteInput, o: VoteOutcome): AuditInput => ({
    actor: v.voter,
    action: 'gate.vote',
    args: {
      requestId: v.requestId,
      vote: v.vote,
      reason: v.reason,
      idempotencyKey: v.idempotencyKey,
      verdict: v.verdict,
      fingerprint: v.fingerprint,
    },
    result: { status: o.status, state: o.gate.state, decidedBy: o.gate.decision?.decidedBy ?? null },
  }),
};
