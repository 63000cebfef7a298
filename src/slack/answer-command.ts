import type { Actor } from '../actions/action-ports.js';
import { dispatch } from '../actions/dispatch.js';
import { describeError } from '../commands/describe-error.js';
import { answer } from './answer.js';
import { errorMessage } from './error-message.js';
import { DEFAULT_PREFIX, renderBlockKit, type SlackMessage } from './render/block-kit.js';
import type { SlackDeps } from './slack-deps.js';
import { parseSlackText } from './slack-text.js';
import { withDeadline } from './with-deadline.js';

export interface CommandReply extends SlackMessage {
  response_type: 'ephemeral' | 'in_channel';
}

/**
 * `/backfill` text from `actor`, answered as Block Kit: an action where the registry says the words
 * are one (the answer is private; what it posts goes through the outbox), otherwise a read. Never throws.
 */
export async function answerCommand(
  text: string,
  actor: Actor,
  key: string,
  deps: SlackDeps,
): Promise<CommandReply> {
  try {
    const request = parseSlackText(text);
    return await answerWords(request.words, actor, key, deps, {
      explain: request.explain,
      isPublic: request.isPublic,
    });
  } catch (error) {
    const message = errorMessage(describeError(error, deps.log), []);
    return { response_type: 'ephemeral', ...renderBlockKit(message, { command: '' }) };
  }
}

/** Words from a person (typed, or carried by a follow-up button), answered as Block Kit. Never throws. */
export async function answerWords(
  words: string[],
  actor: Actor,
  key: string,
  deps: SlackDeps,
  options: { explain?: boolean; isPublic?: boolean; page?: number } = {},
): Promise<CommandReply> {
  const { explain = false, isPublic = false, page = 1 } = options;
  try {
    if (!deps.actions) {
      const message = await answer(words, deps, { explain, page });
      return { response_type: isPublic ? 'in_channel' : 'ephemeral', ...message };
    }
    const context = { ports: deps.actions.ports, actor, key, prefix: DEFAULT_PREFIX, explain };
    const done = await withDeadline(dispatch(words, context), deps.deadlineMs, 'The warehouse');
    if (done.acted) deps.actions.relay.kick();
    return {
      response_type: isPublic && !done.acted ? 'in_channel' : 'ephemeral',
      ...renderBlockKit(done.message, { command: words.join(' '), page }),
    };
  } catch (error) {
    const message = errorMessage(describeError(error, deps.log), words);
    return { response_type: 'ephemeral', ...renderBlockKit(message, { command: '' }) };
  }
}
