import { closestWords } from '../domain/closest-words.js';
import { type Block, BREAK, type CommandResult, command, type Span, strong } from '../domain/message.js';
import { RANGE_FORMS } from '../domain/range-parser.js';
import { COMMAND_GROUPS, type Command, type CommandGroup } from './command.js';

export interface HelpData {
  commands: { name: string; group: CommandGroup; usage: string; summary: string; example: string }[];
  rangeForms: string;
  unknown: string | null;
  /** The command closest to `unknown`, when one is close enough to be a slip. */
  suggestion: string | null;
}

const GROUP_LABELS: Record<CommandGroup, string> = {
  look: 'Look',
  judge: 'Judge',
  act: 'Act',
  schedule: 'Schedule',
};

/** The command nearest to a word that names none, or null when none is close. */
export function closestCommand(commands: Command[], word: string): string | null {
  return (
    closestWords(
      word,
      commands.map((c) => c.name),
      { limit: 1 },
    )[0] ?? null
  );
}

/** Usage and example fit one line (a phone, an 80-column terminal with the prefix) up to this. */
const ONE_LINE = 60;

/**
 * A command's lines: each form of its usage (the parts between ` | `) on its own line, so no line
 * wraps mid-grammar; the example follows on the same line when all of it is short, else on its own
 * line. Command spans: each front writes its own prefix.
 */
function commandLines(c: Command): Span[] {
  const forms = c.usage.split(' | ');
  const [first] = forms;
  if (forms.length === 1 && first && first.length + c.example.length <= ONE_LINE)
    return [BREAK, command(first), ' — e.g. ', command(c.example)];
  return [...forms.flatMap((form) => [BREAK, command(form)]), BREAK, '    e.g. ', command(c.example)];
}

/**
 * The help card: commands as a short list per group (phones have no room for a table).
 * `unknown` names a subcommand the user typed that does not exist; the answer names the closest one.
 */
export function helpResult(
  commands: Command[],
  /** Unused since commands became spans; kept so callers need not change. */
  _prefix: string,
  unknown: string | null = null,
): CommandResult<HelpData> {
  const suggestion = unknown === null ? null : closestCommand(commands, unknown);
  const blocks: Block[] = [{ kind: 'header', text: 'backfill-bot · commands' }];
  if (unknown !== null) {
    blocks.push({
      kind: 'text',
      tone: 'warn',
      text:
        suggestion === null
          ? `Unknown command "${unknown}". These are the commands:`
          : [`Unknown command "${unknown}": did you mean `, command(suggestion), '?'],
    });
  }
  for (const group of COMMAND_GROUPS) {
    const members = commands.filter((c) => c.group === group);
    if (members.length === 0) continue;
    const lines = members.flatMap(commandLines);
    blocks.push({ kind: 'text', text: [strong(GROUP_LABELS[group]), ...lines] });
  }
  blocks.push({ kind: 'text', text: [strong('Ranges:'), ` ${RANGE_FORMS}`] });
  return {
    data: {
      commands: commands.map(({ name, group, usage, summary, example }) => ({
        name,
        group,
        usage,
        summary,
        example,
      })),
      rangeForms: RANGE_FORMS,
      unknown,
      suggestion,
    },
    message: {
      summary:
        unknown === null
          ? 'backfill-bot commands'
          : `Unknown command "${unknown}"${suggestion === null ? '' : `: did you mean ${suggestion}?`}`,
      tone: unknown === null ? 'neutral' : 'warn',
      blocks,
    },
  };
}
