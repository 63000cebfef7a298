import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ARTIFACTS, type DemoBot, startDemoBot } from '../support/demo-bot.js';

interface CodeStyle {
  paddingTop: string;
  paddingBottom: string;
  lineHeight: string;
}

describe('a person in the browser, on the embedded default', () => {
  let demo: DemoBot;
  let browser: Browser;

  beforeAll(async () => {
    demo = await startDemoBot({
      asOf: '2026-11-23',
      scale: 0.3,
      // The demo's own catalog, with a quicker and always-successful simulated pipeline.
      env: (dir) => {
        const catalogPath = join(dir, 'pipeline.yml');
        writeFileSync(
          catalogPath,
          readFileSync('config/pipeline.yml', 'utf8')
            .replace('delaySeconds: 5', 'delaySeconds: 1')
            .replace('failureRate: 0.1', 'failureRate: 0'),
        );
        return { BACKFILL_CATALOG: catalogPath };
      },
    });
    ({ browser } = demo);
  }, 120_000);
  afterAll(() => demo?.close());

  it('types /backfill status 2023-24, sees the bars, clicks a follow-up and sees its answer', async () => {
    const page = await browser.newPage({ viewport: { width: 1280, height: 1000 } });
    await page.goto(demo.url);
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
    await page.screenshot({ path: `${ARTIFACTS}/gaps-follow-up.png`, fullPage: true });
    await page.close();
  });

  it('walks a gate: Gate 1 for 2021-22 fails, the operator may not approve, a lead approves with a reason', async () => {
    const page = await browser.newPage({ viewport: { width: 1280, height: 1100 } });
    await page.goto(demo.url);
    await page.getByTestId('user-switcher').selectOption('U0OPS');
    await page.getByTestId('composer').fill('/backfill gate 1 2021-22');
    await page.getByTestId('composer').press('Enter');
    const card = page.getByTestId('message').filter({ hasText: 'Gate 1 · season 2021-22 · FAIL' });
    await expect.poll(() => card.count(), { timeout: 15_000 }).toBe(1);
    await page.screenshot({ path: `${ARTIFACTS}/gate-1-requested.png` });

    await card.getByRole('button', { name: 'Approve' }).click();
    const refusal = page.getByTestId('message').filter({ hasText: 'You are not an approver for gate 1' });
    await expect.poll(() => refusal.count(), { timeout: 10_000 }).toBe(1);
    await page.screenshot({ path: `${ARTIFACTS}/gate-1-refused.png` });

    await page.getByTestId('user-switcher').selectOption('U0LEAD1');
    await card.getByRole('button', { name: 'Approve' }).click();
    const modal = page.getByTestId('modal');
    await expect.poll(() => modal.count(), { timeout: 10_000 }).toBe(1);
    await modal
      .locator('textarea, input[type=text]')
      .first()
      .fill('Half of Phase 3 is known-missing preseason data; backfill starts tonight.');
    await page.screenshot({ path: `${ARTIFACTS}/gate-1-override-modal.png` });
    await page.getByTestId('modal-submit').click();
    await expect
      .poll(async () => ((await card.textContent()) ?? '').includes('Approved over FAIL by'), {
        timeout: 10_000,
      })
      .toBe(true);
    expect(await card.getByRole('button', { name: 'Approve' }).count()).toBe(0);
    await page.screenshot({ path: `${ARTIFACTS}/gate-1-approved.png` });
    await page.close();
  });

  it('reads at 900 px: help, status with its noted rows, and a gate card, with no code line wrapped', async () => {
    const page = await browser.newPage({ viewport: { width: 900, height: 1100 } });
    await page.goto(demo.url);
    await page.getByTestId('user-switcher').selectOption('U0OPS');
    const ask = async (text: string, heading: string) => {
      await page.getByTestId('composer').fill(text);
      await page.getByTestId('composer').press('Enter');
      const message = page.getByTestId('message').filter({ hasText: heading }).last();
      await expect.poll(() => message.count(), { timeout: 15_000 }).toBe(1);
      return message;
    };
    // A code block line that wraps breaks the bars' columns: every <pre> shows as many lines as it has.
    const wrappedCodeLines = (message: ReturnType<typeof page.getByTestId>) =>
      message.locator('pre').evaluateAll((pres) =>
        pres.flatMap((pre) => {
          // Runs in the page, where the DOM's getComputedStyle exists (the test's types have no DOM).
          const style = (
            globalThis as unknown as { getComputedStyle(e: unknown): CodeStyle }
          ).getComputedStyle(pre);
          const padding = Number.parseFloat(style.paddingTop) + Number.parseFloat(style.paddingBottom);
          const shown = Math.round((pre.clientHeight - padding) / Number.parseFloat(style.lineHeight));
          const lines = (pre.textContent ?? '').split('\n');
          return shown > lines.length ? lines.filter((l: string) => l.length > 0).slice(0, 3) : [];
        }),
      );

    // The page redraws its message list as posts arrive (a gate request posts its card, then the
    // private answer): an element can be replaced under a step, which then runs again on the new one.
    const again = async <T>(step: () => Promise<T>): Promise<T> => {
      for (let attempt = 1; ; attempt++) {
        try {
          return await step();
        } catch (error) {
          if (attempt === 5 || !String(error).includes('not attached')) throw error;
        }
      }
    };
    const shoot = (message: ReturnType<typeof page.getByTestId>, path: string) =>
      again(() => message.screenshot({ path, timeout: 5_000 }));

    await ask('/backfill help', 'backfill-bot · commands');
    await page.screenshot({ path: `${ARTIFACTS}/help-900.png`, fullPage: true });

    const status = await ask('/backfill status current', 'Backfill status · current season');
    await expect
      .poll(async () => ((await status.textContent()) ?? '').includes('Phase 5'), { timeout: 5_000 })
      .toBe(true);
    await shoot(status, `${ARTIFACTS}/status-900.png`);
    expect(await again(() => wrappedCodeLines(status))).toEqual([]);

    const card = await ask('/backfill gate 2 2022-23', 'Gate 2 · season 2022-23');
    await shoot(card, `${ARTIFACTS}/gate-card-900.png`);
    expect(await again(() => wrappedCodeLines(card))).toEqual([]);
    await page.close();
  });

  it('re-runs a failed date: Re-run under failures, Confirm, the thread goes pending, published, done, and status moves', async () => {
    const page = await browser.newPage({ viewport: { width: 1280, height: 1100 } });
    await page.goto(demo.url);
    await page.getByTestId('user-switcher').selectOption('U0OPS');
    const type = async (text: string) => {
      await page.getByTestId('composer').fill(text);
      await page.getByTestId('composer').press('Enter');
    };
    const phase3Line = async () => {
      const answers = page.getByTestId('message').filter({ hasText: 'Backfill status · season 2022-23' });
      const seen = await answers.count();
      await type('/backfill status 2022-23');
      await expect.poll(() => answers.count(), { timeout: 15_000 }).toBe(seen + 1);
      const status = answers.last();
      await expect
        .poll(async () => ((await status.textContent()) ?? '').includes('team_offense_game_summary'), {
          timeout: 15_000,
        })
        .toBe(true);
      return /team_offense_game_summary[^\n]*?(\d+)\/(\d+)/.exec((await status.textContent()) ?? '')?.[1];
    };
    const before = await phase3Line();

    await type('/backfill failures 2022-23');
    const failures = page.getByTestId('message').filter({ hasText: 'Failures · season 2022-23' });
    await expect.poll(() => failures.count(), { timeout: 15_000 }).toBe(1);
    await failures.getByRole('button', { name: 'Re-run TeamOffenseGameSummaryProcessor (1 date)' }).click();
    const plan = page.getByTestId('message').filter({ hasText: 'Ready: 1 processor-date in 1 message' });
    await expect.poll(() => plan.count(), { timeout: 15_000 }).toBe(1);
    await page.screenshot({ path: `${ARTIFACTS}/rerun-plan.png` });
    await plan.getByRole('button', { name: 'Confirm' }).click();

    const announced = page
      .getByTestId('message')
      .filter({ hasText: 're-runs TeamOffenseGameSummaryProcessor for 1 date' });
    await expect.poll(() => announced.count(), { timeout: 15_000 }).toBe(1);
    const thread = page
      .locator('[data-testid=message].reply')
      .filter({ hasText: 'TeamOffenseGameSummaryProcessor' });
    await expect
      .poll(async () => ((await thread.last().textContent()) ?? '').includes('published'), {
        timeout: 15_000,
      })
      .toBe(true);
    await page.screenshot({ path: `${ARTIFACTS}/rerun-published.png` });
    await expect
      .poll(
        async () =>
          ((await thread.last().textContent()) ?? '').includes('done, every date has a successful run'),
        { timeout: 30_000 },
      )
      .toBe(true);
    await page.screenshot({ path: `${ARTIFACTS}/rerun-done.png` });

    const after = await phase3Line();
    expect(Number(after)).toBe(Number(before) + 1);
    await page.screenshot({ path: `${ARTIFACTS}/rerun-status-after.png` });
    await page.close();
  }, 90_000);
});
