import type { Actor } from '../actions/action-ports.js';
import { type Dispatched, dispatch } from '../actions/dispatch.js';
import { describeError, REMOTE } from '../commands/describe-error.js';
import { runCommand } from '../commands/registry.js';
import { busyMessage } from './busy-message.js';
import { errorMessage } from './error-message.js';
import { postInChannel } from './post-in-channel.js';
import { DEFAULT_PREFIX, renderBlockKit, type SlackMessage } from './render/block-kit.js';
import type { SlackDeps } from './slack-deps.js';
import { parseSlackText } from './slack-text.js';
import { withDeadline } from './with-deadline.js';

export interface CommandReply extends SlackMessage {
  response_type: 'ephemeral' | 'in_channel';
}

/**
 * `/backfill` text from `actor`, answered as Block Kit: an action where the registry says the words
 * are one (the answer is private; what it posts goes through the outbox), otherwise a read. Null
 * when the answer was posted in the channel already (a picture): nothing is left to respond. Never
 * throws.
 */
export async function answerCommand(
  text: string,
  actor: Actor,
  key: string,
  deps: SlackDeps,
): Promise<CommandReply | null> {
  try {
    const request = parseSlackText(text);
    return await answerWords(request.words, actor, key, deps, {
      explain: request.explain,
      isPublic: request.isPublic,
    });
  } catch (error) {
    const message = errorMessage(describeError(error, deps.log, REMOTE), []);
    return { response_type: 'ephemeral', ...renderBlockKit(message, { command: '' }) };
  }
}

/**
 * The answer to `/backfill` text beyond the limit of answers in flight, given at once: nothing was
 * run. It names the request as typed, and offers Try again where a button can carry it.
 */
export function busyCommandReply(text: string): CommandReply {
  let request: ReturnType<typeof parseSlackText> | null = null;
  try {
    request = parseSlackText(text);
  } catch {
    // Refused words are refused again when asked again; say what was typed.
  }
  const flags = request
    ? [...(request.isPublic ? ['--public'] : []), ...(request.explain ? ['--explain'] : [])]
    : [];
  const words = request?.words ?? [];
  const shown = request ? [...words, ...flags].join(' ') : text.trim();
  const message = busyMessage({ words, retry: request !== null && flags.length === 0 }, shown);
  return { response_type: 'ephemeral', ...renderBlockKit(message, { command: '' }) };
}

/** The answer to words (a follow-up, a More) beyond the limit of answers in flight: at once, nothing run. */
export function busyWordsReply(words: string[], page?: number): CommandReply {
  const message = busyMessage({ words, retry: true, ...(page ? { page } : {}) });
  return { response_type: 'ephemeral', ...renderBlockKit(message, { command: '' }) };
}

/** The words run as an action or a read: with actions where the front has them, else reads only. */
async function run(words: string[], actor: Actor, key: string, deps: SlackDeps, explain: boolean) {
  if (deps.actions) {
    const context = { ports: deps.actions.ports, actor, key, prefix: DEFAULT_PREFIX, explain };
    return dispatch(words, context);
  }
  const result = await runCommand(words, deps.ports, { prefix: DEFAULT_PREFIX, explain });
  const done: Dispatched = { message: result.message, acted: false };
  if (result.files) done.files = result.files;
  return done;
}

/**
 * Words from a person (typed, or carried by a follow-up button), answered as Block Kit, or posted in
 * the channel when the answer comes with files (null is returned then). Never throws: a channel the
 * bot is not in, like any failure, is told to the person privately.
 */
export async function answerWords(
  words: string[],
  actor: Actor,
  key: string,
  deps: SlackDeps,
  options: { explain?: boolean; isPublic?: boolean; page?: number } = {},
): Promise<CommandReply | null> {
  const { explain = false, isPublic = false, page = 1 } = options;
  try {
    const done = await withDeadline(run(words, actor, key, deps, explain), deps.deadlineMs, 'The warehouse');
    if (done.acted) deps.actions?.relay.kick();
    const chat = deps.chat ?? deps.actions?.ports.chat;
    if (done.files?.length && chat) {
      await postInChannel(chat, actor.channel, { message: done.message, files: done.files }, key);
      return null;
    }
    return {
      response_type: isPublic && !done.acted ? 'in_channel' : 'ephemeral',
      ...renderBlockKit(done.message, { command: words.join(' '), page }),
    };
  } catch (error) {
    const message = errorMessage(describeError(error, deps.log, REMOTE), words);
    return { response_type: 'ephemeral', ...renderBlockKit(message, { command: '' }) };
  }
}
