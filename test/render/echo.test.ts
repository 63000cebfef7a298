import { join } from 'node:path';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { describeError } from '../../src/commands/describe-error.js';
import { COMMANDS } from '../../src/commands/registry.js';
import { type AnswerDeps, answer } from '../../src/slack/answer.js';
import { errorMessage } from '../../src/slack/error-message.js';
import { renderBlockKit, type SlackMessage } from '../../src/slack/render/block-kit.js';
import { escapeMrkdwn } from '../../src/slack/render/mrkdwn.js';
import { parseSlackText } from '../../src/slack/slack-text.js';
import { DuckdbStateStore } from '../../src/store/duckdb/duckdb-state-store.js';
import type { StateStore } from '../../src/store/state-store.js';
import { openRenderWorld, RANGE, type RenderWorld } from './render-world.js';

// What a user types can come back in an answer ("status takes only a range, not "<!channel>""). It
// must come back as text: never a mention that pings a channel, a group or a person, nor a link.

const HOSTILE = [
  '<!channel>',
  '<!here>',
  '<!everyone>',
  '<!subteam^S1>',
  '<@U1>',
  '<https://x.example|y>',
  '&',
];

/** Every way words reach a command: alone, after a range, and in each of gate's forms. */
const CASES: string[][] = [
  ...HOSTILE.map((h) => [h]),
  ...COMMANDS.flatMap((c) =>
    HOSTILE.flatMap((h) => [
      [c.name, h],
      [c.name, RANGE, h],
      [c.name, `${h}..${h}`],
    ]),
  ),
  ...HOSTILE.flatMap((h) => [
    ['gate', 'status', h],
    ['gate', 'history', h],
    ['gate', '1', RANGE, h],
    ['help', h],
    ['status', `--${h}`],
  ]),
];

/** The mrkdwn Slack will parse: the notification text and every mrkdwn text object. */
function mrkdwnTexts(message: SlackMessage): string[] {
  const texts = [message.text];
  const visit = (node: unknown): void => {
    if (Array.isArray(node)) node.forEach(visit);
    else if (node && typeof node === 'object') {
      const o = node as { type?: unknown; text?: unknown };
      if (o.type === 'mrkdwn' && typeof o.text === 'string') texts.push(o.text);
      Object.values(node).forEach(visit);
    }
  };
  visit(message.blocks);
  return texts;
}

describe('echoed input in Slack answers', () => {
  let world: RenderWorld;
  let store: StateStore;
  let deps: AnswerDeps;
  // As Slack delivers the command (it escapes &, < and > in the text; the app unescapes them) and as
  // the command listener answers it, a refused option included.
  const ask = async (words: string[]): Promise<SlackMessage> => {
    let parsed: ReturnType<typeof parseSlackText>;
    try {
      parsed = parseSlackText(words.map(escapeMrkdwn).join(' '));
    } catch (error) {
      return renderBlockKit(
        errorMessage(
          describeError(error, () => {}),
          [],
        ),
        { command: '' },
      );
    }
    return answer(parsed.words, deps);
  };

  beforeAll(async () => {
    world = await openRenderWorld();
    store = await DuckdbStateStore.open({ path: join(world.dir, 'state.duckdb') });
    deps = { ports: { ...world.partial, store }, deadlineMs: 10_000, log: () => {} };
  });
  afterAll(async () => {
    await store.close();
    await world.close();
  });

  it('comes back escaped from every command, never as a mention or a link', async () => {
    for (const words of CASES) {
      const message = await ask(words);
      const json = JSON.stringify(message);
      for (const raw of HOSTILE.filter((h) => h !== '&')) expect(json, words.join(' ')).not.toContain(raw);
      for (const text of mrkdwnTexts(message)) expect(text, words.join(' ')).not.toMatch(/&(?!amp;|lt;|gt;)/);
    }
    // And it did come back: the user is told what was not understood.
    expect(mrkdwnTexts(await ask(['status', '<!channel>']))).toContain(
      '⚠️ *status takes only a range, not "&lt;!channel&gt;"*',
    );
  });

  it('never leaves a raw <, > or & in mrkdwn, whatever is typed', async () => {
    const word = fc.string({
      unit: fc.constantFrom(
        '<',
        '>',
        '&',
        '!',
        '@',
        '|',
        '^',
        '#',
        '*',
        '_',
        '`',
        'U',
        'S',
        '1',
        'a',
        '-',
        '.',
      ),
      minLength: 1,
      maxLength: 12,
    });
    const words = fc.tuple(
      fc.constantFrom(...COMMANDS.map((c) => c.name), 'help', 'gate status', 'gate history'),
      fc.array(word, { minLength: 1, maxLength: 3 }),
    );
    await fc.assert(
      fc.asyncProperty(words, async ([name, rest]) => {
        const message = await ask([...name.split(' '), ...rest]);
        for (const text of mrkdwnTexts(message)) expect(text).not.toMatch(/[<>]|&(?!amp;|lt;|gt;)/);
      }),
      { numRuns: 150 },
    );
  });
});
