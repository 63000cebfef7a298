import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { ACK_TIMEOUT_MS, AppLink } from './app-link.js';
import { handleUpload, serveFile } from './http/file-routes.js';
import { BodyTooLarge, readBody } from './http/read-body.js';
import { handleResponseUrl } from './http/response-url-route.js';
import { sendJson, sendText } from './http/send.js';
import { servePage } from './http/static-page.js';
import { handleUi } from './http/ui-routes.js';
import { openHome, sendEvent } from './interactions/app-events.js';
import { type ClickButtonInput, type ClickButtonResult, clickButton } from './interactions/button-click.js';
import { actingUser, type InteractionContext } from './interactions/interaction-context.js';
import {
  type SlashCommandInput,
  type SlashCommandResult,
  slashCommand,
} from './interactions/slash-command.js';
import {
  closeView,
  type SubmitViewInput,
  type SubmitViewResult,
  submitView,
} from './interactions/view-submission.js';
import { manifestBotScopes } from './manifest-scopes.js';
import type { StandinMessage } from './message-store.js';
import { type ApiCall, StandinState } from './standin-state.js';
import type { ViewEntry } from './view-store.js';
import { createWaitFor } from './wait-for.js';
import { handleWebApi } from './web-api/web-api.js';
import type { WebApiFault } from './web-api-faults.js';
import { canSee, resolveChannel, type StandinWorld, standinWorld } from './world.js';

export type { StandinFile } from './file-store.js';
export type { ClickButtonInput, ClickButtonResult } from './interactions/button-click.js';
export type { SlashCommandInput, SlashCommandResult } from './interactions/slash-command.js';
export type { SubmitViewInput, SubmitViewResult } from './interactions/view-submission.js';
export type { SlackBlock, StandinMessage } from './message-store.js';
export type { ApiCall } from './standin-state.js';
export type { StandinView, ViewEntry } from './view-store.js';
export { ALL_SCOPES } from './web-api/method-scopes.js';
export type { WebApiFault } from './web-api-faults.js';
export { type StandinWorld, standinWorld } from './world.js';

export interface StandinOptions {
  /** 0 = ephemeral. */
  port: number;
  /** Default 127.0.0.1. */
  host?: string;
  /** The app's request URL, e.g. http://127.0.0.1:3000/slack/events (can be changed later: `standin.appUrl`). */
  appUrl: string;
  signingSecret: string;
  /** The only token the Web API accepts. */
  botToken: string;
  /** Clock (ms) for response_url and trigger_id expiry, so tests can move time; signatures use real time. */
  now?: () => number;
  /** How long Slack waits for an ack (3000). */
  ackTimeoutMs?: number;
  /** Delays before Events API retries 1..3 (Slack: 0 s, 1 min, 5 min; here [1000, 5000, 15000] by default). */
  eventRetryDelaysMs?: number[];
  world?: StandinWorld;
  /** The bot token's scopes (default: manifest.yml's oauth_config.scopes.bot, read from the file). */
  scopes?: readonly string[];
}

export interface StandinViews {
  /** The user's open modals, bottom first. */
  modalStack(user: string): ViewEntry[];
  /** The modal on top, if any. */
  modal(user: string): ViewEntry | undefined;
  /** The Home tab the app last published for the user. */
  home(user: string): ViewEntry | undefined;
}

export interface Standin {
  /** http://127.0.0.1:<port>: the page at /, the Web API at /api/. */
  readonly url: string;
  /** `${url}/api/`: what the app passes as slackApiUrl. */
  readonly apiUrl: string;
  /** Where signed requests go; settable because an app on port 0 learns its port after starting. */
  appUrl: string;
  readonly world: StandinWorld;
  close(): Promise<void>;
  slashCommand(input: SlashCommandInput): Promise<SlashCommandResult>;
  clickButton(input: ClickButtonInput): Promise<ClickButtonResult>;
  submitView(input: SubmitViewInput): Promise<SubmitViewResult>;
  /** The user closes a modal (view_closed is sent only if the view asked with notify_on_close). */
  closeView(user: string, viewId: string): Promise<void>;
  openHome(user: string): Promise<{ status: number; error?: string }>;
  /** Any Events API event (`{ type, ... }`), wrapped and retried as Slack does. */
  sendEvent(event: Record<string, unknown>): Promise<{ status: number; error?: string }>;
  /** A person writes a plain message (the app is not subscribed to message events). */
  postAsUser(input: { user: string; channel: string; text: string }): StandinMessage;
  /** In-channel messages plus the ephemerals `viewer` sees; without a viewer, every message. */
  messages(channel: string, viewer?: string): StandinMessage[];
  waitForMessage(predicate: (m: StandinMessage) => boolean, timeoutMs?: number): Promise<StandinMessage>;
  /** Resolves with the first truthy value of `probe`, re-checked on every change and every 20 ms. */
  waitFor<T>(probe: () => T | undefined | null | false, timeoutMs?: number, what?: string): Promise<T>;
  /** Every Web API call received, oldest first (tokens are never kept), with the scope it needed. */
  readonly apiCalls: ApiCall[];
  /** The bot token's scopes; a call needing another one answers missing_scope. */
  readonly scopes: readonly string[];
  /** A trigger_id as `user`'s gesture would carry it: for tests that call views.open without an app. */
  issueTrigger(user: string): string;
  /** The next `times` calls of `method` fail like an overloaded Slack (429 with Retry-After, or a 5xx). */
  injectFault(method: string, fault: WebApiFault, times?: number): void;
  readonly views: StandinViews;
  /** Forgets messages, views, files, calls, injected faults, response URLs and triggers. */
  reset(): void;
}

/** Starts the local Slack: signed requests out to the app, Web API in, and the page. */
export async function startStandin(options: StandinOptions): Promise<Standin> {
  const world = options.world ?? standinWorld;
  const scopes = [...(options.scopes ?? manifestBotScopes())];
  const state = new StandinState(world, options.now ?? Date.now, new Set(scopes));
  const link = new AppLink(options.appUrl, options.signingSecret, options.ackTimeoutMs ?? ACK_TIMEOUT_MS);
  const timers = new Set<NodeJS.Timeout>();
  const streams = new Set<ServerResponse>();
  const ctx: InteractionContext = {
    state,
    link,
    eventRetryDelaysMs: options.eventRetryDelaysMs ?? [1000, 5000, 15000],
    schedule(fn, ms) {
      const timer = setTimeout(() => {
        timers.delete(timer);
        fn();
      }, ms);
      timers.add(timer);
    },
  };

  const waitFor = createWaitFor(state);

  const standin: Standin = {
    url: '',
    apiUrl: '',
    get appUrl() {
      return link.appUrl;
    },
    set appUrl(value: string) {
      link.appUrl = value;
    },
    world,
    apiCalls: state.apiCalls,
    scopes,
    issueTrigger: (user) => state.triggers.create(actingUser(world, user).id),
    injectFault: (method, fault, times) => state.faults.add(method, fault, times),
    close,
    slashCommand: (input) => slashCommand(ctx, input),
    clickButton: (input) => clickButton(ctx, input),
    submitView: (input) => submitView(ctx, input),
    closeView: (user, viewId) => closeView(ctx, user, viewId),
    openHome: async (user) => {
      const d = await openHome(ctx, user);
      return { status: d.status, ...(d.error ? { error: d.error } : {}) };
    },
    sendEvent: async (event) => {
      const d = await sendEvent(ctx, event);
      return { status: d.status, ...(d.error ? { error: d.error } : {}) };
    },
    postAsUser({ user, channel, text }) {
      const person = actingUser(world, user);
      const target = resolveChannel(world, channel);
      if (!target || !canSee(world, target.id, person.id))
        throw new Error(`${user} cannot post in ${channel}`);
      return state.messages.add(target.id, { user: person.id, text, via: 'user' });
    },
    messages: (channel, viewer) => state.messages.list(resolveChannel(world, channel)?.id ?? channel, viewer),
    waitForMessage: (predicate, timeoutMs) =>
      waitFor(() => state.messages.all().find(predicate), timeoutMs, 'a matching message'),
    waitFor,
    views: {
      modalStack: (user) => state.views.modalStack(user),
      modal: (user) => state.views.modalStack(user).at(-1),
      home: (user) => state.views.home(user),
    },
    reset: () => state.reset(),
  };

  async function route(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const url = new URL(req.url ?? '/', 'http://standin.invalid');
    const path = url.pathname;
    const contentType = req.headers['content-type'] ?? '';
    const [, root, id] = path.split('/');
    if (req.method === 'POST' && root === 'api' && id) {
      const answer = await handleWebApi(state, options.botToken, id, req.headers, await readBody(req));
      return sendJson(res, answer.status, answer.body, answer.headers);
    }
    if (req.method === 'POST' && root === 'response' && id) {
      return handleResponseUrl(state, id, contentType, await readBody(req), res);
    }
    if (req.method === 'POST' && root === 'upload' && id) {
      return handleUpload(state, id, contentType, await readBody(req), res);
    }
    if (req.method === 'GET' && root === 'files' && id) return serveFile(state, id, res);
    if (root === 'ui' && (await handleUi(standin, state, streams, req, res, url))) return;
    if (req.method === 'GET' && (await servePage(res, path))) return;
    sendText(res, 404, 'not found');
  }

  const server = createServer((req, res) => {
    route(req, res).catch((error: unknown) => {
      if (res.headersSent) return res.end();
      if (error instanceof BodyTooLarge) return sendText(res, 413, 'too large');
      sendJson(res, 500, { ok: false, error: 'internal_error' });
    });
  });
  const host = options.host ?? '127.0.0.1';
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port, host, () => resolve());
  });
  const { port } = server.address() as AddressInfo;
  const urlHost = host === '0.0.0.0' || host === '::' ? '127.0.0.1' : host.includes(':') ? `[${host}]` : host;
  const url = `http://${urlHost}:${port}`;
  state.baseUrl = url;
  Object.assign(standin, { url, apiUrl: `${url}/api/` });

  async function close(): Promise<void> {
    link.abortAll();
    for (const t of timers) clearTimeout(t);
    timers.clear();
    for (const s of streams) s.end();
    streams.clear();
    server.closeAllConnections();
    await new Promise<void>((resolve) => server.close(() => resolve()));
  }

  return standin;
}
