import { join } from 'node:path';
import type { KnownBlock } from '@slack/types';
import { PNG } from 'pngjs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { StandinMessage } from '../../src/standin/start-standin.js';
import { DuckdbStateStore } from '../../src/store/duckdb/duckdb-state-store.js';
import { openRenderWorld, RANGE, type RenderWorld } from '../render/render-world.js';
import { type SlackHarness, startSlackHarness } from '../support/slack-harness.js';

// /backfill heatmap through the real Bolt app over signed HTTP, against the local Slack stand-in:
// the picture is uploaded with Slack's external flow into the channel, the message with Re-run gaps
// under it, and a channel the bot is not in gets the private "invite @backfill-bot".

const text = (m: StandinMessage | undefined) => JSON.stringify(m?.blocks ?? []) + (m?.text ?? '');
const buttons = (m: StandinMessage | undefined) =>
  ((m?.blocks as KnownBlock[] | undefined) ?? []).flatMap((b) =>
    b.type === 'actions'
      ? (b.elements as { action_id: string; text: { text: string }; value: string }[])
      : [],
  );

describe('the heatmap in Slack, through the stand-in', () => {
  let world: RenderWorld;
  let store: DuckdbStateStore;
  let h: SlackHarness;

  beforeAll(async () => {
    world = await openRenderWorld();
    store = await DuckdbStateStore.open({
      path: join(world.dir, 'state.duckdb'),
      clock: world.partial.clock,
    });
    h = await startSlackHarness(world.partial, { store });
  });
  afterAll(async () => {
    await h.close();
    await store.close();
    await world.close();
  });

  it('posts the PNG in the channel for everyone, then the message with Re-run gaps under it', async () => {
    await h.standin.slashCommand({ user: 'U0OPS', channel: 'C0OPS', text: `heatmap ${RANGE}` });
    const message = await h.standin.waitForMessage(
      (m) => !m.ephemeralTo && text(m).includes('Coverage heatmap: 4 tables with gaps'),
    );
    const seen = h.standin.messages('C0OPS', 'U0LEAD1');
    const picture = seen.find((m) => m.via === 'files.completeUploadExternal');
    expect(picture?.ephemeralTo).toBeUndefined();
    expect(Number(picture?.ts)).toBeLessThan(Number(message.ts));
    const [file] = picture?.files ?? [];
    expect(file).toMatchObject({
      name: 'coverage-heatmap-2023-10-24-to-2023-11-04.png',
      title: `Coverage heatmap · ${RANGE}`,
      mimetype: 'image/png',
    });
    expect(file?.alt_txt).toContain('Gaps or failures in 5 tables');
    // The page shows the image from url_private: the bytes there are the PNG.
    const download = await fetch(file?.url_private ?? '');
    const png = PNG.sync.read(Buffer.from(await download.arrayBuffer()));
    expect(png.width).toBeGreaterThan(800);
    expect(h.standin.apiCalls.map((c) => c.method)).toEqual(
      expect.arrayContaining([
        'files.getUploadURLExternal',
        'files.completeUploadExternal',
        'chat.postMessage',
      ]),
    );
    // Nobody gets a private copy: the answer is the channel's.
    expect(h.standin.messages('C0OPS', 'U0OPS').filter((m) => m.ephemeralTo)).toEqual([]);
    expect(buttons(message)[0]?.text.text).toBe('Re-run gaps: bdl_player_boxscores (1 date)');
  });

  it('builds the re-run plan of what it shows when Re-run gaps is pressed', async () => {
    const message = await h.standin.waitForMessage(
      (m) => !m.ephemeralTo && text(m).includes('Coverage heatmap: 4 tables with gaps'),
    );
    const rerun = buttons(message)[0];
    await h.standin.clickButton({
      user: 'U0OPS',
      channel: 'C0OPS',
      messageTs: message.ts,
      actionId: rerun?.action_id ?? '',
      value: rerun?.value ?? '',
    });
    const plan = await h.standin.waitForMessage(
      (m) => m.ephemeralTo === 'U0OPS' && text(m).includes('BdlBoxscoresProcessor'),
    );
    expect(text(plan)).toContain('Ready: 1 processor-date in 1 message');
  });

  it('tells the person privately to invite the bot where it is not, and uploads nothing', async () => {
    const uploads = () => h.standin.apiCalls.filter((c) => c.method === 'files.getUploadURLExternal').length;
    const before = uploads();
    await h.standin.slashCommand({ user: 'U0OPS', channel: 'C0QUIET', text: `heatmap ${RANGE}` });
    const told = await h.standin.waitForMessage(
      (m) => m.channel === 'C0QUIET' && m.ephemeralTo === 'U0OPS' && text(m).includes('invite @backfill-bot'),
    );
    expect(text(told)).toContain('backfill-bot is not in #quiet: invite @backfill-bot to #quiet');
    expect(uploads()).toBe(before);
    expect(h.standin.messages('C0QUIET').filter((m) => !m.ephemeralTo && m.files)).toEqual([]);
  });

  it('answers bad words privately with what it accepts', async () => {
    await h.standin.slashCommand({ user: 'U0OPS', channel: 'C0OPS', text: `heatmap ${RANGE} analytcs` });
    const told = await h.standin.waitForMessage(
      (m) => m.ephemeralTo === 'U0OPS' && text(m).includes('unknown phase or table'),
    );
    expect(text(told)).toContain('Did you mean analytics?');
  });
});
