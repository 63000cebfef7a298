import { triggerId } from './slack-ids.js';

export const TRIGGER_TTL_MS = 3000;

interface Trigger {
  user: string;
  createdAt: number;
  used: boolean;
}

/** trigger_id bookkeeping: one views.open (or push) within 3 seconds of the user's interaction. */
export class Triggers {
  private readonly triggers = new Map<string, Trigger>();

  constructor(private readonly now: () => number) {}

  create(user: string): string {
    const id = triggerId();
    this.triggers.set(id, { user, createdAt: this.now(), used: false });
    return id;
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
