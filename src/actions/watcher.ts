import { randomBytes } from 'node:crypto';
import type { Watch } from '../domain/watch/watch.js';
import type { RelayLog } from '../outbox/outbox-relay.js';
import { tickWatch, type WatchTickPorts, type WatchTickReport } from './watch-tick.js';

export interface WatcherOptions {
  ports: WatchTickPorts;
  /** Woken when a tick wrote rows (a redraw, a thread reply). */
  relay: { kick(): void };
  log: Pick<RelayLog, 'info' | 'error'>;
  /** Unique per process, so the store tells replicas' tick claims apart. */
  owner?: string;
}

// The store answers at most this many active watches per pass; more would wait for a later pass.
const ACTIVE_READ = 200;

/**
 * Drives the active watches: on its own timer on the clock port, as the Scheduler does, each pass
 * lists the active watches and ticks those due (watch-tick.ts: each tick claimed in the store
 * first, so replicas and restarts draw a tick once). Watches live in the store, so a restart resumes
 * them: the first pass after start draws each one's latest due slot, never every slot it missed.
 * Passes never overlap; a failing watch is logged and tried again on its next slot.
 */
export class Watcher {
  readonly owner: string;
  private queue: Promise<unknown> = Promise.resolve();
  private busy = false;
  private timer: NodeJS.Timeout | null = null;

  constructor(private readonly options: WatcherOptions) {
    this.owner = options.owner ?? `watcher-${randomBytes(4).toString('hex')}`;
  }

  /** A pass now (what a restart left due), then one every `everyMs` until stopped. */
  start(everyMs: number): void {
    void this.tick();
    this.timer = setInterval(() => {
      if (!this.busy) void this.tick();
    }, everyMs);
    this.timer.unref();
  }

  /** One pass at `now` (after the pass under way, if any). Never throws: failures are logged. */
  tick(now: Date = this.options.ports.clock.now()): Promise<WatchTickReport[]> {
    const run = this.queue.then(() => this.pass(now));
    this.queue = run.catch(() => {});
    return run;
  }

  async stop(): Promise<void> {
    if (this.timer) clearInterval(this.timer);
    this.timer = null;
    await this.queue;
  }

  private async pass(now: Date): Promise<WatchTickReport[]> {
    this.busy = true;
    try {
      const { ports, log } = this.options;
      let active: Watch[];
      try {
        active = await ports.store.listWatches({ states: ['active'], limit: ACTIVE_READ });
      } catch (error) {
        log.error({ err: String(error) }, 'watches could not be listed; trying again on the next pass');
        return [];
      }
      const reports: WatchTickReport[] = [];
      for (const watch of active) {
        try {
          reports.push(await tickWatch(watch, ports, this.owner, now));
        } catch (error) {
          log.error(
            { watch: watch.id, err: String(error) },
            'watch tick failed; trying again on its next slot',
          );
        }
      }
      const wrote = reports.filter((r) => r.outcome === 'drawn' || r.outcome === 'ended');
      if (wrote.length) this.options.relay.kick();
      for (const r of reports.filter((r) => r.outcome === 'ended'))
        log.info({ watch: r.watchId, slot: r.slot }, 'watch ended');
      return reports;
    } finally {
      this.busy = false;
    }
  }
}
