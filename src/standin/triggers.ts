import { triggerId } from './slack-ids.js';

export const TRIGGER_TTL_MS = 3000;
/** After this a trigger is forgotten (invalid_trigger_id rather than expired_trigger_id), as Slack does. */
export const TRIGGER_KEPT_MS = 60_000;

interface Trigger {
  user: string;
  createdAt: number;
  used: boolean;
}

/** trigger_id bookkeeping: one views.open (or push) within 3 seconds of the user's interaction; kept a minute. */
export class Triggers {
  private readonly triggers = new Map<string, Trigger>();

  constructor(private readonly now: () => number) {}

  create(user: string): string {
    const id = triggerId();
    const createdAt = this.now();
    // Oldest first (insertion order): a long run keeps only the last minute's.
    for (const [old, t] of this.triggers) {
      if (createdAt - t.createdAt <= TRIGGER_KEPT_MS) break;
      this.triggers.delete(old);
    }
    this.triggers.set(id, { user, createdAt, used: false });
    return id;
  }

  get size(): number {
    return this.triggers.size;
  }

  /** The user a trigger opens a view for, or Slack's error for it. */
  take(id: string): { user: string } | { error: 'invalid_trigger_id' | 'expired_trigger_id' } {
    const trigger = this.triggers.get(id);
    if (!trigger) return { error: 'invalid_trigger_id' };
    if (trigger.used || this.now() - trigger.createdAt > TRIGGER_TTL_MS)
      return { error: 'expired_trigger_id' };
    trigger.used = true;
    return { user: trigger.user };
  }

  clear(): void {
    this.triggers.clear();
  }
}
