import chromium from '@sparticuz/chromium';
import { type Browser, chromium as playwright } from 'playwright-core';

/**
 * Headless Chromium for browser tests. playwright-core never downloads a browser here; the
 * @sparticuz/chromium package ships one (unpacked into the temp dir on first use, ~2 s). Its
 * `--single-process` flag (made for AWS Lambda) ends the whole browser when a test closes its last
 * page, so it is left out: tests may open and close pages freely.
 */
export async function launchBrowser(): Promise<Browser> {
  const executablePath = await chromium.executablePath();
  const args = chromium.args.filter((arg) => arg !== '--single-process');
  return playwright.launch({ executablePath, args, headless: true });
}
