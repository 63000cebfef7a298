import type { RelayLog } from '../outbox/outbox-relay.js';
import type { ActionPorts } from './action-ports.js';
import { type AdvanceReport, advanceReruns } from './rerun-advance.js';

/**
 * Runs advanceReruns on a timer, one pass at a time, and wakes the relay when a pass wrote rows (a
 * released step's messages, a redrawn thread). A failing pass is logged and tried again next time.
 */
export class RerunAdvancer {
  private timer: NodeJS.Timeout | null = null;
  private running: Promise<AdvanceReport | null> | null = null;

  constructor(
    private readonly ports: Pick<ActionPorts, 'catalog' | 'store' | 'warehouse' | 'clock'>,
    private readonly relay: { kick(): void },
    private readonly log: RelayLog,
  ) {}

  start(everyMs: number): void {
    this.timer = setInterval(() => void this.tick(), everyMs);
  }

  /** One pass now (or the one under way). */
  tick(): Promise<AdvanceReport | null> {
    this.running ??= advanceReruns(this.ports)
      .then((report) => {
        if (report.active > 0) this.relay.kick();
        return report;
      })
      .catch((error: unknown) => {
        this.log.error({ err: String(error) }, 're-run advance failed; trying again on the next tick');
        return null;
      })
      .finally(() => {
        this.running = null;
      });
    return this.running;
  }

  async stop(): Promise<void> {
    if (this.timer) clearInterval(this.timer);
    await this.running;
  }
}
