import { mkdtempSync, rmSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { KnownBlock } from '@slack/types';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { gateRequestId } from '../../src/actions/gate-request.js';
import type { CommandPorts } from '../../src/commands/command-context.js';
import { generateDemoWarehouse } from '../../src/demo/generate-demo.js';
import { LocalQueue } from '../../src/queue/local/local-queue.js';
import { MAX_BODY_BYTES } from '../../src/slack/http/refusal.js';
import { slackSignature } from '../../src/standin/app-link.js';
import type { StandinMessage } from '../../src/standin/start-standin.js';
import { DuckdbStateStore } from '../../src/store/duckdb/duckdb-state-store.js';
import { messageText } from '../support/message-text.js';
import { catalog, duckdbPorts } from '../support/ports.js';
import { interactionBody } from '../support/signed-request.js';
import { type SlackHarness, startSlackHarness } from '../support/slack-harness.js';

// The HTTP front of the real Bolt app (src/slack/http), over signed HTTP: what is refused before Bolt
// parses it (size, signature, time in either direction, payload shape), answered at once and logged;
// and replays of valid signed requests within the window, which change nothing the second time.
// The app forgets handled requests at once (dedupeTtlMs: 0), as another replica would: every replay
// reaches the core, and only the state store makes it a no-op.

const text = messageText;
const nowSeconds = () => Math.floor(Date.now() / 1000);
const MINUTE = 60;

// An answer that takes Slack's 3 s ack window (or longer) aborts the request: "at once" is this.
const AT_ONCE_MS = 2000;

interface Sent {
  status: number;
  body: string;
}

interface SignOptions {
  timestamp?: number;
  /** The signature header; null leaves it out. Default: the right one for body and timestamp. */
  signature?: string | null;
  /** The timestamp header as sent; null leaves it out. */
  timestampHeader?: string | null;
  contentType?: string;
  secret?: string;
}

/** A signed request as Slack sends it, kept so that sending it again is a byte-for-byte replay. */
function signed(url: string, secret: string, body: string, options: SignOptions = {}) {
  const ts = options.timestamp ?? nowSeconds();
  const signature =
    options.signature === undefined ? slackSignature(options.secret ?? secret, ts, body) : options.signature;
  const stamp = options.timestampHeader === undefined ? String(ts) : options.timestampHeader;
  const headers: Record<string, string> = {
    'content-type': options.contentType ?? 'application/x-www-form-urlencoded',
    ...(signature === null ? {} : { 'x-slack-signature': signature }),
    ...(stamp === null ? {} : { 'x-slack-request-timestamp': stamp }),
  };
  return async (timeoutMs = AT_ONCE_MS): Promise<Sent> => {
    const res = await fetch(url, {
      method: 'POST',
      headers,
      body,
      signal: AbortSignal.timeout(timeoutMs),
    });
    return { status: res.status, body: await res.text() };
  };
}

/** A response_url of our own: each answer is kept under the path it was sent to. */
async function responseSink() {
  const received: { path: string; body: Record<string, unknown> }[] = [];
  const server: Server = createServer((req, res) => {
    let data = '';
    req
      .on('data', (c) => (data += c))
      .on('end', () => {
        received.push({ path: req.url ?? '', body: JSON.parse(data) });
        res.writeHead(200, { 'content-type': 'application/json' }).end('{"ok":true}');
      });
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const address = server.address();
  const url = `http://127.0.0.1:${typeof address === 'object' && address ? address.port : 0}`;
  const at = (path: string) => received.filter((r) => r.path === `/${path}`);
  return { url, at, received, close: () => new Promise<void>((r) => server.close(() => r())) };
}

const commandBody = (words: string, triggerId: string, responseUrl: string, user = 'U0OPS') =>
  new URLSearchParams({
    token: 'legacy',
    team_id: 'T0STANDIN',
    team_domain: 'standin',
    channel_id: 'C0OPS',
    channel_name: 'backfill-ops',
    user_id: user,
    user_name: user.toLowerCase(),
    command: '/backfill',
    text: words,
    api_app_id: 'A0STANDIN',
    response_url: responseUrl,
    trigger_id: triggerId,
  }).toString();

const person = (id: string) => ({ id, username: id.toLowerCase(), team_id: 'T0STANDIN' });
const team = { id: 'T0STANDIN', domain: 'standin' };

/** A button click on a channel message, as Slack posts it. */
const click = (
  user: string,
  message: StandinMessage,
  button: { action_id: string; value: string },
  trigger: string,
) => ({
  type: 'block_actions',
  user: person(user),
  team,
  api_app_id: 'A0STANDIN',
  trigger_id: trigger,
  channel: { id: message.channel, name: 'backfill-ops' },
  container: { type: 'message', message_ts: message.ts, channel_id: message.channel },
  actions: [
    {
      type: 'button',
      block_id: 'b',
      action_id: button.action_id,
      value: button.value,
      action_ts: `${nowSeconds()}.000100`,
    },
  ],
});

const buttons = (m: StandinMessage | undefined) =>
  ((m?.blocks as KnownBlock[] | undefined) ?? []).flatMap((b) =>
    b.type === 'actions'
      ? (b.elements as { action_id: string; value: string; text: { text: string } }[])
      : [],
  );
const header = (m: StandinMessage) => {
  const h = (m.blocks as KnownBlock[] | undefined)?.find((b) => b.type === 'header');
  return h?.type === 'header' ? h.text.text : '';
};
const requestIdOf = (m: StandinMessage) => /Request (g_[0-9a-f]{12})/.exec(text(m))?.[1] ?? '';

type Line = Record<string, unknown>;

describe('the HTTP front of the Slack app', () => {
  let dir: string;
  let ports: CommandPorts;
  let store: DuckdbStateStore;
  let queue: LocalQueue;
  let h: SlackHarness;
  let sink: Awaited<ReturnType<typeof responseSink>>;
  const send = (body: string, options?: SignOptions) => signed(h.appUrl, h.signingSecret, body, options);

  /** The HTTP front's lines (kind "http") written since `from` of them. */
  const httpLines = (from = 0): Line[] =>
    h.logs
      .flatMap((l) => {
        try {
          return [JSON.parse(l) as Line];
        } catch {
          return [];
        }
      })
      .filter((l) => l.kind === 'http')
      .slice(from);

  /** The private answers to `user` saying `what`, newest last. */
  const answers = (user: string, what: string) =>
    h.standin.messages('C0OPS', user).filter((m) => m.ephemeralTo === user && text(m).includes(what));
  const nextAnswer = async (user: string, what: string, before: number) => {
    const found = await h.standin.waitFor(
      () => (answers(user, what).length > before ? answers(user, what) : undefined),
      10_000,
      `an answer to ${user} saying ${what}`,
    );
    return found[found.length - 1] as StandinMessage;
  };
  /** The outbox rows about one thing (their keys name it), by key: what an action sends out. */
  const rowsAbout = async (id: string) =>
    (await store.listOutbox({ limit: 1000 })).map((r) => r.key).filter((k) => k.includes(id));

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'backfill-http-guard-'));
    const path = join(dir, 'demo.duckdb');
    // The gates' and re-runs' world: Gate 1 passes for 2023-24, one open TOGS failure in 2022-23,
    // Phase 3 half missing in 2021-22; the milestone reminders are due (posted on start).
    await generateDemoWarehouse(catalog, { path, scale: 0.2, seed: 42, asOf: '2026-11-23' });
    ports = await duckdbPorts(path, '2026-11-23');
    store = await DuckdbStateStore.open({ path: join(dir, 'state.duckdb'), clock: ports.clock });
    queue = new LocalQueue(join(dir, 'queue.jsonl'), ports.clock);
    h = await startSlackHarness(ports, { store, queue, dedupeTtlMs: 0 });
    sink = await responseSink();
  }, 90_000);
  afterAll(async () => {
    await sink.close();
    await h.close();
    await store.close();
    await ports.warehouse.close();
    rmSync(dir, { recursive: true, force: true });
  });

  describe('refuses before Bolt parses, at once, with one line each', () => {
    // Each would request a gate (a state change) if it got through; none may.
    const refusedTriggers: string[] = [];
    const gateCommand = (trigger: string) => {
      refusedTriggers.push(trigger);
      return commandBody('gate 0 2023-24', trigger, `${sink.url}/${trigger}`);
    };

    it('answers a body over 1 MiB with 413 without reading it, signed or not, with or without a length', async () => {
      const from = httpLines().length;
      const big = `${gateCommand('big')}&pad=${'x'.repeat(MAX_BODY_BYTES)}`;
      const declared = await send(big)();
      expect(declared.status).toBe(413);
      expect(JSON.parse(declared.body)).toEqual({
        ok: false,
        error: 'request_too_large',
        reason: `body over ${MAX_BODY_BYTES} bytes`,
      });
      // Chunked (no Content-Length): refused at the chunk that crosses the limit.
      const chunk = new TextEncoder().encode('x'.repeat(64 * 1024));
      let left = Math.ceil((MAX_BODY_BYTES * 1.5) / chunk.length);
      const stream = new ReadableStream<Uint8Array>({
        pull(controller) {
          if (left-- > 0) controller.enqueue(chunk);
          else controller.close();
        },
      });
      const chunked = await fetch(h.appUrl, {
        method: 'POST',
        headers: { 'content-type': 'application/x-www-form-urlencoded' },
        body: stream,
        duplex: 'half',
        signal: AbortSignal.timeout(AT_ONCE_MS),
      } as RequestInit);
      expect(chunked.status).toBe(413);
      expect(httpLines(from)).toEqual([
        expect.objectContaining({
          severity: 'WARNING',
          kind: 'http',
          name: 'POST /slack/events',
          status: 413,
          outcome: 'REQUEST_TOO_LARGE',
        }),
        expect.objectContaining({ status: 413, outcome: 'REQUEST_TOO_LARGE' }),
      ]);
    });

    it('lets a body of exactly 1 MiB through to Bolt', async () => {
      const body = commandBody('help', 'at-limit', `${sink.url}/at-limit`);
      const padded = `${body}&pad=${'x'.repeat(MAX_BODY_BYTES - body.length - 5)}`;
      expect(Buffer.byteLength(padded)).toBe(MAX_BODY_BYTES);
      expect((await send(padded)()).status).toBe(200);
      await expect.poll(() => sink.at('at-limit').length, { timeout: 10_000 }).toBe(1);
    });

    it.each([
      ['a wrong secret', { secret: 'not-the-secret' }, 'signature mismatch'],
      ['no signature header', { signature: null }, 'x-slack-signature or timestamp missing'],
      ['no timestamp header', { timestampHeader: null }, 'x-slack-signature or timestamp missing'],
      [
        'a timestamp that is not a number',
        { timestampHeader: 'soon' },
        'x-slack-request-timestamp is not a time in seconds',
      ],
      ['another signature version', { signature: 'v1=abc' }, 'signature mismatch'],
    ] as const)('answers %s with 401, as SIGNATURE_INVALID', async (what, options, reason) => {
      const from = httpLines().length;
      const trigger = `sig-${what.replaceAll(' ', '-')}`;
      const sent = await send(gateCommand(trigger), options)();
      expect(sent).toEqual({ status: 401, body: '' });
      expect(httpLines(from)).toEqual([
        expect.objectContaining({ kind: 'http', status: 401, outcome: 'SIGNATURE_INVALID', reason }),
      ]);
    });

    it('answers a body changed after signing with 401', async () => {
      const from = httpLines().length;
      const original = gateCommand('tampered');
      const ts = nowSeconds();
      const signature = slackSignature(h.signingSecret, ts, original);
      const tampered = original.replace('U0OPS', 'U0LEAD1');
      expect((await send(tampered, { timestamp: ts, signature })()).status).toBe(401);
      expect(httpLines(from)).toEqual([
        expect.objectContaining({ outcome: 'SIGNATURE_INVALID', reason: 'signature mismatch' }),
      ]);
    });

    it.each([
      ['6 minutes ago', -6 * MINUTE, 'behind'],
      ['6 minutes ahead', 6 * MINUTE, 'ahead of'],
      ['an hour ahead', 60 * MINUTE, 'ahead of'],
      ['a year ahead', 365 * 24 * 60 * MINUTE, 'ahead of'],
    ] as const)(
      'answers a correctly signed request dated %s with 401, as TIMESTAMP_OUT_OF_WINDOW',
      async (what, offset, direction) => {
        const from = httpLines().length;
        const sent = await send(gateCommand(`time-${what.replaceAll(' ', '-')}`), {
          timestamp: nowSeconds() + offset,
        })();
        expect(sent).toEqual({ status: 401, body: '' });
        expect(httpLines(from)).toEqual([
          expect.objectContaining({
            kind: 'http',
            status: 401,
            outcome: 'TIMESTAMP_OUT_OF_WINDOW',
            reason: expect.stringMatching(
              new RegExp(`^timestamp \\d+ s ${direction} our clock \\(max 300 s\\)$`),
            ),
          }),
        ]);
      },
    );

    // Found by a tester with correctly signed requests: no answer at all, a 500, a 404 after 3 s.
    it.each([
      ['payload=null', 'payload=null', 'the payload is not a JSON object', undefined],
      ['a payload that is not JSON', 'payload=%7Bnope', 'the payload is not JSON', undefined],
      [
        'a block_actions payload without user',
        interactionBody({
          type: 'block_actions',
          trigger_id: 't.1',
          actions: [{ action_id: 'more', action_ts: '1.1' }],
        }),
        'block_actions: user is missing or malformed',
        undefined,
      ],
      [
        'a block_actions payload with actions: {}',
        interactionBody({ type: 'block_actions', user: person('U0LEAD1'), trigger_id: 't.2', actions: {} }),
        'block_actions: actions is missing or malformed',
        'U0LEAD1',
      ],
      [
        'a block_actions payload without a trigger_id',
        interactionBody({
          type: 'block_actions',
          user: person('U0LEAD1'),
          actions: [{ action_id: 'gate:approve', action_ts: '1.1' }],
        }),
        'block_actions: trigger_id is missing or malformed',
        'U0LEAD1',
      ],
      [
        'a view_submission without state',
        interactionBody({
          type: 'view_submission',
          user: person('U0LEAD1'),
          view: { id: 'V0NOSTATE', type: 'modal', callback_id: 'gate.vote', private_metadata: '{}' },
        }),
        'view_submission: view.state is missing or malformed',
        'U0LEAD1',
      ],
      [
        'a slash command without user_id',
        commandBody('gate 0 2023-24', 't.3', 'http://127.0.0.1:9/nobody').replace(/user_id=U0OPS&/, ''),
        'slash command: user_id is missing or malformed',
        undefined,
      ],
    ] as const)('answers %s with 400 at once, as PAYLOAD_INVALID', async (_what, body, reason, user) => {
      const from = httpLines().length;
      const sent = await send(body)();
      expect(sent.status).toBe(400);
      expect(JSON.parse(sent.body)).toEqual({ ok: false, error: 'payload_invalid', reason });
      expect(httpLines(from)).toEqual([
        {
          severity: 'WARNING',
          time: expect.any(String),
          kind: 'http',
          name: 'POST /slack/events',
          ...(user ? { user } : {}),
          status: 400,
          duration_ms: expect.any(Number),
          outcome: 'PAYLOAD_INVALID',
          reason,
          message: expect.stringMatching(/^http POST \/slack\/events: PAYLOAD_INVALID \(400\) in \d+ ms$/),
        },
      ]);
    });

    it('answers an Events API body without its event with 400', async () => {
      const from = httpLines().length;
      const sent = await send(JSON.stringify({ type: 'event_callback', event_id: 'Ev1' }), {
        contentType: 'application/json',
      })();
      expect(sent.status).toBe(400);
      expect(httpLines(from)).toEqual([
        expect.objectContaining({
          outcome: 'PAYLOAD_INVALID',
          reason: 'event_callback: event is missing or malformed',
        }),
      ]);
    });

    it('accepts the same requests signed 4 minutes either side of now, and nothing refused above changed anything', async () => {
      for (const [trigger, offset] of [
        ['in-window-past', -4 * MINUTE],
        ['in-window-ahead', 4 * MINUTE],
      ] as const) {
        const body = commandBody('gate 0 2023-24', trigger, `${sink.url}/${trigger}`);
        expect((await send(body, { timestamp: nowSeconds() + offset })()).status).toBe(200);
        await expect.poll(() => sink.at(trigger).length, { timeout: 20_000 }).toBe(1);
        expect(await store.getGate(gateRequestId(trigger))).not.toBeNull();
      }
      for (const trigger of refusedTriggers) {
        expect(await store.getGate(gateRequestId(trigger))).toBeNull();
        expect(sink.at(trigger)).toEqual([]);
      }
    });

    it('answers a request no listener acknowledges with 404 after Bolt waits its 3 s, and logs it', async () => {
      const from = httpLines().length;
      const body = interactionBody({
        type: 'view_submission',
        user: person('U0LEAD1'),
        view: { id: 'V0NOBODY', type: 'modal', callback_id: 'nobody.listens', state: { values: {} } },
      });
      expect((await send(body)(10_000)).status).toBe(404);
      expect(httpLines(from)).toEqual([
        expect.objectContaining({ kind: 'http', status: 404, outcome: 'NOT_ACKNOWLEDGED' }),
      ]);
    });
  });

  describe('a replay of a valid signed request within the window changes nothing', () => {
    let gateCard: StandinMessage;

    it('a slash command requesting a gate: one request, one card', async () => {
      const replay = send(commandBody('gate 1 2023-24', 'replay.gate', `${sink.url}/replay-gate`));
      expect((await replay()).status).toBe(200);
      const id = gateRequestId('replay.gate');
      await expect.poll(() => sink.at('replay-gate').length, { timeout: 20_000 }).toBe(1);
      expect(sink.at('replay-gate')[0]?.body.text).toBe('Posting the gate 1 card for season 2023-24 (PASS)');
      expect(JSON.stringify(sink.at('replay-gate')[0]?.body)).toContain(`(request ${id})`);
      gateCard = await h.standin.waitForMessage(
        (m) => !m.ephemeralTo && requestIdOf(m) === id && buttons(m).length > 0,
        10_000,
      );
      // The relay has posted the card and noted where: the request is as it stays.
      await expect
        .poll(async () => (await store.getGate(id))?.request.messageTs, { timeout: 10_000 })
        .toBe(gateCard.ts);
      const before = { record: await store.getGate(id), rows: await rowsAbout(id) };

      expect((await replay()).status).toBe(200);
      await expect.poll(() => sink.at('replay-gate').length, { timeout: 20_000 }).toBe(2);
      expect(sink.at('replay-gate')[1]?.body.text).toBe(
        'The gate 1 card for season 2023-24 (PASS) was already requested',
      );
      expect(JSON.stringify(sink.at('replay-gate')[1]?.body)).toContain(
        `This request was already made (request ${id})`,
      );
      expect(await rowsAbout(id)).toEqual(before.rows);
      expect((await store.getGate(id))?.request).toEqual(before.record?.request);
      expect(h.standin.messages('C0OPS').filter((m) => !m.ephemeralTo && requestIdOf(m) === id)).toHaveLength(
        1,
      );
    });

    it('a gate vote from its button: one vote, one decision, nothing sent twice', async () => {
      const id = requestIdOf(gateCard);
      const approve = buttons(gateCard).find((b) => b.action_id === 'gate:approve');
      const replay = send(
        interactionBody(click('U0LEAD1', gateCard, approve ?? { action_id: '', value: '' }, 'replay.vote')),
      );
      const recorded = answers('U0LEAD1', 'Recorded: gate 1 approved').length;
      expect((await replay()).status).toBe(200);
      await nextAnswer('U0LEAD1', 'Recorded: gate 1 approved', recorded);
      const before = { record: await store.getGate(id), rows: await rowsAbout(id) };
      expect(before.record?.decision).not.toBeNull();

      const closed = answers('U0LEAD1', 'Already decided').length;
      expect((await replay()).status).toBe(200);
      await nextAnswer('U0LEAD1', 'Already decided', closed);
      const after = await store.getGate(id);
      expect(after?.votes).toEqual(before.record?.votes);
      expect(after?.decision).toEqual(before.record?.decision);
      expect(await rowsAbout(id)).toEqual(before.rows);
      expect((await store.listDecisions({ gate: '1' })).filter((d) => d.request.id === id)).toHaveLength(1);
    });

    it('a gate vote from its reason form, on a gate that needs two approvers: the vote counts once', async () => {
      await h.standin.slashCommand({ user: 'U0OPS', channel: 'C0OPS', text: 'gate 3 2023-24' });
      const card = await h.standin.waitForMessage(
        (m) => !m.ephemeralTo && header(m).startsWith('Gate 3 · season 2023-24') && buttons(m).length > 0,
        20_000,
      );
      const id = requestIdOf(card);
      const replay = send(
        interactionBody({
          type: 'view_submission',
          user: person('U0LEAD1'),
          team,
          api_app_id: 'A0STANDIN',
          trigger_id: 'replay.form',
          view: {
            id: 'V0REPLAYFORM',
            type: 'modal',
            callback_id: 'gate.vote',
            private_metadata: JSON.stringify({ v: 1, requestId: id, vote: 'approve', channel: 'C0OPS' }),
            state: { values: { reason: { value: { type: 'plain_text_input', value: 'checked by hand' } } } },
          },
        }),
      );
      const first = answers('U0LEAD1', 'Recorded: 1 of 2 approvals').length;
      expect((await replay()).status).toBe(200);
      await nextAnswer('U0LEAD1', 'Recorded: 1 of 2 approvals', first);
      const before = { record: await store.getGate(id), rows: await rowsAbout(id) };
      expect(before.record?.votes).toHaveLength(1);

      const again = answers('U0LEAD1', 'Your vote on this gate is already recorded').length;
      expect((await replay()).status).toBe(200);
      await nextAnswer('U0LEAD1', 'Your vote on this gate is already recorded', again);
      const after = await store.getGate(id);
      expect(after?.votes).toEqual(before.record?.votes);
      expect(after?.state).toBe('pending');
      expect(await rowsAbout(id)).toEqual(before.rows);
    });

    it('a re-run Confirm: one confirmation, one message published', async () => {
      const planned = answers('U0OPS', 'Ready: 1 processor-date').length;
      await h.standin.slashCommand({
        user: 'U0OPS',
        channel: 'C0OPS',
        text: 'rerun failed 2022-23 TeamOffenseGameSummaryProcessor',
      });
      const plan = await nextAnswer('U0OPS', 'Ready: 1 processor-date', planned);
      const confirm = buttons(plan).find((b) => b.action_id === 'rerun:confirm');
      const id = JSON.parse(confirm?.value ?? '{}').id as string;
      const replay = send(
        interactionBody(click('U0OPS', plan, confirm ?? { action_id: '', value: '' }, 'replay.rerun')),
      );
      expect((await replay()).status).toBe(200);
      await nextAnswer('U0OPS', `Re-run ${id} confirmed: 1 message queued`, 0);
      // The thread's status is redrawn as the pipeline moves (`…:status:<n>`): not the request's doing.
      const decided = async () => (await rowsAbout(id)).filter((k) => !/:status:/.test(k));
      const confirmations = async () =>
        (await store.listAudit(200)).filter(
          (a) => a.action === 'rerun.confirm' && JSON.stringify(a.args).includes(id),
        );
      const before = { request: await store.getRerun(id), rows: await decided() };
      expect(before.request?.state).toBe('confirmed');
      expect(await confirmations()).toHaveLength(1);

      expect((await replay()).status).toBe(200);
      await nextAnswer('U0OPS', `Re-run ${id} is already confirmed and running`, 0);
      const after = await store.getRerun(id);
      expect(after?.state).toBe('confirmed');
      expect(after?.confirmedAt).toBe(before.request?.confirmedAt);
      expect(await decided()).toEqual(before.rows);
      expect(await confirmations()).toHaveLength(1);
      const published = async () =>
        (await queue.published()).filter(
          (p) => p.data.schema === 'backfill-bot.rerun/v1' && JSON.stringify(p.data).includes(id),
        );
      await expect.poll(async () => (await published()).length, { timeout: 10_000 }).toBe(1);
    });

    it('a watch Stop: stopped once, redrawn once', async () => {
      await h.standin.slashCommand({
        user: 'U0OPS',
        channel: 'C0OPS',
        text: 'watch 2021-22 analytics every 5m',
      });
      const posted = await h.standin.waitForMessage(
        (m) => !m.ephemeralTo && !m.thread_ts && buttons(m).some((b) => b.action_id === 'watch:stop'),
        20_000,
      );
      const stop = buttons(posted).find((b) => b.action_id === 'watch:stop');
      const id = JSON.parse(stop?.value ?? '{}').id as string;
      const replay = send(
        interactionBody(click('U0LEAD1', posted, stop ?? { action_id: '', value: '' }, 'replay.stop')),
      );
      expect((await replay()).status).toBe(200);
      await nextAnswer('U0LEAD1', `Stopped watch ${id}`, 0);
      const before = { watch: await store.getWatch(id), rows: await rowsAbout(id) };
      expect(before.watch?.state).toBe('stopped');

      expect((await replay()).status).toBe(200);
      await nextAnswer('U0LEAD1', `Watch ${id} was stopped already`, 0);
      expect(await store.getWatch(id)).toEqual(before.watch);
      expect(await rowsAbout(id)).toEqual(before.rows);
    });

    it('a milestone decision: one decision, one redraw', async () => {
      const reminder = await h.standin.waitFor(
        () =>
          h.standin
            .messages('C0REMIND')
            .find((m) => buttons(m).some((b) => b.action_id === 'milestone:keep')),
        30_000,
        'the day-30 reminder',
      );
      const keep = buttons(reminder).find((b) => b.action_id === 'milestone:keep');
      const id = JSON.parse(keep?.value ?? '{}').id as string;
      const answersIn = (what: string) =>
        h.standin
          .messages('C0REMIND', 'U0LEAD1')
          .filter((m) => m.ephemeralTo === 'U0LEAD1' && text(m).includes(what));
      const replay = send(
        interactionBody(click('U0LEAD1', reminder, keep ?? { action_id: '', value: '' }, 'replay.milestone')),
      );
      expect((await replay()).status).toBe(200);
      await h.standin.waitFor(
        () => answersIn(`Recorded: keep for ${id}`).length === 1,
        10_000,
        'the decision',
      );
      const before = { state: await store.getMilestone(id), rows: await rowsAbout(id) };
      expect(before.state?.decision?.choice).toBe('keep');

      expect((await replay()).status).toBe(200);
      await h.standin.waitFor(
        () => answersIn('Already decided: keep').length === 1,
        10_000,
        'the replay answer',
      );
      expect((await store.getMilestone(id))?.decision).toEqual(before.state?.decision);
      expect(await rowsAbout(id)).toEqual(before.rows);
    });
  });
});
