import { callEffects } from '../effects-callback.js';
import type { OutboxEffect } from '../state-store.js';
import type { VersionedKind, VersionedUpdate } from '../versioned-kind.js';
import type { BigqueryOutbox } from './bigquery-outbox.js';
import type { StoreJobs } from './bigquery-store-jobs.js';
import type { StoreSql } from './bigquery-store-sql.js';
import { assertOneRow, BEGIN, COMMIT, type StoreWrites } from './bigquery-store-writes.js';
import { sortableId } from './sortable-id.js';

const str = (value: string) => ({ type: 'STRING' as const, value });

/**
 * Create-once and compare-and-set for re-run requests and watches on BigQuery, one attempt each: the
 * store runs them under retryLostRaces, so an attempt that lost a race (nothing written) is read and
 * judged again. A create MERGEs the row on its id and ASSERTs it inserted one; a change is UPDATE ...
 * WHERE id AND version = read, ASSERTed to change one row, with the effects' rows and the audit entry
 * in the same transaction. Of two attempts from one version, the later is aborted by BigQuery if the
 * two overlap (both mutate the table), and fails its ASSERT if it starts after the other's commit;
 * either way it wrote nothing, its next read finds the new version, and it ends changed: false. A
 * create racing one with the same id MERGEs nothing, fails the same ASSERT and reads the winner's row.
 * Jobs: a create 2 (read, transaction), a change 2 (1 when the version moved), a lost race 2 more.
 */
export class BigqueryVersioned<
  T extends { id: string; version: number },
  New extends { id: string },
  Change extends { version: number },
> {
  constructor(
    private readonly kind: VersionedKind<T, New, Change>,
    private readonly get: (id: string) => Promise<T | null>,
    private readonly sql: StoreSql,
    private readonly jobs: StoreJobs,
    private readonly writes: StoreWrites,
    private readonly outbox: BigqueryOutbox,
    private readonly where: string,
  ) {}

  async create(
    input: New,
    effects: ((row: T) => OutboxEffect[]) | undefined,
    now: string,
  ): Promise<{ created: boolean; row: T }> {
    const { kind } = this;
    const existing = await this.get(input.id);
    if (existing) {
      await this.jobs.write(this.writes.audit(kind.createdAudit(input, false), now));
      return { created: false, row: existing };
    }
    const row = kind.build(input, now);
    await this.jobs.write(
      BEGIN,
      this.sql.mergeInsert(
        kind.table,
        'n',
        { ...kind.params(row), seq: sortableId() },
        ['id'],
        'T.id = S.id',
      ),
      assertOneRow,
      ...this.outbox.inserts(callEffects(effects, row), now),
      this.writes.audit(kind.createdAudit(input, true), now),
      COMMIT,
    );
    return { created: true, row };
  }

  async change(
    { id, change, audit, effects }: VersionedUpdate<T, Change>,
    now: string,
  ): Promise<{ changed: boolean; row: T }> {
    const { kind } = this;
    const stored = await this.get(id);
    if (!stored) throw kind.unknown(id, this.where);
    if (stored.version !== change.version) {
      await this.jobs.write(this.writes.audit(kind.changedAudit(audit, false), now));
      return { changed: false, row: stored };
    }
    const row = kind.apply(stored, change);
    await this.jobs.write(
      BEGIN,
      this.sql.update(kind.table, 'u', kind.changeParams(row), 'id = @u_id AND version = @u_from', {
        u_id: str(id),
        u_from: { type: 'INT64', value: change.version },
      }),
      assertOneRow,
      ...this.outbox.inserts(callEffects(effects, row), now),
      this.writes.audit(kind.changedAudit(audit, true), now),
      COMMIT,
    );
    return { changed: true, row };
  }
}
