import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { fixedClock } from '../../src/clock/clock.js';
import type { CommandPorts } from '../../src/commands/command-context.js';
import { runCommand } from '../../src/commands/registry.js';
import { remindCommand } from '../../src/commands/remind.js';
import type { RemindListData } from '../../src/commands/remind-list.js';
import type { RemindShowData } from '../../src/commands/remind-show.js';
import { plainText } from '../../src/domain/message.js';
import { decodeIntent, encodeIntent } from '../../src/slack/render/action-value.js';
import { DuckdbStateStore } from '../../src/store/duckdb/duckdb-state-store.js';
import type { MilestoneState, StateStore } from '../../src/store/state-store.js';
import { catalog } from '../support/ports.js';
import { expectFixture } from '../support/render-fixture.js';
import { type DemoModels, openDemoModels } from './demo-models.js';
import { oracleMetrics } from './model-metrics-oracle.js';

/** A real state store holding the given milestone states, and day 7 posted on its day by the scheduler. */
async function storeWith(states: MilestoneState[], dir: string): Promise<StateStore> {
  const at = states.find((st) => st.decision)?.decision?.at ?? '2026-01-24T10:00:00.000Z';
  const store = await DuckdbStateStore.open({
    path: join(dir, `state-${states.length}.duckdb`),
    clock: fixedClock(new Date(at)),
  });
  const audit = { actor: 'U0LEAD1', action: 'test.milestone', args: {}, result: {} };
  for (const st of states) {
    if (st.snoozedUntil)
      await store.updateMilestone({ id: st.id, kind: 'snooze', until: st.snoozedUntil, by: 'U0OPS' }, audit);
    const d = st.decision;
    if (d)
      await store.updateMilestone(
        { id: st.id, kind: 'decide', choice: d.choice, by: d.by, byHandle: d.byHandle, reason: d.reason },
        audit,
      );
  }
  await store.claimSlot({
    job: 'milestone:day-7',
    slot: '2026-01-24T00:00:00.000Z',
    owner: 'scheduler',
    late: false,
  });
  return store;
}

const DECIDED: MilestoneState = {
  id: 'day-7',
  snoozedUntil: null,
  decision: {
    choice: 'keep',
    by: 'U0LEAD1',
    byHandle: 'lead1',
    at: '2026-01-24T10:00:00.000Z',
    reason: null,
  },
  version: 1,
};

describe('remind: milestones listed, shown with live numbers, snooze parsed', () => {
  let demo: DemoModels;
  const ports = (today: string, store?: StateStore): CommandPorts => ({
    catalog,
    warehouse: demo.warehouse,
    clock: fixedClock(new Date(`${today}T12:00:00Z`)),
    ...(store ? { store } : {}),
  });
  const run = (words: string[], p: CommandPorts) => runCommand(words, p, { prefix: 'backfill-bot ' });

  const dir = mkdtempSync(join(tmpdir(), 'backfill-remind-'));
  beforeAll(async () => {
    demo = await openDemoModels();
  }, 60_000);
  afterAll(async () => {
    await demo.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('lists every milestone as upcoming, due today or past, without decisions where no store is open', async () => {
    const { data, message } = await run(['remind', 'list'], ports('2026-01-31'));
    const list = data as RemindListData;
    expect(list.store).toBe(false);
    expect(list.milestones.map((m) => [m.id, m.date, m.state, m.decision])).toEqual([
      ['day-7', '2026-01-24', 'past', null],
      ['day-14', '2026-01-31', 'due today', null],
      ['day-30', '2026-02-16', 'upcoming', null],
      ['day-60', '2026-03-17', 'upcoming', null],
      ['q1-end', '2026-04-17', 'upcoming', null],
    ]);
    const table = message.blocks.find((b) => b.kind === 'table');
    expect(table?.kind === 'table' && table.columns).toEqual(['milestone', 'date', 'title', 'state']);
    expect(message.summary).toBe('5 milestones; next: day-14 on 2026-01-31');
  });

  it('lists the decision on file and a snooze where the store is open', async () => {
    const snoozed: MilestoneState = { id: 'day-14', snoozedUntil: '2026-02-02', decision: null, version: 1 };
    const store = await storeWith([DECIDED, snoozed], dir);
    const { data, message } = await run(['remind'], ports('2026-01-31', store));
    await store.close();
    const list = data as RemindListData;
    expect(list.milestones[0]?.decision).toEqual({
      choice: 'keep',
      by: '@lead1',
      at: '2026-01-24T10:00:00.000Z',
    });
    const table = message.blocks.find((b) => b.kind === 'table');
    expect(table?.kind === 'table' && table.rows.slice(0, 2)).toEqual([
      [
        'day-7',
        '2026-01-24',
        'Day 7: initial XGBoost V1 performance check',
        'posted 2026-01-24',
        'keep by @lead1',
      ],
      [
        'day-14',
        '2026-01-31',
        'Day 14: head to head against CatBoost V8',
        'due today, snoozed until 2026-02-02',
        '—',
      ],
    ]);
    expectFixture('remind-list', message, { command: 'remind list' });
  });

  it('shows a milestone now, over the start to yesterday when it is not due yet, in one query', async () => {
    const { data, message } = await run(['remind', 'show', 'day-30'], ports('2026-02-05'));
    const shown = data as RemindShowData;
    expect(shown.window).toEqual({ start: '2026-01-17', end: '2026-02-04' });
    expect(shown.query.roundTrips).toBe(1);
    const o = await oracleMetrics(demo.path, shown.window);
    expect(shown.metrics.challenger.gradedRows).toBe(o.challengerRows);
    expect(shown.metrics.headToHead.overlappingPicks).toBe(o.overlappingPicks);
    expect(plainText((message.blocks[1] as { text: string }).text)).toBe(
      'Not due yet: due 2026-02-16 (in 11 days); the numbers so far.',
    );
  });

  it('shows a past milestone over the days before it, with the decision on file and no buttons', async () => {
    const decided = { ...DECIDED, id: 'day-30' };
    const store = await storeWith([decided], join(dir, 'show'));
    const { data, message } = await run(['remind', 'show', 'day-30'], ports('2026-02-20', store));
    await store.close();
    expect((data as RemindShowData).window).toEqual({ start: '2026-01-17', end: '2026-02-15' });
    expect(message.blocks.some((b) => b.kind === 'actions')).toBe(false);
    const texts = message.blocks.flatMap((b) => (b.kind === 'text' ? [plainText(b.text)] : []));
    expect(texts).toContain('Decided: keep by @lead1 at 2026-01-24 10:00 UTC');
  });

  it('parses snooze as an id and 1 to 30 days, and answers that snoozing is done in Slack', async () => {
    const p = ports('2026-02-20');
    expect(remindCommand.parse(['snooze', 'day-30', '3'], p)).toEqual({
      kind: 'snooze',
      id: 'day-30',
      days: 3,
    });
    expect(remindCommand.parse(['snooze', 'day-30', '30'], p)).toEqual({
      kind: 'snooze',
      id: 'day-30',
      days: 30,
    });
    for (const days of ['0', '31', '2.5', 'x']) {
      expect(() => remindCommand.parse(['snooze', 'day-30', days], p)).toThrow(
        `remind snooze takes 1 to 30 days, not "${days}"`,
      );
    }
    expect(() => remindCommand.parse(['snooze', 'day-30'], p)).toThrow(
      'remind snooze takes 1 to 30 days, not ""',
    );
    const { message } = await run(['remind', 'snooze', 'day-30', '3'], p);
    expect(message.summary).toBe("Snoozing day-30 is done in Slack or where the bot's store is open");
  });

  it('refuses an unknown milestone (naming those there are) and an unknown subcommand', () => {
    const p = ports('2026-02-20');
    expect(() => remindCommand.parse(['show', 'day-8'], p)).toThrow(
      expect.objectContaining({
        code: 'NOT_FOUND',
        hint: 'Milestones: day-7, day-14, day-30, day-60, q1-end.',
      }),
    );
    expect(() => remindCommand.parse(['show'], p)).toThrow('remind show needs a milestone id');
    expect(() => remindCommand.parse(['later'], p)).toThrow('remind does not know "later"');
  });
});

describe('the milestone intent in a button', () => {
  it('round-trips through the versioned value and refuses a choice it does not know', () => {
    const intent = { kind: 'milestone', milestoneId: 'day-30', choice: 'retrain' } as const;
    const value = encodeIntent(intent);
    expect(JSON.parse(value)).toEqual({ v: 1, k: 'milestone', id: 'day-30', choice: 'retrain' });
    expect(decodeIntent(value)).toEqual(intent);
    expect(decodeIntent('{"v":1,"k":"milestone","id":"day-30","choice":"delete"}')).toBeNull();
    expect(decodeIntent('{"v":2,"k":"milestone","id":"day-30","choice":"keep"}')).toBeNull();
    expect(decodeIntent('{"v":1,"k":"milestone","id":"Day 30!","choice":"keep"}')).toBeNull();
  });
});
