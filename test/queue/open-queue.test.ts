import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { describeLocation, queueLocation } from '../../src/bot/port-locations.js';
import { fixedClock } from '../../src/clock/clock.js';
import { loadEnv } from '../../src/config/env.js';
import { openQueue } from '../../src/queue/open-queue.js';
import { catalog } from '../support/ports.js';
import { type PubsubStandin, startPubsubStandin } from '../support/pubsub-standin/start-pubsub-standin.js';

describe('choosing the queue from the environment', () => {
  const clock = fixedClock(new Date('2026-11-23T15:00:00.000Z'));
  let standin: PubsubStandin;
  beforeAll(async () => {
    standin = await startPubsubStandin({ project: 'ops-prod' });
    standin.createTopic('nba-phase4-precompute-trigger');
  });
  afterAll(() => standin.close());

  it('is the local file by default', async () => {
    const env = loadEnv({ BACKFILL_QUEUE_PATH: '/tmp/q.jsonl' });
    const queue = await openQueue(catalog, env, clock);
    expect(queue.kind).toBe('local');
    expect(describeLocation(queueLocation(env, catalog))).toBe('local /tmp/q.jsonl');
    await queue.close();
  });

  it('is Pub/Sub in BACKFILL_GCP_PROJECT with BACKFILL_QUEUE=pubsub, through the emulator host when given', async () => {
    const env = loadEnv({
      BACKFILL_QUEUE: 'pubsub',
      BACKFILL_GCP_PROJECT: 'ops-prod',
      PUBSUB_EMULATOR_HOST: standin.host,
    });
    const queue = await openQueue(catalog, env, clock);
    expect(queue.kind).toBe('pubsub');
    const published = await queue.publish({
      key: 'k',
      topic: 'nba-phase4-precompute-trigger',
      data: { n: 1 },
      attributes: { message_key: 'k' },
    });
    await queue.close();
    expect(standin.received.map((m) => [m.project, m.topic, m.messageId])).toEqual([
      ['ops-prod', 'nba-phase4-precompute-trigger', published.messageId],
    ]);
    expect(describeLocation(queueLocation(env, catalog))).toBe(
      `pubsub project ops-prod (emulator ${standin.host})`,
    );
  });

  it("takes the catalog's project when BACKFILL_GCP_PROJECT is unset, and refuses to start with none", async () => {
    const env = loadEnv({ BACKFILL_QUEUE: 'pubsub' });
    expect(describeLocation(queueLocation(env, catalog))).toBe(`pubsub project ${catalog.project}`);
    await expect(openQueue({ ...catalog, project: undefined }, env, clock)).rejects.toMatchObject({
      code: 'BAD_INPUT',
      message: 'BACKFILL_QUEUE=pubsub needs the project of its topics',
    });
  });

  it('names a malformed PUBSUB_EMULATOR_HOST and what it accepts', () => {
    expect(() => loadEnv({ PUBSUB_EMULATOR_HOST: 'http://localhost' })).toThrow(
      'PUBSUB_EMULATOR_HOST: host:port, e.g. localhost:8085',
    );
    expect(() => loadEnv({ BACKFILL_QUEUE: 'kafka' })).toThrow('BACKFILL_QUEUE: Invalid option');
  });
});
