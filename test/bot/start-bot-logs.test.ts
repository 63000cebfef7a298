import { createHmac, randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { KnownBlock } from '@slack/types';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startBot } from '../../src/bot/start-bot.js';
import { loadEnv } from '../../src/config/env.js';
import { generateDemoWarehouse } from '../../src/demo/generate-demo.js';
import { startStandin } from '../../src/standin/start-standin.js';
import { captureLog } from '../support/captured-log.js';
import { freePort } from '../support/free-port.js';
import { catalog } from '../support/ports.js';

type Line = Record<string, unknown> & { severity: string; message: string };

/** A logger writing to memory, and the lines it wrote, parsed (a line that is not JSON throws). */
function capture() {
  const log = captureLog();
  return { logger: log.logger, lines: () => log.lines() as Line[], raw: log.raw };
}

const requestLine = (lines: Line[], name: string) => lines.find((l) => 'outcome' in l && l.name === name);

function expectCleanLines(log: ReturnType<typeof capture>, secrets: string[]) {
  const lines = log.lines();
  for (const line of lines) {
    expect(['DEBUG', 'INFO', 'WARNING', 'ERROR', 'CRITICAL']).toContain(line.severity);
    expect(typeof line.message).toBe('string');
    expect(Number.isNaN(Date.parse(String(line.time)))).toBe(false);
  }
  for (const secret of secrets) expect(log.raw()).not.toContain(secret);
  // Not even redacted: nothing tried to log a secret field or a token.
  expect(log.raw()).not.toContain('[redacted]');
}

describe('the logs of a full run of the bot', () => {
  let dir: string;
  let demoPath: string;

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'backfill-bot-logs-'));
    demoPath = join(dir, 'demo.duckdb');
    await generateDemoWarehouse(catalog, { path: demoPath, scale: 0.2, seed: 5, asOf: '2026-11-23' });
  }, 60_000);
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  const paths = (name: string) => ({
    BACKFILL_DUCKDB_PATH: demoPath,
    BACKFILL_STATE_PATH: join(dir, `${name}-state.duckdb`),
    BACKFILL_QUEUE_PATH: join(dir, `${name}-queue.jsonl`),
    BACKFILL_NOW: '2026-11-23',
  });

  it('in HTTP mode: JSON lines with severity, one per request, and no token or secret anywhere', async () => {
    const botToken = `xoxb-${randomBytes(8).toString('hex')}`;
    const signingSecret = randomBytes(16).toString('hex');
    const port = await freePort();
    const appUrl = `http://127.0.0.1:${port}/slack/events`;
    const slack = await startStandin({ port: 0, appUrl, signingSecret, botToken });
    const log = capture();
    const env = loadEnv({
      PORT: String(port),
      SLACK_BOT_TOKEN: botToken,
      SLACK_SIGNING_SECRET: signingSecret,
      SLACK_API_URL: slack.apiUrl,
      ...paths('http'),
    });
    const bot = await startBot(env, log.logger);
    try {
      const waitForLine = (name: string) =>
        expect.poll(() => requestLine(log.lines(), name), { timeout: 10_000 }).toBeDefined();

      await slack.slashCommand({ user: 'U0OPS', channel: 'C0OPS', text: 'status 2023-24' });
      await waitForLine('/backfill status');
      await slack.slashCommand({ user: 'U0OPS', channel: 'C0OPS', text: 'gaps 2024-02-30' });
      await waitForLine('/backfill gaps');

      const answer = slack
        .messages('C0OPS', 'U0OPS')
        .find((m) => JSON.stringify(m.blocks).includes('followup:'));
      const actions = (answer?.blocks as KnownBlock[] | undefined)?.find((b) => b.type === 'actions');
      const button = actions?.type === 'actions' ? (actions.elements[0] as { action_id: string }) : undefined;
      await slack.clickButton({
        user: 'U0OPS',
        channel: 'C0OPS',
        messageTs: answer?.ts ?? '',
        actionId: button?.action_id ?? '',
      });
      await waitForLine(button?.action_id ?? '');
      await slack.openHome('U0OPS');
      await waitForLine('app_home_opened');

      const body = 'command=%2Fbackfill&text=status';
      const ts = String(Math.floor(Date.now() / 1000));
      const forged = createHmac('sha256', 'not-the-secret').update(`v0:${ts}:${body}`).digest('hex');
      const refused = await fetch(appUrl, {
        method: 'POST',
        headers: {
          'content-type': 'application/x-www-form-urlencoded',
          'x-slack-request-timestamp': ts,
          'x-slack-signature': `v0=${forged}`,
        },
        body,
      });
      expect(refused.status).toBe(401);
    } finally {
      await bot.close();
      await slack.close();
    }

    expectCleanLines(log, [botToken, signingSecret]);
    const lines = log.lines();
    // The start-up line: what it serves and connected to.
    expect(lines[0]).toMatchObject({
      severity: 'INFO',
      warehouse: { kind: 'duckdb', path: demoPath },
      store: { kind: 'duckdb', path: env.BACKFILL_STATE_PATH },
      queue: { kind: 'local', path: env.BACKFILL_QUEUE_PATH },
      slack: { mode: 'http', apiUrl: slack.apiUrl },
    });
    expect(lines[0]?.message).toMatch(
      /^backfill-bot serving http:\/\/127\.0\.0\.1:\d+\/slack\/events: warehouse duckdb /,
    );
    expect(lines.filter((l) => l.name === '/backfill status')).toHaveLength(1);
    expect(requestLine(lines, '/backfill status')).toMatchObject({
      severity: 'INFO',
      kind: 'command',
      user: 'U0OPS',
      channel: 'C0OPS',
      round_trips: 1,
      bytes_billed: 0,
      outcome: 'ok',
    });
    expect(requestLine(lines, 'app_home_opened')).toMatchObject({
      kind: 'event',
      user: 'U0OPS',
      outcome: 'ok',
    });
    expect(lines.find((l) => l.kind === 'action')).toMatchObject({ user: 'U0OPS', channel: 'C0OPS' });
    // The forged request, refused by the HTTP front before Bolt parsed it (src/slack/http).
    expect(lines).toContainEqual(
      expect.objectContaining({
        severity: 'WARNING',
        kind: 'http',
        status: 401,
        outcome: 'SIGNATURE_INVALID',
        message: expect.stringContaining('SIGNATURE_INVALID (401)'),
      }),
    );
  }, 60_000);

  it('on the embedded default: the app token and signing secret in the environment are never written', async () => {
    const appToken = `xapp-1-A0-${randomBytes(8).toString('hex')}`;
    const signingSecret = randomBytes(16).toString('hex');
    const log = capture();
    const env = loadEnv({
      PORT: String(await freePort()),
      STANDIN_PORT: String(await freePort()),
      SLACK_APP_TOKEN: appToken,
      SLACK_SIGNING_SECRET: signingSecret,
      ...paths('embedded'),
    });
    const bot = await startBot(env, log.logger);
    try {
      await bot.standin?.slashCommand({ user: 'U0OPS', channel: 'C0OPS', text: 'runs last 7d' });
      await expect.poll(() => requestLine(log.lines(), '/backfill runs'), { timeout: 10_000 }).toBeDefined();
    } finally {
      await bot.close();
    }
    expectCleanLines(log, [appToken, signingSecret]);
    expect(log.lines()[0]).toMatchObject({ slack: { mode: 'stand-in', url: bot.standin?.url } });
  }, 60_000);
});
