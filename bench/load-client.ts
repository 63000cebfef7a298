// The load client of bench:load, in its own process (forked by bench/load.ts): N users in a closed
// loop, each sending its next request only once the last one was answered, for the warm-up and then
// the measured window. Requests sent inside the window are the samples; the parent hosts the Slack
// stand-in and forwards what it receives (ParentToClient).

import {
  type ClientConfig,
  type ClientToParent,
  epochNow,
  type ParentToClient,
  type Sample,
} from './load-messages.js';
import { type Card, EventBox, pickScenario, type UserContext } from './load-mix.js';
import { ResponseSink, SignedPoster } from './load-slack.js';

const config = JSON.parse(process.env.BENCH_LOAD_CONFIG ?? '{}') as ClientConfig;
const send = (message: ClientToParent) => process.send?.(message);

/** mulberry32: a small seeded generator, so a run's mix can be repeated. */
function seeded(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const events = new EventBox();
const triggers = new Map<number, (trigger: string) => void>();
let nextTrigger = 0;
process.on('message', (message: ParentToClient) => {
  switch (message.type) {
    case 'trigger':
      triggers.get(message.id)?.(message.trigger);
      triggers.delete(message.id);
      return;
    case 'card':
    case 'update':
      return events.deliver(`${message.type}:${message.requestId}`, message);
    case 'modal':
    case 'modal-failed':
      return events.deliver(`modal:${message.trigger}`, message);
  }
});

const poster = new SignedPoster(config.appUrl, config.secret, config.users + 8);
const sink = new ResponseSink();
await sink.start();
await poster.warm(config.users);

const started = epochNow();
const window = { start: started + config.warmupMs, end: started + config.warmupMs + config.durationMs };
const samples: Sample[] = [];
const cards: Card[] = [];
setTimeout(() => send({ type: 'phase', phase: 'measure', at: epochNow() }), config.warmupMs);
setTimeout(
  () => send({ type: 'phase', phase: 'drain', at: epochNow() }),
  config.warmupMs + config.durationMs,
);

async function user(index: number): Promise<void> {
  const ctx: UserContext = {
    poster,
    sink,
    events,
    cards,
    random: seeded(config.seed * 1000 + index),
    trigger: (who) =>
      new Promise((resolve) => {
        const id = ++nextTrigger;
        triggers.set(id, resolve);
        send({ type: 'trigger', id, user: who });
      }),
    record(sample, sentAt) {
      if (sentAt >= window.start && sentAt < window.end) samples.push(sample);
    },
  };
  while (epochNow() < window.end) await pickScenario(ctx).run(ctx);
}

await Promise.all(Array.from({ length: config.users }, (_, i) => user(i)));
send({ type: 'done', samples, window });
poster.close();
sink.close();
