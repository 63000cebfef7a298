import { command, type Message, rich } from '../domain/message.js';

export interface BusyRequest {
  /** The words asked (our grammar), shown so the person knows what to ask again. */
  words: string[];
  /** A later part ("More"), for the Try again button. */
  page?: number;
  /**
   * Whether a Try again button can carry the request as it was: a follow-up button carries words
   * only, so a request with Slack's own flags (--public, --explain) is shown, not offered.
   */
  retry: boolean;
}

/**
 * The answer to a request beyond the limit of answers in flight (in-flight.ts), given at once:
 * nothing was run, so nothing was changed, and the same request can be made again in a moment.
 */
export function busyMessage(request: BusyRequest, shownAs = request.words.join(' ')): Message {
  const words = request.words.join(' ') || 'help';
  return {
    summary: 'The bot is busy: try again in a moment.',
    tone: 'warn',
    blocks: [
      {
        kind: 'text',
        tone: 'warn',
        text: rich`The bot is busy answering others: ask ${command(shownAs || words)} again in a moment.`,
      },
      { kind: 'context', text: 'Nothing was run or changed.' },
      ...(request.retry
        ? [
            {
              kind: 'actions' as const,
              actions: [
                {
                  label: 'Try again',
                  intent: {
                    kind: 'command' as const,
                    words,
                    ...(request.page ? { page: request.page } : {}),
                  },
                },
              ],
            },
          ]
        : []),
    ],
  };
}
