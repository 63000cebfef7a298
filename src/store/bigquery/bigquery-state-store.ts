import { randomBytes } from 'node:crypto';
import type { BigQuery } from '@google-cloud/bigquery';
import { type Clock, systemClock } from '../../clock/clock.js';
import { auditEntries } from '../audit-entries.js';
import { callEffects, callersError } from '../effects-callback.js';
import { judgeVote } from '../judge-vote.js';
import { buildGateRequest } from '../new-gate-request.js';
import type {
  AuditEntry,
  AuditInput,
  DecidedGate,
  DecisionFilter,
  GateRecord,
  GateRequest,
  JsonValue,
  MilestoneChange,
  MilestoneState,
  NewGateRequest,
  NewRerunRequest,
  NewWatch,
  OutboxClaim,
  OutboxEffect,
  OutboxFilter,
  OutboxRow,
  RerunChange,
  RerunFilter,
  RerunRequest,
  ScheduledSlot,
  SlotClaim,
  StateStore,
  VoteInput,
  VoteOutcome,
  Watch,
  WatchChange,
  WatchFilter,
} from '../state-store.js';
import { StoreError, unknownGateRequest } from '../store-error.js';
import { storeInput } from '../store-input.js';
import { BigqueryOutbox } from './bigquery-outbox.js';
import { BigqueryReruns } from './bigquery-reruns.js';
import { BigquerySchedules } from './bigquery-schedules.js';
import { retryLostRaces, StoreJobs } from './bigquery-store-jobs.js';
import { StoreReads } from './bigquery-store-reads.js';
import { ensureStoreSchema } from './bigquery-store-schema.js';
import { type Statement, StoreSql } from './bigquery-store-sql.js';
import { BEGIN, COMMIT, StoreWrites } from './bigquery-store-writes.js';
import { BigqueryWatches } from './bigquery-watches.js';
import { sortableId } from './sortable-id.js';
import { translateBigqueryStoreError } from './translate-bigquery-store-error.js';

export const DEFAULT_STATE_DATASET = 'backfill_bot';

export interface BigqueryStateStoreOptions {
  /** The client (production: `new BigQuery({ projectId, location })`); tests point one at the stand-in. */
  bigquery: BigQuery;
  project: string;
  /** Created if missing, with its tables. Default `backfill_bot`. */
  dataset?: string;
  /** Default US. */
  location?: string;
  clock?: Clock;
  /** jobTimeoutMs of every job; default 30 s. */
  timeoutMs?: number;
  /** Reads-and-commits a write may make when it keeps losing races; default 50. */
  maxAttempts?: number;
}

/**
 * The state store in a BigQuery dataset. BigQuery has no keys and reads at a snapshot, so a vote is
 * optimistic: read the request's `version`, then its votes and decision (separate jobs: a script's
 * SELECTs cannot come back to us as rows), judge with judgeVote, then write in ONE transaction job
 * that bumps `version` only where it still has the value read and ASSERTs that one row changed. Every
 * vote that writes bumps it, so a commit proves nothing was decided since the read. Two votes on one
 * request cannot both commit: BigQuery aborts the later of two overlapping transactions that update
 * gate_requests, and one that starts after the other's commit fails its ASSERT. The loser wrote
 * nothing; it reads again and is judged against the winner (duplicate, closed, or the next approval).
 * Refusals only append their audit entry: duplicate and closed never become untrue.
 *
 * Outbox rows go into the same transaction as the step that asks for them. A step that lost a race
 * runs again from its reads, so the effects callback may be called more than once; only the rows of
 * the attempt that commits are written. Claims: see bigquery-outbox.ts.
 */
export class BigqueryStateStore implements StateStore {
  readonly kind = 'bigquery';
  private closed = false;
  private readonly sql: StoreSql;
  private readonly reads: StoreReads;
  private readonly writes: StoreWrites;
  private readonly outbox: BigqueryOutbox;
  private readonly reruns: BigqueryReruns;
  private readonly schedules: BigquerySchedules;
  private readonly watches: BigqueryWatches;
  private readonly jobs: StoreJobs;
  private readonly where: string;

  private constructor(
    private readonly bigquery: BigQuery,
    project: string,
    private readonly dataset: string,
    private readonly location: string,
    private readonly clock: Clock,
    timeoutMs: number,
    private readonly maxAttempts: number,
  ) {
    this.sql = new StoreSql(project, dataset);
    this.jobs = new StoreJobs(bigquery, location, timeoutMs);
    this.reads = new StoreReads(this.sql, (s) => this.jobs.query(s));
    this.writes = new StoreWrites(this.sql);
    this.outbox = new BigqueryOutbox(this.sql, this.jobs);
    this.where = `${project}.${dataset}`;
    this.reruns = new BigqueryReruns(this.sql, this.jobs, this.writes, this.outbox, this.where);
    this.schedules = new BigquerySchedules(this.sql, this.jobs, this.writes, this.outbox);
    this.watches = new BigqueryWatches(this.sql, this.jobs, this.writes, this.outbox, this.where);
  }

  static async open(options: BigqueryStateStoreOptions): Promise<BigqueryStateStore> {
    const {
      bigquery,
      project,
      dataset = DEFAULT_STATE_DATASET,
      location = 'US',
      clock = systemClock,
    } = options;
    // Identifiers enter the SQL text (values never do): only BigQuery's plain dataset and project ids.
    if (!/^[A-Za-z0-9_]{1,1024}$/.test(dataset) || !/^[a-z][a-z0-9-]{4,61}[a-z0-9]$/.test(project)) {
      throw new StoreError('BAD_INPUT', `Not a BigQuery project and dataset id: ${project}.${dataset}`);
    }
    const store = new BigqueryStateStore(
      bigquery,
      project,
      dataset,
      location,
      clock,
      options.timeoutMs ?? 30_000,
      options.maxAttempts ?? 50,
    );
    await store.guard('open', () => ensureStoreSchema(store.schemaContext()));
    return store;
  }

  async createGateRequest(
    input: NewGateRequest,
    effects?: (request: GateRequest) => OutboxEffect[],
  ): Promise<{ created: boolean; request: GateRequest }> {
    const req = storeInput.newGateRequest(input);
    return this.retrying('gate.request', async () => {
      const existing = req.id ? await this.reads.request(req.id) : null;
      if (existing) {
        await this.jobs.write(this.logged(auditEntries.gateRequest(req, existing.request.id, false)));
        return { created: false, request: existing.request };
      }
      const request: GateRequest = buildGateRequest(req, this.now());
      await this.jobs.write(
        BEGIN,
        ...this.writes.newRequest(request),
        ...this.outbox.inserts(callEffects(effects, request), this.now()),
        this.logged(auditEntries.gateRequest(req, request.id, true)),
        COMMIT,
      );
      return { created: true, request };
    });
  }

  async getGate(id: string): Promise<GateRecord | null> {
    storeInput.id(id);
    return this.guard('gate.get', async () => (await this.reads.gate(id))?.gate ?? null);
  }

  async attachMessage(id: string, channel: string, messageTs: string): Promise<GateRecord> {
    storeInput.id(id);
    storeInput.slackRef(channel);
    storeInput.slackRef(messageTs);
    return this.retrying('gate.message', async () => {
      const read = await this.reads.gate(id);
      if (!read) throw unknownGateRequest(id, this.where);
      await this.jobs.write(BEGIN, ...this.attach(id, channel, messageTs), COMMIT);
      return { ...read.gate, request: { ...read.gate.request, channel, messageTs } };
    });
  }

  async recordVote(
    input: VoteInput,
    effects?: (outcome: VoteOutcome) => OutboxEffect[],
  ): Promise<VoteOutcome> {
    const vote = storeInput.vote(input);
    return this.retrying('gate.vote', async () => {
      const read = await this.reads.gate(vote.requestId, vote.idempotencyKey);
      if (!read) throw unknownGateRequest(vote.requestId, this.where);
      const { outcome, writes } = judgeVote(read.gate, read.prior, vote, this.now());
      const rows = this.outbox.inserts(callEffects(effects, outcome), this.now());
      const audit = this.logged(auditEntries.gateVote(vote, outcome));
      if (!writes) {
        await (rows.length ? this.jobs.write(BEGIN, ...rows, audit, COMMIT) : this.jobs.write(audit));
        return outcome;
      }
      await this.jobs.write(
        BEGIN,
        ...this.writes.lockVersion(vote.requestId, read.version),
        this.writes.vote(writes.vote, read.gate.votes.length + 1),
        ...(writes.decision ? [this.writes.decision(writes.decision)] : []),
        ...rows,
        audit,
        COMMIT,
      );
      return outcome;
    });
  }

  async listDecisions(filter: DecisionFilter = {}): Promise<DecidedGate[]> {
    const parsed = storeInput.decisionFilter(filter);
    return this.guard('gate.history', () => this.reads.decisions(parsed));
  }

  async listPendingGates(limit = 50): Promise<GateRecord[]> {
    storeInput.limit(limit);
    return this.guard('gate.pending', () => this.reads.pendingGates(Math.min(limit, 200)));
  }

  async audit(input: AuditInput): Promise<AuditEntry> {
    const entry = storeInput.audit(input);
    return this.guard('audit', async () => {
      const at = this.now();
      const id = sortableId();
      await this.jobs.write(this.writes.audit(entry, at, id));
      return { ...entry, id, at };
    });
  }

  async listAudit(limit = 50): Promise<AuditEntry[]> {
    storeInput.limit(limit);
    return this.guard('audit.list', () => this.reads.audit(limit));
  }

  async createRerunRequest(
    input: NewRerunRequest,
    effects?: (request: RerunRequest) => OutboxEffect[],
  ): Promise<{ created: boolean; request: RerunRequest }> {
    const req = storeInput.newRerunRequest(input);
    return this.retrying('rerun.request', () => this.reruns.create(req, effects, this.now()));
  }

  async getRerun(id: string): Promise<RerunRequest | null> {
    storeInput.rerunId(id);
    return this.guard('rerun.get', () => this.reruns.get(id));
  }

  /** The compare-and-set of bigquery-reruns.ts, judged again from a fresh read after a lost race. */
  async updateRerun(
    id: string,
    change: RerunChange,
    audit: AuditInput,
    effects?: (request: RerunRequest) => OutboxEffect[],
  ): Promise<{ changed: boolean; request: RerunRequest }> {
    storeInput.rerunId(id);
    const update = { id, change: storeInput.rerunChange(change), audit: storeInput.audit(audit), effects };
    return this.retrying('rerun.update', () => this.reruns.change(update, this.now()));
  }

  async listReruns(filter: RerunFilter = {}): Promise<RerunRequest[]> {
    const parsed = storeInput.rerunFilter(filter);
    return this.guard('rerun.list', () => this.reruns.list(parsed));
  }

  /** The claim of bigquery-schedules.ts: a loser of a race reads the winner's slot. */
  async claimSlot(
    claim: SlotClaim,
    effects?: () => OutboxEffect[],
  ): Promise<{ claimed: boolean; slot: ScheduledSlot }> {
    const parsed = storeInput.slotClaim(claim);
    return this.retrying('schedule.claim', () => this.schedules.claim(parsed, effects, this.now()));
  }

  async listSlots(job: string, limit = 50): Promise<ScheduledSlot[]> {
    storeInput.job(job);
    storeInput.slotsLimit(limit);
    return this.guard('schedule.list', () => this.schedules.slots(job, limit));
  }

  async getMilestone(id: string): Promise<MilestoneState | null> {
    storeInput.milestoneId(id);
    return this.guard('milestone.get', () => this.schedules.milestone(id));
  }

  async updateMilestone(
    change: MilestoneChange,
    audit: AuditInput,
    effects?: (state: MilestoneState) => OutboxEffect[],
  ): Promise<{ changed: boolean; state: MilestoneState }> {
    const update = { change: storeInput.milestoneChange(change), audit: storeInput.audit(audit), effects };
    return this.retrying('milestone.update', () => this.schedules.change(update, this.now()));
  }

  async createWatch(
    input: NewWatch,
    effects?: (watch: Watch) => OutboxEffect[],
  ): Promise<{ created: boolean; watch: Watch }> {
    const parsed = storeInput.newWatch(input);
    return this.retrying('watch.start', () => this.watches.create(parsed, effects, this.now()));
  }

  async getWatch(id: string): Promise<Watch | null> {
    storeInput.watchId(id);
    return this.guard('watch.get', () => this.watches.get(id));
  }

  /** The compare-and-set of bigquery-watches.ts, judged again from a fresh read after a lost race. */
  async updateWatch(
    id: string,
    change: WatchChange,
    audit: AuditInput,
    effects?: (watch: Watch) => OutboxEffect[],
  ): Promise<{ changed: boolean; watch: Watch }> {
    storeInput.watchId(id);
    const update = { id, change: storeInput.watchChange(change), audit: storeInput.audit(audit), effects };
    return this.retrying('watch.update', () => this.watches.change(update, this.now()));
  }

  async listWatches(filter: WatchFilter = {}): Promise<Watch[]> {
    const parsed = storeInput.watchFilter(filter);
    return this.guard('watch.list', () => this.watches.list(parsed));
  }

  async enqueue(effects: OutboxEffect[], audit: AuditInput): Promise<void> {
    const rows = storeInput.outboxEffects(effects);
    const entry = storeInput.audit(audit);
    await this.retrying('outbox.enqueue', async () => {
      const now = this.now();
      const inserts = this.outbox.inserts(rows, now);
      const logged = this.writes.audit(entry, now);
      await (inserts.length ? this.jobs.write(BEGIN, ...inserts, logged, COMMIT) : this.jobs.write(logged));
    });
  }

  async claimOutbox(claim: OutboxClaim): Promise<OutboxRow[]> {
    const parsed = storeInput.outboxClaim(claim);
    return this.retrying('outbox.claim', () =>
      this.outbox.claim(parsed, this.now(), randomBytes(8).toString('hex')),
    );
  }

  /** As on DuckDB: no audit entry, but for a card post's attachment (see attachMessage). */
  async completeOutbox(key: string, owner: string, result: JsonValue): Promise<boolean> {
    storeInput.outboxKey(key);
    storeInput.outboxOwner(owner);
    const delivered = storeInput.outboxResult(result);
    return this.retrying('outbox.complete', () =>
      this.outbox.complete(key, owner, delivered, this.now(), (card) =>
        this.attach(card.requestId, card.channel, card.messageTs),
      ),
    );
  }

  async failOutbox(key: string, owner: string, error: string, retryAt: string | null): Promise<boolean> {
    storeInput.outboxKey(key);
    storeInput.outboxOwner(owner);
    const message = storeInput.deliveryError(error);
    const retry = storeInput.retryAt(retryAt);
    return this.retrying('outbox.fail', () => this.outbox.fail(key, owner, message, retry));
  }

  async getOutbox(key: string): Promise<OutboxRow | null> {
    storeInput.outboxKey(key);
    return this.guard('outbox.get', () => this.outbox.row(key));
  }

  async listOutbox(filter: OutboxFilter = {}): Promise<OutboxRow[]> {
    const parsed = storeInput.outboxFilter(filter);
    return this.guard('outbox.list', () => this.outbox.list(parsed));
  }

  /** Nothing to release: the client is the caller's. Later calls are refused, as on DuckDB. */
  async close(): Promise<void> {
    this.closed = true;
  }

  /** Where a request's card is, with its audit entry (attachMessage, and a delivered card post). */
  private attach(id: string, channel: string, messageTs: string): Statement[] {
    return [
      this.writes.attach(id, channel, messageTs),
      this.logged(auditEntries.gateMessage(id, channel, messageTs)),
    ];
  }

  /** The audit row of a write the port itself defines, at the store's time. */
  private logged(input: AuditInput): Statement {
    return this.writes.audit(input, this.now());
  }

  private schemaContext() {
    const { bigquery, jobs, sql, dataset, location, where } = this;
    return { bigquery, jobs, sql, dataset, location, where };
  }

  /** Runs `work` again from its reads while it loses races (see the class comment), a bounded number of times. */
  private retrying<T>(label: string, work: () => Promise<T>): Promise<T> {
    return this.guard(label, () => retryLostRaces(work, this.maxAttempts));
  }

  private async guard<T>(label: string, work: () => Promise<T>): Promise<T> {
    if (this.closed) throw new StoreError('INTERNAL', `The state store ${this.where} was used after close()`);
    try {
      return await work();
    } catch (error) {
      const own = callersError(error);
      if (own !== error) throw own;
      throw translateBigqueryStoreError(error, this.where, label);
    }
  }

  private now(): string {
    return this.clock.now().toISOString();
  }
}
