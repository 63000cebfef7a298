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

// See it at a glance, in the stand-in page: the heatmap (the picture loaded from the file the bot
// uploaded, the message and Re-run gaps under it), a live watch, and the App Home of an approver.
describe('the heatmap, a watch and the App Home in the stand-in page', () => {
  let dir: string;
  let bot: RunningBot;
  let browser: Browser;

  beforeAll(async () => {
    mkdirSync(ARTIFACTS, { recursive: true });
    dir = mkdtempSync(join(tmpdir(), 'backfill-e2e-heatmap-'));
    const path = join(dir, 'demo.duckdb');
    await generateDemoWarehouse(catalog, { path, scale: 0.2, seed: 42, asOf: '2026-11-23' });
    bot = await startBot(
      loadEnv({
        PORT: String(await freePort()),
        STANDIN_PORT: String(await freePort()),
        BACKFILL_DUCKDB_PATH: path,
        BACKFILL_STATE_PATH: join(dir, 'state.duckdb'),
        BACKFILL_QUEUE_PATH: join(dir, 'queue.jsonl'),
        BACKFILL_NOW: '2026-11-23',
        BACKFILL_SIMULATOR: 'off',
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

  it('shows the uploaded PNG in #backfill-ops, then the message with Re-run gaps', async () => {
    const page = await browser.newPage({ viewport: { width: 1400, height: 1100 } });
    await page.goto(bot.standin?.url ?? '');
    await page.getByTestId('user-switcher').selectOption('U0OPS');
    await page.getByTestId('composer').fill('/backfill heatmap 2025-26..2026-27');
    await page.getByTestId('composer').press('Enter');
    const image = page.locator('.file-image img');
    await expect.poll(() => image.count(), { timeout: 20_000 }).toBe(1);
    // Loaded, not a broken image: the browser decoded the bytes the bot uploaded.
    await expect
      .poll(() => image.evaluate((img) => (img as unknown as { naturalWidth: number }).naturalWidth), {
        timeout: 10_000,
      })
      .toBeGreaterThan(800);
    expect(await image.getAttribute('alt')).toMatch(/^Coverage heatmap of seasons 2025-26\.\.2026-27/);
    const message = page.getByTestId('message').filter({ hasText: 'Coverage heatmap:' });
    await expect.poll(() => message.count(), { timeout: 10_000 }).toBeGreaterThan(0);
    expect(
      await message
        .last()
        .getByRole('button', { name: /^Re-run gaps/ })
        .count(),
    ).toBe(1);
    await page.screenshot({ path: `${ARTIFACTS}/heatmap-standin.png`, fullPage: true });
    await page.close();
  }, 60_000);

  it('posts a live watch of a season in the channel, with its bars, ETA and Stop', async () => {
    const page = await browser.newPage({ viewport: { width: 1280, height: 1000 } });
    await page.goto(bot.standin?.url ?? '');
    await page.getByTestId('user-switcher').selectOption('U0OPS');
    await page.getByTestId('composer').fill('/backfill watch 2021-22 every 30s');
    await page.getByTestId('composer').press('Enter');
    const watch = page.getByTestId('message').filter({ hasText: 'Backfill watch · season 2021-22' });
    await expect.poll(() => watch.count(), { timeout: 20_000 }).toBe(1);
    expect(await watch.getByRole('button', { name: 'Stop' }).count()).toBe(1);
    await watch.scrollIntoViewIfNeeded();
    await watch.screenshot({ path: `${ARTIFACTS}/watch-standin.png` });
    await page.close();
  }, 60_000);

  it('opens an approver’s App Home: the season, the gate waiting for them with its buttons, the watch', async () => {
    const page = await browser.newPage({ viewport: { width: 1280, height: 1400 } });
    await page.goto(bot.standin?.url ?? '');
    await page.getByTestId('user-switcher').selectOption('U0OPS');
    await page.getByTestId('composer').fill('/backfill gate 1 2021-22');
    await page.getByTestId('composer').press('Enter');
    const card = page.getByTestId('message').filter({ hasText: 'Gate 1 · season 2021-22' });
    await expect.poll(() => card.count(), { timeout: 20_000 }).toBe(1);
    await page.getByTestId('user-switcher').selectOption('U0LEAD1');
    await page.getByTestId('app-home').click();
    const home = page.getByTestId('home-tab');
    await expect
      .poll(async () => ((await home.textContent()) ?? '').includes('Gates awaiting a decision (1)'), {
        timeout: 20_000,
      })
      .toBe(true);
    expect(await home.getByRole('button', { name: 'Approve' }).count()).toBe(1);
    expect((await home.textContent()) ?? '').toContain('Active watches (1)');
    await page.screenshot({ path: `${ARTIFACTS}/app-home-standin.png`, fullPage: true });
    await page.close();
  }, 60_000);
});
