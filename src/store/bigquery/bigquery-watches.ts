import { applyWatchChange, type WatchUpdate } from '../apply-watch-change.js';
import { auditEntries } from '../audit-entries.js';
import { callEffects } from '../effects-callback.js';
import { buildWatch } from '../new-watch.js';
import type { NewWatch, Watch, WatchFilter } from '../state-store.js';
import { unknownWatch } from '../store-error.js';
import { toWatch, WATCH_COLUMNS, watchChangeParams, watchParams } from '../watch-rows.js';
import type { BigqueryOutbox } from './bigquery-outbox.js';
import type { StoreJobs } from './bigquery-store-jobs.js';
import type { Statement, StoreSql } from './bigquery-store-sql.js';
import { assertOneRow, BEGIN, COMMIT, type StoreWrites } from './bigquery-store-writes.js';
import { sortableId } from './sortable-id.js';

const str = (value: string) => ({ type: 'STRING' as const, value });

type Effects = WatchUpdate['effects'];

/**
 * Watches on BigQuery, one attempt each, as bigquery-reruns.ts: the store runs them under
 * retryLostRaces, so an attempt that lost a race (nothing written) is read and judged again. A create
 * MERGEs the row on its id and ASSERTs it inserted one; an update is UPDATE ... WHERE id AND
 * version = read, ASSERTed to change one row, with the effects' rows and the audit entry in the same
 * transaction. Of two changes from one version (a tick and a Stop), one commits; the other reads the
 * new version and ends changed: false. Jobs: a create 2, an update 2 (1 when the version moved).
 */
export class BigqueryWatches {
  constructor(
    private readonly sql: StoreSql,
    private readonly jobs: StoreJobs,
    private readonly writes: StoreWrites,
    private readonly outbox: BigqueryOutbox,
    private readonly where: string,
  ) {}

  async get(id: string): Promise<Watch | null> {
    const [row] = await this.jobs.query({
      sql: `SELECT ${WATCH_COLUMNS} FROM ${this.sql.table('watches')} WHERE id = @id`,
      params: { id: str(id) },
    });
    return row ? toWatch(row) : null;
  }

  async create(input: NewWatch, effects: Effects, now: string): Promise<{ created: boolean; watch: Watch }> {
    const existing = await this.get(input.id);
    if (existing) {
      await this.jobs.write(this.writes.audit(auditEntries.watchStart(input, false), now));
      return { created: false, watch: existing };
    }
    const watch = buildWatch(input, now);
    await this.jobs.write(
      BEGIN,
      this.sql.mergeInsert(
        'watches',
        'w',
        { ...watchParams(watch), seq: sortableId() },
        ['id'],
        'T.id = S.id',
      ),
      assertOneRow,
      ...this.outbox.inserts(callEffects(effects, watch), now),
      this.writes.audit(auditEntries.watchStart(input, true), now),
      COMMIT,
    );
    return { created: true, watch };
  }

  async change(
    { id, change, audit, effects }: WatchUpdate,
    now: string,
  ): Promise<{ changed: boolean; watch: Watch }> {
    const stored = await this.get(id);
    if (!stored) throw unknownWatch(id, this.where);
    if (stored.version !== change.version) {
      await this.jobs.write(this.writes.audit(auditEntries.watchUpdate(audit, false), now));
      return { changed: false, watch: stored };
    }
    const watch = applyWatchChange(stored, change);
    await this.jobs.write(
      BEGIN,
      this.sql.update('watches', 'u', watchChangeParams(watch), 'id = @u_id AND version = @u_from', {
        u_id: str(id),
        u_from: { type: 'INT64', value: change.version },
      }),
      assertOneRow,
      ...this.outbox.inserts(callEffects(effects, watch), now),
      this.writes.audit(auditEntries.watchUpdate(audit, true), now),
      COMMIT,
    );
    return { changed: true, watch };
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
