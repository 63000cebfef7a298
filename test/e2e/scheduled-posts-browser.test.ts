import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ARTIFACTS, type DemoBot, startDemoBot } from '../support/demo-bot.js';

// The demo: the embedded default started at 10:00 New York on 2026-01-24 with no state posts
// the day-7 reminder in #reminders and the report for 2026-01-23 in #backfill-ops; a person sees them.
describe('scheduled posts in the stand-in page', () => {
  let demo: DemoBot;
  let browser: Browser;

  beforeAll(async () => {
    demo = await startDemoBot({ asOf: '2026-01-24', now: '2026-01-24T10:00:00-05:00' });
    ({ browser } = demo);
  }, 120_000);
  afterAll(() => demo?.close());

  it('shows the late day-7 reminder in #reminders and the 2026-01-23 report in #backfill-ops', async () => {
    const page = await browser.newPage({ viewport: { width: 1280, height: 1100 } });
    await page.goto(demo.url);
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
