import { mkdtempSync, rmSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { KnownBlock } from '@slack/types';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { CommandPorts } from '../../src/commands/command-context.js';
import { generateDemoWarehouse } from '../../src/demo/generate-demo.js';
import { slackSignature } from '../../src/standin/app-link.js';
import type { StandinMessage } from '../../src/standin/start-standin.js';
import { jsonText } from '../support/message-text.js';
import { catalog, duckdbPorts } from '../support/ports.js';
import { type SlackHarness, startSlackHarness } from '../support/slack-harness.js';

const blockText = (blocks: KnownBlock[] | undefined) => jsonText(blocks);
const headerOf = (m: StandinMessage) => {
  const header = (m.blocks as KnownBlock[] | undefined)?.find((b) => b.type === 'header');
  return header?.type === 'header' ? header.text.text : '';
};

function signedPost(
  url: string,
  secret: string,
  body: string,
  options: { timestamp?: number; signature?: string; retry?: number } = {},
) {
  const ts = options.timestamp ?? Math.floor(Date.now() / 1000);
  const signature = options.signature ?? slackSignature(secret, ts, body);
  return fetch(url, {
    method: 'POST',
    headers: {
      'content-type': 'application/x-www-form-urlencoded',
      'x-slack-request-timestamp': String(ts),
      'x-slack-signature': signature,
      ...(options.retry
        ? { 'x-slack-retry-num': String(options.retry), 'x-slack-retry-reason': 'http_timeout' }
        : {}),
    },
    body,
  });
}

/** A response_url of our own, to prove an independent client gets the answer. */
async function responseSink() {
  const received: { body: Record<string, unknown> }[] = [];
  const server: Server = createServer((req, res) => {
    let data = '';
    req
      .on('data', (c) => (data += c))
      .on('end', () => {
        received.push({ body: JSON.parse(data) });
        res.writeHead(200, { 'content-type': 'application/json' }).end('{"ok":true}');
      });
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const address = server.address();
  const url = `http://127.0.0.1:${typeof address === 'object' && address ? address.port : 0}/hook`;
  return { url, received, close: () => new Promise<void>((r) => server.close(() => r())) };
}

const commandBody = (text: string, responseUrl: string, triggerId: string) =>
  new URLSearchParams({
    token: 'legacy',
    team_id: 'T0STANDIN',
    team_domain: 'standin',
    channel_id: 'C0OPS',
    channel_name: 'backfill-ops',
    user_id: 'U0OPS',
    user_name: 'ops',
    command: '/backfill',
    text,
    api_app_id: 'A0STANDIN',
    is_enterprise_install: 'false',
    response_url: responseUrl,
    trigger_id: triggerId,
  }).toString();

describe('the Slack app over signed HTTP, against the local Slack stand-in', () => {
  let dir: string;
  let ports: CommandPorts;
  let h: SlackHarness;
  const unhandled: unknown[] = [];
  const onUnhandled = (reason: unknown) => unhandled.push(reason);

  beforeAll(async () => {
    process.on('unhandledRejection', onUnhandled);
    dir = mkdtempSync(join(tmpdir(), 'backfill-slack-'));
    const path = join(dir, 'demo.duckdb');
    await generateDemoWarehouse(catalog, { path, scale: 0.2, seed: 11, asOf: '2026-11-23' });
    ports = await duckdbPorts(path, '2026-11-23');
    h = await startSlackHarness(ports);
  });
  afterAll(async () => {
    await h.close();
    await ports.warehouse.close();
    rmSync(dir, { recursive: true, force: true });
    process.off('unhandledRejection', onUnhandled);
  });

  it('acks /backfill status 2023-24 at once and answers privately with progress bars', async () => {
    const started = performance.now();
    const ack = await h.standin.slashCommand({ user: 'U0OPS', channel: 'C0OPS', text: 'status 2023-24' });
    expect(ack.status).toBe(200);
    expect(performance.now() - started).toBeLessThan(3000);
    const answer = await h.standin.waitForMessage((m) => headerOf(m) === 'Backfill status · season 2023-24');
    expect(answer.ephemeralTo).toBe('U0OPS');
    expect(blockText(answer.blocks as KnownBlock[])).toMatch(/Phase 3 analytics\s+█{20} 100\.0%/);
    expect(h.standin.messages('C0OPS', 'U0LEAD1').some((m) => m.ts === answer.ts)).toBe(false);
  });

  it('posts in the channel with --public', async () => {
    await h.standin.slashCommand({ user: 'U0OPS', channel: 'C0OPS', text: 'quality 2023-24 --public' });
    const answer = await h.standin.waitForMessage((m) => headerOf(m) === 'Quality · season 2023-24');
    expect(answer.ephemeralTo).toBeUndefined();
    expect(h.standin.messages('C0OPS', 'U0LEAD1').some((m) => m.ts === answer.ts)).toBe(true);
  });

  it('explains what status would scan with --explain, instead of running it', async () => {
    await h.standin.slashCommand({ user: 'U0OPS', channel: 'C0OPS', text: 'status 2023-24 --explain' });
    const answer = await h.standin.waitForMessage((m) => headerOf(m) === 'Explain status · season 2023-24');
    expect(blockText(answer.blocks as KnownBlock[])).toContain('nba_precompute.player_daily_cache');
    expect(blockText(answer.blocks as KnownBlock[])).toContain('estimated from row counts on duckdb');
  });

  it('answers a follow-up button for the same range', async () => {
    await h.standin.slashCommand({ user: 'U0OPS', channel: 'C0OPS', text: 'status 2021-22' });
    const status = await h.standin.waitForMessage((m) => headerOf(m) === 'Backfill status · season 2021-22');
    const actions = (status.blocks as KnownBlock[]).find((b) => b.type === 'actions');
    const gapsButton =
      actions?.type === 'actions'
        ? actions.elements.find((e) => (e as { text?: { text: string } }).text?.text === 'Show gaps')
        : undefined;
    expect(gapsButton).toBeDefined();
    await h.standin.clickButton({
      user: 'U0OPS',
      channel: 'C0OPS',
      messageTs: status.ts,
      actionId: (gapsButton as { action_id: string }).action_id,
    });
    const gaps = await h.standin.waitForMessage((m) => headerOf(m) === 'Gaps · season 2021-22');
    expect(blockText(gaps.blocks as KnownBlock[])).toContain('player_game_summary');
  });

  it('answers the help card naming the closest command for an unknown subcommand, and the parser message with an example for bad arguments', async () => {
    await h.standin.slashCommand({ user: 'U0OPS', channel: 'C0OPS', text: 'stauts' });
    const help = await h.standin.waitForMessage((m) => headerOf(m) === 'backfill-bot · commands');
    expect(help.text).toBe('Unknown command "stauts": did you mean status?');
    expect(blockText(help.blocks as KnownBlock[])).toContain(
      'Unknown command \\"stauts\\": did you mean `/backfill status`?',
    );
    expect(blockText(help.blocks as KnownBlock[])).toContain(
      '*Look*\\n`/backfill status [range]` — e.g. `/backfill status 2023-24`\\n',
    );
    await h.standin.slashCommand({ user: 'U0OPS', channel: 'C0OPS', text: 'gaps 2024-02-30' });
    const bad = await h.standin.waitForMessage((m) => m.text?.includes('2024-02-30') === true);
    expect(bad.ephemeralTo).toBe('U0OPS');
    expect(blockText(bad.blocks as KnownBlock[])).toContain('Accepted ranges');
    expect(blockText(bad.blocks as KnownBlock[])).toContain('Example: `/backfill gaps 2021-22 analytics`');
  });

  it('gives an independent client the Block Kit answer on its own response_url', async () => {
    const sink = await responseSink();
    const res = await signedPost(
      h.appUrl,
      h.signingSecret,
      commandBody('status 2023-24', sink.url, 'trig-independent'),
    );
    expect(res.status).toBe(200);
    await expect.poll(() => sink.received.length, { timeout: 10_000 }).toBe(1);
    const body = sink.received[0]?.body as { response_type: string; blocks: KnownBlock[] };
    expect(body.response_type).toBe('ephemeral');
    expect(body.blocks[0]).toMatchObject({
      type: 'header',
      text: { text: 'Backfill status · season 2023-24' },
    });
    await sink.close();
  });

  it('refuses a bad signature and a timestamp more than 5 minutes away', async () => {
    const sink = await responseSink();
    const wrong = await signedPost(
      h.appUrl,
      'not-the-secret',
      commandBody('status', sink.url, 'trig-bad-sig'),
    );
    expect(wrong.status).toBe(401);
    const stale = await signedPost(h.appUrl, h.signingSecret, commandBody('status', sink.url, 'trig-stale'), {
      timestamp: Math.floor(Date.now() / 1000) - 6 * 60,
    });
    expect(stale.status).toBe(401);
    await new Promise((r) => setTimeout(r, 300));
    expect(sink.received).toHaveLength(0);
    await sink.close();
  });

  it('runs a retried delivery once', async () => {
    const sink = await responseSink();
    const body = commandBody('status 2023-24', sink.url, 'trig-retried');
    expect((await signedPost(h.appUrl, h.signingSecret, body)).status).toBe(200);
    expect((await signedPost(h.appUrl, h.signingSecret, body, { retry: 1 })).status).toBe(200);
    await expect.poll(() => sink.received.length, { timeout: 10_000 }).toBe(1);
    await new Promise((r) => setTimeout(r, 500));
    expect(sink.received).toHaveLength(1);
    await sink.close();
  });

  it('answers a double click once', async () => {
    await h.standin.slashCommand({ user: 'U0LEAD1', channel: 'C0OPS', text: 'status 2022-23' });
    const status = await h.standin.waitForMessage(
      (m) => headerOf(m) === 'Backfill status · season 2022-23' && m.ephemeralTo === 'U0LEAD1',
    );
    const before = h.standin.messages('C0OPS', 'U0LEAD1').length;
    await Promise.all([
      h.standin.clickButton({
        user: 'U0LEAD1',
        channel: 'C0OPS',
        messageTs: status.ts,
        actionId: 'followup:2',
      }),
      h.standin.clickButton({
        user: 'U0LEAD1',
        channel: 'C0OPS',
        messageTs: status.ts,
        actionId: 'followup:2',
      }),
    ]);
    await h.standin.waitForMessage(
      (m) => headerOf(m).startsWith('Backfill plan') && m.ephemeralTo === 'U0LEAD1',
    );
    await new Promise((r) => setTimeout(r, 500));
    expect(h.standin.messages('C0OPS', 'U0LEAD1').length).toBe(before + 1);
  });

  it('publishes App Home with the current season, without a state store (test/slack/home.test.ts has the rest)', async () => {
    await h.standin.openHome('U0OPS');
    await expect
      .poll(() => h.standin.apiCalls.some((c) => c.method === 'views.publish'), { timeout: 10_000 })
      .toBe(true);
    const publish = h.standin.apiCalls.find((c) => c.method === 'views.publish');
    expect(JSON.stringify(publish?.args)).toContain('Backfill status · current season 2026-27');
    expect(JSON.stringify(publish?.args)).toContain('Show gaps');
  });

  it('serves /healthz', async () => {
    const res = await fetch(h.appUrl.replace('/slack/events', '/healthz'));
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({ ok: true });
  });

  it('never writes the signing secret or the bot token to its logs, and leaves no rejection unhandled', () => {
    const logs = h.logs.join('\n');
    expect(logs).not.toContain(h.signingSecret);
    expect(logs).not.toContain(h.botToken);
    expect(unhandled).toEqual([]);
  });
});
