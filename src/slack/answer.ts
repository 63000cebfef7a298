import type { CommandPorts } from '../commands/command-context.js';
import { describeError, REMOTE } from '../commands/describe-error.js';
import { runCommand } from '../commands/registry.js';
import { errorMessage } from './error-message.js';
import { DEFAULT_PREFIX, renderBlockKit, type SlackMessage } from './render/block-kit.js';
import { withDeadline } from './with-deadline.js';

export interface AnswerDeps {
  ports: CommandPorts;
  /** Longest a command may take before the user is told it timed out. */
  deadlineMs: number;
  log: (line: string) => void;
}

/** Runs `/backfill` words and renders the answer, or the error, as Block Kit. Never throws. */
export async function answer(
  words: string[],
  deps: AnswerDeps,
  options: { page?: number; explain?: boolean } = {},
): Promise<SlackMessage> {
  const command = words.join(' ');
  try {
    const run = runCommand(words, deps.ports, { prefix: DEFAULT_PREFIX, explain: options.explain ?? false });
    const result = await withDeadline(run, deps.deadlineMs, 'The warehouse');
    return renderBlockKit(result.message, { command, page: options.page ?? 1 });
  } catch (error) {
    return renderBlockKit(errorMessage(describeError(error, deps.log, REMOTE), words), { command });
  }
}
