/**
 * Slash commands and follow-ups answered at once by default: above the 50 people of `bench:load`
 * (each waits for an answer before asking again, so at most one each), so the limit bites only when
 * answers pile up, e.g. behind a warehouse that hangs until the deadline.
 */
export const DEFAULT_MAX_IN_FLIGHT = 64;

/**
 * The answers being worked on, bounded. A request beyond the limit is answered at once by its own
 * `busy` (nothing of its work runs) rather than queued behind the others without end: each answer
 * in flight holds a pending warehouse query, its rows and the response it will post. Work that must
 * not be refused (a vote, a confirmation: a person's click that changes state) is counted and run.
 */
export class InFlight {
  private running = 0;

  constructor(readonly limit: number) {
    if (!Number.isInteger(limit) || limit < 1) throw new Error('InFlight needs a limit of at least 1');
  }

  /** Answers being worked on now. */
  get count(): number {
    return this.running;
  }

  /** Runs `work` if fewer than `limit` answers are in flight; otherwise runs `busy` instead, at once. */
  admit<T>(work: () => Promise<T>, busy: () => Promise<T>): Promise<T> {
    return this.running >= this.limit ? busy() : this.always(work);
  }

  /** Runs `work` whatever the count, and counts it while it runs. */
  async always<T>(work: () => Promise<T>): Promise<T> {
    this.running++;
    try {
      return await work();
    } finally {
      this.running--;
    }
  }
}

/** `inFlight.admit`, or the work itself where the front set no limit. */
export const admit = <T>(inFlight: InFlight | undefined, work: () => Promise<T>, busy: () => Promise<T>) =>
  inFlight ? inFlight.admit(work, busy) : work();
