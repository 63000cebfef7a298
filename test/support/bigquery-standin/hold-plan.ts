/** A job held back; `held` resolves once one matched, `release` lets it through. */
export interface Hold {
  held: Promise<void>;
  release(): void;
}

/**
 * The next job whose SQL matches waits, before it is submitted, until released: a test can then run
 * other jobs in between, e.g. commit one replica's transaction after the other read but before its
 * own transaction starts (a window real BigQuery leaves open for as long as the network likes).
 * One hold at a time; a new one replaces the old, which is released. close() releases any.
 */
export class HoldPlan {
  private next: { match: RegExp; reached: () => void; released: Promise<void>; release: () => void } | null =
    null;

  add(match: RegExp): Hold {
    this.close();
    let reached = () => {};
    let release = () => {};
    const held = new Promise<void>((r) => {
      reached = r;
    });
    const released = new Promise<void>((r) => {
      release = r;
    });
    this.next = { match, reached, released, release };
    return { held, release };
  }

  /** Waits while `sql` is the job to hold (the first match takes the hold). */
  async wait(sql: string): Promise<void> {
    const hold = this.next;
    if (!hold?.match.test(sql)) return;
    this.next = null;
    hold.reached();
    await hold.released;
  }

  close(): void {
    this.next?.release();
    this.next = null;
  }
}
