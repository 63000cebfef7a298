import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { App } from '@slack/bolt';
import type { RerunAdvancer } from '../../src/actions/rerun-advancer.js';
import { openSlackActions } from '../../src/bot/open-actions.js';
import type { CommandPorts } from '../../src/commands/command-context.js';
import { createLogger } from '../../src/log/create-logger.js';
import type { OutboxRelay } from '../../src/outbox/outbox-relay.js';
import { LocalQueue } from '../../src/queue/local/local-queue.js';
import type { Queue } from '../../src/queue/queue.js';
import { SlackChat } from '../../src/slack/chat/slack-chat.js';
import { createSlackClient } from '../../src/slack/chat/slack-client.js';
import { createSlackApp } from '../../src/slack/create-slack-app.js';
import { Dedupe } from '../../src/slack/dedupe.js';
import { InFlight } from '../../src/slack/in-flight.js';
import { type Standin, startStandin } from '../../src/standin/start-standin.js';
import type { StateStore } from '../../src/store/state-store.js';
import { freePort } from './free-port.js';

export interface SlackHarness {
  app: App;
  standin: Standin;
  appUrl: string;
  signingSecret: string;
  botToken: string;
  /** Everything the app logged at WARNING and above: its error lines and JSON lines (relay, requests, Bolt). */
  logs: string[];
  /** With a store: the outbox relay the actions write for, and the re-run advancer. */
  relay?: OutboxRelay;
  advancer?: RerunAdvancer;
  close(): Promise<void>;
}

/**
 * The real Bolt app on real ports, served over HTTP, talking to the local Slack stand-in. With a
 * store it has the core actions too (gate requests and votes) and the relay that delivers them,
 * wired as the bot wires them.
 */
export async function startSlackHarness(
  ports: CommandPorts,
  options: {
    deadlineMs?: number;
    store?: StateStore;
    queue?: Queue;
    /** The bot token's scopes in the stand-in (default: manifest.yml's). */
    scopes?: string[];
    /**
     * How long the app's memory of handled requests lasts (default 10 min, as the bot's); 0 forgets
     * at once, as another replica or a restarted process would: every redelivery reaches the core.
     */
    dedupeTtlMs?: number;
    /** The limit of answers in flight (BACKFILL_MAX_IN_FLIGHT); without it, no limit. */
    maxInFlight?: number;
  } = {},
): Promise<SlackHarness> {
  const appPort = await freePort();
  const appUrl = `http://127.0.0.1:${appPort}/slack/events`;
  const signingSecret = randomBytes(20).toString('hex');
  const botToken = `xoxb-test-${randomBytes(6).toString('hex')}`;
  const logs: string[] = [];
  const standin = await startStandin({
    port: 0,
    appUrl,
    signingSecret,
    botToken,
    ...(options.scopes ? { scopes: options.scopes } : {}),
  });
  const scratch = mkdtempSync(join(tmpdir(), 'backfill-harness-'));
  const logger = createLogger({
    level: 'warn',
    destination: { write: (line: string) => void logs.push(line) },
  });
  const opened = options.store
    ? openSlackActions({
        ports: {
          ...ports,
          store: options.store,
          queue: options.queue ?? new LocalQueue(join(scratch, 'queue.jsonl'), ports.clock),
        },
        botToken,
        apiUrl: standin.apiUrl,
        logger,
        channels: ports.catalog.channels,
      })
    : undefined;
  const app = createSlackApp({
    botToken,
    signingSecret,
    apiUrl: standin.apiUrl,
    // As the bot: Bolt's lines, the request lines and the HTTP front's refusals go to the logger.
    logger,
    deps: {
      ports: options.store ? { ...ports, store: options.store } : ports,
      deadlineMs: options.deadlineMs ?? 10_000,
      dedupe: new Dedupe(options.dedupeTtlMs ?? 600_000),
      ...(options.maxInFlight ? { inFlight: new InFlight(options.maxInFlight) } : {}),
      log: (line) => logs.push(line),
      // Without actions, answers with files (the heatmap) are still shared, as the bot shares them.
      ...(opened
        ? { actions: opened.actions }
        : { chat: new SlackChat(createSlackClient(botToken, { apiUrl: standin.apiUrl })) }),
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
    ...(opened ? { relay: opened.relay, advancer: opened.advancer } : {}),
    async close() {
      await app.stop();
      await opened?.stop();
      await standin.close();
      rmSync(scratch, { recursive: true, force: true });
      // Every test that runs the app through this harness also checks that its whole log kept the
      // secrets out: whatever the test did (errors, faults, forged requests), no token or secret.
      const leaked = [signingSecret, botToken].filter((secret) => logs.some((line) => line.includes(secret)));
      if (leaked.length)
        throw new Error(`the app logged ${leaked.length === 2 ? 'its token and secret' : 'a secret'}`);
    },
  };
}
