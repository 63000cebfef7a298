import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { fixedClock } from '../../src/clock/clock.js';
import { LocalQueue } from '../../src/queue/local/local-queue.js';

describe('the local queue', () => {
  it('keeps every published message in order across instances (a restart loses nothing)', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'backfill-queue-'));
    const path = join(dir, 'nested', 'queue.jsonl');
    const clock = fixedClock(new Date('2026-11-23T12:00:00Z'));
    const first = new LocalQueue(path, clock);
    expect(await first.published()).toEqual([]);
    const a = await first.publish({ topic: 't1', data: { n: 1 }, attributes: { k: 'a' } });
    const b = await new LocalQueue(path, clock).publish({ topic: 't2', data: { n: 2 }, attributes: {} });
    expect(a.messageId).not.toBe(b.messageId);
    expect(await new LocalQueue(path, clock).published()).toEqual([a, b]);
    expect(a).toMatchObject({
      topic: 't1',
      data: { n: 1 },
      attributes: { k: 'a' },
      publishedAt: '2026-11-23T12:00:00.000Z',
    });
    rmSync(dir, { recursive: true, force: true });
  });
});
