import type { App } from '@slack/bolt';
import type { CommandPorts } from '../commands/command-context.js';
import type { Env } from '../config/env.js';
import { errorLineSink } from '../log/error-line-sink.js';
import type { Logger } from '../log/logger.js';
import { startSimulator } from '../simulator/start-simulator.js';
import { createSlackApp } from '../slack/create-slack-app.js';
import { Dedupe } from '../slack/dedupe.js';
import { InFlight } from '../slack/in-flight.js';
import { type Standin, startStandin } from '../standin/start-standin.js';
import { logStartup } from './log-startup.js';
import { openSlackActions } from './open-actions.js';
import { openPorts } from './open-ports.js';
import { slackSettings } from './slack-settings.js';

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

// Redelivered requests within this window are answered once.
const DEDUPE_TTL_MS = 10 * 60_000;

/**
 * Starts the Bolt app. With a bot token it serves real Slack (HTTP with the signing secret, or
 * Socket Mode with an app token). Without one it starts the local Slack stand-in first and points
 * the same app at it: the embedded default. Says in one line what it connected to.
 */
export async function startBot(env: Env, logger: Logger): Promise<RunningBot> {
  const ports = await openPorts(env, logger, { use: 'serve', store: true, queue: true });
  const slack = slackSettings(env);
  const appUrl = `http://127.0.0.1:${env.PORT}/slack/events`;
  let standin: Standin | undefined;
  let stopRelay = async () => {};
  try {
    if (slack.mode === 'stand-in') {
      const { botToken, signingSecret } = slack;
      standin = await startStandin({ port: env.STANDIN_PORT, appUrl, signingSecret, botToken });
    }
    const apiUrl = standin?.apiUrl ?? slack.apiUrl;
    // The embedded default has no pipeline: a simulated one answers re-runs (README: the simulator).
    const simulator =
      env.BACKFILL_SIMULATOR === 'on' && env.BACKFILL_WAREHOUSE === 'duckdb' && env.BACKFILL_QUEUE === 'local'
        ? startSimulator({
            catalog: ports.catalog,
            warehousePath: env.BACKFILL_DUCKDB_PATH,
            queuePath: env.BACKFILL_QUEUE_PATH,
            clock: ports.clock,
            log: logger.child({ component: 'simulator' }),
            memoryLimit: env.BACKFILL_DUCKDB_MEMORY_LIMIT,
          })
        : null;
    const opened = openSlackActions({
      ports,
      botToken: slack.botToken,
      ...(apiUrl ? { apiUrl } : {}),
      logger,
      ...(env.BACKFILL_FAILPOINT ? { failpoint: env.BACKFILL_FAILPOINT } : {}),
      channels: {
        reminders: env.BACKFILL_REMINDERS_CHANNEL ?? ports.catalog.channels.reminders,
        report: env.BACKFILL_REPORT_CHANNEL ?? ports.catalog.channels.report,
      },
    });
    const { actions } = opened;
    stopRelay = async () => {
      await opened.stop();
      await simulator?.stop();
    };
    const app = createSlackApp({
      botToken: slack.botToken,
      signingSecret: slack.signingSecret,
      ...(slack.appToken ? { appToken: slack.appToken } : {}),
      ...(apiUrl ? { apiUrl } : {}),
      logger,
      deps: {
        ports,
        actions,
        deadlineMs: env.BACKFILL_QUERY_TIMEOUT_MS + 2_000,
        dedupe: new Dedupe(DEDUPE_TTL_MS),
        inFlight: new InFlight(env.BACKFILL_MAX_IN_FLIGHT),
        log: errorLineSink(logger),
      },
    });
    if (slack.mode === 'socket') await app.start();
    else await app.start({ port: env.PORT, host: slack.host });

    logStartup(logger, ports.where, {
      mode: slack.mode,
      appUrl,
      ...(standin ? { url: standin.url } : slack.apiUrl ? { apiUrl: slack.apiUrl } : {}),
    });
    return {
      app,
      ports,
      appUrl,
      ...(standin ? { standin } : {}),
      signingSecret: slack.signingSecret,
      async close() {
        await app.stop();
        await stopRelay();
        await standin?.close();
        await ports.close();
      },
    };
  } catch (error) {
    await stopRelay();
    await standin?.close();
    await ports.close();
    throw error;
  }
}
