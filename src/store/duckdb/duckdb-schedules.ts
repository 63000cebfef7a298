import type { DuckDBConnection } from '@duckdb/node-api';
import { applyMilestoneChange, type MilestoneUpdate } from '../apply-milestone-change.js';
import { auditEntries } from '../audit-entries.js';
import { callEffects } from '../effects-callback.js';
import {
  MILESTONE_COLUMNS,
  milestoneChangeParams,
  milestoneParams,
  SLOT_COLUMNS,
  slotParams,
  toMilestone,
  toSlot,
} from '../schedule-rows.js';
import type { MilestoneState, OutboxEffect, ScheduledSlot, SlotClaim } from '../state-store.js';
import { insertOutbox } from './duckdb-outbox-queries.js';
import { appendAudit, insertRow, queryRows } from './duckdb-store-queries.js';

// Slot claims and milestones, each step run inside the caller's queued transaction
// (duckdb-state-store.ts) on validated input: the queue orders every writer there is, so a claim's
// read and insert, and a decision's read and write, are atomic; the keys on (job, slot) and on the
// milestone id are the backstop. A throw anywhere rolls the step back, audit entry included.

/** The first claim inserts the slot, its rows and its audit entry; a later one writes nothing. */
export async function claimSlot(
  c: DuckDBConnection,
  claim: SlotClaim,
  effects: (() => OutboxEffect[]) | undefined,
  now: string,
): Promise<{ claimed: boolean; slot: ScheduledSlot }> {
  const existing = await loadSlot(c, claim.job, claim.slot);
  if (existing) return { claimed: false, slot: existing };
  const slot: ScheduledSlot = { ...claim, claimedAt: now };
  await insertRow(c, 'schedule_slots', slotParams(slot));
  await insertOutbox(c, callEffects(effects, undefined), now);
  await appendAudit(c, auditEntries.scheduleClaim(claim), now);
  return { claimed: true, slot };
}

async function loadSlot(c: DuckDBConnection, job: string, slot: string): Promise<ScheduledSlot | null> {
  const [row] = await queryRows(
    c,
    `SELECT ${SLOT_COLUMNS} FROM schedule_slots WHERE job = $job AND slot = $slot`,
    { job, slot },
  );
  return row ? toSlot(row) : null;
}

export async function listSlots(c: DuckDBConnection, job: string, limit: number): Promise<ScheduledSlot[]> {
  const rows = await queryRows(
    c,
    `SELECT ${SLOT_COLUMNS} FROM schedule_slots WHERE job = $job ORDER BY slot DESC LIMIT $limit`,
    { job, limit },
  );
  return rows.map(toSlot);
}

export async function loadMilestone(c: DuckDBConnection, id: string): Promise<MilestoneState | null> {
  const [row] = await queryRows(c, `SELECT ${MILESTONE_COLUMNS} FROM milestone_state WHERE id = $id`, { id });
  return row ? toMilestone(row) : null;
}

/** A snooze, or the one decision: written with its rows when it applies, audited either way. */
export async function changeMilestone(
  c: DuckDBConnection,
  { change, audit, effects }: MilestoneUpdate,
  now: string,
): Promise<{ changed: boolean; state: MilestoneState }> {
  const stored = await loadMilestone(c, change.id);
  const { changed, state } = applyMilestoneChange(stored, change, now);
  if (changed) {
    if (stored) await setMilestone(c, state, stored.version);
    else await insertRow(c, 'milestone_state', milestoneParams(state));
    await insertOutbox(c, callEffects(effects, state), now);
  }
  await appendAudit(c, auditEntries.milestoneUpdate(audit, changed), now);
  return { changed, state };
}

/** Writes the state where the row is still at `from` (read so in this transaction: the backstop). */
async function setMilestone(c: DuckDBConnection, state: MilestoneState, from: number): Promise<void> {
  const params = milestoneChangeParams(state);
  const set = Object.keys(params).map((col) => `${col} = $${col}`);
  await queryRows(c, `UPDATE milestone_state SET ${set.join(', ')} WHERE id = $id AND version = $from`, {
    ...params,
    id: state.id,
    from,
  });
}
