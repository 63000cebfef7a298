import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { KnownBlock } from '@slack/types';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { CommandPorts } from '../../src/commands/command-context.js';
import { generateDemoWarehouse } from '../../src/demo/generate-demo.js';
import { LocalQueue } from '../../src/queue/local/local-queue.js';
import type { StandinMessage } from '../../src/standin/start-standin.js';
import { DuckdbStateStore } from '../../src/store/duckdb/duckdb-state-store.js';
import { messageText } from '../support/message-text.js';
import { catalog, duckdbPorts } from '../support/ports.js';
import { interactionBody, postSigned } from '../support/signed-request.js';
import { type SlackHarness, startSlackHarness } from '../support/slack-harness.js';

// Re-runs through the real Bolt app over signed HTTP and the local Slack stand-in, on the demo.

const text = messageText;
const buttons = (m: StandinMessage | undefined) =>
  ((m?.blocks as KnownBlock[] | undefined) ?? []).flatMap((b) =>
    b.type === 'actions'
      ? (b.elements as { action_id: string; text: { text: string }; value: string }[])
      : [],
  );
const TOGS = 'TeamOffenseGameSummaryProcessor';

describe('re-running failed dates through the local Slack stand-in', () => {
  let dir: string;
  let ports: CommandPorts;
  let store: DuckdbStateStore;
  let queue: LocalQueue;
  let h: SlackHarness;
  // The newest private answer saying `what`: earlier tests leave answers of the same words.
  const matching = (user: string, what: string) =>
    h.standin.messages('C0OPS', user).filter((m) => m.ephemeralTo === user && text(m).includes(what));
  const answerTo = async (user: string, what: string, before = 0) => {
    const found = await h.standin.waitFor(
      () => {
        const all = matching(user, what);
        return all.length > before ? all : undefined;
      },
      10_000,
      `an answer to ${user} saying ${what}`,
    );
    return found[found.length - 1] as StandinMessage;
  };
  const reruns = async () =>
    (await queue.published()).filter((p) => p.data.schema === 'backfill-bot.rerun/v1');

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'backfill-slack-reruns-'));
    const path = join(dir, 'demo.duckdb');
    await generateDemoWarehouse(catalog, { path, scale: 0.2, seed: 42, asOf: '2026-11-23' });
    ports = await duckdbPorts(path, '2026-11-23');
    store = await DuckdbStateStore.open({ path: join(dir, 'state.duckdb'), clock: ports.clock });
    queue = new LocalQueue(join(dir, 'queue.jsonl'), ports.clock);
    h = await startSlackHarness(ports, { store, queue });
  });
  afterAll(async () => {
    await h.close();
    await store.close();
    await ports.warehouse.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('Re-run under failures, then Confirm: the dates go out once, announced in the channel with their state in the thread', async () => {
    await h.standin.slashCommand({ user: 'U0OPS', channel: 'C0OPS', text: 'failures 2022-23' });
    const failures = await answerTo('U0OPS', 'Failures · season 2022-23');
    const rerun = buttons(failures).find((b) => b.text.text.startsWith(`Re-run ${TOGS}`));
    expect(rerun?.text.text).toBe(`Re-run ${TOGS} (1 date)`);
    // No Re-run for early-season failures on bootstrap days.
    expect(buttons(failures).filter((b) => b.text.text.startsWith('Re-run')).length).toBeGreaterThan(0);

    await h.standin.clickButton({
      user: 'U0OPS',
      channel: 'C0OPS',
      messageTs: failures.ts,
      actionId: rerun?.action_id ?? '',
      value: rerun?.value ?? '',
    });
    const plan = await answerTo('U0OPS', 'Ready: 1 processor-date in 1 message');
    const confirm = buttons(plan).find((b) => b.text.text === 'Confirm');
    expect(confirm?.action_id).toBe('rerun:confirm');
    expect(await reruns()).toEqual([]);

    const click = (user: string) =>
      h.standin.clickButton({ user, channel: 'C0OPS', messageTs: plan.ts, actionId: 'rerun:confirm' });
    await Promise.all([click('U0OPS'), click('U0OPS')]);
    await answerTo('U0OPS', 'confirmed: 1 message queued');
    const announced = await h.standin.waitForMessage(
      (m) => !m.ephemeralTo && text(m).includes(`re-runs ${TOGS} for 1 date`),
    );
    expect(text(announced)).toContain('<@U0OPS> re-runs');
    const thread = await h.standin.waitForMessage((m) => m.thread_ts === announced.ts);
    expect(text(thread)).toContain(TOGS);
    await h.standin.waitFor(async () => (await reruns()).length > 0, 5000, 'the re-run message');
    await new Promise((r) => setTimeout(r, 300));
    const published = await reruns();
    expect(published).toHaveLength(1);
    expect(published[0]?.data).toMatchObject({ processor: TOGS, dates: ['2023-01-18'] });
    expect(published[0]?.topic).toBe('nba-phase3-analytics-trigger');
  });

  it('refuses a forged Confirm from someone else, and tells a stranger who may re-run', async () => {
    const before = matching('U0OPS', 'Ready: 1 processor-date').length;
    await h.standin.slashCommand({ user: 'U0OPS', channel: 'C0OPS', text: `rerun failed 2022-23 ${TOGS}` });
    const plan = await answerTo('U0OPS', 'Ready: 1 processor-date', before);
    const value = buttons(plan).find((b) => b.action_id === 'rerun:confirm')?.value ?? '';
    const requestId = JSON.parse(value).id as string;
    const forged = {
      type: 'block_actions',
      user: { id: 'U0RANDO', username: 'rando', team_id: 'T0STANDIN' },
      team: { id: 'T0STANDIN', domain: 'standin' },
      api_app_id: 'A0STANDIN',
      trigger_id: 'forged.rerun',
      channel: { id: 'C0OPS', name: 'backfill-ops' },
      container: { type: 'message', message_ts: plan.ts, channel_id: 'C0OPS', is_ephemeral: true },
      actions: [
        { type: 'button', action_id: 'rerun:confirm', block_id: 'followups', value, action_ts: '1.1' },
      ],
    };
    expect((await postSigned(h.appUrl, h.signingSecret, interactionBody(forged))).status).toBe(200);
    await answerTo('U0RANDO', 'Only operators and approvers re-run');
    expect((await store.getRerun(requestId))?.state).toBe('planned');

    await h.standin.slashCommand({ user: 'U0RANDO', channel: 'C0OPS', text: `rerun failed 2022-23 ${TOGS}` });
    const told = await answerTo('U0RANDO', 'Only operators and approvers re-run');
    expect(text(told)).toContain('<!subteam^S0OPS>');
  });

  it('refuses a Phase 4 re-run over missing Phase 3 history (2021-22), naming what is missing, with no Confirm', async () => {
    const before = (await reruns()).length;
    await h.standin.slashCommand({ user: 'U0OPS', channel: 'C0OPS', text: 'rerun 2021-22 precompute' });
    const refused = await answerTo('U0OPS', 'Refused: upstream data is missing');
    expect(text(refused)).toContain(
      'Missing upstream: player_game_summary, team_defense_game_summary, team_offense_game_summary',
    );
    expect(buttons(refused).some((b) => b.action_id === 'rerun:confirm')).toBe(false);
    expect((await reruns()).length).toBe(before);
  });

  it('refuses a forged override reason form (forcing a re-run over missing upstream) from anyone but the approver who asked', async () => {
    const before = (await reruns()).length;
    // The refusals of this request: earlier tests' refusals may still be landing.
    const refusals = async (id: string) =>
      (await store.listAudit(100))
        .filter((a) => a.action === 'rerun.refused' && JSON.stringify(a.args).includes(id))
        .map((a) => a.actor)
        .sort();
    const asked = h.standin.messages('C0OPS', 'U0LEAD1').length;
    await h.standin.slashCommand({
      user: 'U0LEAD1',
      channel: 'C0OPS',
      text: 'rerun 2021-22 precompute --override',
    });
    const plan = await h.standin.waitFor(
      () =>
        h.standin
          .messages('C0OPS', 'U0LEAD1')
          .slice(asked)
          .find((m) => buttons(m).some((b) => b.action_id === 'rerun:confirm')),
      10_000,
      'the override plan',
    );
    const requestId = JSON.parse(buttons(plan).find((b) => b.action_id === 'rerun:confirm')?.value ?? '{}')
      .id as string;
    await h.standin.clickButton({
      user: 'U0LEAD1',
      channel: 'C0OPS',
      messageTs: plan.ts,
      actionId: 'rerun:confirm',
    });
    const modal = await h.standin.waitFor(
      () => h.standin.views.modal('U0LEAD1'),
      5000,
      'the override reason form',
    );
    for (const forger of ['U0OPS', 'U0RANDO']) {
      const payload = {
        type: 'view_submission',
        user: { id: forger, username: forger.toLowerCase(), team_id: 'T0STANDIN' },
        team: { id: 'T0STANDIN', domain: 'standin' },
        api_app_id: 'A0STANDIN',
        trigger_id: `forged.override.${forger}`,
        view: {
          ...modal.view,
          state: { values: { reason: { value: { type: 'plain_text_input', value: 'forged override' } } } },
        },
      };
      expect((await postSigned(h.appUrl, h.signingSecret, interactionBody(payload))).status).toBe(200);
    }
    await expect.poll(() => refusals(requestId)).toEqual(['U0OPS', 'U0RANDO']);
    const request = await store.getRerun(requestId);
    expect(request?.state).toBe('planned');
    expect(request?.override ?? null).toBeNull();
    expect((await reruns()).length).toBe(before);
  });
});
