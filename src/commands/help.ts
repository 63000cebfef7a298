import { type Block, type CommandResult, strong } from '../domain/message.js';
import { RANGE_FORMS } from '../domain/range-parser.js';
import type { Command } from './command.js';

export interface HelpData {
  commands: { name: string; usage: string; summary: string; example: string }[];
  rangeForms: string;
  unknown: string | null;
}

/** The help card; `unknown` names a subcommand the user typed that does not exist. */
export function helpResult(
  commands: Command[],
  prefix: string,
  unknown: string | null = null,
): CommandResult<HelpData> {
  const blocks: Block[] = [{ kind: 'header', text: 'backfill-bot · commands' }];
  if (unknown !== null) {
    blocks.push({
      kind: 'text',
      tone: 'warn',
      text: `Unknown command "${unknown}". These are the commands:`,
    });
  }
  blocks.push(
    {
      kind: 'table',
      columns: ['command', 'what it answers', 'example'],
      rows: commands.map((c) => [`${prefix}${c.usage}`, c.summary, `${prefix}${c.example}`]),
    },
    { kind: 'text', text: [strong('Ranges:'), ` ${RANGE_FORMS}`] },
  );
  return {
    data: {
      commands: commands.map(({ name, usage, summary, example }) => ({ name, usage, summary, example })),
      rangeForms: RANGE_FORMS,
      unknown,
    },
    message: {
      summary: unknown === null ? 'backfill-bot commands' : `Unknown command "${unknown}"`,
      tone: unknown === null ? 'neutral' : 'warn',
      blocks,
    },
  };
}
