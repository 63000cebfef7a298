import { randomBytes } from 'node:crypto';
import { applyMilestoneChange, type MilestoneUpdate } from '../apply-milestone-change.js';
import { auditEntries } from '../audit-entries.js';
import { callEffects } from '../effects-callback.js';
import {
  MILESTONE_COLUMNS,
  milestoneChangeParams,
  SLOT_COLUMNS,
  slotParams,
  toMilestone,
  toSlot,
} from '../schedule-rows.js';
import type { MilestoneState, OutboxEffect, ScheduledSlot, SlotClaim } from '../state-store.js';
import type { BigqueryOutbox } from './bigquery-outbox.js';
import type { StoreJobs } from './bigquery-store-jobs.js';
import type { Statement, StoreSql } from './bigquery-store-sql.js';
import { assertOneRow, BEGIN, COMMIT, type StoreWrites } from './bigquery-store-writes.js';

const str = (value: string) => ({ type: 'STRING' as const, value });
const int = (value: number) => ({ type: 'INT64' as const, value });

/**
 * Slot claims and milestones on BigQuery, one attempt each: the store runs them under
 * retryLostRaces, so an attempt that lost a race (nothing written) is read and judged again.
 *
 * A claim reads the slot; taken, it is answered as stored and nothing is written. Else ONE
 * transaction: MERGE ... WHEN NOT MATCHED inserts the row with a token unique to this call, an
 * UPDATE on (job, slot, token) then ASSERTs that the row is this call's (@@row_count = 1), then the
 * effects' rows and the audit entry. The UPDATE makes the transaction one that mutates
 * schedule_slots whatever BigQuery counts an insert-only MERGE as, so of two claims whose
 * transactions overlap BigQuery aborts one; a claim that starts after another committed inserts
 * nothing, finds no row with its token and fails the ASSERT. Either loser wrote nothing, reads the
 * winner's slot and answers claimed: false.
 *
 * A milestone change is the compare-and-set of bigquery-reruns.ts on `version`: read, judge with
 * applyMilestoneChange, then one transaction whose UPDATE ... WHERE id AND version = read is
 * ASSERTed to change one row (a milestone never touched is first MERGEd in at version 0, so the
 * same UPDATE decides a first-write race). A decision that finds one on file writes only its audit.
 * Jobs: a claim 2 (1 when taken), a change 2 (1 when refused), 2 more per lost round.
 */
export class BigquerySchedules {
  constructor(
    private readonly sql: StoreSql,
    private readonly jobs: StoreJobs,
    private readonly writes: StoreWrites,
    private readonly outbox: BigqueryOutbox,
  ) {}

  async slot(job: string, slot: string): Promise<ScheduledSlot | null> {
    const [row] = await this.jobs.query({
      sql: `SELECT ${SLOT_COLUMNS} FROM ${this.sql.table('schedule_slots')} WHERE job = @job AND slot = @slot`,
      params: { job: str(job), slot: str(slot) },
    });
    return row ? toSlot(row) : null;
  }

  async claim(
    claim: SlotClaim,
    effects: (() => OutboxEffect[]) | undefined,
    now: string,
  ): Promise<{ claimed: boolean; slot: ScheduledSlot }> {
    const existing = await this.slot(claim.job, claim.slot);
    if (existing) return { claimed: false, slot: existing };
    const slot: ScheduledSlot = { ...claim, claimedAt: now };
    const token = randomBytes(8).toString('hex');
    const row = { ...slotParams(slot), claim_token: token };
    await this.jobs.write(
      BEGIN,
      this.sql.mergeInsert('schedule_slots', 's', row, ['job', 'slot'], 'T.job = S.job AND T.slot = S.slot'),
      this.sql.update(
        'schedule_slots',
        'k',
        { claim_token: token },
        'job = @k_job AND slot = @k_slot AND claim_token = @k_claim_token',
        { k_job: str(claim.job), k_slot: str(claim.slot) },
      ),
      assertOneRow,
      ...this.outbox.inserts(callEffects(effects, undefined), now),
      this.writes.audit(auditEntries.scheduleClaim(claim), now),
      COMMIT,
    );
    return { claimed: true, slot };
  }

  async slots(job: string, limit: number): Promise<ScheduledSlot[]> {
    const rows = await this.jobs.query({
      sql: `SELECT ${SLOT_COLUMNS} FROM ${this.sql.table('schedule_slots')} WHERE job = @job
            ORDER BY slot DESC LIMIT @limit`,
      params: { job: str(job), limit: int(limit) },
    });
    return rows.map(toSlot);
  }

  async milestone(id: string): Promise<MilestoneState | null> {
    const [row] = await this.jobs.query({
      sql: `SELECT ${MILESTONE_COLUMNS} FROM ${this.sql.table('milestone_state')} WHERE id = @id`,
      params: { id: str(id) },
    });
    return row ? toMilestone(row) : null;
  }

  async change(
    { change, audit, effects }: MilestoneUpdate,
    now: string,
  ): Promise<{ changed: boolean; state: MilestoneState }> {
    const stored = await this.milestone(change.id);
    const { changed, state } = applyMilestoneChange(stored, change, now);
    if (!changed) {
      await this.jobs.write(this.writes.audit(auditEntries.milestoneUpdate(audit, false), now));
      return { changed, state };
    }
    const from = stored?.version ?? 0;
    const first: Statement[] = stored
      ? []
      : [this.sql.mergeInsert('milestone_state', 'n', { id: state.id, version: 0 }, ['id'], 'T.id = S.id')];
    await this.jobs.write(
      BEGIN,
      ...first,
      this.sql.update(
        'milestone_state',
        'u',
        milestoneChangeParams(state),
        'id = @u_id AND version = @u_from',
        { u_id: str(state.id), u_from: int(from) },
      ),
      assertOneRow,
      ...this.outbox.inserts(callEffects(effects, state), now),
      this.writes.audit(auditEntries.milestoneUpdate(audit, true), now),
      COMMIT,
    );
    return { changed, state };
  }
}
