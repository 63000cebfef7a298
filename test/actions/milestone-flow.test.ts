import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ActionPorts, Actor } from '../../src/actions/action-ports.js';
import { decideMilestone, snoozeMilestone } from '../../src/actions/milestone-actions.js';
import { FixedDirectory } from '../../src/chat/fixed-directory.js';
import { RecordingChat } from '../../src/chat/recording-chat.js';
import { startedClock } from '../../src/clock/clock.js';
import { generateDemoWarehouse } from '../../src/demo/generate-demo.js';
import { type Message, plainText } from '../../src/domain/message.js';
import { OutboxRelay } from '../../src/outbox/outbox-relay.js';
import { LocalQueue } from '../../src/queue/local/local-queue.js';
import { scheduledPosts } from '../../src/schedules/scheduled-posts.js';
import { Scheduler } from '../../src/schedules/scheduler.js';
import { DuckdbStateStore } from '../../src/store/duckdb/duckdb-state-store.js';
import { catalog, duckdbPorts } from '../support/ports.js';

// The champion decision on the day-30 reminder, against the core: the scheduler posts the reminder,
// approvers decide once, operators snooze. No Slack.

const words = (m: Message | null | undefined) =>
  (m?.blocks ?? [])
    .map((b) => ('text' in b && b.kind !== 'header' ? plainText(b.text) : b.kind === 'header' ? b.text : ''))
    .join('\n');
const silent = { info() {}, warn() {}, error() {} };
const lead1: Actor = { id: 'U0LEAD1', handle: 'lead1', channel: 'C0REMIND' };
const lead2: Actor = { id: 'U0LEAD2', handle: 'lead2', channel: 'C0REMIND' };
const ops: Actor = { id: 'U0OPS', handle: 'ops', channel: 'C0REMIND' };
const rando: Actor = { id: 'U0RANDO', handle: 'rando', channel: 'C0REMIND' };

describe('the day-30 champion decision and snoozes (core)', () => {
  let dir: string;
  let ports: ActionPorts;
  let chat: RecordingChat;
  let relay: OutboxRelay;
  const cleanups: (() => unknown)[] = [];

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'backfill-milestones-'));
    const path = join(dir, 'demo.duckdb');
    await generateDemoWarehouse(catalog, { path, scale: 0.2, seed: 42, asOf: '2026-02-17' });
    const base = await duckdbPorts(path, '2026-02-16');
    const clock = startedClock(new Date('2026-02-16T14:00:30Z'));
    const store = await DuckdbStateStore.open({ path: join(dir, 'state.duckdb'), clock });
    cleanups.push(
      () => base.warehouse.close(),
      () => store.close(),
    );
    chat = new RecordingChat();
    const queue = new LocalQueue(join(dir, 'queue.jsonl'), clock);
    ports = {
      ...base,
      clock,
      store,
      chat,
      directory: new FixedDirectory({ groups: { S0LEADS: ['U0LEAD1', 'U0LEAD2'], S0OPS: ['U0OPS'] } }),
    };
    relay = new OutboxRelay({ store, chat, queue, clock, log: silent });
  }, 90_000);
  afterAll(async () => {
    for (const cleanup of cleanups.reverse()) await cleanup();
    rmSync(dir, { recursive: true, force: true });
  });

  it('posts each due milestone once, and the day-30 reminder carries Promote, Keep and Retrain', async () => {
    const jobs = scheduledPosts(ports, { reminders: 'C0REMIND', report: 'C0OPS' }, () => relay.kick());
    const first = new Scheduler({ store: ports.store, clock: ports.clock, jobs, log: silent });
    await first.start();
    await first.stop();
    const again = new Scheduler({ store: ports.store, clock: ports.clock, jobs, log: silent });
    await again.start();
    await again.stop();
    await relay.drain();
    const reminders = chat.messages('C0REMIND');
    // Day 7 and day 14 were missed (no state), day 30 is today: each once.
    expect(reminders.map((r) => words(r.message).split('\n')[0])).toEqual([
      expect.stringContaining('Day 7'),
      expect.stringContaining('Day 14'),
      expect.stringContaining('Day 30'),
    ]);
    const day30 = reminders[2];
    const buttons = day30?.message.blocks.flatMap((b) =>
      b.kind === 'actions' ? b.actions.map((a) => a.label) : [],
    );
    expect(buttons).toEqual(['Promote', 'Keep', 'Retrain']);
  });

  it('takes exactly one decision under double clicks and two approvers at once, and refuses a non-approver', async () => {
    const refused = await decideMilestone({ id: 'day-30', choice: 'promote', actor: ops, key: 'k0' }, ports);
    expect(words(refused)).toContain('Champion decisions are for approvers: @S0LEADS');
    const answers = await Promise.all([
      decideMilestone({ id: 'day-30', choice: 'promote', actor: lead1, key: 'k1' }, ports),
      decideMilestone({ id: 'day-30', choice: 'promote', actor: lead1, key: 'k2' }, ports),
      decideMilestone({ id: 'day-30', choice: 'retrain', actor: lead2, key: 'k3' }, ports),
    ]);
    expect(answers.filter((a) => words(a).startsWith('Recorded:'))).toHaveLength(1);
    expect(answers.filter((a) => words(a).startsWith('Already decided:'))).toHaveLength(2);
    const state = await ports.store.getMilestone('day-30');
    expect(state?.decision?.by).toMatch(/U0LEAD[12]/);
    await relay.drain();
    const post = chat.messages('C0REMIND').find((p) => p.key.startsWith('milestone:day-30:'));
    expect(post?.message.blocks.some((b) => b.kind === 'actions')).toBe(false);
    expect(chat.updates.filter((u) => u.ref.ts === post?.ref.ts)).toHaveLength(1);
    expect(chat.messages('C0REMIND', post?.ref)).toHaveLength(1);
  });

  it('lets operators snooze, and tells anyone else no', async () => {
    expect(words(await snoozeMilestone({ id: 'day-60', days: 3, actor: rando }, ports))).toBe(
      'Only operators and approvers snooze reminders.',
    );
    expect(words(await snoozeMilestone({ id: 'day-60', days: 3, actor: ops }, ports))).toBe(
      'Snoozed day-60 until 2026-02-19: it is posted again that morning.',
    );
    expect((await ports.store.getMilestone('day-60'))?.snoozedUntil).toBe('2026-02-19');
  });

  it('publishes the decision to the milestone’s topic when the catalog names one', async () => {
    const milestones = (catalog.models?.milestones ?? []).map((m) =>
      m.id === 'day-30' ? { ...m, decisionTopic: 'ml-champion-decisions' } : m,
    );
    const withTopic = {
      ...ports,
      catalog: {
        ...catalog,
        models: { ...(catalog.models as NonNullable<typeof catalog.models>), milestones },
      },
    };
    const queue = new LocalQueue(join(dir, 'decisions.jsonl'), ports.clock);
    const relayed = new OutboxRelay({ store: ports.store, chat, queue, clock: ports.clock, log: silent });
    // day-30 was decided above; a fresh milestone state is needed: decide on a copy's id.
    const copy = milestones.map((m) => (m.id === 'day-30' ? { ...m, id: 'day-30-copy' } : m));
    const ported = {
      ...withTopic,
      catalog: { ...withTopic.catalog, models: { ...withTopic.catalog.models, milestones: copy } },
    };
    await decideMilestone({ id: 'day-30-copy', choice: 'keep', actor: lead1, key: 'kt' }, ported);
    await relayed.drain();
    const [published, ...more] = await queue.published();
    expect(more).toEqual([]);
    expect(published?.topic).toBe('ml-champion-decisions');
    expect(published?.data).toMatchObject({
      kind: 'milestone-decision',
      milestone: 'day-30-copy',
      choice: 'keep',
      decided_by: 'U0LEAD1',
    });
  });
});
