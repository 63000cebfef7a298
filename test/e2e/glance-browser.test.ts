import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ARTIFACTS, type DemoBot, startDemoBot } from '../support/demo-bot.js';

// See it at a glance, in the stand-in page: the heatmap (the picture loaded from the file the bot
// uploaded, the message and Re-run gaps under it), a live watch, and the App Home of an approver.
describe('the heatmap, a watch and the App Home in the stand-in page', () => {
  let demo: DemoBot;
  let browser: Browser;

  beforeAll(async () => {
    demo = await startDemoBot({ asOf: '2026-11-23', env: () => ({ BACKFILL_SIMULATOR: 'off' }) });
    ({ browser } = demo);
  }, 120_000);
  afterAll(() => demo?.close());

  it('shows the uploaded PNG in #backfill-ops, then the message with Re-run gaps', async () => {
    const page = await browser.newPage({ viewport: { width: 1400, height: 1100 } });
    await page.goto(demo.url);
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
    await page.goto(demo.url);
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
    await page.goto(demo.url);
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
