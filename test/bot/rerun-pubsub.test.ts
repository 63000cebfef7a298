import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { KnownBlock } from '@slack/types';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type RunningBot, startBot } from '../../src/bot/start-bot.js';
import { loadEnv } from '../../src/config/env.js';
import { generateDemoWarehouse } from '../../src/demo/generate-demo.js';
import { type Standin, type StandinMessage, startStandin } from '../../src/standin/start-standin.js';
import { type CapturedLog, captureLog } from '../support/captured-log.js';
import { freePort } from '../support/free-port.js';
import { messageText } from '../support/message-text.js';
import { catalog } from '../support/ports.js';
import { type PubsubStandin, startPubsubStandin } from '../support/pubsub-standin/start-pubsub-standin.js';

// Production mode for the queue: the bot as `npm start` runs it with BACKFILL_QUEUE=pubsub, the real
// @google-cloud/pubsub client talking gRPC to a local Publisher, and Slack through the stand-in.

const TOGS = 'TeamOffenseGameSummaryProcessor';
const text = messageText;
const buttonValue = (m: StandinMessage | undefined, actionId: string) =>
  ((m?.blocks as KnownBlock[] | undefined) ?? [])
    .flatMap((b) => (b.type === 'actions' ? (b.elements as { action_id: string; value: string }[]) : []))
    .find((e) => e.action_id === actionId)?.value;

describe('re-runs published to Pub/Sub (BACKFILL_QUEUE=pubsub)', () => {
  let dir: string;
  let pubsub: PubsubStandin;
  let slack: Standin;
  let bot: RunningBot;
  let log: CapturedLog;
  let secrets: string[];

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'backfill-rerun-pubsub-'));
    const demo = join(dir, 'demo.duckdb');
    await generateDemoWarehouse(catalog, { path: demo, scale: 0.2, seed: 42, asOf: '2026-11-23' });
    pubsub = await startPubsubStandin({ project: 'nba-props-test' });
    for (const phase of catalog.phases) pubsub.createTopic(phase.topic);
    const port = await freePort();
    const botToken = `xoxb-${randomBytes(6).toString('hex')}`;
    const signingSecret = randomBytes(16).toString('hex');
    slack = await startStandin({
      port: 0,
      appUrl: `http://127.0.0.1:${port}/slack/events`,
      signingSecret,
      botToken,
    });
    const env = loadEnv({
      PORT: String(port),
      SLACK_BOT_TOKEN: botToken,
      SLACK_SIGNING_SECRET: signingSecret,
      SLACK_API_URL: slack.apiUrl,
      BACKFILL_DUCKDB_PATH: demo,
      BACKFILL_STATE_PATH: join(dir, 'state.duckdb'),
      BACKFILL_NOW: '2026-11-23',
      BACKFILL_QUEUE: 'pubsub',
      BACKFILL_GCP_PROJECT: 'nba-props-test',
      PUBSUB_EMULATOR_HOST: pubsub.host,
    });
    log = captureLog();
    secrets = [botToken, signingSecret];
    bot = await startBot(env, log.logger);
  }, 90_000);
  afterAll(async () => {
    await bot?.close();
    log?.expectNoSecrets(secrets);
    await slack?.close();
    await pubsub?.close();
    rmSync(dir, { recursive: true, force: true });
  });

  const answer = (user: string, what: string) =>
    slack.waitForMessage((m) => m.ephemeralTo === user && text(m).includes(what), 15_000);

  it("publishes a processor's open failures once, to its phase topic, in the message contract; a second Confirm publishes nothing", async () => {
    await slack.slashCommand({ user: 'U0OPS', channel: 'C0OPS', text: `rerun failed 2022-23 ${TOGS}` });
    const plan = await answer('U0OPS', 'Ready: 1 processor-date in 1 message');
    const value = buttonValue(plan, 'rerun:confirm');
    expect(value).toBeDefined();
    const confirm = () =>
      slack.clickButton({ user: 'U0OPS', channel: 'C0OPS', messageTs: plan.ts, actionId: 'rerun:confirm' });
    await confirm();
    await expect.poll(() => pubsub.received.length, { timeout: 15_000 }).toBe(1);
    await confirm();
    await answer('U0OPS', 'already confirmed and running');
    await new Promise((r) => setTimeout(r, 500));

    expect(pubsub.received).toHaveLength(1);
    const [message] = pubsub.received;
    expect(message?.topic).toBe('nba-phase3-analytics-trigger');
    expect(message?.orderingKey).toBe(TOGS);
    const data = JSON.parse(message?.data ?? '{}');
    expect(data).toMatchObject({
      schema: 'backfill-bot.rerun/v1',
      kind: 'rerun',
      processor: TOGS,
      phase: 3,
      dates: ['2023-01-18'],
      start_date: '2023-01-18',
      end_date: '2023-01-18',
      backfill_mode: true,
      skip_downstream_trigger: true,
      requested_by: 'U0OPS',
    });
    expect(message?.attributes).toEqual({
      message_key: data.message_key,
      request_id: data.request_id,
      processor: TOGS,
      kind: 'rerun',
    });
    // The bot only publishes: it never creates or looks up topics.
    expect([...new Set(pubsub.rpcs)]).toEqual(['Publish']);
  });

  it('refuses a Phase 4 re-run over the missing Phase 3 history of 2021-22, naming it, with nothing published', async () => {
    const before = pubsub.received.length;
    await slack.slashCommand({ user: 'U0OPS', channel: 'C0OPS', text: 'rerun 2021-22 precompute' });
    const refused = await answer('U0OPS', 'Refused: upstream data is missing');
    expect(text(refused)).toContain(
      'Missing upstream: player_game_summary, team_defense_game_summary, team_offense_game_summary',
    );
    expect(buttonValue(refused, 'rerun:confirm')).toBeUndefined();
    await new Promise((r) => setTimeout(r, 300));
    expect(pubsub.received.length).toBe(before);
  });
});
