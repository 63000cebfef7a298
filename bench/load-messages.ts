// What the three processes of bench:load tell each other over their IPC channels (child_process.fork).
// The orchestrator hosts the Slack stand-in (Slack's side); the bot and the load client are its
// children, so neither shares an event loop or a heap with Slack or with the other.

/** Epoch milliseconds with sub-millisecond precision, comparable across processes on one machine. */
export const epochNow = (): number => performance.timeOrigin + performance.now();

export interface ClientConfig {
  appUrl: string;
  secret: string;
  users: number;
  warmupMs: number;
  durationMs: number;
  seed: number;
}

/** One request a user made and what came of it (times in ms). */
export interface Sample {
  kind: string;
  ack: number;
  /** Until the answer arrived; absent when none was expected or none came. */
  answer?: number;
  error?: string;
  /** The answer said busy (the front's in-flight limit): counted apart from other errors. */
  busy?: boolean;
}

/** What the stand-in saw that a user waits for, stamped when the stand-in received it. */
export type SlackEvent =
  | { type: 'card'; requestId: string; message: Record<string, unknown>; at: number }
  | { type: 'update'; requestId: string; version: string; at: number }
  | { type: 'modal'; trigger: string; view: Record<string, unknown>; at: number }
  | { type: 'modal-failed'; trigger: string; error: string; at: number };

export type ClientToParent =
  | { type: 'trigger'; id: number; user: string }
  | { type: 'phase'; phase: 'measure' | 'drain'; at: number }
  | { type: 'done'; samples: Sample[]; window: { start: number; end: number } };

export type ParentToClient = SlackEvent | { type: 'trigger'; id: number; trigger: string };

/** The DuckDB state store's transactions of one label: waits for its one connection, time holding it. */
export interface StoreOps {
  count: number;
  waitMs: number;
  heldMs: number;
  maxWaitMs: number;
}

export interface BotStats {
  rss: number;
  heapUsed: number;
  external: number;
  peakRss: number;
  /** Event-loop delay since the last mark, in ms beyond the 10 ms sampling interval (monitorEventLoopDelay). */
  loop: { p50: number; p99: number; max: number; mean: number };
  /** CPU time the bot used since the last mark, in ms (user + system). */
  cpuMs: number;
  /** RSS every 5 s since the last mark. */
  rssSeries: number[];
  /** By transaction label, since the last mark. */
  storeOps: Record<string, StoreOps>;
  at: number;
}

export type ParentToBot = { type: 'mark' } | { type: 'report' } | { type: 'stop' };
export type BotToParent = { type: 'ready' } | { type: 'stats'; stats: BotStats };
