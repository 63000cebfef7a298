import type { AuditInput, MilestoneChange, MilestoneState, OutboxEffect } from './state-store.js';

/** One updateMilestone call as the adapters take it, its input validated. */
export interface MilestoneUpdate {
  change: MilestoneChange;
  audit: AuditInput;
  /** Called only when the change applies, with the state as changed. */
  effects: ((state: MilestoneState) => OutboxEffect[]) | undefined;
}

/**
 * A milestone after a change, for an adapter that read it as `stored` (null: never touched). A snooze
 * always applies (the latest snooze stands); a decision only while there is none: exactly one per
 * milestone, and a second is answered with the first. Pure, so both adapters write the same row and
 * hand the effects callback the same state; version 1 is the first write.
 */
export function applyMilestoneChange(
  stored: MilestoneState | null,
  change: MilestoneChange,
  now: string,
): { changed: boolean; state: MilestoneState } {
  const base: MilestoneState = stored ?? { id: change.id, snoozedUntil: null, decision: null, version: 0 };
  if (change.kind === 'snooze') {
    return { changed: true, state: { ...base, snoozedUntil: change.until, version: base.version + 1 } };
  }
  if (base.decision) return { changed: false, state: base };
  const decision = {
    choice: change.choice,
    by: change.by,
    byHandle: change.byHandle ?? null,
    at: now,
    reason: change.reason ?? null,
  };
  return { changed: true, state: { ...base, decision, version: base.version + 1 } };
}
