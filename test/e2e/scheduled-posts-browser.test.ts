import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type RunningBot, startBot } from '../../src/bot/start-bot.js';
import { loadEnv } from '../../src/config/env.js';
import { generateDemoWarehouse } from '../../src/demo/generate-demo.js';
import { createLogger } from '../../src/log/create-logger.js';
import { launchBrowser } from '../support/browser.js';
import { freePort } from '../support/free-port.js';
import { catalog } from '../support/ports.js';

const ARTIFACTS = 'test-artifacts';

// The demo: the embedded default started at 10:00 New York on 2026-01-24 with no state posts
// the day-7 reminder in #reminders and the report for 2026-01-23 in #backfill-ops; a person sees them.
describe('scheduled posts in the stand-in page', () => {
  let dir: string;
  let bot: RunningBot;
  let browser: Browser;

  beforeAll(async () => {
    mkdirSync(ARTIFACTS, { recursive: true });
    dir = mkdtempSync(join(tmpdir(), 'backfill-e2e-scheduled-'));
    const path = join(dir, 'demo.duckdb');
    await generateDemoWarehouse(catalog, { path, scale: 0.2, seed: 42, asOf: '2026-01-24' });
    bot = await startBot(
      loadEnv({
        PORT: String(await freePort()),
        STANDIN_PORT: String(await freePort()),
        BACKFILL_DUCKDB_PATH: path,
        BACKFILL_STATE_PATH: join(dir, 'state.duckdb'),
        BACKFILL_QUEUE_PATH: join(dir, 'queue.jsonl'),
        BACKFILL_NOW: '2026-01-24T10:00:00-05:00',
      }),
      createLogger({ level: 'error' }),
    );
    browser = await launchBrowser();
  }, 120_000);
  afterAll(async () => {
    await browser?.close();
    await bot?.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('shows the late day-7 reminder in #reminders and the 2026-01-23 report in #backfill-ops', async () => {
    const page = await browser.newPage({ viewport: { width: 1280, height: 1100 } });
    await page.goto(bot.standin?.url ?? '');
    await page.getByTestId('channel-C0REMIND').click();
    const reminder = page.getByTestId('message').filter({ hasText: 'Day 7' });
    await expect.poll(() => reminder.count(), { timeout: 20_000 }).toBe(1);
    expect((await reminder.textContent()) ?? '').toMatch(/MAE \d\.\d\d ≤ 4\.50/);
    await page.screenshot({ path: `${ARTIFACTS}/reminder-day-7.png`, fullPage: true });

    await page.getByTestId('channel-C0OPS').click();
    const report = page.getByTestId('message').filter({ hasText: /2026[-\u2011]01[-\u2011]23/ });
    await expect.poll(() => report.count(), { timeout: 20_000 }).toBe(1);
    await page.screenshot({ path: `${ARTIFACTS}/report-2026-01-23.png`, fullPage: true });
    await page.close();
  }, 60_000);
});
