import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { RecordingChat } from '../../src/chat/recording-chat.js';
import { systemClock } from '../../src/clock/clock.js';
import { outbox } from '../../src/outbox/outbox-payload.js';
import { OutboxRelay } from '../../src/outbox/outbox-relay.js';
import { PubsubQueue } from '../../src/queue/pubsub/pubsub-queue.js';
import { type StateStore, SYSTEM_ACTOR } from '../../src/store/state-store.js';
import { bigqueryStoreHarness } from '../store/bigquery-store-harness.js';
import { type PubsubStandin, startPubsubStandin } from '../support/pubsub-standin/start-pubsub-standin.js';
import { outboxCounts, publishedCounts, reportTally } from './fault-tally.js';

// Two bot replicas share one BigQuery state dataset (through the REST stand-in) and publish to one
// Pub/Sub (the gRPC stand-in): their relays claim rows in the store, so every message key is
// received exactly once, none lost.

const PROJECT = 'backfill-replicas';
const TOPIC = 'nba-phase4-precompute-trigger';
const silent = { info() {}, warn() {}, error() {} };

describe('two relays on one BigQuery store', () => {
  let pubsub: PubsubStandin;
  let harness: Awaited<ReturnType<typeof bigqueryStoreHarness>>;
  let stores: StateStore[];

  beforeAll(async () => {
    pubsub = await startPubsubStandin({ project: PROJECT });
    pubsub.createTopic(TOPIC);
    harness = await bigqueryStoreHarness(systemClock);
    const first = await harness.open();
    stores = [first, await harness.replica()];
  }, 60_000);
  afterAll(async () => {
    for (const store of stores ?? []) await store.close();
    await harness?.dispose();
    await pubsub?.close();
  });

  it('deliver every key exactly once between them, none lost', async () => {
    const keys = Array.from({ length: 24 }, (_, i) => `rerun:r_replicas:msg:${i}`);
    // Separate streams, so both relays can take rows at once.
    await stores[0]?.enqueue(
      keys.map((key, i) =>
        outbox.publish(key, `rerun:r_replicas:queue:${i % 6}`, {
          topic: TOPIC,
          data: { message_key: key },
          attributes: { message_key: key },
          orderingKey: `processor-${i % 6}`,
        }),
      ),
      { actor: SYSTEM_ACTOR, action: 'test.enqueue', args: {}, result: {} },
    );
    const queues = stores.map(
      () => new PubsubQueue({ project: PROJECT, emulatorHost: pubsub.host, clock: systemClock }),
    );
    const relays = stores.map(
      (store, i) =>
        new OutboxRelay({
          store,
          chat: new RecordingChat(),
          queue: queues[i] as PubsubQueue,
          clock: systemClock,
          log: silent,
          batch: 4,
        }),
    );
    const reports = await Promise.all(relays.map((r) => r.drain()));
    for (const queue of queues) await queue.close();

    const received = pubsub.received.map((m) => m.attributes.message_key);
    expect(new Set(received).size).toBe(keys.length);
    expect(received).toHaveLength(keys.length);
    expect(reports.reduce((n, r) => n + r.delivered, 0)).toBe(keys.length);
    const pending = await stores[0]?.listOutbox({ state: 'pending' });
    expect(pending).toEqual([]);
    const [first] = stores;
    if (first)
      reportTally('two relays on one BigQuery store', {
        outbox: await outboxCounts(first),
        published: publishedCounts(received.map(String)),
      });
  });
});
