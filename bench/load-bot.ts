// The bot under load, in its own process: exactly `npm start` with Slack credentials (startBot in
// HTTP mode), its Web API pointed at the stand-in the parent hosts. Two bench-only additions, none in
// production code: the event-loop delay and RSS are measured here (the parent asks over IPC), and
// the HTTP listener is kept on loopback (HTTP mode listens on 0.0.0.0, as a container must).
import net from 'node:net';
import { monitorEventLoopDelay } from 'node:perf_hooks';
import { startBot } from '../src/bot/start-bot.js';
import { loadEnv } from '../src/config/env.js';
import { createLogger } from '../src/log/create-logger.js';
import { DuckdbStateStore } from '../src/store/duckdb/duckdb-state-store.js';
import {
  type BotStats,
  type BotToParent,
  epochNow,
  type ParentToBot,
  type StoreOps,
} from './load-messages.js';

const listen = net.Server.prototype.listen;
net.Server.prototype.listen = function (this: net.Server, ...args: unknown[]) {
  const [options] = args;
  if (typeof options === 'object' && options !== null && 'host' in options) {
    const { host } = options as { host?: string };
    if (host === '0.0.0.0' || host === '::') args[0] = { ...options, host: '127.0.0.1' };
  }
  return (listen as (...a: unknown[]) => net.Server).apply(this, args);
} as typeof net.Server.prototype.listen;

const send = (message: BotToParent) => process.send?.(message);

// The DuckDB state store runs every write as one transaction on one connection, in arrival order,
// and reads on a second: time each one's wait for its connection and how long it held it, by label,
// reads as `read:<label>` (bench only: the private methods are wrapped here, in this process).
type Transact = (label: string, work: (c: unknown) => Promise<unknown>) => Promise<unknown>;
const store = DuckdbStateStore.prototype as unknown as { transact: Transact; read: Transact };
let storeOps: Record<string, StoreOps> = {};
const timeOps = (method: 'transact' | 'read', prefix: string) => {
  const inner = store[method];
  store[method] = function (this: unknown, label, work) {
    const called = performance.now();
    let began = called;
    const done = (): void => {
      const key = `${prefix}${label}`;
      const op = storeOps[key] ?? { count: 0, waitMs: 0, heldMs: 0, maxWaitMs: 0 };
      storeOps[key] = op;
      const wait = began - called;
      op.count++;
      op.waitMs += wait;
      op.heldMs += performance.now() - began;
      op.maxWaitMs = Math.max(op.maxWaitMs, wait);
    };
    const timed = async (c: unknown) => {
      began = performance.now();
      return work(c);
    };
    const result = inner.call(this, label, timed);
    result.then(done, done);
    return result;
  };
};
timeOps('transact', '');
timeOps('read', 'read:');

// The histogram records the time between ticks of a 10 ms timer: the delay is what exceeds 10 ms
// (an idle loop reads ~10 ms, a 30 ms block ~40 ms), so the resolution is taken off every figure.
const RESOLUTION_MS = 10;
const loop = monitorEventLoopDelay({ resolution: RESOLUTION_MS });
loop.enable();
let peakRss = process.memoryUsage.rss();
let cpuAtMark = process.cpuUsage();
let markedAt = 0;
// RSS every 5 s from the mark: whether it levels off or keeps climbing.
const series: number[] = [];
setInterval(() => {
  const rss = process.memoryUsage.rss();
  peakRss = Math.max(peakRss, rss);
  if (markedAt && (epochNow() - markedAt) / 5000 >= series.length + 1) series.push(rss);
}, 250).unref();

const late = (ns: number) => Math.max(0, ns / 1e6 - RESOLUTION_MS);
function stats(): BotStats {
  const memory = process.memoryUsage();
  const cpu = process.cpuUsage(cpuAtMark);
  peakRss = Math.max(peakRss, memory.rss);
  return {
    rss: memory.rss,
    heapUsed: memory.heapUsed,
    external: memory.external,
    peakRss,
    loop: {
      p50: late(loop.percentile(50)),
      p99: late(loop.percentile(99)),
      max: late(loop.max),
      mean: late(loop.mean),
    },
    cpuMs: (cpu.user + cpu.system) / 1000,
    rssSeries: [...series],
    storeOps,
    at: epochNow(),
  };
}

const bot = await startBot(loadEnv(), createLogger());
process.on('message', (message: ParentToBot) => {
  if (message.type === 'mark') {
    // The window starts: what the warm-up left behind is the baseline.
    loop.reset();
    peakRss = process.memoryUsage.rss();
    cpuAtMark = process.cpuUsage();
    markedAt = epochNow();
    storeOps = {};
    series.length = 0;
    send({ type: 'stats', stats: stats() });
  } else if (message.type === 'report') {
    send({ type: 'stats', stats: stats() });
  } else {
    void bot.close().finally(() => process.exit(0));
  }
});
send({ type: 'ready' });
