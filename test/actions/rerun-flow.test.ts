import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ActionPorts, Actor } from '../../src/actions/action-ports.js';
import { advanceReruns } from '../../src/actions/rerun-advance.js';
import { decideRerun } from '../../src/actions/rerun-decide.js';
import { requestRerun } from '../../src/actions/rerun-request.js';
import { FixedDirectory } from '../../src/chat/fixed-directory.js';
import { RecordingChat } from '../../src/chat/recording-chat.js';
import { parseRerunWords } from '../../src/commands/rerun-words.js';
import { type Message, plainText } from '../../src/domain/message.js';
import { OutboxRelay } from '../../src/outbox/outbox-relay.js';
import { LocalQueue } from '../../src/queue/local/local-queue.js';
import { DuckdbStateStore } from '../../src/store/duckdb/duckdb-state-store.js';
import { catalog, duckdbPorts } from '../support/ports.js';
import { buildTinyWarehouse, type TinyRun, type TinyWorld } from '../support/tiny-warehouse.js';

// Re-runs against the core: a real DuckDB warehouse and store, the recording chat, the local queue
// and the real relay. Early 2023-24, after the bootstrap week (2023-10-24..10-30). No game on 11-04.

const DATES = ['2023-11-01', '2023-11-02', '2023-11-03', '2023-11-05', '2023-11-06'];
const tablesOf = (phase: number, dates: string[]) =>
  Object.fromEntries(catalog.tables.filter((t) => t.phase === phase).map((t) => [t.table, dates]));
const PCF = 'PlayerCompositeFactorsProcessor';
const failed = (processor: string, date: string): TinyRun => ({
  processor,
  phase: 'phase_4_precompute',
  date,
  status: 'failed',
  startedAt: `${date} 08:00:00`,
  errors: 'ValueError: composite factor out of range for 3 players',
});
const succeeded = (processor: string, date: string, at = '2023-11-07 13:00:00'): TinyRun => ({
  processor,
  phase: 'phase_4_precompute',
  date,
  status: 'success',
  startedAt: at,
});
const BASE: TinyWorld = {
  finalDates: DATES,
  present: { ...tablesOf(3, DATES), ...tablesOf(4, DATES) },
  runs: [failed(PCF, '2023-11-02'), failed(PCF, '2023-11-03')],
};

const ops: Actor = { id: 'U0OPS', handle: 'ops', channel: 'C0OPS' };
const lead: Actor = { id: 'U0LEAD1', handle: 'lead1', channel: 'C0OPS' };
const rando: Actor = { id: 'U0RANDO', handle: 'rando', channel: 'C0OPS' };
const words = (m: Message | null | undefined) =>
  (m?.blocks ?? []).map((b) => ('text' in b && b.kind !== 'header' ? plainText(b.text) : '')).join('\n');
const silent = { info() {}, warn() {}, error() {} };

describe('re-running failed dates in the core (no Slack)', () => {
  let dir: string;
  let ports: ActionPorts;
  let chat: RecordingChat;
  let queue: LocalQueue;
  let relay: OutboxRelay;
  const cleanups: (() => unknown)[] = [];

  /** The same ports over another warehouse: the pipeline has moved on. */
  const warehouseOf = async (world: TinyWorld, at = ports): Promise<ActionPorts> => {
    const tiny = await buildTinyWarehouse(catalog, world);
    const opened = await duckdbPorts(tiny.path, '2023-11-07');
    cleanups.push(() => opened.warehouse.close(), tiny.cleanup);
    return { ...at, warehouse: opened.warehouse };
  };
  const ask = (text: string, actor: Actor, key: string, at = ports) => {
    const parsed = parseRerunWords(text.split(' ').slice(1), at);
    if (parsed.kind !== 'plan') throw new Error('a plan');
    return requestRerun({ words: parsed, actor, key }, at);
  };
  const decide = (
    requestId: string,
    act: 'confirm' | 'cancel' | 'approve',
    actor: Actor,
    reason: string | null = null,
    at = ports,
  ) => decideRerun({ requestId, act, actor, reason, key: `${actor.id}:${Math.random()}` }, at);
  const published = async () =>
    (await queue.published()).filter((p) => p.data.schema === 'backfill-bot.rerun/v1');

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'backfill-rerun-flow-'));
    const tiny = await buildTinyWarehouse(catalog, BASE);
    const base = await duckdbPorts(tiny.path, '2023-11-07');
    cleanups.push(() => base.warehouse.close(), tiny.cleanup);
    const store = await DuckdbStateStore.open({ path: join(dir, 'state.duckdb'), clock: base.clock });
    cleanups.push(() => store.close());
    chat = new RecordingChat();
    queue = new LocalQueue(join(dir, 'queue.jsonl'), base.clock);
    ports = {
      ...base,
      store,
      chat,
      directory: new FixedDirectory({ groups: { S0LEADS: ['U0LEAD1', 'U0LEAD2'], S0OPS: ['U0OPS'] } }),
    };
    relay = new OutboxRelay({ store, chat, queue, clock: base.clock, log: silent });
  });
  afterAll(async () => {
    for (const cleanup of cleanups.reverse()) await cleanup();
    rmSync(dir, { recursive: true, force: true });
  });

  it("re-runs a processor's open failures: exactly those dates, once, in the message contract", async () => {
    const asked = await ask(`rerun failed 2023-11-01..2023-11-06 ${PCF}`, ops, 'trigger-1');
    expect(words(asked.answer)).toContain('Ready: 2 processor-dates in 1 message, published on Confirm.');
    const id = asked.request?.id ?? '';
    expect(id).toMatch(/^r_[0-9a-f]{12}$/);
    // Nothing goes out before Confirm.
    await relay.drain();
    expect(await published()).toEqual([]);

    const confirmed = await decide(id, 'confirm', ops);
    expect(confirmed.kind).toBe('done');
    const again = await Promise.all([decide(id, 'confirm', ops), decide(id, 'confirm', ops)]);
    expect(again.map((r) => r.kind)).toEqual(['unchanged', 'unchanged']);
    await relay.drain();
    const [message, ...more] = await published();
    expect(more).toEqual([]);
    expect(message?.topic).toBe('nba-phase4-precompute-trigger');
    expect(message?.orderingKey).toBe(PCF);
    expect(message?.data).toEqual({
      schema: 'backfill-bot.rerun/v1',
      kind: 'rerun',
      message_key: message?.key,
      request_id: id,
      processor: PCF,
      phase: 4,
      dates: ['2023-11-02', '2023-11-03'],
      start_date: '2023-11-02',
      end_date: '2023-11-03',
      backfill_mode: true,
      skip_downstream_trigger: true,
      requested_by: 'U0OPS',
      requested_at: asked.request?.requestedAt,
    });
    expect(message?.attributes).toEqual({
      message_key: message?.key,
      request_id: id,
      processor: PCF,
      kind: 'rerun',
    });

    // The announcement in the channel, and its thread with each message's state.
    const announcement = chat.posts.find((p) => p.key === `rerun:${id}:post`);
    expect(words(announcement?.message)).toBe(
      `@ops re-runs ${PCF} for 2 dates · request ${id}\nrerun failed 2023-11-01..2023-11-06 ${PCF} · 1 step · its state is in this thread`,
    );
    const thread = chat.messages('C0OPS', announcement?.ref);
    expect(thread).toHaveLength(1);

    // The pipeline ran them: the request is done, and the thread says so.
    const ran = await warehouseOf({
      ...BASE,
      runs: [...(BASE.runs ?? []), succeeded(PCF, '2023-11-02'), succeeded(PCF, '2023-11-03')],
    });
    expect(await advanceReruns(ran)).toMatchObject({ finished: 1 });
    expect((await ports.store.getRerun(id))?.state).toBe('done');
    // Each move of the request asks for the requester's App Home again, once per version.
    const homes = await ports.store.listOutbox({ stream: 'home:U0OPS' });
    expect(homes.map((r) => [r.key, r.kind])).toEqual([
      [`home:U0OPS:rerun:${id}:v2`, 'home.publish'],
      [`home:U0OPS:rerun:${id}:v3`, 'home.publish'],
    ]);
    await relay.drain();
    expect(words(chat.messages('C0OPS', announcement?.ref)[0]?.message)).toContain(
      'done, every date has a successful run since the confirmation',
    );
  });

  it('runs the Phase 4 chain step by step: the next step is published only once the run history shows the last one done', async () => {
    const asked = await ask('rerun 2023-11-05..2023-11-06 precompute', ops, 'trigger-chain');
    const id = asked.request?.id ?? '';
    expect(asked.request?.plan.steps.map((s) => Object.keys(s.processors))).toEqual([
      ['TeamDefenseZoneAnalysisProcessor', 'PlayerShotZoneAnalysisProcessor'],
      [PCF],
      ['PlayerDailyCacheProcessor'],
      ['MLFeatureStoreProcessor'],
    ]);
    await decide(id, 'confirm', ops);
    await relay.drain();
    const mine = async () =>
      (await published()).filter((p) => p.data.request_id === id).map((p) => p.data.processor);
    expect(await mine()).toEqual(['TeamDefenseZoneAnalysisProcessor', 'PlayerShotZoneAnalysisProcessor']);

    // One zone analysis done, the other not: the chain waits.
    const half = await warehouseOf({
      ...BASE,
      runs: [
        succeeded('TeamDefenseZoneAnalysisProcessor', '2023-11-05'),
        succeeded('TeamDefenseZoneAnalysisProcessor', '2023-11-06'),
      ],
    });
    expect(await advanceReruns(half)).toMatchObject({ released: 0 });
    await relay.drain();
    expect(await mine()).toHaveLength(2);
    const status = await ports.store.getRerun(id);
    expect(status?.releasedSteps).toBe(1);

    const both = await warehouseOf({
      ...BASE,
      runs: ['TeamDefenseZoneAnalysisProcessor', 'PlayerShotZoneAnalysisProcessor'].flatMap((p) => [
        succeeded(p, '2023-11-05'),
        succeeded(p, '2023-11-06'),
      ]),
    });
    const [first, second] = await Promise.all([advanceReruns(both), advanceReruns(both)]);
    expect((first?.released ?? 0) + (second?.released ?? 0)).toBe(1);
    await relay.drain();
    expect(await mine()).toEqual([
      'TeamDefenseZoneAnalysisProcessor',
      'PlayerShotZoneAnalysisProcessor',
      PCF,
    ]);
  });

  it('refuses a Phase 4 re-run over missing Phase 3 history, naming what is missing, and publishes nothing', async () => {
    const gappy = await warehouseOf({
      ...BASE,
      present: { ...tablesOf(3, ['2023-11-01', '2023-11-06']), ...tablesOf(4, DATES) },
    });
    const before = (await published()).length;
    const asked = await ask(`rerun 2023-11-05..2023-11-06 ${PCF}`, ops, 'trigger-gap', gappy);
    expect(asked.request).toBeNull();
    const text = words(asked.answer);
    expect(text).toContain('Refused: upstream data is missing');
    expect(text).toContain(
      'Missing upstream: player_game_summary, team_defense_game_summary, team_offense_game_summary on 3 dates: 2023-11-02..2023-11-03 (2), 2023-11-05\nneeded by PlayerCompositeFactorsProcessor (2 dates)',
    );
    expect(asked.answer.blocks.some((b) => b.kind === 'actions')).toBe(false);

    // An approver may go ahead with --override, giving a reason in a form; it is audited.
    const over = await ask(`rerun 2023-11-05..2023-11-06 ${PCF} --override`, lead, 'trigger-over', gappy);
    const id = over.request?.id ?? '';
    const button = await decide(id, 'confirm', lead, null, gappy);
    expect(button.kind).toBe('needs-reason');
    const done = await decide(id, 'confirm', lead, 'Phase 3 for those dates is re-running right now', gappy);
    expect(done.kind).toBe('done');
    expect((await ports.store.getRerun(id))?.override).toEqual({
      by: 'U0LEAD1',
      reason: 'Phase 3 for those dates is re-running right now',
    });
    // An operator cannot override.
    const opsOver = await ask(
      `rerun 2023-11-05..2023-11-06 ${PCF} --override`,
      ops,
      'trigger-ops-over',
      gappy,
    );
    expect(opsOver.request).toBeNull();
    expect(words(opsOver.answer)).toContain('(--override) is for approvers: @S0LEADS');
    await relay.drain();
    expect((await published()).length).toBe(before + 1);
  });

  it('tells someone who may not re-run who may, and refuses a forged Confirm of another’s plan', async () => {
    const refused = await ask(`rerun failed 2023-11-01..2023-11-06 ${PCF}`, rando, 'trigger-rando');
    expect(refused.request).toBeNull();
    expect(words(refused.answer)).toBe('Only operators and approvers re-run: @S0OPS, @S0LEADS.');
    const asked = await ask(`rerun failed 2023-11-01..2023-11-06 ${PCF}`, ops, 'trigger-forged');
    const id = asked.request?.id ?? '';
    for (const forger of [rando, lead]) {
      const forged = await decide(id, 'confirm', forger);
      expect(forged.kind).toBe('refused');
    }
    expect((await ports.store.getRerun(id))?.state).toBe('planned');
    const audit = await ports.store.listAudit(100);
    expect(audit.filter((a) => a.action === 'rerun.refused').map((a) => a.actor)).toEqual(
      expect.arrayContaining(['U0RANDO', 'U0LEAD1']),
    );
    expect((await decide(id, 'cancel', ops)).kind).toBe('done');
    expect((await decide(id, 'confirm', ops)).kind).toBe('unchanged');
  });

  it('sends a plan over the size limit to an approver in the channel before anything is published', async () => {
    const small = { ...ports, catalog: { ...catalog, reruns: { ...catalog.reruns, maxDatesPerRequest: 3 } } };
    const asked = await ask('rerun 2023-11-05..2023-11-06 precompute', ops, 'trigger-large', small);
    const id = asked.request?.id ?? '';
    expect(words(asked.answer)).toContain(
      'over the limit of 3, so an approver must approve it after you confirm',
    );
    expect((await decide(id, 'confirm', ops, null, small)).kind).toBe('done');
    expect((await ports.store.getRerun(id))?.state).toBe('awaiting-approval');
    await relay.drain();
    const card = chat.posts.find((p) => p.key.startsWith(`rerun:${id}:approval`));
    expect(words(card?.message)).toContain('@ops asks to re-run 10 processor-dates, over the limit of 3');
    const before = (await published()).filter((p) => p.data.request_id === id);
    expect(before).toEqual([]);
    expect((await decide(id, 'approve', ops, null, small)).kind).toBe('refused');
    expect((await decide(id, 'approve', lead, null, small)).kind).toBe('done');
    await relay.drain();
    expect((await published()).filter((p) => p.data.request_id === id)).toHaveLength(2);
    expect(words(chat.posts.find((p) => p.key.startsWith(`rerun:${id}:approval`))?.message)).toContain(
      'Approved by @lead1',
    );
  });
});
