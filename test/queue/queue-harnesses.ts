import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Clock } from '../../src/clock/clock.js';
import { LocalQueue } from '../../src/queue/local/local-queue.js';
import { PubsubQueue } from '../../src/queue/pubsub/pubsub-queue.js';
import type { Queue } from '../../src/queue/queue.js';
import { startPubsubStandin } from '../support/pubsub-standin/start-pubsub-standin.js';

/** A message as a consumer of the queue sees it. */
export interface Arrived {
  topic: string;
  data: unknown;
  attributes: Record<string, string>;
  orderingKey: string | null;
  messageId: string;
}

export interface QueueHarness {
  queue: Queue;
  /** Everything consumers can read, oldest first. */
  arrived(): Promise<Arrived[]>;
  /** What the adapter promises for a key published twice (see src/queue/queue.ts). */
  repeatedKey: 'once' | 'at-least-once';
  dispose(): Promise<void>;
}

export type MakeQueueHarness = (clock: Clock, topics: string[]) => Promise<QueueHarness>;

async function localHarness(clock: Clock): Promise<QueueHarness> {
  const dir = mkdtempSync(join(tmpdir(), 'backfill-queue-contract-'));
  const queue = new LocalQueue(join(dir, 'queue.jsonl'), clock);
  return {
    queue,
    arrived: async () =>
      (await queue.published()).map((p) => ({
        topic: p.topic,
        data: p.data,
        attributes: p.attributes,
        orderingKey: p.orderingKey ?? null,
        messageId: p.messageId,
      })),
    repeatedKey: 'once',
    dispose: async () => {
      await queue.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

export const PROJECT = 'backfill-contract';

async function pubsubHarness(clock: Clock, topics: string[]): Promise<QueueHarness> {
  const standin = await startPubsubStandin({ project: PROJECT });
  for (const topic of topics) standin.createTopic(topic);
  const queue = new PubsubQueue({ project: PROJECT, emulatorHost: standin.host, clock });
  return {
    queue,
    arrived: async () =>
      standin.received.map((m) => ({
        topic: m.topic,
        data: JSON.parse(m.data),
        attributes: m.attributes,
        orderingKey: m.orderingKey,
        messageId: m.messageId,
      })),
    repeatedKey: 'at-least-once',
    dispose: async () => {
      try {
        await queue.close();
      } finally {
        await standin.close();
      }
    },
  };
}

// One contract, every adapter: another adapter joins with one more line here.
export const QUEUE_ADAPTERS: [string, MakeQueueHarness][] = [
  ['the local file', localHarness],
  ['Pub/Sub (real client, gRPC stand-in)', pubsubHarness],
];
