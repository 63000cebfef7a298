import { randomBytes } from 'node:crypto';
import type { App } from '@slack/bolt';
import { clockFromEnv } from '../clock/clock.js';
import type { CommandPorts } from '../commands/command-context.js';
import type { Env } from '../config/env.js';
import { loadCatalog } from '../config/load-catalog.js';
import { LocalQueue } from '../queue/local/local-queue.js';
import { createSlackApp } from '../slack/create-slack-app.js';
import { Dedupe } from '../slack/dedupe.js';
import { type Standin, startStandin } from '../standin/start-standin.js';
import { openStateStore } from '../store/open-state-store.js';
import { openPorts } from './open-ports.js';

export interface RunningBot {
  app: App;
  ports: CommandPorts;
  /** The app's request URL: /slack/events (and /healthz beside it). */
  appUrl: string;
  /** The embedded default only: the local Slack stand-in. */
  standin?: Standin;
  signingSecret: string;
  close(): Promise<void>;
}

const STANDIN_BOT_TOKEN = 'xoxb-standin-local';
// Redelivered requests within this window are answered once.
const DEDUPE_TTL_MS = 10 * 60_000;

/**
 * Starts the Bolt app. With a bot token it serves real Slack (HTTP with the signing secret, or
 * Socket Mode with an app token). Without one it starts the local Slack stand-in first and points
 * the same app at it: the embedded default.
 */
export async function startBot(env: Env, say: (line: string) => void): Promise<RunningBot> {
  const catalog = loadCatalog(env.BACKFILL_CATALOG);
  const ports = await openPorts(
    env,
    { catalog, clock: clockFromEnv(env.BACKFILL_NOW) },
    say,
    undefined,
    'serve',
  );
  const embedded = !env.SLACK_BOT_TOKEN;
  const signingSecret = env.SLACK_SIGNING_SECRET ?? randomBytes(20).toString('hex');
  const host = embedded ? '127.0.0.1' : '0.0.0.0';
  const appUrl = `http://127.0.0.1:${env.PORT}/slack/events`;
  const botToken = env.SLACK_BOT_TOKEN ?? STANDIN_BOT_TOKEN;
  let standin: Standin | undefined;
  const store = await openStateStore(ports.catalog, env, ports.clock);
  try {
    if (embedded) {
      standin = await startStandin({ port: env.STANDIN_PORT, appUrl, signingSecret, botToken });
    }
    const app = createSlackApp({
      botToken,
      signingSecret,
      ...(env.SLACK_APP_TOKEN && !embedded ? { appToken: env.SLACK_APP_TOKEN } : {}),
      ...(standin ? { apiUrl: standin.apiUrl } : env.SLACK_API_URL ? { apiUrl: env.SLACK_API_URL } : {}),
      deps: {
        ports: { ...ports, store },
        store,
        queue: new LocalQueue(env.BACKFILL_QUEUE_PATH, ports.clock),
        deadlineMs: env.BACKFILL_QUERY_TIMEOUT_MS + 2_000,
        dedupe: new Dedupe(DEDUPE_TTL_MS),
        log: (line) => say(line),
      },
    });
    if (env.SLACK_APP_TOKEN && !embedded) await app.start();
    else await app.start({ port: env.PORT, host });
    return {
      app,
      ports,
      appUrl,
      ...(standin ? { standin } : {}),
      signingSecret,
      async close() {
        await app.stop();
        await standin?.close();
        await store.close();
        await ports.warehouse.close();
      },
    };
  } catch (error) {
    await standin?.close();
    await store.close();
    await ports.warehouse.close();
    throw error;
  }
}
