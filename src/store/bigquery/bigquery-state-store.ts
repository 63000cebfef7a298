import type { BigQuery } from '@google-cloud/bigquery';
import { type Clock, systemClock } from '../../clock/clock.js';
import { canonicalJson } from '../../domain/gates/canonical-json.js';
import { auditEntries } from '../audit-entries.js';
import { judgeVote } from '../judge-vote.js';
import { buildGateRequest } from '../new-gate-request.js';
import type {
  AuditEntry,
  AuditInput,
  DecidedGate,
  DecisionFilter,
  GateRecord,
  GateRequest,
  NewGateRequest,
  StateStore,
  VoteInput,
  VoteOutcome,
} from '../state-store.js';
import { StoreError, unknownGateRequest } from '../store-error.js';
import { storeInput } from '../store-input.js';
import { decisionParams, requestParams, voteParams } from '../store-rows.js';
import { retryLostRaces, StoreJobs } from './bigquery-store-jobs.js';
import { StoreReads } from './bigquery-store-reads.js';
import { ensureStoreTables } from './bigquery-store-schema.js';
import { type Statement, StoreSql } from './bigquery-store-sql.js';
import { sortableId } from './sortable-id.js';
import { STALE_READ, translateBigqueryStoreError } from './translate-bigquery-store-error.js';

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

const BEGIN: Statement = { sql: 'BEGIN TRANSACTION', params: {} };
const COMMIT: Statement = { sql: 'COMMIT TRANSACTION', params: {} };
const assertOneRow: Statement = { sql: `ASSERT @@row_count = 1 AS '${STALE_READ}'`, params: {} };

/**
 * The state store in a BigQuery dataset. BigQuery has no keys and reads at a snapshot, so a vote is
 * optimistic: read the request's `version`, then its votes and decision (separate jobs: a script's
 * SELECTs cannot come back to us as rows), judge with judgeVote, then write in ONE transaction job
 * that bumps `version` only where it still has the value read and ASSERTs that one row changed. Every
 * vote that writes bumps it, so a commit proves nothing was decided since the read. Two votes on one
 * request cannot both commit: BigQuery aborts the later of two overlapping transactions that update
 * gate_requests, and one that starts after the other's commit fails its ASSERT. The loser wrote
 * nothing; it reads again and is judged against the winner (duplicate, closed, or the next approval).
 * Refusals only append their audit entry: duplicate and closed never become untrue. Inserts are
 * MERGE ... WHEN NOT MATCHED on the DuckDB store's keys, so no transaction writes a row twice.
 */
export class BigqueryStateStore implements StateStore {
  readonly kind = 'bigquery';
  private closed = false;
  private readonly sql: StoreSql;
  private readonly reads: StoreReads;
  private readonly jobs: StoreJobs;
  private readonly where: string;

  private constructor(
    bigquery: BigQuery,
    project: string,
    dataset: string,
    location: string,
    private readonly clock: Clock,
    timeoutMs: number,
    private readonly maxAttempts: number,
  ) {
    this.sql = new StoreSql(project, dataset);
    this.jobs = new StoreJobs(bigquery, location, timeoutMs);
    this.reads = new StoreReads(this.sql, (s) => this.jobs.query(s));
    this.where = `${project}.${dataset}`;
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
    try {
      await ensureStoreTables(bigquery, dataset, location);
    } catch (error) {
      throw translateBigqueryStoreError(error, store.where, 'open');
    }
    return store;
  }

  async createGateRequest(input: NewGateRequest): Promise<{ created: boolean; request: GateRequest }> {
    const req = storeInput.newGateRequest(input);
    return this.retrying('gate.request', async () => {
      const existing = req.id ? await this.reads.request(req.id) : null;
      if (existing) {
        await this.jobs.write(this.auditRow(auditEntries.gateRequest(req, existing.request.id, false)));
        return { created: false, request: existing.request };
      }
      const request: GateRequest = buildGateRequest(req, this.now());
      // A create racing one with the same id inserts nothing, fails its ASSERT and reads the winner's.
      const row = { ...requestParams(request), version: 0 };
      await this.jobs.write(
        BEGIN,
        this.sql.mergeInsert('gate_requests', 'r', row, ['id'], 'T.id = S.id'),
        assertOneRow,
        this.auditRow(auditEntries.gateRequest(req, request.id, true)),
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
      await this.jobs.write(
        BEGIN,
        {
          sql: `UPDATE ${this.sql.table('gate_requests')} SET channel = @channel, message_ts = @ts WHERE id = @id`,
          params: {
            id: { type: 'STRING', value: id },
            channel: { type: 'STRING', value: channel },
            ts: { type: 'STRING', value: messageTs },
          },
        },
        this.auditRow(auditEntries.gateMessage(id, channel, messageTs)),
        COMMIT,
      );
      return { ...read.gate, request: { ...read.gate.request, channel, messageTs } };
    });
  }

  async recordVote(input: VoteInput): Promise<VoteOutcome> {
    const vote = storeInput.vote(input);
    return this.retrying('gate.vote', async () => {
      const read = await this.reads.gate(vote.requestId, vote.idempotencyKey);
      if (!read) throw unknownGateRequest(vote.requestId, this.where);
      const { outcome, writes } = judgeVote(read.gate, read.prior, vote, this.now());
      const audit = this.auditRow(auditEntries.gateVote(vote, outcome));
      if (!writes) {
        await this.jobs.write(audit);
        return outcome;
      }
      const votedRow = { ...voteParams(writes.vote), seq: read.gate.votes.length + 1 };
      await this.jobs.write(
        BEGIN,
        {
          sql: `UPDATE ${this.sql.table('gate_requests')} SET version = version + 1
                WHERE id = @lock_id AND version = @lock_version`,
          params: {
            lock_id: { type: 'STRING', value: vote.requestId },
            lock_version: { type: 'INT64', value: read.version },
          },
        },
        assertOneRow,
        this.sql.mergeInsert(
          'gate_votes',
          'v',
          votedRow,
          ['request_id', 'voter', 'idempotency_key'],
          'T.request_id = S.request_id AND (T.voter = S.voter OR T.idempotency_key = S.idempotency_key)',
        ),
        ...(writes.decision
          ? [
              this.sql.mergeInsert(
                'gate_decisions',
                'd',
                { ...decisionParams(writes.decision), seq: sortableId() },
                ['request_id'],
                'T.request_id = S.request_id',
              ),
            ]
          : []),
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

  async audit(input: AuditInput): Promise<AuditEntry> {
    const entry = storeInput.audit(input);
    return this.guard('audit', async () => {
      const at = this.now();
      const id = sortableId();
      await this.jobs.write(this.auditRow(entry, id, at));
      return { ...entry, id, at };
    });
  }

  async listAudit(limit = 50): Promise<AuditEntry[]> {
    storeInput.limit(limit);
    return this.guard('audit.list', () => this.reads.audit(limit));
  }

  /** Nothing to release: the client is the caller's. Later calls are refused, as on DuckDB. */
  async close(): Promise<void> {
    this.closed = true;
  }

  /** The audit row, MERGEd on its id so a re-run transaction does not log twice. */
  private auditRow(input: AuditInput, id = sortableId(), at = this.now()): Statement {
    const row = {
      id,
      logged_at: at,
      actor: input.actor,
      action: input.action,
      args: canonicalJson(input.args),
      result: canonicalJson(input.result),
    };
    return this.sql.mergeInsert('audit_log', 'a', row, ['id'], 'T.id = S.id');
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
      throw translateBigqueryStoreError(error, this.where, label);
    }
  }

  private now(): string {
    return this.clock.now().toISOString();
  }
}
