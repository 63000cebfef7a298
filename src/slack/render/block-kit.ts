import type { ActionsBlock, Button, KnownBlock, SectionBlock } from '@slack/types';
import { formatRuns } from '../../domain/compact-dates.js';
import {
  type Action,
  type Block,
  BREAK,
  type Message,
  type Rich,
  strong,
  type Tone,
} from '../../domain/message.js';
import { textTable } from '../../domain/text-table.js';
import { encodeIntent } from './action-value.js';
import { barsText } from './bars-text.js';
import { escapeMrkdwn, type MrkdwnOptions, richMrkdwn } from './mrkdwn.js';
import { clip, clipMrkdwn, LIMITS, splitLines } from './slack-limits.js';

export interface RenderOptions {
  /** The words that produced the message, so "More" can ask for the next part. */
  command: string;
  page?: number;
  /** How command spans are written; Slack's slash command by default. */
  prefix?: string;
}

export interface SlackMessage {
  text: string;
  blocks: KnownBlock[];
}

export const DEFAULT_PREFIX = '/backfill ';

const TONE_EMOJI: Record<Tone, string> = { good: '✅ ', warn: '⚠️ ', bad: '❌ ', neutral: '' };
// Room left for the paging note and the actions row on every part.
const CONTENT_PER_PAGE = LIMITS.blocksPerMessage - 3;
const MAX_RUNS_SHOWN = 40;

const section = (text: string): SectionBlock => ({ type: 'section', text: { type: 'mrkdwn', text } });
const sections = (text: string): SectionBlock[] => splitLines(text, LIMITS.sectionText).map(section);
// Monospace text (bars, tables) is aligned on the characters as written, then escaped as a whole.
const codeSections = (lines: string): SectionBlock[] =>
  splitLines(escapeMrkdwn(lines), LIMITS.sectionText - 8).map((chunk) => section(`\`\`\`${chunk}\`\`\``));

/**
 * plain_text (headers, buttons) is not parsed: a `<!channel>` there is shown as text and pings no
 * one, so it is not escaped (escaping risks showing `&amp;`). Slack does refuse it empty or over its
 * limit, and a header is one line.
 */
const plainTextObject = (text: string, max: number) => ({
  type: 'plain_text' as const,
  text: clip(text.replace(/\s+/g, ' ').trim() || '…', max),
  emoji: true,
});

function toSlack(block: Exclude<Block, { kind: 'actions' }>, mrkdwn: (text: Rich) => string): KnownBlock[] {
  switch (block.kind) {
    case 'header':
      return [{ type: 'header', text: plainTextObject(block.text, LIMITS.headerText) }];
    case 'text':
      return sections(`${TONE_EMOJI[block.tone ?? 'neutral']}${mrkdwn(block.text)}`);
    case 'facts': {
      const fields = block.facts.map((f) => ({
        type: 'mrkdwn' as const,
        text: clipMrkdwn(mrkdwn([strong(f.label), BREAK, f.value]), LIMITS.fieldText),
      }));
      const out: SectionBlock[] = [];
      for (let i = 0; i < fields.length; i += LIMITS.fieldsPerSection) {
        out.push({ type: 'section', fields: fields.slice(i, i + LIMITS.fieldsPerSection) });
      }
      return out;
    }
    case 'bars':
      return [
        ...(block.title ? [section(mrkdwn([strong(block.title)]))] : []),
        ...codeSections(barsText(block.bars)),
      ];
    case 'dates': {
      const text = mrkdwn([strong(block.label), BREAK, formatRuns(block.runs, MAX_RUNS_SHOWN)]);
      return [section(clipMrkdwn(text, LIMITS.sectionText))];
    }
    case 'table':
      return codeSections(textTable(block.columns, block.rows).join('\n'));
    case 'divider':
      return [{ type: 'divider' }];
    case 'context':
      return [
        {
          type: 'context',
          elements: [{ type: 'mrkdwn', text: clipMrkdwn(mrkdwn(block.text), LIMITS.sectionText) }],
        },
      ];
  }
}

function button(text: string, actionId: string, value: string, style?: Action['style']): Button {
  return {
    type: 'button',
    text: plainTextObject(text, LIMITS.buttonText),
    action_id: actionId.slice(0, LIMITS.actionId),
    value,
    ...(style ? { style } : {}),
  };
}

/** Listeners route on action ids: follow-ups and More run words, gate buttons cast a vote, Stop stops a watch. */
function actionButton(action: Action, index: number): Button | null {
  const value = encodeIntent(action.intent);
  if (value.length > LIMITS.buttonValue) return null;
  const { intent } = action;
  const id =
    intent.kind === 'gate.vote'
      ? `gate:${intent.vote}`
      : intent.kind === 'rerun'
        ? `rerun:${intent.act}`
        : intent.kind === 'milestone'
          ? `milestone:${intent.choice}`
          : intent.kind === 'watch.stop'
            ? 'watch:stop'
            : `followup:${index}`;
  return button(action.label, id, value, action.style);
}

/**
 * The message model as Block Kit within Slack's limits: long text is split into sections, and an
 * answer longer than one message is cut into parts, each ending with a "More" button for the next.
 * Every literal string is escaped; only spans write markup.
 */
export function renderBlockKit(message: Message, options: RenderOptions): SlackMessage {
  const markup: MrkdwnOptions = { prefix: options.prefix ?? DEFAULT_PREFIX };
  const mrkdwn = (text: Rich) => richMrkdwn(text, markup);
  const page = options.page ?? 1;
  const content: KnownBlock[] = [];
  const buttons: Button[] = [];
  for (const block of message.blocks) {
    if (block.kind === 'actions') {
      for (const action of block.actions) {
        const b = actionButton(action, buttons.length);
        if (b) buttons.push(b);
      }
    } else {
      content.push(...toSlack(block, mrkdwn));
    }
  }
  const pages = Math.max(1, Math.ceil(content.length / CONTENT_PER_PAGE));
  const current = Math.min(page, pages);
  const blocks = content.slice((current - 1) * CONTENT_PER_PAGE, current * CONTENT_PER_PAGE);
  if (current > 1) {
    const header = message.blocks.find((b) => b.kind === 'header');
    const title = header?.kind === 'header' ? header.text : 'Answer';
    blocks.unshift({
      type: 'header',
      text: plainTextObject(`${title} (part ${current} of ${pages})`, LIMITS.headerText),
    });
  }
  if (pages > 1) {
    blocks.push({
      type: 'context',
      elements: [{ type: 'mrkdwn', text: `Part ${current} of ${pages} of a long answer.` }],
    });
  }
  // The next part is asked for with the same words; words too long for a button get no More.
  const next = encodeIntent({ kind: 'command', words: options.command, page: current + 1 });
  const more =
    current < pages && next.length <= LIMITS.buttonValue
      ? [button(`More (part ${current + 1} of ${pages})`, 'more', next, 'primary')]
      : [];
  const row = [...more, ...buttons];
  if (row.length) {
    const actions: ActionsBlock = {
      type: 'actions',
      block_id: 'followups',
      elements: row.slice(0, LIMITS.elementsPerActions),
    };
    blocks.push(actions);
  }
  return {
    // The notification text is mrkdwn too: a summary that echoes what someone typed must not ping.
    text: clipMrkdwn(escapeMrkdwn(message.summary), LIMITS.sectionText),
    blocks: blocks.slice(0, LIMITS.blocksPerMessage),
  };
}

/**
 * The message model as one surface (the App Home tab): blocks in order with each actions row where
 * the model puts it (a gate's Approve under that gate), at most `maxBlocks`; a longer model is cut
 * there and says so. Same escaping and limits as messages.
 */
export function renderSurface(
  message: Message,
  options: { maxBlocks: number; prefix?: string },
): KnownBlock[] {
  const markup: MrkdwnOptions = { prefix: options.prefix ?? DEFAULT_PREFIX };
  const mrkdwn = (text: Rich) => richMrkdwn(text, markup);
  const blocks: KnownBlock[] = [];
  message.blocks.forEach((block, i) => {
    if (block.kind !== 'actions') {
      blocks.push(...toSlack(block, mrkdwn));
      return;
    }
    const elements = block.actions
      .map((action, index) => actionButton(action, index))
      .filter((b): b is Button => b !== null)
      .slice(0, LIMITS.elementsPerActions);
    if (elements.length) blocks.push({ type: 'actions', block_id: `actions:${i}`, elements });
  });
  if (blocks.length <= options.maxBlocks) return blocks;
  return [
    ...blocks.slice(0, options.maxBlocks - 1),
    { type: 'context', elements: [{ type: 'mrkdwn', text: 'There is more than this page can show.' }] },
  ];
}
