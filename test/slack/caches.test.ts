import { describe, expect, it } from 'vitest';
import { Dedupe } from '../../src/slack/dedupe.js';
import { TtlCache } from '../../src/slack/directory/ttl-cache.js';

// Every cache the Slack front keeps is bounded in size, not only in time: under load, keys arrive
// faster than they expire.

describe('the memory of handled requests (Dedupe)', () => {
  it('keeps at most maxKeys, forgetting the oldest first, however fast keys arrive within the TTL', () => {
    const now = 0;
    const dedupe = new Dedupe(600_000, () => now, 3);
    for (const key of ['a', 'b', 'c', 'd']) expect(dedupe.first(key)).toBe(true);
    expect(dedupe.size).toBe(3);
    // 'a' went first: offered again it runs again (a repeated read); the newer ones are still repeats.
    expect(dedupe.first('d')).toBe(false);
    expect(dedupe.first('c')).toBe(false);
    expect(dedupe.first('a')).toBe(true);
    expect(dedupe.size).toBe(3);
  });

  it('keeps 20,000 keys by default over 100,000 requests within the TTL', () => {
    const dedupe = new Dedupe(600_000, () => 0);
    for (let i = 0; i < 100_000; i++) dedupe.first(`command:${i}`);
    expect(dedupe.size).toBe(20_000);
    expect(dedupe.first('command:99999')).toBe(false);
  });
});

describe('the directory cache (TtlCache)', () => {
  it('keeps at most maxEntries, dropping the least recently used', () => {
    const cache = new TtlCache<number>({ maxEntries: 2, ttlMs: 60_000, now: () => 0 });
    cache.set('a', 1);
    cache.set('b', 2);
    expect(cache.get('a')).toBe(1);
    cache.set('c', 3);
    expect([cache.get('a'), cache.get('b'), cache.get('c'), cache.size]).toEqual([1, undefined, 3, 2]);
  });

  it('answers nothing for an expired entry, and drops it when asked', () => {
    let now = 0;
    const cache = new TtlCache<number>({ maxEntries: 5, ttlMs: 1000, now: () => now });
    cache.set('a', 1);
    now = 1000;
    expect([cache.get('a'), cache.size]).toEqual([undefined, 0]);
  });
});
