import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Browser } from 'playwright-core';
import { type RunningBot, startBot } from '../../src/bot/start-bot.js';
import { loadEnv } from '../../src/config/env.js';
import { generateDemoWarehouse } from '../../src/demo/generate-demo.js';
import { launchBrowser } from './browser.js';
import { captureLog } from './captured-log.js';
import { freePort } from './free-port.js';
import { catalog } from './ports.js';

/** Where the browser tests save their screenshots (looked at by a person, not compared). */
export const ARTIFACTS = 'test-artifacts';

export interface DemoBot {
  bot: RunningBot;
  browser: Browser;
  /** The stand-in page's address. */
  url: string;
  close(): Promise<void>;
}

/**
 * The whole bot on the embedded default as `npm start` runs it (its own demo warehouse as of
 * `asOf`, state and queue files in a temp folder, the stand-in), and a browser to look at it.
 * `env(dir)` adds variables, e.g. a catalog written into that folder.
 */
export async function startDemoBot(options: {
  asOf: string;
  now?: string;
  scale?: number;
  env?: (dir: string) => Record<string, string>;
}): Promise<DemoBot> {
  mkdirSync(ARTIFACTS, { recursive: true });
  const dir = mkdtempSync(join(tmpdir(), 'backfill-e2e-'));
  const path = join(dir, 'demo.duckdb');
  await generateDemoWarehouse(catalog, { path, scale: options.scale ?? 0.2, seed: 42, asOf: options.asOf });
  const log = captureLog();
  const bot = await startBot(
    loadEnv({
      PORT: String(await freePort()),
      STANDIN_PORT: String(await freePort()),
      BACKFILL_DUCKDB_PATH: path,
      BACKFILL_STATE_PATH: join(dir, 'state.duckdb'),
      BACKFILL_QUEUE_PATH: join(dir, 'queue.jsonl'),
      BACKFILL_NOW: options.now ?? options.asOf,
      ...options.env?.(dir),
    }),
    log.logger,
  );
  const browser = await launchBrowser();
  return {
    bot,
    browser,
    url: bot.standin?.url ?? '',
    async close() {
      await browser.close();
      await bot.close();
      rmSync(dir, { recursive: true, force: true });
      // Whatever the test clicked, the whole run's log kept the signing secret and tokens out.
      log.expectNoSecrets([bot.signingSecret]);
    },
  };
}
