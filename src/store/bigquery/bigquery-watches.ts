import type { WatchUpdate } from '../apply-watch-change.js';
import type { NewWatch, Watch, WatchChange, WatchFilter } from '../state-store.js';
import { WATCHES } from '../versioned-kind.js';
import { toWatch, WATCH_COLUMNS } from '../watch-rows.js';
import type { BigqueryOutbox } from './bigquery-outbox.js';
import type { StoreJobs } from './bigquery-store-jobs.js';
import type { Statement, StoreSql } from './bigquery-store-sql.js';
import type { StoreWrites } from './bigquery-store-writes.js';
import { BigqueryVersioned } from './bigquery-versioned.js';

const str = (value: string) => ({ type: 'STRING' as const, value });

type Effects = WatchUpdate['effects'];

/**
 * Watches on BigQuery: the reads here; the create and the compare-and-set (of two changes from one
 * version, a tick and a Stop, one commits) are bigquery-versioned.ts's, shared with re-run requests.
 */
export class BigqueryWatches {
  private readonly versioned: BigqueryVersioned<Watch, NewWatch, WatchChange>;

  constructor(
    private readonly sql: StoreSql,
    private readonly jobs: StoreJobs,
    writes: StoreWrites,
    outbox: BigqueryOutbox,
    where: string,
  ) {
    this.versioned = new BigqueryVersioned(WATCHES, (id) => this.get(id), sql, jobs, writes, outbox, where);
  }

  async get(id: string): Promise<Watch | null> {
    const [row] = await this.jobs.query({
      sql: `SELECT ${WATCH_COLUMNS} FROM ${this.sql.table('watches')} WHERE id = @id`,
      params: { id: str(id) },
    });
    return row ? toWatch(row) : null;
  }

  async create(input: NewWatch, effects: Effects, now: string): Promise<{ created: boolean; watch: Watch }> {
    const { created, row } = await this.versioned.create(input, effects, now);
    return { created, watch: row };
  }

  async change(update: WatchUpdate, now: string): Promise<{ changed: boolean; watch: Watch }> {
    const { changed, row } = await this.versioned.change(update, now);
    return { changed, watch: row };
  }

  async list({ states, channel, limit = 20 }: WatchFilter): Promise<Watch[]> {
    const where: string[] = [];
    const params: Statement['params'] = { limit: { type: 'INT64', value: limit } };
    if (states) {
      if (states.length === 0) return [];
      where.push('state IN UNNEST(@states)');
      params.states = { type: 'ARRAY<STRING>', value: states };
    }
    if (channel) {
      where.push('channel = @channel');
      params.channel = str(channel);
    }
    const rows = await this.jobs.query({
      sql: `SELECT ${WATCH_COLUMNS} FROM ${this.sql.table('watches')}
            ${where.length ? `WHERE ${where.join(' AND ')}` : ''}
            ORDER BY started_at DESC, seq DESC LIMIT @limit`,
      params,
    });
    return rows.map(toWatch);
  }
}
