import type { RerunUpdate } from '../apply-rerun-change.js';
import { RERUN_COLUMNS, toRerun } from '../rerun-rows.js';
import type { NewRerunRequest, RerunChange, RerunFilter, RerunRequest } from '../state-store.js';
import { RERUNS } from '../versioned-kind.js';
import type { BigqueryOutbox } from './bigquery-outbox.js';
import type { StoreJobs } from './bigquery-store-jobs.js';
import type { Statement, StoreSql } from './bigquery-store-sql.js';
import type { StoreWrites } from './bigquery-store-writes.js';
import { BigqueryVersioned } from './bigquery-versioned.js';

const str = (value: string) => ({ type: 'STRING' as const, value });

type Effects = RerunUpdate['effects'];

/**
 * Re-run requests on BigQuery: the reads here; the create and the compare-and-set between any number
 * of replicas are bigquery-versioned.ts's (shared with watches). Measured through the REST stand-in
 * (2 cores): an update ~30 ms, one that finds the version moved ~25 ms, two replicas' Confirms racing
 * both answered in ~85 ms; on BigQuery count ~1 s or more per job.
 */
export class BigqueryReruns {
  private readonly versioned: BigqueryVersioned<RerunRequest, NewRerunRequest, RerunChange>;

  constructor(
    private readonly sql: StoreSql,
    private readonly jobs: StoreJobs,
    writes: StoreWrites,
    outbox: BigqueryOutbox,
    where: string,
  ) {
    this.versioned = new BigqueryVersioned(RERUNS, (id) => this.get(id), sql, jobs, writes, outbox, where);
  }

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
    const { created, row } = await this.versioned.create(req, effects, now);
    return { created, request: row };
  }

  async change(update: RerunUpdate, now: string): Promise<{ changed: boolean; request: RerunRequest }> {
    const { changed, row } = await this.versioned.change(update, now);
    return { changed, request: row };
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
