import type { ActionsBlock, Button, KnownBlock, SectionBlock } from '@slack/types';
import { formatRuns } from '../../domain/compact-dates.js';
import type { Block, Message, Tone } from '../../domain/message.js';
import { textTable } from '../../domain/text-table.js';
import { encodeActionValue } from './action-value.js';
import { barsText } from './bars-text.js';
import { clip, LIMITS, splitLines } from './slack-limits.js';

export interface RenderOptions {
  /** The words that produced the message, so "More" can ask for the next part. */
  command: string;
  page?: number;
}

export interface SlackMessage {
  text: string;
  blocks: KnownBlock[];
}

const TONE_EMOJI: Record<Tone, string> = { good: '✅ ', warn: '⚠️ ', bad: '❌ ', neutral: '' };
// Room left for the paging note and the actions row on every part.
const CONTENT_PER_PAGE = LIMITS.blocksPerMessage - 3;
const MAX_RUNS_SHOWN = 40;

const section = (text: string): SectionBlock => ({ type: 'section', text: { type: 'mrkdwn', text } });
const sections = (text: string): SectionBlock[] => splitLines(text, LIMITS.sectionText).map(section);
const codeSections = (text: string): SectionBlock[] =>
  splitLines(text, LIMITS.sectionText - 8).map((chunk) => section(`\`\`\`${chunk}\`\`\``));

function toSlack(block: Exclude<Block, { kind: 'actions' }>): KnownBlock[] {
  switch (block.kind) {
    case 'header':
      return [
        {
          type: 'header',
          text: { type: 'plain_text', text: clip(block.text, LIMITS.headerText), emoji: true },
        },
      ];
    case 'text':
      return sections(`${TONE_EMOJI[block.tone ?? 'neutral']}${block.text}`);
    case 'facts': {
      const fields = block.facts.map((f) => ({
        type: 'mrkdwn' as const,
        text: clip(`*${f.label}*\n${f.value}`, LIMITS.fieldText),
      }));
      const out: SectionBlock[] = [];
      for (let i = 0; i < fields.length; i += LIMITS.fieldsPerSection) {
        out.push({ type: 'section', fields: fields.slice(i, i + LIMITS.fieldsPerSection) });
      }
      return out;
    }
    case 'bars':
      return [...(block.title ? [section(`*${block.title}*`)] : []), ...codeSections(barsText(block.bars))];
    case 'dates':
      return [
        section(clip(`*${block.label}*\n${formatRuns(block.runs, MAX_RUNS_SHOWN)}`, LIMITS.sectionText)),
      ];
    case 'table':
      return codeSections(textTable(block.columns, block.rows).join('\n'));
    case 'divider':
      return [{ type: 'divider' }];
    case 'context':
      return [
        { type: 'context', elements: [{ type: 'mrkdwn', text: clip(block.text, LIMITS.sectionText) }] },
      ];
  }
}

function button(text: string, actionId: string, value: string, style?: 'primary' | 'danger'): Button {
  return {
    type: 'button',
    text: { type: 'plain_text', text: clip(text, LIMITS.buttonText), emoji: true },
    action_id: actionId.slice(0, LIMITS.actionId),
    value,
    ...(style ? { style } : {}),
  };
}

/**
 * The message model as Block Kit within Slack's limits: long text is split into sections, and an
 * answer longer than one message is cut into parts, each ending with a "More" button for the next.
 */
export function renderBlockKit(message: Message, options: RenderOptions): SlackMessage {
  const page = options.page ?? 1;
  const content: KnownBlock[] = [];
  const buttons: Button[] = [];
  for (const block of message.blocks) {
    if (block.kind === 'actions') {
      block.actions.forEach((a) => {
        const value = encodeActionValue({ c: a.command });
        if (value.length <= LIMITS.buttonValue)
          buttons.push(button(a.label, a.intent ?? `followup:${buttons.length}`, value, a.style));
      });
    } else {
      content.push(...toSlack(block));
    }
  }
  const pages = Math.max(1, Math.ceil(content.length / CONTENT_PER_PAGE));
  const current = Math.min(page, pages);
  const blocks = content.slice((current - 1) * CONTENT_PER_PAGE, current * CONTENT_PER_PAGE);
  if (current > 1) {
    const header = message.blocks.find((b) => b.kind === 'header');
    blocks.unshift({
      type: 'header',
      text: {
        type: 'plain_text',
        text: clip(
          `${header?.kind === 'header' ? header.text : 'Answer'} (part ${current} of ${pages})`,
          LIMITS.headerText,
        ),
      },
    });
  }
  if (pages > 1) {
    blocks.push({
      type: 'context',
      elements: [{ type: 'mrkdwn', text: `Part ${current} of ${pages} of a long answer.` }],
    });
  }
  const row =
    current < pages
      ? [
          button(
            `More (part ${current + 1} of ${pages})`,
            'more',
            encodeActionValue({ c: options.command, page: current + 1 }),
            'primary',
          ),
          ...buttons,
        ]
      : buttons;
  if (row.length) {
    const actions: ActionsBlock = {
      type: 'actions',
      block_id: 'followups',
      elements: row.slice(0, LIMITS.elementsPerActions),
    };
    blocks.push(actions);
  }
  return {
    text: clip(message.summary, LIMITS.sectionText),
    blocks: blocks.slice(0, LIMITS.blocksPerMessage),
  };
}
