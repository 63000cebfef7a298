import { randomBytes } from 'node:crypto';
import { ChatError } from '../chat/chat-error.js';
import type { Clock } from '../clock/clock.js';
import { BackfillError } from '../domain/errors.js';
import type { OutboxRow } from '../store/state-store.js';
import { type Backoff, DEFAULT_BACKOFF, retryDelayMs } from './backoff.js';
import { type DeliveryPorts, DeliveryProblem, deliverRow } from './deliver-row.js';

/** The slice of a logger the relay writes to (pino's call shape: fields, then the message). */
export interface RelayLog {
  info(fields: Record<string, unknown>, message: string): void;
  warn(fields: Record<string, unknown>, message: string): void;
  error(fields: Record<string, unknown>, message: string): void;
}

export interface RelayOptions extends DeliveryPorts {
  clock: Clock;
  log: RelayLog;
  /** Unique per process, so replicas on one store tell their claims apart. */
  owner?: string;
  /** How long a claim holds a row; a relay that dies mid-delivery frees it after this. */
  leaseMs?: number;
  batch?: number;
  backoff?: Backoff;
  /** Rows still failing this long after they were written are given up (state failed, kept). */
  giveUpAfterMs?: number;
  /** Test hook: called at named points so a test can kill the process there. */
  failpoint?: (name: string) => void;
}

export interface DrainReport {
  delivered: number;
  retried: number;
  failed: number;
}

// Rounds of claim-and-deliver in one drain: a vote's rows (update, reply, start) take three.
const MAX_ROUNDS = 50;

/**
 * Delivers the outbox: claims due rows in the store, delivers each through the chat port or the
 * queue, and records the result, with bounded exponential backoff for failures. On start-up it
 * finishes what a crash left pending (rows whose lease ran out are claimed again). Claims are made in
 * the store, so two replicas never deliver the same row at once.
 */
export class OutboxRelay {
  readonly owner: string;
  private readonly leaseMs: number;
  private readonly batch: number;
  private readonly backoff: Backoff;
  private readonly giveUpAfterMs: number;
  private timer: NodeJS.Timeout | null = null;
  private running: Promise<DrainReport> | null = null;
  private again = false;
  private stopped = false;

  constructor(private readonly options: RelayOptions) {
    this.owner = options.owner ?? `relay-${randomBytes(4).toString('hex')}`;
    this.leaseMs = options.leaseMs ?? 60_000;
    this.batch = options.batch ?? 20;
    this.backoff = options.backoff ?? DEFAULT_BACKOFF;
    this.giveUpAfterMs = options.giveUpAfterMs ?? 24 * 3_600_000;
  }

  /** Polls every `pollMs` (rows whose backoff ran out, other replicas' expired leases) and drains once now. */
  start(pollMs = 1_000): void {
    this.timer = setInterval(() => this.kick(), pollMs);
    this.kick();
  }

  /** Asks for a drain soon (after an action wrote rows); drains once more if one is under way. */
  kick(): void {
    if (this.stopped) return;
    if (this.running) {
      this.again = true;
      return;
    }
    void this.drain().catch((error) =>
      this.options.log.error({ err: String(error) }, 'outbox relay drain failed'),
    );
  }

  /** Delivers everything due now, round after round, and says what happened. */
  drain(): Promise<DrainReport> {
    if (this.running) {
      this.again = true;
      return this.running;
    }
    this.running = this.rounds().finally(() => {
      this.running = null;
      if (this.again && !this.stopped) {
        this.again = false;
        this.kick();
      }
    });
    return this.running;
  }

  async stop(): Promise<void> {
    this.stopped = true;
    if (this.timer) clearInterval(this.timer);
    await this.running?.catch(() => {});
  }

  private async rounds(): Promise<DrainReport> {
    const report: DrainReport = { delivered: 0, retried: 0, failed: 0 };
    for (let round = 0; round < MAX_ROUNDS && !this.stopped; round++) {
      const rows = await this.options.store.claimOutbox({
        owner: this.owner,
        limit: this.batch,
        leaseMs: this.leaseMs,
      });
      if (rows.length === 0) break;
      this.options.failpoint?.('relay.claimed');
      // Rows of a claim are heads of different streams: independent, so side by side.
      const outcomes = await Promise.all(rows.map((row) => this.deliver(row)));
      for (const outcome of outcomes) report[outcome]++;
      if (outcomes.every((o) => o === 'retried')) break;
    }
    return report;
  }

  private async deliver(row: OutboxRow): Promise<keyof DrainReport> {
    const { store, clock, log } = this.options;
    const started = Date.now();
    const fields = { kind: 'delivery', row: row.key, row_kind: row.kind, attempt: row.attempts };
    try {
      this.options.failpoint?.(`relay.delivering:${row.kind}`);
      const result = await deliverRow(row, this.options);
      this.options.failpoint?.(`relay.delivered:${row.kind}`);
      if (!(await store.completeOutbox(row.key, this.owner, result))) {
        log.warn(
          { ...fields, duration_ms: Date.now() - started },
          'outbox row delivered after its claim ran out',
        );
      } else {
        log.info({ ...fields, outcome: 'delivered', duration_ms: Date.now() - started }, 'outbox delivery');
      }
      return 'delivered';
    } catch (error) {
      const { message, code, permanent, waitMs } = describe(error);
      const tooOld = clock.now().getTime() - Date.parse(row.createdAt) > this.giveUpAfterMs;
      const giveUp = permanent || tooOld;
      const delay = waitMs ?? retryDelayMs(this.backoff, row.attempts);
      const retryAt = giveUp ? null : new Date(clock.now().getTime() + delay).toISOString();
      await store.failOutbox(row.key, this.owner, message, retryAt);
      const line = {
        ...fields,
        outcome: giveUp ? 'failed' : 'retry',
        error_code: code,
        error: message,
        retry_at: retryAt,
      };
      if (giveUp) log.error({ ...line, duration_ms: Date.now() - started }, 'outbox delivery given up');
      else log.warn({ ...line, duration_ms: Date.now() - started }, 'outbox delivery failed; will retry');
      return giveUp ? 'failed' : 'retried';
    }
  }
}

/** A delivery failure as the relay acts on it: give up, wait a little, or back off. */
function describe(error: unknown): { message: string; code: string; permanent: boolean; waitMs?: number } {
  if (error instanceof DeliveryProblem) {
    return {
      message: error.message,
      code: 'DELIVERY',
      permanent: error.permanent,
      ...(error.wait ? { waitMs: 200 } : {}),
    };
  }
  if (error instanceof ChatError) {
    // The target message is gone: no retry brings it back. Everything else (not in channel, a
    // missing scope) waits for a person to fix it, then goes out: nothing requested is dropped.
    const waitMs = error.retryAfterSeconds !== undefined ? error.retryAfterSeconds * 1000 : undefined;
    return {
      message: error.message,
      code: `CHAT_${error.chatCode}`,
      permanent: error.chatCode === 'MESSAGE_NOT_FOUND',
      ...(waitMs !== undefined ? { waitMs } : {}),
    };
  }
  if (error instanceof BackfillError) return { message: error.message, code: error.code, permanent: false };
  return {
    message: error instanceof Error ? error.message : String(error),
    code: 'INTERNAL',
    permanent: false,
  };
}
