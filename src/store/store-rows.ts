import { canonicalJson } from '../domain/gates/canonical-json.js';
import type { EvidenceSummary } from '../domain/gates/evidence-fingerprint.js';
import type { GateVerdict } from '../domain/gates/gate-check.js';
import type { AuditEntry, GateDecision, GateRequest, GateVote, JsonValue } from './state-store.js';

export type Row = Record<string, unknown>;
export type Params = Record<string, string | number | null>;

export const text = (row: Row, key: string): string => String(row[key]);
export const textOrNull = (row: Row, key: string): string | null =>
  row[key] === null ? null : String(row[key]);
const evidence = (row: Row, key: string): EvidenceSummary => JSON.parse(text(row, key)) as EvidenceSummary;

export const REQUEST_COLUMNS =
  'id, gate, range_start, range_end, range_label, requested_by, requested_at, channel, message_ts, verdict, evidence, fingerprint, required_approvals, requested_by_handle';

export const requestParams = (r: GateRequest): Params => ({
  id: r.id,
  gate: r.gate,
  range_start: r.range.start,
  range_end: r.range.end,
  range_label: r.rangeLabel,
  requested_by: r.requestedBy,
  requested_at: r.requestedAt,
  channel: r.channel,
  message_ts: r.messageTs,
  verdict: r.verdict,
  evidence: canonicalJson(r.evidence),
  fingerprint: r.fingerprint,
  required_approvals: r.requiredApprovals,
  requested_by_handle: r.requestedByHandle,
});

export const toRequest = (row: Row): GateRequest => ({
  id: text(row, 'id'),
  gate: text(row, 'gate'),
  range: { start: text(row, 'range_start'), end: text(row, 'range_end') },
  rangeLabel: text(row, 'range_label'),
  requestedBy: text(row, 'requested_by'),
  requestedByHandle: textOrNull(row, 'requested_by_handle'),
  requestedAt: text(row, 'requested_at'),
  channel: textOrNull(row, 'channel'),
  messageTs: textOrNull(row, 'message_ts'),
  verdict: text(row, 'verdict') as GateVerdict,
  evidence: evidence(row, 'evidence'),
  fingerprint: text(row, 'fingerprint'),
  requiredApprovals: Number(row.required_approvals),
});

export const VOTE_COLUMNS =
  'request_id, voter, vote, reason, idempotency_key, verdict, fingerprint, evidence, voted_at, voter_handle';

export const voteParams = (v: GateVote): Params => ({
  request_id: v.requestId,
  voter: v.voter,
  vote: v.vote,
  reason: v.reason,
  idempotency_key: v.idempotencyKey,
  verdict: v.verdict,
  fingerprint: v.fingerprint,
  evidence: canonicalJson(v.evidence),
  voted_at: v.votedAt,
  voter_handle: v.voterHandle ?? null,
});

export const toVote = (row: Row): GateVote => ({
  requestId: text(row, 'request_id'),
  voter: text(row, 'voter'),
  voterHandle: textOrNull(row, 'voter_handle'),
  vote: text(row, 'vote') as GateVote['vote'],
  reason: textOrNull(row, 'reason'),
  idempotencyKey: text(row, 'idempotency_key'),
  verdict: text(row, 'verdict') as GateVerdict,
  fingerprint: text(row, 'fingerprint'),
  evidence: evidence(row, 'evidence'),
  votedAt: text(row, 'voted_at'),
});

export const DECISION_COLUMNS =
  'request_id, decision, decided_by, approvers, decided_at, decision_reason, verdict_at_decision, fingerprint_at_decision, evidence_at_decision';

export const decisionParams = (d: GateDecision): Params => ({
  request_id: d.requestId,
  decision: d.decision,
  decided_by: d.decidedBy,
  approvers: JSON.stringify(d.approvers),
  decided_at: d.decidedAt,
  decision_reason: d.reason,
  verdict_at_decision: d.verdictAtDecision,
  fingerprint_at_decision: d.fingerprintAtDecision,
  evidence_at_decision: canonicalJson(d.evidenceAtDecision),
});

export const toDecision = (row: Row): GateDecision => ({
  requestId: text(row, 'request_id'),
  decision: text(row, 'decision') as GateDecision['decision'],
  decidedBy: text(row, 'decided_by'),
  approvers: JSON.parse(text(row, 'approvers')) as string[],
  decidedAt: text(row, 'decided_at'),
  reason: textOrNull(row, 'decision_reason'),
  verdictAtDecision: text(row, 'verdict_at_decision') as GateVerdict,
  fingerprintAtDecision: text(row, 'fingerprint_at_decision'),
  evidenceAtDecision: evidence(row, 'evidence_at_decision'),
});

export const AUDIT_COLUMNS = 'seq, logged_at, actor, action, args, result';

export const toAudit = (row: Row): AuditEntry => ({
  id: text(row, 'seq'),
  at: text(row, 'logged_at'),
  actor: text(row, 'actor'),
  action: text(row, 'action'),
  args: JSON.parse(text(row, 'args')) as JsonValue,
  result: JSON.parse(text(row, 'result')) as JsonValue,
});
