import type { KnownBlock } from '@slack/types';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { StandinMessage } from '../../src/standin/start-standin.js';
import type { DuckdbStateStore } from '../../src/store/duckdb/duckdb-state-store.js';
import { type DemoSlack, openDemoSlack } from '../support/demo-slack.js';
import { messageText } from '../support/message-text.js';
import type { SlackHarness } from '../support/slack-harness.js';

// The day-30 reminder as the scheduler posts it on 2026-02-17 (a day late: no state), and its
// Promote / Keep / Retrain buttons through the real Bolt app and the stand-in.

const text = messageText;
const actionIds = (m: StandinMessage | undefined) =>
  ((m?.blocks as KnownBlock[] | undefined) ?? []).flatMap((b) =>
    b.type === 'actions' ? b.elements.map((e) => (e as { action_id: string }).action_id) : [],
  );

describe('the champion decision in Slack', () => {
  let demo: DemoSlack;
  let store: DuckdbStateStore;
  let h: SlackHarness;

  beforeAll(async () => {
    demo = await openDemoSlack({ asOf: '2026-02-17' });
    ({ store, h } = demo);
  }, 90_000);
  afterAll(() => demo.close());

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

  it('refuses a snooze typed by someone who may not snooze (a signed command), audited, and takes an operator’s', async () => {
    await h.standin.slashCommand({ user: 'U0RANDO', channel: 'C0REMIND', text: 'remind snooze day-60 3' });
    await h.standin.waitForMessage(
      (m) => m.ephemeralTo === 'U0RANDO' && text(m).includes('Only operators and approvers snooze reminders'),
      10_000,
    );
    expect((await store.getMilestone('day-60'))?.snoozedUntil ?? null).toBeNull();
    const refused = (await store.listAudit(20)).find((e) => e.action === 'reminder.snooze.refused');
    expect(refused).toMatchObject({ actor: 'U0RANDO' });

    await h.standin.slashCommand({ user: 'U0OPS', channel: 'C0REMIND', text: 'remind snooze day-60 3' });
    await h.standin.waitForMessage(
      (m) => m.ephemeralTo === 'U0OPS' && text(m).includes('Snoozed day-60'),
      10_000,
    );
    expect((await store.getMilestone('day-60'))?.snoozedUntil).toBe('2026-02-20');
  });
});
