import type { DateRange } from '../domain/dates.js';
import type { EvidenceSummary } from '../domain/gates/evidence-fingerprint.js';
import type { GateVerdict } from '../domain/gates/gate-check.js';
import type { RerunPlan } from '../domain/reruns/rerun-plan.js';
import type { Watch, WatchState } from '../domain/watch/watch.js';
import type { WatchFields } from '../domain/watch/watch-step.js';

export type { Watch, WatchState } from '../domain/watch/watch.js';

/**
 * The state store port: gate requests, the votes and the one decision each request ends in, and an
 * audit log of every state-changing action. Adapters: duckdb/ (embedded default, its own file) and
 * bigquery/ (a dataset); both pass test/store/state-store-contract.test.ts.
 *
 * Exactly one decision. A request is decided by the vote that brings it to `requiredApprovals`
 * distinct approvals, or by the first rejection; after that every vote is refused as `closed`,
 * naming who decided. A Slack retry or a restart re-delivers the same `idempotencyKey` and gets
 * `duplicate`; a double click (a new key, same voter) also gets `duplicate`: one vote per person and
 * request, so one person can never supply both approvals of a two-approver gate. Adapters make the
 * check and the write one atomic step:
 * - DuckDB: the file admits one process (DuckDB's lock), and inside it every operation runs as one
 *   transaction on one connection, queued in JS, so checks and inserts cannot interleave (reads go on
 *   a second connection, and never decide a write). Primary
 *   keys on the decision (request id), the vote (request id, voter) and the idempotency key make a
 *   second decision fail even if something wrote around that queue (a test does).
 * - BigQuery: no keys, and snapshot isolation would let two concurrent approvals each miss the
 *   other. A vote reads the request's version, its votes and decision (separate jobs: a script
 *   cannot return rows), judges, then writes in one transaction that first bumps the version only if
 *   it is unchanged (ASSERT @@row_count = 1): overlapping transactions are aborted by BigQuery, later
 *   ones fail the check; the loser re-reads and is judged against the winner. Inserts are MERGE ...
 *   WHEN NOT MATCHED on the same keys, so a job re-run after a lost response applies nothing twice.
 * Adapters share the rule (judgeVote, tallyVotes), the input checks (storeInput) and the audit
 * entries (auditEntries); they own only reading and writing.
 *
 * Who may vote (roles, no self-approval) is the caller's policy, checked before `recordVote`: the
 * store records facts and guarantees their uniqueness. Times come from the store's clock.
 * Every write call that returns leaves exactly one audit entry, in the same transaction as its effect,
 * refused votes included: the log then shows both clicks of a race and which one lost. A call that
 * throws (bad input, unknown request, store down) leaves nothing. The relay's bookkeeping (claim,
 * complete, fail) is the exception: the outbox row itself keeps attempts, errors and results, and
 * only completing a card post logs `gate.message`.
 * Effects callbacks must be pure: on BigQuery a step that loses a race is read and judged again, so
 * the callback may run more than once; only the rows of the attempt that commits are written.
 */
export interface StateStore {
  readonly kind: 'duckdb' | 'bigquery';
  /**
   * Stores a new request (id generated when not given). Given an id that exists, returns the stored
   * request unchanged with `created: false`: a retried command does not open a second request.
   */
  createGateRequest(
    input: NewGateRequest,
    /** Called inside the transaction only when the request is new; its rows are written with it. */
    effects?: (request: GateRequest) => OutboxEffect[],
  ): Promise<{ created: boolean; request: GateRequest }>;
  /** The request with its votes and decision; null for an unknown id. */
  getGate(id: string): Promise<GateRecord | null>;
  /** Where the request's card was posted, so a later update (or a restart) can find it. */
  attachMessage(id: string, channel: string, messageTs: string): Promise<GateRecord>;
  /** Records one vote, or says why not; see VoteOutcome. Throws for an unknown request. */
  recordVote(
    input: VoteInput,
    /** Called inside the transaction with the judged outcome; its rows are written with the vote. */
    effects?: (outcome: VoteOutcome) => OutboxEffect[],
  ): Promise<VoteOutcome>;
  /** Decided requests, newest decision first; `range` keeps those whose range overlaps it. */
  listDecisions(filter?: DecisionFilter): Promise<DecidedGate[]>;
  /**
   * Requests still waiting for a decision, with their votes so far, newest first (1..200, default
   * 50), among the newest PENDING_SCAN requests: one older than that is long stale (its data moved).
   */
  listPendingGates(limit?: number): Promise<GateRecord[]>;
  /** Records an action done elsewhere (a rerun, a published message). */
  audit(input: AuditInput): Promise<AuditEntry>;
  /** The newest entries first. */
  listAudit(limit?: number): Promise<AuditEntry[]>;

  // Re-run requests: a plan shown to its requester, then confirmed (or sent to an approver), then
  // released step by step as the run history shows each chain step done.
  /** Stores a new request; an id that exists returns the stored one with `created: false`. */
  createRerunRequest(
    input: NewRerunRequest,
    effects?: (request: RerunRequest) => OutboxEffect[],
  ): Promise<{ created: boolean; request: RerunRequest }>;
  /** The request, null for an unknown id. */
  getRerun(id: string): Promise<RerunRequest | null>;
  /**
   * Changes a request only if it is still at `version` (compare and set): the new state and fields,
   * version + 1, the audit entry and the effects' rows in one transaction. A request that moved on
   * meanwhile (a second Confirm, another replica's advance) is returned unchanged with
   * `changed: false` and nothing is written but the audit entry (refusals are facts too).
   */
  updateRerun(
    id: string,
    change: RerunChange,
    audit: AuditInput,
    effects?: (request: RerunRequest) => OutboxEffect[],
  ): Promise<{ changed: boolean; request: RerunRequest }>;
  /** Newest first; `states` keeps those in them; `range` those whose plan overlaps it. 1..200, default 20. */
  listReruns(filter?: RerunFilter): Promise<RerunRequest[]>;

  // Schedules: each fire of a job's slot is claimed before anything is posted, so two replicas and
  // restarts post a slot once; milestone decisions and snoozes, one decision per milestone.
  /**
   * Claims `slot` of `job` for `owner`: true for the first claimer (its post goes through the outbox
   * in `effects`, written in the same transaction), false when the slot was claimed already.
   */
  claimSlot(
    claim: SlotClaim,
    effects?: () => OutboxEffect[],
  ): Promise<{ claimed: boolean; slot: ScheduledSlot }>;
  /** The claimed slots of a job, newest first (1..200, default 50). */
  listSlots(job: string, limit?: number): Promise<ScheduledSlot[]>;
  /** A milestone's state: snoozed until, and its decision; null when never touched. */
  getMilestone(id: string): Promise<MilestoneState | null>;
  /**
   * Records a milestone decision (exactly one per milestone; a second gets `changed: false` with the
   * one on file) or a snooze, with the audit entry and effects in one transaction.
   */
  updateMilestone(
    change: MilestoneChange,
    audit: AuditInput,
    effects?: (state: MilestoneState) => OutboxEffect[],
  ): Promise<{ changed: boolean; state: MilestoneState }>;

  // Live backfill watches: a message redrawn each tick, its state carried from tick to tick. Ticks are
  // claimed with claimSlot (job `watch:<id>`), then written by compare-and-set on the watch's version.
  /** Stores a new watch, active at version 1; an id that exists returns the stored one with `created: false`. */
  createWatch(
    input: NewWatch,
    effects?: (watch: Watch) => OutboxEffect[],
  ): Promise<{ created: boolean; watch: Watch }>;
  /** The watch, null for an unknown id. */
  getWatch(id: string): Promise<Watch | null>;
  /**
   * Changes a watch only if it is still at `version` (compare and set), as updateRerun: the new
   * state and fields, version + 1, the audit entry and the effects' rows in one transaction; a watch
   * that moved on (stopped meanwhile) is returned unchanged with `changed: false`, only the audit written.
   */
  updateWatch(
    id: string,
    change: WatchChange,
    audit: AuditInput,
    effects?: (watch: Watch) => OutboxEffect[],
  ): Promise<{ changed: boolean; watch: Watch }>;
  /** Newest first; `states` keeps those in them, `channel` those posted there. 1..200, default 20. */
  listWatches(filter?: WatchFilter): Promise<Watch[]>;

  // The outbox: what actions send out (posts, card updates, thread replies, queue messages), written
  // in the action's own transaction and delivered by the relay (src/outbox), also after a crash.
  /** Writes rows and an audit entry in one transaction; a key already written is left as it is. */
  enqueue(effects: OutboxEffect[], audit: AuditInput): Promise<void>;
  /**
   * Claims up to `limit` rows due now for `owner` for `leaseMs`, oldest first, at most the head of
   * each stream (the oldest pending row of a stream): a stream's rows are delivered in order.
   * A claim increments `attempts`. Two owners (replicas) never hold the same row at once.
   * Rows of a REPLACING_KINDS kind come due REPLACING_SETTLE_MS after they are written; those that
   * a newer pending row of their stream and kind replaces are completed in the same step as a claim
   * (delivered, result SUPERSEDED) when they are due and unclaimed.
   */
  claimOutbox(claim: OutboxClaim): Promise<OutboxRow[]>;
  /** Marks a claimed row delivered with what delivery returned; false when `owner` no longer holds it. */
  completeOutbox(key: string, owner: string, result: JsonValue): Promise<boolean>;
  /**
   * Releases a claimed row after a failed attempt: `retryAt` (ISO) schedules the next one, null
   * gives up (state `failed`; the row stays, with its error, for a person to see).
   */
  failOutbox(key: string, owner: string, error: string, retryAt: string | null): Promise<boolean>;
  /** One row by key, null when unknown. */
  getOutbox(key: string): Promise<OutboxRow | null>;
  /** Rows in written order; `stream` and `state` narrow it. 1..1000, default 200. */
  listOutbox(filter?: OutboxFilter): Promise<OutboxRow[]>;
  close(): Promise<void>;
}

/** How many of the newest gate requests listPendingGates looks at. */
export const PENDING_SCAN = 500;

export type RerunState = 'planned' | 'awaiting-approval' | 'confirmed' | 'cancelled' | 'done';

export interface RerunRequest {
  /** `r_` and 12 hex digits; follows from the front's key, so a re-delivered command finds it. */
  id: string;
  /** Bumped by every change; updateRerun compares it. */
  version: number;
  state: RerunState;
  /** Slack user id, or `cli:<os user>`. */
  requestedBy: string;
  requestedByHandle: string | null;
  requestedAt: string;
  /** Where it was asked; its announcement is posted there once confirmed. */
  channel: string;
  /** The words as typed after the command prefix, e.g. "rerun failed 2022-23 precompute". */
  words: string;
  /** The plan as shown and confirmed (the confirmation publishes exactly this, never a recomputation). */
  plan: RerunPlan;
  /** Set when an approver went ahead over missing upstream data. */
  override: { by: string; reason: string } | null;
  /** The approver of a plan over the size limit. */
  approvedBy: string | null;
  confirmedBy: string | null;
  confirmedAt: string | null;
  /** How many chain steps' messages have been written to the outbox (0..plan.steps.length). */
  releasedSteps: number;
  doneAt: string | null;
}

export type NewRerunRequest = Pick<
  RerunRequest,
  'id' | 'requestedBy' | 'requestedByHandle' | 'channel' | 'words' | 'plan'
>;

/** A compare-and-set change: applied only while the request is at `version`. */
export interface RerunChange {
  version: number;
  state: RerunState;
  fields?: Partial<
    Pick<RerunRequest, 'override' | 'approvedBy' | 'confirmedBy' | 'confirmedAt' | 'releasedSteps' | 'doneAt'>
  >;
}

export interface RerunFilter {
  states?: RerunState[];
  range?: DateRange;
  limit?: number;
}

/** A new watch: the store stamps `startedAt` (and the first `lastProgressAt`) with its clock. */
export type NewWatch = Pick<
  Watch,
  | 'id'
  | 'channel'
  | 'words'
  | 'range'
  | 'rangeLabel'
  | 'target'
  | 'everySeconds'
  | 'startedBy'
  | 'startedByHandle'
  | 'expiresAt'
  | 'progress'
  | 'view'
>;

/** A compare-and-set change: applied only while the watch is at `version`. */
export interface WatchChange {
  version: number;
  state: WatchState;
  fields?: WatchFields;
}

export interface WatchFilter {
  states?: WatchState[];
  channel?: string;
  limit?: number;
}

export interface SlotClaim {
  /** e.g. "report" or "reminder:day-7". */
  job: string;
  /** The slot as an ISO instant (UTC) of when it was due. */
  slot: string;
  owner: string;
  /** Posted after its time (catch-up on start), and how late. */
  late: boolean;
}

export interface ScheduledSlot extends SlotClaim {
  claimedAt: string;
}

export interface MilestoneState {
  id: string;
  /** Not posted again before this date (ISO date); null when not snoozed. */
  snoozedUntil: string | null;
  decision: { choice: string; by: string; byHandle: string | null; at: string; reason: string | null } | null;
  version: number;
}

export type MilestoneChange =
  | { id: string; kind: 'snooze'; until: string; by: string }
  | {
      id: string;
      kind: 'decide';
      choice: string;
      by: string;
      byHandle: string | null;
      reason: string | null;
    };

export type OutboxKind = 'chat.post' | 'chat.update' | 'chat.reply' | 'queue.publish' | 'home.publish';

/**
 * Kinds whose delivery replaces its whole target (a person's App Home is built when delivered): of a
 * stream's pending rows only the newest needs delivering. Under load a busy approver's refreshes pile
 * up; the store completes the older ones as it claims, in one statement, instead of a claim, a
 * look and a completion each.
 */
export const REPLACING_KINDS: readonly OutboxKind[] = ['home.publish'];
/**
 * A replacing row comes due this long after it is written, so the rows that follow it within that
 * time replace it rather than each being built: a person's Home is redrawn at most about once a
 * second however fast votes and re-runs move (a page is a warehouse read and several store reads).
 */
export const REPLACING_SETTLE_MS = 1_000;
/** The result of a row completed because a newer row of its stream replaces it. */
export const SUPERSEDED = { superseded: true } as const;

/** A row an action asks to have delivered. */
export interface OutboxEffect {
  /** Stable and unique, e.g. "gate:g_0123456789ab:card"; writing a key again changes nothing. */
  key: string;
  kind: OutboxKind;
  /** Rows of one stream are delivered in the order written (a card's post before its updates). */
  stream: string;
  /** What the relay needs to deliver it; its shape is per kind (src/outbox/outbox-payload.ts). */
  payload: JsonValue;
}

export type OutboxState = 'pending' | 'delivered' | 'failed';

export interface OutboxRow extends OutboxEffect {
  /** Opaque; orders rows written in one transaction. */
  seq: string;
  state: OutboxState;
  attempts: number;
  createdAt: string;
  /** Not claimed before this time (backoff). */
  nextAttemptAt: string;
  claimedBy: string | null;
  claimedUntil: string | null;
  lastError: string | null;
  /** What delivery returned, e.g. { channel, ts } of a post or { messageId } of a publish. */
  result: JsonValue | null;
  deliveredAt: string | null;
}

export interface OutboxClaim {
  owner: string;
  limit: number;
  leaseMs: number;
}

export interface OutboxFilter {
  stream?: string;
  state?: OutboxState;
  limit?: number;
}

export type GateState = 'pending' | 'approved' | 'rejected';

export interface GateRequest {
  /** `g_` and 12 hex digits when generated; travels in the card's button values. */
  id: string;
  gate: string;
  range: DateRange;
  /** As the user wrote it, e.g. "2023-24". */
  rangeLabel: string;
  /** Slack user id. */
  requestedBy: string;
  /** The requester's handle as Slack named them (e.g. "ops"), so fronts can say @ops without Slack. */
  requestedByHandle: string | null;
  requestedAt: string;
  channel: string | null;
  messageTs: string | null;
  verdict: GateVerdict;
  evidence: EvidenceSummary;
  fingerprint: string;
  /** Distinct approvals that decide it: 1, or 2 for gates that need a second pair of eyes. */
  requiredApprovals: number;
}

export type NewGateRequest = Omit<
  GateRequest,
  'id' | 'requestedAt' | 'channel' | 'messageTs' | 'requestedByHandle'
> & {
  id?: string;
  requestedByHandle?: string | null;
  channel?: string | null;
  messageTs?: string | null;
};

/** What the voter saw: the caller may re-evaluate the gate at the click or pass the request's own. */
export interface VoteInput {
  requestId: string;
  voter: string;
  /** The voter's handle as Slack named them, when it did. */
  voterHandle?: string | null;
  vote: 'approve' | 'reject';
  reason: string | null;
  /** The same for a re-delivery of the same click (e.g. user, action id and action_ts). */
  idempotencyKey: string;
  verdict: GateVerdict;
  fingerprint: string;
  evidence: EvidenceSummary;
}

export interface GateVote extends VoteInput {
  votedAt: string;
}

export interface GateDecision {
  requestId: string;
  decision: 'approved' | 'rejected';
  /** The voter whose vote decided it. */
  decidedBy: string;
  /** Everyone who had approved when it was decided, in vote order (the deciding approver last). */
  approvers: string[];
  decidedAt: string;
  /** The deciding vote's reason. */
  reason: string | null;
  verdictAtDecision: GateVerdict;
  /** Compare with a fresh fingerprint to tell whether the approval still holds. */
  fingerprintAtDecision: string;
  evidenceAtDecision: EvidenceSummary;
}

export interface GateRecord {
  request: GateRequest;
  state: GateState;
  /** In the order they were recorded. */
  votes: GateVote[];
  decision: GateDecision | null;
}

/**
 * recorded: this vote counted (`gate.state` says whether it decided). duplicate: this key or this
 * voter already voted on the request; `vote` is the one on file. closed: someone else decided first.
 */
export type VoteOutcome =
  | { status: 'recorded'; vote: GateVote; gate: GateRecord }
  | { status: 'duplicate'; vote: GateVote; gate: GateRecord }
  | { status: 'closed'; decision: GateDecision; gate: GateRecord };

export interface DecisionFilter {
  range?: DateRange;
  gate?: string;
  /** 1..200, default 20. */
  limit?: number;
}

export interface DecidedGate {
  request: GateRequest;
  decision: GateDecision;
}

export type JsonValue = string | number | boolean | null | JsonValue[] | { [key: string]: JsonValue };

export interface AuditInput {
  /** A Slack user id, or SYSTEM_ACTOR for the bot's own bookkeeping. */
  actor: string;
  /** Dotted and stable, e.g. "gate.vote", "rerun.publish". */
  action: string;
  args: JsonValue;
  result: JsonValue;
}

export interface AuditEntry extends AuditInput {
  /** Opaque; orders entries that share a timestamp (a pinned clock). */
  id: string;
  at: string;
}

/** The actor of writes the bot makes on its own, such as attaching a posted card. */
export const SYSTEM_ACTOR = 'backfill-bot';
