import { BadInputError } from '../domain/errors.js';
import { type CommandResult, command, rich } from '../domain/message.js';
import type { NamedRange } from '../domain/range-parser.js';
import { DEFAULT_EVERY_SECONDS, formatEvery, parseEvery } from '../domain/watch/watch-every.js';
import { watchPreview } from '../domain/watch/watch-message.js';
import { watchView } from '../domain/watch/watch-view.js';
import { defineCommand } from './command.js';
import type { CommandPorts } from './command-context.js';
import { parseRangeAndTarget } from './range-and-target.js';
import { rangeArg } from './status.js';
import { readWatchFacts, watchTables } from './watch-facts.js';
import { watchList } from './watch-list.js';

/** What `watch ...` words ask for. Starting and stopping are actions (src/actions); list is a read. */
export type WatchWords =
  | {
      kind: 'start';
      range: NamedRange;
      /** A phase id or a table name, as the catalog names it; null for every table. */
      target: string | null;
      everySeconds: number;
      /** The words in the grammar's own spelling, e.g. "watch 2021-22 3 every 5m". */
      text: string;
    }
  | { kind: 'list' }
  | { kind: 'stop'; id: string };

const USAGE = 'watch [range] [phase|table] [every 5m] | watch list | watch stop <id>';
const EXAMPLE = 'watch 2021-22 analytics every 5m';

/** `every <time>` taken out of the words, wherever it stands; the default without it. */
function takeEvery(args: string[]): { everySeconds: number; rest: string[] } {
  const glued = args.find((w) => /^every\d/i.test(w));
  if (glued)
    throw new BadInputError(
      `write "every ${glued.slice(5)}" with a space, not "${glued}"`,
      `Example: ${EXAMPLE}`,
    );
  const at = args.findIndex((w) => w.toLowerCase() === 'every');
  if (at === -1) return { everySeconds: DEFAULT_EVERY_SECONDS, rest: args };
  const rest = [...args.slice(0, at), ...args.slice(at + 2)];
  if (rest.some((w) => w.toLowerCase() === 'every')) {
    throw new BadInputError('watch takes one "every"', `Example: ${EXAMPLE}`);
  }
  return { everySeconds: parseEvery(args[at + 1]), rest };
}

export function parseWatchWords(args: string[], ports: CommandPorts): WatchWords {
  const [sub, ...rest] = args;
  if (sub === 'list') {
    if (rest.length)
      throw new BadInputError(`watch list takes nothing, not "${rest.join(' ')}"`, `Usage: ${USAGE}`);
    return { kind: 'list' };
  }
  if (sub === 'stop') {
    const [id, ...extra] = rest;
    if (id === undefined || extra.length || !/^w_[0-9a-f]{12}$/.test(id)) {
      throw new BadInputError(
        id === undefined
          ? 'watch stop needs a watch id'
          : `watch stop takes one watch id like w_0123456789ab, not "${rest.join(' ')}"`,
        'watch list shows the watches and their ids.',
      );
    }
    return { kind: 'stop', id };
  }
  const { everySeconds, rest: words } = takeEvery(args);
  const { range, target } = parseRangeAndTarget(words, ports, ['phase', 'table'], 'watch', EXAMPLE);
  const word =
    target?.kind === 'phase' ? String(target.phase.id) : target?.kind === 'table' ? target.table.table : null;
  const text = ['watch', rangeArg(range), ...(word ? [word] : []), 'every', formatEvery(everySeconds)].join(
    ' ',
  );
  return { kind: 'start', range, target: word, everySeconds, text };
}

/** The view now, as a front that cannot keep a message updated (the CLI) shows it. */
async function previewWatch(words: Extract<WatchWords, { kind: 'start' }>, ports: CommandPorts) {
  const now = ports.clock.now();
  const tables = watchTables(ports.catalog, words.target);
  const { facts, query } = await readWatchFacts(
    { range: words.range, tables, startedAt: now.toISOString() },
    ports,
    now,
  );
  const view = watchView(ports.catalog, tables, words.range, facts, now);
  const heading = {
    range: { start: words.range.start, end: words.range.end },
    rangeLabel: words.range.label,
    target: words.target,
    everySeconds: words.everySeconds,
    words: words.text,
  };
  return {
    data: { ...heading, view, query: { warehouse: ports.warehouse.kind, ...query } },
    message: watchPreview(heading, view),
  };
}

export const watchCommand = defineCommand({
  name: 'watch',
  // An action: it posts in the channel, keeps state in the store and runs until stopped.
  group: 'act',
  usage: USAGE,
  summary:
    'Posts per-phase progress, ETA and failures in the channel and redraws it until the range is complete.',
  example: EXAMPLE,
  parse: parseWatchWords,
  run(request, ports): Promise<CommandResult> {
    if (request.kind === 'list') return watchList(ports);
    if (request.kind === 'start') return previewWatch(request, ports);
    // A read: stopping changes the watch, which an action does with the store.
    return Promise.resolve({
      data: { id: request.id, stopped: false },
      message: {
        summary: `Stopping ${request.id} is done in Slack or where the bot's store is open`,
        tone: 'neutral',
        blocks: [
          {
            kind: 'text',
            text: rich`Stopping watch ${request.id} changes it, so it is done with its Stop button in Slack or where the bot's state store is open; ${command('watch list')} shows the watches.`,
          },
        ],
      },
    });
  },
});
