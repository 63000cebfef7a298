/**
 * Shared or exclusive turns at one resource, first come first served: queries share it, a write
 * window takes it alone. Once an exclusive turn is waiting, later shared ones queue behind it, so
 * a steady stream of queries cannot keep a write out; the queries that arrive meanwhile wait for
 * their turn instead of failing.
 */
export class AccessGate {
  private sharing = 0;
  private exclusive = false;
  private readonly waiting: { alone: boolean; start: () => void }[] = [];

  shared<T>(work: () => Promise<T>): Promise<T> {
    return this.turn(false, work);
  }

  alone<T>(work: () => Promise<T>): Promise<T> {
    return this.turn(true, work);
  }

  private async turn<T>(alone: boolean, work: () => Promise<T>): Promise<T> {
    if (this.waiting.length > 0 || !this.canStart(alone)) {
      await new Promise<void>((start) => this.waiting.push({ alone, start }));
    } else {
      this.enter(alone);
    }
    try {
      return await work();
    } finally {
      if (alone) this.exclusive = false;
      else this.sharing--;
      this.admit();
    }
  }

  private canStart(alone: boolean): boolean {
    return !this.exclusive && (!alone || this.sharing === 0);
  }

  private enter(alone: boolean): void {
    if (alone) this.exclusive = true;
    else this.sharing++;
  }

  private admit(): void {
    for (let next = this.waiting[0]; next && this.canStart(next.alone); next = this.waiting[0]) {
      this.waiting.shift();
      this.enter(next.alone);
      next.start();
    }
  }
}
