import type { AllMiddlewareArgs, AnyMiddlewareArgs, Middleware } from '@slack/bolt';
import { logRequest, type RequestInfo } from '../log/log-request.js';
import type { Logger } from '../log/logger.js';

type Args = AnyMiddlewareArgs & AllMiddlewareArgs;

// Only the subcommand word: what follows is whatever the user typed.
const subcommand = (text: string) => /^\s*([A-Za-z0-9_-]{1,32})/.exec(text)?.[1];

/** What a request is, from what Bolt parsed: kind, name, who and where. */
function describeSlackRequest(args: Args): RequestInfo {
  const retry = args.context.retryNum ? { retry: args.context.retryNum } : {};
  if ('command' in args) {
    const { command } = args;
    const word = subcommand(command.text);
    const name = word ? `${command.command} ${word}` : command.command;
    return { kind: 'command', name, user: command.user_id, channel: command.channel_id, ...retry };
  }
  if ('action' in args) {
    const { action, body } = args;
    const name = 'action_id' in action ? action.action_id : body.type;
    const channel = 'channel' in body ? body.channel?.id : undefined;
    return { kind: 'action', name, user: body.user.id, ...(channel ? { channel } : {}), ...retry };
  }
  if ('view' in args) {
    return { kind: 'view', name: args.view.callback_id, user: args.body.user.id, ...retry };
  }
  if ('event' in args) {
    const { event } = args;
    const user = 'user' in event && typeof event.user === 'string' ? { user: event.user } : {};
    return { kind: 'event', name: event.type, ...user, ...retry };
  }
  return { kind: 'event', name: args.body.type, ...retry };
}

/**
 * A global Bolt middleware: every command, click, modal and event is handled inside logRequest, so
 * each writes one line with its duration, warehouse cost and outcome. Bolt awaits the listeners
 * behind next(), so the line is written when the listener is done, not at the ack.
 */
export function requestLogMiddleware(logger: Logger): Middleware<AnyMiddlewareArgs> {
  return (args) => logRequest(logger, describeSlackRequest(args), () => args.next());
}
