import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type RunningBot, startBot } from '../../src/bot/start-bot.js';
import { loadEnv } from '../../src/config/env.js';
import { generateDemoWarehouse } from '../../src/demo/generate-demo.js';
import { launchBrowser } from '../support/browser.js';
import { freePort } from '../support/free-port.js';
import { catalog } from '../support/ports.js';

const ARTIFACTS = 'test-artifacts';

describe('a person in the browser, on the embedded default', () => {
  let dir: string;
  let bot: RunningBot;
  let browser: Browser;

  beforeAll(async () => {
    mkdirSync(ARTIFACTS, { recursive: true });
    dir = mkdtempSync(join(tmpdir(), 'backfill-e2e-'));
    const path = join(dir, 'demo.duckdb');
    await generateDemoWarehouse(catalog, { path, scale: 0.3, seed: 42, asOf: '2026-11-23' });
    const env = loadEnv({
      PORT: String(await freePort()),
      STANDIN_PORT: String(await freePort()),
      BACKFILL_DUCKDB_PATH: path,
      BACKFILL_NOW: '2026-11-23',
    });
    bot = await startBot(env, () => {});
    browser = await launchBrowser();
  }, 120_000);
  afterAll(async () => {
    await browser?.close();
    await bot?.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('types /backfill status 2023-24, sees the bars, clicks a follow-up and sees its answer', async () => {
    const page = await browser.newPage({ viewport: { width: 1280, height: 1000 } });
    await page.goto(bot.standin?.url ?? '');
    await page.getByTestId('composer').fill('/backfill status 2023-24');
    await page.getByTestId('composer').press('Enter');
    const status = page.getByTestId('message').filter({ hasText: 'Backfill status · season 2023-24' });
    await expect.poll(() => status.count(), { timeout: 15_000 }).toBe(1);
    await expect
      .poll(async () => ((await status.textContent()) ?? '').includes('Phase 3 analytics'), {
        timeout: 5_000,
      })
      .toBe(true);
    expect((await status.textContent()) ?? '').toMatch(/█{20}\s+100\.0%/);
    await page.screenshot({ path: `${ARTIFACTS}/status-2023-24.png`, fullPage: true });

    await status.getByRole('button', { name: 'Show gaps' }).click();
    const gaps = page.getByTestId('message').filter({ hasText: 'Gaps · season 2023-24' });
    await expect.poll(() => gaps.count(), { timeout: 15_000 }).toBe(1);
    await gaps.scrollIntoViewIfNeeded();
    await page.screenshot({ path: `${ARTIFACTS}/gaps-follow-up.png`, fullPage: true });
    await page.close();
  });
});
