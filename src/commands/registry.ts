import { BadInputError } from '../domain/errors.js';
import type { CommandResult } from '../domain/message.js';
import type { Command } from './command.js';
import type { CommandPorts } from './command-context.js';
import { failuresCommand } from './failures.js';
import { gapsCommand } from './gaps.js';
import { gateCommand } from './gate.js';
import { heatmapCommand } from './heatmap.js';
import { helpResult } from './help.js';
import { planCommand } from './plan.js';
import { qualityCommand } from './quality.js';
import { remindCommand } from './remind.js';
import { reportCommand } from './report.js';
import { rerunCommand } from './rerun.js';
import { runsCommand } from './runs.js';
import { statusCommand } from './status.js';
import { watchCommand } from './watch.js';

export const COMMANDS: Command[] = [
  statusCommand,
  gapsCommand,
  heatmapCommand,
  planCommand,
  failuresCommand,
  runsCommand,
  qualityCommand,
  gateCommand,
  rerunCommand,
  watchCommand,
  reportCommand,
  remindCommand,
];

export interface RunOptions {
  /** How commands are written in help, e.g. "/backfill " in Slack or "backfill-bot " in a shell. */
  prefix: string;
  /** Show what the command would read and scan instead of running it. */
  explain?: boolean;
}

/**
 * Runs words as a user typed them after the prefix: the first word names the command, the rest are
 * its arguments. No words, `help`, or an unknown command give the help card. Errors propagate as
 * BackfillError for the front to render.
 */
export async function runCommand(
  words: string[],
  ports: CommandPorts,
  options: RunOptions,
): Promise<CommandResult> {
  const [name, ...args] = words;
  if (name === undefined || name === 'help' || name === '--help' || name === '-h')
    return helpResult(COMMANDS, options.prefix);
  const command = COMMANDS.find((c) => c.name === name.toLowerCase());
  if (!command) return helpResult(COMMANDS, options.prefix, name);
  const request = command.parse(args, ports);
  if (options.explain) {
    if (!command.explain) {
      throw new BadInputError(
        `--explain is not available for ${command.name}`,
        `It explains the commands that read coverage: ${COMMANDS.filter((c) => c.explain)
          .map((c) => c.name)
          .join(', ')}.`,
      );
    }
    return command.explain(request, ports);
  }
  return command.run(request, ports);
}
