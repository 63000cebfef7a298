import type {
  AuditInput,
  JsonValue,
  NewGateRequest,
  NewRerunRequest,
  NewWatch,
  SlotClaim,
  VoteInput,
  VoteOutcome,
} from './state-store.js';
import { SYSTEM_ACTOR } from './state-store.js';

// The entries the port's own writes leave, built once so every adapter logs the same facts. Evidence
// is stored with the request or the vote and named here by its fingerprint, a plan by its size: the
// log stays readable.
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

  /** Logged on every create, a retried one (created: false) included. */
  rerunRequest: (r: NewRerunRequest, created: boolean): AuditInput => ({
    actor: r.requestedBy,
    action: 'rerun.request',
    args: {
      id: r.id,
      channel: r.channel,
      words: r.words,
      steps: r.plan.steps.length,
      messages: r.plan.messages.length,
      processorDates: r.plan.processorDates,
      needsApproval: r.plan.needsApproval,
      refused: r.plan.refused,
    },
    result: { id: r.id, created },
  }),

  /**
   * The caller's own entry for a re-run change, whether it applied or not, its result saying which:
   * an object result gets `changed` merged in, anything else is kept under `value`.
   */
  rerunUpdate: (audit: AuditInput, changed: boolean): AuditInput => ({
    ...audit,
    result: { ...resultObject(audit.result), changed },
  }),

  /** Logged by the first claim of a slot only: another replica's poll finding it taken is not news. */
  scheduleClaim: (c: SlotClaim): AuditInput => ({
    actor: SYSTEM_ACTOR,
    action: 'schedule.claim',
    args: { job: c.job, slot: c.slot, owner: c.owner, late: c.late },
    result: { claimed: true },
  }),

  /** Logged on every create, a retried one (created: false) included. */
  watchStart: (w: NewWatch, created: boolean): AuditInput => ({
    actor: w.startedBy,
    action: 'watch.start',
    args: {
      id: w.id,
      channel: w.channel,
      words: w.words,
      range: { start: w.range.start, end: w.range.end },
      target: w.target,
      everySeconds: w.everySeconds,
      expiresAt: w.expiresAt,
    },
    result: { id: w.id, created },
  }),

  /** The caller's own entry for a watch change, applied or not, as rerunUpdate merges `changed`. */
  watchUpdate: (audit: AuditInput, changed: boolean): AuditInput => ({
    ...audit,
    result: { ...resultObject(audit.result), changed },
  }),

  /** The caller's own entry for a milestone change, applied or not, as rerunUpdate merges `changed`. */
  milestoneUpdate: (audit: AuditInput, changed: boolean): AuditInput => ({
    ...audit,
    result: { ...resultObject(audit.result), changed },
  }),
};

const resultObject = (result: JsonValue): { [key: string]: JsonValue } =>
  result !== null && typeof result === 'object' && !Array.isArray(result) ? result : { value: result };
