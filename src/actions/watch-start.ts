import { createHash } from 'node:crypto';
import { rangeArg } from '../commands/status.js';
import type { WatchWords } from '../commands/watch.js';
import { readWatchFacts, watchTables } from '../commands/watch-facts.js';
import { command, type Message, type Rich, rich } from '../domain/message.js';
import type { Watch } from '../domain/watch/watch.js';
import { formatEvery } from '../domain/watch/watch-every.js';
import { formatDuration } from '../domain/watch/watch-time.js';
import { watchView } from '../domain/watch/watch-view.js';
import type { ActionPorts, Actor } from './action-ports.js';
import { postWatch } from './watch-effects.js';

export interface WatchStartResult {
  /** The watch started, or the one already watching this; null when there is nothing to watch. */
  watch: Watch | null;
  created: boolean;
  answer: Message;
}

/** A watch id that follows from its key: a command re-delivered after a restart finds its watch. */
export const watchId = (key: string): string =>
  `w_${createHash('sha256').update(`watch:${key}`).digest('hex').slice(0, 12)}`;

const say = (summary: string, text: Rich): Message => ({
  summary,
  tone: 'neutral',
  blocks: [{ kind: 'text', text }],
});

/**
 * `watch [range] [target] [every 5m]` typed in a channel: the view now (one warehouse round trip),
 * then the watch, its audit entry and its message's post in one store transaction; the relay posts
 * it and the Watcher redraws it. Anyone may start one (a message for everyone there). A channel the
 * bot cannot post in is refused before anything is recorded; a range already complete, or already
 * watched in this channel, starts nothing.
 */
export async function startWatch(
  input: { words: Extract<WatchWords, { kind: 'start' }>; actor: Actor; key: string },
  ports: ActionPorts,
): Promise<WatchStartResult> {
  const { words, actor } = input;
  const { catalog, store } = ports;
  await ports.chat.checkCanPost(actor.channel);
  const id = watchId(input.key);
  const label = words.range.label;
  const again = await store.getWatch(id);
  if (again) {
    return {
      watch: again,
      created: false,
      answer: say(
        `Watch ${id} was already started`,
        `This watch was already started (watch ${id}); its message is in this channel.`,
      ),
    };
  }
  const running = await store.listWatches({ states: ['active'], channel: actor.channel, limit: 200 });
  const same = running.find(
    (w) =>
      w.range.start === words.range.start && w.range.end === words.range.end && w.target === words.target,
  );
  if (same) {
    return {
      watch: same,
      created: false,
      answer: say(
        `${label} is already watched here`,
        `${label} is already watched in this channel (watch ${same.id}, every ${formatEvery(same.everySeconds)}): its message is redrawn in place.`,
      ),
    };
  }
  const now = ports.clock.now();
  const tables = watchTables(catalog, words.target);
  const { facts } = await readWatchFacts(
    { range: words.range, tables, startedAt: now.toISOString() },
    ports,
    now,
  );
  const view = watchView(catalog, tables, words.range, facts, now);
  if (view.expectedDates === 0 || view.complete) {
    const why = view.expectedDates === 0 ? 'has no final games: nothing is expected' : 'is already complete';
    return {
      watch: null,
      created: false,
      answer: say(
        `Nothing to watch in ${label}`,
        rich`${label} ${why}, so there is nothing to watch. ${command(`status ${rangeArg(words.range)}`)} shows it.`,
      ),
    };
  }
  const maxMs = catalog.watch.maxHours * 3_600_000;
  const { created, watch } = await store.createWatch(
    {
      id,
      channel: actor.channel,
      words: words.text,
      range: { start: words.range.start, end: words.range.end },
      rangeLabel: label,
      target: words.target,
      everySeconds: words.everySeconds,
      startedBy: actor.id,
      startedByHandle: actor.handle,
      expiresAt: new Date(now.getTime() + maxMs).toISOString(),
      progress: view.progress,
      view,
    },
    (stored) => [postWatch(stored)],
  );
  return {
    watch,
    created,
    answer: say(
      `Watching ${label}`,
      `Watching ${label} in this channel (watch ${watch.id}): its message is redrawn every ${formatEvery(watch.everySeconds)} until the range is complete, it is stopped, or after ${formatDuration(maxMs)}; a stall of ${catalog.watch.stallMinutes} min is told in its thread.`,
    ),
  };
}
