import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { fixedClock } from '../../src/clock/clock.js';
import { LocalQueue } from '../../src/queue/local/local-queue.js';

describe('the local queue', () => {
  let dir: string;
  let path: string;
  const clock = fixedClock(new Date('2026-11-23T12:00:00Z'));
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'backfill-queue-'));
    path = join(dir, 'nested', 'queue.jsonl');
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  it('keeps every published message in order across instances (a restart loses nothing)', async () => {
    const first = new LocalQueue(path, clock);
    expect(await first.published()).toEqual([]);
    const a = await first.publish({ key: 'k1', topic: 't1', data: { n: 1 }, attributes: { k: 'a' } });
    const b = await new LocalQueue(path, clock).publish({
      key: 'k2',
      topic: 't2',
      data: { n: 2 },
      attributes: {},
    });
    expect(a.messageId).not.toBe(b.messageId);
    expect(await new LocalQueue(path, clock).published()).toEqual([a, b]);
    expect(a).toMatchObject({
      key: 'k1',
      topic: 't1',
      data: { n: 1 },
      attributes: { k: 'a' },
      publishedAt: '2026-11-23T12:00:00.000Z',
    });
  });

  it('appends a key once: publishing it again, also from a new instance after a restart, returns the first', async () => {
    const message = { key: 'gate:g_1:stage-start', topic: 't', data: { n: 1 }, attributes: {} };
    const queue = new LocalQueue(path, clock);
    const [a, b] = await Promise.all([queue.publish(message), queue.publish(message)]);
    const c = await new LocalQueue(path, clock).publish(message);
    expect(b).toEqual(a);
    expect(c).toEqual(a);
    expect(await queue.published()).toEqual([a]);
  });
});
