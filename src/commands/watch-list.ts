import { BackfillError } from '../domain/errors.js';
import { type CommandResult, command } from '../domain/message.js';
import type { Watch } from '../domain/watch/watch.js';
import { formatEvery } from '../domain/watch/watch-every.js';
import { utcClock } from '../domain/watch/watch-time.js';
import type { CommandPorts } from './command-context.js';

export interface WatchListData {
  watches: {
    id: string;
    state: Watch['state'];
    channel: string;
    range: { start: string; end: string };
    label: string;
    target: string | null;
    everySeconds: number;
    startedBy: string;
    startedAt: string;
    endedAt: string | null;
    stoppedBy: string | null;
    phases: { phase: number; complete: number; expected: number }[];
  }[];
}

const progressText = (w: Watch) =>
  w.view.phases.map((p) => `P${p.phase} ${p.complete}/${p.expected}`).join(' ');

/** `watch list`: the newest watches, running ones first, with where they stand (from the store). */
export async function watchList(ports: CommandPorts): Promise<CommandResult<WatchListData>> {
  if (!ports.store) {
    throw new BackfillError(
      'STORE_UNAVAILABLE',
      "watch list reads the bot's state store, which this front has not opened",
    );
  }
  const watches = await ports.store.listWatches({ limit: 20 });
  const sorted = [...watches].sort((a, b) => Number(b.state === 'active') - Number(a.state === 'active'));
  const active = sorted.filter((w) => w.state === 'active').length;
  const data: WatchListData = {
    watches: sorted.map((w) => ({
      id: w.id,
      state: w.state,
      channel: w.channel,
      range: { start: w.range.start, end: w.range.end },
      label: w.rangeLabel,
      target: w.target,
      everySeconds: w.everySeconds,
      startedBy: w.startedBy,
      startedAt: w.startedAt,
      endedAt: w.endedAt,
      stoppedBy: w.stoppedBy,
      phases: w.view.phases.map((p) => ({ phase: p.phase, complete: p.complete, expected: p.expected })),
    })),
  };
  const summary = `${active} ${active === 1 ? 'watch' : 'watches'} running`;
  if (watches.length === 0) {
    return {
      data,
      message: {
        summary: 'No watches',
        tone: 'neutral',
        blocks: [
          { kind: 'header', text: 'Backfill watches' },
          {
            kind: 'text',
            text: ['No watches yet. ', command('watch 2023-24 every 5m'), ' starts one in Slack.'],
          },
        ],
      },
    };
  }
  return {
    data,
    message: {
      summary,
      tone: 'neutral',
      blocks: [
        { kind: 'header', text: 'Backfill watches' },
        { kind: 'text', text: summary },
        {
          kind: 'table',
          columns: ['Watch', 'State', 'Range', 'Every', 'Started', 'By', 'Progress'],
          rows: sorted.map((w) => [
            w.id,
            w.stalled && w.state === 'active' ? 'stalled' : w.state,
            `${w.rangeLabel}${w.target ? ` · ${w.target}` : ''}`,
            formatEvery(w.everySeconds),
            `${w.startedAt.slice(0, 10)} ${utcClock(w.startedAt)}`,
            w.startedByHandle ? `@${w.startedByHandle}` : w.startedBy,
            progressText(w),
          ]),
        },
        { kind: 'context', text: ['Stop one with its Stop button, or ', command('watch stop <id>'), '.'] },
      ],
    },
  };
}
