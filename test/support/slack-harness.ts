import { randomBytes } from 'node:crypto';
import type { App } from '@slack/bolt';
import type { CommandPorts } from '../../src/commands/command-context.js';
import type { Queue } from '../../src/queue/queue.js';
import { createSlackApp } from '../../src/slack/create-slack-app.js';
import { Dedupe } from '../../src/slack/dedupe.js';
import { type Standin, startStandin } from '../../src/standin/start-standin.js';
import type { StateStore } from '../../src/store/state-store.js';
import { freePort } from './free-port.js';

export interface SlackHarness {
  app: App;
  standin: Standin;
  appUrl: string;
  signingSecret: string;
  botToken: string;
  /** Everything the app logged through its log port. */
  logs: string[];
  close(): Promise<void>;
}

/** The real Bolt app on real ports, served over HTTP, talking to the local Slack stand-in. */
export async function startSlackHarness(
  ports: CommandPorts,
  options: { deadlineMs?: number; store?: StateStore; queue?: Queue } = {},
): Promise<SlackHarness> {
  const appPort = await freePort();
  const appUrl = `http://127.0.0.1:${appPort}/slack/events`;
  const signingSecret = randomBytes(20).toString('hex');
  const botToken = `xoxb-test-${randomBytes(6).toString('hex')}`;
  const logs: string[] = [];
  const standin = await startStandin({ port: 0, appUrl, signingSecret, botToken });
  const app = createSlackApp({
    botToken,
    signingSecret,
    apiUrl: standin.apiUrl,
    deps: {
      ports: options.store ? { ...ports, store: options.store } : ports,
      deadlineMs: options.deadlineMs ?? 10_000,
      dedupe: new Dedupe(600_000),
      log: (line) => logs.push(line),
      ...(options.store ? { store: options.store } : {}),
      ...(options.queue ? { queue: options.queue } : {}),
    },
  });
  await app.start({ port: appPort, host: '127.0.0.1' });
  return {
    app,
    standin,
    appUrl,
    signingSecret,
    botToken,
    logs,
    async close() {
      await app.stop();
      await standin.close();
    },
  };
}
