import { createServer, type IncomingHttpHeaders } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { slackSignature } from '../../src/standin/app-link.js';
import { startStandin } from '../../src/standin/start-standin.js';
import { type Peer, startPeer } from './bolt-peer.js';

describe('Slack’s platform rules, as the app meets them', () => {
  let peer: Peer | undefined;
  afterEach(async () => {
    await peer?.close();
    peer = undefined;
  });

  it('is refused by Bolt (401) when it signs with another secret, and the user sees dispatch_failed', async () => {
    let ran = false;
    peer = await startPeer(
      (app) => {
        app.command('/backfill', async ({ ack }) => {
          ran = true;
          await ack();
        });
      },
      { standinSigningSecret: 'not-the-apps-secret' },
    );
    const result = await peer.standin.slashCommand({ user: 'U0OPS', channel: 'C0OPS', text: 'status' });

    expect(result.status).toBe(401);
    expect(result.error).toBe('dispatch_failed');
    expect(ran).toBe(false);
    expect(peer.standin.messages('C0OPS', 'U0OPS')).toMatchObject([
      { user: 'USLACKBOT', ephemeralTo: 'U0OPS', text: '/backfill failed with the error "dispatch_failed"' },
    ]);
  });

  it('gives up after 3 seconds without an ack and shows operation_timeout, ignoring the late answer', async () => {
    peer = await startPeer((app) => {
      app.command('/backfill', async ({ ack }) => {
        await new Promise((r) => setTimeout(r, 3300));
        await ack('too late');
      });
    });
    const started = Date.now();
    const result = await peer.standin.slashCommand({ user: 'U0OPS', channel: 'C0OPS', text: 'slow' });
    const waited = Date.now() - started;

    expect(result).toMatchObject({ status: 0, error: 'operation_timeout' });
    expect(waited).toBeGreaterThanOrEqual(2990);
    expect(waited).toBeLessThan(3250);
    expect(peer.standin.messages('C0OPS', 'U0OPS')).toMatchObject([
      { user: 'USLACKBOT', text: '/backfill failed with the error "operation_timeout"' },
    ]);
    await new Promise((r) => setTimeout(r, 400));
    expect(peer.standin.messages('C0OPS').map((m) => m.text)).not.toContain('too late');
  }, 10_000);

  it('accepts 5 uses of a response_url, then answers 404 used_url, which Bolt’s respond() throws', async () => {
    const outcomes: string[] = [];
    peer = await startPeer((app) => {
      app.command('/backfill', async ({ ack, respond }) => {
        await ack();
        for (let i = 1; i <= 6; i++) {
          await respond({ text: `update ${i}`, replace_original: i > 1 }).then(
            () => outcomes.push('ok'),
            (e: { code?: string; statusCode?: number }) => outcomes.push(`${e.code} ${e.statusCode}`),
          );
        }
      });
    });
    const { responseUrl } = await peer.standin.slashCommand({
      user: 'U0OPS',
      channel: 'C0OPS',
      text: 'watch',
    });
    await peer.standin.waitFor(() => outcomes.length === 6);

    expect(outcomes).toEqual(['ok', 'ok', 'ok', 'ok', 'ok', 'slack_bolt_respond_error 404']);
    expect(peer.standin.messages('C0OPS', 'U0OPS').map((m) => m.text)).toEqual(['update 5']);
    const again = await fetch(responseUrl, { method: 'POST', body: JSON.stringify({ text: 'x' }) });
    expect([again.status, await again.json()]).toEqual([404, { ok: false, error: 'used_url' }]);
  });

  it('expires response_urls after 30 minutes and trigger_ids after 3 seconds', async () => {
    let now = Date.now();
    const triggers: string[] = [];
    peer = await startPeer(
      (app) => {
        app.command('/backfill', async ({ ack, command }) => {
          triggers.push(command.trigger_id);
          await ack();
        });
      },
      { standin: { now: () => now } },
    );
    const { responseUrl } = await peer.standin.slashCommand({ user: 'U0OPS', channel: 'C0OPS', text: 'x' });
    now += 3001;
    const open = await peer.app.client.views
      .open({
        trigger_id: triggers[0] ?? '',
        view: { type: 'modal', title: { type: 'plain_text', text: 'Late' }, blocks: [] },
      })
      .catch((e: { data: unknown }) => e.data);
    expect(open).toMatchObject({ ok: false, error: 'expired_trigger_id' });

    now += 30 * 60_000;
    const late = await fetch(responseUrl, { method: 'POST', body: JSON.stringify({ text: 'late' }) });
    expect([late.status, await late.json()]).toEqual([404, { ok: false, error: 'expired_url' }]);
  });

  it('retries an Events API delivery without HTTP 200 three times, with x-slack-retry-num and the same event', async () => {
    const seen: { headers: IncomingHttpHeaders; body: string }[] = [];
    const app = createServer((req, res) => {
      let body = '';
      req.on('data', (c) => {
        body += c;
      });
      req.on('end', () => {
        seen.push({ headers: req.headers, body });
        res.writeHead(500).end();
      });
    });
    await new Promise<void>((r) => app.listen(0, '127.0.0.1', r));
    const standin = await startStandin({
      port: 0,
      appUrl: `http://127.0.0.1:${(app.address() as AddressInfo).port}/slack/events`,
      signingSecret: 'shh',
      botToken: 'xoxb-x',
      eventRetryDelaysMs: [10, 10, 10],
    });
    try {
      expect(await standin.openHome('U0OPS')).toEqual({ status: 500, error: 'dispatch_failed' });
      await standin.waitFor(() => seen.length === 4);
      expect(seen.map((s) => s.headers['x-slack-retry-num'])).toEqual([undefined, '1', '2', '3']);
      expect(seen.map((s) => s.headers['x-slack-retry-reason'])).toEqual([
        undefined,
        'http_error',
        'http_error',
        'http_error',
      ]);
      expect(new Set(seen.map((s) => JSON.parse(s.body).event_id)).size).toBe(1);
      for (const { headers, body } of seen) {
        const ts = Number(headers['x-slack-request-timestamp']);
        expect(Math.abs(ts - Date.now() / 1000)).toBeLessThan(5);
        expect(headers['x-slack-signature']).toBe(slackSignature('shh', ts, body));
      }
    } finally {
      await standin.close();
      app.close();
    }
  });
});
