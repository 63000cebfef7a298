import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { KnownBlock } from '@slack/types';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { CommandPorts } from '../../src/commands/command-context.js';
import { generateDemoWarehouse } from '../../src/demo/generate-demo.js';
import type { StandinMessage } from '../../src/standin/start-standin.js';
import { DuckdbStateStore } from '../../src/store/duckdb/duckdb-state-store.js';
import { messageText } from '../support/message-text.js';
import { catalog, duckdbPorts } from '../support/ports.js';
import { type SlackHarness, startSlackHarness } from '../support/slack-harness.js';

// The day-30 reminder as the scheduler posts it on 2026-02-17 (a day late: no state), and its
// Promote / Keep / Retrain buttons through the real Bolt app and the stand-in.

const text = messageText;
const actionIds = (m: StandinMessage | undefined) =>
  ((m?.blocks as KnownBlock[] | undefined) ?? []).flatMap((b) =>
    b.type === 'actions' ? b.elements.map((e) => (e as { action_id: string }).action_id) : [],
  );

describe('the champion decision in Slack', () => {
  let dir: string;
  let ports: CommandPorts;
  let store: DuckdbStateStore;
  let h: SlackHarness;

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'backfill-slack-milestones-'));
    const path = join(dir, 'demo.duckdb');
    await generateDemoWarehouse(catalog, { path, scale: 0.1, seed: 42, asOf: '2026-02-17' });
    ports = await duckdbPorts(path, '2026-02-17');
    store = await DuckdbStateStore.open({ path: join(dir, 'state.duckdb'), clock: ports.clock });
    h = await startSlackHarness(ports, { store });
  }, 90_000);
  afterAll(async () => {
    await h.close();
    await store.close();
    await ports.warehouse.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('takes one decision from approvers clicking at once, refuses an operator, and redraws the reminder once', async () => {
    const reminder = await h.standin.waitFor(
      () => h.standin.messages('C0REMIND').find((m) => text(m).includes('Day 30')),
      20_000,
      'the day-30 reminder',
    );
    expect(actionIds(reminder)).toEqual(['milestone:promote', 'milestone:keep', 'milestone:retrain']);
    const click = (user: string, actionId: string) =>
      h.standin.clickButton({ user, channel: 'C0REMIND', messageTs: reminder.ts, actionId });
    await click('U0OPS', 'milestone:promote');
    await h.standin.waitForMessage(
      (m) => m.ephemeralTo === 'U0OPS' && text(m).includes('Champion decisions are for approvers'),
    );
    expect((await store.getMilestone('day-30'))?.decision ?? null).toBeNull();

    await Promise.all([
      click('U0LEAD1', 'milestone:promote'),
      click('U0LEAD1', 'milestone:promote'),
      click('U0LEAD2', 'milestone:retrain'),
    ]);
    await h.standin.waitFor(
      () => !actionIds(h.standin.messages('C0REMIND').find((m) => m.ts === reminder.ts)).length || undefined,
      10_000,
      'the reminder redrawn without buttons',
    );
    await new Promise((r) => setTimeout(r, 500));
    const decision = (await store.getMilestone('day-30'))?.decision;
    expect(['promote', 'retrain']).toContain(decision?.choice);
    const updates = h.standin.apiCalls.filter((c) => c.method === 'chat.update' && c.args.ts === reminder.ts);
    expect(updates).toHaveLength(1);
    const thread = h.standin.messages('C0REMIND').filter((m) => m.thread_ts === reminder.ts);
    expect(thread).toHaveLength(1);
    expect(text(thread[0])).toContain(`Champion decision: ${decision?.choice}`);
  }, 60_000);
});
