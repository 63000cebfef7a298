import type { Watch } from '../domain/watch/watch.js';
import { resumeReply, stallReply, watchMessage } from '../domain/watch/watch-message.js';
import type { WatchEvent } from '../domain/watch/watch-step.js';
import { outbox } from '../outbox/outbox-payload.js';
import type { OutboxEffect } from '../store/state-store.js';

// The outbox rows of a watch. One stream per watch (its message is posted before it is redrawn or
// replied to), keys that follow from what they draw: a tick's redraw is keyed by its slot, a stall
// alert by the stall's number, so a tick written twice (a retry, a restart) writes each row once.

const stream = (id: string) => `watch:${id}`;
export const watchPostKey = (id: string) => `watch:${id}:post`;

/** The watch's message, posted once in its channel. */
export function postWatch(watch: Watch): OutboxEffect {
  return outbox.post(watchPostKey(watch.id), stream(watch.id), {
    channel: watch.channel,
    message: watchMessage(watch),
  });
}

/** The message redrawn in place; `why` names the redraw (a tick's slot, or "stopped"). */
export function redrawWatch(watch: Watch, why: string): OutboxEffect {
  return outbox.update(`${watchPostKey(watch.id)}:${why}`, stream(watch.id), {
    target: watchPostKey(watch.id),
    message: watchMessage(watch),
  });
}

/**
 * What one tick writes: the redraw, and the thread replies its events call for (the stall alert to
 * whoever started the watch, or that progress resumed). `before` is the watch the tick read.
 */
export function tickEffects(before: Watch, after: Watch, events: WatchEvent[], slot: string): OutboxEffect[] {
  const target = watchPostKey(after.id);
  const replies = events.map((event) =>
    outbox.reply(`watch:${after.id}:${event}:${after.stalls}`, stream(after.id), {
      target,
      message:
        event === 'stalled'
          ? stallReply(after, after.view)
          : resumeReply(after, after.view, before.lastProgressAt),
    }),
  );
  return [redrawWatch(after, `tick:${slot}`), ...replies];
}
