import type { CommandPorts } from '../commands/command-context.js';
import { describeError, REMOTE } from '../commands/describe-error.js';
import { runCommand } from '../commands/registry.js';
import type { Message } from '../domain/message.js';
import { errorMessage } from './error-message.js';
import { DEFAULT_PREFIX, renderBlockKit, type SlackMessage } from './render/block-kit.js';
import { withDeadline } from './with-deadline.js';

export interface AnswerDeps {
  ports: CommandPorts;
  /** Longest a command may take before the user is told it timed out. */
  deadlineMs: number;
  log: (line: string) => void;
}

/** Runs `/backfill` words within the deadline: the answer, or the error, as a message. Never throws. */
export async function answerMessage(
  words: string[],
  deps: AnswerDeps,
  options: { explain?: boolean } = {},
): Promise<Message> {
  try {
    const run = runCommand(words, deps.ports, { prefix: DEFAULT_PREFIX, explain: options.explain ?? false });
    return (await withDeadline(run, deps.deadlineMs, 'The warehouse')).message;
  } catch (error) {
    return errorMessage(describeError(error, deps.log, REMOTE), words);
  }
}

/** Runs `/backfill` words and renders the answer, or the error, as Block Kit. Never throws. */
export async function answer(
  words: string[],
  deps: AnswerDeps,
  options: { page?: number; explain?: boolean } = {},
): Promise<SlackMessage> {
  const message = await answerMessage(words, deps, options);
  return renderBlockKit(message, { command: words.join(' '), page: options.page ?? 1 });
}
