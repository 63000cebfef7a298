import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { expect } from 'vitest';
import { renderText } from '../../src/cli/render-text.js';
import type { Message } from '../../src/domain/message.js';
import { renderBlockKit, type SlackMessage } from '../../src/slack/render/block-kit.js';

/** Where the saved renderings live: `<name>.blocks.json` (Block Kit) and `<name>.txt` (CLI text). */
export const FIXTURE_DIR = join(import.meta.dirname, '..', 'fixtures', 'render');

/** `UPDATE_FIXTURES=1 npx vitest run ...` rewrites the files instead of comparing with them. */
const UPDATE = process.env.UPDATE_FIXTURES === '1';

export interface FixtureOptions {
  /** The words that produced the message (Slack's More button asks for their next part). */
  command?: string;
  /** The CLI's own message, where a front builds it differently (help writes the front's prefix). */
  cli?: Message;
}

export interface Rendered {
  slack: SlackMessage;
  text: string;
}

/** A message as both fronts render it: Block Kit as Slack gets it, and the CLI's text without colour. */
export function renderBoth(message: Message, options: FixtureOptions = {}): Rendered {
  return {
    slack: renderBlockKit(message, { command: options.command ?? '' }),
    text: renderText(options.cli ?? message, { color: false, prefix: 'backfill-bot ' }),
  };
}

function compare(path: string, actual: string, parse: (text: string) => unknown): void {
  if (UPDATE) {
    writeFileSync(path, actual);
    return;
  }
  if (!existsSync(path)) {
    expect.fail(`no fixture ${path}: run with UPDATE_FIXTURES=1 to write it, then review it`);
  }
  expect(parse(actual), path).toEqual(parse(readFileSync(path, 'utf8')));
}

/**
 * Compares a message's Block Kit JSON and CLI text with the saved fixtures of that name, so a change
 * to an answer shows in review as a change to these files. JSON is compared as data (its formatting
 * is the formatter's), text exactly.
 */
export function expectFixture(name: string, message: Message, options: FixtureOptions = {}): Rendered {
  const rendered = renderBoth(message, options);
  mkdirSync(FIXTURE_DIR, { recursive: true });
  compare(
    join(FIXTURE_DIR, `${name}.blocks.json`),
    `${JSON.stringify(rendered.slack, null, 2)}\n`,
    JSON.parse,
  );
  compare(join(FIXTURE_DIR, `${name}.txt`), rendered.text, (text) => text);
  return rendered;
}
