import { mkdirSync } from 'node:fs';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchBrowser } from '../support/browser.js';
import { type Peer, startPeer } from './bolt-peer.js';
import { chartSvg, homeView, rerunModal, statusBlocks } from './status-fixture.js';

const ARTIFACTS = 'test-artifacts';
const shot = (page: Page, name: string) =>
  page.screenshot({ path: `${ARTIFACTS}/standin-${name}.png`, fullPage: true });

describe('the stand-in page, driven by a person in a browser', () => {
  let peer: Peer;
  let browser: Browser;
  const submissions: Record<string, unknown>[] = [];
  let homeOpens = 0;

  beforeAll(async () => {
    mkdirSync(ARTIFACTS, { recursive: true });
    [peer, browser] = await Promise.all([
      startPeer((app) => {
        app.command('/backfill', async ({ ack, respond, command, client }) => {
          await ack();
          if (command.text === 'chart') {
            await client.files.uploadV2({
              channel_id: command.channel_id,
              file: Buffer.from(chartSvg),
              filename: 'coverage.svg',
              title: 'Coverage by phase · 2023-24',
              initial_comment: 'Coverage chart for <#C0OPS>',
            });
            return;
          }
          await respond({
            response_type: 'in_channel',
            text: 'Backfill status · season 2023-24',
            blocks: statusBlocks,
          });
        });
        app.event('app_home_opened', async ({ event, client }) => {
          homeOpens += 1;
          await client.views.publish({ user_id: event.user, view: homeView(event.user, homeOpens) });
        });
        app.action('home_refresh', async ({ ack, body, client }) => {
          await ack();
          homeOpens += 1;
          await client.views.publish({ user_id: body.user.id, view: homeView(body.user.id, homeOpens) });
        });
        app.action('show_gaps', async ({ ack, respond }) => {
          await ack();
          await respond({
            response_type: 'ephemeral',
            replace_original: false,
            text: 'Gaps',
            blocks: [
              {
                type: 'section',
                text: {
                  type: 'mrkdwn',
                  text: '*Gaps · Phase 4 precompute*\n`player_daily_cache` misses 2024-01-03..2024-01-09 (5 game days)',
                },
              },
            ],
          });
        });
        app.action('request_rerun', async ({ ack, body, client }) => {
          await ack();
          await client.views.open({
            trigger_id: (body as { trigger_id: string }).trigger_id,
            view: rerunModal,
          });
        });
        app.view('rerun_request', async ({ ack, view, client, body }) => {
          submissions.push(view.state.values);
          const dates = view.state.values.dates?.value?.value ?? '';
          if (!/^\d{4}-\d{2}-\d{2}/.test(dates)) {
            await ack({
              response_action: 'errors',
              errors: { dates: 'Dates look like 2024-01-03 or 2024-01-03..2024-01-09.' },
            });
            return;
          }
          await ack();
          await client.chat.postMessage({
            channel: 'C0OPS',
            text: `<@${body.user.id}> requested a re-run of ${dates}`,
          });
        });
      }),
      launchBrowser(),
    ]);
  }, 60_000);

  afterAll(async () => {
    await browser?.close();
    await peer?.close();
  });

  it('types a slash command, reads the answer, clicks buttons and submits a modal', async () => {
    const page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
    await page.goto(peer.standin.url);
    await page.getByTestId('user-switcher').selectOption('U0OPS');
    await page.getByTestId('channel-C0OPS').click();
    await page.getByTestId('composer').fill('/backfill status 2023-24');
    await page.getByTestId('composer').press('Enter');

    const status = page.getByTestId('message').filter({ hasText: 'Backfill status · season 2023-24' });
    await status.waitFor();
    const text = (await status.textContent()) ?? '';
    expect(text).toContain('Expected dates');
    expect(text).toMatch(/Phase 2 raw\s+█{20}\s+100\.0%/);
    expect(await status.locator('pre').count()).toBe(1);
    // The echo of the command sits above the in_channel answer, as in Slack.
    await expect
      .poll(() => page.getByTestId('message').filter({ hasText: '/backfill status 2023-24' }).count())
      .toBe(1);
    await shot(page, 'status');

    await status.locator('button[data-action-id="show_gaps"]').click();
    const gaps = page.getByTestId('message').filter({ hasText: 'Gaps · Phase 4 precompute' });
    await gaps.waitFor();
    expect(await gaps.textContent()).toContain('Only visible to you');
    await shot(page, 'button-response');

    await status.locator('button[data-action-id="request_rerun"]').click();
    const modal = page.getByTestId('modal');
    await modal.waitFor();
    await modal.getByLabel('Dates').fill('next week');
    await page.getByTestId('modal-submit').click();
    await modal.getByText('Dates look like').waitFor();
    await shot(page, 'modal-errors');
    await modal.getByLabel('Dates').fill('2024-01-03..2024-01-09');
    await page.getByTestId('modal-submit').click();
    await modal.waitFor({ state: 'detached' });
    await page
      .getByTestId('message')
      .filter({ hasText: 'requested a re-run of 2024-01-03..2024-01-09' })
      .waitFor();
    expect(submissions.at(-1)).toEqual({
      dates: { value: { type: 'plain_text_input', value: '2024-01-03..2024-01-09' } },
      phase: {
        value: {
          type: 'static_select',
          selected_option: { text: { type: 'plain_text', text: 'Phase 4 precompute' }, value: 'precompute' },
        },
      },
      reason: { value: { type: 'plain_text_input', value: null } },
    });
    await shot(page, 'after-modal');
    await page.close();
  });

  it('switches the acting user, shows only their ephemerals, renders App Home and uploaded images', async () => {
    const page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
    await page.goto(peer.standin.url);
    await page.getByTestId('user-switcher').selectOption('U0LEAD1');
    await page.getByTestId('channel-C0OPS').click();
    await page.getByTestId('message').filter({ hasText: 'Backfill status · season 2023-24' }).waitFor();
    // Olivia's ephemeral gaps answer is not Lee's to see.
    expect(await page.getByTestId('message').filter({ hasText: 'Gaps · Phase 4 precompute' }).count()).toBe(
      0,
    );

    await page.getByTestId('composer').fill('/backfill chart');
    await page.getByTestId('composer').press('Enter');
    const chart = page.getByTestId('message').filter({ hasText: 'Coverage chart for' });
    await chart.locator('img').waitFor();
    await expect
      .poll(() =>
        chart.locator('img').evaluate((img) => (img as unknown as { naturalWidth: number }).naturalWidth),
      )
      .toBeGreaterThan(0);
    await chart.scrollIntoViewIfNeeded();
    await shot(page, 'file');

    await page.getByTestId('app-home').click();
    const home = page.getByTestId('home-tab');
    await home.getByText('Good evening, Lee').waitFor();
    const opensBefore = homeOpens;
    await home.locator('button[data-action-id="home_refresh"]').click();
    await home.getByText(`Refreshed ${opensBefore + 1} times`).waitFor();
    await shot(page, 'home');
    await page.close();
  });
});
