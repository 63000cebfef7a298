import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { RecordingChat } from '../../src/chat/recording-chat.js';
import { systemClock } from '../../src/clock/clock.js';
import { outbox } from '../../src/outbox/outbox-payload.js';
import { OutboxRelay, type RelayLog } from '../../src/outbox/outbox-relay.js';
import {
  PUBLISH_RETRY,
  type PublishRetry,
  publishWorstCaseMs,
} from '../../src/queue/pubsub/publish-retry.js';
import { PubsubQueue } from '../../src/queue/pubsub/pubsub-queue.js';
import { DuckdbStateStore } from '../../src/store/duckdb/duckdb-state-store.js';
import { type OutboxRow, SYSTEM_ACTOR } from '../../src/store/state-store.js';
import { type PubsubStandin, startPubsubStandin } from '../support/pubsub-standin/start-pubsub-standin.js';
import { countOutbox, publishedCounts, reportTally } from './fault-tally.js';
import { SHORT_RETRY } from './short-publish-retry.js';

const PROJECT = 'backfill-faults';
const TOPIC = 'nba-phase4-precompute-trigger';
const PROCESSOR = 'player_daily_cache';
const BACKOFF = { baseMs: 20, maxMs: 100, jitter: 0 };

describe('publishing through the outbox relay to Pub/Sub when Pub/Sub fails', () => {
  let dir: string;
  let standin: PubsubStandin;
  let store: DuckdbStateStore;
  let queue: PubsubQueue;
  let relay: OutboxRelay;
  let warnings: Record<string, unknown>[];

  const log: RelayLog = {
    info: () => {},
    warn: (fields) => warnings.push(fields),
    error: (fields) => warnings.push(fields),
  };

  async function open(retry: PublishRetry = SHORT_RETRY): Promise<void> {
    queue = new PubsubQueue({ project: PROJECT, emulatorHost: standin.host, clock: systemClock, retry });
    relay = new OutboxRelay({
      store,
      chat: new RecordingChat(),
      queue,
      clock: systemClock,
      log,
      backoff: BACKOFF,
    });
  }

  beforeEach(async () => {
    dir = mkdtempSync(join(tmpdir(), 'backfill-pubsub-faults-'));
    warnings = [];
    standin = await startPubsubStandin({ project: PROJECT });
    store = await DuckdbStateStore.open({ path: join(dir, 'state.duckdb'), clock: systemClock });
  });
  afterEach(async () => {
    await relay?.stop();
    await queue?.close();
    await store?.close();
    await standin?.close();
    rmSync(dir, { recursive: true, force: true });
  });

  /** Queue messages as a core action writes them: one outbox row each, in `stream` (default: its own). */
  async function enqueue(keys: string[], options: { stream?: string; orderingKey?: string } = {}) {
    const rows = keys.map((key) =>
      outbox.publish(key, options.stream ?? key, {
        topic: TOPIC,
        data: { schema: 'backfill-bot.rerun/v1', kind: 'rerun', message_key: key },
        attributes: { message_key: key, kind: 'rerun' },
        ...(options.orderingKey ? { orderingKey: options.orderingKey } : {}),
      }),
    );
    await store.enqueue(rows, { actor: SYSTEM_ACTOR, action: 'test.enqueue', args: keys, result: null });
  }

  const rows = async (): Promise<OutboxRow[]> => store.listOutbox();
  const pending = async () => (await store.listOutbox({ state: 'pending' })).length;
  const receivedKeys = () => standin.received.map((m) => m.attributes.message_key);

  /** Drains (waiting out the short backoff) until nothing is pending, or fails saying what is left. */
  async function drainUntilDelivered(timeoutMs = 10_000): Promise<void> {
    const deadline = Date.now() + timeoutMs;
    while ((await pending()) > 0) {
      if (Date.now() > deadline) {
        const left = (await rows()).filter((r) => r.state !== 'delivered');
        throw new Error(`still pending: ${left.map((r) => `${r.key} (${r.lastError})`).join(', ')}`);
      }
      await relay.drain();
      await new Promise((resolve) => setTimeout(resolve, BACKOFF.baseMs));
    }
  }

  /** Waits out the backoff of every pending row, then drains once. */
  async function drainAfterBackoff() {
    await new Promise((resolve) => setTimeout(resolve, BACKOFF.maxMs + 20));
    return relay.drain();
  }

  /** Every key exactly once: none lost, none twice; the counts printed under the test's name. */
  async function expectEachKeyOnce(keys: string[]) {
    expect(receivedKeys().sort()).toEqual([...keys].sort());
    expect(new Set(receivedKeys()).size).toBe(standin.received.length);
    const scenario = expect.getState().currentTestName?.split(' > ').at(-1) ?? 'pubsub';
    reportTally(scenario, {
      outbox: countOutbox(await rows()),
      published: publishedCounts(receivedKeys().map(String)),
    });
  }

  it('rides out a few UNAVAILABLE answers inside one publish call (the client retries them)', async () => {
    standin.createTopic(TOPIC);
    await open(PUBLISH_RETRY);
    const keys = ['rerun:r_1:1', 'rerun:r_1:2', 'rerun:r_1:3', 'rerun:r_1:4', 'rerun:r_1:5'];
    await enqueue(keys);
    standin.failNext('UNAVAILABLE', 3);
    expect(await relay.drain()).toEqual({ delivered: 5, retried: 0, failed: 0 });
    await expectEachKeyOnce(keys);
    expect(standin.faultsLeft()).toBe(0);
    expect((await rows()).map((r) => [r.state, r.attempts])).toEqual(keys.map(() => ['delivered', 1]));
  });

  it('loses no key when UNAVAILABLE outlasts the client: the relay retries until they are all out', async () => {
    standin.createTopic(TOPIC);
    await open();
    const keys = ['rerun:r_2:1', 'rerun:r_2:2', 'rerun:r_2:3', 'rerun:r_2:4', 'rerun:r_2:5'];
    await enqueue(keys);
    standin.failNext('UNAVAILABLE', 60);
    const first = await relay.drain();
    expect(first).toEqual({ delivered: 0, retried: 5, failed: 0 });
    expect(new Set((await rows()).map((r) => r.lastError))).toEqual(
      new Set([
        `Pub/Sub did not take a publish to topic ${TOPIC} in project ${PROJECT} (DEADLINE_EXCEEDED, after the client's retries): the relay tries again with backoff`,
      ]),
    );
    expect(warnings[0]).toMatchObject({ outcome: 'retry', error_code: 'QUEUE_FAILED' });
    await drainUntilDelivered();
    expect(standin.faultsLeft()).toBe(0);
    await expectEachKeyOnce(keys);
    expect((await rows()).every((r) => r.state === 'delivered' && r.attempts > 1)).toBe(true);
  });

  it('keeps rows pending while the topic is missing, saying so on each row, and sends them once it exists', async () => {
    await open();
    const keys = ['gate:g_1:stage-start', 'gate:g_2:stage-start', 'gate:g_3:stage-start'];
    await enqueue(keys);
    expect(await relay.drain()).toEqual({ delivered: 0, retried: 3, failed: 0 });
    expect(await drainAfterBackoff()).toEqual({ delivered: 0, retried: 3, failed: 0 });
    const missing = `Pub/Sub topic ${TOPIC} does not exist in project ${PROJECT}: create it (the bot never creates topics)`;
    for (const key of keys) {
      expect(await store.getOutbox(key)).toMatchObject({ state: 'pending', attempts: 2, lastError: missing });
    }
    expect(standin.received).toEqual([]);

    standin.createTopic(TOPIC);
    await drainUntilDelivered();
    await expectEachKeyOnce(keys);
    // It asked Pub/Sub to publish and nothing else: no CreateTopic, not even GetTopic.
    expect(new Set(standin.rpcs)).toEqual(new Set(['Publish']));
  });

  it('keeps rows pending while the bot may not publish, naming the role to grant, and sends them once it may', async () => {
    standin.createTopic(TOPIC);
    await open();
    await enqueue(['gate:g_4:stage-start']);
    standin.failNext('PERMISSION_DENIED', 2);
    await relay.drain();
    await drainAfterBackoff();
    expect(await store.getOutbox('gate:g_4:stage-start')).toMatchObject({
      state: 'pending',
      attempts: 2,
      lastError: `Pub/Sub refused the bot publishing to topic ${TOPIC} in project ${PROJECT}: grant roles/pubsub.publisher on topic ${TOPIC} to the bot's service account`,
    });
    expect(standin.received).toEqual([]);
    await drainUntilDelivered();
    await expectEachKeyOnce(['gate:g_4:stage-start']);
  });

  it('resumes an ordering key after a failed publish: the failed message, then the next on that key, go out in order', async () => {
    standin.createTopic(TOPIC);
    await open();
    const keys = ['rerun:r_3:1', 'rerun:r_3:2'];
    await enqueue(keys, { stream: `rerun:r_3:${PROCESSOR}`, orderingKey: PROCESSOR });
    standin.failNext('PERMISSION_DENIED', 1);
    expect(await relay.drain()).toEqual({ delivered: 0, retried: 1, failed: 0 });
    await drainUntilDelivered();
    expect(standin.received.map((m) => [m.attributes.message_key, m.orderingKey])).toEqual([
      ['rerun:r_3:1', PROCESSOR],
      ['rerun:r_3:2', PROCESSOR],
    ]);
    await expectEachKeyOnce(keys);
  });
});

describe('the Pub/Sub queue on its own', () => {
  let standin: PubsubStandin;
  let queue: PubsubQueue;
  beforeEach(async () => {
    standin = await startPubsubStandin({ project: PROJECT });
    standin.createTopic(TOPIC);
  });
  afterEach(async () => {
    await queue?.close();
    await standin?.close();
  });

  const message = (key: string) => ({
    key,
    topic: TOPIC,
    data: { message_key: key },
    attributes: { message_key: key },
    orderingKey: PROCESSOR,
  });

  it('publishes on an ordering key again right after a publish on it failed', async () => {
    queue = new PubsubQueue({ project: PROJECT, emulatorHost: standin.host, clock: systemClock });
    standin.failNext('NOT_FOUND', 1);
    await expect(queue.publish(message('k1'))).rejects.toMatchObject({
      code: 'QUEUE_FAILED',
      message: `Pub/Sub topic ${TOPIC} does not exist in project ${PROJECT}: create it (the bot never creates topics)`,
    });
    await queue.publish(message('k1'));
    await queue.publish(message('k2'));
    expect(standin.received.map((m) => [m.attributes.message_key, m.orderingKey])).toEqual([
      ['k1', PROCESSOR],
      ['k2', PROCESSOR],
    ]);
  });

  it('gives up on one publish within its bound when Pub/Sub keeps answering UNAVAILABLE', async () => {
    queue = new PubsubQueue({
      project: PROJECT,
      emulatorHost: standin.host,
      clock: systemClock,
      retry: SHORT_RETRY,
    });
    standin.failNext('UNAVAILABLE', 1_000);
    const started = Date.now();
    await expect(queue.publish(message('k3'))).rejects.toMatchObject({ code: 'QUEUE_FAILED' });
    expect(Date.now() - started).toBeLessThan(publishWorstCaseMs(SHORT_RETRY) + 500);
    expect(standin.calls.length).toBeGreaterThan(1);
    expect(standin.received).toEqual([]);
  });

  it('bounds one publish call by default well inside the relay claim on the row (60 s)', () => {
    expect(publishWorstCaseMs(PUBLISH_RETRY)).toBe(22_000);
  });
});
