import { randomBytes } from 'node:crypto';
import type { AddressInfo } from 'node:net';
import { App, type Logger, LogLevel } from '@slack/bolt';
import {
  ALL_SCOPES,
  type Standin,
  type StandinOptions,
  startStandin,
} from '../../src/standin/start-standin.js';

export interface Peer {
  app: App;
  standin: Standin;
  /** What Bolt logged (its errors are part of some tests' evidence). */
  logs: string[];
  close(): Promise<void>;
}

function collectingLogger(logs: string[]): Logger {
  let level = LogLevel.INFO;
  const keep =
    (tag: string) =>
    (...msg: unknown[]) => {
      logs.push(`${tag} ${msg.map(String).join(' ')}`);
    };
  return {
    debug: () => {},
    info: keep('info'),
    warn: keep('warn'),
    error: keep('error'),
    setLevel: (l) => {
      level = l;
    },
    getLevel: () => level,
    setName: () => {},
  };
}

/**
 * The real Bolt app (HTTP receiver, signature checks, its own WebClient) as the stand-in's peer:
 * if Bolt accepts what the stand-in sends and the stand-in accepts what Bolt's client sends, the
 * stand-in speaks Slack's protocol. `register` adds the test's listeners. The peer is any app, not
 * ours: its token has every scope the stand-in knows unless the test says otherwise.
 */
export async function startPeer(
  register: (app: App) => void,
  options: { standinSigningSecret?: string; standin?: Partial<StandinOptions> } = {},
): Promise<Peer> {
  const signingSecret = randomBytes(16).toString('hex');
  const botToken = `xoxb-${randomBytes(8).toString('hex')}`;
  const standin = await startStandin({
    port: 0,
    appUrl: 'http://127.0.0.1:9/slack/events',
    signingSecret: options.standinSigningSecret ?? signingSecret,
    botToken,
    scopes: ALL_SCOPES,
    ...options.standin,
  });
  const logs: string[] = [];
  const app = new App({
    signingSecret,
    token: botToken,
    logger: collectingLogger(logs),
    clientOptions: { slackApiUrl: standin.apiUrl },
  });
  register(app);
  const server = (await app.start(0)) as { address(): AddressInfo };
  standin.appUrl = `http://127.0.0.1:${server.address().port}/slack/events`;
  return {
    app,
    standin,
    logs,
    async close() {
      await app.stop();
      await standin.close();
    },
  };
}
