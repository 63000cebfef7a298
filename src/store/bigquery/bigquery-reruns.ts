import { applyRerunChange, type RerunUpdate } from '../apply-rerun-change.js';
import { auditEntries } from '../audit-entries.js';
import { callEffects } from '../effects-callback.js';
import { buildRerunRequest } from '../new-rerun-request.js';
import { RERUN_COLUMNS, rerunChangeParams, rerunParams, toRerun } from '../rerun-rows.js';
import type { NewRerunRequest, RerunFilter, RerunRequest } from '../state-store.js';
import { unknownRerunRequest } from '../store-error.js';
import type { BigqueryOutbox } from './bigquery-outbox.js';
import type { StoreJobs } from './bigquery-store-jobs.js';
import type { Statement, StoreSql } from './bigquery-store-sql.js';
import { assertOneRow, BEGIN, COMMIT, type StoreWrites } from './bigquery-store-writes.js';
import { sortableId } from './sortable-id.js';

const str = (value: string) => ({ type: 'STRING' as const, value });

type Effects = RerunUpdate['effects'];

/**
 * Re-run requests on BigQuery, one attempt each: the store runs them under retryLostRaces, so an
 * attempt that lost a race (nothing written) is read and judged again.
 *
 * The compare-and-set, between any number of replicas: read the request; if it is not at the
 * caller's version, only the audit entry is written (changed: false). Else ONE transaction job:
 * UPDATE ... WHERE id = @id AND version = @from, ASSERT @@row_count = 1, the effects' rows, the audit
 * entry. Of two attempts from one version, the later is aborted by BigQuery if the two overlap (both
 * mutate rerun_requests), and fails its ASSERT if it starts after the other's commit; either way it
 * wrote nothing, its next read finds the new version, and it ends changed: false. A create racing
 * one with the same id MERGEs nothing, fails the same ASSERT and reads the winner's request.
 * Jobs: a create 2 (read, transaction), an update 2, a lost race 2 more per round. Measured through
 * the REST stand-in (2 cores): an update ~30 ms, one that finds the version moved ~25 ms, two
 * replicas' Confirms racing both answered in ~85 ms; on BigQuery count ~1 s or more per job.
 */
export class BigqueryReruns {
  constructor(
    private readonly sql: StoreSql,
    private readonly jobs: StoreJobs,
    private readonly writes: StoreWrites,
    private readonly outbox: BigqueryOutbox,
    private readonly where: string,
  ) {}

  async get(id: string): Promise<RerunRequest | null> {
    const [row] = await this.jobs.query({
      sql: `SELECT ${RERUN_COLUMNS} FROM ${this.sql.table('rerun_requests')} WHERE id = @id`,
      params: { id: str(id) },
    });
    return row ? toRerun(row) : null;
  }

  async create(
    req: NewRerunRequest,
    effects: Effects,
    now: string,
  ): Promise<{ created: boolean; request: RerunRequest }> {
    const existing = await this.get(req.id);
    if (existing) {
      await this.jobs.write(this.writes.audit(auditEntries.rerunRequest(req, false), now));
      return { created: false, request: existing };
    }
    const request = buildRerunRequest(req, now);
    const row = { ...rerunParams(request), seq: sortableId() };
    await this.jobs.write(
      BEGIN,
      this.sql.mergeInsert('rerun_requests', 'r', row, ['id'], 'T.id = S.id'),
      assertOneRow,
      ...this.outbox.inserts(callEffects(effects, request), now),
      this.writes.audit(auditEntries.rerunRequest(req, true), now),
      COMMIT,
    );
    return { created: true, request };
  }

  async change(
    { id, change, audit, effects }: RerunUpdate,
    now: string,
  ): Promise<{ changed: boolean; request: RerunRequest }> {
    const stored = await this.get(id);
    if (!stored) throw unknownRerunRequest(id, this.where);
    if (stored.version !== change.version) {
      await this.jobs.write(this.writes.audit(auditEntries.rerunUpdate(audit, false), now));
      return { changed: false, request: stored };
    }
    const request = applyRerunChange(stored, change);
    await this.jobs.write(
      BEGIN,
      this.sql.update('rerun_requests', 'u', rerunChangeParams(request), 'id = @u_id AND version = @u_from', {
        u_id: str(id),
        u_from: { type: 'INT64', value: change.version },
      }),
      assertOneRow,
      ...this.outbox.inserts(callEffects(effects, request), now),
      this.writes.audit(auditEntries.rerunUpdate(audit, true), now),
      COMMIT,
    );
    return { changed: true, request };
  }

  async list({ states, range, limit = 20 }: RerunFilter): Promise<RerunRequest[]> {
    const where: string[] = [];
    const params: Statement['params'] = { limit: { type: 'INT64', value: limit } };
    if (states) {
      if (states.length === 0) return [];
      where.push('state IN UNNEST(@states)');
      params.states = { type: 'ARRAY<STRING>', value: states };
    }
    if (range) {
      where.push('plan_start <= @end AND plan_end >= @start');
      params.start = { type: 'DATE', value: range.start };
      params.end = { type: 'DATE', value: range.end };
    }
    const rows = await this.jobs.query({
      sql: `SELECT ${RERUN_COLUMNS} FROM ${this.sql.table('rerun_requests')}
            ${where.length ? `WHERE ${where.join(' AND ')}` : ''}
            ORDER BY requested_at DESC, seq DESC LIMIT @limit`,
      params,
    });
    return rows.map(toRerun);
  }
}
