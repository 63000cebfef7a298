import { randomBytes } from 'node:crypto';
import type { GateRequest, NewGateRequest } from './state-store.js';

/** `g_` and 48 random bits in hex: short enough for a button value, unguessable enough to not collide. */
export const newGateRequestId = (): string => `g_${randomBytes(6).toString('hex')}`;

/** A new request as every adapter stores it: the caller's fields, an id, the time, no card yet. */
export function buildGateRequest(req: NewGateRequest, requestedAt: string): GateRequest {
  return {
    id: req.id ?? newGateRequestId(),
    gate: req.gate,
    range: { start: req.range.start, end: req.range.end },
    rangeLabel: req.rangeLabel,
    requestedBy: req.requestedBy,
    requestedByHandle: req.requestedByHandle ?? null,
    requestedAt,
    channel: req.channel ?? null,
    messageTs: req.messageTs ?? null,
    verdict: req.verdict,
    evidence: req.evidence,
    fingerprint: req.fingerprint,
    requiredApprovals: req.requiredApprovals,
  };
}
