import { randomBytes } from 'node:crypto';
import { mkdirSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { type DuckDBConnection, DuckDBInstance } from '@duckdb/node-api';
import { type Clock, systemClock } from '../../clock/clock.js';
import { ConnectionPool } from '../../warehouse/duckdb/connection-pool.js';
import { duckdbConfig } from '../../warehouse/duckdb/duckdb-limits.js';
import { auditEntries } from '../audit-entries.js';
import { callEffects, callersError } from '../effects-callback.js';
import { judgeVote } from '../judge-vote.js';
import { buildGateRequest } from '../new-gate-request.js';
import { cardAttachment, heldBy } from '../outbox-rows.js';
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
import { decisionParams, requestParams, voteParams } from '../store-rows.js';
import {
  claimOutbox,
  insertOutbox,
  listOutbox,
  markDelivered,
  markFailed,
  outboxRow,
  releaseDeadClaims,
} from './duckdb-outbox-queries.js';
import { changeRerun, createRerun, listReruns, loadRerun } from './duckdb-reruns.js';
import { changeMilestone, claimSlot, listSlots, loadMilestone } from './duckdb-schedules.js';
import {
  appendAudit,
  decisions,
  insertRow,
  latestAudit,
  loadGate,
  loadRequest,
  pendingGates,
  queryRows,
  voteByKey,
} from './duckdb-store-queries.js';
import { ensureStoreSchema } from './duckdb-store-schema.js';
import { changeWatch, createWatch, listWatches, loadWatch } from './duckdb-watches.js';
import { translateStoreError } from './translate-store-error.js';

/** Beside the demo warehouse, not inside it: the warehouse is opened read-only and regenerated. */
export const DEFAULT_STATE_PATH = '.data/state.duckdb';

// DuckDB's lock is per process: a second instance on the same file here would open without complaint
// and be a second, unqueued writer. Files this process holds open, by absolute path.
const openFiles = new Set<string>();

export interface DuckdbStateStoreOptions {
  path?: string;
  clock?: Clock;
  /** DuckDB's memory_limit for the store's instance (BACKFILL_DUCKDB_MEMORY_LIMIT; see duckdb-limits.ts). */
  memoryLimit?: string;
}

// One connection runs every writing transaction in turn, a second the reads (see below).
const STORE_THREADS = 2;

/**
 * The state store in its own DuckDB file. Every operation that writes runs on one connection in
 * arrival order (a one-connection ConnectionPool is a promise queue), each as one transaction:
 * DuckDB's file lock admits one process, so this queue orders every writer there is, and a vote's
 * checks and inserts never interleave with another's. Measured (2 cores): a vote takes ~15-20 ms,
 * mostly DuckDB's ~1 ms per statement; 20 simultaneous votes are all answered within ~300 ms.
 * With four connections instead, the keys still stop a second decision, but the loser gets a commit
 * error rather than `closed`, and two approvals of a two-approver gate can each miss the other
 * (snapshot isolation) and decide nothing: only serialising votes prevents that. The same queue makes
 * an outbox claim atomic: two owners' claims are two transactions in turn, and the second finds the
 * first one's lease. Measured (2 cores): a claim of one row ~8-11 ms, its completion ~4-5 ms, a
 * claim that finds nothing due ~4 ms.
 * Reads (get*, list*) run on a second connection, each as a read-only transaction: a snapshot of
 * what was committed when it began (a write's promise settles after its COMMIT, so a caller reads its
 * own writes). Under load they no longer wait behind votes and claims: in bench:load (20 users) the
 * one connection was held 91% of the window, a third of it by reads (App Home pages, card lookups).
 */
/** An outbox completion waiting for its group's transaction (see completeGroup). */
interface Completion {
  key: string;
  owner: string;
  delivered: JsonValue;
  resolve(done: boolean): void;
  reject(error: unknown): void;
}

export class DuckdbStateStore implements StateStore {
  readonly kind = 'duckdb';
  private closed = false;
  private readonly completions: Completion[] = [];

  private constructor(
    readonly path: string,
    private readonly file: string,
    private readonly instance: DuckDBInstance,
    private readonly queue: ConnectionPool,
    private readonly reads: ConnectionPool,
    private readonly clock: Clock,
  ) {}

  static async open(options: DuckdbStateStoreOptions = {}): Promise<DuckdbStateStore> {
    const { path = DEFAULT_STATE_PATH, clock = systemClock, memoryLimit } = options;
    const file = resolve(path);
    if (openFiles.has(file)) {
      throw new StoreError(
        'STORE_UNAVAILABLE',
        `DuckDB state store ${path} is already open in this process`,
        'Open the store once at start-up and pass it to what needs it: two stores on one file are two writers.',
      );
    }
    openFiles.add(file);
    try {
      mkdirSync(dirname(path), { recursive: true });
      const instance = await DuckDBInstance.create(
        path,
        duckdbConfig({ memoryLimit, threads: STORE_THREADS }),
      );
      const [queue, reads] = [await ConnectionPool.open(instance, 1), await ConnectionPool.open(instance, 1)];
      const store = new DuckdbStateStore(path, file, instance, queue, reads, clock);
      try {
        await store.transact('open', async (c) => {
          await ensureStoreSchema(c, path);
          await releaseDeadClaims(c, store.now());
        });
      } catch (error) {
        await store.close();
        throw error;
      }
      return store;
    } catch (error) {
      openFiles.delete(file);
      throw translateStoreError(error, path, 'open');
    }
  }

  async createGateRequest(
    input: NewGateRequest,
    effects?: (request: GateRequest) => OutboxEffect[],
  ): Promise<{ created: boolean; request: GateRequest }> {
    const req = storeInput.newGateRequest(input);
    return this.transact('gate.request', async (c) => {
      const existing = req.id ? await loadRequest(c, req.id) : null;
      const request: GateRequest = existing ?? buildGateRequest(req, this.now());
      if (!existing) {
        await insertRow(c, 'gate_requests', requestParams(request));
        await insertOutbox(c, callEffects(effects, request), this.now());
      }
      await appendAudit(c, auditEntries.gateRequest(req, request.id, !existing), this.now());
      return { created: !existing, request };
    });
  }

  async getGate(id: string): Promise<GateRecord | null> {
    storeInput.id(id);
    return this.read('gate.get', (c) => loadGate(c, id));
  }

  async attachMessage(id: string, channel: string, messageTs: string): Promise<GateRecord> {
    storeInput.id(id);
    storeInput.slackRef(channel);
    storeInput.slackRef(messageTs);
    return this.transact('gate.message', async (c) => {
      const gate = await loadGate(c, id);
      if (!gate) throw unknownGateRequest(id, this.path);
      await this.attach(c, id, channel, messageTs);
      return { ...gate, request: { ...gate.request, channel, messageTs } };
    });
  }

  async recordVote(
    input: VoteInput,
    effects?: (outcome: VoteOutcome) => OutboxEffect[],
  ): Promise<VoteOutcome> {
    const vote = storeInput.vote(input);
    return this.transact('gate.vote', async (c) => {
      const gate = await loadGate(c, vote.requestId);
      if (!gate) throw unknownGateRequest(vote.requestId, this.path);
      const { outcome, writes } = judgeVote(gate, await voteByKey(c, vote.idempotencyKey), vote, this.now());
      if (writes) await insertRow(c, 'gate_votes', voteParams(writes.vote));
      if (writes?.decision) await insertRow(c, 'gate_decisions', decisionParams(writes.decision));
      await insertOutbox(c, callEffects(effects, outcome), this.now());
      await appendAudit(c, auditEntries.gateVote(vote, outcome), this.now());
      return outcome;
    });
  }

  async listDecisions(filter: DecisionFilter = {}): Promise<DecidedGate[]> {
    const parsed = storeInput.decisionFilter(filter);
    return this.read('gate.history', (c) => decisions(c, parsed));
  }

  async listPendingGates(limit = 50): Promise<GateRecord[]> {
    storeInput.limit(limit);
    return this.read('gate.pending', (c) => pendingGates(c, Math.min(limit, 200)));
  }

  async audit(input: AuditInput): Promise<AuditEntry> {
    const entry = storeInput.audit(input);
    return this.transact('audit', (c) => appendAudit(c, entry, this.now()));
  }

  async listAudit(limit = 50): Promise<AuditEntry[]> {
    storeInput.limit(limit);
    return this.read('audit.list', (c) => latestAudit(c, limit));
  }

  async createRerunRequest(
    input: NewRerunRequest,
    effects?: (request: RerunRequest) => OutboxEffect[],
  ): Promise<{ created: boolean; request: RerunRequest }> {
    const req = storeInput.newRerunRequest(input);
    return this.transact('rerun.request', (c) => createRerun(c, req, effects, this.now()));
  }

  async getRerun(id: string): Promise<RerunRequest | null> {
    storeInput.rerunId(id);
    return this.read('rerun.get', (c) => loadRerun(c, id));
  }

  /** Read, compare and write in one queued transaction: nothing else writes between them. */
  async updateRerun(
    id: string,
    change: RerunChange,
    audit: AuditInput,
    effects?: (request: RerunRequest) => OutboxEffect[],
  ): Promise<{ changed: boolean; request: RerunRequest }> {
    storeInput.rerunId(id);
    const parsed = storeInput.rerunChange(change);
    const entry = storeInput.audit(audit);
    return this.transact('rerun.update', (c) =>
      changeRerun(c, { id, change: parsed, audit: entry, effects }, this.now(), this.path),
    );
  }

  async listReruns(filter: RerunFilter = {}): Promise<RerunRequest[]> {
    const parsed = storeInput.rerunFilter(filter);
    return this.read('rerun.list', (c) => listReruns(c, parsed));
  }

  /** Read and insert in one queued transaction; the (job, slot) key is the backstop. */
  async claimSlot(
    claim: SlotClaim,
    effects?: () => OutboxEffect[],
  ): Promise<{ claimed: boolean; slot: ScheduledSlot }> {
    const parsed = storeInput.slotClaim(claim);
    return this.transact('schedule.claim', (c) => claimSlot(c, parsed, effects, this.now()));
  }

  async listSlots(job: string, limit = 50): Promise<ScheduledSlot[]> {
    storeInput.job(job);
    storeInput.slotsLimit(limit);
    return this.read('schedule.list', (c) => listSlots(c, job, limit));
  }

  async getMilestone(id: string): Promise<MilestoneState | null> {
    storeInput.milestoneId(id);
    return this.read('milestone.get', (c) => loadMilestone(c, id));
  }

  async updateMilestone(
    change: MilestoneChange,
    audit: AuditInput,
    effects?: (state: MilestoneState) => OutboxEffect[],
  ): Promise<{ changed: boolean; state: MilestoneState }> {
    const parsed = storeInput.milestoneChange(change);
    const entry = storeInput.audit(audit);
    return this.transact('milestone.update', (c) =>
      changeMilestone(c, { change: parsed, audit: entry, effects }, this.now()),
    );
  }

  async createWatch(
    input: NewWatch,
    effects?: (watch: Watch) => OutboxEffect[],
  ): Promise<{ created: boolean; watch: Watch }> {
    const parsed = storeInput.newWatch(input);
    return this.transact('watch.start', (c) => createWatch(c, parsed, effects, this.now()));
  }

  async getWatch(id: string): Promise<Watch | null> {
    storeInput.watchId(id);
    return this.read('watch.get', (c) => loadWatch(c, id));
  }

  /** Read, compare and write in one queued transaction, as updateRerun. */
  async updateWatch(
    id: string,
    change: WatchChange,
    audit: AuditInput,
    effects?: (watch: Watch) => OutboxEffect[],
  ): Promise<{ changed: boolean; watch: Watch }> {
    storeInput.watchId(id);
    const parsed = storeInput.watchChange(change);
    const entry = storeInput.audit(audit);
    return this.transact('watch.update', (c) =>
      changeWatch(c, { id, change: parsed, audit: entry, effects }, this.now(), this.path),
    );
  }

  async listWatches(filter: WatchFilter = {}): Promise<Watch[]> {
    const parsed = storeInput.watchFilter(filter);
    return this.read('watch.list', (c) => listWatches(c, parsed));
  }

  async enqueue(effects: OutboxEffect[], audit: AuditInput): Promise<void> {
    const rows = storeInput.outboxEffects(effects);
    const entry = storeInput.audit(audit);
    await this.transact('outbox.enqueue', async (c) => {
      await insertOutbox(c, rows, this.now());
      await appendAudit(c, entry, this.now());
    });
  }

  async claimOutbox(claim: OutboxClaim): Promise<OutboxRow[]> {
    const parsed = storeInput.outboxClaim(claim);
    const token = randomBytes(8).toString('hex');
    return this.transact('outbox.claim', (c) => claimOutbox(c, parsed, this.now(), token));
  }

  /**
   * The relay's bookkeeping leaves no audit entry (the row keeps its attempts, error and result),
   * except a card post, whose completion attaches the card as attachMessage does and logs that.
   */
  async completeOutbox(key: string, owner: string, result: JsonValue): Promise<boolean> {
    storeInput.outboxKey(key);
    storeInput.outboxOwner(owner);
    const delivered = storeInput.outboxResult(result);
    return new Promise((resolve, reject) => {
      this.completions.push({ key, owner, delivered, resolve, reject });
      if (this.completions.length === 1) void this.completeGroup();
    });
  }

  /**
   * Completions that arrive while the write connection is busy go in one transaction, one commit
   * (group commit): the relay delivers a claim's rows side by side and completes each, and a commit
   * costs far more than the UPDATE in it (bench:load, 50 users: completions were 60% of the write
   * connection's time, ~27 ms each). The group is taken when its transaction starts, so everything
   * queued meanwhile joins it. If the step fails, each is tried alone, so one cannot hold back the rest.
   */
  private async completeGroup(): Promise<void> {
    let group: Completion[] = [];
    try {
      const done = await this.transact('outbox.complete', async (c) => {
        group = this.completions.splice(0);
        const results: boolean[] = [];
        for (const item of group) results.push(await this.completeOne(c, item));
        return results;
      });
      for (const [i, item] of group.entries()) item.resolve(done[i] ?? false);
    } catch (error) {
      // Refused before it began (a closed store): nothing was taken, so take them now.
      if (group.length === 0) group = this.completions.splice(0);
      if (group.length === 1) {
        group[0]?.reject(error);
        return;
      }
      for (const item of group) {
        this.transact('outbox.complete', (c) => this.completeOne(c, item)).then(item.resolve, item.reject);
      }
    }
  }

  private async completeOne(c: DuckDBConnection, { key, owner, delivered }: Completion): Promise<boolean> {
    const row = await outboxRow(c, key);
    if (!heldBy(row, owner)) return false;
    await markDelivered(c, key, delivered, this.now());
    const card = cardAttachment(row, delivered);
    if (card) await this.attach(c, card.requestId, card.channel, card.messageTs);
    return true;
  }

  async failOutbox(key: string, owner: string, error: string, retryAt: string | null): Promise<boolean> {
    storeInput.outboxKey(key);
    storeInput.outboxOwner(owner);
    const message = storeInput.deliveryError(error);
    const retry = storeInput.retryAt(retryAt);
    return this.transact('outbox.fail', async (c) => {
      if (!heldBy(await outboxRow(c, key), owner)) return false;
      await markFailed(c, key, message, retry);
      return true;
    });
  }

  async getOutbox(key: string): Promise<OutboxRow | null> {
    storeInput.outboxKey(key);
    return this.read('outbox.get', (c) => outboxRow(c, key));
  }

  async listOutbox(filter: OutboxFilter = {}): Promise<OutboxRow[]> {
    const parsed = storeInput.outboxFilter(filter);
    return this.read('outbox.list', (c) => listOutbox(c, parsed));
  }

  /** A DuckDB setting as the store's instance has it (memory_limit, threads): what the limits became. */
  async duckdbSetting(name: 'memory_limit' | 'threads'): Promise<string> {
    const [row] = await this.transact('setting', (c) =>
      queryRows(c, 'SELECT current_setting($name)::VARCHAR AS value', { name }),
    );
    return String(row?.value ?? '');
  }

  /** Waits for queued work, then closes; safe to call twice (a restart path and a shutdown hook). */
  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    await Promise.all([this.queue.use(async () => {}), this.reads.use(async () => {})]);
    this.queue.close();
    this.reads.close();
    this.instance.closeSync();
    openFiles.delete(this.file);
  }

  /** One queued transaction; any failure rolls the whole step back, audit entry included. */
  private transact<T>(label: string, work: (c: DuckDBConnection) => Promise<T>): Promise<T> {
    return this.inTransaction(this.queue, label, work);
  }

  /** One read, as a transaction of its own on the read connection: its statements see one snapshot. */
  private read<T>(label: string, work: (c: DuckDBConnection) => Promise<T>): Promise<T> {
    return this.inTransaction(this.reads, label, work);
  }

  private inTransaction<T>(
    pool: ConnectionPool,
    label: string,
    work: (c: DuckDBConnection) => Promise<T>,
  ): Promise<T> {
    if (this.closed) {
      return Promise.reject(
        new StoreError('INTERNAL', `The state store ${this.path} was used after close()`),
      );
    }
    return pool.use(async (c) => {
      await c.run('BEGIN TRANSACTION');
      try {
        const result = await work(c);
        await c.run('COMMIT');
        return result;
      } catch (error) {
        // A failed COMMIT has already ended the transaction; ROLLBACK then fails and says nothing new.
        await c.run('ROLLBACK').catch(() => {});
        const own = callersError(error);
        throw own === error ? translateStoreError(error, this.path, label) : own;
      }
    });
  }

  /** Records where a request's card is, with its audit entry, in the caller's transaction. */
  private async attach(c: DuckDBConnection, id: string, channel: string, messageTs: string): Promise<void> {
    await queryRows(c, 'UPDATE gate_requests SET channel = $channel, message_ts = $ts WHERE id = $id', {
      id,
      channel,
      ts: messageTs,
    });
    await appendAudit(c, auditEntries.gateMessage(id, channel, messageTs), this.now());
  }

  private now(): string {
    return this.clock.now().toISOString();
  }
}
