// What Slack sends the app, for the load client: signed requests over one keep-alive agent (as a
// real peer keeps its connections), the response_url sink, and the payloads of a slash command, a
// button click and a modal submission, shaped as the stand-in shapes them (src/standin/interactions).
import { randomBytes } from 'node:crypto';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { slackSignature } from '../src/standin/app-link.js';
import { standinWorld } from '../src/standin/world.js';
import { epochNow } from './load-messages.js';

/** Slack shows the user an error when the app has not answered within 3 s. */
export const ACK_TIMEOUT_MS = 3000;

export interface Ack {
  status: number;
  ms: number;
  body: string;
  error?: string;
}

export class SignedPoster {
  private readonly agent: http.Agent;
  private readonly target: URL;

  constructor(
    appUrl: string,
    private readonly secret: string,
    sockets: number,
  ) {
    this.target = new URL(appUrl);
    // An idle socket is dropped after 4 s, before the app's server closes it (Node's keepAliveTimeout
    // is 5 s): reusing one the server is closing at that moment fails with ECONNRESET.
    this.agent = new http.Agent({ keepAlive: true, maxSockets: sockets, timeout: 4000 });
  }

  /** POSTs a signed form body; the time is until the app's HTTP answer is read. */
  post(body: string): Promise<Ack> {
    const ts = Math.floor(Date.now() / 1000);
    const signature = slackSignature(this.secret, ts, body);
    const sent = performance.now();
    return new Promise((resolve) => {
      const done = (status: number, text: string, error?: string) =>
        resolve({ status, ms: performance.now() - sent, body: text, ...(error ? { error } : {}) });
      const req = http.request(
        {
          host: this.target.hostname,
          port: this.target.port,
          path: this.target.pathname,
          method: 'POST',
          agent: this.agent,
          headers: {
            'content-type': 'application/x-www-form-urlencoded',
            'content-length': Buffer.byteLength(body),
            'x-slack-request-timestamp': String(ts),
            'x-slack-signature': signature,
          },
        },
        (res) => {
          let text = '';
          res.setEncoding('utf8');
          res.on('data', (chunk: string) => (text += chunk));
          res.on('end', () => {
            const status = res.statusCode ?? 0;
            const ms = performance.now() - sent;
            const error =
              status < 200 || status > 299
                ? `HTTP ${status}`
                : ms > ACK_TIMEOUT_MS
                  ? 'ack timeout'
                  : undefined;
            done(status, text, error);
          });
        },
      );
      // Slack gives up at 3 s without cutting the connection; a bench must not wait for ever.
      req.setTimeout(10_000, () => req.destroy(new Error('no answer within 10 s')));
      req.on('error', (error) => done(0, '', `no HTTP answer (${error.message})`));
      req.end(body);
    });
  }

  /** Opens `count` sockets before the run, so the first requests pay no connection set-up. */
  async warm(count: number): Promise<void> {
    await Promise.all(
      Array.from(
        { length: count },
        () =>
          new Promise<void>((resolve) => {
            const req = http.request(
              { host: this.target.hostname, port: this.target.port, path: '/healthz', agent: this.agent },
              (res) => res.resume().on('end', () => resolve()),
            );
            req.on('error', () => resolve());
            req.end();
          }),
      ),
    );
  }

  close(): void {
    this.agent.destroy();
  }
}

/** Where the app posts answers to response_urls: one path per request, its arrival time kept. */
export class ResponseSink {
  private readonly waiting = new Map<string, (answer: { at: number; body: string }) => void>();
  private readonly early = new Map<string, { at: number; body: string }>();
  private readonly server = http.createServer((req, res) => {
    let body = '';
    req.setEncoding('utf8');
    req.on('data', (chunk: string) => (body += chunk));
    req.on('end', () => {
      const answer = { at: epochNow(), body };
      res.writeHead(200, { 'content-type': 'application/json' }).end('{"ok":true}');
      const id = req.url ?? '';
      const waiter = this.waiting.get(id);
      if (waiter) {
        this.waiting.delete(id);
        waiter(answer);
      } else {
        this.early.set(id, answer);
      }
    });
  });
  url = '';

  async start(): Promise<void> {
    await new Promise<void>((resolve) => this.server.listen(0, '127.0.0.1', resolve));
    this.url = `http://127.0.0.1:${(this.server.address() as AddressInfo).port}`;
  }

  /** A fresh response_url and the promise of its first answer. */
  open(): { url: string; answer: Promise<{ at: number; body: string }> } {
    const id = `/r/${randomBytes(8).toString('hex')}`;
    const answer = new Promise<{ at: number; body: string }>((resolve) => {
      const arrived = this.early.get(id);
      if (arrived) {
        this.early.delete(id);
        resolve(arrived);
      } else {
        this.waiting.set(id, resolve);
      }
    });
    return { url: `${this.url}${id}`, answer };
  }

  forget(url: string): void {
    this.waiting.delete(url.slice(this.url.length));
  }

  close(): void {
    this.server.closeAllConnections();
    this.server.close();
  }
}

const world = standinWorld;
const person = (id: string) => {
  const user = world.users.find((u) => u.id === id);
  if (!user) throw new Error(`the stand-in has no user ${id}`);
  return user;
};
const userPart = (id: string) => ({
  id,
  username: person(id).name,
  name: person(id).name,
  team_id: world.team.id,
});
const team = { id: world.team.id, domain: world.team.domain };
const form = (payload: unknown) => new URLSearchParams({ payload: JSON.stringify(payload) }).toString();
const actionTs = () => (epochNow() / 1000).toFixed(6);

/** A `/backfill` slash command as Slack sends it. */
export function slashCommandBody(input: {
  user: string;
  channel: string;
  text: string;
  responseUrl: string;
  triggerId: string;
}) {
  const channel = world.channels.find((c) => c.id === input.channel);
  return new URLSearchParams({
    token: 'standinVerificationToken0',
    team_id: world.team.id,
    team_domain: world.team.domain,
    channel_id: input.channel,
    channel_name: channel?.name ?? input.channel,
    user_id: input.user,
    user_name: person(input.user).name,
    command: '/backfill',
    text: input.text,
    api_app_id: world.appId,
    is_enterprise_install: 'false',
    response_url: input.responseUrl,
    trigger_id: input.triggerId,
  }).toString();
}

type Obj = Record<string, unknown>;

/** The button with `actionId` on a posted message, with the block it sits in. */
export function findButton(message: Obj, actionId: string): { blockId: string; button: Obj } | undefined {
  for (const block of (message.blocks ?? []) as Obj[]) {
    const elements = (
      block.type === 'actions' ? block.elements : block.accessory ? [block.accessory] : []
    ) as Obj[];
    const button = elements.find((e) => e.type === 'button' && e.action_id === actionId);
    if (button) return { blockId: String(block.block_id), button };
  }
  return undefined;
}

/** block_actions for a click on a button of an in-channel message. */
export function blockActionsBody(input: {
  user: string;
  channel: string;
  message: Obj;
  blockId: string;
  button: Obj;
  triggerId: string;
  responseUrl: string;
}) {
  const channel = world.channels.find((c) => c.id === input.channel);
  return form({
    type: 'block_actions',
    user: userPart(input.user),
    api_app_id: world.appId,
    token: 'standinVerificationToken0',
    trigger_id: input.triggerId,
    team,
    enterprise: null,
    is_enterprise_install: false,
    container: {
      type: 'message',
      message_ts: input.message.ts,
      channel_id: input.channel,
      is_ephemeral: false,
    },
    channel: { id: input.channel, name: channel?.name ?? input.channel },
    message: input.message,
    state: { values: {} },
    response_url: input.responseUrl,
    actions: [
      {
        action_id: input.button.action_id,
        block_id: input.blockId,
        text: input.button.text,
        value: input.button.value,
        type: 'button',
        action_ts: actionTs(),
      },
    ],
  });
}

/** view_submission of an opened modal, every text input filled with `text`. */
export function viewSubmissionBody(input: { user: string; view: Obj; text: string; triggerId: string }) {
  const values: Record<string, Record<string, unknown>> = {};
  for (const block of (input.view.blocks ?? []) as Obj[]) {
    if (block.type !== 'input') continue;
    const element = (block.element ?? {}) as Obj;
    values[String(block.block_id)] = {
      [String(element.action_id)]: { type: element.type, value: input.text },
    };
  }
  return form({
    type: 'view_submission',
    team,
    user: userPart(input.user),
    api_app_id: world.appId,
    token: 'standinVerificationToken0',
    trigger_id: input.triggerId,
    view: { ...input.view, state: { values } },
    response_urls: [],
    is_enterprise_install: false,
    enterprise: null,
  });
}
