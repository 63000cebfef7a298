import type { Message } from '../domain/message.js';

/** How long an answer stays on top of a person's Home through the refreshes that follow it. */
export const NOTICE_MS = 2 * 60_000;
const MAX_PEOPLE = 1_000;

/**
 * The answer each person was last shown on their App Home, kept for a couple of minutes: a Home is
 * redrawn whole, and the refresh a vote causes (its gate leaving every approver's Home) comes a second
 * after the answer "Recorded: …" was put on top; without this it would wipe the answer out. Per
 * process and bounded (oldest first out): another replica's refresh shows the page without it.
 */
export class HomeNotices {
  private readonly shown = new Map<string, { message: Message; at: number }>();

  constructor(private readonly now: () => number = Date.now) {}

  remember(user: string, message: Message): void {
    this.shown.delete(user);
    this.shown.set(user, { message, at: this.now() });
    if (this.shown.size > MAX_PEOPLE) {
      const oldest = this.shown.keys().next().value;
      if (oldest !== undefined) this.shown.delete(oldest);
    }
  }

  /** The answer still on top of `user`'s Home, if one was shown within NOTICE_MS. */
  current(user: string): Message | undefined {
    const entry = this.shown.get(user);
    if (!entry) return undefined;
    if (this.now() - entry.at > NOTICE_MS) {
      this.shown.delete(user);
      return undefined;
    }
    return entry.message;
  }
}
