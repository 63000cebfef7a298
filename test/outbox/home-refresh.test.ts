import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { homeRefresh } from '../../src/actions/home-effects.js';
import { RecordingChat } from '../../src/chat/recording-chat.js';
import type { Message } from '../../src/domain/message.js';
import { OutboxRelay } from '../../src/outbox/outbox-relay.js';
import { LocalQueue } from '../../src/queue/local/local-queue.js';
import { DuckdbStateStore } from '../../src/store/duckdb/duckdb-state-store.js';
import { settableClock } from '../store/store-fixtures.js';

// App Home refreshes go through the outbox like posts, but a page is built when it is delivered: of
// several refreshes waiting for one person only the newest builds and publishes it, so a busy
// approver's refreshes cost one page, not one each.

describe('App Home refreshes in the outbox', () => {
  let dir: string;
  let store: DuckdbStateStore;
  const clock = settableClock('2026-11-23T15:00:00.000Z');
  const chat = new RecordingChat();
  const built: string[] = [];
  const page = (user: string): Message => ({ summary: `home of ${user}`, tone: 'neutral', blocks: [] });

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'backfill-home-refresh-'));
    store = await DuckdbStateStore.open({ path: join(dir, 'state.duckdb'), clock });
  });
  afterAll(async () => {
    await store.close();
    rmSync(dir, { recursive: true, force: true });
  });

  const relay = (withHome: boolean) =>
    new OutboxRelay({
      store,
      chat,
      queue: new LocalQueue(join(dir, 'queue.jsonl'), clock),
      clock,
      log: { info() {}, warn() {}, error() {} },
      ...(withHome
        ? {
            home: async (user: string) => {
              built.push(user);
              return page(user);
            },
          }
        : {}),
    });

  it('builds and publishes one page for five refreshes of one person, and one for another', async () => {
    const audit = { actor: 'test', action: 'home.refresh', args: {}, result: {} };
    for (let i = 0; i < 5; i++) await store.enqueue(homeRefresh('U0LEAD1', `gate:g_${i}`), audit);
    await store.enqueue(homeRefresh('U0LEAD2', 'gate:g_0'), audit);
    await store.enqueue(homeRefresh('cli:ops', 'rerun:r_1:v2'), audit);
    // Nothing is due before a refresh settles (a second), so the ones written behind it can replace it.
    await relay(true).drain();
    expect(built).toEqual([]);
    clock.advance(1);
    await relay(true).drain();
    expect(built.sort()).toEqual(['U0LEAD1', 'U0LEAD2']);
    expect(chat.homes.map((h) => h.user).sort()).toEqual(['U0LEAD1', 'U0LEAD2']);
    const rows = await store.listOutbox({ stream: 'home:U0LEAD1' });
    expect(rows.map((r) => r.state)).toEqual(Array(5).fill('delivered'));
    expect(rows.filter((r) => (r.result as { superseded?: boolean }).superseded)).toHaveLength(4);
    // A CLI user has no Home: nothing was written for them.
    expect(await store.listOutbox({ stream: 'home:cli:ops' })).toEqual([]);
  });

  it('leaves refreshes for a relay that can build the Home (the CLI’s cannot)', async () => {
    const audit = { actor: 'test', action: 'home.refresh', args: {}, result: {} };
    await store.enqueue(homeRefresh('U0OPS', 'rerun:r_2:v2'), audit);
    clock.advance(1);
    await relay(false).drain();
    expect((await store.getOutbox('home:U0OPS:rerun:r_2:v2'))?.state).toBe('pending');
    clock.advance(5); // past the retry's backoff
    await relay(true).drain();
    expect((await store.getOutbox('home:U0OPS:rerun:r_2:v2'))?.state).toBe('delivered');
  });
});
