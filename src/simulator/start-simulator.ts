import type { Clock } from '../clock/clock.js';
import type { Catalog } from '../config/catalog-schema.js';
import type { RowShape } from '../demo/table-columns.js';
import { plural } from '../domain/message.js';
import type { Logger } from '../log/logger.js';
import { DEMO_DEFAULTS } from '../warehouse/duckdb/ensure-demo-warehouse.js';
import { withWriteWindow } from '../warehouse/duckdb/write-window.js';
import { applyOrders } from './apply-orders.js';
import { type Handled, HandledKeys, ledgerPathFor } from './handled-keys.js';
import { readQueue } from './read-queue.js';
import { type RerunOrder, readMessage } from './rerun-order.js';

export interface SimulatorOptions {
  catalog: Catalog;
  /** The demo warehouse (BACKFILL_DUCKDB_PATH): the same file the bot's warehouse client reads. */
  warehousePath: string;
  /** The local queue's file (BACKFILL_QUEUE_PATH). */
  queuePath: string;
  clock: Clock;
  log: Logger;
  /** The seed the demo was generated with (checked against the file): `demo init`'s default. */
  seed?: number;
  /** How often the queue is read; null: never by itself (tests call tick). Default 1 s. */
  pollMs?: number | null;
  /** Where handled keys are kept; default `simulator.json` beside the queue. */
  ledgerPath?: string;
  /** DuckDB's memory_limit for the write windows' instance (BACKFILL_DUCKDB_MEMORY_LIMIT). */
  memoryLimit?: string;
}

export interface Simulator {
  /** Stops polling and waits for a tick under way. */
  stop(): Promise<void>;
  /** Applies every re-run that is due now, in one write window; resolves to the messages handled. */
  tick(): Promise<number>;
}

const dates = (n: number) => plural(n, 'date');

/**
 * The pipeline the embedded default lacks: it answers the re-run messages published to the local
 * queue, `demo.simulator.delaySeconds` after each was published, by writing what the pipeline
 * would have (see applyOrders). All that is due is written in one short window (write-window.ts);
 * between windows the file is only read, so CLI reads beside the bot keep working.
 */
export function startSimulator(options: SimulatorOptions): Simulator {
  const { catalog, clock, log } = options;
  const seed = options.seed ?? DEMO_DEFAULTS.seed;
  const handled = new HandledKeys(options.ledgerPath ?? ledgerPathFor(options.queuePath));
  let tail: Promise<unknown> = Promise.resolve();
  let timer: NodeJS.Timeout | undefined;
  let stopped = false;
  let lastError = '';
  // The file's shape and seed are checked in the first window, not again in every one.
  let shape: RowShape | undefined;

  async function due(): Promise<{ orders: RerunOrder[]; refused: Record<string, Handled> }> {
    const now = clock.now().getTime();
    const orders: RerunOrder[] = [];
    const refused: Record<string, Handled> = {};
    for (const message of await readQueue(options.queuePath)) {
      const read = readMessage(catalog, message);
      if (read.kind === 'other') continue;
      const key = read.kind === 'order' ? read.order.key : read.key;
      if ((await handled.has(key)) || key in refused || orders.some((o) => o.key === key)) continue;
      if (read.kind === 'refused') {
        log.warn(
          { key: read.key, reason: read.reason },
          `simulator: not re-running ${read.key}: ${read.reason}`,
        );
        refused[read.key] = { at: clock.now().toISOString(), refused: read.reason };
      } else if (read.order.dueAt <= now) {
        orders.push(read.order);
      }
    }
    return { orders, refused };
  }

  async function runTick(): Promise<number> {
    const { orders, refused } = await due();
    if (orders.length === 0) {
      if (Object.keys(refused).length) await handled.add(refused);
      return 0;
    }
    const now = clock.now();
    const window = await withWriteWindow(
      options.warehousePath,
      (connection) =>
        applyOrders(connection, catalog, orders, {
          path: options.warehousePath,
          seed,
          failureRate: catalog.demo.simulator.failureRate,
          now,
          ...(shape ? { shape } : {}),
        }),
      undefined,
      { memoryLimit: options.memoryLimit },
    );
    shape = window.value.shape;
    const entries: Record<string, Handled> = { ...refused };
    for (const a of window.value.applied) {
      entries[a.key] = {
        at: now.toISOString(),
        success: a.success.length,
        failed: a.failed.length,
        skipped: a.skipped.length,
      };
      log.info(
        {
          key: a.key,
          processor: a.processor,
          success: a.success,
          failed: a.failed,
          skipped: a.skipped,
          rows: a.rows,
        },
        `simulator: re-ran ${a.processor} on ${dates(a.success.length + a.failed.length + a.skipped.length)}: ` +
          `${a.success.length} success, ${a.failed.length} failed, ${a.skipped.length} skipped`,
      );
    }
    await handled.add(entries);
    log.info(
      {
        messages: orders.length,
        write_ms: Math.round(window.writeMs),
        paused_ms: Math.round(window.pausedMs),
        attempts: window.attempts,
      },
      `simulator: wrote ${orders.length} re-run${orders.length === 1 ? '' : 's'} in a ${Math.round(window.writeMs)} ms write window`,
    );
    return orders.length;
  }

  function tick(): Promise<number> {
    const run = tail.then(runTick);
    tail = run.catch(() => {});
    return run;
  }

  function poll(ms: number): void {
    timer = setTimeout(async () => {
      try {
        await tick();
        lastError = '';
      } catch (error) {
        // Retried at the next poll (a CLI holding the file, a file that is not the demo's): said once.
        const message = error instanceof Error ? error.message : String(error);
        if (message !== lastError) log.warn({ error: message }, `simulator: will retry: ${message}`);
        lastError = message;
      }
      if (!stopped) poll(ms);
    }, ms);
    timer.unref();
  }

  const pollMs = options.pollMs === undefined ? 1000 : options.pollMs;
  if (pollMs !== null) poll(pollMs);

  return {
    tick,
    async stop() {
      stopped = true;
      clearTimeout(timer);
      await tail;
    },
  };
}
