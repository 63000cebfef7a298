import type { KnownBlock } from '@slack/types';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { StandinMessage } from '../../src/standin/start-standin.js';
import type { DuckdbStateStore } from '../../src/store/duckdb/duckdb-state-store.js';
import { type DemoSlack, openDemoSlack } from '../support/demo-slack.js';
import { interactionBody, postSigned } from '../support/signed-request.js';
import type { SlackHarness } from '../support/slack-harness.js';

// A watch through the real Bolt app over signed HTTP and the local Slack stand-in, on the demo (its
// 2021-22 Phase 3 is half missing): started by an operator, a forged Stop from a stranger refused and
// audited, the Stop of an approver ending it.

const text = (m: StandinMessage | undefined) => JSON.stringify(m?.blocks ?? []) + (m?.text ?? '');
const buttons = (m: StandinMessage | undefined) =>
  ((m?.blocks as KnownBlock[] | undefined) ?? []).flatMap((b) =>
    b.type === 'actions' ? (b.elements as { action_id: string; value: string }[]) : [],
  );

describe('a live watch through the local Slack stand-in', () => {
  let demo: DemoSlack;
  let store: DuckdbStateStore;
  let h: SlackHarness;
  const answerTo = (user: string, what: string) =>
    h.standin.waitForMessage((m) => m.ephemeralTo === user && text(m).includes(what), 10_000);

  beforeAll(async () => {
    demo = await openDemoSlack({ asOf: '2026-11-23' });
    ({ store, h } = demo);
  }, 90_000);
  afterAll(() => demo.close());

  it('refuses every 10s, saying what is accepted', async () => {
    await h.standin.slashCommand({ user: 'U0OPS', channel: 'C0OPS', text: 'watch 2021-22 every 10s' });
    const refused = await answerTo('U0OPS', 'A watch updates at most every 30 s, not every 10s');
    expect(text(refused)).toContain('every 30s to every 6h');
    expect(await store.listWatches()).toEqual([]);
  });

  it('posts the watch in the channel; a forged Stop from a stranger changes nothing and is audited; an approver stops it', async () => {
    await h.standin.slashCommand({
      user: 'U0OPS',
      channel: 'C0OPS',
      text: 'watch 2021-22 analytics every 5m',
    });
    // (Block Kit text keeps dates from breaking with U+2011; the notification text is plain.)
    await h.standin.waitForMessage(
      (m) => m.ephemeralTo === 'U0OPS' && m.text === 'Watching season 2021-22',
      10_000,
    );
    const posted = await h.standin.waitForMessage(
      (m) => !m.ephemeralTo && !m.thread_ts && text(m).includes('Backfill watch · season 2021-22 · phase 3'),
      10_000,
    );
    expect(text(posted)).toContain('Running: 1 of 1 phase to go');
    expect(text(posted)).toContain('Started by <@U0OPS>');
    const [stop] = buttons(posted);
    expect(stop?.action_id).toBe('watch:stop');
    const [watch] = await store.listWatches({ states: ['active'] });
    expect(JSON.parse(stop?.value ?? '')).toEqual({ v: 1, k: 'watch.stop', id: watch?.id });

    const forged = {
      type: 'block_actions',
      user: { id: 'U0RANDO', username: 'rando', team_id: 'T0STANDIN' },
      team: { id: 'T0STANDIN', domain: 'standin' },
      api_app_id: 'A0STANDIN',
      trigger_id: 'forged.watch',
      channel: { id: 'C0OPS', name: 'backfill-ops' },
      container: { type: 'message', message_ts: posted.ts, channel_id: 'C0OPS' },
      actions: [
        {
          type: 'button',
          action_id: 'watch:stop',
          block_id: 'followups',
          value: stop?.value,
          action_ts: '1.1',
        },
      ],
    };
    expect((await postSigned(h.appUrl, h.signingSecret, interactionBody(forged))).status).toBe(200);
    const told = await answerTo('U0RANDO', 'A watch is stopped by whoever started it');
    expect(text(told)).toContain('(<@U0OPS>)');
    expect(await store.getWatch(watch?.id ?? '')).toEqual(watch);
    const refusal = (await store.listAudit(20)).find((e) => e.action === 'watch.stop.refused');
    expect(refusal).toMatchObject({
      actor: 'U0RANDO',
      args: { watchId: watch?.id, key: 'forged.watch:1.1' },
    });

    await h.standin.clickButton({
      user: 'U0LEAD1',
      channel: 'C0OPS',
      messageTs: posted.ts,
      actionId: 'watch:stop',
    });
    await answerTo('U0LEAD1', `Stopped watch ${watch?.id}`);
    const stopped = await h.standin.waitFor(
      () => h.standin.messages('C0OPS').find((m) => m.ts === posted.ts && text(m).includes('Stopped')),
      10_000,
      'the watch redrawn as stopped',
    );
    expect(text(stopped)).toContain('by <@U0LEAD1>');
    expect(buttons(stopped)).toEqual([]);
    expect(await store.getWatch(watch?.id ?? '')).toMatchObject({ state: 'stopped', stoppedBy: 'U0LEAD1' });
  }, 60_000);
});
