import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { KnownBlock } from '@slack/types';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { CommandPorts } from '../../src/commands/command-context.js';
import { InFlight } from '../../src/slack/in-flight.js';
import type { StandinMessage } from '../../src/standin/start-standin.js';
import { DuckdbStateStore } from '../../src/store/duckdb/duckdb-state-store.js';
import type { Warehouse } from '../../src/warehouse/warehouse.js';
import { faultyWarehouse } from '../support/faulty-warehouse.js';
import { messageText } from '../support/message-text.js';
import { catalog, duckdbPorts } from '../support/ports.js';
import { type SlackHarness, startSlackHarness } from '../support/slack-harness.js';
import { buildTinyWarehouse } from '../support/tiny-warehouse.js';

// Beyond the limit of answers in flight, a slash command or a follow-up is told "busy" at once and
// nothing of it runs; the answers in flight are still given, and nothing asked is lost: the busy
// answer says to ask again and offers it. A click that changes state is never refused for load.

const text = messageText;
const LIMIT = 2;

/** The real warehouse, whose coverage waits while `hold()` is on: answers pile up as behind a slow one. */
function slowWarehouse(real: Warehouse) {
  let release: () => void = () => {};
  let held: Promise<void> = Promise.resolve();
  const slow = {
    ...faultyWarehouse('hang', real),
    waiting: 0,
    async coverage(...args: Parameters<Warehouse['coverage']>) {
      slow.waiting++;
      await held;
      slow.waiting--;
      return real.coverage(...args);
    },
    hold() {
      held = new Promise<void>((resolve) => {
        release = resolve;
      });
    },
    release: () => release(),
  };
  return slow;
}

const buttons = (m: StandinMessage) =>
  ((m.blocks as KnownBlock[] | undefined) ?? []).flatMap((b) =>
    b.type === 'actions' ? b.elements.map((e) => (e as { text: { text: string } }).text.text) : [],
  );

describe('answers in flight are bounded: one more is told busy at once', () => {
  let dir: string;
  let real: CommandPorts;
  let cleanup: () => void;
  let store: DuckdbStateStore;
  let slow: ReturnType<typeof slowWarehouse>;
  let h: SlackHarness;
  const waitUntil = (check: () => boolean, what: string) =>
    h.standin.waitFor(() => check() || undefined, 5000, what);
  const to = (user: string, what: string) => (m: StandinMessage) =>
    m.ephemeralTo === user && text(m).includes(what);
  const answersTo = (user: string, what: string) => h.standin.messages('C0OPS', user).filter(to(user, what));

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'backfill-in-flight-'));
    const world = await buildTinyWarehouse(catalog, { finalDates: ['2023-11-01'] });
    cleanup = world.cleanup;
    real = await duckdbPorts(world.path, '2023-11-05');
    store = await DuckdbStateStore.open({ path: join(dir, 'state.duckdb'), clock: real.clock });
    slow = slowWarehouse(real.warehouse);
    h = await startSlackHarness({ ...real, warehouse: slow }, { store, maxInFlight: LIMIT });
  });
  afterAll(async () => {
    slow.release();
    await h.close();
    await store.close();
    await real.warehouse.close();
    cleanup();
    rmSync(dir, { recursive: true, force: true });
  });

  it('answers the (limit+1)th command busy at once, its Try again too, and every one held once released', async () => {
    slow.hold();
    await h.standin.slashCommand({ user: 'U0OPS', channel: 'C0OPS', text: 'status 2023-11-01' });
    await h.standin.slashCommand({ user: 'U0LEAD1', channel: 'C0OPS', text: 'gaps 2023-11-01' });
    await waitUntil(() => slow.waiting === LIMIT, 'both answers at the warehouse');

    const started = performance.now();
    await h.standin.slashCommand({ user: 'U0LEAD2', channel: 'C0OPS', text: 'status 2023-11-01' });
    const busy = await h.standin.waitForMessage(to('U0LEAD2', 'busy'));
    expect(performance.now() - started).toBeLessThan(1000);
    expect(text(busy)).toContain(
      'The bot is busy answering others: ask `/backfill status 2023-11-01` again in a moment.',
    );
    expect(text(busy)).toContain('Nothing was run or changed.');
    expect(buttons(busy)).toEqual(['Try again']);
    expect(slow.waiting).toBe(LIMIT);

    // A follow-up beyond the limit is told the same, and runs nothing either.
    await h.standin.clickButton({
      user: 'U0LEAD2',
      channel: 'C0OPS',
      messageTs: busy.ts,
      actionId: 'followup:0',
    });
    await waitUntil(() => answersTo('U0LEAD2', 'busy').length === 2, 'a second busy answer');
    expect(slow.waiting).toBe(LIMIT);
    expect(answersTo('U0OPS', 'Status')).toEqual([]);

    slow.release();
    await h.standin.waitForMessage(to('U0OPS', 'Phase 2 not started'));
    await h.standin.waitForMessage(to('U0LEAD1', 'Gaps'));
    // Room again: Try again is answered (on the second busy answer: a second click on the first
    // within 3 s would be a double click).
    const again = answersTo('U0LEAD2', 'busy')[1] as StandinMessage;
    await h.standin.clickButton({
      user: 'U0LEAD2',
      channel: 'C0OPS',
      messageTs: again.ts,
      actionId: 'followup:0',
    });
    await h.standin.waitForMessage(to('U0LEAD2', 'Phase 2 not started'));
    // Nothing asked was lost or doubled: one answer each, and the two busy ones.
    expect(answersTo('U0OPS', '2023-11-01')).toHaveLength(1);
    expect(answersTo('U0LEAD1', '2023-11-01')).toHaveLength(1);
    expect(answersTo('U0LEAD2', 'busy')).toHaveLength(2);
    expect(answersTo('U0LEAD2', 'Phase 2 not started')).toHaveLength(1);
  });

  it('refuses a typed action when busy and writes nothing, but answers a click that changes state', async () => {
    await h.standin.slashCommand({ user: 'U0OPS', channel: 'C0OPS', text: 'gate 1 2023-11-01' });
    const card = await h.standin.waitForMessage((m) => !m.ephemeralTo && text(m).includes('gate:approve'));
    const requests = async () =>
      (await store.listAudit(100)).filter((a) => a.action === 'gate.request').length;
    const asked = await requests();
    const pending = (await store.listPendingGates()).length;
    const outbox = (await store.listOutbox()).length;

    slow.hold();
    await h.standin.slashCommand({ user: 'U0OPS', channel: 'C0OPS', text: 'status 2023-11-01' });
    await h.standin.slashCommand({ user: 'U0LEAD1', channel: 'C0OPS', text: 'status 2023-11-01' });
    await waitUntil(() => slow.waiting === LIMIT, 'both answers at the warehouse');

    await h.standin.slashCommand({ user: 'U0LEAD2', channel: 'C0OPS', text: 'gate 1 2023-11-01 --public' });
    const busy = await h.standin.waitForMessage(
      (m) => to('U0LEAD2', 'busy')(m) && text(m).includes('gate 1 2023-11-01 --public'),
    );
    // Slack's own flags cannot ride on a button: the request is named, not offered.
    expect(buttons(busy)).toEqual([]);
    expect(await requests()).toBe(asked);
    expect((await store.listPendingGates()).length).toBe(pending);
    expect((await store.listOutbox()).length).toBe(outbox);

    // A vote is a click that changes state (a refusal is audited): counted, never refused for load.
    await h.standin.clickButton({
      user: 'U0OPS',
      channel: 'C0OPS',
      messageTs: card.ts,
      actionId: 'gate:approve',
    });
    await h.standin.waitForMessage(to('U0OPS', 'not an approver'));
    expect((await store.listAudit(100)).map((a) => a.action)).toContain('gate.vote.refused');

    slow.release();
    // Both held answers given (U0OPS had one in the test before).
    await waitUntil(
      () =>
        answersTo('U0LEAD1', 'Phase 2 not started').length === 1 &&
        answersTo('U0OPS', 'Phase 2 not started').length === 2,
      'the held answers',
    );
  });
});

describe('InFlight', () => {
  it('admits up to the limit, answers busy beyond it without running the work, and frees a place when done', async () => {
    const inFlight = new InFlight(1);
    let finish: () => void = () => {};
    const first = inFlight.admit(
      () => new Promise<string>((resolve) => (finish = () => resolve('first'))),
      async () => 'busy',
    );
    let ran = false;
    const second = await inFlight.admit(
      async () => {
        ran = true;
        return 'second';
      },
      async () => 'busy',
    );
    expect([second, ran, inFlight.count]).toEqual(['busy', false, 1]);
    expect(await inFlight.always(async () => 'counted, never refused')).toBe('counted, never refused');
    finish();
    expect(await first).toBe('first');
    expect(inFlight.count).toBe(0);
    expect(
      await inFlight.admit(
        async () => 'third',
        async () => 'busy',
      ),
    ).toBe('third');
  });

  it('frees its place when the work fails', async () => {
    const inFlight = new InFlight(1);
    await expect(
      inFlight.admit(
        () => Promise.reject(new Error('boom')),
        async () => 'busy',
      ),
    ).rejects.toThrow('boom');
    expect(inFlight.count).toBe(0);
  });
});
