import type { MilestoneState, ScheduledSlot } from './state-store.js';
import { type Params, type Row, text, textOrNull } from './store-rows.js';

// Slot claims and milestone state as both adapters store them: times and dates as ISO text (a job's
// slots sort newest first as text), `late` as 0 or 1, a milestone's decision as five columns (all
// NULL until it is decided). `claim_token` is BigQuery's own: it names the claim that inserted the
// row, so its transaction can tell its own insert from another replica's (bigquery-schedules.ts).
export const SLOT_COLUMNS = 'job, slot, owner, late, claimed_at';

export const slotParams = (s: ScheduledSlot): Params => ({
  job: s.job,
  slot: s.slot,
  owner: s.owner,
  late: s.late ? 1 : 0,
  claimed_at: s.claimedAt,
});

export const toSlot = (row: Row): ScheduledSlot => ({
  job: text(row, 'job'),
  slot: text(row, 'slot'),
  owner: text(row, 'owner'),
  late: Number(row.late) === 1,
  claimedAt: text(row, 'claimed_at'),
});

export const MILESTONE_COLUMNS =
  'id, snoozed_until, decision_choice, decided_by, decided_by_handle, decided_at, decision_reason, version';

/** What updateMilestone writes: every column but the id. */
export const milestoneChangeParams = (m: MilestoneState): Params => ({
  snoozed_until: m.snoozedUntil,
  decision_choice: m.decision?.choice ?? null,
  decided_by: m.decision?.by ?? null,
  decided_by_handle: m.decision?.byHandle ?? null,
  decided_at: m.decision?.at ?? null,
  decision_reason: m.decision?.reason ?? null,
  version: m.version,
});

export const milestoneParams = (m: MilestoneState): Params => ({ id: m.id, ...milestoneChangeParams(m) });

export function toMilestone(row: Row): MilestoneState {
  const choice = textOrNull(row, 'decision_choice');
  return {
    id: text(row, 'id'),
    snoozedUntil: textOrNull(row, 'snoozed_until'),
    decision:
      choice === null
        ? null
        : {
            choice,
            by: text(row, 'decided_by'),
            byHandle: textOrNull(row, 'decided_by_handle'),
            at: text(row, 'decided_at'),
            reason: textOrNull(row, 'decision_reason'),
          },
    version: Number(row.version),
  };
}
