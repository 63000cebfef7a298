import type { Clock } from '../../src/clock/clock.js';
import type { OutboxEffect, ScheduledSlot, SlotClaim, StateStore } from '../../src/store/state-store.js';

export type SlotStore = Pick<StateStore, 'claimSlot' | 'listSlots'>;

/** The two slot calls of the store port, in memory: first claimer wins; rows kept per claim. */
export class MemorySlotStore implements SlotStore {
  readonly slots = new Map<string, ScheduledSlot>();
  readonly rows: OutboxEffect[] = [];

  constructor(private readonly clock: Clock) {}

  async claimSlot(
    claim: SlotClaim,
    effects?: () => OutboxEffect[],
  ): Promise<{ claimed: boolean; slot: ScheduledSlot }> {
    const key = `${claim.job}|${claim.slot}`;
    const existing = this.slots.get(key);
    if (existing) return { claimed: false, slot: existing };
    const rows = effects?.() ?? [];
    const slot = { ...claim, claimedAt: this.clock.now().toISOString() };
    this.slots.set(key, slot);
    this.rows.push(...rows);
    return { claimed: true, slot };
  }

  async listSlots(job: string, limit = 50): Promise<ScheduledSlot[]> {
    return [...this.slots.values()]
      .filter((s) => s.job === job)
      .sort((a, b) => b.slot.localeCompare(a.slot))
      .slice(0, limit);
  }
}
