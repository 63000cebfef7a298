import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DuckDBInstance } from '@duckdb/node-api';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startBot } from '../../src/bot/start-bot.js';
import { loadEnv } from '../../src/config/env.js';
import { generateDemoWarehouse } from '../../src/demo/generate-demo.js';
import { captureLog } from '../support/captured-log.js';
import { freePort } from '../support/free-port.js';
import { messageText } from '../support/message-text.js';
import { catalog } from '../support/ports.js';

// The check: `npm start` on the embedded default with the clock at 10:00 New York on the
// day-7 milestone and no state posts the day-7 reminder (late: it was due at 09:00) and the report for
// the day before (late: due at 08:00, within catch-up), once each; a second start posts nothing more.

const NOW = '2026-01-24T10:00:00-05:00';
const text = messageText;
// Every bot started here logs into one capture; its secrets are checked once all have stopped.
const log = captureLog();
const secrets: string[] = [];
afterAll(() => log.expectNoSecrets(secrets));
const logged = <T extends { signingSecret: string }>(bot: T): T => {
  secrets.push(bot.signingSecret);
  return bot;
};

/** Independently of the bot: xgboost_v1's MAE and placeholders over 2026-01-17..2026-01-23. */
async function expectedDay7(path: string): Promise<{ mae: string; placeholders: number }> {
  const instance = await DuckDBInstance.create(path, { access_mode: 'READ_ONLY' });
  const c = await instance.connect();
  try {
    const [mae] = (
      await c.runAndReadAll(
        `SELECT avg(absolute_error) AS mae FROM nba_predictions.prediction_accuracy
         WHERE system_id = 'xgboost_v1' AND game_date BETWEEN DATE '2026-01-17' AND DATE '2026-01-23'`,
      )
    ).getRowObjectsJson();
    const [placeholders] = (
      await c.runAndReadAll(
        `SELECT count(*) AS n FROM nba_predictions.player_prop_predictions
         WHERE system_id = 'xgboost_v1' AND is_placeholder AND game_date BETWEEN DATE '2026-01-17' AND DATE '2026-01-23'`,
      )
    ).getRowObjectsJson();
    return { mae: Number(mae?.mae).toFixed(2), placeholders: Number(placeholders?.n) };
  } finally {
    c.closeSync();
    instance.closeSync();
  }
}

describe('scheduled posts on start, exactly once', () => {
  let dir: string;
  let demo: string;

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'backfill-scheduled-'));
    demo = join(dir, 'demo.duckdb');
    await generateDemoWarehouse(catalog, { path: demo, scale: 0.2, seed: 42, asOf: '2026-01-24' });
  }, 90_000);
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  const start = async () =>
    logged(
      await startBot(
        loadEnv({
          PORT: String(await freePort()),
          STANDIN_PORT: String(await freePort()),
          BACKFILL_DUCKDB_PATH: demo,
          BACKFILL_STATE_PATH: join(dir, 'state.duckdb'),
          BACKFILL_QUEUE_PATH: join(dir, 'queue.jsonl'),
          BACKFILL_NOW: NOW,
          BACKFILL_SIMULATOR: 'off',
        }),
        log.logger,
      ),
    );

  it('posts the day-7 reminder with its live MAE and placeholders, and the report for 2026-01-23, once each', async () => {
    const expected = await expectedDay7(demo);
    const first = await start();
    const standin = first.standin;
    if (!standin) throw new Error('the embedded default has a stand-in');
    try {
      const reminder = await standin.waitFor(
        () => standin.messages('C0REMIND').find((m) => text(m).includes('Day 7')),
        20_000,
        'the day-7 reminder',
      );
      expect(text(reminder)).toContain(`MAE ${expected.mae} ≤ 4.50`);
      expect(text(reminder)).toContain('2026-01-17..2026-01-23');
      expect(text(reminder)).toMatch(/late/i);
      expect(text(reminder)).toContain('2026-01-24');
      expect(text(reminder)).toContain(`placeholders ${expected.placeholders} ≤ 0`);
      const report = await standin.waitFor(
        () => standin.messages('C0OPS').find((m) => text(m).includes('2026-01-23') && !m.ephemeralTo),
        20_000,
        'the report',
      );
      expect(text(report)).toMatch(/late/i);
      // Only day 7 is due on 2026-01-24; the later milestones wait for their days.
      await new Promise((r) => setTimeout(r, 1_000));
      expect(standin.messages('C0REMIND')).toHaveLength(1);
      expect(standin.messages('C0OPS').filter((m) => !m.ephemeralTo)).toHaveLength(1);
    } finally {
      await first.close();
    }

    const second = await start();
    try {
      await new Promise((r) => setTimeout(r, 3_000));
      expect(second.standin?.messages('C0REMIND')).toEqual([]);
      expect(second.standin?.messages('C0OPS').filter((m) => !m.ephemeralTo)).toEqual([]);
    } finally {
      await second.close();
    }
  }, 90_000);
});

describe('report slots missed past the catch-up window', () => {
  it('are not posted late, and /backfill report lists them as missed', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'backfill-missed-'));
    const demo = join(dir, 'demo.duckdb');
    try {
      await generateDemoWarehouse(catalog, { path: demo, scale: 0.1, seed: 42, asOf: '2026-01-24' });
      // 15:00 New York: the 08:00 report is 7 h old, past the 6 h catch-up.
      const bot = logged(
        await startBot(
          loadEnv({
            PORT: String(await freePort()),
            STANDIN_PORT: String(await freePort()),
            BACKFILL_DUCKDB_PATH: demo,
            BACKFILL_STATE_PATH: join(dir, 'state.duckdb'),
            BACKFILL_QUEUE_PATH: join(dir, 'queue.jsonl'),
            BACKFILL_NOW: '2026-01-24T15:00:00-05:00',
            BACKFILL_SIMULATOR: 'off',
          }),
          log.logger,
        ),
      );
      const standin = bot.standin;
      try {
        if (!standin) throw new Error('the embedded default has a stand-in');
        await new Promise((r) => setTimeout(r, 2_000));
        expect(standin.messages('C0OPS').filter((m) => !m.ephemeralTo)).toEqual([]);
        await standin.slashCommand({ user: 'U0OPS', channel: 'C0OPS', text: 'report' });
        const answer = await standin.waitFor(
          () => standin.messages('C0OPS', 'U0OPS').find((m) => text(m).includes('Missed scheduled reports')),
          15_000,
          'the report answer',
        );
        expect(text(answer)).toContain('2026-01-24 13:00');
      } finally {
        await bot.close();
      }
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  }, 90_000);
});
