import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { fixedClock } from '../../src/clock/clock.js';
import type { Queue, QueueMessage } from '../../src/queue/queue.js';
import { type MakeQueueHarness, QUEUE_ADAPTERS, type QueueHarness } from './queue-harnesses.js';

const STAGES = 'nba-phase4-precompute-trigger';
const RERUNS = 'nba-phase3-analytics-trigger';
const clock = fixedClock(new Date('2026-11-23T15:00:00.000Z'));

const message = (key: string, over: Partial<QueueMessage> = {}): QueueMessage => ({
  key,
  topic: STAGES,
  data: { schema: 'backfill-bot.stage-start/v1', kind: 'stage-start', message_key: key },
  attributes: { message_key: key, kind: 'stage-start' },
  ...over,
});

function queueContract(name: string, makeHarness: MakeQueueHarness) {
  describe(`the queue contract on ${name}`, () => {
    let harness: QueueHarness;
    let queue: Queue;

    beforeEach(async () => {
      harness = await makeHarness(clock, [STAGES, RERUNS]);
      queue = harness.queue;
    });
    afterEach(async () => {
      await harness?.dispose();
    });

    it('returns the message as given with a message id, the same id consumers see', async () => {
      const sent = message('gate:g_000000000001:stage-start');
      const published = await queue.publish(sent);
      expect(published).toEqual({
        ...sent,
        messageId: published.messageId,
        publishedAt: clock.now().toISOString(),
      });
      expect(published.messageId).toMatch(/^\S+$/);
      expect(await harness.arrived()).toEqual([
        {
          topic: STAGES,
          data: sent.data,
          attributes: sent.attributes,
          orderingKey: null,
          messageId: published.messageId,
        },
      ]);
    });

    it('gives every message its own id', async () => {
      const a = await queue.publish(message('k-a'));
      const b = await queue.publish(message('k-b'));
      expect(a.messageId).not.toBe(b.messageId);
      expect((await harness.arrived()).map((m) => m.messageId)).toEqual([a.messageId, b.messageId]);
    });

    it('delivers data and attributes exactly as given, on the topic named', async () => {
      const data = {
        schema: 'backfill-bot.rerun/v1',
        dates: ['2024-11-08', '2024-11-09'],
        nested: { approved_by: ['U0LEAD1'], ratio: 0.5, none: null, yes: true },
        text: 'Müller — 100% "quoted"\nnext line',
      };
      const attributes = {
        message_key: 'rerun:r_1:step-1',
        request_id: 'r_1',
        processor: 'p',
        kind: 'rerun',
      };
      await queue.publish(message('rerun:r_1:step-1', { topic: RERUNS, data, attributes }));
      expect(await harness.arrived()).toEqual([
        { topic: RERUNS, data, attributes, orderingKey: null, messageId: expect.any(String) },
      ]);
    });

    it('a key published twice arrives as the adapter promises: once (local), at least once (Pub/Sub)', async () => {
      const sent = message('gate:g_000000000002:stage-start');
      const first = await queue.publish(sent);
      const second = await queue.publish(sent);
      const arrived = await harness.arrived();
      if (harness.repeatedKey === 'once') {
        expect(second).toEqual(first);
        expect(arrived.map((m) => m.messageId)).toEqual([first.messageId]);
      } else {
        // Pub/Sub sends it again with a new id; consumers deduplicate on message_key, which both carry.
        expect(second.messageId).not.toBe(first.messageId);
        expect(arrived.map((m) => [m.messageId, m.attributes.message_key])).toEqual([
          [first.messageId, sent.key],
          [second.messageId, sent.key],
        ]);
      }
    });

    it('keeps the ordering key, and the order of messages published on it', async () => {
      const keys = ['rerun:r_2:1', 'rerun:r_2:2', 'rerun:r_2:3'];
      await Promise.all(
        keys.map((key) => queue.publish(message(key, { topic: RERUNS, orderingKey: 'player_game_summary' }))),
      );
      await queue.publish(message('no-order', { topic: RERUNS }));
      expect((await harness.arrived()).map((m) => [m.attributes.message_key, m.orderingKey])).toEqual([
        ['rerun:r_2:1', 'player_game_summary'],
        ['rerun:r_2:2', 'player_game_summary'],
        ['rerun:r_2:3', 'player_game_summary'],
        ['no-order', null],
      ]);
    });
  });
}

for (const [name, makeHarness] of QUEUE_ADAPTERS) queueContract(name, makeHarness);
